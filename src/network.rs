//! The builder's ReLU networks: layers of rational weights, exact evaluation, and the piece count
//! along a line (used to fill `claims.pieces`; the checker recomputes it independently).

use crate::rational::{dot, Q};
use crate::small_q::SmallQ;
use std::collections::BTreeSet;

mod walk;

/// One affine layer: `weights[j]` is the row of neuron j, `biases[j]` its bias.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layer {
    pub weights: Vec<Vec<Q>>,
    pub biases: Vec<Q>,
}

/// A ReLU network: ReLU after every layer but the last, which has one row.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub layers: Vec<Layer>,
}

/// A line s ↦ origin + s·direction in input space.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub origin: Vec<Q>,
    pub direction: Vec<Q>,
}

impl Layer {
    /// Number of neurons (rows).
    pub fn width(&self) -> usize {
        self.biases.len()
    }

    fn apply(&self, input: &[Q]) -> Vec<Q> {
        self.weights.iter().zip(&self.biases).map(|(w, b)| dot(w, input) + b).collect()
    }
}

fn relu(q: Q) -> Q {
    if q < 0 {
        Q::from(0)
    } else {
        q
    }
}

impl Network {
    /// Total number of hidden neurons (every hidden row counts).
    pub fn neurons(&self) -> usize {
        self.hidden_widths().iter().sum()
    }

    /// Widths of the hidden layers.
    pub fn hidden_widths(&self) -> Vec<usize> {
        self.layers[..self.layers.len() - 1].iter().map(Layer::width).collect()
    }

    /// g(x), exactly.
    pub fn eval(&self, x: &[Q]) -> Q {
        let mut h = x.to_vec();
        let last = self.layers.len() - 1;
        for (l, layer) in self.layers.iter().enumerate() {
            h = layer.apply(&h);
            if l != last {
                h = h.into_iter().map(relu).collect();
            }
        }
        h.pop().expect("output layer has one row")
    }

    /// Number of maximal affine pieces of s ↦ g(origin + s·direction) over all of R.
    ///
    /// Propagates, layer by layer, the restriction of every neuron to the line as a piecewise
    /// affine function on a common partition of R; ReLU splits pieces at exact zero crossings.
    /// Runs in [`SmallQ`] (i128) when every value fits, else redoes it with malachite's `Q`: the
    /// same algorithm, exact either way (randomized test `small_and_malachite_counts_agree`).
    pub fn pieces_along(&self, line: &Line) -> usize {
        if self.layers.len() == 2 {
            return self.pieces_along_two_layer(line);
        }
        // Two hidden layers: the incremental i128 walk, else exact (the generic i128 propagation
        // stores every interval of every neuron, too much at large K). Deeper: i128, else exact.
        let fast = if self.layers.len() == 3 {
            walk::pieces(self, line).or_else(|| pieces_two_hidden(self, line))
        } else {
            self.pieces_along_small(line)
        };
        if let Some(p) = fast {
            return p;
        }
        self.pieces_along_exact(line)
    }

    /// [`Network::pieces_along`] in [`SmallQ`]; `None` if a value leaves its range.
    pub fn pieces_along_small(&self, line: &Line) -> Option<usize> {
        let conv = |qs: &[Q]| qs.iter().map(SmallQ::from_q).collect::<Option<Vec<_>>>();
        let mut layers = Vec::with_capacity(self.layers.len());
        for layer in &self.layers {
            let weights = layer.weights.iter().map(|w| conv(w)).collect::<Option<Vec<_>>>()?;
            layers.push((weights, conv(&layer.biases)?));
        }
        propagate(&layers, &conv(&line.direction)?, &conv(&line.origin)?)
    }

