//! The behaviour vocabulary: which identifiers and strings count as which [`Signal`].
//!
//! This is data kept as a typed table so the compiler checks every signal name; the verdict's
//! weights live apart in `weights.rs`.

/// One kind of behaviour seen in a script's tokens. Each has a row in the weight table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Signal {
    /// Key events named: `keydown`, `keyup`, `keypress`.
    KeyEvents,
    /// Field events named: `input`, `change`, `paste`, `compositionend`.
    InputEvents,
    /// Pointer movement named: `mousemove`, `pointermove`, `touchmove`.
    PointerMoves,
    /// Presses named: `click`, `mousedown`, `pointerdown`, `touchstart`.
    Presses,
    /// Scrolling or selection named: `scroll`, `selectionchange`.
    ScrollSelect,
    /// Key identity read: `.key`, `.code`, `.keyCode`, `.which`, `.charCode`.
    KeyRead,
    /// Event timing read: `.timeStamp`.
    TimingRead,
    /// Pointer position read: `.clientX`, `.pageX`, `.screenX`, `.movementX`.
    PointerRead,
    /// Field contents read: `.value`, `.selectionStart`, `.checked`.
    ValueRead,
    /// Field prototypes reached for, usually to hook their `value` setters.
    FieldPrototypes,
    /// Passwords named, as recorders do to mask them.
    PasswordNamed,
    /// `MutationObserver`.
    MutationObserver,
    /// Markup serialised: `outerHTML`, `XMLSerializer`, `doctype`.
    MarkupRead,
    /// The node tree walked: `childNodes`, `nextSibling`, `createTreeWalker`, `shadowRoot`.
    TreeWalk,
    /// Styles harvested: `getComputedStyle`, `cssRules`, `adoptedStyleSheets`, `insertRule`.
    StyleHarvest,
    /// Replay event vocabulary: `FullSnapshot`, `IncrementalSnapshot`, `MouseInteraction`.
    SnapshotVocab,
    /// Compression: `CompressionStream`, `gzip`, `deflate`, LZ-string.
    Compression,
    /// `sendBeacon`.
    SendBeacon,
    /// `fetch` or `XMLHttpRequest`.
    HttpSink,
    /// `WebSocket`.
    WebSocket,
    /// Flush hooks: `visibilitychange`, `pagehide`, `beforeunload`.
    FlushOnHide,
    /// Page-shape readers that replay needs: `devicePixelRatio`, `innerWidth`, `scrollX`.
    ViewportRead,
}

impl Signal {
    /// Every signal, in table order.
    pub const ALL: [Signal; 22] = [
        Signal::KeyEvents,
        Signal::InputEvents,
        Signal::PointerMoves,
        Signal::Presses,
        Signal::ScrollSelect,
        Signal::KeyRead,
        Signal::TimingRead,
        Signal::PointerRead,
        Signal::ValueRead,
        Signal::FieldPrototypes,
        Signal::PasswordNamed,
        Signal::MutationObserver,
        Signal::MarkupRead,
        Signal::TreeWalk,
        Signal::StyleHarvest,
        Signal::SnapshotVocab,
        Signal::Compression,
        Signal::SendBeacon,
        Signal::HttpSink,
        Signal::WebSocket,
        Signal::FlushOnHide,
        Signal::ViewportRead,
    ];
    /// The number of signals.
    pub const COUNT: usize = Signal::ALL.len();

    /// Index into per-signal arrays.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// Where a term counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Only as a property: after `.` or `?.`, or as a string inside `[...]`.
    Prop,
    /// Only as a string literal (event names, encodings).
    Str,
    /// As an identifier anywhere or as a string literal.
    Any,
}

/// One vocabulary entry: the text, what it signals, where it counts.
#[derive(Debug, Clone, Copy)]
pub struct Term {
    pub text: &'static str,
    pub signal: Signal,
    pub ctx: Ctx,
}

const fn t(text: &'static str, signal: Signal, ctx: Ctx) -> Term {
    Term { text, signal, ctx }
}

use Ctx::*;
use Signal::*;

