//! The piece count of a network with two hidden layers in checked i128 integers, cut by cut (the
//! fast path of [`super::count_pieces`]; `None` sends the count to the general propagation).
//!
//! On the integer network ([`super::IntNet`]) along an integer line, layer-1 neuron j is
//! relu(α_j s + β_j) with integers α_j, β_j. Between two consecutive layer-1 kinks the layer-2
//! pre-activations are P_i s + Q_i with integers P_i, Q_i, moved from one interval to the next by
//! the layer-1 neurons that switch at the cut (never recomputed), and g's slope is the integer
//! Σ v_i P_i over the active layer-2 neurons. g is continuous, so a piece ends exactly where its
//! slope changes: at a root −Q_i/P_i strictly inside an interval (the changes there summed), or
//! at a cut (the slope just left against the slope just right). Points are fractions n/d with
//! d > 0 and |n|, d < 2^62, so every cross-multiplied comparison fits i128; every other sum and
//! product is checked.

use super::{row, IntNet};
use crate::line::Line;
use num_rational::BigRational;
use num_traits::ToPrimitive;
use std::cmp::Ordering;

/// A point n/d on the line, d > 0, |n| and d below 2^62.
#[derive(Clone, Copy, Debug)]
struct Pt {
    n: i128,
    d: i128,
}

const MAX: i128 = 1 << 62;

impl Pt {
    /// The root of a·s + b (a ≠ 0), if within the bound.
    fn root(a: i128, b: i128) -> Option<Pt> {
        let (n, d) = if a > 0 { (b.checked_neg()?, a) } else { (b, a.checked_neg()?) };
        (n.checked_abs()? < MAX && d < MAX).then_some(Pt { n, d })
    }

    fn cmp(self, o: Pt) -> Ordering {
        // |n|, d < 2^62: both products are below 2^124.
        (self.n * o.d).cmp(&(o.n * self.d))
    }

    fn sign_of(self, (a, b): (i128, i128)) -> Option<Ordering> {
        // sign(a·n/d + b) = sign(a·n + b·d) since d > 0.
        Some(a.checked_mul(self.n)?.checked_add(b.checked_mul(self.d)?)?.cmp(&0))
    }
}

/// `Some(pieces)` for three layers with small integer entries and an integer line whose numbers
/// all fit; `None` otherwise (or when the general path's piece-work limit could be reached, so
/// that the fast path never answers where the general path declines).
pub(crate) fn pieces(net: &IntNet, line: &Line) -> Option<usize> {
    let [l1, l2, out] = net.layers.as_slice() else {
        return None;
    };
    let (m1, m2) = (l1.rows, l2.rows);
    if !within_work(m1, m2) || l2.cols != m1 || out.cols != m2 {
        return None;
    }
    let (w1, b1) = l1.small.as_ref()?;
    let (w2, b2) = l2.small.as_ref()?;
    let (v, _) = out.small.as_ref()?;
    let int = |q: &BigRational| -> Option<i128> { q.is_integer().then(|| q.numer().to_i128()).flatten() };
    let u: Vec<i128> = line.direction.iter().map(int).collect::<Option<_>>()?;
    let o: Vec<i128> = line.origin.iter().map(int).collect::<Option<_>>()?;
    // Layer 1 along the line.
    let mut ab: Vec<(i128, i128)> = Vec::with_capacity(m1);
    for r in 0..m1 {
        let mut alpha: i128 = 0;
        let mut beta = i128::from(*b1.get(r)?);
        for ((&wc, uc), oc) in row(w1, r, l1.cols).iter().zip(&u).zip(&o) {
            alpha = alpha.checked_add(i128::from(wc).checked_mul(*uc)?)?;
            beta = beta.checked_add(i128::from(wc).checked_mul(*oc)?)?;
        }
        ab.push((alpha, beta));
    }
    // Layer 2 left of every kink: neuron j is on iff α_j < 0, or α_j = 0 and β_j > 0.
    let mut pq: Vec<(i128, i128)> = b2.iter().map(|&c| (0, i128::from(c))).collect();
    let mut kinks: Vec<(Pt, usize)> = Vec::with_capacity(m1);
    for (j, &(a, b)) in ab.iter().enumerate() {
        if a < 0 || (a == 0 && b > 0) {
            toggle(&mut pq, w2, m1, j, (a, b), 1)?;
        }
        if a != 0 {
            kinks.push((Pt::root(a, b)?, j));
        }
    }
    kinks.sort_unstable_by(|x, y| x.0.cmp(y.0));
    let v: Vec<i128> = v.iter().map(|&x| i128::from(x)).collect();
    let mut changes = 0usize;
    let mut slope_left: Option<i128> = None;
    let mut events: Vec<(Pt, i128)> = Vec::new();
    let mut k: usize = 0;
    loop {
        // The interval (cut, next); None is −∞ and +∞.
        let cut = k.checked_sub(1).and_then(|i| kinks.get(i)).map(|c| c.0);
        let next = kinks.get(k).map(|c| c.0);
        let (first, last) = interval(&pq, &v, cut, next, &mut events, &mut changes)?;
        if slope_left.is_some_and(|left| left != first) {
            changes += 1;
        }
        slope_left = Some(last);
        let Some(at) = next else { break };
        // Cross the cut: every layer-1 neuron with its kink here switches (on if α > 0).
        while let Some(&(p, j)) = kinks.get(k) {
            if p.cmp(at) != Ordering::Equal {
                break;
            }
            let (a, b) = *ab.get(j)?;
            toggle(&mut pq, w2, m1, j, (a, b), if a > 0 { 1 } else { -1 })?;
            k += 1;
        }
    }
    Some(changes + 1)
}

