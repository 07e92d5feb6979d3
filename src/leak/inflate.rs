//! Bounded decompression of request bodies that look gzip-, zlib- or deflate-compressed.
//!
//! Recorders compress their batches (rrweb stacks through fflate or `CompressionStream`), so a
//! leak is only visible after inflating. Output is capped so a small hostile body cannot make
//! the service worker allocate without bound (a zip bomb inflates 1000:1 and more).

use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};
use serde::{Deserialize, Serialize};
use std::io::Read;

/// The most bytes one body may inflate to; past it the output is cut and the cut reported.
pub const MAX_INFLATED_BYTES: usize = 2 * 1024 * 1024;

/// The compression a body was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Compression {
    /// RFC 1952 (`1f 8b`), what `CompressionStream('gzip')` and most SDKs produce.
    Gzip,
    /// RFC 1950 (a 2-byte header whose big-endian value is a multiple of 31).
    Zlib,
    /// RFC 1951 raw deflate (`CompressionStream('deflate-raw')`), tried only on binary bodies.
    Deflate,
}

/// A body inflated, with whether the cap cut it short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inflated {
    /// The format it was in.
    pub compression: Compression,
    /// The inflated bytes, at most [`MAX_INFLATED_BYTES`].
    pub bytes: Vec<u8>,
    /// True when the output reached [`MAX_INFLATED_BYTES`] and the rest was not inflated.
    pub truncated: bool,
}

/// Which compression `body` looks like, from its first bytes; `None` for text and unknown data.
pub fn sniff(body: &[u8]) -> Option<Compression> {
    match body {
        [0x1f, 0x8b, 8, ..] => Some(Compression::Gzip),
        [cmf, flg, ..]
            if cmf & 0x0f == 8
                && cmf >> 4 <= 7
                && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0 =>
        {
            Some(Compression::Zlib)
        }
        _ if looks_binary(body) => Some(Compression::Deflate),
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

/// Inflates `body` if it looks compressed. `None` when it does not, or when inflating fails
/// before producing any output (then the body was not really compressed).
pub fn inflate(body: &[u8]) -> Option<Inflated> {
    let compression = sniff(body)?;
    let reader: Box<dyn Read + '_> = match compression {
        Compression::Gzip => Box::new(MultiGzDecoder::new(body)),
        Compression::Zlib => Box::new(ZlibDecoder::new(body)),
        Compression::Deflate => Box::new(DeflateDecoder::new(body)),
    };
    // Read one byte past the cap to learn whether there was more.
    let mut bytes = Vec::new();
    let read = reader
        .take(MAX_INFLATED_BYTES as u64 + 1)
        .read_to_end(&mut bytes);
    if read.is_err() && bytes.is_empty() {
        return None;
    }
    // A stream that breaks off midway still yields what was inflated before the break: a
    // recorder's truncated batch can still prove a leak.
    let truncated = bytes.len() > MAX_INFLATED_BYTES;
    bytes.truncate(MAX_INFLATED_BYTES);
    Some(Inflated {
        compression,
        bytes,
        truncated,
    })
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
            Compression::Zlib => {
                let mut e = ZlibEncoder::new(Vec::new(), level);
                e.write_all(data).and_then(|_| e.finish())
            }
            Compression::Deflate => {
                let mut e = DeflateEncoder::new(Vec::new(), level);
                e.write_all(data).and_then(|_| e.finish())
            }
        };
        result.unwrap()
    }

    #[test]
    fn inflates_each_format() {
        let data = br#"[{"type":3,"data":{"source":5,"text":"alice@example.org"}}]"#.repeat(4);
        for kind in [Compression::Gzip, Compression::Zlib, Compression::Deflate] {
            let out = inflate(&compress(kind, &data)).expect("inflates");
            assert_eq!(out.compression, kind);
            assert_eq!(out.bytes, data);
            assert!(!out.truncated);
        }
    }

    #[test]
    fn text_is_left_alone() {
        assert_eq!(sniff(b"ev=PageView&id=1"), None);
        assert_eq!(sniff(br#"{"a":1}"#), None);
        assert!(inflate(b"hello world, plain text").is_none());
    }

    #[test]
    fn bomb_is_capped() {
        let bomb = compress(Compression::Gzip, &vec![b'a'; MAX_INFLATED_BYTES * 3]);
        assert!(bomb.len() < 20_000);
        let out = inflate(&bomb).expect("inflates");
        assert!(out.truncated);
        assert_eq!(out.bytes.len(), MAX_INFLATED_BYTES);
    }

    #[test]
    fn garbage_after_gzip_magic_is_not_a_panic() {
        assert!(inflate(&[0x1f, 0x8b, 8, 0, 1, 2, 3]).is_none());
    }
}
