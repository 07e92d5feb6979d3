//! Request bodies: a bounded look (cap, gzip/deflate), Sentry envelopes and rrweb event batches.

use super::signature::find;
use crate::leak::inflate;
use std::borrow::Cow;

/// Body bytes inspected at most; the rest is not read (the verdict says so). Replay batches
/// show their shape in the first few kB; 256 kB keeps a 50 MB upload to well under a millisecond.
pub const MAX_BODY_BYTES: usize = 256 * 1024;
/// Bytes inflated at most from a compressed body: the one cap of [`inflate`], shared with the
/// leak scanner.
pub use crate::leak::inflate::MAX_INFLATED_BYTES;
/// Items of a Sentry envelope read; past them the rest is not read ([`Envelope::more`]).
pub const MAX_ENVELOPE_ITEMS: usize = 64;

/// The part of a body that was looked at.
#[derive(Debug)]
pub struct Body<'a> {
    /// Bytes to inspect (inflated if the body was compressed).
    pub bytes: Cow<'a, [u8]>,
    /// Raw bytes read (≤ [`MAX_BODY_BYTES`]).
    pub inspected: usize,
    /// Raw size of the body.
    pub total: usize,
    /// The `CompressionStream` name of the format (`gzip`, `deflate`, `deflate-raw`) when the
    /// body was compressed.
    pub encoding: Option<&'static str>,
    /// The compressed stream ended early or was corrupt; `bytes` holds what inflated before.
    pub stream_broken: bool,
    /// Inflating stopped at [`MAX_INFLATED_BYTES`].
    pub inflate_capped: bool,
}

impl<'a> Body<'a> {
    /// Takes at most [`MAX_BODY_BYTES`] of `raw` and inflates it when it is compressed
    /// (see [`inflate::sniff`]).
    pub fn open(raw: &'a [u8]) -> Self {
        let head = &raw[..raw.len().min(MAX_BODY_BYTES)];
        let mut body = Body {
            bytes: Cow::Borrowed(head),
            inspected: head.len(),
            total: raw.len(),
            encoding: None,
            stream_broken: false,
            inflate_capped: false,
        };
        match inflate::try_inflate(head) {
            // Raw deflate has no header, so it is only a guess on a binary body; the inflated
            // bytes replace the raw ones for every signature, so a guess is taken only when
            // the whole stream inflated. A header that lies is said to be corrupt.
            Ok(out) if out.broken && !out.compression.has_header() => {}
            Ok(out) => {
                body.encoding = Some(out.compression.name());
                body.stream_broken = out.broken;
                body.inflate_capped = out.truncated;
                body.bytes = Cow::Owned(out.bytes);
            }
            Err(inflate::Error::Corrupt { compression, .. }) if compression.has_header() => {
                body.stream_broken = true;
            }
            Err(_) => {}
        }
        body
    }

    /// True when less than the whole body was inspected.
    pub fn capped(&self) -> bool {
        self.inspected < self.total || self.inflate_capped
    }
}

/// What a Sentry envelope carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// Item types in order (`event`, `replay_event`, `replay_recording`, `transaction`…).
    pub items: Vec<String>,
    /// True when the envelope went on past [`MAX_ENVELOPE_ITEMS`] items, which were not read.
    pub more: bool,
}

impl Envelope {
    /// True when the envelope carries a session replay.
    pub fn has_replay(&self) -> bool {
        self.items.iter().any(|t| t.starts_with("replay_"))
    }
}

/// Reads a body as a Sentry envelope: a JSON header line, then item headers each with a
/// `type`. Payload lines (JSON or binary) are skipped by the `length` their header gives, or
/// taken as the next line when there is none.
pub fn sentry_envelope(body: &[u8]) -> Option<Envelope> {
    let (head, mut rest) = split_line(body);
    let header: serde_json::Value = serde_json::from_slice(head).ok()?;
    let obj = header.as_object()?;
    if !["event_id", "sent_at", "dsn", "sdk"]
        .iter()
        .any(|k| obj.contains_key(*k))
    {
        return None;
    }
    let mut items = Vec::new();
    let mut more = false;
    while !rest.is_empty() {
        if items.len() >= MAX_ENVELOPE_ITEMS {
            more = true;
            break;
        }
        let (line, after) = split_line(rest);
        rest = after;
        if line.is_empty() {
            continue;
        }
        let Ok(item) = serde_json::from_slice::<serde_json::Value>(line) else {
            continue;
        };
        let Some(ty) = item.get("type").and_then(|t| t.as_str()) else {
            continue;
        };
        items.push(ty.chars().take(40).collect());
        // Skip the payload: by length when given (it may be binary), else the next line.
        match item.get("length").and_then(serde_json::Value::as_u64) {
            Some(n) => {
                let n = usize::try_from(n).unwrap_or(usize::MAX).min(rest.len());
                rest = &rest[n..];
            }
            None => rest = split_line(rest).1,
        }
    }
    (!items.is_empty()).then_some(Envelope { items, more })
}

