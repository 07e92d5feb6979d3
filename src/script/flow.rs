//! Rough data flow in small scripts: whether what a script reads from input events reaches a
//! way out of the page (a beacon, a request body or URL, a socket, an image URL).
//!
//! Listening is what every widget does; a recorder is a script whose key identities, event times,
//! pointer positions or field values end up in what it sends. Without an AST this follows
//! *names*: `buf.push({k: e.key})` marks `buf`, `body = JSON.stringify(buf)` marks `body`,
//! `sendBeacon(url, body)` ships it. Calls pass marks to the callee's parameters, so a helper
//! (`emit(obj)`, `post(path, data)`) or a bound alias (`navigator.sendBeacon.bind(navigator)`) is
//! followed too. Names are not scoped, so one-letter names over-connect in large minified
//! bundles: the pass runs only on scripts up to [`MAX_BYTES`], with a work budget.

use super::lexer::{Kind, Lexer};
use std::collections::HashMap;

/// Scripts larger than this are not followed. A hand-written logger is a few KB; past this size
/// a script is a library, whose names (`e`, `t`, vnode `.key`, a form's `.value` sent by its
/// own ajax helper) connect unrelated code: at 64 KB, six npm libraries of 25-60 KB in the
/// real corpus were flagged through such links.
pub const MAX_BYTES: usize = 16 * 1024;
/// Token visits allowed for collecting regions (nested regions revisit tokens): bounds the time
/// a hostile script of [`MAX_BYTES`] can cost (a few milliseconds), about 50 times the tokens
/// of such a script; hand-written loggers use a few thousand.
const BUDGET: usize = 400_000;
/// How many tokens around a request the pass looks for its answer being read.
const ANSWER_WINDOW: usize = 40;
/// Rounds of propagation; marks only grow, so this bounds a chain of that many hops.
const MAX_ROUNDS: usize = 24;
/// Right sides up to this many tokens can make a name an alias of a way out.
const ALIAS_TOKENS: usize = 12;
/// Longest constant string kept for a name: event, method and field names are short, and a cap
/// stops `b = a + a; c = b + b; …` from doubling its way through memory.
const MAX_CONST: usize = 64;

/// Which key was pressed: `key`, `code`, `keyCode`, `which`, `charCode`.
pub const KEY: u8 = 1;
/// When: `timeStamp`, `performance.now()`.
pub const TIME: u8 = 2;
/// Where the pointer was: `clientX`, `pageX`, `screenX`, `offsetX`, `movementX`.
pub const POINTER: u8 = 4;
/// What a field holds: `.value`, `.val()`, clipboard `getData`, `getSelection`, `FormData(form)`.
pub const VALUE: u8 = 8;
const PERSONAL: u8 = KEY | TIME | POINTER | VALUE;
/// The high nibble of a mark: the same kinds, accumulated into a growing sequence (pushed,
/// appended, `+=`) on the way. An object keyed by field name is a snapshot, not a stream.
const ACC_SHIFT: u8 = 4;

/// The ways out, as bits of [`Flow::sinks`], in [`SINK_NAMES`] order.
pub const SINK_NAMES: [&str; 6] = [
    "sendBeacon",
    "fetch",
    "send()",
    "a request URL",
    "an image URL",
    "a wrapper of these",
];
pub const S_BEACON: u8 = 1;
pub const S_FETCH: u8 = 2;
pub const S_SEND: u8 = 4;
pub const S_URL: u8 = 8;
pub const S_IMAGE: u8 = 16;
pub const S_ALIAS: u8 = 32;

/// Events named through computed strings, as bits of [`Flow::folded_events`].
pub const EV_KEY: u8 = 1;
pub const EV_POINTER: u8 = 2;
pub const EV_FIELD: u8 = 4;

/// What the pass found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flow {
    /// The script was small enough to follow.
    pub analysed: bool,
    /// The work budget ran out (what was found before still counts).
    pub exhausted: bool,
    /// Kinds of read ([`KEY`], [`TIME`], [`POINTER`], [`VALUE`]) that reach a way out. A request
    /// whose answer the script reads (suggestions, a form's reply) counts only for data that was
    /// accumulated first: a search box asks once per query, a recorder batches.
    pub shipped: u8,
    /// Which ways out they reach (bits in [`SINK_NAMES`] order).
    pub sinks: u8,
    /// Input events named only through computed strings (`'key' + 'down'`).
    pub folded_events: u8,
    /// `blur`, `focusout` or `copy` named: field events the behaviour terms leave out.
    pub field_events: bool,
    /// Every field of the page collected: `querySelectorAll('input…')`, `getElementsByTagName`.
    pub field_sweep: bool,
}

/// Follows the flow in `src` if it is small enough.
pub fn analyse(src: &[u8]) -> Flow {
    if src.len() > MAX_BYTES {
        return Flow::default();
    }
    let mut a = Pass::new(src);
    a.run();
    a.finish()
}

#[derive(Clone, Copy)]
struct Tok {
    kind: Kind,
    start: u32,
    end: u32,
    /// A line break sits between this token and the previous one (for semicolon insertion).
    nl: bool,
}

/// A source of marks: a name's value (`T`) or what a name was called with (`C`).
#[derive(Clone, Copy)]
enum Src {
    T(u32),
    C(u32),
}

/// `to` takes the union of `kinds` and the marks of `srcs[from..to_end]`; with `acc`, the
/// personal kinds also as accumulated.
struct Edge {
    to: Src,
    kinds: u8,
    srcs: (u32, u32),
    acc: bool,
    /// For a parameter's edge: the parameter and the function name (or [`NONE`] for a
    /// callback). Followed only if both are declared once: in minified code `e`, `t`, `n` are
    /// parameters of hundreds of functions, and marking one would mark them all.
    param: Option<(u32, u32)>,
}

struct Sink {
    kinds: u8,
    srcs: (u32, u32),
    answered: bool,
    what: u8,
}

