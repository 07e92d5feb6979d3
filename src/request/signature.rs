//! Parameter signatures lists cannot express: the Meta pixel's field set on any host, and
//! bot-defence sensor blobs (`sensor_data`, HUMAN's collector payload) on first-party paths.

/// Pixel fields besides `id` and `ev` that fbevents.js sends with every event.
const PIXEL_CORE: [&str; 18] = [
    "dl", "rl", "if", "ts", "sw", "sh", "v", "r", "ec", "o", "fbp", "fbc", "it", "coo", "rqm",
    "eid", "cdl", "noscript",
];

/// Automatic-event fields: what the person clicked and which form fields the page has.
const PIXEL_AUTO: [&str; 4] = [
    "cd[buttonText]",
    "cd[buttonFeatures]",
    "cd[formFeatures]",
    "cd[pageFeatures]",
];

/// A form body or query that reads as a Meta pixel event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PixelHit {
    /// The event name (`PageView`, `SubscribedButtonClick`…).
    pub event: String,
    /// Core fields present besides `id` and `ev`.
    pub core: usize,
    /// Advanced-matching fields present (`ud[em]`…): hashed identity.
    pub identity: Vec<String>,
    /// Automatic-event fields present.
    pub automatic: Vec<&'static str>,
}

/// Splits `a=1&b=2` into pairs (raw, not decoded).
fn pairs(s: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    s.split(|&b| b == b'&').filter(|p| !p.is_empty()).map(|p| {
        match p.iter().position(|&b| b == b'=') {
            Some(i) => (&p[..i], &p[i + 1..]),
            None => (p, &p[p.len()..]),
        }
    })
}

/// Decodes the bracket escapes a key may carry (`ud%5Bem%5D`); other escapes stay as they are.
fn key_text(raw: &[u8]) -> Option<String> {
    if raw.len() > 48 {
        return None;
    }
    let s = std::str::from_utf8(raw).ok()?;
    if !s.contains('%') {
        return Some(s.to_string());
    }
    Some(
        s.replace("%5B", "[")
            .replace("%5b", "[")
            .replace("%5D", "]")
            .replace("%5d", "]"),
    )
}

/// Reads a query string or an `application/x-www-form-urlencoded` body as a Meta pixel event.
///
/// The signature is `id` (a numeric pixel id) and `ev` (an event name) with at least three
/// core fields, or with identity / automatic-event fields: a site's own `?id=3&ev=x` search does
/// not look like this, a first-party proxy of the pixel does.
pub fn meta_pixel(form: &[u8]) -> Option<PixelHit> {
    // Cheap reject before any allocation: most queries have neither field.
    if !contains(form, b"ev=") || !contains(form, b"id=") {
        return None;
    }
    let mut id_ok = false;
    let mut event = None;
    let mut core = 0;
    let mut identity = Vec::new();
    let mut automatic = Vec::new();
    for (k, v) in pairs(form) {
        match k {
            b"id" => id_ok = (5..=20).contains(&v.len()) && v.iter().all(u8::is_ascii_digit),
            b"ev" if !v.is_empty() && v.len() <= 64 => {
                event = std::str::from_utf8(v).ok().map(str::to_string)
            }
            _ if PIXEL_CORE.iter().any(|c| c.as_bytes() == k) => core += 1,
            _ => {
                let Some(key) = key_text(k) else { continue };
                if key.starts_with("ud[") && key.ends_with(']') {
                    identity.push(key);
                } else if let Some(a) = PIXEL_AUTO.iter().find(|a| **a == key) {
                    automatic.push(*a);
                }
            }
        }
    }
    let event = event?;
    (id_ok && (core >= 3 || !identity.is_empty() || !automatic.is_empty())).then_some(PixelHit {
        event,
        core,
        identity,
        automatic,
    })
}

/// Reads the `name="…"` parts of a `multipart/form-data` body into `k=v&…` form, so the pixel
/// signature can read a `FormData` POST the same way as a query.
pub fn multipart_as_form(body: &[u8]) -> Option<Vec<u8>> {
    const NAME: &[u8] = b"name=\"";
    if !body.starts_with(b"--") || !contains(body, b"Content-Disposition") {
        return None;
    }
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = find(rest, NAME) {
        rest = &rest[i + NAME.len()..];
        let Some(end) = rest.iter().position(|&b| b == b'"') else {
            break;
        };
        let key = &rest[..end];
        rest = &rest[end..];
        let value = match find(rest, b"\r\n\r\n") {
            Some(v) => {
                let val = &rest[v + 4..];
                let stop = find(val, b"\r\n--").unwrap_or(val.len());
                &val[..stop.min(256)]
            }
            None => &rest[..0],
        };
        if !out.is_empty() {
            out.push(b'&');
        }
        out.extend_from_slice(key);
        out.push(b'=');
        out.extend(value.iter().filter(|b| **b != b'&' && **b != b'='));
    }
    (!out.is_empty()).then_some(out)
}

