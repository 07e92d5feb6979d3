//! A byte-level JavaScript tokenizer for classification: linear time, bounded memory, no AST.
//!
//! It works on bytes, not `char`s, so invalid UTF-8 and NUL bytes are just bytes. Every byte of
//! the input belongs to exactly one token (whitespace and comments are tokens too), which the
//! property tests check. Nesting (template `${}`, braces, parens) is tracked on an explicit stack
//! of fixed capacity: a hostile file with 10,000 nested brackets degrades the regex-or-division
//! guess past the cap, never the process.

/// What kind of text a [`Token`] spans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Spaces, tabs, line terminators, BOM, NBSP.
    Space,
    /// `// …` or `/* … */` (or a `#!` line at the very start).
    Comment,
    /// An identifier or keyword (ASCII letters, digits, `$`, `_`, `#`, `\`, or any non-ASCII byte).
    Ident,
    /// A numeric literal in any form (`0x1F`, `1_000`, `.5e-3`, `10n`).
    Number,
    /// A quoted string, quotes included.
    Str,
    /// A piece of a template literal: from `` ` `` or `}` up to and including `` ` `` or `${`.
    Template,
    /// A regular-expression literal, flags included.
    Regex,
    /// A punctuator: `?.`, `=>`, `...`, `++`, `--`, or any other single byte.
    Punct,
}

/// One token: its kind and byte span `[start, end)` in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// True when a string, template, regex or block comment ran off its line or the input
    /// without its closing delimiter.
    pub unterminated: bool,
}

/// The deepest nesting whose kinds are remembered; deeper levels are only counted.
pub const MAX_DEPTH: usize = 1024;

/// What an open bracket was, to decide what its closing bracket means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Open {
    /// `{` of a block: a `/` after its `}` starts a regex.
    Block,
    /// `{` of an object literal: a `/` after its `}` divides.
    Object,
    /// `${` inside a template: its `}` resumes the template text.
    Subst,
    /// `(` of `if`/`while`/`for`/`with`: a `/` after its `)` starts a regex.
    CondParen,
    /// Any other `(` or `[`.
    Other,
}

/// The tokenizer, an iterator over every [`Token`] of the input.
pub struct Lexer<'a> {
    src: &'a [u8],
    pos: usize,
    /// Whether a `/` here would start a regex (decided by the last significant token).
    regex_ok: bool,
    /// Whether a `{` here would open a block rather than an object literal.
    block_ok: bool,
    /// The last significant token was `if`/`while`/`for`/`with` (for the `(` that follows).
    cond_kw: bool,
    stack: Vec<Open>,
    /// Levels opened beyond [`MAX_DEPTH`], whose kinds were not kept.
    overflow: usize,
}

impl<'a> Lexer<'a> {
    /// A tokenizer over `src`.
    pub fn new(src: &'a [u8]) -> Self {
        Lexer {
            src,
            pos: 0,
            regex_ok: true,
            block_ok: true,
            cond_kw: false,
            stack: Vec::with_capacity(64),
            overflow: 0,
        }
    }

    /// The current nesting depth (remembered plus overflowed levels).
    pub fn depth(&self) -> usize {
        self.stack.len() + self.overflow
    }

    fn push(&mut self, o: Open) {
        if self.stack.len() < MAX_DEPTH && self.overflow == 0 {
            self.stack.push(o);
        } else {
            self.overflow += 1;
        }
    }

    /// Pops one level; `Open::Other` stands in for a level whose kind was not kept.
    fn pop(&mut self) -> Option<Open> {
        if self.overflow > 0 {
            self.overflow -= 1;
            Some(Open::Other)
        } else {
            self.stack.pop()
        }
    }

