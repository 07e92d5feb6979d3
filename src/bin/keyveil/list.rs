//! `keyveil list check|print|compile`: read a filter list, account for every line, print it
//! canonically, or compile it to declarativeNetRequest rules.

use crate::text::{self, escape};
use crate::usage_error;
use keyveil::lists::{self, dnr, Entry, Fate, Report, MAX_LINE_BYTES};
use lexopt::prelude::*;
use serde_json::json;
use std::io::{Read, Write};

const USAGE: &str = "\
usage:
  keyveil list check [--json] FILE
  keyveil list print FILE
  keyveil list compile --dnr [--merge-hosts] [-o rules.json] [--overrides overrides.json] FILE

FILE may be - for standard input. Lines longer than 64 KiB are refused without being held
in memory. Problems and the summary go to stderr; input echoed there has its control
characters escaped.";

const CHECK_USAGE: &str = "\
usage: keyveil list check [--json] FILE
  Reports every line that is ignored or rejected, with its number and the reason, then a
  summary (stderr). Exit code: 0 when no line was rejected, 1 when one was, 2 bad usage.
  --json  one JSON object per line of the list on stdout: line, status (accepted, ignored,
          rejected), kind (filter, header, comment, meta, blank), reason, message and, for a
          filter, the canonical filter.";

const PRINT_USAGE: &str = "\
usage: keyveil list print FILE
  Prints the list in canonical filter syntax (stdout); ignored and rejected lines are left
  out and reported on stderr.";

const COMPILE_USAGE: &str = "\
usage: keyveil list compile --dnr [--merge-hosts] [-o rules.json] [--overrides overrides.json] FILE
  Compiles the list to Chrome declarativeNetRequest rules (JSON, stdout or -o FILE).
  Filters DNR cannot express are reported on stderr with the reason.
  --overrides    the user's settings as JSON (allowSites, vendors, classes).
  --merge-hosts  one rule with requestDomains for ||host^ filters that differ only in host
                 (EasyPrivacy: 8,894 rules instead of 30,000 plus 25,472 left out).";

/// Bytes of an overrides file read; settings are small.
const MAX_OVERRIDES_BYTES: u64 = 4 << 20;

/// Runs the subcommand; returns the process exit code.
///
/// `check` exits 1 when a line was rejected (ignored lines are fine), so it can guard a list in CI.
pub fn run(p: &mut lexopt::Parser) -> u8 {
    match p.next() {
        Ok(Some(Value(sub))) => match sub.to_str() {
            Some("check") => check(p),
            Some("print") => print(p),
            Some("compile") => compile(p),
            _ => usage_error(
                "keyveil list",
                USAGE,
                &format!("unknown subcommand {:?}", sub.to_string_lossy()),
            ),
        },
        Ok(Some(Long("help") | Short('h'))) => {
            crate::say(&format!("{USAGE}\n"));
            0
        }
        Ok(None) => usage_error("keyveil list", USAGE, "no subcommand given"),
        Ok(Some(arg)) => usage_error("keyveil list", USAGE, &arg.unexpected().to_string()),
        Err(e) => usage_error("keyveil list", USAGE, &e.to_string()),
    }
}

/// What a subcommand's command line asked for.
#[derive(Default)]
struct Args {
    file: Option<String>,
    json: bool,
    dnr: bool,
    merge_hosts: bool,
    out: Option<String>,
    overrides: Option<String>,
}

