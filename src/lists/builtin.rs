//! KeyVeil's built-in list, `lists/keyveil.txt`, embedded in the binary and the Wasm at build time.
//!
//! The text is embedded with `include_str!` and parsed when an engine first needs its rules (not
//! when it is made: a waking worker answers its first message sooner). Parsing and indexing the
//! list takes about 0.1 ms natively (docs/perf-history.md, `engine_new`), 2 ms in a freshly woken
//! worker, where V8 compiles the parser on first call; far below what compiling the Wasm module
//! costs, so a pre-compiled binary form would add a build step for little gain. A test keeps
//! the list free of rejected lines.

use super::{parse, List};

/// The built-in list as shipped.
pub const TEXT: &str = include_str!("../../lists/keyveil.txt");

/// The built-in list, parsed.
pub fn list() -> List {
    parse(TEXT).list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lists::{print, Fate};

    #[test]
    fn builtin_list_reads_without_problems() {
        let report = parse(TEXT);
        assert!(report.problems.is_empty(), "{:#?}", report.problems);
        assert!(report.summary.filters > 50);
        // Every rule carries a class and a vendor: the classifier reports both.
        for f in report.list.filters() {
            assert!(
                f.meta.is_some(),
                "rule without metadata: {}",
                crate::lists::print_filter(f)
            );
        }
        assert!(report.list.header("Title").is_some());
        let again = parse(&print(&report.list));
        assert!(again.problems.iter().all(|p| p.fate == Fate::Accepted));
        assert_eq!(
            again.list.filters().collect::<Vec<_>>(),
            report.list.filters().collect::<Vec<_>>()
        );
    }
}