    /// The next token that is not space or a comment. Same tokens as the iterator minus the
    /// trivia, without paying a token's cost for each run of spaces (feature extraction's path).
    // Always inlined, like `next` and `punct`: the release profile optimises for size and left
    // these per-token calls out of line, which cost a sixth of a bundle's scan.
    #[inline(always)]
    pub fn next_significant(&mut self) -> Option<Token> {
        loop {
            let s = self.src;
            let mut i = self.pos;
            // Minified code mostly has no space before a token: one look decides.
            if s.get(i).is_some_and(|&c| SPACE[c as usize]) {
                // Indentation comes in long runs of spaces: skip them eight at a time.
                while let Some(chunk) = s.get(i..i + 8) {
                    if chunk != b"        " {
                        break;
                    }
                    i += 8;
                }
                while i < s.len() && SPACE[s[i] as usize] {
                    i += 1;
                }
                self.pos = i;
            }
            let t = self.next()?;
            if t.kind != Kind::Comment && t.kind != Kind::Space {
                return Some(t);
            }
        }
    }

    fn byte(&self, i: usize) -> u8 {
        self.src.get(i).copied().unwrap_or(0)
    }

    /// Scans template text from `self.pos` (just past `` ` `` or `}`) to the closing `` ` ``
    /// or an opening `${`.
    fn template_text(&mut self) -> bool {
        let s = self.src;
        let mut i = self.pos;
        while i < s.len() {
            match s[i] {
                b'\\' => i += 2,
                b'`' => {
                    self.pos = i + 1;
                    return false;
                }
                b'$' if s.get(i + 1) == Some(&b'{') => {
                    self.pos = i + 2;
                    self.push(Open::Subst);
                    return false;
                }
                _ => i += 1,
            }
        }
        self.pos = s.len();
        true
    }

    fn quoted(&mut self, q: u8) -> bool {
        let s = self.src;
        let mut i = self.pos + 1;
        while i < s.len() {
            let c = s[i];
            if c == q {
                self.pos = i + 1;
                return false;
            }
            if c == b'\\' {
                // A backslash before CRLF continues the line over both bytes.
                i += if s.get(i + 1) == Some(&b'\r') && s.get(i + 2) == Some(&b'\n') {
                    3
                } else {
                    2
                };
                continue;
            }
            if c == b'\n' || c == b'\r' {
                self.pos = i;
                return true;
            }
            i += 1;
        }
        self.pos = s.len();
        true
    }

    fn regex(&mut self) -> bool {
        let s = self.src;
        let mut i = self.pos + 1;
        let mut in_class = false;
        while i < s.len() {
            match s[i] {
                b'\\' => {
                    if matches!(s.get(i + 1), Some(b'\n' | b'\r') | None) {
                        i += 1;
                        continue;
                    }
                    i += 2;
                }
                b'[' => {
                    in_class = true;
                    i += 1;
                }
                b']' => {
                    in_class = false;
                    i += 1;
                }
                b'/' if !in_class => {
                    i += 1;
                    while i < s.len() && is_ident_byte(s[i]) {
                        i += 1;
                    }
                    self.pos = i;
                    return false;
                }
                b'\n' | b'\r' => {
                    self.pos = i;
                    return true;
                }
                _ => i += 1,
            }
        }
        self.pos = s.len().min(i);
        true
    }

