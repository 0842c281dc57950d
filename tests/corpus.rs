//! The negative corpus `tests/data/bad/` and the positive one `tests/data/good/` (issue 5).
//!
//! Every bad file gets exactly the verdict, kind and JSON pointer that `bad/expected.json` lists
//! (regenerate both with `python3 tests/data/make_bad.py`); every good file is accepted; every
//! rejection kind that `crates/ftcert-check/src/error.rs` defines has a corpus file (or is listed
//! below as unreachable, with the reason); and two trivial checkers — always-accept and
//! parse-only — fail the corpus. The exact-versus-float traps show, in f64 right here, that
//! floating point would get them wrong.

use ftcert_check::{check_bytes, Limits, Verdict};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::util::root;

fn dir(which: &str) -> PathBuf {
    root().join("tests/data").join(which)
}

/// Sorted file names of a corpus folder, without the manifest.
fn files(which: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(dir(which))
        .expect("corpus folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.json")
        .collect();
    out.sort();
    out
}

fn read(which: &str, name: &str) -> Vec<u8> {
    std::fs::read(dir(which).join(name)).expect("corpus file")
}

/// One manifest entry: verdict ("rejected" / "declined"), kind, path, limit overrides.
struct Expected {
    verdict: String,
    kind: String,
    path: Option<String>,
    limits: Limits,
}

fn manifest() -> BTreeMap<String, Expected> {
    let text = std::fs::read_to_string(dir("bad").join("expected.json")).expect("bad/expected.json");
    let v: Value = serde_json::from_str(&text).expect("manifest is JSON");
    let mut out = BTreeMap::new();
    for (name, e) in v.as_object().expect("manifest object") {
        let mut limits = Limits::default();
        if let Some(over) = e.get("limits").and_then(Value::as_object) {
            for (key, value) in over {
                let value = usize::try_from(value.as_u64().expect("limit")).expect("limit");
                match key.as_str() {
                    "max_bytes" => limits.max_bytes = value,
                    "max_rational_digits" => limits.max_rational_digits = value,
                    "max_neurons" => limits.max_neurons = value,
                    "max_layers" => limits.max_layers = value,
                    "max_k" => limits.max_k = value,
                    "max_d" => limits.max_d = value,
                    "max_depth" => limits.max_depth = value,
                    "max_line_work" => limits.max_line_work = value,
                    "max_digit_work" => limits.max_digit_work = value,
                    "max_values" => limits.max_values = value,
                    other => panic!("{name}: unknown limit {other}"),
                }
            }
        }
        out.insert(
            name.clone(),
            Expected {
                verdict: e["verdict"].as_str().expect("verdict").to_string(),
                kind: e["kind"].as_str().expect("kind").to_string(),
                path: e["path"].as_str().map(str::to_string),
                limits,
            },
        );
    }
    out
}

/// (verdict, kind, path) of the real checker.
fn judge(bytes: &[u8], limits: &Limits) -> (&'static str, String, Option<String>) {
    match check_bytes(bytes, limits) {
        Verdict::Accepted(_) => ("accepted", "accepted".into(), None),
        Verdict::Rejected(r) => ("rejected", r.kind().into(), r.path().map(str::to_string)),
        Verdict::Declined(d) => ("declined", d.kind().into(), d.path().map(str::to_string)),
    }
}

