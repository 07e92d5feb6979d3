//! Key substitution: a per-page letter-for-letter, digit-for-digit map and consistent fake key events.
//!
//! One permutation with no fixed point is drawn per page for the 26 letters (used for both
//! cases, so Shift keeps working: `a`→`q` and `A`→`Q`) and one for the 10 digits. Stable
//! within the page, so a recorder sees one consistent false text; fresh for every page.
//! Whitespace and punctuation are kept, so word shape and length are the page's.
//! Letters and digits outside ASCII (`é`, `ß`, `Ж`, `٣`, CJK) are replaced too, by another
//! character of the same kind from the same 128-code-point block, so the text stays plausible
//! in its script.
//!
//! The page hook cannot call the core synchronously, so everything it needs per keystroke is in
//! [`SubstitutionTable`]: `to[from.indexOf(c)]` for a character, `codes[event.code]` for the
//! physical key. [`KeyMap::fake_key`] is the reference for what the hook does with it.

use super::rng::{splitmix64, Rng};
use serde::Serialize;

/// The 62 ASCII characters the table starts with, in the order of [`SubstitutionTable::from`].
pub const TABLE_FROM: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// Blocks whose letters and digits follow the 62 ASCII ones in the table: Latin-1 Supplement
/// and Latin Extended-A/B, Greek, Cyrillic (about 550 characters, 2 KB per page). Characters
/// of other scripts (CJK, Arabic…) are not in the table and the hook passes them unchanged;
/// [`KeyMap::substitute`] in the core covers every script.
pub const TABLE_BLOCKS: &[(u32, u32)] = &[(0xC0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF)];

/// The per-page substitution.
#[derive(Debug, Clone)]
pub struct KeyMap {
    letters: [u8; 26],
    digits: [u8; 10],
    /// Keys the replacement of characters outside ASCII.
    salt: u64,
}

/// Everything the hook needs to fake key events and field values, as lookups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubstitutionTable {
    /// [`TABLE_FROM`] then the letters and digits of [`TABLE_BLOCKS`].
    pub from: String,
    /// `to[i]` replaces `from[i]` (index by character: both are in the BMP, one UTF-16 unit each).
    pub to: String,
    /// Fake physical key per real `code` (`KeyA`…`KeyZ`, `Digit0`…`Digit9`, `Numpad0`…`Numpad9`);
    /// a JSON object `{"KeyA": {"code": "KeyQ", "key_code": 81}, …}`.
    #[serde(serialize_with = "as_map")]
    pub codes: Vec<(String, FakeCode)>,
}

/// The fake physical key for a real one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FakeCode {
    /// `code`.
    pub code: String,
    /// `keyCode`/`which` of `keydown`/`keyup`.
    pub key_code: u32,
}

fn as_map<S: serde::Serializer>(v: &[(String, FakeCode)], s: S) -> Result<S::Ok, S::Error> {
    s.collect_map(v.iter().map(|(k, c)| (k, c)))
}

/// The fields of a fake `KeyboardEvent`, consistent with each other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FakeKey {
    /// `key`.
    pub key: String,
    /// `code` (the physical key, US layout for replaced characters).
    pub code: String,
    /// `keyCode` and `which` of `keydown`/`keyup`.
    pub key_code: u32,
    /// `charCode` (and `keyCode`/`which`) of `keypress`: the code point of `key`, 0 for named keys.
    pub char_code: u32,
}

/// A permutation of `0..n` with no fixed point (Sattolo's algorithm gives one n-cycle).
fn derangement<const N: usize>(rng: &mut Rng) -> [u8; N] {
    let mut p = [0u8; N];
    for (i, v) in p.iter_mut().enumerate() {
        *v = i as u8;
    }
    for i in (1..N).rev() {
        let j = rng.below(i as u32) as usize;
        p.swap(i, j);
    }
    p
}

