//! The per-thread memo of the last instance's points (src/memo.rs) changes speed only: a sequence
//! of certificates that share, almost share or change the points gets exactly the verdicts (and
//! messages) of fresh checks without the memo.

use crate::common::*;
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

/// `doc`'s verdict checked fresh (memo off), which must equal its verdict right after the memo was
/// primed by the accepted certificate `primer`; returns it.
fn fresh_equals_primed(primer: &str, doc: &str) -> Verdict {
    memo::set_enabled(false);
    let fresh = check_str(doc, &Limits::default());
    memo::set_enabled(true);
    assert!(check_str(primer, &Limits::default()).is_accepted());
    let memoised = check_str(doc, &Limits::default());
    assert_eq!(memoised, fresh);
    fresh
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
    match fresh_equals_primed(&text, &reshaped) {
        Verdict::Rejected(r) => {
            assert_eq!((r.kind(), r.path()), ("wrong-length", Some("/instance/points/0")), "{r}")
        }
        other => panic!("{other:?}"),
    }
}

/// The lines of an archive file of the repository's `certificates/`.
fn archived(relative: &str) -> Vec<String> {
    use std::io::Read;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../certificates").join(relative);
    let gz = std::fs::read(&path).expect("archive file");
    let mut raw = String::new();
    flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut raw).expect("gzip");
    raw.lines().map(str::to_string).collect()
}

/// The prefix memo (memo.rs, "The prefix"): a certificate that begins with the bytes of an
/// earlier one up to the end of its points gets the verdict and message of a fresh check, for the
/// archived sweep (2-layer constructions interleaved, as a sweep checks them, and lower
/// certificates) and for thousands of random mutations in and around the prefix, under several
/// limits (depth, values, digits). The prefix path must be taken.
#[test]
fn prefix_memo_agrees_with_fresh_checks() {
    let mut lines = Vec::new();
    for k in ["k05", "k08"] {
        let paper = archived(&format!("two-layer-paper/{k}.jsonl.gz"));
        let tight = archived(&format!("two-layer-tight/{k}.jsonl.gz"));
        for (a, b) in paper.iter().zip(&tight) {
            lines.push(a.clone());
            lines.push(b.clone());
        }
        lines.extend(archived(&format!("lower-2/{k}.jsonl.gz")));
        lines.extend(archived(&format!("three-layer-u3/{k}.jsonl.gz")).into_iter().take(40));
    }
    let default = Limits::default();
    memo::set_enabled(false);
    let fresh = run(&lines, &default);
    memo::set_enabled(true);
    let hits = memo::prefix_hits();
    let memoised = run(&lines, &default);
    assert_eq!(fresh, memoised);
    assert!(fresh.iter().all(Verdict::is_accepted));
    assert!(memo::prefix_hits() - hits > 500, "{} prefix hits", memo::prefix_hits() - hits);

    let mut state: u64 = 0x5eed;
    let mut next = |n: usize| -> usize {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        ((state >> 33) as usize) % n.max(1)
    };
    let alphabet: &[u8] = b"{}[]\",:0123456789-/ \\ae\x7f\xc3";
    // A later duplicate of the prefix's keys sends the document to the serde path.
    let dup = lines[0].replacen("\"targets\":", "\"points\":[],\"targets\":", 1);
    memo::set_enabled(false);
    let expected = check_str(&dup, &default);
    memo::set_enabled(true);
    let _ = check_str(&lines[0], &default);
    assert_eq!(check_str(&dup, &default), expected);
    assert_eq!(expected.kind(), "duplicate-field");
    let limit_sets = [
        default.clone(),
        Limits { max_depth: 3, ..default.clone() },
        Limits { max_values: 60, ..default.clone() },
        Limits { max_rational_digits: 2, ..default.clone() },
    ];
    let (mut hits_in_mutations, mut compared) = (0, 0);
    for round in 0..6_000 {
        let primer = &lines[next(lines.len())];
        let primer_limits = &limit_sets[if next(4) == 0 { next(limit_sets.len()) } else { 0 }];
        let limits = &limit_sets[if next(3) == 0 { next(limit_sets.len()) } else { 0 }];
        let end = primer.find("]],\"targets\"").map_or(primer.len() / 2, |i| i + 2);
        let mut m = primer.clone().into_bytes();
        // Mostly the same prefix with a change just after it (another certificate of the same
        // points), else a change anywhere before or inside the points, or at their end.
        let at = match round % 4 {
            0 => end + next(m.len() - end),
            1 => next(end + 1),
            2 => end.saturating_sub(next(4)),
            _ => next(m.len() + 1),
        };
        for _ in 0..=next(2) {
            let at = at.min(m.len());
            match next(4) {
                0 if at < m.len() => {
                    m.remove(at);
                }
                1 => m.insert(at, alphabet[next(alphabet.len())]),
                2 if at < m.len() => m[at] = alphabet[next(alphabet.len())],
                _ => {
                    let stop = (at + next(10)).min(m.len());
                    let piece = m[at..stop].to_vec();
                    m.splice(at..at, piece);
                }
            }
        }
        memo::set_enabled(false);
        let expected = ftcert_check::check_bytes(&m, limits);
        memo::set_enabled(true);
        let _ = check_str(primer, primer_limits);
        let before = memo::prefix_hits();
        let got = ftcert_check::check_bytes(&m, limits);
        hits_in_mutations += memo::prefix_hits() - before;
        assert_eq!(got, expected, "round {round}: {}", String::from_utf8_lossy(&m));
        compared += 1;
    }
    assert_eq!(compared, 6_000);
    assert!(hits_in_mutations > 600, "{hits_in_mutations} prefix hits in the mutations");
}

