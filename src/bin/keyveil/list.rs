//! `keyveil list check|print|compile`: read a filter list, account for every line, print it
//! canonically, or compile it to declarativeNetRequest rules.

use keyveil::lists::{self, dnr, Fate, Report};

const USAGE: &str = "usage:
  keyveil list check FILE
  keyveil list print FILE
  keyveil list compile --dnr FILE [-o rules.json] [--overrides overrides.json]";

/// Runs the subcommand; returns the process exit code.
///
/// `check` exits 1 when a line was rejected (ignored lines are fine), so it can guard a list in CI.
pub fn run(args: &[String]) -> u8 {
    match args.first().map(String::as_str) {
        Some("check") => with_file(&args[1..], |r| {
            print_problems(r);
            u8::from(r.summary.rejected > 0)
        }),
        Some("print") => with_file(&args[1..], |r| {
            print!("{}", lists::print(&r.list));
            print_problems(r);
            0
        }),
        Some("compile") => compile(&args[1..]),
        _ => {
            eprintln!("{USAGE}");
            2
        }
    }
}

fn read(path: &str) -> Result<String, u8> {
    std::fs::read(path)
        .map_err(|e| {
            eprintln!("keyveil list: cannot read {path}: {e}");
            1
        })
        .map(|b| String::from_utf8_lossy(&b).into_owned())
}

fn with_file(args: &[String], f: impl FnOnce(&Report) -> u8) -> u8 {
    let [path] = args else {
        eprintln!("{USAGE}");
        return 2;
    };
    match read(path) {
        Ok(text) => f(&lists::parse(&text)),
        Err(code) => code,
    }
}

/// Problems and the summary go to stderr, so `print` and `compile` keep stdout clean.
fn print_problems(r: &Report) {
    for p in &r.problems {
        let (kind, reason) = match &p.fate {
            Fate::Ignored { reason } => ("ignored", reason.to_string()),
            Fate::Rejected { reason } => ("rejected", reason.to_string()),
            Fate::Accepted => continue,
        };
        eprintln!("line {}: {kind}: {reason}: {}", p.line, p.text);
    }
    let s = r.summary;
    eprintln!(
        "{} lines: {} accepted ({} filters), {} ignored, {} rejected",
        s.lines, s.accepted, s.filters, s.ignored, s.rejected
    );
}

fn compile(args: &[String]) -> u8 {
    let (mut file, mut out, mut overrides, mut dnr_flag) = (None, None, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dnr" => dnr_flag = true,
            "-o" => out = it.next(),
            "--overrides" => overrides = it.next(),
            _ if file.is_none() && !a.starts_with('-') => file = Some(a),
            _ => {
                eprintln!("{USAGE}");
                return 2;
            }
        }
    }
    let (true, Some(file)) = (dnr_flag, file) else {
        eprintln!("{USAGE}");
        return 2;
    };
    let text = match read(file) {
        Ok(t) => t,
        Err(c) => return c,
    };
    let report = lists::parse(&text);
    print_problems(&report);
    let ov = match overrides.map(|p| read(p)).transpose() {
        Ok(t) => t.unwrap_or_default(),
        Err(c) => return c,
    };
    let ov = match dnr::Overrides::from_json(&ov) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("keyveil list compile: {e}");
            return 1;
        }
    };
    let compiled = dnr::compile(&report.list, &ov);
    for l in compiled.unsupported.iter() {
        eprintln!("not expressible in DNR: {}: {}", l.reason, l.filter);
    }
    for l in compiled.skipped.iter() {
        eprintln!("skipped: {}: {}", l.reason, l.filter);
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
            eprintln!("keyveil list compile: {e}");
            return 1;
        }
    };
    match out {
        Some(path) => match std::fs::write(path, json + "\n") {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("keyveil list compile: cannot write {path}: {e}");
                1
            }
        },
        None => {
            println!("{json}");
            0
        }
    }
}
