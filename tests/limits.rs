//! Every limit in `docs/limits.md`: the table matches the constants, and each limit, when hit,
//! is said (verdict evidence, scan notes, list summary, DNR `unsupported`, report `pruned`).

use keyveil::leak::{Field, LeakProbe, TypedValue};
use keyveil::limits::{self, human_bytes};
use keyveil::lists::{self, dnr, Fate, RejectReason};
use keyveil::report::Report;
use keyveil::request::Request;
use keyveil::Engine;
use serde_json::json;
use std::io::Write;

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn post(url: &str, body: &[u8]) -> keyveil::request::Verdict {
    Engine::new()
        .classify_request(&Request {
            url,
            method: Some("POST"),
            body: Some(body),
            ..Request::default()
        })
        .unwrap()
}

fn has(evidence: &[String], text: &str) -> bool {
    evidence.iter().any(|e| e.contains(text))
}

const SHELL_HEADING: &str = "## Limits the JavaScript shell applies";

/// The rows of a table in `docs/limits.md`: name, value and the remaining cells.
fn rows(table: &str) -> Vec<(String, usize, Vec<&str>)> {
    table
        .lines()
        .filter_map(|l| {
            let mut cells = l.split('|').map(str::trim).skip(1);
            let name = cells
                .next()?
                .strip_prefix('`')?
                .strip_suffix('`')?
                .to_string();
            let value = cells.next()?.split_whitespace().next()?.parse().ok()?;
            Some((name, value, cells.filter(|c| !c.is_empty()).collect()))
        })
        .collect()
}

/// The core's limits (the first table) and the shell's (the table under [`SHELL_HEADING`]).
fn tables() -> (&'static str, &'static str) {
    let doc = include_str!("../docs/limits.md");
    doc.split_once(SHELL_HEADING)
        .expect("docs/limits.md lists the shell's limits")
}

#[test]
fn the_table_in_docs_matches_the_constants() {
    let table = tables().0;
    let rows: Vec<(String, usize)> = rows(table).into_iter().map(|(n, v, _)| (n, v)).collect();
    let constants: Vec<(&str, usize)> = vec![
        ("MAX_BODY_BYTES", limits::MAX_BODY_BYTES),
        ("MAX_INFLATED_BYTES", limits::MAX_INFLATED_BYTES),
        ("MAX_ENVELOPE_ITEMS", limits::MAX_ENVELOPE_ITEMS),
        ("MAX_URL_BYTES", limits::MAX_URL_BYTES),
        ("MAX_SCRIPT_BYTES", limits::MAX_SCRIPT_BYTES),
        ("MAX_LEAK_SCAN_BYTES", limits::MAX_LEAK_SCAN_BYTES),
        ("MAX_TYPED_VALUES", limits::MAX_TYPED_VALUES),
        ("MAX_LINE_BYTES", limits::MAX_LINE_BYTES),
        ("MAX_LIST_LINES", limits::MAX_LIST_LINES),
        ("MAX_DYNAMIC_RULES", limits::MAX_DYNAMIC_RULES),
        ("MAX_SITES", limits::MAX_SITES),
        ("MAX_TRACKERS_PER_SITE", limits::MAX_TRACKERS_PER_SITE),
        ("MAX_DAYS", limits::MAX_DAYS as usize),
        ("MAX_LEAKS_PER_TRACKER", limits::MAX_LEAKS_PER_TRACKER),
        ("MAX_EVENT_IDS", limits::MAX_EVENT_IDS),
        ("MAX_TEXT_LEN", limits::MAX_TEXT_LEN),
    ];
    let want: Vec<(String, usize)> = constants.iter().map(|(n, v)| (n.to_string(), *v)).collect();
    assert_eq!(rows, want, "docs/limits.md and src/limits.rs disagree");
    // The human-readable value in the table is the one the messages print.
    for (name, v) in &constants {
        if name.ends_with("_BYTES") {
            let row = table
                .lines()
                .find(|l| l.contains(&format!("`{name}`")))
                .unwrap();
            assert!(row.contains(&format!("({})", human_bytes(*v))), "{row}");
        }
    }
}

