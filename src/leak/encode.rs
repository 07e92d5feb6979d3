//! The encodings a typed value can hide in: base64 needles at every alignment, percent-decoding.

/// Standard base64 alphabet (RFC 4648 §4).
pub const BASE64_STD: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
/// URL- and filename-safe base64 alphabet (RFC 4648 §5).
pub const BASE64_URL: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64 of `bytes` without padding.
pub fn base64(bytes: &[u8], alphabet: &[u8; 64]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // A chunk of k bytes yields k + 1 significant characters.
        for i in 0..=chunk.len() {
            out.push(alphabet[((n >> (18 - 6 * i)) & 63) as usize]);
        }
    }
    out
}

/// The base64 characters that depend only on `value` when it sits at byte offset `offset`
/// (0, 1 or 2) of a larger base64-encoded stream.
///
/// A value inside a larger blob does not start on a 3-byte boundary in general, so its
/// encoding shifts; for each of the three alignments, the characters whose 6 bits all come
/// from the value are the same whatever surrounds it. Characters that mix in bits of the
/// bytes before or after are cut off.
pub fn base64_core(value: &[u8], offset: usize, alphabet: &[u8; 64]) -> Vec<u8> {
    let offset = offset % 3;
    let mut stream = vec![0u8; offset];
    stream.extend_from_slice(value);
    let encoded = base64(&stream, alphabet);
    // Character i covers bits [6i, 6i + 6) of the stream.
    let first = (8 * offset).div_ceil(6);
    let end = (8 * stream.len()) / 6;
    encoded
        .get(first..end)
        .map(<[u8]>::to_vec)
        .unwrap_or_default()
}

/// Percent-decodes `input` (`%41` → `A`, lower- or upper-case hex); when `plus_is_space`,
/// `+` becomes a space as in `application/x-www-form-urlencoded`. Malformed escapes are
/// kept as they are, as browsers do.
pub fn percent_decode(input: &[u8], plus_is_space: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        match input[i] {
            b'%' => {
                let hi = input.get(i + 1).and_then(|c| hex_val(*c));
                let lo = input.get(i + 2).and_then(|c| hex_val(*c));
                if let (Some(hi), Some(lo)) = (hi, lo) {
                    out.push(hi << 4 | lo);
                    i += 3;
                    continue;
                }
                out.push(b'%');
            }
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    out
}

/// The value of one hex digit.
pub fn hex_val(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Decodes standard or URL-safe base64, padded or not, ignoring whitespace; `None` if it is not.
pub fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut padding = false;
    for c in s.bytes().filter(|b| !b.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                padding = true;
                continue;
            }
            _ => return None,
        };
        if padding {
            return None; // data after `=`
        }
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    // A lone 6-bit group cannot end a valid encoding.
    (bits < 6).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes(), BASE64_STD), enc.as_bytes());
        }
        assert_eq!(base64(&[0xfb, 0xff], BASE64_URL), b"-_8");
        assert_eq!(base64(&[0xfb, 0xff], BASE64_STD), b"+/8");
    }

    #[test]
    fn base64_core_is_found_at_every_offset() {
        let value = b"alice@example.org";
        for prefix_len in 0..9 {
            let mut blob = b"{\"x\":\"".to_vec();
            blob.truncate(prefix_len.min(blob.len()));
            blob.resize(prefix_len, b'#');
            blob.extend_from_slice(value);
            blob.extend_from_slice(b"\",\"y\":1}");
            let encoded = base64(&blob, BASE64_STD);
            let needle = base64_core(value, prefix_len % 3, BASE64_STD);
            assert!(needle.len() >= 20, "needle too short: {}", needle.len());
            assert!(
                encoded
                    .windows(needle.len())
                    .any(|w| w == needle.as_slice()),
                "offset {prefix_len} not found"
            );
        }
    }

    #[test]
    fn percent_decode_handles_plus_and_bad_escapes() {
        assert_eq!(percent_decode(b"a%40b+c", false), b"a@b+c");
        assert_eq!(percent_decode(b"a%40b+c", true), b"a@b c");
        assert_eq!(percent_decode(b"%e2%82%AC", false), "€".as_bytes());
        assert_eq!(percent_decode(b"100%", false), b"100%");
        assert_eq!(percent_decode(b"%zz%4", false), b"%zz%4");
    }

    #[test]
    fn base64_reads_both_alphabets_with_or_without_padding() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("aGVsbG8").unwrap(), b"hello");
        assert_eq!(base64_decode("/+8=").unwrap(), [0xff, 0xef]);
        assert_eq!(base64_decode("_-8").unwrap(), [0xff, 0xef]);
        assert_eq!(base64_decode("").unwrap(), b"");
        assert_eq!(base64_decode("aGVs\nbG8=").unwrap(), b"hello");
        assert!(base64_decode("a").is_none());
        assert!(base64_decode("aGVsbG8=x").is_none());
        assert!(base64_decode("a*b=").is_none());
    }
}