    /// [`Network::pieces_along`] in malachite's `Q` only ([`refine_relu`]: the next layer's
    /// functions are updated incrementally along the line, and only they are stored, so memory is
    /// O(intervals · next width), not O(intervals · width)).
    pub fn pieces_along_exact(&self, line: &Line) -> usize {
        let inputs: Vec<(Q, Q)> =
            line.direction.iter().zip(&line.origin).map(|(dir, o)| (dir.clone(), o.clone())).collect();
        let mut cuts: Vec<Q> = Vec::new();
        // pre[r][i]: (slope, intercept) of neuron i's pre-activation on interval r of `cuts`.
        let mut pre: Vec<Vec<(Q, Q)>> = vec![affine_q(&self.layers[0], |j| Some(&inputs[j]))];
        for next in &self.layers[1..] {
            (cuts, pre) = refine_relu(&cuts, &pre, next);
        }
        1 + pre.windows(2).filter(|w| w[0][0] != w[1][0]).count()
    }
}

/// Layer 1 along the line in `SmallQ`: neuron j's pre-activation is a_j·s + b_j (`None` if a
/// number does not fit). Shared by this walk and the integer walk (`walk.rs`).
fn first_layer_along(l1: &Layer, line: &Line) -> Option<Vec<(SmallQ, SmallQ)>> {
    let sq = SmallQ::from_q;
    let mut ab = Vec::with_capacity(l1.width());
    for (w, b) in l1.weights.iter().zip(&l1.biases) {
        let (mut a, mut c) = (SmallQ::ZERO, sq(b)?);
        for ((wj, dj), oj) in w.iter().zip(&line.direction).zip(&line.origin) {
            let wj = sq(wj)?;
            a = a.checked_add(wj.checked_mul(sq(dj)?)?)?;
            c = c.checked_add(wj.checked_mul(sq(oj)?)?)?;
        }
        ab.push((a, c));
    }
    Some(ab)
}

/// [`Network::pieces_along`] for two hidden layers, in [`SmallQ`] (`None` if a value leaves its
/// range). g is continuous, so its pieces are 1 + the places where its slope changes. Layer 1 is
/// relu(a_j·s + b_j) with kinks c_1 < … < c_m; on each interval between them the layer-2
/// pre-activations P_i·s + Q_i are affine, updated from one interval to the next by the layer-1
/// neurons that switch at the cut (not recomputed). Inside an interval g's slope is
/// Σ v_i·P_i over the active layer-2 neurons and changes only at their roots −Q_i/P_i; at each
/// cut it is recomputed from the activity just right of the cut.
fn pieces_two_hidden(net: &Network, line: &Line) -> Option<usize> {
    let sq = |q: &Q| SmallQ::from_q(q);
    let (l1, l2, out) = (&net.layers[0], &net.layers[1], &net.layers[2]);
    let ab = first_layer_along(l1, line)?;
    let w2: Vec<Vec<SmallQ>> =
        l2.weights.iter().map(|r| r.iter().map(sq).collect()).collect::<Option<_>>()?;
    let v: Vec<SmallQ> = out.weights[0].iter().map(sq).collect::<Option<_>>()?;
    // Left of every kink (s → −∞): neuron j is on iff a_j < 0, or a_j = 0 and b_j > 0.
    let mut pq: Vec<(SmallQ, SmallQ)> =
        l2.biases.iter().map(|b| Some((SmallQ::ZERO, sq(b)?))).collect::<Option<_>>()?;
    let mut kinks: Vec<(SmallQ, usize)> = Vec::new();
    for (j, &(a, b)) in ab.iter().enumerate() {
        if a.is_zero() {
            if b.is_positive() {
                toggle(&mut pq, &w2, j, (a, b), false)?;
            }
        } else {
            if !a.is_positive() {
                toggle(&mut pq, &w2, j, (a, b), false)?;
            }
            kinks.push((b.checked_div(a)?.negated(), j));
        }
    }
    kinks.sort_unstable();
    let mut changes = 0;
    let mut slope_left: Option<SmallQ> = None;
    let mut k = 0;
    loop {
        // The interval (cut, next); cut = None is −∞, next = None is +∞.
        let cut = if k == 0 { None } else { Some(kinks[k - 1].0) };
        let next = kinks.get(k).map(|c| c.0);
        let (first, last) = interval_changes(&pq, &v, cut, next, &mut changes)?;
        if let Some(left) = slope_left {
            changes += usize::from(left != first);
        }
        slope_left = Some(last);
        let Some(at) = next else { break };
        // Cross the cut: every layer-1 neuron with its kink here switches.
        while k < kinks.len() && kinks[k].0 == at {
            let j = kinks[k].1;
            toggle(&mut pq, &w2, j, ab[j], !ab[j].0.is_positive())?;
            k += 1;
        }
    }
    Some(1 + changes)
}

