//! Finds where a filter's options start and cuts the option list into names and values.
//!
//! uBlock Origin reads the options separator as the last `$` that is followed by a well-formed
//! option list. Option values may hold `/` (`$removeparam=/^utm_/`), `$` and `=`; a `,` inside
//! a value is written `\,`. A `$` that no option list follows is part of the pattern (a regex
//! filter `/ad$/` ends with one), so an option is never read as pattern text nor the reverse.

/// One `name[=value]` of an option list, with its `~` and its value unescaped.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Opt {
    /// `~name`.
    pub negated: bool,
    /// Lower-cased name.
    pub name: String,
    /// The text after the first `=`, `\,` read as `,`.
    pub value: Option<String>,
}

/// Splits `pattern$options`; `None` when the line has no option list.
///
/// The text is cut at unescaped commas once; scanning its pieces from the right, the first `$`
/// whose remainder of its piece is an option, with every piece after it an option too, is the
/// separator. Each candidate `$` costs only the length of the name after it (a name ends at
/// the next character no name has, at the latest the next `$`), so a long line full of `$`
/// stays linear.
pub(super) fn split_options(s: &str) -> (&str, Option<&str>) {
    if !s.contains('$') {
        return (s, None);
    }
    let pieces = pieces(s);
    let mut rest_ok = true;
    for &(start, end) in pieces.iter().rev() {
        let piece = &s[start..end];
        let mut upto = piece.len();
        while let Some(i) = piece[..upto].rfind('$') {
            if rest_ok && is_option(&piece[i + 1..]) {
                let at = start + i;
                return (&s[..at], Some(&s[at + 1..]));
            }
            upto = i;
        }
        rest_ok = rest_ok && is_option(piece);
        if !rest_ok {
            break;
        }
    }
    (s, None)
}

/// The byte ranges of the pieces of `s` between unescaped commas.
fn pieces(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        if c == b',' && (i == 0 || b[i - 1] != b'\\') {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, b.len()));
    out
}

/// Whether `piece` reads as one option: `~?name(=value)?`, or nothing (an empty option is
/// refused later, with its own reason, rather than read as pattern text).
fn is_option(piece: &str) -> bool {
    let p = piece.strip_prefix('~').unwrap_or(piece);
    let name_len = p
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
        .count();
    if piece.is_empty() {
        return true;
    }
    name_len > 0 && (name_len == p.len() || p.as_bytes()[name_len] == b'=')
}

/// Cuts an option list (the text after the separator) into options.
pub(super) fn options(text: &str) -> Vec<Opt> {
    pieces(text)
        .into_iter()
        .map(|(a, b)| {
            let raw = &text[a..b];
            let (negated, opt) = match raw.strip_prefix('~') {
                Some(o) => (true, o),
                None => (false, raw),
            };
            let (name, value) = match opt.split_once('=') {
                Some((n, v)) => (n, Some(v.replace("\\,", ","))),
                None => (opt, None),
            };
            Opt {
                negated,
                name: name.to_ascii_lowercase(),
                value,
            }
        })
        .collect()
}

/// An option value printed back: `,` escaped so the list reads the same again.
pub(super) fn escape_value(v: &str) -> String {
    v.replace(',', "\\,")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_separator_is_the_last_dollar_an_option_list_follows() {
        let cases = [
            ("||a.com^$script", ("||a.com^", Some("script"))),
            (
                "||a.com^$removeparam=/^utm_/",
                ("||a.com^", Some("removeparam=/^utm_/")),
            ),
            ("/ad$/", ("/ad$/", None)),
            ("/ad$/$script,3p", ("/ad$/", Some("script,3p"))),
            ("/a{1,3}$/", ("/a{1,3}$/", None)),
            (
                "||a.com$removeparam=/x$/,script",
                ("||a.com", Some("removeparam=/x$/,script")),
            ),
            ("||a.com/$/x", ("||a.com/$/x", None)),
            ("||a.com^$", ("||a.com^", Some(""))),
            ("||a.com^$script,", ("||a.com^", Some("script,"))),
            (
                "||a.com^$replace=/a\\,b/c/",
                ("||a.com^", Some("replace=/a\\,b/c/")),
            ),
        ];
        for (line, want) in cases {
            assert_eq!(split_options(line), want, "{line}");
        }
    }

    #[test]
    fn values_keep_slashes_equals_and_escaped_commas() {
        let o = options("~Script,removeparam=/^(a|b)=\\,/,domain=a.com|~b.com");
        assert_eq!(o.len(), 3);
        assert_eq!((o[0].negated, o[0].name.as_str()), (true, "script"));
        assert_eq!(o[1].value.as_deref(), Some("/^(a|b)=,/"));
        assert_eq!(o[2].value.as_deref(), Some("a.com|~b.com"));
        assert_eq!(escape_value("/a,b/"), "/a\\,b/");
    }

    #[test]
    fn many_dollars_stay_linear() {
        let line = "$a=".repeat(30_000) + ",!";
        let t = std::time::Instant::now();
        assert_eq!(split_options(&line).1, None);
        assert!(t.elapsed().as_millis() < 500, "{:?}", t.elapsed());
    }
}
