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

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn every_command_has_help_and_bad_usage_says_why() {
    for args in [
        &["--help"][..],
        &["classify", "--help"],
        &["scan", "-h"],
        &["list", "--help"],
        &["list", "check", "--help"],
        &["list", "print", "--help"],
        &["list", "compile", "--help"],
    ] {
        let out = keyveil(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.to_lowercase().contains("usage"), "{args:?}: {text}");
    }
    let out = keyveil(&["list", "check", "--jsn", "-"], "");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--jsn"), "{}", stderr(&out));
    assert_eq!(keyveil(&["list", "check"], "").status.code(), Some(2));
    assert_eq!(
        keyveil(&["list", "check", "a", "b"], "").status.code(),
        Some(2)
    );
}

#[test]
fn dash_reads_standard_input_everywhere() {
    let list = "||a.example^\n";
    let out = keyveil(&["list", "check", "-"], list);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains("1 lines: 1 accepted"),
        "{}",
        stderr(&out)
    );
    let out = keyveil(&["list", "print", "-"], list);
    assert_eq!(String::from_utf8_lossy(&out.stdout), "||a.example^\n");
    let out = keyveil(&["list", "compile", "--dnr", "-"], list);
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rules[0]["condition"]["urlFilter"], "||a.example^");
    let out = keyveil(
        &["scan", "-"],
        "document.addEventListener('keydown', e => 1)",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(lines(&out)[0]["path"], "-");
}

