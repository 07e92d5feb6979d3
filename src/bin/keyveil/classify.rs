//! `keyveil classify [FILE|-]`: JSON lines of requests in, one JSON verdict line out for each.
//!
//! Input lines: [`RequestInput`]s, `{"url":…,"type":…,"initiator":…,"method":…,"body":…}` or
//! `"body_base64":…` / `"body_hex":…` for a body that is not text (the same object the
//! extension and the test fixtures give); only `url` is required and other fields are ignored, so a
//! labelled file (`tests/fixtures/requests.jsonl`, with `class`, `vendor`, `note`) classifies
//! as is. Output: the verdict with the `url` in front; a line that is not such an object gets
//! `{"error":…,"line":N}` and the run goes on. Exit 0 unless the input cannot be read.

use crate::text::{self, escape};
use crate::usage_error;
use keyveil::request::RequestInput;
use keyveil::Engine;
use lexopt::prelude::*;
use serde_json::json;
use std::io::{BufWriter, Write};

const USAGE: &str = "\
usage: keyveil classify [FILE|-]
  Reads requests as JSON lines (FILE, or standard input when it is - or absent):
    {\"url\": …, \"type\": …, \"initiator\": …, \"method\": …,
     \"body\": … | \"body_base64\": … | \"body_hex\": …}
  Only url is required; other fields are ignored. Prints one JSON verdict per request; a bad
  line prints {\"error\": …, \"line\": N}. Lines over 4 MiB are reported, not read.";

/// Longest request line read: a body the classifier inspects whole (256 KiB), in base64, with
/// room to spare; the rest of a longer line is skipped unread.
const MAX_LINE: usize = 4 << 20;

/// Runs the subcommand; returns the process exit code.
pub fn run(p: &mut lexopt::Parser) -> u8 {
    const CMD: &str = "keyveil classify";
    let mut path: Option<String> = None;
    loop {
        match p.next() {
            Ok(None) => break,
            Ok(Some(Short('h') | Long("help"))) => {
                crate::say(&format!("{USAGE}\n"));
                return 0;
            }
            Ok(Some(Value(v))) if path.is_none() => match v.string() {
                Ok(s) => path = Some(s),
                Err(v) => return usage_error(CMD, USAGE, &format!("not UTF-8: {v:?}")),
            },
            Ok(Some(other)) => return usage_error(CMD, USAGE, &other.unexpected().to_string()),
            Err(e) => return usage_error(CMD, USAGE, &e.to_string()),
        }
    }
    let path = path.unwrap_or_else(|| "-".into());
    let input = match text::open(&path) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{CMD}: cannot open {}: {e}", escape(&path));
            return 1;
        }
    };
    let engine = Engine::new();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut lines = text::Lines::new(input, MAX_LINE);
    let mut n = 0;
    loop {
        let line = match lines.next_line() {
            Ok(Some(l)) => l,
            Ok(None) => break,
            Err(e) => {
                eprintln!("{CMD}: read error: {e}");
                return 1;
            }
        };
        n += 1;
        if line.text.trim().is_empty() {
            continue;
        }
        let result = if line.cut(MAX_LINE) {
            json!({"error": format!("line longer than {MAX_LINE} bytes ({} bytes): not read", line.len), "line": n})
        } else {
            classify_line(&engine, &line.text, n)
        };
        if writeln!(out, "{result}").is_err() {
            return 1; // stdout closed (e.g. `| head`): nothing more to do
        }
    }
    let _ = out.flush();
    0
}

fn classify_line(engine: &Engine, text: &str, n: usize) -> serde_json::Value {
    let l = match serde_json::from_str::<RequestInput>(text) {
        Ok(l) => l,
        Err(e) => return json!({"error": format!("bad request line: {e}"), "line": n}),
    };
    let body = match l.body_bytes() {
        Ok(b) => b,
        Err(e) => return json!({"error": e.to_string(), "line": n, "url": l.url}),
    };
    let req = l.request(body.as_deref());
    match engine.classify_request(&req) {
        Ok(v) => {
            let mut obj = json!({"url": l.url});
            if let (Some(o), Ok(serde_json::Value::Object(vm))) =
                (obj.as_object_mut(), serde_json::to_value(&v))
            {
                o.extend(vm);
            }
            obj
        }
        Err(e) => json!({"error": e.to_string(), "line": n, "url": l.url}),
    }
}
