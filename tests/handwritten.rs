//! The classifier on the hand-written set in `tests/corpus/handwritten/`: small in-house
//! keystroke and pointer recorders against scripts that listen as hard and send nothing typed.
//!
//! Rules were tuned on the `train` half only. Both halves' figures are asserted, so a change that
//! loses a recorder or flags a listener fails here; every file's verdict is printed
//! (`cargo test --test handwritten -- --nocapture`).

use keyveil::script::classify;
use std::path::Path;

struct Row {
    file: String,
    records: bool,
    class: String,
    split: String,
}

fn labels() -> Vec<Row> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/handwritten");
    let text = std::fs::read_to_string(dir.join("labels.tsv")).expect("read labels.tsv");
    let rows: Vec<Row> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 5, "labels.tsv: 5 columns expected in {l:?}");
            assert!(matches!(c[1], "yes" | "no"), "records_input in {l:?}");
            assert!(matches!(c[3], "train" | "test"), "split in {l:?}");
            Row {
                file: c[0].into(),
                records: c[1] == "yes",
                class: c[2].into(),
                split: c[3].into(),
            }
        })
        .collect();
    // Every script is labelled, and every label has its script.
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("list handwritten/")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".js"))
        .collect();
    on_disk.sort();
    let mut labelled: Vec<String> = rows.iter().map(|r| r.file.clone()).collect();
    labelled.sort();
    assert_eq!(on_disk, labelled, "labels.tsv and the .js files differ");
    rows
}

#[derive(Default, Debug)]
struct Tally {
    recorders: usize,
    found: usize,
    wrong_class: usize,
    benign: usize,
    flagged: Vec<String>,
    missed: Vec<String>,
}

fn run() -> (Tally, Tally) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/handwritten");
    let (mut train, mut test) = (Tally::default(), Tally::default());
    for r in labels() {
        let src = std::fs::read(dir.join(&r.file)).expect("read script");
        let v = classify(None, &src);
        let t = if r.split == "train" {
            &mut train
        } else {
            &mut test
        };
        let ok = v.records_input == r.records && (!r.records || v.class.as_str() == r.class);
        println!(
            "{} {:<5} {:<3} {:<20} {:>5.2}  {}",
            if ok { "ok " } else { "BAD" },
            r.split,
            if r.records { "yes" } else { "no" },
            v.class.as_str(),
            v.score,
            r.file
        );
        if r.records {
            t.recorders += 1;
            if v.records_input {
                t.found += 1;
                t.wrong_class += usize::from(v.class.as_str() != r.class);
            } else {
                t.missed.push(r.file);
            }
        } else {
            t.benign += 1;
            if v.records_input {
                t.flagged.push(r.file);
            }
        }
    }
    for (name, t) in [("train", &train), ("test", &test)] {
        let precision = t.found as f32 / (t.found + t.flagged.len()).max(1) as f32;
        println!(
            "{name}: recall {}/{} ({:.0}%), precision {:.0}%, benign flagged {}/{} {:?}, \
             missed {:?}, wrong class {}",
            t.found,
            t.recorders,
            100.0 * t.found as f32 / t.recorders.max(1) as f32,
            100.0 * precision,
            t.flagged.len(),
            t.benign,
            t.flagged,
            t.missed,
            t.wrong_class
        );
    }
    (train, test)
}

#[test]
fn handwritten_recorders_are_found_and_listeners_are_not() {
    let (train, test) = run();
    assert!(
        train.recorders >= 15 && test.recorders >= 15,
        "set too small"
    );
    assert!(train.benign >= 15 && test.benign >= 15, "set too small");
    // Tuned on train: every recorder found, no listener flagged.
    assert_eq!(train.found, train.recorders, "train recall: {train:?}");
    assert!(train.flagged.is_empty(), "train false positives: {train:?}");
    assert_eq!(train.wrong_class, 0, "{train:?}");
    // Never tuned on: 16/16 found and 0/17 flagged on its first run with the flow pass, and
    // the same after the changes tuned on train and the real corpus since.
    assert_eq!(test.found, test.recorders, "test recall: {test:?}");
    assert!(test.flagged.is_empty(), "test false positives: {test:?}");
    assert_eq!(test.wrong_class, 0, "{test:?}");
}
