//! Lower certificates (`"kind": "lower"`): dispatch on `rule`; each rule is one submodule that
//! owns its top-level keys and checks.

pub(crate) mod case_split;
pub(crate) mod windows;

use crate::error::{Fail, Rejection};
use crate::json::{Json, Loc};
use crate::read;
use crate::{Limits, Summary};

/// Check a lower certificate whose `format` and `kind` were already read.
pub(crate) fn check(v: &Json<'_>, limits: &Limits) -> Result<Summary, Fail> {
    let root = Loc::Root;
    let Some(rule_v) = v.get("rule") else {
        return Err(Rejection::MissingField { path: root.render(), key: "rule" }.into());
    };
    let lr = root.key("rule");
    let rule = read::string(rule_v, &lr)?;
    match rule {
        windows::RULE => windows::check(v, limits),
        case_split::RULE => case_split::check(v, limits),
        _ => Err(Rejection::UnknownRule { path: lr.render(), found: rule.to_string() }.into()),
    }
}

/// The smallest m ≥ 0 with (m² + m)/2 ≥ `breakpoints` (3-layer networks with d1 + d2 = m have at
/// most (m² + m)/2 kinks along a line).
pub(crate) fn three_layer_neurons(breakpoints: usize) -> usize {
    let b = breakpoints as u128;
    let tri = |m: u128| m * (m + 1) / 2;
    // isqrt(2b) is within one of the answer.
    let mut m = num_integer::Roots::sqrt(&(2 * b));
    while tri(m) < b {
        m += 1;
    }
    while m > 0 && tri(m - 1) >= b {
        m -= 1;
    }
    usize::try_from(m).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::three_layer_neurons;

    #[test]
    fn three_layer_formula() {
        let expect = [0, 1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6];
        for (b, m) in expect.iter().enumerate() {
            assert_eq!(three_layer_neurons(b), *m, "b = {b}");
        }
        for b in 0..2000usize {
            let m = three_layer_neurons(b);
            assert!(m * (m + 1) / 2 >= b);
            assert!(m == 0 || (m - 1) * m / 2 < b);
        }
        let m = three_layer_neurons(usize::MAX);
        assert!((m as u128) * (m as u128 + 1) / 2 >= usize::MAX as u128);
    }
}
