//! Sites: the one place that decides the site of a host (its registrable domain, for party
//! decisions) and the site key settings and report records are filed under.
//!
//! A key is the host in lower case without `www.`, port, trailing dot or anything else of
//! the URL. There is no full public-suffix list in the core (it would weigh more than the rest
//! of the Wasm): [`site_of`] knows the second-level suffixes trackers' sites commonly sit
//! under, and a setting for `example.com` applies to `shop.example.com` through [`ancestors`],
//! the most specific entry winning, never above the registrable domain.

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

/// Second-level public suffixes common enough that treating `example.co.uk` as the site
/// `co.uk` would make every UK site first-party to every other. Not the whole Public Suffix
/// List: party decisions only need to be right for the sites trackers sit on.
const MULTI_LABEL_SUFFIXES: [&str; 24] = [
    "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "co.jp", "ne.jp",
    "or.jp", "com.br", "com.cn", "com.tr", "co.za", "com.mx", "co.in", "co.kr", "com.tw", "com.sg",
    "com.ar", "co.id", "com.hk", "com.ua",
];

/// The registrable domain of a lower-case host: its last two labels, or three under a common
/// second-level suffix (`co.uk`); IP addresses and single labels are their own site.
pub fn site_of(host: &str) -> &str {
    if host.starts_with('[') || host.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return host;
    }
    let mut dots = host.rmatch_indices('.').map(|(i, _)| i);
    if dots.next().is_none() {
        return host;
    }
    let Some(second) = dots.next() else {
        return host;
    };
    let two = &host[second + 1..];
    if MULTI_LABEL_SUFFIXES.contains(&two) {
        return dots.next().map_or(host, |third| &host[third + 1..]);
    }
    two
}

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

/// `key` and its parent domains, most specific first, down to its registrable domain
/// ([`site_of`]) and never past it: `a.b.example.com` → `a.b.example.com`, `b.example.com`,
/// `example.com`; `shop.example.co.uk` → `shop.example.co.uk`, `example.co.uk` (a setting
/// filed under `co.uk` covers no one). A single-label key (`localhost`) or an IP literal
/// yields only itself.
pub fn ancestors(key: &str) -> impl Iterator<Item = &str> {
    let floor = site_of(key).len();
    let mut next = Some(key);
    std::iter::from_fn(move || {
        let cur = next?;
        next = match cur.split_once('.') {
            Some((_, parent)) if parent.len() >= floor => Some(parent),
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
        assert_eq!(ancestors("[::1]").collect::<Vec<_>>(), ["[::1]"]);
        assert_eq!(
            ancestors("example.com").collect::<Vec<_>>(),
            ["example.com"]
        );
        // Never above the registrable domain: `co.uk` is no one's site.
        let a: Vec<&str> = ancestors("a.shop.example.co.uk").collect();
        assert_eq!(
            a,
            [
                "a.shop.example.co.uk",
                "shop.example.co.uk",
                "example.co.uk"
            ]
        );
        assert_eq!(ancestors("co.uk").collect::<Vec<_>>(), ["co.uk"]);
    }

    #[test]
    fn sites_are_registrable_domains() {
        assert_eq!(site_of("a.b.example.com"), "example.com");
        assert_eq!(site_of("example.com"), "example.com");
        assert_eq!(site_of("shop.example.co.uk"), "example.co.uk");
        assert_eq!(site_of("cdn.shop.com.au"), "shop.com.au");
        assert_eq!(site_of("co.uk"), "co.uk");
        assert_eq!(site_of("localhost"), "localhost");
        assert_eq!(site_of("10.0.0.1"), "10.0.0.1");
        assert_eq!(site_of("[2001:db8::1]"), "[2001:db8::1]");
    }
}