    fn number(&mut self) {
        let s = self.src;
        let mut i = self.pos;
        let radix = s[i] == b'0' && matches!(self.byte(i + 1) | 0x20, b'x' | b'o' | b'b');
        if radix {
            i += 2;
            while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_') {
                i += 1;
            }
        } else {
            let mut dot = false;
            let mut exp = false;
            while i < s.len() {
                let c = s[i];
                if c.is_ascii_digit() || c == b'_' {
                    i += 1;
                } else if c == b'.' && !dot && !exp {
                    dot = true;
                    i += 1;
                } else if (c | 0x20) == b'e' && !exp {
                    exp = true;
                    i += 1;
                    if matches!(self.byte(i), b'+' | b'-') {
                        i += 1;
                    }
                } else if c == b'n' {
                    i += 1;
                    break;
                } else {
                    break;
                }
            }
        }
        self.pos = i;
    }

    /// Records what the token just lexed means for the next `/` and `{`.
    #[inline]
    fn after(&mut self, kind: Kind, start: usize, end: usize) {
        match kind {
            Kind::Space | Kind::Comment => return,
            Kind::Ident => {
                // One match decides all three; most identifiers miss on length alone.
                (self.regex_ok, self.block_ok, self.cond_kw) = match &self.src[start..end] {
                    b"else" | b"do" => (true, true, false),
                    b"try" | b"finally" => (false, true, false),
                    b"if" | b"while" | b"for" | b"with" => (false, false, true),
                    w => (is_regex_keyword(w), false, false),
                };
                return;
            }
            Kind::Number | Kind::Str | Kind::Regex => {
                self.regex_ok = false;
                self.block_ok = false;
            }
            Kind::Template => {
                // Text ending in `${` is followed by an expression; ending in `` ` `` by an operator.
                let opens = self.src[start..end].ends_with(b"${");
                self.regex_ok = opens;
                self.block_ok = false;
            }
            Kind::Punct => {}
        }
        self.cond_kw = false;
    }
}

/// Identifier words after which a `/` starts a regex rather than a division.
fn is_regex_keyword(w: &[u8]) -> bool {
    // Every such keyword is 2 to 10 lower-case letters.
    if w.len() < 2 || w.len() > 10 || !w[0].is_ascii_lowercase() {
        return false;
    }
    matches!(
        w,
        b"return"
            | b"typeof"
            | b"instanceof"
            | b"in"
            | b"of"
            | b"new"
            | b"delete"
            | b"void"
            | b"throw"
            | b"case"
            | b"do"
            | b"else"
            | b"yield"
            | b"await"
    )
}

/// Bytes that continue an identifier. Every non-ASCII byte counts, so Unicode identifiers (and,
/// harmlessly, stray invalid bytes) lex as one identifier without decoding UTF-8.
#[inline]
pub fn is_ident_byte(c: u8) -> bool {
    IDENT[c as usize]
}

static IDENT: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphanumeric() || c == b'$' || c == b'_' || c == b'\\' || c >= 0x80;
        i += 1;
    }
    t
};

/// ASCII whitespace bytes.
static SPACE: [bool; 256] = {
    let mut t = [false; 256];
    t[b' ' as usize] = true;
    t[b'\t' as usize] = true;
    t[b'\n' as usize] = true;
    t[b'\r' as usize] = true;
    t[0x0B] = true;
    t[0x0C] = true;
    t
};

/// Bytes that start an identifier on the fast path (ASCII letters, `$`, `_`).
static IDENT_START: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = c.is_ascii_alphabetic() || c == b'$' || c == b'_';
        i += 1;
    }
    t
};

/// Bytes that always lex as a punctuator: none of space, identifier, `#`, `/`, quotes, digits,
/// `.` (`.5`) or `}` (template resumption), which have rules of their own.
static PUNCT_ONLY: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 0x80 {
        let c = i as u8;
        t[i] =
            !(IDENT[i] || SPACE[i] || matches!(c, b'#' | b'/' | b'"' | b'\'' | b'`' | b'.' | b'}'));
        i += 1;
    }
    t
};

/// Length of a non-ASCII space at `i` (NBSP, BOM, line/paragraph separators), else 0.
fn unicode_space(s: &[u8], i: usize) -> usize {
    match (s.get(i), s.get(i + 1), s.get(i + 2)) {
        (Some(0xC2), Some(0xA0), _) => 2,
        (Some(0xEF), Some(0xBB), Some(0xBF)) => 3,
        (Some(0xE2), Some(0x80), Some(0xA8 | 0xA9)) => 3,
        _ => 0,
    }
}