impl KeyMap {
    /// Draws the page's substitution from `rng`.
    pub fn new(rng: &mut Rng) -> Self {
        Self {
            letters: derangement::<26>(rng),
            digits: derangement::<10>(rng),
            salt: rng.next_u64(),
        }
    }

    /// The replacement of one character; characters that are neither letters nor digits are
    /// returned unchanged.
    pub fn substitute_char(&self, c: char) -> char {
        match c {
            'a'..='z' => char::from(b'a' + self.letters[usize::from(c as u8 - b'a')]),
            'A'..='Z' => char::from(b'A' + self.letters[usize::from(c as u8 - b'A')]),
            '0'..='9' => char::from(b'0' + self.digits[usize::from(c as u8 - b'0')]),
            c if c.is_ascii() => c,
            c if c.is_alphanumeric() => self.same_block(c),
            c => c,
        }
    }

    /// Replaces every letter and digit of `text`; same length in characters and in UTF-16 units.
    pub fn substitute(&self, text: &str) -> String {
        text.chars().map(|c| self.substitute_char(c)).collect()
    }

    /// The table for JavaScript.
    pub fn table(&self) -> SubstitutionTable {
        let mut from = TABLE_FROM.to_string();
        let mut to = self.substitute(TABLE_FROM);
        for &(lo, hi) in TABLE_BLOCKS {
            for c in (lo..=hi).filter_map(char::from_u32) {
                let s = self.substitute_char(c);
                if s != c {
                    from.push(c);
                    to.push(s);
                }
            }
        }
        let letters = ('A'..='Z').map(|c| format!("Key{c}"));
        let digits = ('0'..='9').flat_map(|d| [format!("Digit{d}"), format!("Numpad{d}")]);
        let codes = letters
            .chain(digits)
            .filter_map(|real| Some((real.clone(), self.fake_code(&real)?)))
            .collect();
        SubstitutionTable { from, to, codes }
    }

    /// The fake physical key for a letter or digit key; `None` for any other key.
    pub fn fake_code(&self, code: &str) -> Option<FakeCode> {
        let (prefix, rest) = ["Key", "Digit", "Numpad"]
            .iter()
            .find_map(|p| Some((*p, code.strip_prefix(p)?)))?;
        let mut chars = rest.chars();
        let (Some(c), None) = (chars.next(), chars.next()) else {
            return None;
        };
        let valid = match prefix {
            "Key" => c.is_ascii_uppercase(),
            _ => c.is_ascii_digit(),
        };
        if !valid {
            return None;
        }
        let s = self.substitute_char(c);
        let key_code = match prefix {
            "Numpad" => 96 + (s as u32 - '0' as u32),
            _ => s as u32,
        };
        Some(FakeCode {
            code: format!("{prefix}{s}"),
            key_code,
        })
    }

    /// A character of the same kind as `c` from its 128-code-point block, chosen by a hash of
    /// the page salt and `c` so it is stable within the page. `c` itself if none is found.
    fn same_block(&self, c: char) -> char {
        let kind = Kind::of(c);
        let base = (c as u32) & !127;
        let mut h = self.salt ^ u64::from(c as u32);
        let start = splitmix64(&mut h) as u32;
        for i in 0..128 {
            let cand = base + (start.wrapping_add(i) & 127);
            if let Some(d) = char::from_u32(cand) {
                // Same UTF-16 width, so `value.length` and caret positions do not change.
                if d != c && Kind::of(d) == kind && d.len_utf16() == c.len_utf16() {
                    return d;
                }
            }
        }
        c
    }

