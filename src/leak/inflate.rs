//! The one bounded inflater: every compressed request body the core reads goes through here.
//!
//! Recorders compress their batches (rrweb stacks through fflate or `CompressionStream`), so a
//! leak or a replay batch is only visible after inflating. The formats are named the way the
//! browser's `CompressionStream` names them, since that is what page scripts ask for:
//! `gzip` (RFC 1952, every member of a multi-member file), `deflate` (RFC 1950, the zlib
//! wrapper) and `deflate-raw` (RFC 1951, no header). Output is capped at one constant,
//! [`MAX_INFLATED_BYTES`], so a small hostile body cannot make the service worker allocate
//! without bound (a zip bomb inflates 1000:1 and more).

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
use serde::{Deserialize, Serialize};
use std::io::Read;

/// The most bytes one body may inflate to; past it the output is cut and the cut reported.
/// It equals what the leak scanner searches of one layer (`MAX_INSPECTED_BYTES`): inflating
/// more than is ever looked at would only cost memory.
pub const MAX_INFLATED_BYTES: usize = 1024 * 1024;

/// The compression a body was found in, named as `new CompressionStream(format)` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Compression {
    /// RFC 1952 (`1f 8b`): `CompressionStream('gzip')`, gzip-js, most SDKs.
    #[serde(rename = "gzip")]
    Gzip,
    /// RFC 1950, the zlib wrapper (a 2-byte header whose big-endian value is a multiple of
    /// 31): `CompressionStream('deflate')`, pako's `deflate`, fflate's `zlibSync`.
    #[serde(rename = "deflate")]
    Deflate,
    /// RFC 1951 raw deflate: `CompressionStream('deflate-raw')`. It has no header, so it is
    /// only a guess, tried on bodies that are not text.
    #[serde(rename = "deflate-raw")]
    DeflateRaw,
}

impl Compression {
    /// The `CompressionStream` format name: `gzip`, `deflate` or `deflate-raw`.
    pub fn name(self) -> &'static str {
        match self {
            Compression::Gzip => "gzip",
            Compression::Deflate => "deflate",
            Compression::DeflateRaw => "deflate-raw",
        }
    }

    /// True when the body's own header said so; false for the headerless raw-deflate guess.
    pub fn has_header(self) -> bool {
        self != Compression::DeflateRaw
    }
}

/// A body inflated, with whether the cap cut it short or the stream broke off.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inflated {
    /// The format it was in.
    pub compression: Compression,
    /// The inflated bytes, at most [`MAX_INFLATED_BYTES`], never empty.
    pub bytes: Vec<u8>,
    /// True when the output reached [`MAX_INFLATED_BYTES`] and the rest was not inflated.
    pub truncated: bool,
    /// True when the stream ended early or was corrupt after `bytes`: a recorder's cut-off
    /// batch still yields what inflated before the break.
    pub broken: bool,
}

/// Why a body did not inflate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// Its first bytes are none of the formats (text, or binary too short to guess).
    #[error("not compressed: no gzip or deflate header and not binary")]
    NotCompressed,
    /// It looked like `compression` but not one byte inflated.
    #[error("looks {} but does not inflate: {reason}", .compression.name())]
    Corrupt {
        /// The format its first bytes claimed (or, for `deflate-raw`, suggested).
        compression: Compression,
        /// The decoder's complaint.
        reason: String,
    },
}

/// Which compression `body` looks like, from its first bytes; `None` for text and unknown data.
pub fn sniff(body: &[u8]) -> Option<Compression> {
    match body {
        // The gzip magic alone: a body that claims gzip and is not is reported as corrupt.
        [0x1f, 0x8b, ..] => Some(Compression::Gzip),
        [cmf, flg, ..]
            if cmf & 0x0f == 8
                && cmf >> 4 <= 7
                && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0 =>
        {
            Some(Compression::Deflate)
        }
        _ if looks_binary(body) => Some(Compression::DeflateRaw),
        _ => None,
    }
}

/// Raw deflate has no header, so it is tried only on bodies that are not text: more than an
/// eighth of the first 256 bytes are control bytes other than whitespace.
fn looks_binary(body: &[u8]) -> bool {
    let head = &body[..body.len().min(256)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t'))
        .count();
    head.len() >= 8 && control * 8 > head.len()
}

/// Inflates `body` if it looks compressed: an error when it does not, or when inflating fails
/// before producing any output (then it was not really compressed).
pub fn try_inflate(body: &[u8]) -> Result<Inflated, Error> {
    let compression = sniff(body).ok_or(Error::NotCompressed)?;
    let corrupt = |reason: String| Error::Corrupt {
        compression,
        reason,
    };
    let (mut bytes, read) = match compression {
        Compression::Gzip => read_capped(MultiGzDecoder::new(body)),
        Compression::Deflate => read_capped(ZlibDecoder::new(body)),
        Compression::DeflateRaw => {
            let mut d = DeflateDecoder::new(body);
            let out = read_capped(&mut d);
            // Headerless, so the guess must also end where the body ends: binary data that
            // happens to decode a few bytes and a final block is not a deflate stream.
            let whole = d.total_in() == body.len() as u64;
            if matches!(out.1, Ok(n) if n <= MAX_INFLATED_BYTES) && !whole {
                return Err(corrupt(format!(
                    "the stream ends after {} of {} bytes",
                    d.total_in(),
                    body.len()
                )));
            }
            out
        }
    };
    if bytes.is_empty() {
        return Err(corrupt(match read {
            Err(e) => e.to_string().chars().take(120).collect(),
            Ok(_) => "empty stream".into(),
        }));
    }
    let truncated = bytes.len() > MAX_INFLATED_BYTES;
    bytes.truncate(MAX_INFLATED_BYTES);
    Ok(Inflated {
        compression,
        bytes,
        truncated,
        broken: read.is_err(),
    })
}

/// Reads a decoder to its end, or to one byte past [`MAX_INFLATED_BYTES`] to learn whether
/// there was more. On an error, `read_to_end` has kept what was read before it.
fn read_capped<R: Read>(r: R) -> (Vec<u8>, std::io::Result<usize>) {
    let mut bytes = Vec::new();
    let read = r
        .take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut bytes);
    (bytes, read)
}

