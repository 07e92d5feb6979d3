//! `keyveil classify [FILE|-]`: JSON lines of requests in, one JSON verdict line out for each.
//!
//! Input lines: `{"url":…,"type":…,"initiator":…,"method":…,"body":…}`, only `url` required.
//! Output: the verdict with the `url` in front; a line that is not such an object gets
//! `{"error":…,"line":N}` and the run goes on. Exit 0 unless the input cannot be read.

use keyveil::request::Request;
use keyveil::Engine;
use serde::Deserialize;
use serde_json::json;
use std::io::{BufRead, BufReader, BufWriter, Read, Write};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Line {
    url: String,
    #[serde(rename = "type", default)]
    resource_type: Option<String>,
    #[serde(default)]
    initiator: Option<String>,
    #[serde(default)]
    method: Option<String>,
    #[serde(default)]
    body: Option<String>,
}

/// Runs the subcommand; returns the process exit code.
pub fn run(args: &[String]) -> u8 {
    let input: Box<dyn Read> = match args {
        [] => Box::new(std::io::stdin()),
        [p] if p == "-" => Box::new(std::io::stdin()),
        [p] => match std::fs::File::open(p) {
            Ok(f) => Box::new(f),
            Err(e) => {
                eprintln!("keyveil classify: cannot open {p}: {e}");
                return 1;
            }
        },
        _ => {
            eprintln!("usage: keyveil classify [FILE|-]");
            return 2;
        }
    };
    let engine = Engine::new();
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for (i, line) in BufReader::new(input).lines().enumerate() {
        let n = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                // Not UTF-8 or unreadable: report this line and go on where possible.
                if e.kind() == std::io::ErrorKind::InvalidData {
                    let _ = writeln!(
                        out,
                        "{}",
                        json!({"error": format!("line is not UTF-8: {e}"), "line": n})
                    );
                    continue;
                }
                eprintln!("keyveil classify: read error: {e}");
                return 1;
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let result = match serde_json::from_str::<Line>(&line) {
            Err(e) => json!({"error": format!("bad request line: {e}"), "line": n}),
            Ok(l) => {
                let req = Request {
                    url: &l.url,
                    resource_type: l.resource_type.as_deref(),
                    initiator: l.initiator.as_deref(),
                    method: l.method.as_deref(),
                    body: l.body.as_deref().map(str::as_bytes),
                };
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
        };
        if writeln!(out, "{result}").is_err() {
            return 1; // stdout closed (e.g. `| head`): nothing more to do
        }
    }
    let _ = out.flush();
    0
}
