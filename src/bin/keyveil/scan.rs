//! `keyveil scan [--summary] PATH...`: classify script files, one JSON line per file or a table.

use crate::text::escape;
use crate::usage_error;
use keyveil::script::{self, Verdict};
use lexopt::prelude::*;
use serde::Serialize;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Instant;

const USAGE: &str = "usage: keyveil scan [--summary] PATH...
  Classifies each script; a directory is scanned recursively for .js, .mjs and .cjs files
  (symbolic links to directories are not followed); - reads one script from standard input.
  Prints one JSON line per file: path, records_input, class, vendor, score, evidence, bytes,
  micros, truncated, signals. With --summary, prints a table instead.
  Exit code: 0 all read, 1 some file could not be read, 2 bad usage.";

/// One output line.
#[derive(Serialize)]
struct Line<'a> {
    path: String,
    #[serde(flatten)]
    verdict: &'a Verdict,
    bytes: usize,
    micros: u128,
}

/// Runs the subcommand; returns the process exit code.
pub fn run(p: &mut lexopt::Parser) -> u8 {
    const CMD: &str = "keyveil scan";
    let mut summary = false;
    let mut roots = Vec::new();
    loop {
        match p.next() {
            Ok(None) => break,
            Ok(Some(Long("summary"))) => summary = true,
            Ok(Some(Short('h') | Long("help"))) => {
                crate::say(&format!("{USAGE}\n"));
                return 0;
            }
            Ok(Some(Value(v))) => roots.push(PathBuf::from(v)),
            Ok(Some(other)) => return usage_error(CMD, USAGE, &other.unexpected().to_string()),
            Err(e) => return usage_error(CMD, USAGE, &e.to_string()),
        }
    }
    if roots.is_empty() {
        return usage_error(CMD, USAGE, "no PATH given");
    }
    let mut files = Vec::new();
    let mut failed = false;
    for r in &roots {
        if r.as_os_str() == "-" {
            files.push(r.clone());
        } else if let Err(e) = collect(r, true, &mut files) {
            eprintln!("{CMD}: {}: {e}", escape(&r.display().to_string()));
            failed = true;
        }
    }
    let mut rows = Vec::new();
    for path in &files {
        let read = if path.as_os_str() == "-" {
            let mut v = Vec::new();
            std::io::stdin()
                .take(script::MAX_BYTES as u64 + 1)
                .read_to_end(&mut v)
                .map(|_| v)
        } else {
            std::fs::read(path)
        };
        let src = match read {
            Ok(s) => s,
            Err(e) => {
                eprintln!("{CMD}: {}: {e}", escape(&path.display().to_string()));
                failed = true;
                continue;
            }
        };
        let t = Instant::now();
        let verdict = script::classify(None, &src);
        let micros = t.elapsed().as_micros();
        let line = Line {
            path: path.display().to_string(),
            verdict: &verdict,
            bytes: src.len(),
            micros,
        };
        if summary {
            rows.push((line.path.clone(), verdict.clone(), src.len(), micros));
        } else {
            match serde_json::to_string(&line) {
                Ok(s) => println!("{s}"),
                Err(e) => {
                    eprintln!("{CMD}: {}: {e}", escape(&path.display().to_string()));
                    failed = true;
                }
            }
        }
    }
    if summary {
        print_table(&rows);
    }
    u8::from(failed)
}

/// Adds `p` (a file given by name, or the scripts under a directory) to `out`, in sorted order.
fn collect(p: &Path, explicit: bool, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let meta = if explicit {
        std::fs::metadata(p)?
    } else {
        std::fs::symlink_metadata(p)?
    };
    if meta.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(p)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        entries.sort();
        for e in entries {
            collect(&e, false, out)?;
        }
    } else if explicit || (meta.is_file() && is_script(p)) {
        out.push(p.to_path_buf());
    }
    Ok(())
}

fn is_script(p: &Path) -> bool {
    matches!(
        p.extension().and_then(|e| e.to_str()),
        Some("js" | "mjs" | "cjs")
    )
}

fn print_table(rows: &[(String, Verdict, usize, u128)]) {
    println!(
        "{:<8} {:<20} {:<18} {:>6} {:>9} {:>8}  path",
        "records", "class", "vendor", "score", "KiB", "ms"
    );
    let mut recorders = 0;
    let (mut bytes, mut micros) = (0usize, 0u128);
    for (path, v, b, us) in rows {
        recorders += usize::from(v.records_input);
        bytes += b;
        micros += us;
        println!(
            "{:<8} {:<20} {:<18} {:>6.2} {:>9.1} {:>8.2}  {path}",
            if v.records_input { "yes" } else { "no" },
            v.class.as_str(),
            v.vendor.as_deref().unwrap_or("-"),
            v.score,
            *b as f64 / 1024.0,
            *us as f64 / 1000.0,
            path = escape(path),
        );
    }
    let mbps = if micros > 0 {
        bytes as f64 / micros as f64
    } else {
        0.0
    };
    println!(
        "{} files, {recorders} recorders, {:.1} MiB in {:.1} ms ({mbps:.0} MB/s)",
        rows.len(),
        bytes as f64 / (1024.0 * 1024.0),
        micros as f64 / 1000.0
    );
}