/// The last number in a piece of shell code, a product written out (`192 * 1024`) read as
/// its value: `note.slice(0, 500)` is 500; `None` when the code has no number.
fn number_in(code: &str) -> Option<u64> {
    let compact: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    compact
        .split(|c: char| !(c.is_ascii_digit() || c == '*'))
        .rev()
        .find_map(|run| {
            let factors: Vec<u64> = run
                .split('*')
                .filter(|f| !f.is_empty())
                .map(|f| f.parse().unwrap())
                .collect();
            (!factors.is_empty()).then(|| factors.iter().product())
        })
}

#[test]
fn the_shells_limits_come_from_the_core_and_the_shell_says_the_same() {
    let table = tables().1;
    let rows = rows(table);
    let listed: Vec<(String, u64)> = rows
        .iter()
        .map(|(n, v, _)| (n.clone(), *v as u64))
        .collect();
    let want: Vec<(String, u64)> = limits::shell::ALL
        .iter()
        .map(|(n, v)| (n.to_string(), *v))
        .collect();
    assert_eq!(
        listed, want,
        "docs/limits.md and src/limits/shell.rs disagree"
    );
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for (name, value, cells) in &rows {
        if name.ends_with("_BYTES") {
            let row = table
                .lines()
                .find(|l| l.contains(&format!("`{name}`")))
                .unwrap();
            assert!(row.contains(&format!("({})", human_bytes(*value))), "{row}");
        }
        // The last cell: `extension/<file>`: `<code>`.
        let place = cells.last().unwrap();
        let (file, code) = place
            .split_once("`: `")
            .unwrap_or_else(|| panic!("{name}: no `file`: `code` in {place:?}"));
        let file = file.trim_start_matches('`');
        let code = code.trim_end_matches('`');
        let text = std::fs::read_to_string(root.join(file))
            .unwrap_or_else(|e| panic!("{name}: {file}: {e}"));
        assert!(text.contains(code), "{name}: {file} no longer has `{code}`");
        if let Some(n) = number_in(code) {
            assert_eq!(n, *value as u64, "{name}: `{code}` in {file}");
        }
    }
}

#[test]
fn shell_code_numbers_read_as_written() {
    assert_eq!(
        number_in("const MAX_KEPT_BYTES = 32 * 1024 * 1024"),
        Some(32 << 20)
    );
    assert_eq!(number_in("note.slice(0, 500)"), Some(500));
    assert_eq!(number_in("send([]); }, 1000"), Some(1000));
    assert_eq!(number_in("limits.MESSAGES_PER_SECOND"), None);
}

#[test]
fn request_body_cap_is_in_the_evidence() {
    let mut body = br#"[{"type":3,"data":{"source":5,"text":"x"},"timestamp":1}]"#.to_vec();
    body.resize(50 << 20, b' ');
    let v = post("https://collect.example.net/b", &body);
    assert!(v.truncated && v.inspected_bytes == limits::MAX_BODY_BYTES);
    assert!(
        has(&v.evidence, "body capped at 256 KiB of 50 MiB"),
        "{:?}",
        v.evidence
    );
    let v = post(
        "https://collect.example.net/b",
        &body[..limits::MAX_BODY_BYTES],
    );
    assert!(
        !v.truncated && !has(&v.evidence, "capped"),
        "{:?}",
        v.evidence
    );
}

#[test]
fn request_inflate_cap_is_in_the_evidence() {
    let bomb = gzip(&vec![b'a'; 8 << 20]);
    let v = post("https://collect.example.net/b", &bomb);
    assert!(v.truncated);
    assert!(
        has(&v.evidence, "inflated body capped at 1 MiB"),
        "{:?}",
        v.evidence
    );
    let small = gzip(&vec![b'a'; limits::MAX_INFLATED_BYTES - 1]);
    assert!(!post("https://collect.example.net/b", &small).truncated);
}

