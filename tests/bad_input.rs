//! Hostile input: a verdict or an error value, never a panic, in bounded time.

use keyveil::request::{body::MAX_BODY_BYTES, Error, Request};
use keyveil::{Class, Engine};
use std::time::{Duration, Instant};

fn post(url: &str, body: &[u8]) -> Request<'static> {
    let url: &'static str = Box::leak(url.to_string().into_boxed_str());
    let body: &'static [u8] = Box::leak(body.to_vec().into_boxed_slice());
    Request {
        url,
        method: Some("POST"),
        body: Some(body),
        ..Default::default()
    }
}

#[test]
fn fifty_megabytes_are_capped_and_said_so() {
    let engine = Engine::new();
    let mut big = br#"[{"type":3,"data":{"source":5,"text":"x"},"timestamp":1}]"#.to_vec();
    big.resize(50 * 1024 * 1024, b' ');
    let t = Instant::now();
    let v = engine
        .classify_request(&post("https://collect.example.net/b", &big))
        .unwrap();
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    assert_eq!(
        v.class,
        Class::SessionReplay,
        "the batch at the start is still seen"
    );
    assert_eq!(v.inspected_bytes, MAX_BODY_BYTES);
    assert!(v.truncated);
    assert!(
        v.evidence.iter().any(|e| e.contains("body capped")),
        "{:?}",
        v.evidence
    );
}

#[test]
fn junk_and_broken_streams_do_not_panic() {
    let engine = Engine::new();
    let mut seed: u32 = 7;
    let mut junk = vec![0u8; 300_000];
    for b in &mut junk {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *b = (seed >> 24) as u8;
    }
    for prefix in [
        &[][..],
        &[0x1f, 0x8b, 8, 0],
        &[0x78, 0x9c],
        b"{\"event_id\":1}\n",
        b"--x\r\nContent-Disposition: form-data; name=\"",
    ] {
        let mut body = prefix.to_vec();
        body.extend_from_slice(&junk);
        let v = engine
            .classify_request(&post("https://x.example/y", &body))
            .unwrap();
        assert_eq!(v.class, Class::None);
    }
    // A gzip bomb stops at the inflate cap.
    let bomb = {
        use std::io::Write;
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        e.write_all(&vec![b'a'; 64 * 1024 * 1024]).unwrap();
        e.finish().unwrap()
    };
    let t = Instant::now();
    let v = engine
        .classify_request(&post("https://x.example/y", &bomb))
        .unwrap();
    assert!(t.elapsed() < Duration::from_secs(2));
    assert!(
        v.truncated
            && v.evidence
                .iter()
                .any(|e| e.contains("inflated body capped"))
    );
}

#[test]
fn bad_urls_are_error_values() {
    let engine = Engine::new();
    for url in [
        "",
        "::",
        "https://",
        "https://a..b/",
        "javascript:alert(1)",
        "https://\u{0}/",
        "https://ä.com/",
    ] {
        let r = engine.classify_request(&Request {
            url,
            ..Default::default()
        });
        assert!(
            matches!(r, Err(Error::InvalidUrl(_) | Error::UnsupportedScheme(_))),
            "{url:?}: {r:?}"
        );
    }
    let long = format!("https://a.example/?q={}", "x".repeat(3_000_000));
    let v = engine
        .classify_request(&Request {
            url: &long,
            ..Default::default()
        })
        .unwrap();
    assert!(v.truncated);
}

#[test]
fn an_exception_rule_clears_a_verdict_unless_important() {
    use keyveil::request::Classifier;
    let list = keyveil::lists::parse(
        "! keyveil: class=session-replay; vendor=V\n||rec.example^\n@@||rec.example/ok^\n||imp.example^$important\n@@||imp.example^\n",
    )
    .list;
    let c = Classifier::from_list(&list);
    let v = |url| {
        c.classify(&Request {
            url,
            ..Default::default()
        })
        .unwrap()
    };
    assert_eq!(v("https://rec.example/x").class, Class::SessionReplay);
    let allowed = v("https://rec.example/ok");
    assert_eq!(allowed.class, Class::None);
    assert!(allowed.evidence.iter().any(|e| e.contains("exception")));
    assert_eq!(v("https://imp.example/x").class, Class::SessionReplay);
}

#[test]
fn options_restrict_matches() {
    use keyveil::request::Classifier;
    let list = keyveil::lists::parse(
        "! keyveil: class=ad-pixel; vendor=V\n||t.example^$script,third-party\n||d.example^$domain=shop.example|~blog.shop.example\n||w.example^$~image\n",
    )
    .list;
    let c = Classifier::from_list(&list);
    let class = |url, ty: Option<&'static str>, init: Option<&'static str>| {
        c.classify(&Request {
            url,
            resource_type: ty,
            initiator: init,
            ..Default::default()
        })
        .unwrap()
        .class
    };
    assert_eq!(
        class(
            "https://t.example/a.js",
            Some("script"),
            Some("https://shop.example/")
        ),
        Class::AdPixel
    );
    assert_eq!(
        class(
            "https://t.example/a.js",
            Some("image"),
            Some("https://shop.example/")
        ),
        Class::None
    );
    assert_eq!(
        class(
            "https://t.example/a.js",
            Some("script"),
            Some("https://www.t.example/")
        ),
        Class::None
    );
    assert_eq!(
        class(
            "https://d.example/",
            None,
            Some("https://www.shop.example/")
        ),
        Class::AdPixel
    );
    assert_eq!(
        class(
            "https://d.example/",
            None,
            Some("https://blog.shop.example/")
        ),
        Class::None
    );
    assert_eq!(
        class("https://d.example/", None, Some("https://other.example/")),
        Class::None
    );
    assert_eq!(
        class("https://w.example/x.png", Some("image"), None),
        Class::None
    );
    assert_eq!(
        class("https://w.example/x.js", Some("script"), None),
        Class::AdPixel
    );
}
