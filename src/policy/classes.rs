//! An action per class, as a plain struct: the JSON object `{"session-replay": "block", …}`.
//!
//! A struct rather than a `BTreeMap<Class, Action>`: five optional fields cost a few hundred
//! bytes of Wasm where each map type costs kilobytes of generic code, and unknown class names
//! are still refused (`deny_unknown_fields`).

use super::Action;
use crate::Class;
use serde::{Deserialize, Serialize};

/// An optional action for each class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassActions {
    /// `session-replay`.
    #[serde(
        rename = "session-replay",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub session_replay: Option<Action>,
    /// `keystroke-telemetry`.
    #[serde(
        rename = "keystroke-telemetry",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub keystroke_telemetry: Option<Action>,
    /// `meta-pixel`.
    #[serde(
        rename = "meta-pixel",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub meta_pixel: Option<Action>,
    /// `ad-pixel`.
    #[serde(rename = "ad-pixel", default, skip_serializing_if = "Option::is_none")]
    pub ad_pixel: Option<Action>,
    /// `none`.
    #[serde(rename = "none", default, skip_serializing_if = "Option::is_none")]
    pub none: Option<Action>,
}

impl ClassActions {
    fn slot(&mut self, class: Class) -> &mut Option<Action> {
        match class {
            Class::SessionReplay => &mut self.session_replay,
            Class::KeystrokeTelemetry => &mut self.keystroke_telemetry,
            Class::MetaPixel => &mut self.meta_pixel,
            Class::AdPixel => &mut self.ad_pixel,
            Class::None => &mut self.none,
        }
    }

    /// The action set for `class`, if any.
    pub fn get(&self, class: Class) -> Option<Action> {
        let mut copy = *self;
        *copy.slot(class)
    }

    /// Sets (`Some`) or removes (`None`) the action for `class`.
    pub fn set(&mut self, class: Class, action: Option<Action>) {
        *self.slot(class) = action;
    }

    /// True when no class has an action.
    pub fn is_empty(&self) -> bool {
        Class::ALL.iter().all(|&c| self.get(c).is_none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_the_kebab_object() {
        let c: ClassActions = serde_json::from_str(r#"{"ad-pixel":"fuzz"}"#).unwrap();
        assert_eq!(c.get(Class::AdPixel), Some(Action::Fuzz));
        assert_eq!(c.get(Class::MetaPixel), None);
        assert_eq!(serde_json::to_string(&c).unwrap(), r#"{"ad-pixel":"fuzz"}"#);
        assert!(serde_json::from_str::<ClassActions>(r#"{"replay":"block"}"#).is_err());
        let mut c = c;
        c.set(Class::AdPixel, None);
        assert!(c.is_empty());
    }
}
