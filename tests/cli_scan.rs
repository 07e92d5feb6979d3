//! The `keyveil scan` contract: one JSON line per script with the documented fields, recursive
//! directories limited to .js/.mjs/.cjs, `--summary` as a table, and exit codes.

use std::path::Path;
use std::process::Command;

fn keyveil(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_keyveil"))
        .args(args)
        .output()
        .expect("run keyveil");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A scratch directory with the two fixtures, a nested module, and files that are not scripts.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("keyveil-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("nested/deeper")).unwrap();
    let fx = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    std::fs::copy(fx.join("recorder.js"), dir.join("recorder.js")).unwrap();
    std::fs::copy(
        fx.join("listener.js"),
        dir.join("nested/deeper/listener.mjs"),
    )
    .unwrap();
    std::fs::write(dir.join("nested/bad.cjs"), b"\xff\xfe`${((").unwrap();
    std::fs::write(
        dir.join("notes.txt"),
        "document.addEventListener('keydown')",
    )
    .unwrap();
    std::fs::write(dir.join("style.css"), "a{}").unwrap();
    dir
}

#[test]
fn one_json_line_per_script_with_every_field() {
    let dir = scratch("json");
    let (code, out, err) = keyveil(&["scan", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    let paths: Vec<&str> = lines.iter().map(|l| l["path"].as_str().unwrap()).collect();
    assert_eq!(lines.len(), 3, "only .js/.mjs/.cjs, recursively: {paths:?}");
    assert!(
        paths[0].ends_with("nested/bad.cjs"),
        "sorted walk: {paths:?}"
    );
    assert!(paths[1].ends_with("nested/deeper/listener.mjs"));
    assert!(paths[2].ends_with("recorder.js"));
    for l in &lines {
        for key in [
            "path",
            "records_input",
            "class",
            "vendor",
            "score",
            "evidence",
            "bytes",
            "micros",
            "truncated",
            "signals",
        ] {
            assert!(l.get(key).is_some(), "missing {key} in {l}");
        }
        assert!(l["evidence"].is_array());
        assert!(l["bytes"].as_u64().unwrap() > 0);
    }
    assert_eq!(lines[2]["records_input"], true);
    assert_eq!(lines[2]["class"], "session-replay");
    assert_eq!(lines[1]["records_input"], false);
    assert_eq!(lines[1]["class"], "none");
    assert_eq!(lines[1]["vendor"], serde_json::Value::Null);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn summary_is_a_table_with_totals() {
    let dir = scratch("summary");
    let (code, out, _) = keyveil(&["scan", "--summary", dir.to_str().unwrap()]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("records"), "{out}");
    assert_eq!(lines.len(), 5, "header, three rows, totals: {out}");
    assert!(
        lines[3].starts_with("yes") && lines[3].contains("session-replay"),
        "{out}"
    );
    assert!(lines[4].starts_with("3 files, 1 recorders"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_named_file_is_scanned_whatever_its_extension() {
    let dir = scratch("named");
    let (code, out, _) = keyveil(&["scan", dir.join("notes.txt").to_str().unwrap()]);
    assert_eq!(code, 0);
    assert_eq!(out.lines().count(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_and_usage() {
    let (code, _, err) = keyveil(&["scan", "/definitely/not/here.js"]);
    assert_eq!(code, 1);
    assert!(err.contains("/definitely/not/here.js"), "{err}");
    assert_eq!(keyveil(&["scan"]).0, 2);
    assert_eq!(keyveil(&["scan", "--bogus", "x"]).0, 2);
}