/// The general path spends at most 3·m1·max(m2, 1) + m2 steps on one layer (its `spend` calls:
/// per layer-1 crossing one step per layer-2 row; per layer-2 change one step, and at most two
/// output events each, plus one final crossing per layer-2 neuron), so within the limit it never
/// declines.
fn within_work(m1: usize, m2: usize) -> bool {
    m1.checked_mul(m2.max(1))
        .and_then(|x| x.checked_mul(3))
        .and_then(|x| x.checked_add(m2))
        .is_some_and(|w| w <= crate::budget::piece_limit())
}

/// pq_i += sign · W2[i][j] · (a, b).
fn toggle(
    pq: &mut [(i128, i128)],
    w2: &[i64],
    cols: usize,
    j: usize,
    (a, b): (i128, i128),
    sign: i128,
) -> Option<()> {
    for (i, (p, q)) in pq.iter_mut().enumerate() {
        let w = i128::from(*row(w2, i, cols).get(j)?) * sign;
        if w != 0 {
            *p = p.checked_add(w.checked_mul(a)?)?;
            *q = q.checked_add(w.checked_mul(b)?)?;
        }
    }
    Some(())
}

/// g's slope just right of `cut` and just left of `next`, counting into `changes` the slope
/// changes strictly between them.
fn interval(
    pq: &[(i128, i128)],
    v: &[i128],
    cut: Option<Pt>,
    next: Option<Pt>,
    events: &mut Vec<(Pt, i128)>,
    changes: &mut usize,
) -> Option<(i128, i128)> {
    let mut slope: i128 = 0;
    events.clear();
    for (&(p, q), &vi) in pq.iter().zip(v) {
        if vi == 0 {
            continue;
        }
        let contribution = vi.checked_mul(p)?;
        let on = match cut {
            _ if p == 0 => q > 0,
            None => p < 0,
            Some(c) => match c.sign_of((p, q))? {
                Ordering::Greater => true,
                Ordering::Equal => p > 0,
                Ordering::Less => false,
            },
        };
        if on {
            slope = slope.checked_add(contribution)?;
        }
        if p != 0 {
            let root = Pt::root(p, q)?;
            let inside = cut.is_none_or(|c| root.cmp(c) == Ordering::Greater)
                && next.is_none_or(|n| root.cmp(n) == Ordering::Less);
            if inside {
                // On at the root if P > 0, off if P < 0: the slope changes by ±v_i·P_i.
                events.push((root, if p > 0 { contribution } else { contribution.checked_neg()? }));
            }
        }
    }
    let first = slope;
    events.sort_unstable_by(|x, y| x.0.cmp(y.0));
    for group in events.chunk_by(|x, y| x.0.cmp(y.0) == Ordering::Equal) {
        let mut delta: i128 = 0;
        for e in group {
            delta = delta.checked_add(e.1)?;
        }
        if delta != 0 {
            *changes += 1;
        }
        slope = slope.checked_add(delta)?;
    }
    Some((first, slope))
}

#[cfg(test)]
mod tests {
    use super::super::{count_pieces_general, IntNet, RatLayer, PIECE_WORK_LIMIT};
    use super::*;
    use crate::rational::Rat;
    use num_bigint::BigInt;
    use num_traits::{One, Zero};

