//! Hostile input: deep nesting, unterminated literals, a 50 MB line, invalid UTF-8, NULs, and a
//! bounded proptest fuzz of the whole classifier. A verdict every time, never a panic, linear time.

use keyveil::script::{classify, MAX_BYTES};
use proptest::prelude::*;
use std::time::{Duration, Instant};

/// Classifies and returns the time it took.
fn timed(src: &[u8]) -> Duration {
    let t = Instant::now();
    let v = classify(None, src);
    assert!(v.score.is_finite());
    t.elapsed()
}

#[test]
fn ten_thousand_nested_brackets_of_every_kind() {
    for (open, close) in [("(", ")"), ("[", "]"), ("{", "}"), ("`${", "}`")] {
        let src = format!("{}x{}", open.repeat(10_000), close.repeat(10_000));
        classify(None, src.as_bytes());
        // Unbalanced both ways.
        classify(None, open.repeat(10_000).as_bytes());
        classify(None, close.repeat(10_000).as_bytes());
    }
}

#[test]
fn unterminated_literals() {
    for src in [
        "'abc",
        "\"abc\\",
        "`abc ${ `def ${",
        "x = /abc[",
        "/* forever",
        "a = 1 /",
    ] {
        let v = classify(None, src.as_bytes());
        assert!(!v.records_input, "{src:?}");
    }
}

#[test]
fn invalid_utf8_and_nul_bytes() {
    let mut src =
        b"document.addEventListener('keydown', f); \xff\xfe\x00\x00 'str\x00ing' \xc3".to_vec();
    src.extend_from_slice(&[0u8; 1000]);
    src.extend_from_slice(b"\xe2\x80");
    let v = classify(None, &src);
    assert_eq!(
        v.signals.get("KeyEvents"),
        Some(&1),
        "features survive bad bytes: {v:?}"
    );
}

#[test]
fn a_fifty_megabyte_line_in_linear_time() {
    // One minified-looking line: identifiers, strings, regex and template pieces, no newline.
    let unit = b"a.b(\"keydown\",function(e){return e.key/2+`x${y}`+/r[/]e/g.test(c)},!0);";
    let small: Vec<u8> = unit.iter().copied().cycle().take(5 << 20).collect();
    let big: Vec<u8> = unit.iter().copied().cycle().take(50 << 20).collect();
    let t_small = timed(&small);
    let t_big = timed(&big);
    // Ten times the input may take at most ~25 times as long (generous for a noisy machine; a
    // quadratic blow-up would be ~100 times).
    assert!(
        t_big < t_small * 25 + Duration::from_millis(500),
        "5 MB took {t_small:?}, 50 MB took {t_big:?}"
    );
}

#[test]
fn a_fifty_megabyte_unterminated_string_and_comment() {
    for head in [&b"'"[..], b"/*", b"`", b"x=/"] {
        let mut src = head.to_vec();
        src.resize(50 << 20, b'a');
        timed(&src);
    }
}

#[test]
fn input_beyond_the_cap_is_truncated_and_says_so() {
    let src = vec![b' '; MAX_BYTES + 10];
    let v = classify(None, &src);
    assert!(v.truncated);
    assert!(v.evidence.iter().any(|e| e.contains("first")));
    assert!(!classify(None, b"x").truncated);
}

proptest! {
    // The fuzz run: bounded in cases and input size so `cargo test` stays quick.
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn fuzz_random_bytes(src in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let v = classify(None, &src);
        prop_assert!(v.score.is_finite() && v.score >= 0.0);
        prop_assert_eq!(v.records_input, v.class != keyveil::Class::None);
    }

    #[test]
    fn fuzz_mutated_recorder(cut in 0usize..2000, flip in 0usize..2000, byte in any::<u8>()) {
        let mut src = include_bytes!("fixtures/recorder.js").to_vec();
        let n = src.len();
        src[flip % n] = byte;
        src.truncate(cut % (n + 1));
        let v = classify(Some("https://x.example/a.js"), &src);
        prop_assert!(v.score.is_finite());
    }
}