struct Call {
    name: u32,
    kinds: u8,
    srcs: (u32, u32),
    answered: bool,
}

/// A function literal: parameter tokens and body tokens.
#[derive(Clone, Copy)]
struct Lit {
    params: (usize, usize),
    body: (usize, usize),
}

/// What an open parenthesis belongs to, for the callbacks passed to it.
#[derive(Clone, Copy)]
struct Paren {
    /// The receiver of a method call (`list` in `list.forEach(`): token range.
    recv: Option<(usize, usize)>,
}

struct Pass<'a> {
    src: &'a [u8],
    toks: Vec<Tok>,
    mate: Vec<u32>,
    /// Per token: its name's id, or [`NONE`] (not a name, or a keyword). Interned once, so
    /// regions that nest do not hash their names again.
    tid: Vec<u32>,
    ids: HashMap<Box<[u8]>, u32>,
    /// Per name: the region it was last collected in (to list it once per region).
    stamp: Vec<u32>,
    region: u32,
    /// Per name: a constant string it was given (`var K = 'key'`, `'send' + 'Beacon'`).
    consts: HashMap<u32, Vec<u8>>,
    /// Per name: it holds a way out (`beacon = navigator.sendBeacon.bind(…)`).
    alias: Vec<bool>,
    /// Per name: how many functions declare it as a parameter, and how many functions it names.
    param_decls: Vec<u16>,
    defs: Vec<u16>,
    /// Per name: it holds an image (`new Image`, `createElement('img')`).
    image: Vec<bool>,
    srcs: Vec<Src>,
    edges: Vec<Edge>,
    sinks: Vec<Sink>,
    calls: Vec<Call>,
    budget: usize,
    flow: Flow,
}

const NONE: u32 = u32::MAX;

/// Words that are never the callee of a call or the name of a method definition.
fn keyword(w: &[u8]) -> bool {
    matches!(
        w,
        b"if"
            | b"for"
            | b"while"
            | b"switch"
            | b"catch"
            | b"with"
            | b"function"
            | b"return"
            | b"typeof"
            | b"void"
            | b"delete"
            | b"await"
            | b"yield"
            | b"in"
            | b"of"
            | b"instanceof"
            | b"do"
            | b"else"
            | b"case"
            | b"new"
            | b"var"
            | b"let"
            | b"const"
            | b"this"
            | b"throw"
            | b"true"
            | b"false"
            | b"null"
            | b"undefined"
            | b"async"
            | b"super"
            | b"import"
            | b"export"
            | b"class"
            | b"extends"
            | b"static"
            | b"get"
            | b"break"
            | b"continue"
            | b"default"
    )
}

/// The kind of personal read a property name is.
fn personal_prop(w: &[u8]) -> u8 {
    match w {
        b"key" | b"code" | b"keyCode" | b"which" | b"charCode" => KEY,
        b"timeStamp" => TIME,
        b"clientX" | b"clientY" | b"pageX" | b"pageY" | b"screenX" | b"screenY" | b"offsetX"
        | b"offsetY" | b"movementX" | b"movementY" | b"layerX" | b"layerY" => POINTER,
        b"value" | b"getData" | b"getSelection" => VALUE,
        _ => 0,
    }
}

/// Input event names and the [`Flow::folded_events`] bit they belong to.
fn event_bit(w: &[u8]) -> u8 {
    match w {
        b"keydown" | b"keyup" | b"keypress" => EV_KEY,
        b"mousemove" | b"pointermove" | b"touchmove" | b"mousedown" | b"pointerdown"
        | b"touchstart" | b"click" | b"mouseup" | b"pointerup" => EV_POINTER,
        b"input" | b"change" | b"blur" | b"focusout" | b"paste" | b"copy" => EV_FIELD,
        _ => 0,
    }
}

/// Properties that read the answer of a request: its body or its completion with data.
fn answer_prop(w: &[u8]) -> bool {
    matches!(
        w,
        b"json"
            | b"text"
            | b"blob"
            | b"arrayBuffer"
            | b"responseText"
            | b"responseJSON"
            | b"responseXML"
            | b"response"
            | b"onload"
            | b"onreadystatechange"
            | b"done"
            | b"success"
    )
}

impl<'a> Pass<'a> {
    fn new(src: &'a [u8]) -> Self {
        let mut toks = Vec::new();
        let mut lx = Lexer::new(src);
        let mut prev_end = 0usize;
        while let Some(t) = lx.next_significant() {
            let nl = src[prev_end..t.start]
                .iter()
                .any(|&b| b == b'\n' || b == b'\r');
            prev_end = t.end;
            toks.push(Tok {
                kind: t.kind,
                start: t.start as u32,
                end: t.end as u32,
                nl,
            });
        }
        // Matching brackets, so a call's arguments or a function's body is one jump.
        let mut mate = vec![NONE; toks.len()];
        let mut stack: Vec<usize> = Vec::new();
        for (i, t) in toks.iter().enumerate() {
            if t.kind != Kind::Punct {
                continue;
            }
            match src[t.start as usize] {
                b'(' | b'[' | b'{' => stack.push(i),
                c @ (b')' | b']' | b'}') => {
                    let want = match c {
                        b')' => b'(',
                        b']' => b'[',
                        _ => b'{',
                    };
                    if let Some(&o) = stack.last() {
                        if src[toks[o].start as usize] == want {
                            stack.pop();
                            mate[o] = i as u32;
                            mate[i] = o as u32;
                        }
                    }
                }
                _ => {}
            }
        }
        let mut p = Pass {
            src,
            toks,
            mate,
            tid: Vec::new(),
            ids: HashMap::new(),
            stamp: Vec::new(),
            region: 0,
            consts: HashMap::new(),
            alias: Vec::new(),
            param_decls: Vec::new(),
            defs: Vec::new(),
            image: Vec::new(),
            srcs: Vec::new(),
            edges: Vec::new(),
            sinks: Vec::new(),
            calls: Vec::new(),
            budget: BUDGET,
            flow: Flow {
                analysed: true,
                ..Flow::default()
            },
        };
        p.tid = (0..p.toks.len())
            .map(|i| {
                let w = p.text(i);
                if p.toks[i].kind == Kind::Ident && !keyword(w) {
                    p.id(w)
                } else {
                    NONE
                }
            })
            .collect();
        p
    }

