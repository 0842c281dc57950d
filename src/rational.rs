//! Builder arithmetic: malachite rationals and their canonical `"p/q"` strings.

use malachite_base::num::arithmetic::traits::Sign;
pub use malachite_q::Rational as Q;
use std::cmp::Ordering;
use std::str::FromStr;

/// Canonical decimal form `"p"` or `"p/q"` (malachite's `Display` is already canonical).
pub fn canonical(q: &Q) -> String {
    q.to_string()
}

/// Parses a rational that must already be in canonical form (no `+`, no leading zeros, reduced,
/// positive denominator > 1). Returns a description of the problem otherwise.
pub fn parse_canonical(s: &str) -> Result<Q, String> {
    let bytes = s.as_bytes();
    let ok_chars = !s.is_empty()
        && bytes.iter().enumerate().all(|(i, &b)| b.is_ascii_digit() || b == b'/' || (i == 0 && b == b'-'));
    if !ok_chars {
        return Err(format!("{s:?} is not a rational of the form \"p\" or \"p/q\""));
    }
    let q = Q::from_str(s).map_err(|()| format!("{s:?} is not a rational"))?;
    if q.to_string() != s {
        return Err(format!("{s:?} is not canonical (write {:?})", q.to_string()));
    }
    Ok(q)
}

/// `Q` from a small integer.
pub fn int(n: i64) -> Q {
    Q::from(n)
}

/// `n/d` (d ≠ 0).
pub fn frac(n: i64, d: i64) -> Q {
    Q::from_signeds(n, d)
}

/// Sign of `q` as an `Ordering` against zero.
pub fn sign(q: &Q) -> Ordering {
    q.sign()
}

/// Dot product of two equally long vectors.
pub fn dot(a: &[Q], b: &[Q]) -> Q {
    let mut s = Q::from(0);
    for (x, y) in a.iter().zip(b) {
        s += x * y;
    }
    s
}

/// Largest bit size of a numerator and of a denominator among `qs`.
pub fn max_bits<'a>(qs: impl IntoIterator<Item = &'a Q>) -> (u64, u64) {
    use malachite_base::num::logic::traits::SignificantBits;
    let mut nb = 0;
    let mut db = 0;
    for q in qs {
        nb = nb.max(q.numerator_ref().significant_bits());
        db = db.max(q.denominator_ref().significant_bits());
    }
    (nb, db)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_round_trip_and_refusals() {
        assert_eq!(canonical(&frac(6, -4)), "-3/2");
        assert_eq!(canonical(&int(0)), "0");
        assert_eq!(parse_canonical("-3/2").unwrap(), frac(-3, 2));
        for bad in ["2/4", "-0", "+1", "01", "1/0", "1/-2", "3/1", "1.5", "", " 1"] {
            assert!(parse_canonical(bad).is_err(), "{bad} accepted");
        }
    }
}