/// Adds (or with `off`, subtracts) layer-1 neuron j's a_j s + b_j, times column j of W2, to the
/// layer-2 pre-activations.
fn toggle(
    pq: &mut [(SmallQ, SmallQ)],
    w2: &[Vec<SmallQ>],
    j: usize,
    (a, b): (SmallQ, SmallQ),
    off: bool,
) -> Option<()> {
    for (p, row) in pq.iter_mut().zip(w2) {
        let w = if off { row[j].negated() } else { row[j] };
        if !w.is_zero() {
            *p = (p.0.checked_add(w.checked_mul(a)?)?, p.1.checked_add(w.checked_mul(b)?)?);
        }
    }
    Some(())
}

/// g's slope just right of `cut` and just left of `next` (first, last), counting into `changes`
/// the slope changes strictly inside (cut, next).
fn interval_changes(
    pq: &[(SmallQ, SmallQ)],
    v: &[SmallQ],
    cut: Option<SmallQ>,
    next: Option<SmallQ>,
    changes: &mut usize,
) -> Option<(SmallQ, SmallQ)> {
    let mut slope = SmallQ::ZERO;
    let mut events: Vec<(SmallQ, SmallQ)> = Vec::new();
    for (&(p, q), &vi) in pq.iter().zip(v) {
        if vi.is_zero() {
            continue;
        }
        let contribution = vi.checked_mul(p)?;
        // On just right of the cut: from P = 0 and Q, or from the value at the cut and P's sign.
        let on = match cut {
            _ if p.is_zero() => q.is_positive(),
            None => !p.is_positive(),
            Some(c) => {
                let at = p.checked_mul(c)?.checked_add(q)?;
                if p.is_positive() {
                    !at.negated().is_positive()
                } else {
                    at.is_positive()
                }
            }
        };
        if on {
            slope = slope.checked_add(contribution)?;
        }
        if !p.is_zero() {
            let root = q.checked_div(p)?.negated();
            if cut.is_none_or(|c| root > c) && next.is_none_or(|n| root < n) {
                // Switches on (P > 0) or off (P < 0) at the root: the slope changes by ±v_i·P_i.
                events.push((root, if p.is_positive() { contribution } else { contribution.negated() }));
            }
        }
    }
    let first = slope;
    events.sort_unstable();
    let mut i = 0;
    while i < events.len() {
        let mut delta = SmallQ::ZERO;
        let at = events[i].0;
        while i < events.len() && events[i].0 == at {
            delta = delta.checked_add(events[i].1)?;
            i += 1;
        }
        if !delta.is_zero() {
            *changes += 1;
        }
        slope = slope.checked_add(delta)?;
    }
    Some((first, slope))
}

/// The exact field operations [`propagate`] needs; `None` when a value leaves the type's range.
trait Field: Clone + Ord {
    fn zero() -> Self;
    fn one() -> Self;
    fn add(&self, o: &Self) -> Option<Self>;
    fn mul(&self, o: &Self) -> Option<Self>;
    fn div(&self, o: &Self) -> Option<Self>;
    fn neg(&self) -> Self;
    fn half(&self) -> Option<Self>;
    fn is_zero(&self) -> bool;
    fn is_positive(&self) -> bool;
}

