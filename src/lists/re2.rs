//! What Chrome's regex engine (RE2) cannot take in a DNR `regexFilter`, found before Chrome sees it.
//!
//! RE2 has no lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`), no backreferences (`\1`, `\k<name>`)
//! and no atomic groups (`(?>`); and Chrome refuses a regex whose compiled program exceeds
//! 2 KB. One refused rule makes Chrome refuse the whole `updateDynamicRules` call, so every doubt
//! is settled here, per filter, with a reason. The size of RE2's program cannot be known without
//! RE2; a length and repeat-count bound keeps well inside it (RE2 unrolls `x{100}` into 100
//! copies of `x`).

/// Longest regex compiled to DNR.
pub const MAX_REGEX_BYTES: usize = 256;
/// Largest bound of a counted repeat (`{n}`, `{n,m}`, `{n,}`) compiled to DNR.
pub const MAX_REPEAT: u32 = 32;

/// Why RE2 under Chrome's limits would refuse `re`, or `None` when it takes it.
pub fn problem(re: &str) -> Option<String> {
    if re.len() > MAX_REGEX_BYTES {
        return Some(format!(
            "regex longer than {MAX_REGEX_BYTES} bytes may exceed Chrome's 2 KB limit on a compiled regexFilter"
        ));
    }
    let b = re.as_bytes();
    let mut i = 0;
    let mut in_class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => {
                match b.get(i + 1) {
                    Some(b'1'..=b'9') if !in_class => {
                        return Some("backreference: Chrome's regex engine (RE2) has none".into())
                    }
                    Some(b'k') if b.get(i + 2) == Some(&b'<') => {
                        return Some("backreference: Chrome's regex engine (RE2) has none".into())
                    }
                    _ => {}
                }
                i += 2;
                continue;
            }
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class && b.get(i + 1) == Some(&b'?') => {
                let rest = &re[i + 2..];
                if ["=", "!", "<=", "<!"].iter().any(|p| rest.starts_with(p)) {
                    return Some("lookaround: Chrome's regex engine (RE2) has none".into());
                }
                if rest.starts_with('>') {
                    return Some("atomic group: Chrome's regex engine (RE2) has none".into());
                }
            }
            b'{' if !in_class => {
                let end = re[i..].find('}').map(|e| i + e);
                let bound = end.and_then(|e| {
                    re[i + 1..e]
                        .split(',')
                        .filter_map(|n| n.trim().parse::<u32>().ok())
                        .max()
                });
                if bound.is_some_and(|n| n > MAX_REPEAT) {
                    return Some(format!(
                        "counted repeat over {MAX_REPEAT} may exceed Chrome's 2 KB limit on a compiled regexFilter"
                    ));
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn re2_refusals_are_found() {
        for (re, why) in [
            ("foo(?=bar)", "lookaround"),
            ("(?!ads)x", "lookaround"),
            ("(?<=a)b", "lookaround"),
            ("(?<!a)b", "lookaround"),
            ("(a)\\1", "backreference"),
            ("(?<n>a)\\k<n>", "backreference"),
            ("(?>ab)", "atomic"),
            ("a.{100,}", "counted repeat"),
        ] {
            let p = problem(re).unwrap_or_else(|| panic!("{re} passed"));
            assert!(p.contains(why), "{re}: {p}");
        }
        assert!(problem(&"a".repeat(MAX_REGEX_BYTES + 1))
            .unwrap()
            .contains("longer"));
        for re in [
            "^https?:\\/\\/[a-z]{2,8}\\.example\\/",
            "(?:ad|track)s?\\.js$",
            "[\\1]x",
            "a{32}",
        ] {
            assert_eq!(problem(re), None, "{re}");
        }
    }
}
