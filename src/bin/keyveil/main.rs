//! `keyveil`: the command-line face of the core, for list makers and researchers.

mod classify;
mod list;
mod scan;
mod text;

use lexopt::prelude::*;
use std::process::ExitCode;

const USAGE: &str = "\
keyveil — find what records your typing and mouse

USAGE:
  keyveil classify [FILE|-]          classify requests (JSON lines in, JSON lines out)
  keyveil scan [--summary] PATH...   classify scripts (files, directories, - for stdin)
  keyveil list check [--json] FILE   parse a filter list and report every line's fate
  keyveil list print FILE            print a filter list canonically
  keyveil list compile --dnr FILE [-o rules.json] [--overrides overrides.json]
                                     compile a filter list to declarativeNetRequest rules
  keyveil version                    print the version

FILE may be - for standard input. Every command takes --help.
";

fn main() -> ExitCode {
    let mut p = lexopt::Parser::from_env();
    let code = match p.next() {
        Ok(Some(Value(cmd))) => match cmd.to_str() {
            Some("classify") => classify::run(&mut p),
            Some("scan") => scan::run(&mut p),
            Some("list") => list::run(&mut p),
            Some("version") => {
                say(&format!("keyveil {}\n", keyveil::VERSION));
                0
            }
            Some("help") => {
                say(USAGE);
                0
            }
            _ => usage_error(
                "keyveil",
                USAGE,
                &format!("unknown command {:?}", cmd.to_string_lossy()),
            ),
        },
        Ok(Some(Long("version") | Short('V'))) => {
            say(&format!("keyveil {}\n", keyveil::VERSION));
            0
        }
        Ok(Some(Long("help") | Short('h'))) => {
            say(USAGE);
            0
        }
        Ok(None) => {
            eprint!("{USAGE}");
            2
        }
        Ok(Some(arg)) => usage_error("keyveil", USAGE, &arg.unexpected().to_string()),
        Err(e) => usage_error("keyveil", USAGE, &e.to_string()),
    };
    ExitCode::from(code)
}

/// Writes to stdout; a closed stdout (`| head`) is no error worth a panic.
pub fn say(s: &str) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(s.as_bytes());
}

/// Says what was wrong with the command line, then how to use it; exit code 2.
pub fn usage_error(cmd: &str, usage: &str, msg: &str) -> u8 {
    eprintln!("{cmd}: {}\n\n{usage}", text::escape(msg));
    2
}