#[test]
fn check_json_gives_every_line_its_status_reason_and_canonical_filter() {
    let out = keyveil(
        &["list", "check", "--json", "-"],
        "! Title: T\n\n||A.example^$3p\nx.com##.ad\n||b.example^$bogus\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let v = lines(&out);
    assert_eq!(v.len(), 5);
    assert_eq!(
        v.iter()
            .map(|o| o["line"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
    assert_eq!(v[0]["kind"], "header");
    assert_eq!(v[1]["kind"], "blank");
    assert_eq!(v[2]["status"], "accepted");
    assert_eq!(v[2]["filter"], "||a.example^$third-party");
    assert_eq!(v[3]["status"], "ignored");
    assert_eq!(v[3]["reason"], "cosmetic");
    assert_eq!(v[4]["status"], "rejected");
    assert_eq!(v[4]["reason"], "unknown-option");
    assert!(v[4]["message"].as_str().unwrap().contains("$bogus"));
}

#[test]
fn slashes_in_option_values_never_reach_the_url_filter() {
    let out = keyveil(
        &["list", "compile", "--dnr", "-"],
        "||example.com^$removeparam=/^utm_/\n||example.com^$removeparam=utm_source\n||x.example^$replace=/a/b/\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rules: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), 1, "{rules:#?}");
    assert_eq!(rules[0]["condition"]["urlFilter"], "||example.com^");
    assert_eq!(
        rules[0]["action"]["redirect"]["transform"]["queryTransform"]["removeParams"],
        serde_json::json!(["utm_source"])
    );
    let err = stderr(&out);
    assert!(err.contains("$removeparam with a regex"), "{err}");
    assert!(
        err.contains("ignored: option $replace is not supported"),
        "{err}"
    );
}

#[test]
fn one_character_filters_are_refused() {
    let out = keyveil(
        &["list", "check", "--json", "-"],
        "/\nh\n^\n.\nhttp\n|https://\n*\n",
    );
    assert_eq!(out.status.code(), Some(1));
    let v = lines(&out);
    for o in &v[..6] {
        assert_eq!(o["reason"], "too-broad", "{o}");
    }
    assert_eq!(v[6]["reason"], "empty-pattern");
    let out = keyveil(&["list", "compile", "--dnr", "-"], "/\nh\n.\nhttp\n");
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
}

#[test]
fn terminal_escapes_in_a_list_are_never_echoed_raw() {
    let hostile = "\x1b]0;owned\x07||a.example^\n! \x1b[2J cleared\n||b.example^$domain=\x1b[2J\n\u{202e}||c.example^\n";
    for args in [
        &["list", "check", "-"][..],
        &["list", "print", "-"],
        &["list", "compile", "--dnr", "-"],
    ] {
        let out = keyveil(args, hostile);
        for stream in [&out.stdout, &out.stderr] {
            let text = String::from_utf8_lossy(stream);
            assert!(
                !stream.contains(&0x1b) && !stream.contains(&0x07) && !text.contains('\u{202e}'),
                "{args:?}: {text:?}"
            );
        }
        if args[1] == "check" {
            assert!(
                stderr(&out).contains("\\x1b]0;owned\\x07"),
                "{}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn the_longest_line_of_easyprivacy_is_read() {
    let sites: Vec<String> = (0..440).map(|i| format!("s{i:03}.example.com")).collect();
    let mut line = format!("@@||googletagmanager.com/gtm.js$domain={}", sites.join("|"));
    line.truncate(6353);
    while line.ends_with(['|', '.']) {
        line.pop();
    }
    let out = keyveil(&["list", "check", "--json", "-"], &line);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(lines(&out)[0]["status"], "accepted");
}

/// A 200 MB line is refused under a 128 MiB address-space limit: the reader never holds it.
#[test]
fn a_200_mb_line_is_refused_in_bounded_memory() {
    let dir = std::env::temp_dir().join(format!("keyveil-long-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("long.txt");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        f.write_all(b"||ok.example^\n||a.example/").unwrap();
        let chunk = vec![b'x'; 1 << 20];
        for _ in 0..200 {
            f.write_all(&chunk).unwrap();
        }
        f.write_all(b"\n||b.example^\n").unwrap();
    }
    let out = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 131072 && exec \"$0\" list check \"$1\"")
        .arg(env!("CARGO_BIN_EXE_keyveil"))
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("line 2: rejected: line longer than 65536 bytes"),
        "{err}"
    );
    assert!(
        err.contains("3 lines: 2 accepted (2 filters), 0 ignored, 1 rejected"),
        "{err}"
    );
}

#[test]
fn classify_takes_labelled_lines_and_base64_bodies() {
    let labelled = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/requests.jsonl");
    let out = keyveil(&["classify", labelled], "");
    let v = lines(&out);
    let total = std::fs::read_to_string(labelled)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(v.len(), total);
    // Its extra fields (`class`, `vendor`, `note`) are no error; only its deliberately bad URLs are.
    assert!(
        v.iter()
            .all(|o| o.get("error").is_none() || o["error"].as_str().unwrap().contains("URL")),
        "{v:?}"
    );
    assert!(v.iter().filter(|o| o.get("error").is_none()).count() > 150);
    // `id=1234567890123&ev=Lead&ud[em]=abc`, base64-encoded.
    let input = r#"{"url":"https://www.facebook.com/tr/","method":"POST","body_base64":"aWQ9MTIzNDU2Nzg5MDEyMyZldj1MZWFkJnVkW2VtXT1hYmM="}
{"url":"https://www.facebook.com/tr/","method":"POST","body_base64":"not base64!"}
{"url":"https://www.facebook.com/tr/","body":"a","body_base64":"YQ=="}
"#;
    let v = lines(&keyveil(&["classify"], input));
    assert_eq!(v[0]["class"], "meta-pixel");
    assert!(
        v[0]["evidence"].to_string().contains("ev=Lead"),
        "the decoded body was read: {}",
        v[0]["evidence"]
    );
    assert_eq!(v[1]["error"], "body_base64 is not base64");
    assert!(v[2]["error"].as_str().unwrap().contains("not both"));
}

#[test]
fn compile_merge_hosts_names_hosts_in_one_rule() {
    let list = "||a.example^$3p\n||b.example^$3p\n";
    let rules = |args: &[&str]| -> serde_json::Value {
        serde_json::from_slice(&keyveil(args, list).stdout).unwrap()
    };
    assert_eq!(
        rules(&["list", "compile", "--dnr", "-"])
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let merged = rules(&["list", "compile", "--dnr", "--merge-hosts", "-"]);
    assert_eq!(merged.as_array().unwrap().len(), 1);
    assert_eq!(
        merged[0]["condition"]["requestDomains"],
        serde_json::json!(["a.example", "b.example"])
    );
}