#[test]
fn envelope_item_cap_is_in_the_evidence() {
    let mut env = b"{\"event_id\":\"a\",\"sent_at\":\"t\"}\n".to_vec();
    for _ in 0..limits::MAX_ENVELOPE_ITEMS + 5 {
        env.extend_from_slice(b"{\"type\":\"event\"}\n{\"message\":\"boom\"}\n");
    }
    let v = post("https://o1.ingest.sentry.io/api/1/envelope/", &env);
    assert!(
        has(&v.evidence, "only the first 64 items read"),
        "{:?}",
        v.evidence
    );
    env.truncate(30 + 10 * 34);
    let v = post("https://o1.ingest.sentry.io/api/1/envelope/", &env);
    assert!(!has(&v.evidence, "items read"), "{:?}", v.evidence);
}

#[test]
fn url_cap_is_in_the_evidence() {
    let url = format!("https://in.hotjar.com/api?q={}", "a".repeat(2 << 20));
    let v = Engine::new()
        .classify_request(&Request {
            url: &url,
            ..Request::default()
        })
        .unwrap();
    assert!(v.truncated);
    assert!(
        has(&v.evidence, "URL cut at 16 KiB of 2 MiB"),
        "{:?}",
        v.evidence
    );
}

#[test]
fn script_cap_is_in_the_evidence() {
    let src = vec![b' '; limits::MAX_SCRIPT_BYTES + (1 << 20)];
    let v = Engine::new().classify_script(None, &src);
    assert!(v.truncated);
    assert!(
        has(&v.evidence, "only the first 64 MiB of 65 MiB were read"),
        "{:?}",
        v.evidence
    );
    assert!(
        !Engine::new()
            .classify_script(None, &src[..limits::MAX_SCRIPT_BYTES])
            .truncated
    );
}

fn probe() -> LeakProbe {
    LeakProbe::new(&[TypedValue {
        field: Field {
            name: Some("email".into()),
            ..Field::default()
        },
        value: "alice@example.org".into(),
    }])
    .unwrap()
}

#[test]
fn leak_scan_caps_are_in_the_notes() {
    let mut body = b"email=alice@example.org&".to_vec();
    body.resize(50 << 20, b'x');
    let s = probe().scan(None, Some(&body));
    assert_eq!(
        s.matches.len(),
        1,
        "the value before the cap is still found"
    );
    assert!(s.truncated);
    assert_eq!(
        s.notes,
        ["body cut at 1 MiB of 50 MiB: the rest was not searched"]
    );
    let url = format!("https://x.example/?a={}", "b".repeat(3 << 20));
    let s = probe().scan(Some(&url), None);
    assert!(s.truncated && s.notes[0].starts_with("URL cut at 1 MiB of 3 MiB"));
    let s = probe().scan(None, Some(&gzip(&vec![b'z'; 3 << 20])));
    assert!(s.truncated);
    assert!(
        s.notes
            .iter()
            .any(|n| n.starts_with("inflated body cut at 1 MiB")),
        "{:?}",
        s.notes
    );
    let s = probe().scan(None, Some(&body[..limits::MAX_LEAK_SCAN_BYTES]));
    assert!(!s.truncated && s.notes.is_empty());
}

#[test]
fn too_many_typed_values_is_an_error_value() {
    let v = TypedValue {
        field: Field::default(),
        value: "alice@example.org".into(),
    };
    let values = vec![v; limits::MAX_TYPED_VALUES + 1];
    let e = LeakProbe::new(&values).unwrap_err();
    assert_eq!(e.to_string(), "too many typed values: 65 (at most 64)");
    assert!(LeakProbe::new(&values[1..]).is_ok());
}

#[test]
fn list_line_cap_rejects_the_line() {
    let long = format!("||{}.example^", "a".repeat(limits::MAX_LINE_BYTES));
    let r = lists::parse(&format!("||ok.example^\n{long}\n"));
    assert_eq!(r.summary.rejected, 1);
    assert_eq!(
        r.problems[0].fate,
        Fate::Rejected {
            reason: RejectReason::LineTooLong
        }
    );
}

