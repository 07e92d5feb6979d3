//! Input read with a cap on every line, and input echoed to a terminal with its control characters escaped.
//!
//! Lists and request logs come from strangers. A line of theirs printed as is can retitle the
//! terminal (`ESC ] 0 ; … BEL`), clear it (`ESC [ 2 J`) or reorder what follows (Unicode bidi
//! overrides); one line of 200 MB, buffered whole, costs 200 MB before it can be refused.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, BufRead, BufReader, Read};

/// `s` with every control character (C0, DEL, C1) and bidi control written as `\xNN` or
/// `\u{NNNN}`, so echoed input can never drive the terminal. Other text is left as it is.
pub fn escape(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !needs_escape(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            let _ = write!(out, "\\x{:02x}", c as u32);
        } else {
            let _ = write!(out, "\\u{{{:04x}}}", c as u32);
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Opens `path` for reading; `-` is standard input.
pub fn open(path: &str) -> io::Result<Box<dyn Read>> {
    if path == "-" {
        Ok(Box::new(io::stdin()))
    } else {
        Ok(Box::new(std::fs::File::open(path)?))
    }
}

/// One line as read by [`Lines`].
pub struct Line {
    /// The line (lossy UTF-8, without its `\n` or `\r\n`), at most the cap's bytes plus one.
    pub text: String,
    /// Bytes the line had in full; more than the cap when it was cut.
    pub len: usize,
}

impl Line {
    /// True when the line was longer than the cap and only its start was kept.
    pub fn cut(&self, cap: usize) -> bool {
        self.len > cap
    }
}

/// Lines of a reader, each kept to `cap + 1` bytes: the rest of an overlong line is read and
/// dropped, never buffered, and the extra byte lets the caller see the line was too long.
pub struct Lines<R> {
    inner: BufReader<R>,
    cap: usize,
    buf: Vec<u8>,
}

impl<R: Read> Lines<R> {
    /// Reads `r` keeping at most `cap + 1` bytes of any line.
    pub fn new(r: R, cap: usize) -> Self {
        Lines {
            inner: BufReader::with_capacity(64 * 1024, r),
            cap,
            buf: Vec::new(),
        }
    }

    /// The next line, `None` at the end.
    pub fn next_line(&mut self) -> io::Result<Option<Line>> {
        self.buf.clear();
        let mut len = 0usize;
        let mut any = false;
        loop {
            let chunk = self.inner.fill_buf()?;
            if chunk.is_empty() {
                if !any {
                    return Ok(None);
                }
                break;
            }
            any = true;
            let (part, done) = match chunk.iter().position(|&b| b == b'\n') {
                Some(i) => (&chunk[..i], i + 1),
                None => (chunk, chunk.len()),
            };
            let room = (self.cap + 1).saturating_sub(self.buf.len());
            self.buf.extend_from_slice(&part[..part.len().min(room)]);
            len += part.len();
            let ended = done > part.len();
            self.inner.consume(done);
            if ended {
                break;
            }
        }
        if self.buf.last() == Some(&b'\r') && len <= self.cap + 1 {
            self.buf.pop();
            len -= 1;
        }
        Ok(Some(Line {
            text: String::from_utf8_lossy(&self.buf).into_owned(),
            len,
        }))
    }
}

/// A whole text read line by line, each line cut at `cap + 1` bytes (so a parser with a limit
/// of `cap` still refuses it as too long, without it ever being held whole).
pub fn read_capped(r: impl Read, cap: usize) -> io::Result<String> {
    let mut lines = Lines::new(r, cap);
    let mut out = String::new();
    while let Some(line) = lines.next_line()? {
        out.push_str(&line.text);
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_escaped_and_text_is_not() {
        assert_eq!(escape("||a.com^"), "||a.com^");
        assert_eq!(escape("é ü /a\\.js/"), "é ü /a\\.js/");
        assert_eq!(escape("\x1b]0;pwned\x07"), "\\x1b]0;pwned\\x07");
        assert_eq!(escape("a\x1b[2Jb\r\n\t"), "a\\x1b[2Jb\\x0d\\x0a\\x09");
        assert_eq!(escape("\u{9b}x\u{202e}y"), "\\x9bx\\u{202e}y");
    }

    #[test]
    fn lines_are_cut_at_the_cap_and_the_rest_dropped() {
        let text = format!("short\r\n{}\nnext\nlast", "x".repeat(100));
        let mut l = Lines::new(text.as_bytes(), 10);
        let a = l.next_line().unwrap().unwrap();
        assert_eq!((a.text.as_str(), a.len), ("short", 5));
        let b = l.next_line().unwrap().unwrap();
        assert_eq!((b.text.len(), b.len, b.cut(10)), (11, 100, true));
        assert_eq!(l.next_line().unwrap().unwrap().text, "next");
        assert_eq!(l.next_line().unwrap().unwrap().text, "last");
        assert!(l.next_line().unwrap().is_none());
        assert_eq!(read_capped("a\n\nb".as_bytes(), 4).unwrap(), "a\n\nb\n");
    }
}
