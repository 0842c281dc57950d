//! [`super::Network::pieces_along`] for two hidden layers in checked i128 integers (the first
//! try; `None` falls back to the [`SmallQ`] walk, then to malachite).
//!
//! ReLU is positively homogeneous, so the network is first rescaled to integers without changing
//! its pieces: layer-1 neuron j along the line, a_j·s + b_j, is multiplied by the positive lcm
//! s_j of its two denominators (column j of layer 2 divided by s_j); layer-2 row i by the positive
//! lcm L_i of its denominators (output weight i divided by L_i); the output weights by the lcm of
//! theirs (g times a positive constant has the same pieces). Then the layer-2 pre-activations
//! P_i·s + Q_i and g's slope Σ v_i·P_i are integers on every interval between layer-1 kinks, and
//! only the points (kinks −b/a and roots −Q/P) are fractions, compared by cross-multiplying. The
//! walk itself is the one of `pieces_two_hidden`: P, Q updated at each cut by the layer-1 neurons
//! that switch there, slope changes counted at roots inside an interval and at the cuts.

use super::{Line, Network};
use crate::small_q::SmallQ;
use std::cmp::Ordering;

/// Magnitude bound of a point's numerator and denominator (cross products fit i128).
const MAX: i128 = 1 << 62;

/// n/d with d > 0 and |n|, d < 2^62.
#[derive(Clone, Copy, Debug)]
struct Pt(i128, i128);

impl Pt {
    /// The root of a·s + b (a ≠ 0).
    fn root(a: i128, b: i128) -> Option<Pt> {
        let (n, d) = if a > 0 { (b.checked_neg()?, a) } else { (b, a.checked_neg()?) };
        (n.checked_abs()? < MAX && d < MAX).then_some(Pt(n, d))
    }

    fn cmp(self, o: Pt) -> Ordering {
        (self.0 * o.1).cmp(&(o.0 * self.1))
    }

    /// The sign of a·p + b at this point p.
    fn sign_of(self, a: i128, b: i128) -> Option<Ordering> {
        Some(a.checked_mul(self.0)?.checked_add(b.checked_mul(self.1)?)?.cmp(&0))
    }
}

/// lcm of two positive integers below 2^62 (denominators and lcms of them), if below 2^62.
fn lcm(a: i128, b: i128) -> Option<i128> {
    if a == b || b == 1 {
        return (a < MAX).then_some(a);
    }
    if a == 1 {
        return (b < MAX).then_some(b);
    }
    let g = crate::small_q::gcd64(a as u64, b as u64) as i128;
    let l = (a / g).checked_mul(b)?;
    (l < MAX).then_some(l)
}

/// `q` times the positive integer `scale` (a multiple of its denominator), as an integer.
fn scaled(q: SmallQ, scale: i128) -> Option<i128> {
    q.numer().checked_mul(scale / q.denom())
}

/// The integer form: layer 1 along the line as (a_j, b_j), layer 2 rows (row-major, `m1`
/// columns) and biases, the output weights.
type IntForm = (Vec<(i128, i128)>, Vec<i128>, Vec<i128>, Vec<i128>);

fn integer_form(net: &Network, line: &Line) -> Option<IntForm> {
    let sq = SmallQ::from_q;
    let (l1, l2, out) = (&net.layers[0], &net.layers[1], &net.layers[2]);
    let mut ab = Vec::with_capacity(l1.width());
    let mut s1 = Vec::with_capacity(l1.width());
    for (a, c) in super::first_layer_along(l1, line)? {
        let s = lcm(a.denom(), c.denom())?;
        ab.push((scaled(a, s)?, scaled(c, s)?));
        s1.push(SmallQ::from_i128(s)?);
    }
    let mut w2 = Vec::with_capacity(l2.width() * l1.width());
    let mut b2 = Vec::with_capacity(l2.width());
    let mut v = Vec::with_capacity(l2.width());
    for ((row, b), vi) in l2.weights.iter().zip(&l2.biases).zip(&out.weights[0]) {
        let entries: Vec<SmallQ> =
            row.iter().zip(&s1).map(|(w, &s)| sq(w)?.checked_div(s)).collect::<Option<_>>()?;
        let bias = sq(b)?;
        let l = entries.iter().chain([&bias]).try_fold(1, |acc, e| lcm(acc, e.denom()))?;
        for &e in &entries {
            w2.push(scaled(e, l)?);
        }
        b2.push(scaled(bias, l)?);
        v.push(sq(vi)?.checked_div(SmallQ::from_i128(l)?)?);
    }
    let m = v.iter().try_fold(1, |acc, e| lcm(acc, e.denom()))?;
    let v = v.into_iter().map(|e| scaled(e, m)).collect::<Option<_>>()?;
    Some((ab, w2, b2, v))
}