/// Reads the options `allowed` (long names) and one FILE; `Err(code)` after `--help` or a
/// usage error.
fn args(p: &mut lexopt::Parser, cmd: &str, usage: &str, allowed: &[&str]) -> Result<Args, u8> {
    let mut a = Args::default();
    let bad = |msg: String| usage_error(cmd, usage, &msg);
    loop {
        let arg = match p.next() {
            Ok(Some(arg)) => arg,
            Ok(None) => break,
            Err(e) => return Err(bad(e.to_string())),
        };
        let value = |p: &mut lexopt::Parser| {
            p.value()
                .map_err(|e| e.to_string())
                .and_then(|v| v.string().map_err(|v| format!("not UTF-8: {v:?}")))
        };
        match arg {
            Short('h') | Long("help") => {
                crate::say(&format!("{usage}\n"));
                return Err(0);
            }
            Long("json") if allowed.contains(&"json") => a.json = true,
            Long("dnr") if allowed.contains(&"dnr") => a.dnr = true,
            Long("merge-hosts") if allowed.contains(&"merge-hosts") => a.merge_hosts = true,
            Short('o') | Long("output") if allowed.contains(&"output") => {
                a.out = Some(value(p).map_err(bad)?)
            }
            Long("overrides") if allowed.contains(&"overrides") => {
                a.overrides = Some(value(p).map_err(bad)?)
            }
            Value(v) if a.file.is_none() => {
                a.file = Some(v.string().map_err(|v| bad(format!("not UTF-8: {v:?}")))?)
            }
            other => return Err(bad(other.unexpected().to_string())),
        }
    }
    if a.file.is_none() {
        return Err(bad("no FILE given (- for standard input)".into()));
    }
    Ok(a)
}

/// The list at `path` (`-`: stdin), each line kept to [`MAX_LINE_BYTES`] + 1 bytes.
fn read_list(cmd: &str, path: &str) -> Result<String, u8> {
    text::open(path)
        .and_then(|r| text::read_capped(r, MAX_LINE_BYTES))
        .map_err(|e| {
            eprintln!("{cmd}: cannot read {}: {e}", escape(path));
            1
        })
}

fn check(p: &mut lexopt::Parser) -> u8 {
    const CMD: &str = "keyveil list check";
    let a = match args(p, CMD, CHECK_USAGE, &["json"]) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let text = match read_list(CMD, a.file.as_deref().unwrap_or("-")) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let report = if a.json {
        let stdout = std::io::stdout();
        let mut out = std::io::BufWriter::new(stdout.lock());
        let mut broken = false;
        let report = lists::parse_with(&text, |n, line, fate, entry| {
            if !broken {
                broken = writeln!(out, "{}", line_json(n, line, fate, entry)).is_err();
            }
        });
        // The lines past the list limit are not read one by one: one object says so.
        if let Some(p) = report.problems.last().filter(|_| report.summary.unread > 0) {
            let _ = writeln!(out, "{}", line_json(p.line, &p.text, &p.fate, None));
        }
        let _ = out.flush();
        report
    } else {
        lists::parse(&text)
    };
    if !a.json {
        print_problems(&report);
    } else {
        print_summary(&report);
    }
    u8::from(report.summary.rejected > 0)
}

/// One line of `check --json`.
fn line_json(n: usize, line: &str, fate: &Fate, entry: Option<&Entry>) -> serde_json::Value {
    let (status, reason, message) = match fate {
        Fate::Accepted => ("accepted", None, None),
        Fate::Ignored { reason } => ("ignored", Some(tag(reason)), Some(reason.to_string())),
        Fate::Rejected { reason } => ("rejected", Some(tag(reason)), Some(reason.to_string())),
    };
    let kind = match entry {
        Some(Entry::Filter { .. }) => Some("filter"),
        Some(Entry::Header { .. }) => Some("header"),
        Some(Entry::Comment { .. }) => Some("comment"),
        Some(Entry::Meta { .. }) => Some("meta"),
        None if line.is_empty() => Some("blank"),
        None => None,
    };
    let filter = match entry {
        Some(Entry::Filter { filter }) => Some(lists::print_filter(filter)),
        _ => None,
    };
    let mut o = json!({"line": n, "status": status, "kind": kind, "reason": reason,
        "message": message, "filter": filter});
    if status != "accepted" {
        // The text of a refused line, cut as the report cuts it (JSON escapes its controls).
        o["text"] = json!(line.chars().take(200).collect::<String>());
    }
    o
}

