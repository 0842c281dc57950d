//! Second opinions from SMT solvers (z3, cvc5): certificates translated to SMT-LIB 2
//! ([`export`]), solvers run as processes with timeouts ([`solver`]), checker verdicts compared
//! with solver answers ([`compare`]), and networks searched for by a solver ([`search`]).
//!
//! Solver answers are a third kind of fact, kept apart from what ftcert's checker certifies: an
//! `unsat` from z3 and cvc5 is their word, not an ftcert certificate. A `sat` answer of
//! [`search`] becomes a certificate only after ftcert's checker accepts it.
//!
//! A new solver backend is one entry in [`solver::BACKENDS`].

pub mod compare;
pub mod export;
pub mod search;
pub mod sexp;
pub mod solver;

use crate::rational::Q;
use std::fmt::Write;

/// An exact SMT-LIB 2 real term for `q`: `3`, `(- 3)`, `(/ 3 2)`, `(- (/ 3 2))`.
pub fn num(q: &Q) -> String {
    let negative = *q < 0;
    let abs = if negative { -q.clone() } else { q.clone() };
    let (p, d) = (abs.numerator_ref().to_string(), abs.denominator_ref().to_string());
    let body = if d == "1" { p } else { format!("(/ {p} {d})") };
    if negative {
        format!("(- {body})")
    } else {
        body
    }
}

/// `(+ a b …)` of the terms, `0` for none, the term itself for one.
pub fn sum(terms: &[String]) -> String {
    match terms {
        [] => "0".to_string(),
        [one] => one.clone(),
        many => {
            let mut out = String::from("(+");
            for t in many {
                let _ = write!(out, " {t}");
            }
            out.push(')');
            out
        }
    }
}

/// `coef · term` with the trivial coefficients simplified; `None` for a zero coefficient.
pub fn scaled(coef: &str, term: &str) -> Option<String> {
    match coef {
        "0" => None,
        "1" => Some(term.to_string()),
        c => Some(format!("(* {c} {term})")),
    }
}

/// The common preamble: version, logic, expected status, and `relu` as `(ite (> v 0) v 0)`.
pub fn preamble(out: &mut String, comments: &[String], logic: &str, status: Option<&str>) {
    for c in comments {
        for line in c.lines() {
            let _ = writeln!(out, "; {line}");
        }
    }
    out.push_str("(set-info :smt-lib-version 2.6)\n");
    let _ = writeln!(out, "(set-logic {logic})");
    if let Some(s) = status {
        let _ = writeln!(out, "(set-info :status {s})");
    }
    out.push_str("(define-fun relu ((v Real)) Real (ite (> v 0) v 0))\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rational::frac;

    #[test]
    fn exact_terms() {
        assert_eq!(num(&frac(3, 1)), "3");
        assert_eq!(num(&frac(-3, 1)), "(- 3)");
        assert_eq!(num(&frac(3, 2)), "(/ 3 2)");
        assert_eq!(num(&frac(-7, 4)), "(- (/ 7 4))");
        assert_eq!(num(&frac(0, 1)), "0");
        assert_eq!(sum(&[]), "0");
        assert_eq!(sum(&["a".into(), "b".into()]), "(+ a b)");
        assert_eq!(scaled("0", "x"), None);
        assert_eq!(scaled("1", "x").as_deref(), Some("x"));
    }
}
