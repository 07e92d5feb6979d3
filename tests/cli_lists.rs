//! The CLI contract other tools rely on: `keyveil classify` and `keyveil list …`, run as a binary.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn keyveil(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_keyveil"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run keyveil");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

#[test]
fn classify_reads_json_lines_and_reports_bad_ones() {
    let input = r#"{"url":"https://in.hotjar.com/api/v2/client","type":"xmlhttprequest","initiator":"https://shop.example/"}
{"url":"https://example.com/tr/translations.json"}
this is not json
{"type":"script"}

{"url":"not a url"}
{"url":"https://www.facebook.com/tr/","method":"POST","body":"id=1234567890123&ev=Lead&dl=x&rl=&if=false&ud[em]=abc"}
"#;
    for args in [&["classify"][..], &["classify", "-"][..]] {
        let out = keyveil(args, input);
        assert_eq!(out.status.code(), Some(0));
        let v = lines(&out);
        assert_eq!(v.len(), 6, "blank lines produce nothing");
        assert_eq!(v[0]["url"], "https://in.hotjar.com/api/v2/client");
        assert_eq!(v[0]["class"], "session-replay");
        assert_eq!(v[0]["vendor"], "Hotjar");
        assert!(v[0]["confidence"].as_f64().unwrap() > 0.5);
        assert!(!v[0]["evidence"].as_array().unwrap().is_empty());
        assert_eq!(v[1]["class"], "none");
        assert!(v[1]["vendor"].is_null());
        assert_eq!(v[2]["line"], 3);
        assert!(v[2]["error"].is_string());
        assert_eq!(v[3]["line"], 4, "url is required");
        assert_eq!(v[4]["line"], 6);
        assert_eq!(v[5]["class"], "meta-pixel");
    }
}

#[test]
fn classify_reads_a_file_and_fails_on_a_missing_one() {
    let dir = std::env::temp_dir().join(format!("keyveil-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("in.jsonl");
    std::fs::write(&f, "{\"url\":\"https://rs.fullstory.com/rec/bundle\"}\n").unwrap();
    let out = keyveil(&["classify", f.to_str().unwrap()], "");
    assert_eq!(lines(&out)[0]["vendor"], "FullStory");
    assert_eq!(
        keyveil(&["classify", "/nonexistent/x.jsonl"], "")
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn list_check_reports_lines_and_exits_by_rejections() {
    let dir = std::env::temp_dir().join(format!("keyveil-list-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.txt");
    std::fs::write(&good, "! Title: t\n||a.com^\nx.com##.ad\n").unwrap();
    let out = keyveil(&["list", "check", good.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 3: ignored: cosmetic"), "{err}");
    assert!(
        err.contains("3 lines: 2 accepted (1 filters), 1 ignored, 0 rejected"),
        "{err}"
    );

    let bad = dir.join("bad.txt");
    std::fs::write(&bad, "||a.com^$bogus\n").unwrap();
    let out = keyveil(&["list", "check", bad.to_str().unwrap()], "");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("line 1: rejected: unknown option $bogus")
    );
}

#[test]
fn list_print_is_canonical_and_compile_writes_rules() {
    let dir = std::env::temp_dir().join(format!("keyveil-print-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("l.txt");
    std::fs::write(
        &src,
        "! keyveil: class=session-replay; vendor=Hotjar\n||In.Hotjar.com^$xhr,3p\n",
    )
    .unwrap();
    let out = keyveil(&["list", "print", src.to_str().unwrap()], "");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "! keyveil: class=session-replay; vendor=Hotjar\n||in.hotjar.com^$xmlhttprequest,third-party\n"
    );
    let rules = dir.join("rules.json");
    let out = keyveil(
        &[
            "list",
            "compile",
            "--dnr",
            src.to_str().unwrap(),
            "-o",
            rules.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&rules).unwrap()).unwrap();
    assert_eq!(v[0]["condition"]["urlFilter"], "||in.hotjar.com^");
    assert_eq!(v[0]["action"]["type"], "block");
    assert_eq!(
        keyveil(&["list", "compile", src.to_str().unwrap()], "")
            .status
            .code(),
        Some(2),
        "--dnr is required"
    );
    assert_eq!(keyveil(&["list"], "").status.code(), Some(2));
}

#[test]
fn the_builtin_list_passes_its_own_check() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/lists/keyveil.txt");
    let out = keyveil(&["list", "check", path], "");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
