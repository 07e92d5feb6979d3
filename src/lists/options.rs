//! Resource types and party: the filter options shared by the parser, the matcher and DNR.

use serde::{Serialize, Serializer};

/// Which side of the site a request goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    /// `$~third-party` (`$1p`): same site as the page.
    First,
    /// `$third-party` (`$3p`): another site.
    Third,
}

/// A set of resource types, one bit each (see [`TypeMask::NAMES`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct TypeMask(pub u16);

impl TypeMask {
    /// Filter-syntax names in bit order; the canonical spelling printed back.
    pub const NAMES: [&'static str; 11] = [
        "script",
        "image",
        "stylesheet",
        "xmlhttprequest",
        "ping",
        "websocket",
        "subdocument",
        "media",
        "font",
        "object",
        "other",
    ];

    /// declarativeNetRequest names, same bit order as [`TypeMask::NAMES`].
    pub const DNR_NAMES: [&'static str; 11] = [
        "script",
        "image",
        "stylesheet",
        "xmlhttprequest",
        "ping",
        "websocket",
        "sub_frame",
        "media",
        "font",
        "object",
        "other",
    ];

    /// The empty set (in a filter: "any type").
    pub const EMPTY: TypeMask = TypeMask(0);

    /// The bit for a filter option name, aliases included (`xhr`, `beacon`, `frame`…).
    pub fn from_option(name: &str) -> Option<TypeMask> {
        let canonical = match name {
            "xhr" => "xmlhttprequest",
            "beacon" => "ping",
            "css" => "stylesheet",
            "frame" => "subdocument",
            other => other,
        };
        Self::NAMES
            .iter()
            .position(|n| *n == canonical)
            .map(|i| TypeMask(1 << i))
    }

    /// The bit for a type as a browser reports it (Chrome's and Firefox's webRequest names).
    /// Unknown names count as `other`.
    pub fn from_browser(name: &str) -> TypeMask {
        let n = match name {
            "sub_frame" | "subdocument" => "subdocument",
            "beacon" | "ping" => "ping",
            // uBlock Origin matches a CSP report as `other` (its type table has no entry for
            // it, and an unknown type is `other`), not as `ping`.
            "csp_report" => "other",
            "imageset" | "image" => "image",
            "xhr" | "fetch" | "xmlhttprequest" => "xmlhttprequest",
            "main_frame" | "document" => "other",
            other => other,
        };
        Self::from_option(n).unwrap_or(TypeMask(1 << 10))
    }

    /// True when no type is set.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// True when the two sets share a type.
    pub const fn intersects(self, other: TypeMask) -> bool {
        self.0 & other.0 != 0
    }

    /// Union.
    pub const fn union(self, other: TypeMask) -> TypeMask {
        TypeMask(self.0 | other.0)
    }

    /// The filter-syntax names of the set, in canonical order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        Self::NAMES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
    }

    /// The declarativeNetRequest names of the set. `other` names Chrome's `csp_report` too:
    /// uBlock Origin matches a CSP report as `other` ([`TypeMask::from_browser`]), and DNR has
    /// a type of its own for it that no other name covers.
    pub fn dnr_names(self) -> impl Iterator<Item = &'static str> {
        Self::DNR_NAMES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .flat_map(|(_, n)| {
                let extra = (*n == "other").then_some("csp_report");
                std::iter::once(*n).chain(extra)
            })
    }
}

impl Serialize for TypeMask {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.names())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_and_browser_names() {
        assert_eq!(
            TypeMask::from_option("xhr"),
            TypeMask::from_option("xmlhttprequest")
        );
        assert_eq!(
            TypeMask::from_option("beacon"),
            TypeMask::from_option("ping")
        );
        assert_eq!(TypeMask::from_option("popup"), None);
        assert_eq!(
            TypeMask::from_browser("sub_frame"),
            TypeMask::from_option("subdocument").unwrap()
        );
        assert_eq!(
            TypeMask::from_browser("beacon"),
            TypeMask::from_option("ping").unwrap()
        );
        assert_eq!(
            TypeMask::from_browser("csp_report"),
            TypeMask::from_option("other").unwrap()
        );
        assert_eq!(
            TypeMask::from_browser("weird"),
            TypeMask::from_option("other").unwrap()
        );
        let m = TypeMask::from_option("ping")
            .unwrap()
            .union(TypeMask::from_option("script").unwrap());
        assert_eq!(m.names().collect::<Vec<_>>(), ["script", "ping"]);
        assert_eq!(
            TypeMask::from_option("subdocument")
                .unwrap()
                .dnr_names()
                .collect::<Vec<_>>(),
            ["sub_frame"]
        );
        assert_eq!(
            TypeMask::from_option("other")
                .unwrap()
                .dnr_names()
                .collect::<Vec<_>>(),
            ["other", "csp_report"]
        );
    }
}
