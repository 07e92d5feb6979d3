//! Patterns that match (nearly) every URL: refused, since one such line blocks the whole web.
//!
//! Every URL a page loads starts `http://` or `https://` (or `ws`/`wss`), holds a `/` and a
//! `.`; a pattern made only of such text, separators (`^`) and wildcards says nothing about
//! which requests it means. What a pattern means is counted as its letters and digits outside
//! the scheme; fewer than [`MIN_MEANINGFUL`] and the filter is refused, unless a `||host`
//! anchor or a `$domain`/`$to` list narrows it (the caller checks those). Two is the least
//! that real lists use on purpose (`/ad/`, `.js$script`, `&ad_`).

/// Letters and digits a pattern needs beyond the URL scheme.
pub const MIN_MEANINGFUL: usize = 2;

/// Schemes every request URL starts with.
const SCHEMES: [&str; 4] = ["https://", "http://", "wss://", "ws://"];

/// True when a glob pattern (anchors already taken off, lower-cased) is too broad.
pub fn glob_is_broad(pattern: &str) -> bool {
    let meaningful: usize = pattern
        .split(['*', '^', '|'])
        .map(|run| {
            if SCHEMES.iter().any(|s| s.contains(run)) {
                return 0;
            }
            // `://ads` or `https://a`: the scheme part says nothing, what follows does.
            let tail = SCHEMES
                .iter()
                .flat_map(|s| (0..s.len()).map(move |i| &s[i..]))
                .filter(|suffix| run.starts_with(suffix))
                .map(|suffix| &run[suffix.len()..])
                .min_by_key(|t| t.len())
                .unwrap_or(run);
            tail.bytes().filter(u8::is_ascii_alphanumeric).count()
        })
        .sum();
    meaningful < MIN_MEANINGFUL
}

/// True when a regular expression (between its slashes) is too broad: its literal letters and
/// digits, outside character classes, escapes (`\d`, `\w`) and counted repeats (`{1,3}`), are
/// fewer than [`MIN_MEANINGFUL`] or only spell a scheme (`^https?:\/\/`).
pub fn regex_is_broad(re: &str) -> bool {
    let mut literal = String::new();
    let mut chars = re.chars();
    let mut in_class = false;
    let mut in_count = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                chars.next();
            }
            '[' if !in_class => in_class = true,
            ']' if in_class => in_class = false,
            '{' if !in_class => in_count = true,
            '}' if in_count => in_count = false,
            c if c.is_ascii_alphanumeric() && !in_class && !in_count => {
                literal.push(c.to_ascii_lowercase())
            }
            _ => {}
        }
    }
    literal.len() < MIN_MEANINGFUL || ["https", "wss"].iter().any(|s| s.contains(&literal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_every_url_holds_is_broad() {
        for p in [
            "/",
            "h",
            "^",
            ".",
            "http",
            "https://",
            "https:",
            "ttp",
            "://",
            "/.",
            "x",
            "?",
            "&",
            "a^",
            "https://a",
            "*/*",
        ] {
            assert!(glob_is_broad(p), "{p:?} should be broad");
        }
        for p in [
            "ad",
            "/ad/",
            ".js",
            "&ad_",
            "://ads",
            "https://ab",
            "-ga.",
            "gtm.js",
        ] {
            assert!(!glob_is_broad(p), "{p:?} should not be broad");
        }
    }

    #[test]
    fn regexes_without_literal_text_are_broad() {
        for re in [
            ".",
            ".*",
            "^https?:\\/\\/",
            "[a-z]{2,}",
            "\\d+\\w",
            "^wss?:",
            "a.",
        ] {
            assert!(regex_is_broad(re), "{re:?} should be broad");
        }
        for re in ["^https?:\\/\\/ads\\.", "track(er)?\\.js", "[0-9]+ad"] {
            assert!(!regex_is_broad(re), "{re:?} should not be broad");
        }
    }
}