#[test]
fn list_length_cap_is_counted_and_reported_never_silent() {
    // Blank lines up to the limit (quick to read), then filters that must not be read.
    let extra = 5;
    let text = "\n".repeat(limits::MAX_LIST_LINES) + &"||a.example^\n".repeat(extra);
    let r = lists::parse(&text);
    let s = r.summary;
    assert_eq!(s.lines, limits::MAX_LIST_LINES + extra);
    assert_eq!((s.filters, s.rejected, s.unread), (0, extra, extra));
    assert_eq!(s.accepted + s.ignored + s.rejected, s.lines);
    let last = r.problems.last().unwrap();
    assert_eq!(last.line, limits::MAX_LIST_LINES + 1);
    assert_eq!(
        last.fate,
        Fate::Rejected {
            reason: RejectReason::ListTooLong(extra - 1)
        }
    );
    let info = lists::user::check(&text);
    let p = info.problems.last().unwrap();
    assert_eq!(p.reason, "list-too-long");
    assert_eq!(
        p.message,
        "list longer than 500000 lines: this line and the 4 after it were not read"
    );
    let ok = lists::parse(&("\n".repeat(limits::MAX_LIST_LINES - 1) + "||a.example^\n"));
    assert_eq!(
        (ok.summary.filters, ok.summary.rejected, ok.summary.unread),
        (1, 0, 0)
    );
}

#[test]
fn dnr_rule_cap_lists_the_rest_as_unsupported() {
    let text: String = (0..=limits::MAX_DYNAMIC_RULES)
        .map(|i| format!("||h{i}.example^\n"))
        .collect();
    let list = lists::parse(&text).list;
    let out = dnr::compile(&list, &dnr::Overrides::default());
    assert_eq!(out.rules.len(), limits::MAX_DYNAMIC_RULES);
    assert_eq!(out.unsupported.len(), 1);
    assert_eq!(out.unsupported[0].filter, "||h30000.example^");
    assert!(out.unsupported[0].reason.contains("30,000"));
    // What the extension compiles merges `||host^` filters, so the cap is met only by filters
    // that cannot merge (a path each); the built-in list's rules are static and count nothing.
    let text: String = (0..=limits::MAX_DYNAMIC_RULES)
        .map(|i| format!("||h{i}.example/x\n"))
        .collect();
    let mut engine = Engine::new();
    engine.set_extra_lists(&[&text]);
    let out = engine.compile_dnr_for(&keyveil::policy::Settings::default());
    assert_eq!(out.dynamic.rules.len(), limits::MAX_DYNAMIC_RULES);
    let over: Vec<_> = out.dynamic.unsupported.iter().map(|l| &l.filter).collect();
    assert_eq!(over, vec!["||h30000.example/x"]);
    // Host filters past the cap merge into one rule and all fit.
    let hosts: String = (0..=limits::MAX_DYNAMIC_RULES)
        .map(|i| format!("||h{i}.example^\n"))
        .collect();
    engine.set_extra_lists(&[&hosts]);
    let out = engine.compile_dnr_for(&keyveil::policy::Settings::default());
    assert_eq!(out.dynamic.rules.len(), 1);
    assert!(out.dynamic.unsupported.is_empty());
    assert_eq!(out.dynamic.covered, limits::MAX_DYNAMIC_RULES + 1);
}

#[test]
fn dnr_redirect_rules_past_chromes_unsafe_limit_are_listed_as_unsupported() {
    // Chrome holds at most 5,000 dynamic redirect rules (its "unsafe" rules) within the 30,000.
    let text: String = (0..=dnr::MAX_UNSAFE_DYNAMIC_RULES)
        .map(|i| format!("||h{i}.example/x$removeparam=utm\n"))
        .chain((0..10).map(|i| format!("||b{i}.example/x\n")))
        .collect();
    let mut engine = Engine::new();
    engine.set_extra_lists(&[&text]);
    let out = engine.compile_dnr_for(&keyveil::policy::Settings::default());
    let redirects = out
        .dynamic
        .rules
        .iter()
        .filter(|r| r["action"]["type"] == "redirect")
        .count();
    assert_eq!(redirects, dnr::MAX_UNSAFE_DYNAMIC_RULES);
    let over: Vec<_> = out.dynamic.unsupported.iter().collect();
    assert_eq!(over.len(), 1, "{over:?}");
    assert_eq!(over[0].filter, "||h5000.example/x$removeparam=utm");
    assert!(over[0].reason.contains("5,000"));
    // Block rules after them still fit.
    assert_eq!(out.dynamic.rules.len(), dnr::MAX_UNSAFE_DYNAMIC_RULES + 10);
}