impl Field for Q {
    fn zero() -> Q {
        Q::from(0)
    }
    fn one() -> Q {
        Q::from(1)
    }
    fn add(&self, o: &Q) -> Option<Q> {
        Some(self + o)
    }
    fn mul(&self, o: &Q) -> Option<Q> {
        Some(self * o)
    }
    fn div(&self, o: &Q) -> Option<Q> {
        Some(self / o)
    }
    fn neg(&self) -> Q {
        -self
    }
    fn half(&self) -> Option<Q> {
        Some(self / Q::from(2))
    }
    fn is_zero(&self) -> bool {
        *self == 0
    }
    fn is_positive(&self) -> bool {
        *self > 0
    }
}

impl Field for SmallQ {
    fn zero() -> SmallQ {
        SmallQ::ZERO
    }
    fn one() -> SmallQ {
        SmallQ::from_int(1)
    }
    fn add(&self, o: &SmallQ) -> Option<SmallQ> {
        self.checked_add(*o)
    }
    fn mul(&self, o: &SmallQ) -> Option<SmallQ> {
        self.checked_mul(*o)
    }
    fn div(&self, o: &SmallQ) -> Option<SmallQ> {
        self.checked_div(*o)
    }
    fn neg(&self) -> SmallQ {
        self.negated()
    }
    fn half(&self) -> Option<SmallQ> {
        SmallQ::half(*self)
    }
    fn is_zero(&self) -> bool {
        SmallQ::is_zero(*self)
    }
    fn is_positive(&self) -> bool {
        SmallQ::is_positive(*self)
    }
}

/// (slope, intercept) of every neuron on every interval of the partition.
type Pieces<F> = Vec<Vec<(F, F)>>;

/// The layers' affine maps applied to each interval's functions.
fn affine<F: Field>(weights: &[Vec<F>], biases: &[F], values: &Pieces<F>) -> Option<Pieces<F>> {
    let mut pre = Vec::with_capacity(values.len());
    for fs in values {
        let mut row = Vec::with_capacity(biases.len());
        for (w, b) in weights.iter().zip(biases) {
            let mut slope = F::zero();
            let mut icpt = b.clone();
            for (wj, (sj, ij)) in w.iter().zip(fs) {
                if wj.is_zero() {
                    continue;
                }
                slope = slope.add(&wj.mul(sj)?)?;
                icpt = icpt.add(&wj.mul(ij)?)?;
            }
            row.push((slope, icpt));
        }
        pre.push(row);
    }
    Some(pre)
}

/// The generic piece count of [`Network::pieces_along`] over `layers` (weights, biases).
#[allow(clippy::type_complexity)]
fn propagate<F: Field>(layers: &[(Vec<Vec<F>>, Vec<F>)], direction: &[F], origin: &[F]) -> Option<usize> {
    // Interval r of the partition is (cuts[r-1], cuts[r]).
    let mut cuts: Vec<F> = Vec::new();
    let mut values: Pieces<F> = vec![direction.iter().cloned().zip(origin.iter().cloned()).collect()];
    let last = layers.len() - 1;
    for (l, (weights, biases)) in layers.iter().enumerate() {
        let pre = affine(weights, biases, &values)?;
        if l == last {
            values = pre;
            break;
        }
        // New cut points: zero crossings strictly inside an interval.
        let mut new_cuts: BTreeSet<F> = cuts.iter().cloned().collect();
        for (r, fs) in pre.iter().enumerate() {
            let lo = if r == 0 { None } else { Some(&cuts[r - 1]) };
            let hi = cuts.get(r);
            for (slope, icpt) in fs {
                if !slope.is_zero() {
                    let root = icpt.div(slope)?.neg();
                    if lo.is_none_or(|lo| root > *lo) && hi.is_none_or(|hi| root < *hi) {
                        new_cuts.insert(root);
                    }
                }
            }
        }
        let refined: Vec<F> = new_cuts.into_iter().collect();
        // Re-express on the refined partition and apply ReLU by testing a point inside.
        let mut next = Vec::with_capacity(refined.len() + 1);
        let mut src = 0;
        for r in 0..=refined.len() {
            while src < cuts.len() && r > 0 && cuts[src] <= refined[r - 1] {
                src += 1;
            }
            let probe = interior_point(if r == 0 { None } else { Some(&refined[r - 1]) }, refined.get(r))?;
            let mut fs = Vec::with_capacity(pre[src].len());
            for (slope, icpt) in &pre[src] {
                if slope.mul(&probe)?.add(icpt)?.is_positive() {
                    fs.push((slope.clone(), icpt.clone()));
                } else {
                    fs.push((F::zero(), F::zero()));
                }
            }
            next.push(fs);
        }
        cuts = refined;
        values = next;
    }
    let out: Vec<&(F, F)> = values.iter().map(|fs| &fs[0]).collect();
    Some(1 + out.windows(2).filter(|w| w[0] != w[1]).count())
}

