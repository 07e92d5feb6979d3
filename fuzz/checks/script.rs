//! The `script` fuzz target's checks: `Engine::classify_script`.

use super::*;
use keyveil::Class;

/// Input: the script source. When its first line starts with `http`, that line is also used
/// as the script's URL for a second verdict on the rest.
pub fn script(data: &[u8]) {
    check_script(&engine().classify_script(None, data), data.len());
    let (first, rest) = line(data);
    if first.starts_with(b"http") {
        if let Ok(url) = std::str::from_utf8(first) {
            check_script(&engine().classify_script(Some(url), rest), rest.len());
        }
    }
}

fn check_script(v: &keyveil::script::Verdict, len: usize) {
    assert!(v.score.is_finite() && v.score >= 0.0, "score {}", v.score);
    assert_eq!(v.records_input, v.class != Class::None, "{v:?}");
    assert_eq!(v.truncated, len > keyveil::script::MAX_BYTES);
    if v.records_input {
        assert!(
            !v.evidence.is_empty(),
            "a recorder verdict without evidence"
        );
    }
    assert!(serde_json::to_string(v).is_ok());
}
