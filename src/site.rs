//! Site keys: the normalised host that settings and report records are filed under.
//!
//! A key is the host in lower case without `www.`, port, trailing dot or anything else of
//! the URL. There is no public-suffix list in the core (it would weigh more than the rest of
//! the Wasm), so "registrable-ish" is done at lookup: a setting for `example.com` applies to
//! `shop.example.com` through [`ancestors`], the most specific entry winning.

/// Why a string is not a site.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Nothing left once scheme, path and port are removed.
    #[error("empty site")]
    Empty,
    /// A character no host name has.
    #[error("not a host name: {0:?}")]
    Invalid(String),
}

/// The longest key accepted (DNS names are at most 253 bytes).
pub const MAX_SITE_LEN: usize = 253;

/// The site key of a URL or a bare host: `https://WWW.Example.com:8443/x` → `example.com`.
pub fn site_key(input: &str) -> Result<String, Error> {
    let s = input.trim();
    let s = s.split_once("://").map_or(s, |(_, rest)| rest);
    let end = s.find(['/', '?', '#']).unwrap_or(s.len());
    let authority = &s[..end];
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    let host = if host.starts_with('[') {
        // IPv6 literal: keep the brackets, drop a port after them.
        host.find(']').map_or(host, |i| &host[..=i])
    } else {
        host.split(':').next().unwrap_or("")
    };
    let host = host.trim_end_matches('.').to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    if host.is_empty() {
        return Err(Error::Empty);
    }
    // Brackets and colons only as a whole IPv6 literal (`[::1]`), never inside a name.
    let ok = host.len() <= MAX_SITE_LEN
        && match host.strip_prefix('[').and_then(|h| h.strip_suffix(']')) {
            Some(v6) => v6
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.')),
            None => host
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_')),
        };
    if !ok {
        return Err(Error::Invalid(input.chars().take(80).collect()));
    }
    Ok(host)
}

/// `key` and its parent domains, most specific first, never a bare top-level label:
/// `a.b.example.com` → `a.b.example.com`, `b.example.com`, `example.com`.
/// A single-label key (`localhost`) or an IP literal yields only itself.
pub fn ancestors(key: &str) -> impl Iterator<Item = &str> {
    let is_ip = key.starts_with('[') || key.parse::<std::net::Ipv4Addr>().is_ok();
    let mut next = Some(key);
    std::iter::from_fn(move || {
        let cur = next?;
        next = match cur.split_once('.') {
            Some((_, parent)) if !is_ip && parent.contains('.') => Some(parent),
            _ => None,
        };
        Some(cur)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_from_urls_and_hosts() {
        for (input, key) in [
            ("https://WWW.Example.com:8443/x?y#z", "example.com"),
            ("shop.example.com", "shop.example.com"),
            ("http://user:pw@example.org./", "example.org"),
            ("http://[::1]:8080/", "[::1]"),
            ("localhost:3000", "localhost"),
            ("  example.net  ", "example.net"),
        ] {
            assert_eq!(site_key(input).as_deref(), Ok(key), "{input}");
        }
        assert_eq!(site_key("https:///x"), Err(Error::Empty));
        assert!(matches!(site_key("exa mple.com"), Err(Error::Invalid(_))));
        assert!(matches!(site_key("<img src=x>"), Err(Error::Invalid(_))));
        for bad in ["https://Oth]r.Example/path", "a[b.example", "[::1", "[zz]"] {
            assert!(matches!(site_key(bad), Err(Error::Invalid(_))), "{bad}");
        }
    }

    #[test]
    fn ancestors_stop_before_the_tld() {
        let a: Vec<&str> = ancestors("a.b.example.com").collect();
        assert_eq!(a, ["a.b.example.com", "b.example.com", "example.com"]);
        assert_eq!(ancestors("localhost").collect::<Vec<_>>(), ["localhost"]);
        assert_eq!(ancestors("10.0.0.1").collect::<Vec<_>>(), ["10.0.0.1"]);
    }
}
