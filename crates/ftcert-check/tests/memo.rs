//! The per-thread memo of the last instance's points (src/memo.rs) changes speed only: a sequence
//! of certificates that share, almost share or change the points gets exactly the verdicts (and
//! messages) of fresh checks without the memo.

mod common;

use common::*;
use ftcert_check::{check_str, memo, Limits, Verdict};

/// Variants of Figure 4: valid ones and ones whose points or line differ in one place.
fn variants() -> Vec<String> {
    let base = fig4();
    let mut out = vec![base.json()];
    // Same points, another T (targets and network unchanged: wrong outputs / T mismatch).
    let mut c = fig4();
    c.instance.t = vec![4, 7, 9];
    out.push(c.json());
    // One point moved (changes the projection order and the outputs).
    let mut c = fig4();
    c.instance.points[2] = s(&["3/2"]);
    out.push(c.json());
    // A repeated point: refused as duplicate, never served from the memo as distinct.
    let mut c = fig4();
    c.instance.points[5] = c.instance.points[4].clone();
    out.push(c.json());
    // A non-canonical spelling of the same value.
    let mut c = fig4();
    c.instance.points[0] = s(&["2/2"]);
    out.push(c.json());
    // Another line for the same points: not the projection line.
    let mut c = fig4();
    c.direction = s(&["2"]);
    out.push(c.json());
    let mut c = fig4();
    c.origin = s(&["1"]);
    out.push(c.json());
    // The valid one again, and a mutated target.
    out.push(base.json());
    let mut c = fig4();
    c.instance.targets[3] = "2".into();
    out.push(c.json());
    out
}

fn run(texts: &[String], limits: &Limits) -> Vec<Verdict> {
    texts.iter().map(|t| check_str(t, limits)).collect()
}

#[test]
fn memo_agrees_with_fresh_checks() {
    let texts = variants();
    // Every order of interest: as listed, reversed, and each variant right after the valid one.
    let mut sequences = vec![texts.clone(), texts.iter().rev().cloned().collect::<Vec<_>>()];
    for t in &texts {
        sequences.push(vec![texts[0].clone(), t.clone(), texts[0].clone(), t.clone()]);
    }
    for limits in [Limits::default(), Limits { max_rational_digits: 1, ..Limits::default() }] {
        for seq in &sequences {
            memo::set_enabled(false);
            let fresh = run(seq, &limits);
            memo::set_enabled(true);
            let memoised = run(seq, &limits);
            assert_eq!(fresh, memoised);
        }
    }
    memo::set_enabled(true);
    assert!(check_str(&texts[0], &Limits::default()).is_accepted());
    // A smaller digit budget after a hit must still decline.
    let tight = Limits { max_rational_digits: 1, ..Limits::default() };
    let mut c = fig4();
    c.instance.points[0] = s(&["10"]);
    let text = c.json();
    let _ = check_str(&text, &Limits::default());
    assert_eq!(check_str(&text, &tight).kind(), "limit-digits");
}

/// The same point strings in the same order but rows of other lengths (K rows still): the memo
/// must compare the shape too, not only the string sequence (memo.rs `same_strings`).
#[test]
fn memo_compares_row_lengths_not_only_the_strings() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/data/good/upper-two-layer-tight-k5-d2.json"),
    )
    .expect("good file");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let flat: Vec<serde_json::Value> = v["instance"]["points"]
        .as_array()
        .expect("points")
        .iter()
        .flat_map(|r| r.as_array().expect("row").clone())
        .collect();
    assert_eq!(flat.len(), 10);
    // Rows of lengths 1, 1, 1, 3, 4 (none of length d = 2).
    let rows = [&flat[0..1], &flat[1..2], &flat[2..3], &flat[3..6], &flat[6..10]];
    v["instance"]["points"] =
        serde_json::Value::Array(rows.iter().map(|r| serde_json::Value::Array(r.to_vec())).collect());
    let reshaped = serde_json::to_string(&v).expect("JSON");
    memo::set_enabled(false);
    let fresh = check_str(&reshaped, &Limits::default());
    memo::set_enabled(true);
    assert!(check_str(&text, &Limits::default()).is_accepted());
    let memoised = check_str(&reshaped, &Limits::default());
    assert_eq!(memoised, fresh);
    match fresh {
        Verdict::Rejected(r) => {
            assert_eq!((r.kind(), r.path()), ("wrong-length", Some("/instance/points/0")), "{r}")
        }
        other => panic!("{other:?}"),
    }
}