/// [`try_inflate`] for callers that only need the output.
pub fn inflate(body: &[u8]) -> Option<Inflated> {
    try_inflate(body).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::{DeflateEncoder, GzEncoder, ZlibEncoder};
    use std::io::Write;

    fn compress(kind: Compression, data: &[u8]) -> Vec<u8> {
        let level = flate2::Compression::default();
        let result = match kind {
            Compression::Gzip => {
                let mut e = GzEncoder::new(Vec::new(), level);
                e.write_all(data).and_then(|_| e.finish())
            }
            Compression::Deflate => {
                let mut e = ZlibEncoder::new(Vec::new(), level);
                e.write_all(data).and_then(|_| e.finish())
            }
            Compression::DeflateRaw => {
                let mut e = DeflateEncoder::new(Vec::new(), level);
                e.write_all(data).and_then(|_| e.finish())
            }
        };
        result.unwrap()
    }

    const KINDS: [Compression; 3] = [
        Compression::Gzip,
        Compression::Deflate,
        Compression::DeflateRaw,
    ];

    #[test]
    fn inflates_each_format() {
        let data = br#"[{"type":3,"data":{"source":5,"text":"alice@example.org"}}]"#.repeat(4);
        for kind in KINDS {
            let out = try_inflate(&compress(kind, &data)).expect("inflates");
            assert_eq!(out.compression, kind);
            assert_eq!(out.bytes, data);
            assert!(!out.truncated && !out.broken);
        }
    }

    #[test]
    fn names_are_compression_stream_formats() {
        let names: Vec<_> = KINDS.iter().map(|k| k.name()).collect();
        assert_eq!(names, ["gzip", "deflate", "deflate-raw"]);
        for kind in KINDS {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
        }
        assert!(Compression::Gzip.has_header() && !Compression::DeflateRaw.has_header());
    }

    #[test]
    fn every_gzip_member_is_inflated() {
        // `cat a.gz b.gz` and SDKs that gzip each chunk and append: one body, two members.
        let mut body = compress(Compression::Gzip, b"first member;");
        body.extend(compress(Compression::Gzip, b"second member"));
        let out = try_inflate(&body).unwrap();
        assert_eq!(out.bytes, b"first member;second member");
        assert!(!out.broken);
    }

    #[test]
    fn text_is_left_alone() {
        assert_eq!(sniff(b"ev=PageView&id=1"), None);
        assert_eq!(sniff(br#"{"a":1}"#), None);
        assert_eq!(
            try_inflate(b"hello world, plain text"),
            Err(Error::NotCompressed)
        );
    }

    #[test]
    fn every_format_is_capped() {
        for kind in KINDS {
            let bomb = compress(kind, &vec![b'a'; MAX_INFLATED_BYTES * 3]);
            assert!(bomb.len() < 20_000);
            let out = try_inflate(&bomb).expect("inflates");
            assert!(out.truncated, "{kind:?}");
            assert_eq!(out.bytes.len(), MAX_INFLATED_BYTES);
            // Exactly at the cap is not cut.
            let full = try_inflate(&compress(kind, &vec![b'a'; MAX_INFLATED_BYTES])).unwrap();
            assert!(!full.truncated && full.bytes.len() == MAX_INFLATED_BYTES);
        }
    }

    #[test]
    fn a_cut_stream_keeps_what_inflated() {
        let text: Vec<u8> = (0..2000)
            .flat_map(|i| format!("event {i} at {};", i * 37).into_bytes())
            .collect();
        // (Half a raw stream of text need not look binary, so only the formats with a header.)
        for kind in [Compression::Gzip, Compression::Deflate] {
            let z = compress(kind, &text);
            let out = try_inflate(&z[..z.len() / 2]).expect("half inflates");
            assert!(out.broken, "{kind:?}");
            assert!(text.starts_with(&out.bytes) && !out.bytes.is_empty());
        }
    }

    #[test]
    fn garbage_is_a_clear_error_not_a_panic() {
        for garbage in [
            &[0x1f, 0x8b, 8, 0, 1, 2, 3][..],
            &[0x1f, 0x8b],
            &[0x1f, 0x8b, 0xff, 0x00, 0x13],
            &[0x78, 0x9c, 0xff, 0xff, 0xff, 0xff],
            &[0xff, 0xff, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07],
        ] {
            let err = try_inflate(garbage).expect_err("garbage");
            assert!(matches!(err, Error::Corrupt { .. }), "{garbage:?}: {err}");
            assert!(err.to_string().starts_with("looks "), "{err}");
        }
        assert_eq!(
            try_inflate(&[0x1f, 0x8b, 0xff]).unwrap_err().to_string()[..15],
            *"looks gzip but "
        );
        assert_eq!(try_inflate(&[]), Err(Error::NotCompressed));
        // A whole raw stream followed by more binary is not one deflate-raw body.
        let mut raw = compress(
            Compression::DeflateRaw,
            &[1, 2, 3, 4, 5, 6, 7, 8].repeat(64),
        );
        assert_eq!(sniff(&raw), Some(Compression::DeflateRaw));
        assert!(try_inflate(&raw).is_ok());
        raw.extend([0u8, 1, 2, 3]);
        let err = try_inflate(&raw).unwrap_err().to_string();
        assert!(err.contains("the stream ends after"), "{err}");
    }
}