/// The vocabulary. At most 256 entries (the feature bitset's size); a test checks it.
pub static TERMS: &[Term] = &[
    t("keydown", KeyEvents, Str),
    t("keyup", KeyEvents, Str),
    t("keypress", KeyEvents, Str),
    t("onkeydown", KeyEvents, Prop),
    t("onkeyup", KeyEvents, Prop),
    t("onkeypress", KeyEvents, Prop),
    t("input", InputEvents, Str),
    t("change", InputEvents, Str),
    t("paste", InputEvents, Str),
    t("compositionend", InputEvents, Str),
    t("beforeinput", InputEvents, Str),
    t("oninput", InputEvents, Prop),
    t("onchange", InputEvents, Prop),
    t("mousemove", PointerMoves, Str),
    t("pointermove", PointerMoves, Str),
    t("touchmove", PointerMoves, Str),
    t("onmousemove", PointerMoves, Prop),
    t("click", Presses, Str),
    t("mousedown", Presses, Str),
    t("mouseup", Presses, Str),
    t("pointerdown", Presses, Str),
    t("pointerup", Presses, Str),
    t("touchstart", Presses, Str),
    t("touchend", Presses, Str),
    t("dblclick", Presses, Str),
    t("contextmenu", Presses, Str),
    t("scroll", ScrollSelect, Str),
    t("selectionchange", ScrollSelect, Str),
    t("key", KeyRead, Prop),
    t("code", KeyRead, Prop),
    t("keyCode", KeyRead, Prop),
    t("which", KeyRead, Prop),
    t("charCode", KeyRead, Prop),
    t("timeStamp", TimingRead, Prop),
    t("clientX", PointerRead, Prop),
    t("clientY", PointerRead, Prop),
    t("pageX", PointerRead, Prop),
    t("pageY", PointerRead, Prop),
    t("screenX", PointerRead, Prop),
    t("movementX", PointerRead, Prop),
    t("offsetX", PointerRead, Prop),
    t("value", ValueRead, Prop),
    t("selectionStart", ValueRead, Prop),
    t("selectionEnd", ValueRead, Prop),
    t("checked", ValueRead, Prop),
    t("HTMLInputElement", FieldPrototypes, Any),
    t("HTMLTextAreaElement", FieldPrototypes, Any),
    t("HTMLSelectElement", FieldPrototypes, Any),
    t("password", PasswordNamed, Str),
    t("MutationObserver", MutationObserver, Any),
    t("WebKitMutationObserver", MutationObserver, Any),
    t("outerHTML", MarkupRead, Prop),
    t("XMLSerializer", MarkupRead, Any),
    t("doctype", MarkupRead, Prop),
    t("childNodes", TreeWalk, Prop),
    t("nextSibling", TreeWalk, Prop),
    t("firstChild", TreeWalk, Prop),
    t("createTreeWalker", TreeWalk, Prop),
    t("shadowRoot", TreeWalk, Prop),
    t("getComputedStyle", StyleHarvest, Any),
    t("cssRules", StyleHarvest, Prop),
    t("adoptedStyleSheets", StyleHarvest, Prop),
    t("insertRule", StyleHarvest, Prop),
    t("styleSheets", StyleHarvest, Prop),
    t("FullSnapshot", SnapshotVocab, Any),
    t("IncrementalSnapshot", SnapshotVocab, Any),
    t("MouseInteraction", SnapshotVocab, Any),
    t("StyleSheetRule", SnapshotVocab, Any),
    t("CanvasMutation", SnapshotVocab, Any),
    t("ViewportResize", SnapshotVocab, Any),
    t("CompressionStream", Compression, Any),
    t("gzip", Compression, Any),
    t("deflate", Compression, Any),
    t("deflateRaw", Compression, Any),
    t("deflateSync", Compression, Any),
    t("gzipSync", Compression, Any),
    t("compressToBase64", Compression, Any),
    t("compressToUTF16", Compression, Any),
    t("compressToEncodedURIComponent", Compression, Any),
    t("sendBeacon", SendBeacon, Any),
    t("fetch", HttpSink, Any),
    t("XMLHttpRequest", HttpSink, Any),
    t("WebSocket", WebSocket, Any),
    t("visibilitychange", FlushOnHide, Str),
    t("pagehide", FlushOnHide, Str),
    t("beforeunload", FlushOnHide, Str),
    t("devicePixelRatio", ViewportRead, Prop),
    t("innerWidth", ViewportRead, Prop),
    t("scrollX", ViewportRead, Prop),
    t("pageXOffset", ViewportRead, Prop),
];

/// Terms that are DOM event names (to attribute them to an `addEventListener` call).
pub fn is_event(s: Signal) -> bool {
    matches!(
        s,
        KeyEvents | InputEvents | PointerMoves | Presses | ScrollSelect | FlushOnHide
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_fits_the_bitset_and_has_no_duplicates() {
        assert!(TERMS.len() <= 256);
        let mut seen = std::collections::HashSet::new();
        for t in TERMS {
            assert!(seen.insert(t.text), "duplicate term {}", t.text);
        }
        for (i, s) in Signal::ALL.iter().enumerate() {
            assert_eq!(s.index(), i);
            assert!(TERMS.iter().any(|t| t.signal == *s), "{s:?} has no term");
        }
    }
}