/// An empty `points` array is the prefix memo's placeholder only after a prefix hit: after a
/// valid check, the same certificate with `"points": []` (K still 14) is refused as fresh
/// (cargo-mutants memo.rs 253:31 `hit && empty` → `hit || empty` served the cached points and
/// accepted it).
#[test]
fn empty_points_are_not_a_placeholder_without_a_prefix_hit() {
    let good = fig4().json();
    let empty = {
        let mut v: serde_json::Value = serde_json::from_str(&good).expect("JSON");
        v["instance"]["points"] = serde_json::json!([]);
        serde_json::to_string(&v).expect("JSON")
    };
    match fresh_equals_primed(&good, &empty) {
        Verdict::Rejected(r) => {
            assert_eq!((r.kind(), r.path()), ("wrong-length", Some("/instance/points")), "{r}")
        }
        other => panic!("{other:?}"),
    }
}

/// The prefix memo copies a document's bytes up to the end of its `points` only up to 2 MiB
/// (memo.rs `attach_prefix`; cargo-mutants 164:21 `>` → `==`/`>=` and 164:25 `*` → `+`): the
/// same certificate with leading whitespace so that the prefix is 1.5 MiB or exactly 2 MiB is
/// served from the prefix on its second check, at 2 MiB + 1 it is not. Same verdicts throughout.
#[test]
fn prefix_copies_stop_at_two_mebibytes() {
    let good = fig4().json();
    assert!(good.starts_with('{'));
    // The `]` closing `points` (the last `]` before `targets`).
    let end = good[..good.find("\"targets\"").expect("targets")].rfind(']').expect("]");
    let prefix_of = |pad: usize| end + 1 + pad;
    let padded = |pad: usize| format!("{{{}{}", " ".repeat(pad), &good[1..]);
    let two = 2 << 20;
    for (pad, hit) in [(3 << 19, true), (two - prefix_of(0), true), (two + 1 - prefix_of(0), false)] {
        let text = padded(pad);
        memo::set_enabled(true);
        assert!(check_str(&text, &Limits::default()).is_accepted());
        let before = memo::prefix_hits();
        assert!(check_str(&text, &Limits::default()).is_accepted());
        assert_eq!(memo::prefix_hits() - before, u64::from(hit), "prefix of {} bytes", prefix_of(pad));
    }
}

/// The memo copies point strings only while they total at most 1 MiB (memo.rs `store_points`;
/// cargo-mutants 282:14 `>` → `==`/`>=`): 14 points whose strings total exactly 2^20 bytes are
/// memoised (the second check takes the prefix), one byte more are not. The certificate is false;
/// the verdict is the same either way.
#[test]
fn point_strings_are_copied_up_to_one_mebibyte() {
    let limits = Limits { max_rational_digits: 100_000, ..Limits::default() };
    for (extra, hit) in [(0usize, true), (1, false)] {
        let mut c = fig4();
        let total = (1 << 20) + extra;
        for (i, p) in c.instance.points.iter_mut().enumerate() {
            let len = if i == 0 { total - 13 * (total / 14) } else { total / 14 };
            let lead = (i + 1).to_string();
            *p = vec![format!("{lead}{}", "0".repeat(len - lead.len()))];
        }
        assert_eq!(c.instance.points.iter().map(|p| p[0].len()).sum::<usize>(), total);
        // A zero target outside T: refused right after the points are read, before any
        // arithmetic on them.
        c.instance.targets[0] = "1".into();
        let text = c.json();
        memo::set_enabled(false);
        let fresh = check_str(&text, &limits);
        memo::set_enabled(true);
        assert_eq!(check_str(&text, &limits), fresh);
        let before = memo::prefix_hits();
        assert_eq!(check_str(&text, &limits), fresh);
        assert_eq!(memo::prefix_hits() - before, u64::from(hit), "{total} bytes of point strings");
        assert!(matches!(fresh, Verdict::Rejected(_)), "{fresh:?}");
    }
}