/// The serialised tag of a reason (`{"reason": "unknown-option", …}` → `unknown-option`).
fn tag<T: serde::Serialize>(reason: &T) -> String {
    serde_json::to_value(reason)
        .ok()
        .and_then(|v| v.get("reason").and_then(|r| r.as_str()).map(str::to_string))
        .unwrap_or_default()
}

fn print(p: &mut lexopt::Parser) -> u8 {
    const CMD: &str = "keyveil list print";
    let a = match args(p, CMD, PRINT_USAGE, &[]) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let text = match read_list(CMD, a.file.as_deref().unwrap_or("-")) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let report = lists::parse(&text);
    // Comments and vendor names are the list author's text: escaped like everything echoed.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for line in lists::print(&report.list).lines() {
        if writeln!(out, "{}", escape(line)).is_err() {
            return 1;
        }
    }
    if out.flush().is_err() {
        return 1;
    }
    print_problems(&report);
    0
}

/// Problems and the summary go to stderr, so `print` and `compile` keep stdout clean.
fn print_problems(r: &Report) {
    for p in &r.problems {
        let (kind, reason) = match &p.fate {
            Fate::Ignored { reason } => ("ignored", reason.to_string()),
            Fate::Rejected { reason } => ("rejected", reason.to_string()),
            Fate::Accepted => continue,
        };
        eprintln!(
            "line {}: {kind}: {}: {}",
            p.line,
            escape(&reason),
            escape(&p.text)
        );
    }
    print_summary(r);
}

fn print_summary(r: &Report) {
    let s = r.summary;
    eprintln!(
        "{} lines: {} accepted ({} filters), {} ignored, {} rejected",
        s.lines, s.accepted, s.filters, s.ignored, s.rejected
    );
}

fn compile(p: &mut lexopt::Parser) -> u8 {
    const CMD: &str = "keyveil list compile";
    let a = match args(
        p,
        CMD,
        COMPILE_USAGE,
        &["dnr", "merge-hosts", "output", "overrides"],
    ) {
        Ok(a) => a,
        Err(code) => return code,
    };
    if !a.dnr {
        return usage_error(CMD, COMPILE_USAGE, "--dnr is required (the only target)");
    }
    let text = match read_list(CMD, a.file.as_deref().unwrap_or("-")) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let report = lists::parse(&text);
    print_problems(&report);
    let mut ov = String::new();
    if let Some(path) = &a.overrides {
        let read = text::open(path).and_then(|r| {
            r.take(MAX_OVERRIDES_BYTES)
                .read_to_string(&mut ov)
                .map(|_| ())
        });
        if let Err(e) = read {
            eprintln!("{CMD}: cannot read {}: {e}", escape(path));
            return 1;
        }
    }
    let ov = match dnr::Overrides::from_json(&ov) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{CMD}: {}", escape(&e.to_string()));
            return 1;
        }
    };
    let compiled = if a.merge_hosts {
        dnr::compile_merged(&report.list, &ov)
    } else {
        dnr::compile(&report.list, &ov)
    };
    for l in &compiled.unsupported {
        eprintln!(
            "not expressible in DNR: {}: {}",
            escape(&l.reason),
            escape(&l.filter)
        );
    }
    for l in &compiled.skipped {
        eprintln!("skipped: {}: {}", escape(&l.reason), escape(&l.filter));
    }
    eprintln!(
        "{} DNR rules, {} not expressible, {} skipped by settings",
        compiled.rules.len(),
        compiled.unsupported.len(),
        compiled.skipped.len()
    );
    let json = match serde_json::to_string_pretty(&compiled.rules) {
        Ok(j) => j,
        Err(e) => {
            eprintln!("{CMD}: {e}");
            return 1;
        }
    };
    match a.out.as_deref() {
        Some(path) if path != "-" => match std::fs::write(path, json + "\n") {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("{CMD}: cannot write {}: {e}", escape(path));
                1
            }
        },
        _ => {
            crate::say(&format!("{json}\n"));
            0
        }
    }
}
