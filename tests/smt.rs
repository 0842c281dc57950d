//! SMT second opinions: exported scripts of archive certificates are `unsat` for z3 and cvc5,
//! mutants that the checker rejects are `sat` for both, and `ftcert search` finds / refutes
//! networks. Without the solvers the solver tests print that they were skipped; in CI
//! (`CI=true`, where `.ci/run` installs z3 and cvc5 before `cargo test`) or with
//! FTCERT_SMT_REQUIRED=1, a missing solver fails them.

use crate::util::{ftcert, root, stdout};
use ftcert::check::{visit_path, Limits, Tally};
use ftcert::smt::export::{self, Script};
use ftcert::smt::solver::{self, Answer, Backend, BACKENDS};
use serde_json::Value;
use std::collections::BTreeSet;
use std::time::Duration;

const TIMEOUT: Duration = Duration::from_secs(60);

/// Both solvers, or `None` after printing that the test is skipped (a failure when CI=true).
fn solvers(test: &str) -> Option<&'static [Backend]> {
    let missing: Vec<&str> = BACKENDS.iter().filter(|b| !solver::available(b)).map(|b| b.name).collect();
    if missing.is_empty() {
        return Some(BACKENDS);
    }
    // `.ci/run` installs the solvers before `cargo test`: in CI a missing solver fails, never skips.
    let required = |var: &str, on: &str| std::env::var(var).is_ok_and(|v| v == on);
    if required("FTCERT_SMT_REQUIRED", "1") || required("CI", "true") {
        panic!("{test}: solver(s) {missing:?} missing in CI or with FTCERT_SMT_REQUIRED=1 (apt-get install z3 cvc5)");
    }
    eprintln!("{test}: SKIPPED, solver(s) {missing:?} not installed (apt-get install z3 cvc5)");
    None
}

/// Every certificate of an archive file with its place.
fn certificates(file: &str) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut tally = Tally::default();
    visit_path(
        &root().join("certificates").join(file),
        &Limits::default(),
        &mut tally,
        &mut |place, bytes, _| {
            out.push((place.to_string(), bytes.to_vec()));
        },
    );
    assert!(tally.problems.is_empty(), "{:?}", tally.problems);
    out
}

