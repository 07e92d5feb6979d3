//! The verdict's table of weights: every number that turns features into a score, in one place.
//!
//! Tuned by hand on `tests/corpus/train.tsv` and `tests/corpus/dev-set.tsv`, never on
//! `tests/corpus/heldout.tsv`; `tests/corpus.rs` prints every score so a change can be judged.

use super::terms::Signal::{self, *};

/// One row: a signal fires once it occurs at least `min` times through at least `terms`
/// distinct words, and then adds `weight`. A `mark` is a recorder's mark; other rows are weak.
#[derive(Debug, Clone, Copy)]
pub struct Row {
    pub signal: Signal,
    pub min: u32,
    pub terms: u32,
    pub weight: f32,
    pub mark: bool,
}

/// A weak row: every UI library shows some of these.
const fn r(signal: Signal, min: u32, weight: f32) -> Row {
    Row {
        signal,
        min,
        terms: 1,
        weight,
        mark: false,
    }
}

/// A recorder's mark, needing `terms` distinct words.
const fn m(signal: Signal, min: u32, terms: u32, weight: f32) -> Row {
    Row {
        signal,
        min,
        terms,
        weight,
        mark: true,
    }
}

/// Behaviour weights. Listening alone is worth little (every UI library listens); what pushes a
/// script over the line is listening plus capturing what was typed or where the pointer went,
/// plus serialising the page, plus shipping it.
pub static BEHAVIOUR: [Row; Signal::COUNT] = [
    r(KeyEvents, 1, 0.25),
    r(InputEvents, 2, 0.25),
    r(PointerMoves, 1, 0.25),
    r(Presses, 2, 0.1),
    r(ScrollSelect, 1, 0.1),
    r(KeyRead, 2, 0.1),
    r(TimingRead, 1, 0.3),
    r(PointerRead, 2, 0.2),
    r(ValueRead, 3, 0.2),
    // Recorders hook the `value` setters of all three field prototypes; libraries name one or
    // two for `instanceof` checks.
    m(FieldPrototypes, 3, 3, 1.5),
    r(PasswordNamed, 2, 0.3),
    r(MutationObserver, 1, 0.3),
    r(MarkupRead, 2, 0.3),
    r(TreeWalk, 4, 0.1),
    // Stylesheet capture names cssRules/insertRule over and over; layout code a few times.
    r(StyleHarvest, 12, 0.5),
    m(SnapshotVocab, 3, 2, 1.5),
    // Two different words: an editor may say `deflate` once; a recorder packs its batches.
    m(Compression, 2, 2, 0.5),
    m(SendBeacon, 1, 1, 0.5),
    r(HttpSink, 1, 0.2),
    r(WebSocket, 1, 0.2),
    r(FlushOnHide, 1, 0.2),
    r(ViewportRead, 2, 0.2),
];

/// Caps on the weak rows of each evidence line (listen, read, serialise, send): big editors and
/// frameworks fire nearly every weak row, so weak rows alone must stay below [`THRESHOLD`].
pub const WEAK_CAP_LISTEN: f32 = 0.75;
pub const WEAK_CAP_READ: f32 = 0.5;
pub const WEAK_CAP_SERIALISE: f32 = 0.5;
pub const WEAK_CAP_SEND: f32 = 0.3;

/// Added when the script names a known recorder's collector or loader host.
pub const VENDOR_HOST: f32 = 2.5;
/// Added when the script names a known recorder's page global (`_hjSettings`, `fbq`).
pub const VENDOR_GLOBAL: f32 = 1.5;
/// Added when the script calls a vendor global with a command string (`fbq('track', …)`).
pub const VENDOR_CALL: f32 = 1.0;
/// Added when a script that names a vendor also injects a `<script>`: a loader snippet.
pub const LOADER: f32 = 1.0;
/// Added when input listeners sit on `document`/`window` (everything, not one widget).
pub const GLOBAL_LISTENER: f32 = 0.3;
/// Added when what a script reads from input events (key, time, pointer, field value) reaches
/// what it sends, in a script small enough to follow (`flow.rs`): the link itself is the
/// recorder's mark, however plain each step is.
pub const FLOW_LINK: f32 = 2.0;
/// Added for each further kind of read that is shipped (keys and their times, say).
pub const FLOW_EXTRA: f32 = 0.1;
/// Added when the reads leave in an image's URL: a beacon by another name, whose answer the
/// script cannot read (worth what a `sendBeacon` call is).
pub const FLOW_IMAGE: f32 = 0.5;
/// The most the read-to-send line adds: below [`THRESHOLD`], so it still needs some listening.
pub const FLOW_MAX: f32 = 2.4;
/// A script scores this much or more to be called a recorder.
pub const THRESHOLD: f32 = 2.5;

/// The weight row of a signal.
pub fn row(s: Signal) -> &'static Row {
    &BEHAVIOUR[s.index()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_signal_in_order() {
        for (i, row) in BEHAVIOUR.iter().enumerate() {
            assert_eq!(row.signal.index(), i, "row {i} is {:?}", row.signal);
            assert!(row.weight > 0.0 && row.min >= 1);
        }
    }

    #[test]
    fn weak_rows_alone_never_reach_the_threshold() {
        let all_weak =
            WEAK_CAP_LISTEN + WEAK_CAP_READ + WEAK_CAP_SERIALISE + WEAK_CAP_SEND + GLOBAL_LISTENER;
        assert!(all_weak < THRESHOLD, "{all_weak}");
        // And no single mark does either: a recorder needs a mark and some behaviour.
        for row in BEHAVIOUR.iter().filter(|r| r.mark) {
            assert!(row.weight < THRESHOLD, "{:?}", row.signal);
        }
        // Nor does the read-to-send line: it needs some listening beside it.
        let (link, max) = (FLOW_LINK, FLOW_MAX);
        assert!(max < THRESHOLD && link <= max, "{link} {max}");
    }
}