/// A tracker record as stored, with `days` days and `leaks` leaks.
fn tracker(ts: u64, days: usize, leaks: usize) -> serde_json::Value {
    let days: Vec<_> = (0..days)
        .map(|d| {
            let t = 1_600_000_000_000 + d as u64 * 86_400_000;
            json!({"day": keyveil::report::day::day_of(t), "blocked": 1, "fuzzed": 0, "stripped": 0})
        })
        .collect();
    let leaks: Vec<_> = (0..leaks)
        .map(|l| {
            json!({"field": {"name": format!("f{l}")}, "encoding": "plain",
                        "first_seen": ts, "last_seen": ts + l as u64, "count": 1})
        })
        .collect();
    json!({"class": "session-replay", "first_seen": ts, "last_seen": ts, "days": days, "leaks": leaks})
}

#[test]
fn report_caps_apply_to_imports_and_are_counted() {
    let ts = 1_700_000_000_000u64;
    let mut sites = serde_json::Map::new();
    for i in 0..limits::MAX_SITES + 3 {
        let t = ts + i as u64;
        sites.insert(
            format!("s{i}.example"),
            json!({"first_seen": t, "last_seen": t, "trackers": {"T": {"class": "session-replay", "first_seen": t, "last_seen": t}}}),
        );
    }
    let mut trackers = serde_json::Map::new();
    for k in 0..limits::MAX_TRACKERS_PER_SITE + 2 {
        trackers.insert(format!("V{k}"), tracker(ts + 10_000 + k as u64, 1, 0));
    }
    trackers.insert(
        "Big".into(),
        tracker(
            ts + 20_000,
            limits::MAX_DAYS as usize + 7,
            limits::MAX_LEAKS_PER_TRACKER + 4,
        ),
    );
    sites.insert(
        "big.example".into(),
        json!({"first_seen": ts, "last_seen": ts + 20_000, "trackers": trackers}),
    );
    let export = json!({"format": "keyveil-report", "version": 1, "exported_at": ts,
                        "sites": sites, "pruned": {"sites": 1}})
    .to_string();
    let r = Report::import_json(&export).unwrap().report;
    assert_eq!(r.sites.len(), limits::MAX_SITES);
    assert!(
        !r.sites.contains_key("s0.example"),
        "the least recently seen site goes first"
    );
    let big = &r.sites["big.example"];
    assert_eq!(big.trackers.len(), limits::MAX_TRACKERS_PER_SITE);
    let t = &big.trackers["Big"];
    assert_eq!(t.days.len(), limits::MAX_DAYS as usize);
    assert_eq!(t.leaks.len(), limits::MAX_LEAKS_PER_TRACKER);
    let p = &r.pruned;
    assert_eq!(
        (p.sites, p.trackers, p.day_entries, p.leaks),
        (1 + 4, 3, 7, 4)
    );
    assert!(p.happened() && p.last_at.is_some());
    // Stored reports are read the same way.
    let loaded = Report::load(&export.replace("\"format\":\"keyveil-report\",", ""))
        .unwrap()
        .report;
    assert_eq!(loaded.sites.len(), limits::MAX_SITES);
    // A report within the caps is read unchanged, with nothing counted.
    let small = Report::import_json(&r.export_json(ts)).unwrap().report;
    assert_eq!(small.sites, r.sites);
    assert_eq!(small.pruned, r.pruned);
}
