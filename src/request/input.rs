//! The one owned request input: the object the extension, the CLI and the test fixtures give.
//!
//! `{"url": …, "type": …, "initiator": …, "method": …, "body": …}`, with a binary body as
//! `body_base64` or `body_hex` (the Wasm surface passes binary bodies as a separate
//! `Uint8Array` instead). Only `url` is required; other fields are ignored, so a labelled
//! fixture line (with `class`, `vendor`, `note`) reads as an input as it is.

use super::Request;
use crate::leak::encode::{base64_decode, hex_val};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A request as JSON gives it; [`RequestInput::request`] borrows it as a [`Request`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestInput {
    /// Absolute URL.
    pub url: String,
    /// Resource type as the browser names it (`script`, `xmlhttprequest`, `ping`, …).
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// URL of the page or frame that made the request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initiator: Option<String>,
    /// HTTP method.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    /// A text body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// A binary body in base64 (standard or URL-safe, padded or not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_base64: Option<String>,
    /// A binary body in hex.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_hex: Option<String>,
}

/// Why an input's body cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// More than one of `body`, `body_base64` and `body_hex`.
    #[error("give body, body_base64 or body_hex, not {}", if *.0 > 2 { "all three" } else { "both" })]
    SeveralBodies(usize),
    /// `body_base64` is not base64.
    #[error("body_base64 is not base64")]
    NotBase64,
    /// `body_hex` is not an even number of hex digits.
    #[error("body_hex is not hex")]
    NotHex,
}

impl RequestInput {
    /// The body's bytes: the text `body`, or the binary one decoded; `None` without a body.
    pub fn body_bytes(&self) -> Result<Option<Cow<'_, [u8]>>, InputError> {
        let given = [
            self.body.is_some(),
            self.body_base64.is_some(),
            self.body_hex.is_some(),
        ];
        let n = given.iter().filter(|&&g| g).count();
        if n > 1 {
            return Err(InputError::SeveralBodies(n));
        }
        if let Some(b) = &self.body {
            return Ok(Some(Cow::Borrowed(b.as_bytes())));
        }
        if let Some(b) = &self.body_base64 {
            return base64_decode(b)
                .map(|v| Some(Cow::Owned(v)))
                .ok_or(InputError::NotBase64);
        }
        if let Some(h) = &self.body_hex {
            return hex_decode(h.trim())
                .map(|v| Some(Cow::Owned(v)))
                .ok_or(InputError::NotHex);
        }
        Ok(None)
    }

    /// The request to classify, with `body` as its body: the bytes from
    /// [`RequestInput::body_bytes`], or a binary body given beside the object (the Wasm
    /// surface's `Uint8Array` argument). Without one, the text `body` is used.
    pub fn request<'a>(&'a self, body: Option<&'a [u8]>) -> Request<'a> {
        Request {
            url: &self.url,
            resource_type: self.resource_type.as_deref(),
            initiator: self.initiator.as_deref(),
            method: self.method.as_deref(),
            body: body.or_else(|| self.body.as_deref().map(str::as_bytes)),
        }
    }
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    s.as_bytes()
        .chunks(2)
        .map(|p| Some(hex_val(p[0])? << 4 | hex_val(p[1])?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> RequestInput {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn reads_the_extensions_object_and_ignores_labels() {
        let r = read(
            r#"{"url":"https://a.example/x","type":"ping","initiator":"https://b.example/",
                "method":"POST","body":"k=v","class":"session-replay","note":"labels are ignored"}"#,
        );
        let req = r.request(None);
        assert_eq!(req.url, "https://a.example/x");
        assert_eq!(req.resource_type, Some("ping"));
        assert_eq!(req.initiator, Some("https://b.example/"));
        assert_eq!(req.method, Some("POST"));
        assert_eq!(req.body, Some(&b"k=v"[..]));
        // A binary body given beside the object wins over the text one.
        assert_eq!(r.request(Some(&[1, 2])).body, Some(&[1u8, 2][..]));
        assert!(serde_json::from_str::<RequestInput>(r#"{"type":"ping"}"#).is_err());
    }

    #[test]
    fn binary_bodies_in_base64_or_hex() {
        let b64 = read(r#"{"url":"https://a.example/","body_base64":"H4sI"}"#);
        assert_eq!(
            b64.body_bytes().unwrap().as_deref(),
            Some(&[0x1f, 0x8b, 8][..])
        );
        let hex = read(r#"{"url":"https://a.example/","body_hex":"1f8B08"}"#);
        assert_eq!(
            hex.body_bytes().unwrap().as_deref(),
            Some(&[0x1f, 0x8b, 8][..])
        );
        let text = read(r#"{"url":"https://a.example/","body":"hi"}"#);
        assert_eq!(text.body_bytes().unwrap().as_deref(), Some(&b"hi"[..]));
        let none = read(r#"{"url":"https://a.example/"}"#);
        assert_eq!(none.body_bytes(), Ok(None));
    }

    #[test]
    fn bad_bodies_are_clear_errors() {
        let both = read(r#"{"url":"u","body":"a","body_base64":"YQ=="}"#);
        assert_eq!(both.body_bytes(), Err(InputError::SeveralBodies(2)));
        assert_eq!(
            both.body_bytes().unwrap_err().to_string(),
            "give body, body_base64 or body_hex, not both"
        );
        let bad = read(r#"{"url":"u","body_base64":"not base64!"}"#);
        assert_eq!(bad.body_bytes(), Err(InputError::NotBase64));
        for h in ["1f8", "zz", "1f 8b"] {
            let bad = RequestInput {
                url: "u".into(),
                body_hex: Some(h.into()),
                ..RequestInput::default()
            };
            assert_eq!(bad.body_bytes(), Err(InputError::NotHex), "{h}");
        }
    }

    #[test]
    fn round_trips_through_json() {
        let r = RequestInput {
            url: "https://a.example/".into(),
            resource_type: Some("script".into()),
            ..RequestInput::default()
        };
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, r#"{"url":"https://a.example/","type":"script"}"#);
        assert_eq!(read(&json), r);
    }
}
