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

/// The paper's smallest m ≥ 0 with (m² + m)/2 ≥ `breakpoints` (Theorem 5.1's count 2·d1·d2 + d2
/// ≤ (m² + m)/2). Weaker than [`least_neurons`]; kept to test that old claims stay accepted.
#[cfg(test)]
pub(crate) fn three_layer_neurons(breakpoints: usize) -> usize {
    let b = breakpoints as u128;
    let tri = |m: u128| m * (m + 1) / 2;
    let mut m = num_integer::Roots::sqrt(&(2 * b));
    while tri(m) < b {
        m += 1;
    }
    while m > 0 && tri(m - 1) >= b {
        m -= 1;
    }
    usize::try_from(m).unwrap_or(usize::MAX)
}

/// b3(m) = max over d1 + d2 = m of β(d1, d2): 0 (m ≤ 1), 2, 4, 6 (m = 2, 3, 4), ⌊m(m + 4)/4⌋
/// (m ≥ 5; d1 = ⌈m/2⌉ ≥ 3, d2 = ⌊m/2⌋ ≥ 2 gives (d1 + 1)(d2 + 1) − 1). docs/lower-bounds.md.
pub(crate) fn b3(m: u128) -> u128 {
    match m {
        0 | 1 => 0,
        2 => 2,
        3 => 4,
        4 => 6,
        _ => m.saturating_mul(m.saturating_add(4)) / 4,
    }
}

/// The least total hidden-neuron count of a network with `layers` layers (≥ 2) that can have
/// `breakpoints` breakpoints along a line. 2 layers: `breakpoints`; 3 layers: the least m with
/// b3(m) ≥ `breakpoints`; deeper: a dynamic program over the widths of
/// [`crate::registry::deep_piece_bound`], whose rules are monotone in every width.
pub(crate) fn least_neurons(layers: usize, breakpoints: usize) -> usize {
    if breakpoints == 0 {
        return 0;
    }
    match layers {
        0..=2 => breakpoints,
        3 => {
            let b = breakpoints as u128;
            // b3(m) ≥ m²/4, so m = 2·⌈√b⌉ always suffices; search down from an estimate.
            let mut m = 2 * num_integer::Roots::sqrt(&b) + 2;
            while m > 0 && b3(m - 1) >= b {
                m -= 1;
            }
            usize::try_from(m).unwrap_or(usize::MAX)
        }
        _ => deep_least_neurons(layers - 1, breakpoints),
    }
}

/// `best[s]` = the largest piece bound of `h` hidden layers of widths ≥ 1 summing to s, for
/// s ≤ `total`, built layer by layer; the least s with best[s] > `breakpoints`.
fn deep_least_neurons(h: usize, breakpoints: usize) -> usize {
    use crate::registry::deep_piece_bound;
    // All widths 1 (P grows by about 3/2 per layer): when they suffice the answer is h. So the
    // dynamic program below only runs for h ≤ log_{3/2}(breakpoints) + 2, which bounds its work.
    if deep_piece_bound(&[1, 1]) > breakpoints
        || (2..h)
            .try_fold(deep_piece_bound(&[1, 1]), |p, _| {
                let next = p.saturating_add(p / 2).saturating_add(1);
                if next > breakpoints {
                    Err(())
                } else {
                    Ok(next)
                }
            })
            .is_err()
    {
        return h;
    }
    // Widths (1 + breakpoints, 1, …, 1) reach the count, so the answer is at most h + breakpoints.
    let mut total = h.saturating_add(8);
    loop {
        // After layer 1: P = s + 1 for s ≥ 1.
        let mut best: Vec<usize> = (0..=total).map(|s| if s == 0 { 0 } else { s + 1 }).collect();
        for layer in 1..h {
            let prev = best;
            best = (0..=total)
                .map(|s| {
                    (1..=s)
                        .filter(|&d| prev[s - d] > 0)
                        .map(|d| {
                            if layer == 1 {
                                // Layer 2 depends on d1 = s − d itself (P_1 = d1 + 1).
                                deep_piece_bound(&[s - d, d])
                            } else {
                                let p = prev[s - d];
                                if d == 1 {
                                    p.saturating_add(p / 2).saturating_add(1)
                                } else {
                                    p.saturating_mul(d + 1)
                                }
                            }
                        })
                        .max()
                        .unwrap_or(0)
                })
                .collect();
        }
        if let Some(s) = best.iter().position(|&p| p > breakpoints) {
            return s;
        }
        if total >= h.saturating_add(breakpoints) {
            return h.saturating_add(breakpoints);
        }
        total = total.saturating_mul(2).min(h.saturating_add(breakpoints));
    }
}