/// b_k + Σ_j w_kj·f_j for every row k of `layer`, with f_j = `input(j)` (None: the zero function).
fn affine_q<'a>(layer: &Layer, input: impl Fn(usize) -> Option<&'a (Q, Q)>) -> Vec<(Q, Q)> {
    layer
        .weights
        .iter()
        .zip(&layer.biases)
        .map(|(w, b)| {
            let mut slope = Q::from(0);
            let mut icpt = b.clone();
            for (j, wj) in w.iter().enumerate() {
                if let Some((sj, ij)) = input(j) {
                    slope += wj * sj;
                    icpt += wj * ij;
                }
            }
            (slope, icpt)
        })
        .collect()
}

/// Adds w_ki·(new − old) to every row k of `cur` (`next`'s functions) when neuron i's output
/// changes from `old` to `new` (None: the zero function).
fn shift(cur: &mut [(Q, Q)], next: &Layer, i: usize, old: Option<&(Q, Q)>, new: Option<&(Q, Q)>) {
    let zero = (Q::from(0), Q::from(0));
    let (old, new) = (old.unwrap_or(&zero), new.unwrap_or(&zero));
    if old == new {
        return;
    }
    let ds = &new.0 - &old.0;
    let di = &new.1 - &old.1;
    for (w, (slope, icpt)) in next.weights.iter().zip(cur.iter_mut()) {
        if w[i] != 0 {
            *slope += &w[i] * &ds;
            *icpt += &w[i] * &di;
        }
    }
}

/// One ReLU layer along the line: given its pre-activations `pre` on the intervals of `cuts`,
/// splits every interval at the zero crossings inside it and returns the refined cuts with
/// `next`'s pre-activations on every refined interval.
///
/// Neuron i on a refined interval passes its function of the source interval or is zero; its
/// state only changes at its own crossing or at a source cut. Walking left to right, `next`'s
/// functions are updated by w_ki·(new − old) for the neurons whose output changed — exact, and
/// far fewer operations than recomputing every row on every interval.
fn refine_relu(cuts: &[Q], pre: &[Vec<(Q, Q)>], next: &Layer) -> (Vec<Q>, Vec<Vec<(Q, Q)>>) {
    let width = pre.first().map_or(0, Vec::len);
    let mut out_cuts = Vec::new();
    let mut out = Vec::new();
    // on[i]: the interval whose function neuron i passes on the current refined interval.
    let mut on: Vec<Option<usize>> = vec![None; width];
    let mut cur: Vec<(Q, Q)> = affine_q(next, |_| None);
    let value = |on: Option<usize>, i: usize| on.map(|r| &pre[r][i]);
    for (r, fs) in pre.iter().enumerate() {
        let lo = if r == 0 { None } else { Some(&cuts[r - 1]) };
        let hi = cuts.get(r);
        let probe = interior_point(lo, hi).expect("malachite arithmetic is exact");
        let mut crossings: Vec<(Q, usize)> = Vec::new();
        let mut start: Vec<Option<usize>> = Vec::with_capacity(width);
        for (i, (slope, icpt)) in fs.iter().enumerate() {
            if *slope != 0 {
                let root = -(icpt / slope);
                if lo.is_none_or(|lo| root > *lo) && hi.is_none_or(|hi| root < *hi) {
                    // Active left of its crossing iff it decreases.
                    start.push((*slope < 0).then_some(r));
                    crossings.push((root, i));
                    continue;
                }
            }
            start.push((slope * &probe + icpt > 0).then_some(r));
        }
        if let Some(lo) = lo {
            out_cuts.push(lo.clone());
        }
        for (i, s) in start.into_iter().enumerate() {
            shift(&mut cur, next, i, value(on[i], i), value(s, i));
            on[i] = s;
        }
        out.push(cur.clone());
        crossings.sort();
        let mut e = 0;
        while e < crossings.len() {
            let root = crossings[e].0.clone();
            while e < crossings.len() && crossings[e].0 == root {
                let i = crossings[e].1;
                let s = if on[i].is_some() { None } else { Some(r) };
                shift(&mut cur, next, i, value(on[i], i), value(s, i));
                on[i] = s;
                e += 1;
            }
            out_cuts.push(root);
            out.push(cur.clone());
        }
    }
    (out_cuts, out)
}

