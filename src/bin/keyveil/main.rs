//! `keyveil`: the command-line face of the core, for list makers and researchers.

mod classify;
mod list;
mod scan;

use std::process::ExitCode;

const USAGE: &str = "\
keyveil — find what records your typing and mouse

USAGE:
  keyveil classify [FILE|-]          classify requests (JSON lines in, JSON lines out)
  keyveil scan [--summary] PATH...   classify scripts (files or directories)
  keyveil list check FILE            parse a filter list and report every line's fate
  keyveil list print FILE            print a filter list canonically
  keyveil list compile --dnr FILE [-o rules.json]
                                     compile a filter list to declarativeNetRequest rules
  keyveil version                    print the version
";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (cmd, rest) = match args.split_first() {
        Some((c, r)) => (c.as_str(), r),
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let code = match cmd {
        "classify" => classify::run(rest),
        "scan" => scan::run(rest),
        "list" => list::run(rest),
        "version" | "--version" | "-V" => {
            println!("keyveil {}", keyveil::VERSION);
            0
        }
        "help" | "--help" | "-h" => {
            print!("{USAGE}");
            0
        }
        other => {
            eprintln!("keyveil: unknown command {other:?}\n\n{USAGE}");
            2
        }
    };
    ExitCode::from(code)
}