    /// The walk agrees with the general propagation on random 3-layer networks along several
    /// integer lines: small weights (so kinks and roots coincide, jumps cancel, slopes vanish),
    /// and some rounds with entries up to 2^61 so that the walk refuses (`None`) and the general
    /// path alone answers.
    #[test]
    fn walk_matches_general() {
        let mut next = crate::test_rng(0x0dd_ba11);
        let (mut fast, mut refused, mut multi) = (0, 0, 0);
        for round in 0..3000u64 {
            let d = 1 + (round % 3) as usize;
            let widths = [d, next(9) as usize, next(7) as usize, 1];
            let huge = round % 10 == 9;
            let mut net = Vec::new();
            for l in 0..3 {
                let (rows, cols) = (widths[l + 1], widths[l]);
                let mut rat = || -> Rat {
                    let (pm, qm) = if huge && next(3) == 0 { (1u64 << 61, 1u64 << 30) } else { (3, 3) };
                    let p = next(2 * pm + 1) as i128 - pm as i128;
                    let q = 1 + next(qm) as i128;
                    BigRational::new(BigInt::from(p), BigInt::from(q)).into()
                };
                let w = (0..rows * cols).map(|_| rat()).collect();
                let b = (0..rows).map(|_| rat()).collect();
                net.push(RatLayer { rows, cols, w, b });
            }
            let int = IntNet::from_layers(&net).expect("within budget");
            for s in 0..3i64 {
                let shift = if s == 2 { next(5) as i64 - 2 } else { 0 };
                let l = crate::network::moment_line(d, s, shift);
                let general = count_pieces_general(&int, &l, "").unwrap();
                match pieces(&int, &l) {
                    Some(p) => {
                        assert_eq!(p, general, "round {round} line {s}");
                        fast += 1;
                        multi += usize::from(general > 3);
                    }
                    None => refused += 1,
                }
            }
        }
        assert!(
            fast > 7000 && multi > 2000 && refused > 100,
            "fast {fast}, multi {multi}, refused {refused}"
        );
    }

    /// Layer-2 roots whose numerator passes 2^62 are refused (`None`: the general path answers),
    /// even when the denominator is small: two such roots in one interval would overflow the
    /// cross products of `Pt::cmp` (cargo-mutants: two_hidden.rs 33:33 `&&` → `||` panicked
    /// nowhere in the suite). Layer 1: relu(s + 2^61), kink at −2^61; layer 2: W2 = 2^61 and
    /// 2^61 − 1 with biases −2^62, so right of the kink P s + Q has roots near −2^61 + 2 with
    /// |Q| ≈ 2^122.
    #[test]
    fn roots_past_2_62_are_refused() {
        let int = |x: i128| -> Rat { BigRational::from_integer(BigInt::from(x)).into() };
        let t61: i128 = 1 << 61;
        let net = [
            RatLayer { rows: 1, cols: 1, w: vec![int(1)], b: vec![int(t61)] },
            RatLayer {
                rows: 2,
                cols: 1,
                w: vec![int(t61), int(t61 - 1)],
                b: vec![int(-2 * t61), int(-2 * t61)],
            },
            RatLayer { rows: 1, cols: 2, w: vec![int(1), int(1)], b: vec![int(0)] },
        ];
        let line = Line { origin: vec![BigRational::zero()], direction: vec![BigRational::one()], pivot: 0 };
        let int_net = IntNet::from_layers(&net).expect("within budget");
        assert!(int_net.layers.iter().all(|l| l.small.is_some()), "the fast path must be tried");
        assert_eq!(pieces(&int_net, &line), None);
        // g = 0 up to the first root −2^61 + 2 (layer 2 is still off at the layer-1 kink), then
        // slope 2^61, then 2^62 − 1 after −2^61 + 2 + 2/(2^61 − 1): 3 pieces.
        assert_eq!(count_pieces_general(&int_net, &line, "").unwrap(), 3);
    }

    /// A network whose general count could reach the piece-work limit is left to the general
    /// path (so it declines as before); the bound is 3·m1·m2 + m2.
    #[test]
    fn refuses_past_the_work_limit() {
        let wide = |rows: usize, cols: usize| RatLayer {
            rows,
            cols,
            w: vec![BigRational::one().into(); rows * cols],
            b: vec![BigRational::zero().into(); rows],
        };
        let line = Line { origin: vec![BigRational::zero()], direction: vec![BigRational::one()], pivot: 0 };
        let small = IntNet::from_layers(&[wide(3, 1), wide(2, 3), wide(1, 2)]).unwrap();
        assert_eq!(pieces(&small, &line), Some(2));
        assert!(within_work(1 << 12, 1 << 12));
        assert!(within_work(PIECE_WORK_LIMIT / 3, 0));
        assert!(!within_work(PIECE_WORK_LIMIT / 3 + 1, 1));
        assert!(!within_work(1 << 13, 1 << 12));
        assert!(!within_work(usize::MAX, 2));
        let limit = PIECE_WORK_LIMIT;
        assert!(within_work(limit / 6, 2) && 3 * (limit / 6) * 2 + 2 <= limit);
    }
}
