//! The JavaScript lexer's hard cases, and property tests: no panic, spans tile the input, linear count.

use keyveil::script::lexer::{Kind, Lexer, Token, MAX_DEPTH};
use proptest::prelude::*;

/// Significant tokens as (kind, text).
fn toks(src: &str) -> Vec<(Kind, String)> {
    Lexer::new(src.as_bytes())
        .filter(|t| !matches!(t.kind, Kind::Space | Kind::Comment))
        .map(|t| (t.kind, src[t.start..t.end].to_string()))
        .collect()
}

fn kinds_of(src: &str, kind: Kind) -> Vec<String> {
    toks(src)
        .into_iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, s)| s)
        .collect()
}

/// Asserts the tokens tile `src` exactly, in order, with no empty token.
fn assert_tiles(src: &[u8]) -> Vec<Token> {
    let all: Vec<Token> = Lexer::new(src).collect();
    let mut at = 0;
    for t in &all {
        assert_eq!(t.start, at, "gap or overlap at {at}");
        assert!(t.end > t.start, "empty token at {at}");
        at = t.end;
    }
    assert_eq!(at, src.len(), "tokens stop before the end");
    all
}

#[test]
fn strings_keep_escaped_quotes_and_stop_at_newline() {
    assert_eq!(
        kinds_of(r#"a = "x\"y" + 'it\'s'"#, Kind::Str),
        vec![r#""x\"y""#, r"'it\'s'"]
    );
    let t: Vec<Token> = Lexer::new(b"'abc\nd'").collect();
    assert_eq!(t[0].kind, Kind::Str);
    assert!(t[0].unterminated);
    assert_eq!(t[0].end, 4, "an unterminated string ends at the line break");
}

#[test]
fn templates_nest_substitutions() {
    let src = "x = `a${ `b${c}d` }e${ {k:1}.k }f`; g / 2";
    let t = kinds_of(src, Kind::Template);
    assert_eq!(t, vec!["`a${", "`b${", "}d`", "}e${", "}f`"]);
    // The object literal's `}` inside a substitution did not end the template.
    assert!(kinds_of(src, Kind::Ident).contains(&"g".to_string()));
    assert!(kinds_of(src, Kind::Regex).is_empty(), "g / 2 is a division");
}

#[test]
fn comments_are_tokens_and_hide_code() {
    let src = "a /* x = /re/ */ // keydown\n#!not-first\nb";
    let c: Vec<String> = Lexer::new(src.as_bytes())
        .filter(|t| t.kind == Kind::Comment)
        .map(|t| src[t.start..t.end].to_string())
        .collect();
    assert_eq!(c, vec!["/* x = /re/ */", "// keydown"]);
    assert_eq!(
        toks("#!/usr/bin/env node\nx")[0].1,
        "x",
        "hashbang is a comment"
    );
}

#[test]
fn regex_or_division() {
    let cases: &[(&str, &[&str])] = &[
        ("a = b / c / d", &[]),
        ("x = /ab+c/gi.test(y)", &["/ab+c/gi"]),
        ("return /[/]x/.test(s)", &["/[/]x/"]),
        ("if (a) /re/.test(b)", &["/re/"]),
        ("f(a) / 2", &[]),
        ("a++ / 2 / b", &[]),
        ("arr[0] / 2", &[]),
        ("function f(){} /x/.exec(s)", &["/x/"]),
        ("o = {a:1} / 2", &[]),
        ("typeof /x/", &["/x/"]),
        ("x = a ? /y/ : /z/", &["/y/", "/z/"]),
        ("s = `${a}` / 2", &[]),
        ("s = `${/re/.source}`", &["/re/"]),
    ];
    for (src, want) in cases {
        assert_eq!(kinds_of(src, Kind::Regex), *want, "in {src:?}");
    }
}

#[test]
fn numbers_in_every_form() {
    let src = "0x1F 0b101 0o17 1_000_000 .5e-3 1e+5 10n 3.14 1.toString";
    assert_eq!(
        kinds_of(src, Kind::Number),
        vec![
            "0x1F",
            "0b101",
            "0o17",
            "1_000_000",
            ".5e-3",
            "1e+5",
            "10n",
            "3.14",
            "1."
        ]
    );
}

#[test]
fn punctuators_that_matter() {
    assert_eq!(
        kinds_of("a?.b ?? c => ...d;", Kind::Punct),
        vec!["?.", "?", "?", "=>", "...", ";"]
    );
    // `?.` followed by a digit is a conditional and a number, not optional chaining.
    assert_eq!(kinds_of("x?.5:1", Kind::Punct), vec!["?", ":"]);
    assert_eq!(kinds_of("x?.5:1", Kind::Number), vec![".5", "1"]);
}

#[test]
fn unicode_identifiers_and_spaces() {
    let src = "const café = 日本語;\u{a0}\u{feff}x\u{2028}y";
    let ids = kinds_of(src, Kind::Ident);
    assert_eq!(ids, vec!["const", "café", "日本語", "x", "y"]);
}

#[test]
fn unterminated_everything_still_tiles() {
    for src in ["`abc ${ x", "/* never", "x = /abc", "'abc", "`a${`b${`c"] {
        let t = assert_tiles(src.as_bytes());
        let mut lx = Lexer::new(src.as_bytes());
        lx.by_ref().for_each(drop);
        // Either a literal ran off the end, or a `${` was never closed.
        assert!(
            t.iter().any(|t| t.unterminated) || lx.depth() > 0,
            "{src:?}"
        );
    }
}

#[test]
fn deep_nesting_is_capped_not_fatal() {
    let depth = 10_000;
    let src = format!("{}{}", "([{".repeat(depth), "}])".repeat(depth));
    let mut lx = Lexer::new(src.as_bytes());
    let mut max = 0;
    while lx.next().is_some() {
        max = max.max(lx.depth());
    }
    assert_eq!(max, depth * 3, "depth is counted past the cap");
    assert_eq!(lx.depth(), 0);
    assert!(MAX_DEPTH < depth * 3);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_tile_and_count_is_linear(src in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let t = assert_tiles(&src);
        prop_assert!(t.len() <= src.len());
        // The fast path used by feature extraction yields exactly the significant tokens.
        let sig: Vec<Token> = t.into_iter().filter(|t| !matches!(t.kind, Kind::Space | Kind::Comment)).collect();
        let mut lx = Lexer::new(&src);
        let fast: Vec<Token> = std::iter::from_fn(|| lx.next_significant()).collect();
        prop_assert_eq!(sig, fast);
    }

    #[test]
    fn js_like_soup_tiles(parts in proptest::collection::vec(prop_oneof![
        Just("`"), Just("${"), Just("}"), Just("{"), Just("/"), Just("*"), Just("'"), Just("\""),
        Just("\\"), Just("\n"), Just("("), Just(")"), Just("["), Just("]"), Just("a"), Just("1"),
        Just("."), Just("?."), Just("return"), Just("=>"), Just(" "), Just("é"), Just("\u{2028}"),
    ], 0..400)) {
        let src = parts.concat();
        let t = assert_tiles(src.as_bytes());
        prop_assert!(t.len() <= src.len());
    }
}