impl Iterator for Lexer<'_> {
    type Item = Token;

    #[inline(always)]
    fn next(&mut self) -> Option<Token> {
        let s = self.src;
        let start = self.pos;
        let c = *s.get(start)?;
        // Fast path for the commonest token: an ASCII-started identifier.
        if IDENT_START[c as usize] {
            let mut i = start + 1;
            while i < s.len() {
                let b = s[i];
                if !IDENT[b as usize] || (b >= 0x80 && unicode_space(s, i) > 0) {
                    break;
                }
                i += 1;
            }
            self.pos = i;
            // Keywords are 2 to 10 lower-case letters; most minified names are not.
            let len = i - start;
            if (2..=10).contains(&len) && c.is_ascii_lowercase() {
                self.after(Kind::Ident, start, i);
            } else {
                (self.regex_ok, self.block_ok, self.cond_kw) = (false, false, false);
            }
            return Some(Token {
                kind: Kind::Ident,
                start,
                end: i,
                unterminated: false,
            });
        }
        // Second commonest: a punctuator no other rule below can claim (`(`, `,`, `=`, `;`…),
        // straight to its handler instead of through every guard.
        if PUNCT_ONLY[c as usize] {
            return Some(self.punct(start, c));
        }
        let mut unterminated = false;
        let kind = match c {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C => {
                let mut i = start + 1;
                while i < s.len() && SPACE[s[i] as usize] {
                    i += 1;
                }
                self.pos = i;
                Kind::Space
            }
            b'/' if self.byte(start + 1) == b'/' => {
                self.pos = line_end(s, start);
                Kind::Comment
            }
            b'#' if start == 0 && self.byte(1) == b'!' => {
                self.pos = line_end(s, start);
                Kind::Comment
            }
            b'/' if self.byte(start + 1) == b'*' => {
                match find_comment_end(s, start + 2) {
                    Some(e) => self.pos = e + 2,
                    None => {
                        self.pos = s.len();
                        unterminated = true;
                    }
                }
                Kind::Comment
            }
            b'/' if self.regex_ok => {
                unterminated = self.regex();
                Kind::Regex
            }
            b'"' | b'\'' => {
                unterminated = self.quoted(c);
                Kind::Str
            }
            b'`' => {
                self.pos = start + 1;
                unterminated = self.template_text();
                Kind::Template
            }
            b'0'..=b'9' => {
                self.number();
                Kind::Number
            }
            b'.' if self.byte(start + 1).is_ascii_digit() => {
                self.number();
                Kind::Number
            }
            _ if c >= 0x80 && unicode_space(s, start) > 0 => {
                self.pos = start + unicode_space(s, start);
                Kind::Space
            }
            _ if is_ident_byte(c) || c == b'#' => {
                let mut i = start + 1;
                while i < s.len() && is_ident_byte(s[i]) {
                    if s[i] >= 0x80 && unicode_space(s, i) > 0 {
                        break;
                    }
                    i += 1;
                }
                self.pos = i;
                Kind::Ident
            }
            b'}' => {
                self.pos = start + 1;
                match self.pop() {
                    Some(Open::Subst) => {
                        unterminated = self.template_text();
                        let end = self.pos;
                        self.after(Kind::Template, start, end);
                        return Some(Token {
                            kind: Kind::Template,
                            start,
                            end,
                            unterminated,
                        });
                    }
                    Some(Open::Object) | Some(Open::Other) => {
                        self.regex_ok = false;
                        self.block_ok = false;
                    }
                    Some(Open::Block) | None | Some(Open::CondParen) => {
                        self.regex_ok = true;
                        self.block_ok = true;
                    }
                }
                self.cond_kw = false;
                return Some(Token {
                    kind: Kind::Punct,
                    start,
                    end: start + 1,
                    unterminated: false,
                });
            }
            _ => return Some(self.punct(start, c)),
        };
        let end = self.pos.max(start + 1).min(s.len());
        self.pos = end;
        self.after(kind, start, end);
        Some(Token {
            kind,
            start,
            end,
            unterminated,
        })
    }
}

