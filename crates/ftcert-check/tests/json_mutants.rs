//! Kills for the cargo-mutants survivors of `json.rs` (docs/testing.md, "Round 5"): object keys
//! written with escapes. The fast parser leaves any escape to the serde_json fallback, which hands
//! an unescaped key to `KeySeed::visit_str`; the key must be the unescaped text (json.rs:265).

use crate::common::*;
use ftcert_check::Verdict;

#[test]
fn escaped_keys_are_the_unescaped_text() {
    let good = fig4().json();
    // "k" written as "\u006b" and "pieces" as "pi\u0065ces": the same certificate.
    let escaped = good.replacen("\"k\": 14", "\"\\u006b\": 14", 1).replacen(
        "\"pieces\": 10",
        "\"pi\\u0065ces\": 10",
        1,
    );
    assert_ne!(escaped, good);
    match check(&escaped) {
        Verdict::Accepted(s) => assert_eq!((s.k, s.neurons, s.pieces), (14, 10, Some(10))),
        other => panic!("expected acceptance, got {other:?}"),
    }
    // An escaped key is compared as its text: a duplicate of the plain key, or a wrong key.
    let dup = good.replacen("\"k\": 14,", "\"k\": 14, \"\\u006b\": 14,", 1);
    let msg = rejected(&dup, "duplicate-field", Some("/instance/k"));
    assert!(msg.contains("\"k\""), "{msg}");
    let wrong = good.replacen("\"pieces\": 10", "\"pi\\u0065cez\": 10", 1);
    rejected(&wrong, "unknown-field", Some("/claims/piecez"));
    let wrong_k = good.replacen("\"k\": 14", "\"\\u006a\": 14", 1);
    rejected(&wrong_k, "unknown-field", Some("/instance/j"));
}

/// A top-level object whose `format` holds `arrays` nested arrays around `{}`.
fn nested(arrays: usize) -> String {
    format!("{{\"format\": {}{{}}{}}}", "[".repeat(arrays), "]".repeat(arrays))
}

#[test]
fn fast_parser_object_depth_limit_is_exact() {
    // The root is depth 1, the arrays 2..=31 and the object 32 = max_depth: parsed (and refused
    // for its type); one array more puts the object at 33, declined like the serde path does
    // (json.rs:518, `depth > max_depth` → `depth == max_depth` let the fast parser read on).
    let limits = ftcert_check::Limits::default();
    assert_eq!(limits.max_depth, 32);
    rejected(&nested(30), "wrong-type", Some("/format"));
    let msg = declined(&nested(31), &limits, "limit-depth");
    assert!(msg.contains("32"), "{msg}");
    // Deeper still, and a non-empty object at the limit + 1.
    declined(&nested(40), &limits, "limit-depth");
    let inner = format!("{{\"format\": {}{{\"a\": 1}}{}}}", "[".repeat(31), "]".repeat(31));
    declined(&inner, &limits, "limit-depth");
}

#[test]
fn memo_prefix_hit_keeps_the_exact_value_budget() {
    // fig4's document up to the end of its points, then one more value: 7 values before the
    // points (root, format, kind, construction, instance, k, d), 29 in them (1 + 14 rows of 2),
    // and the string: 37 values.
    let good = fig4().json();
    let at = good.find("\"points\": ").unwrap();
    let end = at + good[at..].find("]]").unwrap() + 2;
    let short = format!("{}, \"targets\": \"1\"}}}}", &good[..end]);
    let limits = |v: usize| ftcert_check::Limits { max_values: v, ..ftcert_check::Limits::default() };
    ftcert_check::memo::set_enabled(false);
    let fresh_36 = ftcert_check::check_str(&short, &limits(36));
    let fresh_37 = ftcert_check::check_str(&short, &limits(37));
    assert_eq!(fresh_36.kind(), "limit-values");
    assert!(matches!(fresh_37, Verdict::Rejected(_)), "{fresh_37:?}");
    // With the memo: record the prefix from fig4 (the first check stores the points, the second
    // resolves them and records the prefix); the short document then takes it (a prefix hit,
    // counted once the fast parse succeeds) ...
    ftcert_check::memo::set_enabled(true);
    assert!(check(&good).is_accepted());
    assert!(check(&good).is_accepted());
    let hits = ftcert_check::memo::prefix_hits();
    assert_eq!(ftcert_check::check_str(&short, &limits(37)), fresh_37);
    assert_eq!(ftcert_check::memo::prefix_hits(), hits + 1);
    // ... and with one value less it must still stop after the points' 29 values (json.rs:490,
    // `budget -= values` → `/=` left 29 / 29 = 1 value instead of 0 and parsed on).
    assert!(check(&good).is_accepted());
    assert_eq!(ftcert_check::check_str(&short, &limits(36)), fresh_36);
}
