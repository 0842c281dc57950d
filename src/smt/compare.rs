//! `ftcert check --smt z3|cvc5|both`: the checker's verdict beside the solvers' answers on the
//! exported scripts, certificate by certificate.

use super::export;
use super::solver::{self, Answer, Backend};
use crate::check::{visit_path, Limits, Tally};
use ftcert_check::Verdict;
use std::path::PathBuf;
use std::time::Duration;

/// The combined answer of one solver on all scripts of a certificate: `sat` if any script is
/// sat, `unsat` if all are, otherwise the first undecided answer.
fn combine(runs: &[solver::Run]) -> Answer {
    if runs.iter().any(|r| r.answer == Answer::Sat) {
        return Answer::Sat;
    }
    runs.iter().find(|r| r.answer != Answer::Unsat).map_or(Answer::Unsat, |r| r.answer.clone())
}

/// How a solver answer relates to the checker's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Relation {
    Agree,
    Disagree,
    Undecided,
    /// The checker rejected the certificate for a reason the script does not state (e.g. a wrong
    /// piece claim), so the answer cannot confirm or contradict it.
    NotComparable,
}

/// Compares one answer with the verdict. Scripts state the fit (upper) or the non-existence
/// (lower) only, so a rejection is comparable only when it is about the fit (`wrong-output`).
pub fn relate(verdict: &Verdict, upper: bool, answer: &Answer) -> Relation {
    let expected = match verdict {
        Verdict::Accepted(_) => Answer::Unsat,
        Verdict::Rejected(r) if upper && r.kind() == "wrong-output" => Answer::Sat,
        _ => return Relation::NotComparable,
    };
    match answer {
        Answer::Sat | Answer::Unsat if *answer == expected => Relation::Agree,
        Answer::Sat | Answer::Unsat => Relation::Disagree,
        _ => Relation::Undecided,
    }
}

#[derive(Default)]
struct Counts {
    certificates: usize,
    agree: usize,
    disagree: usize,
    undecided: usize,
    not_comparable: usize,
}

/// Runs the check and the solvers on every certificate of `paths`; the exit code: 1 on a
/// disagreement or a rejection (as `check`), else 3 if something is undecided or declined, else 0;
/// 2 usage.
pub fn check_smt(paths: &[PathBuf], limits: &Limits, backends: &[&'static Backend], timeout: Duration) -> u8 {
    for b in backends {
        if !solver::available(b) {
            eprintln!(
                "error: solver {} ({}) is not installed (Debian package {})",
                b.name, b.program, b.name
            );
            return 2;
        }
    }
    let mut tally = Tally::default();
    let mut counts = Counts::default();
    for path in paths {
        if !path.exists() {
            eprintln!("error: {}: no such file or folder", path.display());
            return 2;
        }
        visit_path(path, limits, &mut tally, &mut |place, bytes, tally| {
            let verdict = ftcert_check::check_bytes(bytes, limits);
            let line = compare_one(place, bytes, &verdict, backends, timeout, &mut counts);
            println!("{line}");
            tally.record(place, verdict);
        });
    }
    for problem in &tally.problems {
        println!("{problem}");
    }
    println!("checker: {tally}");
    println!(
        "solvers: {} certificates: {} agree, {} disagree, {} undecided, {} not comparable (rejected for a reason the script does not state)",
        counts.certificates, counts.agree, counts.disagree, counts.undecided, counts.not_comparable
    );
    // As plain `check`: 1 if the checker rejected something; and 1 on any disagreement.
    if counts.disagree > 0 || tally.exit_code() == 1 {
        1
    } else if counts.undecided > 0 {
        3
    } else {
        tally.exit_code()
    }
}

fn compare_one(
    place: &str,
    bytes: &[u8],
    verdict: &Verdict,
    backends: &[&'static Backend],
    timeout: Duration,
    counts: &mut Counts,
) -> String {
    counts.certificates += 1;
    let verdict_word = match verdict {
        Verdict::Accepted(_) => "accepted".to_string(),
        Verdict::Rejected(r) => format!("rejected ({})", r.kind()),
        Verdict::Declined(d) => format!("declined ({})", d.kind()),
    };
    let scripts = match export::scripts(bytes, place) {
        Ok(s) => s,
        Err(e) => {
            // A certificate the checker accepts must always translate.
            if verdict.is_accepted() {
                counts.disagree += 1;
                return format!("{place}: checker {verdict_word} | no script: {e} | DISAGREE");
            }
            counts.not_comparable += 1;
            return format!("{place}: checker {verdict_word} | no script: {e}");
        }
    };
    let upper = scripts.iter().all(|s| s.upper);
    let mut line = format!("{place}: checker {verdict_word}");
    let mut relations = Vec::new();
    for b in backends {
        let runs: Vec<solver::Run> = scripts.iter().map(|s| solver::run(b, &s.text, timeout)).collect();
        let answer = combine(&runs);
        let ms: u128 = runs.iter().map(|r| r.millis).sum();
        line.push_str(&format!(" | {} {} {ms} ms", b.name, answer.word()));
        if let Answer::Error(e) = &answer {
            line.push_str(&format!(" ({e})"));
        }
        relations.push(relate(verdict, upper, &answer));
    }
    let overall = if relations.contains(&Relation::Disagree) {
        counts.disagree += 1;
        "DISAGREE"
    } else if relations.contains(&Relation::NotComparable) {
        counts.not_comparable += 1;
        "not comparable"
    } else if relations.contains(&Relation::Undecided) {
        counts.undecided += 1;
        "undecided"
    } else {
        counts.agree += 1;
        "agree"
    };
    line.push_str(&format!(" | {overall}"));
    line
}