/// The least max hidden width w of a network with `layers` layers (≥ 2) that can have
/// `breakpoints` breakpoints: the least w whose all-w network's piece bound exceeds it.
pub(crate) fn least_width(layers: usize, breakpoints: usize) -> usize {
    if breakpoints == 0 {
        return 0;
    }
    let h = layers.saturating_sub(1).max(1);
    let exceeds = |w: usize| crate::registry::deep_piece_bound(&vec![w; h]) > breakpoints;
    // Binary search: the bound is monotone in w, and w = breakpoints suffices.
    let (mut lo, mut hi) = (1usize, breakpoints);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if exceeds(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_layer_formula() {
        let expect = [0, 1, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 6];
        for (b, m) in expect.iter().enumerate() {
            assert_eq!(three_layer_neurons(b), *m, "b = {b}");
        }
        let m = three_layer_neurons(usize::MAX);
        assert!((m as u128) * (m as u128 + 1) / 2 >= usize::MAX as u128);
    }

    #[test]
    fn b3_matches_the_splits() {
        use crate::registry::three_layer_breakpoints;
        for m in 0..=200usize {
            let brute = (0..=m).map(|d1| three_layer_breakpoints(d1, m - d1)).max().unwrap_or(0);
            assert_eq!(b3(m as u128), brute as u128, "m = {m}");
        }
        // K = 14, N = 4: 12 breakpoints, 6 neurons (paper: 5).
        assert_eq!(least_neurons(3, 12), 6);
        assert_eq!(three_layer_neurons(12), 5);
        for b in 0..3000usize {
            let m = least_neurons(3, b);
            assert!(b3(m as u128) >= b as u128 && (m == 0 || b3(m as u128 - 1) < b as u128), "b = {b}");
            assert!(m >= three_layer_neurons(b));
            // The DP agrees with the closed form.
            if b < 300 {
                assert_eq!(deep_least_neurons(2, b).max(if b == 0 { 0 } else { 2 }), m.max(2), "b = {b}");
            }
        }
        assert!(least_neurons(3, usize::MAX) > 0);
    }

    #[test]
    fn deep_counts_by_brute_force() {
        use crate::registry::deep_piece_bound;
        // Every composition of s into h parts ≥ 1, for h = 3, 4 and s ≤ 14.
        fn compositions(s: usize, h: usize, acc: &mut Vec<usize>, out: &mut Vec<Vec<usize>>) {
            if h == 0 {
                if s == 0 {
                    out.push(acc.clone());
                }
                return;
            }
            for d in 1..=s {
                acc.push(d);
                compositions(s - d, h - 1, acc, out);
                acc.pop();
            }
        }
        for h in [3usize, 4] {
            let mut best = [0usize; 15];
            for (s, slot) in best.iter_mut().enumerate() {
                let mut all = Vec::new();
                compositions(s, h, &mut Vec::new(), &mut all);
                *slot = all.iter().map(|w| deep_piece_bound(w)).max().unwrap_or(0);
            }
            for b in 1..40usize {
                let brute = best.iter().position(|&p| p > b);
                if let Some(s) = brute {
                    assert_eq!(least_neurons(h + 1, b), s, "h = {h}, b = {b}");
                }
            }
        }
        assert_eq!(least_width(4, 12), 2);
        assert_eq!(least_width(4, 26), 3);
        assert_eq!(least_width(4, 27), 3);
        assert_eq!(least_neurons(64, 1), 63);
        // Huge depths cost nothing: all widths 1 suffice.
        assert_eq!(least_neurons(1_000_000, 10_000), 999_999);
        assert_eq!(least_neurons(5, 12), 5);
    }
}
