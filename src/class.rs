//! The kinds of input recording KeyVeil tells apart, shared by every classifier.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What a request or script does with a person's input.
///
/// Serialised in kebab-case (`"session-replay"`), the names used in lists, reports and the CLI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Records keys, pointer, scroll and the DOM to replay the session (Hotjar, FullStory, rrweb…).
    SessionReplay,
    /// Records key timings or pointer trajectories to score behaviour (biometrics, bot defence).
    KeystrokeTelemetry,
    /// Meta's pixel: page events, automatic button/form events, hashed identity from forms.
    MetaPixel,
    /// Another ad network's pixel with event and identity fields (TikTok, LinkedIn, X…).
    AdPixel,
    /// Nothing that records input.
    None,
}

impl Class {
    /// Every class, most serious first; `None` last.
    pub const ALL: [Class; 5] = [
        Class::SessionReplay,
        Class::KeystrokeTelemetry,
        Class::MetaPixel,
        Class::AdPixel,
        Class::None,
    ];

    /// The kebab-case name used on the wire and in lists.
    pub const fn as_str(self) -> &'static str {
        match self {
            Class::SessionReplay => "session-replay",
            Class::KeystrokeTelemetry => "keystroke-telemetry",
            Class::MetaPixel => "meta-pixel",
            Class::AdPixel => "ad-pixel",
            Class::None => "none",
        }
    }

    /// True for every class but [`Class::None`].
    pub const fn records_input(self) -> bool {
        !matches!(self, Class::None)
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error for a class name that is not one of [`Class::ALL`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown class {0:?} (expected one of session-replay, keystroke-telemetry, meta-pixel, ad-pixel, none)")]
pub struct UnknownClass(pub String);

impl FromStr for Class {
    type Err = UnknownClass;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Class::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownClass(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for c in Class::ALL {
            assert_eq!(c.as_str().parse::<Class>(), Ok(c));
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.as_str())
            );
        }
        assert!("replay".parse::<Class>().is_err());
        assert!(!Class::None.records_input());
        assert!(Class::MetaPixel.records_input());
    }
}