fn archive_files() -> Vec<(String, usize)> {
    let text = std::fs::read_to_string(root().join("certificates/manifest.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap().to_string(), f["count"].as_u64().unwrap() as usize))
        .collect()
}

/// The sample: every upper file (every construction, K = 3..8); all certificates for K ≤ 6
/// (1,200) and an even spread of 6 or 7 per file (first and last included) for K = 7, 8.
fn upper_sample() -> Vec<(String, Vec<u8>)> {
    let mut sample = Vec::new();
    for (file, count) in archive_files() {
        if file.starts_with("lower") {
            continue;
        }
        let certs = certificates(&file);
        assert_eq!(certs.len(), count);
        let k: usize = file[file.len() - 11..file.len() - 9].parse().unwrap();
        let step = if k <= 6 { 1 } else { (count - 1) / 5 };
        sample.extend(
            certs.into_iter().enumerate().filter(|(i, _)| i % step == 0 || *i == count - 1).map(|(_, c)| c),
        );
    }
    sample
}

fn answers(script: &Script, backends: &[Backend]) -> Vec<Answer> {
    backends.iter().map(|b| solver::run(b, &script.text, TIMEOUT).answer).collect()
}

#[test]
fn export_is_exact_deterministic_and_one_script_per_certificate() {
    let mut names = BTreeSet::new();
    for (file, count) in archive_files() {
        if !(file.ends_with("k03.jsonl.gz") || file.ends_with("k05.jsonl.gz")) {
            continue;
        }
        let certs = certificates(&file);
        assert_eq!(certs.len(), count);
        for (place, bytes) in &certs {
            let scripts = export::scripts(bytes, place).unwrap();
            let again = export::scripts(bytes, place).unwrap();
            assert_eq!(scripts, again, "{place}: not deterministic");
            let v: Value = serde_json::from_slice(bytes).unwrap();
            let expected =
                match (v["kind"].as_str(), v["claims"]["layers"].as_u64(), v["claims"]["neurons"].as_u64()) {
                    (Some("lower"), Some(3), Some(m)) if m > 0 => m as usize,
                    _ => 1,
                };
            assert_eq!(scripts.len(), expected, "{place}: scripts per certificate");
            for s in &scripts {
                assert!(names.insert(s.name.clone()), "{place}: duplicate script name {}", s.name);
                assert!(s.text.contains("(set-info :status unsat)"));
                assert!(
                    s.text.contains(if s.upper { "(set-logic QF_LRA)" } else { "(set-logic QF_NRA)" })
                        || s.text.contains("(assert false)")
                );
                // Exact rationals only: no decimal point outside the comments.
                let body: String = s
                    .text
                    .lines()
                    .filter(|l| !l.starts_with(";") && !l.contains("smt-lib-version"))
                    .collect();
                assert!(!body.contains('.'), "{place}: decimal in {}", s.name);
            }
        }
    }
    // K = 5, T = {3}: the windows certificate of the hard instance says 3 neurons, so the script
    // asks for 2 hidden neurons (variables W1_1_1, W1_2_1, no third).
    let lower = certificates("lower-2/k05.jsonl.gz");
    let (place, bytes) = &lower[1];
    let s = &export::scripts(bytes, place).unwrap()[0];
    assert!(s.text.contains("(declare-fun W1_2_1 () Real)") && !s.text.contains("W1_3_1"), "{}", s.text);
    assert!(s.text.contains("(assert (= v1_2_3 (h1_2 3 0)))"), "{}", s.text);
    assert!(s.text.contains("(assert (= (g v1_1_3 v1_2_3) (- 1)))"), "{}", s.text);
}

#[test]
fn upper_sample_is_unsat_for_both_solvers() {
    let Some(backends) = solvers("upper_sample_is_unsat_for_both_solvers") else { return };
    let sample = upper_sample();
    let mut constructions = BTreeSet::new();
    let mut ks = BTreeSet::new();
    for (place, bytes) in &sample {
        let v: Value = serde_json::from_slice(bytes).unwrap();
        constructions.insert(v["construction"].as_str().unwrap().to_string());
        ks.insert(v["instance"]["k"].as_u64().unwrap());
        let scripts = export::scripts(bytes, place).unwrap();
        assert_eq!(scripts.len(), 1);
        assert_eq!(answers(&scripts[0], backends), vec![Answer::Unsat, Answer::Unsat], "{place}");
    }
    assert_eq!(constructions.len(), 10, "{constructions:?}");
    assert_eq!(ks, (3..=8).collect(), "every K of the archive");
    assert_eq!(sample.len(), 560 + 640 + 10 * (7 + 6));
    eprintln!("{} upper scripts: unsat from z3 and cvc5", sample.len());
}

/// Adds 1 to the first output-layer weight (or the output bias when the output layer has no
/// weights): a one-rational change.
fn mutate_weight(bytes: &[u8]) -> Vec<u8> {
    let mut v: Value = serde_json::from_slice(bytes).unwrap();
    let last = v["network"]["layers"].as_array_mut().unwrap().last_mut().unwrap();
    let slot = match last["weights"][0].as_array_mut().unwrap().first_mut() {
        Some(w) => w,
        None => &mut last["biases"][0],
    };
    let old = slot.as_str().unwrap().to_string();
    let (p, q) = old.split_once('/').map_or((old.as_str(), None), |(p, q)| (p, Some(q)));
    let p: i128 = p.parse().unwrap();
    let new = match q {
        None => format!("{}", p + 1),
        Some(q) => format!("{}/{q}", p + q.parse::<i128>().unwrap()),
    };
    *slot = Value::String(new);
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn mutants_rejected_by_the_checker_are_sat_for_both_solvers() {
    let Some(backends) = solvers("mutants_rejected_by_the_checker_are_sat_for_both_solvers") else { return };
    let mut mutants = 0;
    for (file, _) in archive_files() {
        if file.starts_with("lower") || !file.ends_with("k05.jsonl.gz") {
            continue;
        }
        // T = {1, 3, 5} (mask 21) and T = [K]: nonzero targets, so the output layer matters.
        for (place, bytes) in [21, 31].map(|i| certificates(&file).swap_remove(i)) {
            let bad = mutate_weight(&bytes);
            let verdict = ftcert_check::check_bytes(&bad, &Limits::default());
            assert_eq!(verdict.kind(), "wrong-output", "{place}");
            let scripts = export::scripts(&bad, &place).unwrap();
            assert_eq!(answers(&scripts[0], backends), vec![Answer::Sat, Answer::Sat], "{place}");
            mutants += 1;
        }
    }
    assert_eq!(mutants, 20);
}

#[test]
fn lower_scripts_small_k_unsat_and_an_overclaim_is_sat() {
    let Some(backends) = solvers("lower_scripts_small_k_unsat_and_an_overclaim_is_sat") else { return };
    for file in ["lower-2/k04.jsonl.gz", "lower-2/k05.jsonl.gz", "lower-3/k04.jsonl.gz"] {
        for (place, bytes) in certificates(file) {
            for s in export::scripts(&bytes, &place).unwrap() {
                assert_eq!(answers(&s, backends), vec![Answer::Unsat, Answer::Unsat], "{place} {}", s.name);
            }
        }
    }
    // Claiming 4 neurons for K = 5, T = {3} (the truth is 3): the checker refuses the claim and
    // z3 finds a 3-neuron network, so the lower translation can fail too.
    let (place, bytes) = certificates("lower-2/k05.jsonl.gz").swap_remove(1);
    let mut v: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(v["claims"]["neurons"], 3);
    v["claims"]["neurons"] = Value::from(4);
    v["claims"]["breakpoints"] = Value::from(4);
    let bad = serde_json::to_vec(&v).unwrap();
    assert!(!ftcert_check::check_bytes(&bad, &Limits::default()).is_accepted());
    let s = &export::scripts(&bad, &place).unwrap()[0];
    assert_eq!(solver::run(&backends[0], &s.text, TIMEOUT).answer, Answer::Sat);
}

#[test]
fn search_k5_n2_finds_three_and_refutes_two() {
    if solvers("search_k5_n2_finds_three_and_refutes_two").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let found = ftcert(
        &["search", "--layers", "2", "--k", "5", "--n", "2", "--neurons", "3", "-o", "c.json"],
        dir.path(),
    );
    assert_eq!(found.status.code(), Some(0), "{}", stdout(&found));
    let cert = std::fs::read(dir.path().join("c.json")).unwrap();
    match ftcert_check::check_bytes(&cert, &Limits::default()) {
        ftcert_check::Verdict::Accepted(s) => {
            assert_eq!(s.construction.as_deref(), Some("search-2"));
            assert_eq!((s.k, s.n, s.neurons, s.bound), (5, 2, 3, Some(3)));
        }
        v => panic!("rejected: {v:?}"),
    }
    // The bound of a search certificate must be its neuron count.
    let mut v: Value = serde_json::from_slice(&cert).unwrap();
    v["claims"]["bound"] = Value::from(4);
    let verdict = ftcert_check::check_bytes(&serde_json::to_vec(&v).unwrap(), &Limits::default());
    assert_eq!(verdict.kind(), "wrong-bound");
    let refuted = ftcert(&["search", "--layers", "2", "--k", "5", "--n", "2", "--neurons", "2"], dir.path());
    assert_eq!(refuted.status.code(), Some(1), "{}", stdout(&refuted));
    assert!(stdout(&refuted).contains("per z3 and cvc5"), "{}", stdout(&refuted));
    let usage = ftcert(
        &["search", "--layers", "2", "--k", "5", "--n", "2", "--neurons", "2", "--split", "1:1"],
        dir.path(),
    );
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn check_smt_prints_both_answers_beside_the_verdict() {
    if solvers("check_smt_prints_both_answers_beside_the_verdict").is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, bytes) = certificates("two-layer-paper/k05.jsonl.gz").swap_remove(21);
    std::fs::write(dir.path().join("good.json"), &bytes).unwrap();
    std::fs::write(dir.path().join("bad.json"), mutate_weight(&bytes)).unwrap();
    let good = ftcert(&["check", "--smt", "both", "good.json"], dir.path());
    assert_eq!(good.status.code(), Some(0), "{}", stdout(&good));
    let text = stdout(&good);
    assert!(text.contains("good.json: checker accepted | z3 unsat ") && text.contains("| agree"), "{text}");
    let bad = ftcert(&["check", "--smt", "both", "bad.json"], dir.path());
    let text = stdout(&bad);
    assert!(
        text.contains("checker rejected (wrong-output) | z3 sat ") && text.contains("cvc5 sat"),
        "{text}"
    );
    assert!(text.contains("1 agree, 0 disagree"), "{text}");
    // Rejected, as plain `check`: exit 1.
    assert_eq!(bad.status.code(), Some(1));
}
