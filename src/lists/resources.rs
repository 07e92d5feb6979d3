//! The neutral resources `$redirect=` may name: the files KeyVeil packages, by uBlock Origin's names.
//!
//! A blocked script that a page waits for (an analytics loader, a tag manager) can break the
//! page when it fails to load; real lists answer it with an empty stand-in instead
//! (`||example.com/tag.js$redirect=noopjs`). Lists spell the stand-ins the way uBlock Origin
//! names its redirect resources (`noop.js`, also `noopjs`; `1x1.gif`, also
//! `1x1-transparent.gif`), so KeyVeil reads the same names and aliases. Only resources that do
//! nothing are packaged: an empty script, style sheet, text, JSON document, frame and blank
//! images. Stand-ins that imitate a vendor's API (`googletagmanager_gtm.js`, `chartbeat.js`)
//! are code of their own, not packaged: a filter naming one is ignored with its name.
//!
//! The files live in the extension under [`DIR`], listed as web-accessible resources (DNR's
//! `redirect.extensionPath` and Firefox's `redirectUrl` both need that).

/// The extension folder that holds the resources (as an extension path, leading `/`).
pub const DIR: &str = "/redirect";

/// One packaged resource: its canonical name, the names that mean it, and its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resource {
    /// uBlock Origin's name, printed back (`noop.js`).
    pub name: &'static str,
    /// Other names lists use for it (`noopjs`, `abp-resource:blank-js`).
    pub aliases: &'static [&'static str],
    /// The file under [`DIR`].
    pub file: &'static str,
}

impl Resource {
    /// The extension path of the file (`/redirect/noop.js`), for DNR's `extensionPath` and
    /// for `runtime.getURL` in Firefox.
    pub fn path(&self) -> String {
        format!("{DIR}/{}", self.file)
    }
}

/// Every packaged resource. The files are in `extension/redirect/`; a test checks each exists.
pub const RESOURCES: [Resource; 10] = [
    Resource {
        name: "noop.js",
        aliases: &["noopjs", "abp-resource:blank-js"],
        file: "noop.js",
    },
    Resource {
        name: "noop.txt",
        aliases: &["nooptext"],
        file: "noop.txt",
    },
    Resource {
        name: "noop.json",
        aliases: &["noopjson"],
        file: "noop.json",
    },
    Resource {
        name: "noop.css",
        aliases: &[],
        file: "noop.css",
    },
    Resource {
        name: "noop.html",
        aliases: &["noopframe"],
        file: "noop.html",
    },
    Resource {
        name: "empty",
        aliases: &[],
        file: "empty",
    },
    Resource {
        name: "1x1.gif",
        aliases: &["1x1-transparent.gif"],
        file: "1x1.gif",
    },
    Resource {
        name: "2x2.png",
        aliases: &["2x2-transparent.png"],
        file: "2x2.png",
    },
    Resource {
        name: "3x2.png",
        aliases: &["3x2-transparent.png"],
        file: "3x2.png",
    },
    Resource {
        name: "32x32.png",
        aliases: &["32x32-transparent.png"],
        file: "32x32.png",
    },
];

/// The resource a list's token names, by name or alias (case-sensitive, as uBlock Origin reads
/// it). A `:N` priority suffix (`noopjs:5`) is not part of the name: see [`split_priority`].
pub fn find(token: &str) -> Option<&'static Resource> {
    RESOURCES
        .iter()
        .find(|r| r.name == token || r.aliases.contains(&token))
}

/// Splits `noopjs:5` into the token and its priority (uBlock Origin ranks competing redirects
/// by it); a token without one has priority 0.
pub fn split_priority(value: &str) -> (&str, Option<u8>) {
    if let Some((token, n)) = value.rsplit_once(':') {
        if !n.is_empty() && n.len() <= 2 && n.bytes().all(|b| b.is_ascii_digit()) {
            return (token, n.parse().ok());
        }
    }
    (value, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_aliases_find_the_same_file() {
        assert_eq!(find("noopjs").map(|r| r.file), Some("noop.js"));
        assert_eq!(find("noop.js").map(|r| r.file), Some("noop.js"));
        assert_eq!(
            find("abp-resource:blank-js").map(|r| r.name),
            Some("noop.js")
        );
        assert_eq!(find("1x1-transparent.gif").map(|r| r.file), Some("1x1.gif"));
        assert_eq!(find("nooptext").map(|r| r.name), Some("noop.txt"));
        assert_eq!(
            find("noopframe").map(|r| r.path()),
            Some("/redirect/noop.html".into())
        );
        assert_eq!(find("googletagmanager_gtm.js"), None);
        assert_eq!(find("NOOPJS"), None);
    }

    #[test]
    fn priority_suffix() {
        assert_eq!(split_priority("noopjs:5"), ("noopjs", Some(5)));
        assert_eq!(split_priority("noopjs"), ("noopjs", None));
        assert_eq!(
            split_priority("abp-resource:blank-js"),
            ("abp-resource:blank-js", None)
        );
    }

    #[test]
    fn every_resource_is_packaged() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/extension/redirect");
        for r in RESOURCES {
            let p = std::path::Path::new(dir).join(r.file);
            assert!(p.is_file(), "{} is not packaged at {}", r.name, p.display());
        }
        let names: std::collections::HashSet<_> = RESOURCES
            .iter()
            .flat_map(|r| std::iter::once(r.name).chain(r.aliases.iter().copied()))
            .collect();
        let count: usize = RESOURCES.iter().map(|r| 1 + r.aliases.len()).sum();
        assert_eq!(names.len(), count, "a name means two resources");
    }
}
