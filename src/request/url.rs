//! URL parts for matching: scheme, host, path and query, found in one pass without allocating.

use super::Error;
pub use crate::site::site_of;
use std::borrow::Cow;

/// Longest URL looked at; past this the rest is not matched (and the verdict says so).
/// Chrome accepts URLs up to 2 MB, but no tracker signature needs more than the first few kB.
pub const MAX_URL_BYTES: usize = 16 * 1024;

/// The parts of an absolute http(s)/ws(s) URL that rules look at.
#[derive(Debug, Clone)]
pub struct UrlParts<'a> {
    /// The URL as matched: at most [`MAX_URL_BYTES`].
    pub url: &'a str,
    /// True when the URL was longer than [`MAX_URL_BYTES`] and cut.
    pub cut: bool,
    /// Lower-case host without port or brackets' contents changed (IPv6 stays bracketed).
    pub host: Cow<'a, str>,
    /// Byte offset of the host in `url`.
    pub host_start: usize,
    /// Byte offset just past the host in `url` (where `:port`, `/`, `?` or the end begins).
    pub host_end: usize,
    /// Path from its `/` (may be empty), without query or fragment.
    pub path: &'a str,
    /// Query without `?`, without fragment (may be empty).
    pub query: &'a str,
}

impl<'a> UrlParts<'a> {
    /// Splits an absolute URL; anything that is not an http(s)/ws(s) URL with a host is an error.
    pub fn parse(url: &'a str) -> Result<Self, Error> {
        let full = url.trim();
        let (full, cut) = if full.len() > MAX_URL_BYTES {
            let mut end = MAX_URL_BYTES;
            while !full.is_char_boundary(end) {
                end -= 1;
            }
            (&full[..end], true)
        } else {
            (full, false)
        };
        let colon = full
            .find(':')
            .ok_or_else(|| Error::InvalidUrl(short(full)))?;
        let scheme = &full[..colon];
        if !["http", "https", "ws", "wss"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(scheme))
        {
            return Err(Error::UnsupportedScheme(short(scheme)));
        }
        let after = full[colon + 1..]
            .strip_prefix("//")
            .ok_or_else(|| Error::InvalidUrl(short(full)))?;
        let auth_start = colon + 3;
        let auth_len = after.find(['/', '?', '#']).unwrap_or(after.len());
        let authority = &after[..auth_len];
        // Userinfo (`user:pass@`) is not part of the host.
        let host_off = authority.rfind('@').map_or(0, |i| i + 1);
        let hostport = &authority[host_off..];
        let host_len = if hostport.starts_with('[') {
            hostport
                .find(']')
                .map(|i| i + 1)
                .ok_or_else(|| Error::InvalidUrl(short(full)))?
        } else {
            hostport.find(':').unwrap_or(hostport.len())
        };
        let host = &hostport[..host_len];
        let port = &hostport[host_len..];
        // `..` looked for byte-wise: `str::contains(&str)` sets up a substring searcher per call.
        if host.is_empty()
            || host.starts_with('.')
            || host.as_bytes().windows(2).any(|w| w == b"..")
        {
            return Err(Error::InvalidUrl(short(full)));
        }
        let ok_host = host.starts_with('[')
            || host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
        if !ok_host {
            return Err(Error::InvalidUrl(short(full)));
        }
        // `port` starts wherever the host ended: after `]` it may be any character, so it is
        // checked for its `:` rather than sliced past its first byte.
        let port_ok = port.is_empty()
            || port
                .strip_prefix(':')
                .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
        if !port_ok {
            return Err(Error::InvalidUrl(short(full)));
        }
        let host_start = auth_start + host_off;
        let host_end = host_start + host_len;
        let rest = &full[auth_start + auth_len..];
        let rest = rest.find('#').map_or(rest, |i| &rest[..i]);
        let (path, query) = match rest.find('?') {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, ""),
        };
        let host = host.trim_end_matches('.');
        let host = if host.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(host.to_ascii_lowercase())
        } else {
            Cow::Borrowed(host)
        };
        Ok(UrlParts {
            url: full,
            cut,
            host,
            host_start,
            host_end,
            path,
            query,
        })
    }

    /// The registrable part of the host ("site"): see [`site_of`].
    pub fn site(&self) -> &str {
        site_of(&self.host)
    }
}

/// The host of a URL, lower-cased, or `None` if it does not parse.
pub fn host_of(url: &str) -> Option<Cow<'_, str>> {
    UrlParts::parse(url).ok().map(|p| p.host)
}

fn short(s: &str) -> String {
    s.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_parts() {
        let u =
            UrlParts::parse("https://user:pw@In.Hotjar.com:443/api/v2/client?x=1#frag").unwrap();
        assert_eq!(u.host, "in.hotjar.com");
        assert_eq!(&u.url[u.host_start..u.host_end], "In.Hotjar.com");
        assert_eq!(u.path, "/api/v2/client");
        assert_eq!(u.query, "x=1");
        let u = UrlParts::parse("wss://ws12.hotjar.com").unwrap();
        assert_eq!((u.path, u.query), ("", ""));
        let u = UrlParts::parse("http://[::1]:8080/a").unwrap();
        assert_eq!(u.host, "[::1]");
    }

    #[test]
    fn rejects_bad_urls() {
        for bad in [
            "",
            "hotjar.com",
            "https://",
            "https:///x",
            "http://a b/",
            "http://x:80a/",
            "http://ex..com/",
            "http://[::1/",
            "http://[::1]\u{e9}:80/",
            "http://[::1]x80/",
        ] {
            assert!(
                matches!(UrlParts::parse(bad), Err(Error::InvalidUrl(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            UrlParts::parse("data:text/plain,hi"),
            Err(Error::UnsupportedScheme(_))
        ));
        assert!(matches!(
            UrlParts::parse("ftp://x.org/"),
            Err(Error::UnsupportedScheme(_))
        ));
    }

    #[test]
    fn long_urls_are_cut_not_refused() {
        let long = format!("https://a.com/?q={}", "é".repeat(MAX_URL_BYTES));
        let u = UrlParts::parse(&long).unwrap();
        assert!(u.cut && u.url.len() <= MAX_URL_BYTES);
    }
}