    /// The fake event fields for a key event whose real fields are `key`, `code`, `key_code`:
    /// what the hook does with [`SubstitutionTable`]. A key whose character is not replaced
    /// (named keys such as `Enter`, punctuation, whitespace) comes back unchanged, `code`
    /// included, so key and code stay a plausible pair; otherwise the character is replaced
    /// and the physical key mapped through [`KeyMap::fake_code`] (kept if it is not a letter
    /// or digit key).
    pub fn fake_key(&self, key: &str, code: &str, key_code: u32) -> FakeKey {
        let mut chars = key.chars();
        let single = match (chars.next(), chars.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        };
        let replaced = single
            .map(|c| (c, self.substitute_char(c)))
            .filter(|(c, s)| c != s);
        let Some((_, s)) = replaced else {
            return FakeKey {
                key: key.to_string(),
                code: code.to_string(),
                key_code,
                char_code: single.map_or(0, u32::from),
            };
        };
        let (code, key_code) = match self.fake_code(code) {
            Some(f) => (f.code, f.key_code),
            None => (code.to_string(), key_code),
        };
        FakeKey {
            key: s.to_string(),
            code,
            key_code,
            char_code: u32::from(s),
        }
    }
}

/// What a replacement must keep of a character.
#[derive(PartialEq, Eq)]
enum Kind {
    Lower,
    Upper,
    OtherLetter,
    Digit,
    Other,
}