/// The piece count, `None` if a number leaves i128 (or a point the 2^62 bound).
pub(super) fn pieces(net: &Network, line: &Line) -> Option<usize> {
    let (ab, w2, b2, v) = integer_form(net, line)?;
    let m1 = ab.len();
    // Left of every kink: layer-1 neuron j is on iff a_j < 0, or a_j = 0 and b_j > 0.
    let mut pq: Vec<(i128, i128)> = b2.iter().map(|&c| (0, c)).collect();
    let mut kinks: Vec<(Pt, usize)> = Vec::with_capacity(m1);
    for (j, &(a, b)) in ab.iter().enumerate() {
        if a < 0 || (a == 0 && b > 0) {
            toggle(&mut pq, &w2, m1, j, (a, b))?;
        }
        if a != 0 {
            kinks.push((Pt::root(a, b)?, j));
        }
    }
    kinks.sort_unstable_by(|x, y| x.0.cmp(y.0));
    let (mut changes, mut k) = (0usize, 0usize);
    let mut slope_left: Option<i128> = None;
    let mut events: Vec<(Pt, i128)> = Vec::new();
    loop {
        let cut = k.checked_sub(1).map(|i| kinks[i].0);
        let next = kinks.get(k).map(|c| c.0);
        let (first, last) = interval(&pq, &v, cut, next, &mut events, &mut changes)?;
        if slope_left.is_some_and(|left| left != first) {
            changes += 1;
        }
        slope_left = Some(last);
        let Some(at) = next else { break };
        while k < kinks.len() && kinks[k].0.cmp(at) == Ordering::Equal {
            let (a, b) = ab[kinks[k].1];
            // Switches on if a > 0, off if a < 0.
            let (a, b) = if a > 0 { (a, b) } else { (a.checked_neg()?, b.checked_neg()?) };
            toggle(&mut pq, &w2, m1, kinks[k].1, (a, b))?;
            k += 1;
        }
    }
    Some(1 + changes)
}

/// pq_i += W2[i][j]·(a, b).
fn toggle(pq: &mut [(i128, i128)], w2: &[i128], m1: usize, j: usize, (a, b): (i128, i128)) -> Option<()> {
    for (i, (p, q)) in pq.iter_mut().enumerate() {
        let w = w2[i * m1 + j];
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
            Some(c) => match c.sign_of(p, q)? {
                Ordering::Equal => p > 0,
                sign => sign == Ordering::Greater,
            },
        };
        if on {
            slope = slope.checked_add(contribution)?;
        }
        if p != 0 {
            let root = Pt::root(p, q)?;
            if cut.is_none_or(|c| root.cmp(c) == Ordering::Greater)
                && next.is_none_or(|n| root.cmp(n) == Ordering::Less)
            {
                events.push((root, if p > 0 { contribution } else { contribution.checked_neg()? }));
            }
        }
    }
    let first = slope;
    events.sort_unstable_by(|x, y| x.0.cmp(y.0));
    for group in events.chunk_by(|x, y| x.0.cmp(y.0) == Ordering::Equal) {
        let delta = group.iter().try_fold(0i128, |acc, e| acc.checked_add(e.1))?;
        *changes += usize::from(delta != 0);
        slope = slope.checked_add(delta)?;
    }
    Some((first, slope))
}