/// Akamai Bot Manager's sensor blob: a `sensor_data` field (JSON or form) with a long value.
pub fn sensor_data(body: &[u8]) -> bool {
    const KEY: &[u8] = b"sensor_data";
    let mut at = 0;
    while let Some(i) = find(&body[at..], KEY) {
        let start = at + i;
        at = start + KEY.len();
        let before = start.checked_sub(1).map(|j| body[j]);
        let value = match before {
            // JSON: "sensor_data" : "…"
            Some(b'"') if body.get(at) == Some(&b'"') => {
                let mut p = at + 1;
                while body.get(p).is_some_and(u8::is_ascii_whitespace) {
                    p += 1;
                }
                if body.get(p) != Some(&b':') {
                    continue;
                }
                p += 1;
                while body.get(p).is_some_and(u8::is_ascii_whitespace) {
                    p += 1;
                }
                if body.get(p) != Some(&b'"') {
                    continue;
                }
                &body[p + 1..]
            }
            // Form: sensor_data=… at the start or after `&`.
            None | Some(b'&') if body.get(at) == Some(&b'=') => &body[at + 1..],
            _ => continue,
        };
        let len = value
            .iter()
            .take_while(|&&b| b != b'"' && b != b'&')
            .count();
        // A real blob is hundreds of characters of encoded timings.
        if len >= 64 {
            return true;
        }
    }
    false
}

/// HUMAN (PerimeterX) collector payload: a form with `payload=` and an `appId=PX…`.
pub fn perimeterx(body: &[u8]) -> bool {
    let mut payload = false;
    let mut app = false;
    for (k, v) in pairs(body) {
        match k {
            b"payload" => payload = v.len() >= 16,
            b"appId" => app = v.starts_with(b"PX"),
            _ => {}
        }
    }
    payload && app
}

/// Position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        match hay[i..hay.len() - needle.len() + 1]
            .iter()
            .position(|&b| b == first)
        {
            Some(off) => i += off,
            None => return None,
        }
        if &hay[i..i + needle.len()] == needle {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// True when `needle` occurs in `hay`.
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pixel_needs_id_event_and_context() {
        let q = b"id=1234567890&ev=PageView&dl=https%3A%2F%2Fshop.example%2F&rl=&if=false&ts=1&v=2.9.180";
        let hit = meta_pixel(q).unwrap();
        assert_eq!(hit.event, "PageView");
        assert!(hit.identity.is_empty());
        assert!(
            meta_pixel(b"id=12&ev=PageView&dl=x&rl=&if=false").is_none(),
            "short id"
        );
        assert!(
            meta_pixel(b"id=1234567890&ev=PageView&dl=x").is_none(),
            "too few fields"
        );
        assert!(
            meta_pixel(b"id=1234567890&dl=x&rl=&if=false&ts=1").is_none(),
            "no event"
        );
        let am = meta_pixel(b"id=1234567890&ev=Lead&ud%5Bem%5D=abc&ud[ph]=def").unwrap();
        assert_eq!(am.identity, ["ud[em]", "ud[ph]"]);
        let auto =
            meta_pixel(b"id=1234567890&ev=SubscribedButtonClick&cd[buttonText]=Buy").unwrap();
        assert_eq!(auto.automatic, ["cd[buttonText]"]);
    }

    #[test]
    fn multipart_reads_as_form() {
        let body = b"--b\r\nContent-Disposition: form-data; name=\"id\"\r\n\r\n1234567890\r\n--b\r\nContent-Disposition: form-data; name=\"ev\"\r\n\r\nLead\r\n--b\r\nContent-Disposition: form-data; name=\"ud[em]\"\r\n\r\nabc\r\n--b--\r\n";
        let form = multipart_as_form(body).unwrap();
        assert_eq!(form, b"id=1234567890&ev=Lead&ud[em]=abc");
    }

    #[test]
    fn sensor_blobs() {
        let blob = "a".repeat(80);
        assert!(sensor_data(
            format!("{{\"sensor_data\":\"{blob}\"}}").as_bytes()
        ));
        assert!(sensor_data(format!("x=1&sensor_data={blob}").as_bytes()));
        assert!(sensor_data(
            format!("{{\"sensor_data\" : \"{blob}\"}}").as_bytes()
        ));
        assert!(!sensor_data(b"{\"sensor_data\":\"short\"}"));
        assert!(!sensor_data(format!("nosensor_data={blob}").as_bytes()));
        assert!(perimeterx(
            b"payload=aGVsbG8gd29ybGQgaGVsbG8&appId=PXabc123&tag=v8"
        ));
        assert!(!perimeterx(b"payload=aGVsbG8gd29ybGQgaGVsbG8&appId=shop"));
    }
}