impl Kind {
    fn of(c: char) -> Kind {
        if c.is_lowercase() {
            Kind::Lower
        } else if c.is_uppercase() {
            Kind::Upper
        } else if c.is_alphabetic() {
            Kind::OtherLetter
        } else if c.is_numeric() {
            Kind::Digit
        } else {
            Kind::Other
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn map(seed: u64) -> KeyMap {
        KeyMap::new(&mut super::Rng::new(seed))
    }

    #[test]
    fn no_letter_or_digit_maps_to_itself_and_cases_agree() {
        for seed in 0..50 {
            let m = map(seed);
            for (a, b) in m.table().from.chars().zip(m.table().to.chars()) {
                assert_ne!(a, b, "seed {seed}");
            }
            for c in 'a'..='z' {
                assert_eq!(
                    m.substitute_char(c).to_ascii_uppercase(),
                    m.substitute_char(c.to_ascii_uppercase())
                );
            }
        }
    }

    #[test]
    fn substitution_is_a_permutation_so_text_stays_consistent() {
        let m = map(3);
        let to: Vec<char> = m.table().to.chars().collect();
        let mut letters: Vec<char> = to[..26].to_vec();
        letters.sort_unstable();
        assert_eq!(letters, ('a'..='z').collect::<Vec<_>>());
        assert_eq!(m.substitute("hello"), m.substitute("hello"));
    }

    #[test]
    fn keeps_word_shape() {
        let m = map(9);
        let out = m.substitute("Jane Doe, 42 Main St.\tOK!");
        assert_eq!(out.len(), "Jane Doe, 42 Main St.\tOK!".len());
        assert_eq!(&out[4..5], " ");
        assert_eq!(&out[8..10], ", ");
        assert!(out.ends_with('!'));
        assert_ne!(out, "Jane Doe, 42 Main St.\tOK!");
    }

    #[test]
    fn non_ascii_letters_stay_in_their_script() {
        let m = map(5);
        for c in ['é', 'ß', 'Ж', 'ж', 'α', '東', '٣'] {
            let s = m.substitute_char(c);
            assert_ne!(s, c, "{c}");
            assert_eq!((s as u32) >> 7, (c as u32) >> 7, "{c} -> {s}");
            assert_eq!(s.is_lowercase(), c.is_lowercase(), "{c} -> {s}");
            assert_eq!(m.substitute_char(c), s, "stable");
        }
        assert_eq!(m.substitute_char('€'), '€');
    }

    #[test]
    fn fake_key_is_consistent() {
        let m = map(11);
        let s = m.substitute_char('a');
        let up = s.to_ascii_uppercase();
        let k = m.fake_key("a", "KeyA", 65);
        assert_eq!(k.key, s.to_string());
        assert_eq!(k.code, format!("Key{up}"));
        assert_eq!(k.key_code, up as u32);
        assert_eq!(k.char_code, s as u32);
        let k = m.fake_key("A", "KeyA", 65);
        assert_eq!(k.key, up.to_string());
        assert_eq!(k.code, format!("Key{up}"));

        let d = m.substitute_char('7').to_digit(10).unwrap();
        assert_eq!(m.fake_key("7", "Digit7", 55).code, format!("Digit{d}"));
        assert_eq!(m.fake_key("7", "Digit7", 55).key_code, 48 + d);
        assert_eq!(m.fake_key("7", "Numpad7", 103).code, format!("Numpad{d}"));
        assert_eq!(m.fake_key("7", "Numpad7", 103).key_code, 96 + d);

        let enter = m.fake_key("Enter", "Enter", 13);
        assert_eq!(
            (enter.key.as_str(), enter.code.as_str(), enter.key_code),
            ("Enter", "Enter", 13)
        );
        let bang = m.fake_key("!", "Digit1", 49);
        assert_eq!((bang.key.as_str(), bang.code.as_str()), ("!", "Digit1"));
        assert_eq!(bang.char_code, '!' as u32);
    }

    #[test]
    fn table_gives_the_hook_what_fake_key_computes() {
        let m = map(13);
        let t = m.table();
        assert!(t.from.starts_with(TABLE_FROM));
        assert_eq!(t.from.chars().count(), t.to.chars().count());
        assert!(t.from.chars().count() > 500, "{}", t.from.chars().count());
        assert!(t.from.contains('é') && t.from.contains('Ж') && t.from.contains('λ'));
        assert_eq!(t.codes.len(), 26 + 20);
        let codes: std::collections::HashMap<_, _> = t.codes.iter().cloned().collect();
        // The hook's lookups reproduce fake_key for every table character on a US layout.
        let from: Vec<char> = t.from.chars().collect();
        let to: Vec<char> = t.to.chars().collect();
        for (i, c) in from.iter().take(62).enumerate() {
            let (code, kc) = if c.is_ascii_digit() {
                (format!("Digit{c}"), *c as u32)
            } else {
                (
                    format!("Key{}", c.to_ascii_uppercase()),
                    c.to_ascii_uppercase() as u32,
                )
            };
            let want = m.fake_key(&c.to_string(), &code, kc);
            assert_eq!(want.key, to[i].to_string());
            assert_eq!(want.code, codes[&code].code);
            assert_eq!(want.key_code, codes[&code].key_code);
        }
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(
            json["codes"]["Numpad7"]["code"],
            format!("Numpad{}", m.substitute_char('7'))
        );
        assert_eq!(
            json["codes"]["KeyA"]["key_code"],
            m.substitute_char('A') as u32
        );
    }

    #[test]
    fn seeds_give_different_tables() {
        assert_ne!(map(1).table().to, map(2).table().to);
    }

    proptest! {
        #[test]
        fn substitution_preserves_kind_and_length(text in "\\PC{0,64}", seed in any::<u64>()) {
            let m = map(seed);
            let out = m.substitute(&text);
            prop_assert_eq!(out.chars().count(), text.chars().count());
            prop_assert_eq!(out.encode_utf16().count(), text.encode_utf16().count());
            for (a, b) in text.chars().zip(out.chars()) {
                prop_assert_eq!(a.is_ascii_lowercase(), b.is_ascii_lowercase());
                prop_assert_eq!(a.is_ascii_uppercase(), b.is_ascii_uppercase());
                prop_assert_eq!(a.is_ascii_digit(), b.is_ascii_digit());
                prop_assert_eq!(a.is_lowercase(), b.is_lowercase());
                prop_assert_eq!(a.is_uppercase(), b.is_uppercase());
                prop_assert_eq!(a.is_whitespace(), b.is_whitespace());
                if !a.is_alphanumeric() {
                    prop_assert_eq!(a, b);
                }
            }
        }
    }
}