fn split_line(b: &[u8]) -> (&[u8], &[u8]) {
    match b.iter().position(|&c| c == b'\n') {
        Some(i) => (&b[..i], &b[i + 1..]),
        None => (b, &b[b.len()..]),
    }
}

/// rrweb events found in a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rrweb {
    /// Full DOM snapshots (type 2).
    pub full: usize,
    /// Incremental snapshots (type 3), all sources.
    pub incremental: usize,
    /// Of those, input events (source 5), which carry typed text.
    pub input: usize,
    /// Of those, mouse moves, interactions, scrolls and touches (sources 1, 2, 3, 6).
    pub pointer: usize,
}

impl Rrweb {
    /// Events found in all.
    pub fn events(&self) -> usize {
        self.full + self.incremental
    }
}

/// Counts rrweb events in JSON text, lexically, so it also works on a truncated batch, on
/// events wrapped in a vendor's envelope, and on JSON-in-a-string (`\"type\":3`).
///
/// rrweb emits `{"type":T,"data":{…},"timestamp":…}` with `data` first holding `node` for
/// a full snapshot (type 2) and `source` for an incremental one (type 3).
pub fn rrweb(text: &[u8]) -> Option<Rrweb> {
    find(text, b"timestamp")?;
    let unescaped;
    let text = if find(text, b"\\\"").is_some() {
        unescaped = text
            .iter()
            .copied()
            .filter(|&b| b != b'\\')
            .collect::<Vec<u8>>();
        &unescaped[..]
    } else {
        text
    };
    let mut r = Rrweb::default();
    let mut at = 0;
    while let Some(i) = find(&text[at..], b"\"type\"") {
        let p = at + i + 6;
        at = p;
        let mut c = Cursor { t: text, p };
        if !(c.eat(b":")) {
            continue;
        }
        let Some(ty) = c.digit() else { continue };
        if !(c.eat(b",") && c.eat(b"\"data\"") && c.eat(b":") && c.eat(b"{")) {
            continue;
        }
        match ty {
            2 if c.eat(b"\"node\"") => r.full += 1,
            3 if c.eat(b"\"source\"") && c.eat(b":") => {
                r.incremental += 1;
                match c.digit() {
                    Some(5) => r.input += 1,
                    Some(1 | 2 | 3 | 6) => r.pointer += 1,
                    _ => {}
                }
            }
            _ => {}
        }
    }
    (r.events() > 0).then_some(r)
}

/// A tiny reader that skips JSON whitespace between tokens.
struct Cursor<'t> {
    t: &'t [u8],
    p: usize,
}