impl Lexer<'_> {
    #[inline(always)]
    fn punct(&mut self, start: usize, c: u8) -> Token {
        // Only `?`, `=`, `+`, `-` and `.` start longer punctuators: the commonest (`,`, `(`,
        // `)`, `;`) skip the look-ahead.
        let len = if matches!(c, b'?' | b'=' | b'+' | b'-' | b'.') {
            let n1 = self.byte(start + 1);
            match (c, n1) {
                (b'?', b'.') if !self.byte(start + 2).is_ascii_digit() => 2,
                (b'=', b'>') => 2,
                (b'+', b'+') | (b'-', b'-') => 2,
                (b'.', b'.') if self.byte(start + 2) == b'.' => 3,
                _ => 1,
            }
        } else {
            1
        };
        // After `)`, `]`, `}` of an expression, or a postfix `++`/`--`, a `/` divides.
        let (regex_ok, block_ok) = match c {
            b'(' => {
                let o = if self.cond_kw {
                    Open::CondParen
                } else {
                    Open::Other
                };
                self.push(o);
                (true, false)
            }
            b'[' => {
                self.push(Open::Other);
                (true, false)
            }
            b'{' => {
                let o = if self.block_ok {
                    Open::Block
                } else {
                    Open::Object
                };
                self.push(o);
                (true, true)
            }
            // `){` always opens a block: a function body or a statement's.
            b')' => (self.pop() == Some(Open::CondParen), true),
            b']' => {
                self.pop();
                (false, false)
            }
            b';' => (true, true),
            b'+' | b'-' if len == 2 => (false, false),
            b'=' if len == 2 => (true, true),
            _ => (true, false),
        };
        self.regex_ok = regex_ok;
        self.block_ok = block_ok;
        self.cond_kw = false;
        self.pos = start + len;
        Token {
            kind: Kind::Punct,
            start,
            end: start + len,
            unterminated: false,
        }
    }
}

/// Where the line that `from` is on ends (a vectorised search: line comments are skipped whole).
fn line_end(s: &[u8], from: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &s[from..]).map_or(s.len(), |p| from + p)
}

/// Index of the first `*/` at or after `from` (a vectorised search: licence headers and doc
/// comments are long, and nothing in them matters).
fn find_comment_end(s: &[u8], from: usize) -> Option<usize> {
    memchr::memmem::find(s.get(from..)?, b"*/").map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<(Kind, &str)> {
        Lexer::new(src.as_bytes())
            .map(|t| (t.kind, &src[t.start..t.end]))
            .collect()
    }

    #[test]
    fn a_block_comment_ends_at_the_first_close_after_its_opener() {
        // The `*` of the opener does not close it (`/*/`), and the first `*/` after it does.
        assert_eq!(
            kinds("/*/ a */b/*x**/"),
            vec![
                (Kind::Comment, "/*/ a */"),
                (Kind::Ident, "b"),
                (Kind::Comment, "/*x**/")
            ]
        );
        let t: Vec<Token> = Lexer::new(b"/*/").collect();
        assert_eq!((t.len(), t[0].end, t[0].unterminated), (1, 3, true));
    }

    #[test]
    fn a_line_comment_ends_at_either_line_terminator() {
        assert_eq!(
            kinds("// a\rb// c\nd//"),
            vec![
                (Kind::Comment, "// a"),
                (Kind::Space, "\r"),
                (Kind::Ident, "b"),
                (Kind::Comment, "// c"),
                (Kind::Space, "\n"),
                (Kind::Ident, "d"),
                (Kind::Comment, "//")
            ]
        );
    }

    #[test]
    fn punctuators_that_need_no_look_ahead_still_steer_regex_and_blocks() {
        // `(`, `,` and `;` go straight to the punctuator path; `/` after them is a regex, after
        // `)` of a call a division.
        let k = kinds("f(/a/,/b/);x=g()/2");
        assert!(k.contains(&(Kind::Regex, "/a/")) && k.contains(&(Kind::Regex, "/b/")));
        assert!(k.contains(&(Kind::Punct, "/")));
        assert!(k.contains(&(Kind::Punct, "=")));
    }
}