impl Network {
    /// `pieces_along` for one hidden layer: neuron j is relu(α_j s + β_j) along the line and adds
    /// a slope jump W2_j·|α_j| at s = −β_j/α_j; the pieces are 1 + the number of places where the
    /// jumps do not cancel.
    fn pieces_along_two_layer(&self, line: &Line) -> usize {
        let (hidden, output) = (&self.layers[0], &self.layers[1]);
        let mut jumps: Vec<(Q, Q)> = Vec::with_capacity(hidden.width());
        for ((w, b), out) in hidden.weights.iter().zip(&hidden.biases).zip(&output.weights[0]) {
            let alpha = dot(w, &line.direction);
            if alpha == 0 || *out == 0 {
                continue;
            }
            let beta = dot(w, &line.origin) + b;
            let at = -(beta / &alpha);
            let jump = if alpha > 0 { out * alpha } else { -(out * alpha) };
            jumps.push((at, jump));
        }
        jumps.sort_by(|a, b| a.0.cmp(&b.0));
        let mut kinks = 0;
        let mut i = 0;
        while i < jumps.len() {
            let mut total = Q::from(0);
            let at = &jumps[i].0;
            let mut j = i;
            while j < jumps.len() && jumps[j].0 == *at {
                total += &jumps[j].1;
                j += 1;
            }
            if total != 0 {
                kinks += 1;
            }
            i = j;
        }
        kinks + 1
    }
}