impl Cursor<'_> {
    fn skip_ws(&mut self) {
        while self.t.get(self.p).is_some_and(u8::is_ascii_whitespace) {
            self.p += 1;
        }
    }
    fn eat(&mut self, lit: &[u8]) -> bool {
        self.skip_ws();
        if self.t[self.p.min(self.t.len())..].starts_with(lit) {
            self.p += lit.len();
            true
        } else {
            false
        }
    }
    /// One digit followed by a non-digit.
    fn digit(&mut self) -> Option<u8> {
        self.skip_ws();
        let d = *self.t.get(self.p)?;
        if !d.is_ascii_digit() || self.t.get(self.p + 1).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        self.p += 1;
        Some(d - b'0')
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::{write::GzEncoder, Compression};
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn inflates_and_survives_truncation() {
        // Varied events, so half the compressed stream holds many of them.
        let text: Vec<u8> = (0..200)
            .map(|i| {
                format!(
                    r#"{{"type":3,"data":{{"source":5,"text":"k{i}","id":{i}}},"timestamp":{}}},"#,
                    1000 + i * 37
                )
            })
            .collect::<String>()
            .into_bytes();
        let z = gz(&text);
        let b = Body::open(&z);
        assert_eq!(b.encoding, Some("gzip"));
        assert_eq!(&b.bytes[..], &text[..]);
        let cut = Body::open(&z[..z.len() / 2]);
        assert!(cut.stream_broken);
        assert!(rrweb(&cut.bytes).is_some_and(|r| r.input > 0));
        let junk = Body::open(&[0x1f, 0x8b, 0xff, 0x00, 0x13]);
        assert!(junk.stream_broken && junk.encoding.is_none());
    }

    #[test]
    fn every_format_and_every_gzip_member_is_read() {
        use flate2::write::{DeflateEncoder, ZlibEncoder};
        let text = br#"[{"type":3,"data":{"source":5,"text":"k"},"timestamp":1}]"#;
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(text).unwrap();
        let b = Body::open(&z.finish().unwrap()[..]).bytes.into_owned();
        assert_eq!(b, text);
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(text).unwrap();
        assert_eq!(Body::open(&z.finish().unwrap()).encoding, Some("deflate"));
        // Raw deflate of a binary batch (what `CompressionStream('deflate-raw')` sends); stored
        // blocks, so the stream looks as binary as the batch.
        let binary: Vec<u8> = (0..4000u32).map(|i| (i % 9) as u8).collect();
        let mut d = DeflateEncoder::new(Vec::new(), Compression::none());
        d.write_all(&binary).unwrap();
        let raw = d.finish().unwrap();
        let b = Body::open(&raw);
        assert_eq!(
            (b.encoding, &b.bytes[..]),
            (Some("deflate-raw"), &binary[..])
        );
        // A binary body that is no deflate stream stays as it is, and is not called broken.
        let protobuf = [0x0a, 0x03, 0x01, 0x02, 0x03, 0x10, 0x00, 0x18, 0x05, 0x00];
        let b = Body::open(&protobuf);
        assert!(b.encoding.is_none() && !b.stream_broken && b.bytes[..] == protobuf[..]);
        // Two gzip members, as a chunk-by-chunk gzipper appends them.
        let mut two = gz(b"first;");
        two.extend(gz(b"second"));
        assert_eq!(&Body::open(&two).bytes[..], b"first;second");
    }

    #[test]
    fn caps_big_bodies() {
        let big = vec![b'a'; MAX_BODY_BYTES * 3];
        let b = Body::open(&big);
        assert_eq!(b.inspected, MAX_BODY_BYTES);
        assert!(b.capped());
        let bomb = gz(&vec![0u8; MAX_INFLATED_BYTES * 4]);
        let b = Body::open(&bomb);
        assert!(b.inflate_capped && b.bytes.len() == MAX_INFLATED_BYTES);
    }

    #[test]
    fn rrweb_counts_by_kind() {
        let batch = br#"[{"type":4,"data":{"href":"x"},"timestamp":1},{"type":2,"data":{"node":{}},"timestamp":2},{"type":3, "data": {"source": 1,"positions":[]},"timestamp":3}]"#;
        assert_eq!(
            rrweb(batch),
            Some(Rrweb {
                full: 1,
                incremental: 1,
                input: 0,
                pointer: 1
            })
        );
        let escaped =
            br#"{"data":"[{\"type\":3,\"data\":{\"source\":5,\"text\":\"a\"},\"timestamp\":1}]"}"#;
        assert_eq!(rrweb(escaped).map(|r| r.input), Some(1));
        assert_eq!(
            rrweb(br#"{"type":3,"timestamp":1,"note":"rrweb is a library"}"#),
            None
        );
    }

    #[test]
    fn envelopes_tell_replay_from_errors() {
        let replay = b"{\"event_id\":\"a\",\"sent_at\":\"t\"}\n{\"type\":\"replay_event\"}\n{\"type\":\"replay_event\",\"replay_id\":\"a\"}\n{\"type\":\"replay_recording\",\"length\":5}\n\x1f\x8b\n\x00\x01";
        let e = sentry_envelope(replay).unwrap();
        assert!(e.has_replay());
        let errors = b"{\"event_id\":\"a\",\"dsn\":\"https://k@o1.ingest.sentry.io/1\"}\n{\"type\":\"event\"}\n{\"message\":\"boom\",\"type\":\"replay_event\"}\n";
        let e = sentry_envelope(errors).unwrap();
        assert_eq!(e.items, ["event"]);
        assert!(!e.has_replay());
        assert!(sentry_envelope(b"{\"hello\":1}\n{\"type\":\"event\"}").is_none());
    }
}