#[test]
fn every_bad_file_gets_its_kind_and_path() {
    let expected = manifest();
    let on_disk: BTreeSet<String> = files("bad").into_iter().collect();
    let listed: BTreeSet<String> = expected.keys().cloned().collect();
    assert_eq!(on_disk, listed, "bad/ and bad/expected.json list different files");
    let mut wrong = Vec::new();
    for (name, e) in &expected {
        let (verdict, kind, path) = judge(&read("bad", name), &e.limits);
        if (verdict, kind.as_str(), path.as_deref())
            != (e.verdict.as_str(), e.kind.as_str(), e.path.as_deref())
        {
            wrong.push(format!(
                "{name}: expected {} {} at {:?}, got {verdict} {kind} at {path:?}",
                e.verdict, e.kind, e.path
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {} bad files misjudged:\n{}",
        wrong.len(),
        expected.len(),
        wrong.join("\n")
    );
    assert!(expected.len() >= 90, "the corpus shrank to {} files", expected.len());
}

#[test]
fn every_good_file_is_accepted() {
    let good = files("good");
    assert!(good.len() >= 10, "only {} good files", good.len());
    for name in &good {
        let verdict = check_bytes(&read("good", name), &Limits::default());
        assert!(verdict.is_accepted(), "{name}: {verdict:?}");
    }
}

/// Kinds that no certificate can trigger, with the reason. A kind listed here must still exist
/// in error.rs (the test fails on a stale entry).
const UNREACHABLE: &[(&str, &str)] = &[(
    "piece-bound-exceeded",
    "the checker counts the pieces itself; the depth's piece bound is a theorem about that count \
         (a defensive assertion, not a rule a certificate can break)",
)];

/// Decline kinds that need inputs far too large for a corpus file: the two fixed internal work
/// budgets (K × parameters > 2^36; > 2^26 piece-counting steps per layer).
const DECLINE_NOT_IN_CORPUS: &[&str] = &["limit-work", "limit-pieces"];

/// The string literals after `=> ` in the body of `fn kind` of `impl <ty>` in error.rs.
fn kinds_in_error_rs(ty: &str) -> BTreeSet<String> {
    let src = include_str!("../crates/ftcert-check/src/error.rs");
    let start = src.find(&format!("impl {ty} {{")).expect("impl block");
    let body = &src[start..];
    let body = &body[..body.find("pub fn path").expect("fn path follows fn kind")];
    body.lines()
        .filter_map(|l| {
            let rest = l.split("=> \"").nth(1)?;
            Some(rest.split('"').next()?.to_string())
        })
        .collect()
}

/// The CaseSplit sub-kinds: the doc comment's list, cross-checked against the literals that
/// `case_split.rs` actually passes as kinds.
fn case_split_kinds() -> BTreeSet<String> {
    let src = include_str!("../crates/ftcert-check/src/error.rs");
    let doc = src.split("`kind` is one of").nth(1).expect("CaseSplit doc comment");
    let doc = &doc[..doc.find("CaseSplit {").expect("variant")];
    let listed: BTreeSet<String> = doc.split('`').skip(1).step_by(2).map(str::to_string).collect();
    let code = include_str!("../crates/ftcert-check/src/lower/case_split.rs");
    let used: BTreeSet<String> = code
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| {
            s.contains('-')
                && *s != "case-split"
                && s.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                && s.split('-').all(|w| !w.is_empty())
        })
        .map(str::to_string)
        .collect();
    let undocumented: Vec<&String> = used.difference(&listed).collect();
    assert!(undocumented.is_empty(), "case-split kinds used but not documented: {undocumented:?}");
    listed
}

#[test]
fn every_documented_kind_has_a_corpus_file() {
    let mut rejections = kinds_in_error_rs("Rejection");
    rejections.extend(case_split_kinds());
    let declines = kinds_in_error_rs("Decline");
    assert!(rejections.len() >= 45, "extraction found only {} rejection kinds", rejections.len());
    assert!(declines.len() >= 10, "extraction found only {} decline kinds", declines.len());

    let corpus: BTreeSet<String> = manifest().values().map(|e| e.kind.clone()).collect();
    let unreachable: BTreeSet<String> = UNREACHABLE.iter().map(|(k, _)| k.to_string()).collect();
    for kind in &unreachable {
        assert!(rejections.contains(kind), "stale UNREACHABLE entry {kind}: not a kind any more");
        assert!(!corpus.contains(kind), "{kind} is in the corpus after all: drop it from UNREACHABLE");
    }
    let missing: Vec<&String> =
        rejections.iter().filter(|k| !corpus.contains(*k) && !unreachable.contains(*k)).collect();
    assert!(missing.is_empty(), "rejection kinds without a file in tests/data/bad/: {missing:?}");
    let missing: Vec<&String> = declines
        .iter()
        .filter(|k| !corpus.contains(*k) && !DECLINE_NOT_IN_CORPUS.contains(&k.as_str()))
        .collect();
    assert!(missing.is_empty(), "decline kinds without a file in tests/data/bad/: {missing:?}");
    let foreign: Vec<&String> =
        corpus.iter().filter(|k| !rejections.contains(*k) && !declines.contains(*k)).collect();
    assert!(foreign.is_empty(), "manifest kinds unknown to error.rs: {foreign:?}");
    println!(
        "{} rejection kinds ({} in the corpus, {} unreachable), {} decline kinds ({} in the corpus)",
        rejections.len(),
        rejections.iter().filter(|k| corpus.contains(*k)).count(),
        unreachable.len(),
        declines.len(),
        declines.iter().filter(|k| corpus.contains(*k)).count()
    );
}

/// How a candidate checker fares on the corpus: (good files refused, bad files accepted).
fn score(accepts: impl Fn(&[u8], &Limits) -> bool) -> (usize, usize) {
    let refused_good =
        files("good").iter().filter(|n| !accepts(&read("good", n), &Limits::default())).count();
    let accepted_bad = manifest().iter().filter(|(n, e)| accepts(&read("bad", n), &e.limits)).count();
    (refused_good, accepted_bad)
}

#[test]
fn trivial_checkers_fail_the_corpus() {
    let always_accept = |_: &[u8], _: &Limits| true;
    let parse_only = |b: &[u8], _: &Limits| serde_json::from_slice::<Value>(b).is_ok();
    let real = |b: &[u8], l: &Limits| check_bytes(b, l).is_accepted();
    let (_, aa) = score(always_accept);
    let (_, po) = score(parse_only);
    assert_eq!(score(real), (0, 0), "the real checker passes the corpus");
    let total = manifest().len();
    assert_eq!(aa, total, "always-accept accepts every bad file");
    assert!(po > 0, "parse-only must accept some bad file");
    assert!(po < total, "parse-only refuses at least the syntax errors");
    println!("always-accept accepts {aa}/{total} bad files, parse-only accepts {po}/{total}");
}

/// A naive f64 evaluator of an upper certificate: the answer a floating-point checker would give.
#[allow(clippy::float_arithmetic)]
mod float {
    use serde_json::Value;

    pub fn rat(v: &Value) -> f64 {
        let s = v.as_str().expect("rational string");
        match s.split_once('/') {
            Some((p, q)) => p.parse::<f64>().expect("p") / q.parse::<f64>().expect("q"),
            None => s.parse::<f64>().expect("p"),
        }
    }

    fn vec(v: &Value) -> Vec<f64> {
        v.as_array().expect("array").iter().map(rat).collect()
    }

    /// Whether g(x_i) == z_i in f64 for every sample.
    pub fn outputs_match(cert: &[u8]) -> bool {
        let v: Value = serde_json::from_slice(cert).expect("JSON");
        let layers = v["network"]["layers"].as_array().expect("layers");
        let points = v["instance"]["points"].as_array().expect("points");
        let targets = vec(&v["instance"]["targets"]);
        points.iter().zip(&targets).all(|(x, z)| {
            let mut h = vec(x);
            for (l, layer) in layers.iter().enumerate() {
                let rows = layer["weights"].as_array().expect("weights");
                let biases = vec(&layer["biases"]);
                h = rows
                    .iter()
                    .zip(&biases)
                    .map(|(row, b)| {
                        let y = vec(row).iter().zip(&h).fold(0.0, |acc, (w, x)| acc + w * x) + b;
                        if l + 1 < layers.len() {
                            y.max(0.0)
                        } else {
                            y
                        }
                    })
                    .collect();
            }
            h[0] == *z
        })
    }

    pub fn tenth_sum() -> f64 {
        0.1 + 0.2 - 0.3
    }

    pub fn third_sum(third: f64) -> f64 {
        third + third + third
    }
}

#[test]
fn exact_versus_float_traps() {
    // f64 itself: 0.1 + 0.2 − 0.3 is not 0, and 0.3333333333333333 is the same double as 1/3.
    assert_ne!(float::tenth_sum(), 0.0);
    let truncated = float::rat(&Value::from("3333333333333333/10000000000000000"));
    assert_eq!(truncated, float::rat(&Value::from("1/3")));
    assert_eq!(float::third_sum(truncated), 1.0);
    assert_eq!(float::rat(&Value::from("50000000000000001/100000000000000000")), 0.5);

    // True exactly, false in f64: accepted.
    let good = read("good", "float-trap-exact-zero.json");
    assert!(!float::outputs_match(&good), "f64 gets 0.1 + 0.2 - 0.3 != 0 at sample 1");
    assert!(check_bytes(&good, &Limits::default()).is_accepted());
    for name in ["float-trap-half.json", "float-trap-thirds.json"] {
        let good = read("good", name);
        assert!(float::outputs_match(&good), "{name}");
        assert!(check_bytes(&good, &Limits::default()).is_accepted(), "{name}");
    }
    // True in f64, false exactly by about 1e-17: rejected at the sample.
    for (name, sample) in [("float-trap-target-1e-17.json", 2), ("float-trap-thirds-truncated.json", 1)] {
        let bad = read("bad", name);
        assert!(float::outputs_match(&bad), "{name}: f64 would accept it");
        match check_bytes(&bad, &Limits::default()) {
            Verdict::Rejected(ftcert_check::Rejection::WrongOutput { sample: s, .. }) => {
                assert_eq!(s, sample, "{name}");
            }
            other => panic!("{name}: {other:?}"),
        }
    }
}
