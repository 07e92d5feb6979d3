//! The `request` fuzz target's checks: `Engine::classify_request`.

use super::*;
use keyveil::request::{self, body, Request};
use keyveil::Class;

/// Input: line 1 URL, line 2 resource type, line 3 initiator, line 4 method, the rest the body
/// (raw bytes). An empty line means "not given". The whole input is also sent as the body of
/// a POST to a fixed collector URL, so bodies are explored even when the URL does not parse.
pub fn request(data: &[u8]) {
    let (url, rest) = line(data);
    let (rtype, rest) = line(rest);
    let (initiator, rest) = line(rest);
    let (method, body) = line(rest);
    let url = String::from_utf8_lossy(url);
    let req = Request {
        url: &url,
        resource_type: field(rtype),
        initiator: field(initiator),
        method: field(method),
        body: (!body.is_empty()).then_some(body),
    };
    check_request(&req);
    check_request(&Request {
        url: "https://collector.example.net/v1/batch",
        resource_type: Some("xmlhttprequest"),
        initiator: Some("https://shop.example.org/checkout"),
        method: Some("POST"),
        body: Some(data),
    });
}

fn check_request(req: &Request<'_>) {
    let v = match engine().classify_request(req) {
        Ok(v) => v,
        Err(e) => {
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    assert!(
        v.confidence.is_finite() && (0.0..=1.0).contains(&v.confidence),
        "confidence {}",
        v.confidence
    );
    assert!(v.class == Class::None || v.vendor.is_some(), "{v:?}");
    let body_len = req.body.map_or(0, <[u8]>::len);
    assert!(v.inspected_bytes <= body_len.min(body::MAX_BODY_BYTES));
    if body_len > body::MAX_BODY_BYTES {
        assert!(v.truncated, "a body over the cap must be marked truncated");
        assert!(
            v.evidence.iter().any(|e| e.starts_with("body capped")),
            "a body over the cap must say so: {:?}",
            v.evidence
        );
    }
    if req.url.trim().len() > request::url::MAX_URL_BYTES {
        assert!(v.truncated && v.evidence.iter().any(|e| e.starts_with("URL cut")));
    }
    assert!(serde_json::to_string(&v).is_ok());
}