/// A rational strictly inside (lo, hi), either end possibly unbounded.
fn interior_point<F: Field>(lo: Option<&F>, hi: Option<&F>) -> Option<F> {
    match (lo, hi) {
        (None, None) => Some(F::zero()),
        (Some(lo), None) => lo.add(&F::one()),
        (None, Some(hi)) => hi.add(&F::one().neg()),
        (Some(lo), Some(hi)) => lo.add(hi)?.half(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rational::int;

    /// The i128 piece count agrees with the malachite one on random deep networks (small weights,
    /// so kinks coincide and cancel often; some huge ones, so the i128 path refuses) and on every
    /// 3-layer construction's network for every T of K ≤ 6.
    #[test]
    fn small_and_malachite_counts_agree() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |m: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % m
        };
        let (mut small, mut refused, mut two_hidden, mut integer) = (0, 0, 0, 0);
        for case in 0..3000 {
            let depth = 3 + (case % 3);
            let mut pick = |big: bool| {
                if big && next(20) == 0 {
                    crate::rational::frac(next(1 << 62) as i64 + 1, 3)
                } else {
                    crate::rational::frac(next(7) as i64 - 3, 1 + next(3) as i64)
                }
            };
            let d = 1 + (case % 2);
            let mut widths = vec![d];
            widths.extend((1..depth).map(|_| 1 + (case % 4)));
            widths.push(1);
            let layers = widths
                .windows(2)
                .map(|w| Layer {
                    weights: (0..w[1]).map(|_| (0..w[0]).map(|_| pick(case % 3 == 0)).collect()).collect(),
                    biases: (0..w[1]).map(|_| pick(case % 3 == 0)).collect(),
                })
                .collect();
            let net = Network { layers };
            let line = Line {
                origin: (0..d).map(|_| pick(false)).collect(),
                direction: (0..d).map(|_| pick(false)).collect(),
            };
            let exact = net.pieces_along_exact(&line);
            if depth == 3 {
                if let Some(p) = pieces_two_hidden(&net, &line) {
                    assert_eq!(p, exact, "two hidden, case {case}: {net:?} along {line:?}");
                    two_hidden += 1;
                }
                if let Some(p) = walk::pieces(&net, &line) {
                    assert_eq!(p, exact, "integer walk, case {case}: {net:?} along {line:?}");
                    integer += 1;
                }
            }
            match net.pieces_along_small(&line) {
                Some(p) => {
                    assert_eq!(p, exact, "case {case}: {net:?} along {line:?}");
                    small += 1;
                }
                None => refused += 1,
            }
        }
        assert!(
            small > 2000 && refused > 50 && two_hidden > 400 && integer > 400,
            "{small}, {refused}, {two_hidden}, {integer}"
        );
        use crate::construct::ConstructionId;
        use crate::instance::{generated, Projection};
        for k in 3..=6 {
            let base = generated(k, 2, 0);
            let proj = Projection::of(&base.points);
            for &id in ConstructionId::ALL.iter().filter(|c| c.layers() == 3) {
                for mask in 0u32..1 << k {
                    let t = crate::instance::t_of_mask(k, mask);
                    let built = id.build_projected(&base.with_t(&t), &proj);
                    let exact = built.network.pieces_along_exact(&built.line);
                    assert_eq!(
                        built.network.pieces_along_small(&built.line),
                        Some(exact),
                        "{id:?} K={k} T={t:?}"
                    );
                    let two = pieces_two_hidden(&built.network, &built.line);
                    assert_eq!(two, Some(exact), "two hidden: {id:?} K={k} T={t:?}");
                    let integer = walk::pieces(&built.network, &built.line);
                    assert_eq!(integer, Some(exact), "integer walk: {id:?} K={k} T={t:?}");
                }
            }
        }
    }

    #[test]
    fn pieces_of_a_tent() {
        // g(x) = relu(x + 1) − 2 relu(x) + relu(x − 1): 4 pieces.
        let net = Network {
            layers: vec![
                Layer {
                    weights: vec![vec![int(1)], vec![int(1)], vec![int(1)]],
                    biases: vec![int(1), int(0), int(-1)],
                },
                Layer { weights: vec![vec![int(1), int(-2), int(1)]], biases: vec![int(0)] },
            ],
        };
        let line = Line { origin: vec![int(0)], direction: vec![int(1)] };
        assert_eq!(net.pieces_along(&line), 4);
        assert_eq!(net.pieces_along_two_layer(&line), 4);
        assert_eq!(net.eval(&[int(0)]), 1);
        // relu(tent − 1/2): kinks at −1/2, 0, 1/2 only (the kinks at ±1 vanish): 4 pieces.
        let mut deep = net.clone();
        deep.layers[1].biases[0] = crate::rational::frac(-1, 2);
        deep.layers.push(Layer { weights: vec![vec![int(1)]], biases: vec![int(0)] });
        assert_eq!(deep.pieces_along(&line), 4);
        assert_eq!(deep.eval(&[crate::rational::frac(1, 4)]), crate::rational::frac(1, 4));
        // relu(tent − 2) is identically 0: one piece.
        deep.layers[1].biases[0] = int(-2);
        assert_eq!(deep.pieces_along(&line), 1);
    }
}