    /// Token `i`'s text; empty past the end, so look-ahead needs no bounds checks.
    fn text(&self, i: usize) -> &'a [u8] {
        self.toks
            .get(i)
            .map_or(&[], |t| &self.src[t.start as usize..t.end as usize])
    }

    fn kind(&self, i: usize) -> Option<Kind> {
        self.toks.get(i).map(|t| t.kind)
    }

    fn is_ident(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Ident)
    }

    fn punct(&self, i: usize, p: &[u8]) -> bool {
        self.kind(i) == Some(Kind::Punct) && self.text(i) == p
    }

    fn after_dot(&self, i: usize) -> bool {
        i > 0 && (self.punct(i - 1, b".") || self.punct(i - 1, b"?."))
    }

    fn mate(&self, i: usize) -> Option<usize> {
        self.mate
            .get(i)
            .copied()
            .filter(|&m| m != NONE)
            .map(|m| m as usize)
    }

    /// The body of a string token, quotes off.
    fn str_body(&self, i: usize) -> &'a [u8] {
        let t = self.text(i);
        if t.len() >= 2 {
            &t[1..t.len() - 1]
        } else {
            &[]
        }
    }

    fn id(&mut self, w: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(w.into(), id);
        self.stamp.push(0);
        self.alias.push(false);
        self.param_decls.push(0);
        self.defs.push(0);
        self.image.push(false);
        id
    }

    /// The constant string token `i` stands for: a string, or a name given one.
    fn const_of(&self, i: usize) -> Option<&[u8]> {
        match self.kind(i)? {
            Kind::Str => Some(self.str_body(i)),
            Kind::Ident if !self.after_dot(i) => {
                let id = self.ids.get(self.text(i))?;
                self.consts.get(id).map(|v| v.as_slice())
            }
            _ => None,
        }
    }

    /// The personal read at token `i`, if any.
    fn personal(&self, i: usize) -> u8 {
        match self.kind(i) {
            Some(Kind::Ident) => {
                let w = self.text(i);
                if self.after_dot(i) {
                    if w == b"now" && i >= 2 && self.text(i - 2) == b"performance" {
                        return TIME;
                    }
                    if w == b"val" && self.punct(i + 1, b"(") && self.punct(i + 2, b")") {
                        return VALUE;
                    }
                    return personal_prop(w);
                }
                // `e[K]` with `K = 'key'`.
                if i > 0 && self.punct(i - 1, b"[") && self.punct(i + 1, b"]") {
                    return self.const_of(i).map_or(0, personal_prop);
                }
                match w {
                    b"getSelection" => VALUE,
                    b"FormData" if self.punct(i + 1, b"(") && !self.punct(i + 2, b")") => VALUE,
                    _ => 0,
                }
            }
            Some(Kind::Str) if i > 0 && self.punct(i - 1, b"[") => personal_prop(self.str_body(i)),
            _ => 0,
        }
    }

    /// Whether token `i` names a way out (for aliases: a name whose value mentions one).
    fn sink_word(&self, i: usize) -> bool {
        let w = self.text(i);
        match w {
            b"sendBeacon" | b"fetch" | b"XMLHttpRequest" | b"WebSocket" => true,
            b"send" | b"post" | b"ajax" => self.after_dot(i),
            _ => false,
        }
    }

    /// Collects the personal reads and the names in tokens `lo..hi`: the sources of an edge.
    /// Returns the kinds read, the range in `self.srcs`, and whether a way out is named.
    fn collect(&mut self, lo: usize, hi: usize) -> (u8, (u32, u32), bool) {
        let from = self.srcs.len() as u32;
        let hi = hi.min(self.toks.len());
        if hi <= lo || !self.spend(hi - lo) {
            return (0, (from, from), false);
        }
        self.region += 1;
        let (mut kinds, mut sink) = (0u8, false);
        for i in lo..hi {
            let k = self.personal(i);
            if k != 0 {
                kinds |= k;
                continue;
            }
            let id = self.tid[i];
            if id != NONE {
                sink |= self.sink_word(i);
                if self.stamp[id as usize] != self.region {
                    self.stamp[id as usize] = self.region;
                    self.srcs.push(Src::T(id));
                }
            }
        }
        (kinds, (from, self.srcs.len() as u32), sink)
    }

    /// The end (exclusive) of the expression starting at `i`: up to `;` or `,` or a closing
    /// bracket at its own level, or a line break between two operands (semicolon insertion).
    fn expr_end(&mut self, i: usize) -> usize {
        let mut j = i;
        while j < self.toks.len() && self.spend(1) {
            let t = self.toks[j];
            if t.kind == Kind::Punct {
                match self.src[t.start as usize] {
                    b';' | b',' | b')' | b']' | b'}' => return j,
                    b'(' | b'[' | b'{' => {
                        j = self.mate(j).map_or(self.toks.len(), |m| m + 1);
                        continue;
                    }
                    _ => {}
                }
            }
            if j > i && t.nl && self.ends_operand(j - 1) && self.starts_operand(j) {
                return j;
            }
            j += 1;
        }
        j
    }

    fn ends_operand(&self, i: usize) -> bool {
        match self.toks[i].kind {
            Kind::Ident => !keyword(self.text(i)) || self.text(i) == b"this",
            Kind::Number | Kind::Str | Kind::Regex => true,
            Kind::Template => self.text(i).ends_with(b"`"),
            Kind::Punct => matches!(self.text(i), b")" | b"]" | b"}"),
            _ => false,
        }
    }

    fn starts_operand(&self, i: usize) -> bool {
        match self.toks[i].kind {
            Kind::Ident => !matches!(self.text(i), b"in" | b"instanceof" | b"of"),
            Kind::Number | Kind::Str => true,
            Kind::Template => self.text(i).starts_with(b"`"),
            _ => false,
        }
    }

    /// The name an assignment's left side ends in (`buf`, `this.queue` → `queue`, `o[k]` → `o`)
    /// and whether it is indexed; `i` is the left side's last token.
    fn target(&self, mut i: usize) -> Option<(usize, bool)> {
        let mut indexed = false;
        loop {
            if self.punct(i, b"]") {
                indexed = true;
                i = self.mate(i)?.checked_sub(1)?;
                continue;
            }
            return self.is_ident(i).then_some((i, indexed));
        }
    }

    /// The first token of the member/call chain that ends at token `i` (`a.b(c).d`).
    fn chain_start(&mut self, mut i: usize) -> usize {
        while self.spend(1) {
            if self.punct(i, b")") || self.punct(i, b"]") {
                match self.mate(i) {
                    Some(m) if m > 0 => i = m - 1,
                    _ => return i,
                }
                continue;
            }
            if self.is_ident(i) && i >= 2 && self.after_dot(i) {
                i -= 2;
                continue;
            }
            return i;
        }
        i
    }

    /// Takes `n` from the work budget; false (and the pass stops) when it runs out.
    fn spend(&mut self, n: usize) -> bool {
        if self.budget < n {
            self.budget = 0;
            self.flow.exhausted = true;
            return false;
        }
        self.budget -= n;
        true
    }

    fn edge(&mut self, to: Src, kinds: u8, srcs: (u32, u32)) {
        self.edge_acc(to, kinds, srcs, false);
    }

    fn edge_acc(&mut self, to: Src, kinds: u8, srcs: (u32, u32), acc: bool) {
        if kinds != 0 || srcs.1 > srcs.0 {
            self.edges.push(Edge {
                to,
                kinds,
                srcs,
                acc,
                param: None,
            });
        }
    }

    /// Whether the answer of the request around tokens `lo..=hi` is read.
    fn answered(&self, lo: usize, hi: usize) -> bool {
        let a = lo.saturating_sub(ANSWER_WINDOW);
        let b = (hi + ANSWER_WINDOW).min(self.toks.len().saturating_sub(1));
        (a..=b).any(|j| self.is_ident(j) && self.after_dot(j) && answer_prop(self.text(j)))
    }

    fn run(&mut self) {
        let mut parens: Vec<Paren> = Vec::new();
        let n = self.toks.len();
        for i in 0..n {
            if self.budget == 0 {
                break;
            }
            match self.toks[i].kind {
                Kind::Punct => match self.text(i) {
                    b"=" => self.assignment(i),
                    b"(" => {
                        let recv = self.call(i);
                        parens.push(Paren { recv });
                    }
                    b")" => {
                        parens.pop();
                    }
                    b"=>" => self.arrow(i, &parens),
                    _ => {}
                },
                Kind::Ident => {
                    let w = self.text(i);
                    if w == b"function" && !self.after_dot(i) {
                        self.function(i, &parens);
                    } else if w == b"for" && self.punct(i + 1, b"(") {
                        self.for_in_of(i + 1);
                    } else if !self.after_dot(i) && !keyword(w) && self.punct(i + 1, b"(") {
                        self.method_definition(i);
                    }
                    if !self.after_dot(i) && !self.punct(i.wrapping_sub(1), b"+") {
                        self.fold(i);
                    }
                }
                Kind::Str => {
                    if matches!(self.str_body(i), b"blur" | b"focusout" | b"copy") {
                        self.flow.field_events = true;
                    }
                    if !self.punct(i.wrapping_sub(1), b"+") {
                        self.fold(i);
                    }
                }
                _ => {}
            }
        }
    }

    /// `a + b + …` of constant strings at `i`: an event name built from pieces is still named.
    /// Returns the folded string when there were at least two pieces.
    /// Returns the folded string and the token after it, when there were at least two pieces.
    fn fold(&mut self, i: usize) -> Option<(Vec<u8>, usize)> {
        if !self.punct(i + 1, b"+") {
            return None;
        }
        let mut s = self.const_of(i)?.to_vec();
        let mut j = i + 1;
        while self.punct(j, b"+") {
            let next_is_operand = [&b"."[..], b"?.", b"(", b"["]
                .iter()
                .any(|p| self.punct(j + 2, p));
            match self.const_of(j + 1) {
                Some(p) if !next_is_operand => s.extend_from_slice(p),
                _ => return None,
            }
            // Names worth folding are short; a long sum is text, not a name.
            if s.len() > MAX_CONST {
                return None;
            }
            j += 2;
        }
        self.flow.folded_events |= event_bit(&s);
        Some((s, j))
    }

    /// The constant value of the right side `lo..hi`, if it is one: a string, a sum of
    /// constant strings, or `[…strings].join('')`.
    fn const_value(&mut self, lo: usize, hi: usize) -> Option<Vec<u8>> {
        if hi == lo + 1 {
            return self
                .const_of(lo)
                .filter(|c| c.len() <= MAX_CONST)
                .map(<[u8]>::to_vec);
        }
        if self.punct(lo, b"[") {
            let m = self.mate(lo)?;
            if self.punct(m + 1, b".") && self.text(m + 2) == b"join" && self.punct(m + 3, b"(") {
                let sep = if self.kind(m + 4) == Some(Kind::Str) {
                    self.str_body(m + 4).to_vec()
                } else {
                    Vec::new()
                };
                let mut out: Vec<u8> = Vec::new();
                let mut j = lo + 1;
                while j < m {
                    if !out.is_empty() || j > lo + 1 {
                        out.extend_from_slice(&sep);
                    }
                    out.extend_from_slice(self.const_of(j)?);
                    if out.len() > MAX_CONST {
                        return None;
                    }
                    j += 1;
                    if j < m && !self.punct(j, b",") {
                        return None;
                    }
                    j += 1;
                }
                self.flow.folded_events |= event_bit(&out);
                return Some(out);
            }
            return None;
        }
        // A sum of constants, spanning the whole right side.
        self.fold(lo).filter(|(_, end)| *end == hi).map(|(s, _)| s)
    }

    /// `x = …`, `x += …`, `o.p = …`, `o[k] = …`, `img.src = …`.
    fn assignment(&mut self, i: usize) {
        if i == 0 || self.punct(i + 1, b"=") || self.punct(i + 1, b">") {
            return;
        }
        let mut l = i - 1;
        let mut compound = false;
        if self.kind(l) == Some(Kind::Punct) {
            match self.text(l) {
                b"=" | b"!" | b"<" | b">" => return,
                b"+" | b"|" | b"&" | b"?" | b"-" | b"*" => {
                    compound = true;
                    // `||=`, `??=`, `&&=`.
                    if l > 0 && self.punct(l - 1, self.text(l)) {
                        l -= 1;
                    }
                    if l == 0 {
                        return;
                    }
                    l -= 1;
                }
                b"]" => {}
                _ => return,
            }
        }
        let Some((t, indexed)) = self.target(l) else {
            return;
        };
        let end = self.expr_end(i + 1);
        let name = self.text(t);
        let id = self.id(name);
        if !indexed && !compound {
            if let Some(c) = self.const_value(i + 1, end) {
                self.consts.insert(id, c);
            }
        }
        if let Some(lit) = self.literal(i + 1) {
            // `f = function (a) {…}`, `f = (a) => …`: a definition.
            self.define(id, lit);
            return;
        }
        let (kinds, srcs, sink) = self.collect(i + 1, end);
        let acc = compound && self.text(i - 1) == b"+";
        self.edge_acc(Src::T(id), kinds, srcs, acc);
        // A short right side naming a way out holds it (`navigator.sendBeacon.bind(navigator)`,
        // `window.fetch`); a long one is code that merely contains one.
        if sink && end - i <= ALIAS_TOKENS {
            self.alias[id as usize] = true;
        }
        if self.text_is(i + 1, b"new") && self.text_is(i + 2, b"Image")
            || self.text(i + 3) == b"createElement" && matches!(self.const_of(i + 5), Some(b"img"))
        {
            self.image[id as usize] = true;
        }
        if name == b"src" && self.after_dot(t) && self.is_image(t - 1) {
            let answered = self.answered(i, end);
            self.sinks.push(Sink {
                kinds,
                srcs,
                answered,
                what: S_IMAGE,
            });
        }
    }

    /// Whether the object before the dot at `dot` is an image: `new Image()`, `(new Image)`,
    /// or a name given one.
    fn is_image(&mut self, dot: usize) -> bool {
        let Some(end) = dot.checked_sub(1) else {
            return false;
        };
        let lo = self.chain_start(end);
        let lo = if lo > 0 && self.text_is(lo - 1, b"new") {
            lo - 1
        } else {
            lo
        };
        (lo..dot).any(|j| self.text_is(j, b"Image"))
            || (self.tid[lo] != NONE && self.image[self.tid[lo] as usize])
    }

    fn text_is(&self, i: usize, w: &[u8]) -> bool {
        self.is_ident(i) && self.text(i) == w
    }

    /// The function literal starting at `i` (`function …`, `async (…) =>`, `x =>`): its
    /// parameter tokens and its body (braces excluded; an arrow's expression body as is).
    fn literal(&mut self, mut i: usize) -> Option<Lit> {
        if self.text_is(i, b"async") {
            i += 1;
        }
        let (params, arrow_at) = if self.text_is(i, b"function") {
            let mut p = i + 1;
            if self.punct(p, b"*") {
                p += 1;
            }
            if self.is_ident(p) {
                p += 1;
            }
            let m = self.mate(p).filter(|_| self.punct(p, b"("))?;
            let b = self.mate(m + 1).filter(|_| self.punct(m + 1, b"{"))?;
            return Some(Lit {
                params: (p + 1, m),
                body: (m + 2, b),
            });
        } else if self.punct(i, b"(") {
            let m = self.mate(i).filter(|&m| self.punct(m + 1, b"=>"))?;
            ((i + 1, m), m + 1)
        } else if self.is_ident(i) && self.punct(i + 1, b"=>") {
            ((i, i + 1), i + 1)
        } else {
            return None;
        };
        let start = arrow_at + 1;
        let body = if self.punct(start, b"{") {
            (start + 1, self.mate(start)?)
        } else {
            (start, self.expr_end(start))
        };
        Some(Lit { params, body })
    }

    /// The parameter names in `lo..hi`: names not after `=`, `.` or `:` (defaults and keys).
    fn params(&self, lo: usize, hi: usize) -> Vec<u32> {
        (lo..hi.min(self.toks.len()))
            .filter(|&j| self.tid[j] != NONE)
            .filter(|&j| {
                j == lo
                    || !(self.punct(j - 1, b"=") || self.after_dot(j) || self.punct(j - 1, b":"))
            })
            .map(|j| self.tid[j])
            .collect()
    }

    /// Counts the parameters in `lo..hi` as declared once more (every function literal does).
    fn declare(&mut self, lo: usize, hi: usize) {
        for id in self.params(lo, hi) {
            let d = &mut self.param_decls[id as usize];
            *d = d.saturating_add(1);
        }
    }

    /// The parameters in `lo..hi` get `from`; `f` is the function's name or [`NONE`].
    fn mark_params(&mut self, lo: usize, hi: usize, f: u32, from: (u8, (u32, u32))) {
        for id in self.params(lo, hi) {
            let (kinds, srcs) = from;
            if kinds != 0 || srcs.1 > srcs.0 {
                self.edges.push(Edge {
                    to: Src::T(id),
                    kinds,
                    srcs,
                    acc: false,
                    param: Some((id, f)),
                });
            }
        }
    }

    /// `f`'s parameters get what `f` is called with; `f`'s value is what its body returns.
    fn define(&mut self, f: u32, lit: Lit) {
        let d = &mut self.defs[f as usize];
        *d = d.saturating_add(1);
        let k = self.srcs.len() as u32;
        self.srcs.push(Src::C(f));
        self.mark_params(lit.params.0, lit.params.1, f, (0, (k, k + 1)));
        self.returns(f, lit.body);
    }

    /// `f`'s value takes what the `return`s in `body` read (an arrow's expression body whole).
    fn returns(&mut self, f: u32, (lo, hi): (usize, usize)) {
        let hi = hi.min(self.toks.len());
        let braced = lo > 0 && self.punct(lo - 1, b"{");
        if !braced {
            let (kinds, srcs, _) = self.collect(lo, hi);
            self.edge(Src::T(f), kinds, srcs);
            return;
        }
        if hi <= lo || !self.spend(hi - lo) {
            return;
        }
        for j in lo..hi {
            if self.text_is(j, b"return") {
                let e = self.expr_end(j + 1);
                let (kinds, srcs, _) = self.collect(j + 1, e);
                self.edge(Src::T(f), kinds, srcs);
            }
        }
    }

    /// `f(…)`, `o.m(…)`, `o[name](…)` at the `(` token `i`. Returns the receiver's token range
    /// for a method call (callbacks in the arguments get the receiver's marks).
    fn call(&mut self, i: usize) -> Option<(usize, usize)> {
        let close = self.mate(i)?;
        if i == 0 {
            return None;
        }
        let c = i - 1;
        // A definition (`function f(a) {`, `m(a) {`), not a call.
        if self.punct(close + 1, b"{") && (self.is_ident(c) || self.punct(c, b")")) {
            return None;
        }
        let (name, dot): (Vec<u8>, Option<usize>) = if self.is_ident(c) {
            let w = self.text(c);
            if keyword(w) {
                return None;
            }
            (w.to_vec(), self.after_dot(c).then(|| c - 1))
        } else if self.punct(c, b"]") {
            // `n['send' + 'Beacon'](…)` or `n[B](…)`.
            let o = self.mate(c)?;
            let inner = if o + 2 == c {
                self.const_of(o + 1).map(<[u8]>::to_vec)
            } else {
                self.const_value(o + 1, c)
            }?;
            (inner, Some(o))
        } else {
            return None;
        };
        let (kinds, srcs, _) = self.collect(i + 1, close);
        let id = self.id(&name);
        self.edge(Src::C(id), kinds, srcs);
        let answered = self.answered(c, close);
        self.calls.push(Call {
            name: id,
            kinds,
            srcs,
            answered,
        });
        let method = dot.is_some();
        let what = match name.as_slice() {
            b"sendBeacon" => S_BEACON,
            b"fetch" => S_FETCH,
            b"send" if method => S_SEND,
            b"post" | b"ajax" if method => S_URL,
            // `xhr.open('POST', url)`; not `window.open`, `indexedDB.open`, `dialog.open()`.
            b"open"
                if method
                    && matches!(
                        self.const_of(i + 1)
                            .map(<[u8]>::to_ascii_uppercase)
                            .as_deref(),
                        Some(b"GET" | b"POST" | b"PUT" | b"PATCH")
                    ) =>
            {
                S_URL
            }
            _ => 0,
        };
        if what != 0 {
            self.sinks.push(Sink {
                kinds,
                srcs,
                answered,
                what,
            });
        }
        if name == b"querySelectorAll" || name == b"getElementsByTagName" {
            if let Some(sel) = (self.kind(i + 1) == Some(Kind::Str)).then(|| self.str_body(i + 1)) {
                let words = sel.split(|b| !b.is_ascii_alphabetic());
                if words
                    .into_iter()
                    .any(|w| matches!(w, b"input" | b"textarea" | b"select"))
                {
                    self.flow.field_sweep = true;
                }
            }
        }
        if name == b"addEventListener" || name == b"on" {
            if let Some(ev) = self.const_of(i + 1) {
                self.flow.folded_events |= event_bit(ev);
            }
        }
        let dot = dot?;
        // The receiver: `buf` in `buf.push(x)`, `queue` in `this.queue.push(x)`.
        let recv_end = dot.checked_sub(1)?;
        let recv_lo = self.chain_start(recv_end);
        let stream = matches!(
            name.as_slice(),
            b"push" | b"unshift" | b"append" | b"concat" | b"splice" | b"write" | b"enqueue"
        );
        if stream || matches!(name.as_slice(), b"set" | b"add" | b"setItem") {
            if let Some((t, _)) = self.target(recv_end) {
                let rid = self.id(self.text(t));
                self.edge_acc(Src::T(rid), kinds, srcs, stream);
            }
        }
        Some((recv_lo, dot))
    }

    /// `function f(a, b) { … }`: `a`, `b` get what `f` is called with, `f`'s value what the
    /// body returns. Anonymous: from where it stands.
    fn function(&mut self, i: usize, parens: &[Paren]) {
        let Some(lit) = self.literal(i) else {
            return;
        };
        self.declare(lit.params.0, lit.params.1);
        let name = i + 1 + usize::from(self.punct(i + 1, b"*"));
        if self.tid.get(name).is_some_and(|&n| n != NONE) && self.punct(name + 1, b"(") {
            self.define(self.tid[name], lit);
        } else {
            let start = if i > 0 && self.text_is(i - 1, b"async") {
                i - 1
            } else {
                i
            };
            self.params_from_context(start, lit, parens);
        }
    }

    /// Parameters of an anonymous function starting at `start` with parameters in `lo..hi`:
    /// a callback takes the marks of its call's receiver (`list.forEach(x => …)`), an object
    /// member `k: function (a)` those `k` is called with. (`x = function` is done by the
    /// assignment.)
    fn params_from_context(&mut self, start: usize, lit: Lit, parens: &[Paren]) {
        let Some(b) = start.checked_sub(1) else {
            return;
        };
        if self.punct(b, b"(") || self.punct(b, b",") {
            if let Some(Paren {
                recv: Some((rlo, rhi)),
            }) = parens.last().copied()
            {
                let from = self.collect(rlo, rhi);
                self.mark_params(lit.params.0, lit.params.1, NONE, (from.0, from.1));
            }
        } else if self.punct(b, b":") && b > 0 {
            let key = match self.kind(b - 1) {
                Some(Kind::Ident) => Some(self.text(b - 1)),
                Some(Kind::Str) => Some(self.str_body(b - 1)),
                _ => None,
            };
            if let Some(k) = key {
                let id = self.id(k);
                self.define(id, lit);
            }
        }
    }

    /// `(a, b) => …` or `a => …` at the `=>` token `i`.
    fn arrow(&mut self, i: usize, parens: &[Paren]) {
        let Some(p) = i.checked_sub(1) else {
            return;
        };
        let start = if self.punct(p, b")") {
            match self.mate(p) {
                Some(o) => o,
                None => return,
            }
        } else if self.is_ident(p) {
            p
        } else {
            return;
        };
        let start = if start > 0 && self.text_is(start - 1, b"async") {
            start - 1
        } else {
            start
        };
        let Some(lit) = self.literal(start) else {
            return;
        };
        self.declare(lit.params.0, lit.params.1);
        // The parameter list's own parenthesis is closed by now: `parens` ends with the call
        // the arrow is an argument of, if any.
        self.params_from_context(start, lit, parens);
    }

    /// `name(a, b) { … }` in a class or object: like a named function.
    fn method_definition(&mut self, i: usize) {
        let Some(close) = self.mate(i + 1) else {
            return;
        };
        // `function f(` and `function* f(` are the `function` token's.
        if !self.punct(close + 1, b"{")
            || (i > 0 && (self.text_is(i - 1, b"function") || self.punct(i - 1, b"*")))
        {
            return;
        }
        let (Some(end), id) = (self.mate(close + 1), self.tid[i]) else {
            return;
        };
        if id == NONE {
            return;
        }
        let lit = Lit {
            params: (i + 2, close),
            body: (close + 2, end),
        };
        self.declare(lit.params.0, lit.params.1);
        self.define(id, lit);
    }

    /// `for (const x of list)`, `for (k in o)`: the loop variable takes the collection's marks.
    fn for_in_of(&mut self, open: usize) {
        let Some(close) = self.mate(open) else {
            return;
        };
        let mut v = open + 1;
        if matches!(self.text(v), b"var" | b"let" | b"const") {
            v += 1;
        }
        if !self.is_ident(v) || !matches!(self.text(v + 1), b"of" | b"in") {
            return;
        }
        let id = self.id(self.text(v));
        let (kinds, srcs, _) = self.collect(v + 2, close);
        self.edge(Src::T(id), kinds, srcs);
    }

    /// Propagates marks to a fixed point and reads off what reaches a way out.
    fn finish(mut self) -> Flow {
        let n = self.ids.len();
        let (mut t, mut c) = (vec![0u8; n], vec![0u8; n]);
        let get = |t: &[u8], c: &[u8], s: Src| match s {
            Src::T(k) => t.get(k as usize).copied().unwrap_or(0),
            Src::C(k) => c.get(k as usize).copied().unwrap_or(0),
        };
        for _ in 0..MAX_ROUNDS {
            let mut changed = false;
            for e in &self.edges {
                if let Some((p, f)) = e.param {
                    let once = |v: &Vec<u16>, k: u32| v.get(k as usize).is_some_and(|&n| n <= 1);
                    if !once(&self.param_decls, p) || (f != NONE && !once(&self.defs, f)) {
                        continue;
                    }
                }
                let mut m = e.kinds;
                for s in &self.srcs[e.srcs.0 as usize..e.srcs.1 as usize] {
                    m |= get(&t, &c, *s);
                }
                if e.acc {
                    m |= (m & PERSONAL) << ACC_SHIFT;
                }
                let slot = match e.to {
                    Src::T(k) => t.get_mut(k as usize),
                    Src::C(k) => c.get_mut(k as usize),
                };
                if let Some(slot) = slot {
                    if *slot | m != *slot {
                        *slot |= m;
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let reach = |kinds: u8, srcs: (u32, u32), answered: bool| {
            let mut m = kinds;
            for s in &self.srcs[srcs.0 as usize..srcs.1 as usize] {
                m |= get(&t, &c, *s);
            }
            // A request whose answer is shown asks a question (suggestions, a form's reply);
            // only batched data makes it a recorder's upload.
            let batched = m >> ACC_SHIFT;
            if answered {
                batched & PERSONAL
            } else {
                (m | batched) & PERSONAL
            }
        };
        for s in &self.sinks {
            let m = reach(s.kinds, s.srcs, s.answered);
            if m != 0 {
                self.flow.shipped |= m;
                self.flow.sinks |= s.what;
            }
        }
        for call in &self.calls {
            if self.alias.get(call.name as usize) == Some(&true) {
                let m = reach(call.kinds, call.srcs, call.answered);
                if m != 0 {
                    self.flow.shipped |= m;
                    self.flow.sinks |= S_ALIAS;
                }
            }
        }
        self.flow
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(src: &str) -> u8 {
        analyse(src.as_bytes()).shipped
    }

    #[test]
    fn a_read_pushed_then_sent_is_shipped() {
        let src =
            "document.addEventListener('keydown', e => buf.push({k: e.key, t: e.timeStamp}));\
                   setInterval(() => navigator.sendBeacon('/c', JSON.stringify(buf)), 500);";
        assert_eq!(shipped(src), KEY | TIME);
        // The same reads kept on the page ship nothing.
        let kept = src.replace("navigator.sendBeacon('/c', JSON.stringify(buf))", "draw(1)");
        assert_eq!(shipped(&kept), 0);
    }

    #[test]
    fn helpers_and_aliases_are_followed() {
        let helper = "function emit(o) { const m = JSON.stringify(o); sock.send(m) }\n\
                      addEventListener('keydown', function (e) { emit({k: e.code}) })";
        assert_eq!(shipped(helper), KEY);
        let bound = "const beacon = navigator.sendBeacon.bind(navigator); const q = [];\n\
                     on('mousemove', ev => q.push([ev.clientX, ev.clientY]));\n\
                     setInterval(() => beacon('/t', JSON.stringify(q.splice(0))), 1000)";
        assert_eq!(shipped(bound), POINTER);
        let bracket = "var A = 'add' + 'Event' + 'Listener', B = 'send' + 'Beacon', K = 'key';\n\
                       d[A]('keydown', function (e) { L.push(e[K]) }); n[B]('/v', L.join(','))";
        assert_eq!(shipped(bracket), KEY);
    }

    #[test]
    fn an_image_url_and_a_compound_string_are_ways_out() {
        let src = "document.onkeydown = function (e) { s += e.keyCode };\n\
                   setInterval(function () { new Image().src = '/p.gif?d=' + encodeURIComponent(s) }, 1e3)";
        let f = analyse(src.as_bytes());
        assert_eq!(f.shipped, KEY);
        assert_eq!(f.sinks, S_IMAGE);
    }

    #[test]
    fn an_answered_request_counts_only_for_batched_data() {
        // A search box: the typed text goes out, the answer is shown.
        let ask = "box.addEventListener('input', function () { var q = box.value;\n\
                   fetch('/suggest?q=' + encodeURIComponent(q)).then(function (r) { return r.json() })\n\
                   .then(render) })";
        assert_eq!(shipped(ask), 0);
        let fire = ask.replace(".then(function (r) { return r.json() })\n.then(render)", "");
        assert_eq!(shipped(&fire), VALUE);
        // Batched values go out even if the reply is read.
        let batched = "document.addEventListener('input', e => log.push(e.target.value));\n\
                       fetch('/u', {method: 'POST', body: JSON.stringify(log)}).then(r => r.json())";
        assert_eq!(shipped(batched), VALUE);
    }

    #[test]
    fn events_built_from_pieces_and_field_sweeps_are_seen() {
        let f = analyse(b"var K = 'key'; var evs = [K + 'down', 'mouse' + 'move'];");
        assert_eq!(f.folded_events, EV_KEY | EV_POINTER);
        assert_eq!(
            analyse(b"var e = ['key', 'up'].join('')").folded_events,
            EV_KEY
        );
        assert!(analyse(b"d.querySelectorAll('input, textarea')").field_sweep);
        assert!(!analyse(b"d.querySelectorAll('.inputs')").field_sweep);
        assert!(analyse(b"el.addEventListener('focusout', f)").field_events);
    }

    #[test]
    fn parameters_shared_by_many_functions_are_not_followed() {
        // One helper's parameter: followed.
        let one = "function ship(d) { navigator.sendBeacon('/k', d) }\n\
                   document.addEventListener('keydown', function (ev) { ship(ev.key) })";
        assert_eq!(shipped(one), KEY);
        // Minified: `e` is the parameter of every function; marking it would mark them all.
        let many =
            "function a(e) { return e + 1 } function b(e) { navigator.sendBeacon('/k', e) }\n\
                    document.addEventListener('keydown', function (t) { a(t.key) })";
        assert_eq!(shipped(many), 0);
        // Two functions of one name (in different scopes): which one is called is unknown.
        let twice = "function s(d) { navigator.sendBeacon('/k', d) } function s(d) { draw(d) }\n\
                     document.addEventListener('keydown', function (t) { s(t.key) })";
        assert_eq!(shipped(twice), 0);
    }

    #[test]
    fn a_function_is_worth_what_it_returns() {
        let src = "function rec(e) { keys.push(e.key); return true }\n\
                   document.addEventListener('keydown', rec);\n\
                   fetch('/n', {method: 'POST', body: String(rec)})";
        assert_eq!(shipped(src), 0);
        let returns = src.replace("return true", "return keys.join()");
        assert_eq!(shipped(&returns), KEY);
    }

    #[test]
    fn only_requests_and_images_are_ways_out() {
        let xhr = "document.addEventListener('keydown', e => x.open('POST', '/k?c=' + e.keyCode))";
        assert_eq!(shipped(xhr), KEY);
        // A dialog's or a database's `open` is not a request.
        let dialog = xhr.replace("x.open('POST', ", "dialog.open(");
        assert_eq!(shipped(&dialog), 0);
        // A video's `src` is not a beacon; an image's is.
        let video = "document.addEventListener('keydown', e => { player.src = '/v/' + e.key })";
        assert_eq!(shipped(video), 0);
        let image = video.replace("player.src", "new Image().src");
        assert_eq!(shipped(&image), KEY);
        let named = video.replace("player.src", "var i = new Image(); i.src");
        assert_eq!(shipped(&named), KEY);
    }

    #[test]
    fn nesting_that_would_cost_quadratic_time_runs_out_of_budget() {
        // 2,600 nested calls: each collects its arguments, millions of token visits unbounded.
        let src = format!("g({}e.key{})", "f(".repeat(2600), ")".repeat(2600));
        assert!(src.len() <= MAX_BYTES);
        let f = analyse(src.as_bytes());
        assert!(f.analysed && f.exhausted);
        // An ordinary small script stays well inside it.
        let ok = "document.addEventListener('keydown', e => q.push(e.key)); fetch(u, {body: q})";
        assert!(!analyse(ok.as_bytes()).exhausted);
    }

    #[test]
    fn large_scripts_are_not_followed() {
        let mut src = String::from("addEventListener('keydown', e => fetch('/k?c=' + e.key));");
        assert_eq!(shipped(&src), KEY);
        src.push_str(&" ".repeat(MAX_BYTES));
        assert!(!analyse(src.as_bytes()).analysed);
        assert_eq!(shipped(&src), 0);
    }
}
