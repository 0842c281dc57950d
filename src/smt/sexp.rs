//! A small S-expression reader for solver output (`(get-value …)` answers) and the exact
//! evaluation of the real values in it. Algebraic numbers (`root-obj`, cvc5's
//! `_ real_algebraic_number`) and anything else that is not a rational are refused by name.

use crate::rational::Q;
use malachite_base::num::basic::traits::Zero;
use std::str::FromStr;

/// An S-expression: an atom or a list.
#[derive(Debug, Clone, PartialEq)]
pub enum Sexp {
    Atom(String),
    List(Vec<Sexp>),
}

/// Parses every S-expression of `text` (comments `;` to end of line are skipped).
pub fn parse_all(text: &str) -> Result<Vec<Sexp>, String> {
    let chars: Vec<char> = text.chars().collect();
    let mut pos = 0;
    let mut out = Vec::new();
    loop {
        skip_space(&chars, &mut pos);
        if pos >= chars.len() {
            return Ok(out);
        }
        out.push(parse_one(&chars, &mut pos)?);
    }
}

fn skip_space(chars: &[char], pos: &mut usize) {
    while *pos < chars.len() {
        if chars[*pos].is_whitespace() {
            *pos += 1;
        } else if chars[*pos] == ';' {
            while *pos < chars.len() && chars[*pos] != '\n' {
                *pos += 1;
            }
        } else {
            break;
        }
    }
}

fn parse_one(chars: &[char], pos: &mut usize) -> Result<Sexp, String> {
    // An explicit stack: deep solver output cannot overflow the call stack.
    let mut stack: Vec<Vec<Sexp>> = Vec::new();
    loop {
        skip_space(chars, pos);
        let Some(&c) = chars.get(*pos) else {
            return Err("unexpected end of solver output".to_string());
        };
        let item = match c {
            '(' => {
                *pos += 1;
                stack.push(Vec::new());
                continue;
            }
            ')' => {
                *pos += 1;
                let Some(list) = stack.pop() else {
                    return Err("unbalanced ')' in solver output".to_string());
                };
                Sexp::List(list)
            }
            '|' => {
                let start = *pos;
                *pos += 1;
                while *pos < chars.len() && chars[*pos] != '|' {
                    *pos += 1;
                }
                *pos += 1;
                Sexp::Atom(chars[start..(*pos).min(chars.len())].iter().collect())
            }
            _ => {
                let start = *pos;
                while *pos < chars.len()
                    && !chars[*pos].is_whitespace()
                    && chars[*pos] != '('
                    && chars[*pos] != ')'
                {
                    *pos += 1;
                }
                Sexp::Atom(chars[start..*pos].iter().collect())
            }
        };
        match stack.last_mut() {
            Some(top) => top.push(item),
            None => return Ok(item),
        }
    }
}

/// The exact rational value of a real term: numerals, decimals (`1.5`), `(- x)`, `(- x y …)`,
/// `(/ x y)`, `(+ …)`, `(* …)`. Anything else (an algebraic number) is an error naming it.
pub fn rational(e: &Sexp) -> Result<Q, String> {
    match e {
        Sexp::Atom(a) => atom(a),
        Sexp::List(items) => {
            let Some((Sexp::Atom(op), args)) = items.split_first() else {
                return Err(format!("not a rational: {}", render(e)));
            };
            if !matches!(op.as_str(), "-" | "+" | "*" | "/") {
                return Err(format!("not a rational (irrational or unsupported value): {}", render(e)));
            }
            let values: Vec<Q> = args.iter().map(rational).collect::<Result<_, _>>()?;
            match (op.as_str(), values.as_slice()) {
                ("-", [x]) => Ok(-x.clone()),
                ("-", [x, rest @ ..]) => Ok(rest.iter().fold(x.clone(), |a, b| a - b)),
                ("+", vs) => Ok(vs.iter().fold(Q::ZERO, |a, b| a + b)),
                ("*", vs) => Ok(vs.iter().fold(Q::from(1), |a, b| a * b)),
                ("/", [x, y]) if *y != 0 => Ok(x / y),
                _ => Err(format!("not a rational (irrational or unsupported value): {}", render(e))),
            }
        }
    }
}

fn atom(a: &str) -> Result<Q, String> {
    let bad = || format!("not a rational numeral: {a}");
    if let Some((int, frac)) = a.split_once('.') {
        if int.is_empty()
            || !int.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let digits = format!("{int}{frac}");
        let scale = format!("1{}", "0".repeat(frac.len()));
        let p = Q::from_str(&digits).map_err(|()| bad())?;
        let q = Q::from_str(&scale).map_err(|()| bad())?;
        return Ok(p / q);
    }
    if a.is_empty() || !a.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    Q::from_str(a).map_err(|()| bad())
}

/// The S-expression as text.
pub fn render(e: &Sexp) -> String {
    match e {
        Sexp::Atom(a) => a.clone(),
        Sexp::List(items) => format!("({})", items.iter().map(render).collect::<Vec<_>>().join(" ")),
    }
}

/// The pairs of a `(get-value (…))` answer `((x v) (y w) …)`, as (name, value term).
pub fn value_pairs(e: &Sexp) -> Result<Vec<(String, Sexp)>, String> {
    let Sexp::List(items) = e else {
        return Err(format!("expected a list of (name value) pairs, got {}", render(e)));
    };
    items
        .iter()
        .map(|p| match p {
            Sexp::List(pair) if pair.len() == 2 => match &pair[0] {
                Sexp::Atom(name) => Ok((name.clone(), pair[1].clone())),
                other => Err(format!("expected a name, got {}", render(other))),
            },
            other => Err(format!("expected a (name value) pair, got {}", render(other))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rational::frac;

    fn value(text: &str) -> Result<Q, String> {
        rational(&parse_all(text).unwrap()[0])
    }

    #[test]
    fn solver_numbers() {
        // z3 writes decimals, cvc5 integers; both forms of negation.
        assert_eq!(value("(/ 1.0 3.0)"), Ok(frac(1, 3)));
        assert_eq!(value("(- (/ 14.0 3.0))"), Ok(frac(-14, 3)));
        assert_eq!(value("(/ (- 14) 3)"), Ok(frac(-14, 3)));
        assert_eq!(value("2.25"), Ok(frac(9, 4)));
        assert_eq!(value("7"), Ok(frac(7, 1)));
        assert!(value("(root-obj (+ (^ x 2) (- 2)) 1)").unwrap_err().contains("root-obj"));
        assert!(value("(/ 1 0)").is_err());
        assert!(value("1e5").is_err());
        let all = parse_all("sat\n((x (/ 1 3)) (b true))\n").unwrap();
        assert_eq!(all[0], Sexp::Atom("sat".into()));
        let pairs = value_pairs(&all[1]).unwrap();
        assert_eq!(pairs[1], ("b".to_string(), Sexp::Atom("true".into())));
        assert!(parse_all("((x 1)").is_err());
    }
}
