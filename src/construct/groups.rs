//! Building blocks of the 3-layer constructions (spec constructions.md §1.2, §2.2, §2.3):
//! auxiliary activations and their compilation to plain ReLU neurons, the layer-1 hard-tanh
//! "group neurons", and the layer-2 "anchor neuron" lemma with its exact scaling λ / Λ.
//!
//! Positions are 0-based sorted positions along the projection (c_0 < c_1 < … < c_{K−1}).

use crate::network::{Layer, Network};
use crate::rational::{int, Q};

mod small;

/// An auxiliary activation and its ReLU form (spec §1.2), R(t) = max(t, 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Hard-tanh clip(t, −1, 1) = R(t + 1) − R(t − 1) − 1 (2 ReLUs).
    HardTanh,
    /// Hard-tanh when every data point has t ≥ −1: 1 − R(1 − t) (1 ReLU).
    HardTanhAboveMinusOne,
    /// Hard-tanh when every data point has t ≤ 1: R(t + 1) − 1 (1 ReLU).
    HardTanhBelowOne,
    /// Tent 1 − |t| on [−1, 1], 0 outside: R(t + 1) − 2R(t) + R(t − 1) (3 ReLUs).
    Tent,
    /// σ_B of U3 (A = 1): −R(t + 2) + 2R(t + 1) − 2R(t − 1) + R(t − 2) (4 ReLUs).
    SigmaB,
    /// σ* of Appendix A: R(t + 1) − 2R(t) (2 ReLUs).
    SigmaStar,
}

impl Act {
    /// (terms (coefficient, scale, shift) meaning coefficient·R(scale·t + shift), constant).
    fn relu_form(self) -> (&'static [(i64, i64, i64)], i64) {
        match self {
            Act::HardTanh => (&[(1, 1, 1), (-1, 1, -1)], -1),
            Act::HardTanhAboveMinusOne => (&[(-1, -1, 1)], 1),
            Act::HardTanhBelowOne => (&[(1, 1, 1)], -1),
            Act::Tent => (&[(1, 1, 1), (-2, 1, 0), (1, 1, -1)], 0),
            Act::SigmaB => (&[(-1, 1, 2), (2, 1, 1), (-2, 1, -1), (1, 1, -2)], 0),
            Act::SigmaStar => (&[(1, 1, 1), (-2, 1, 0)], 0),
        }
    }

    /// Number of ReLU neurons of the compiled form.
    pub fn relus(self) -> usize {
        self.relu_form().0.len()
    }

    /// The activation's value (exact; the restricted hard-tanh forms are evaluated by their ReLU
    /// form, which equals hard-tanh on the data).
    pub fn apply(self, t: &Q) -> Q {
        let (terms, constant) = self.relu_form();
        let mut out = int(constant);
        for &(coef, scale, shift) in terms {
            let arg = int(scale) * t + int(shift);
            if arg > 0 {
                out += int(coef) * arg;
            }
        }
        out
    }
}

/// One hidden layer of auxiliary neurons: `rows[j]·input + biases[j]`, then `acts[j]`.
#[derive(Clone, Debug, Default)]
pub struct AuxLayer {
    pub rows: Vec<Vec<Q>>,
    pub biases: Vec<Q>,
    pub acts: Vec<Act>,
}

impl AuxLayer {
    /// Adds a neuron.
    pub fn push(&mut self, row: Vec<Q>, bias: Q, act: Act) {
        self.rows.push(row);
        self.biases.push(bias);
        self.acts.push(act);
    }
}

/// Each auxiliary output of a layer as (Σ coefficient·compiled unit, constant); the coefficients
/// and constants of the ReLU forms are small integers.
type Expansion = Vec<(Vec<(usize, i64)>, i64)>;

/// c·x for a small integer c (±1 and 0 without a multiplication).
fn times(x: &Q, c: i64) -> Q {
    match c {
        1 => x.clone(),
        -1 => -x,
        0 => int(0),
        _ => int(c) * x,
    }
}

/// acc += c·x for a small integer c.
fn add_times(acc: &mut Q, x: &Q, c: i64) {
    match c {
        0 => {}
        1 => *acc += x,
        -1 => *acc -= x,
        _ => *acc += int(c) * x,
    }
}

/// Compiles auxiliary hidden layers plus an affine output (`out`·h + `out_bias`) to a pure ReLU
/// network (spec §1.2): each auxiliary neuron becomes its ReLUs with the shifted pre-activation,
/// and its coefficients and constant are folded into the next affine layer.
pub fn compile(aux: &[AuxLayer], out: &[Q], out_bias: &Q) -> Network {
    // Each previous auxiliary output as (Σ coef·unit, constant) over the previous compiled layer;
    // None for the input layer (identity).
    let mut expand: Option<Expansion> = None;
    let mut prev_width = 0;
    let mut layers = Vec::with_capacity(aux.len() + 1);
    let fold = |row: &[Q], bias: &Q, expand: &Option<Expansion>, width: usize| match expand {
        None => (row.to_vec(), bias.clone()),
        Some(exp) => {
            let mut w = vec![int(0); width];
            let mut b = bias.clone();
            for (v, (terms, constant)) in row.iter().zip(exp) {
                if *v == 0 {
                    continue;
                }
                for &(unit, coef) in terms {
                    add_times(&mut w[unit], v, coef);
                }
                add_times(&mut b, v, *constant);
            }
            (w, b)
        }
    };
    for layer in aux {
        let mut compiled = Layer::default();
        let mut next_expand = Vec::with_capacity(layer.rows.len());
        for ((row, bias), act) in layer.rows.iter().zip(&layer.biases).zip(&layer.acts) {
            let (w, b) = fold(row, bias, &expand, prev_width);
            let (terms, constant) = act.relu_form();
            let mut units = Vec::with_capacity(terms.len());
            for &(coef, scale, shift) in terms {
                units.push((compiled.biases.len(), coef));
                compiled.weights.push(w.iter().map(|x| times(x, scale)).collect());
                compiled.biases.push(times(&b, scale) + int(shift));
            }
            next_expand.push((units, constant));
        }
        prev_width = compiled.biases.len();
        layers.push(compiled);
        expand = Some(next_expand);
    }
    let (w, b) = fold(out, out_bias, &expand, prev_width);
    layers.push(Layer { weights: vec![w], biases: vec![b] });
    Network { layers }
}

/// Layer 1: hard-tanh group neurons over consecutive anchor groups (spec §2.2).
#[derive(Clone, Debug)]
pub struct Groups {
    /// Anchor positions of each group, ascending.
    pub members: Vec<Vec<usize>>,
    /// Orientation o_j = (−1)^(j+1) (1-based j): +1, −1, +1, … (FLAG F1).
    pub o: Vec<i64>,
    /// Left and right ends l_j, r_j of each group's range.
    pub l: Vec<Q>,
    pub r: Vec<Q>,
    /// `effective[pos]`: the group whose open range contains c_pos.
    pub effective: Vec<usize>,
    /// `beta[j][pos]` = β_j(x_pos) = σ_H(α_j(x_pos)).
    pub beta: Vec<Vec<Q>>,
}

impl Groups {
    /// The group neurons of nonempty, disjoint, left-to-right `members` over sorted projections
    /// `c`. l_1 = c_0 − 1/2, r_p = c_{K−1} + 1/2, and r_j = l_{j+1} is the midpoint between the
    /// last anchor of group j and the next data point.
    pub fn new(c: &[Q], members: Vec<Vec<usize>>) -> Groups {
        // A pure function of (c, members): the sweep asks for the same groups for every T (U1,
        // U1-edge, U2), so the last few are kept per thread.
        small::memo(c, members, Groups::compute)
    }

    fn compute(c: &[Q], members: Vec<Vec<usize>>) -> Groups {
        let p = members.len();
        assert!(p >= 1 && members.iter().all(|g| !g.is_empty()), "groups are nonempty");
        let half = Q::from_signeds(1, 2);
        let k = c.len();
        let mut l: Vec<Q> = Vec::with_capacity(p);
        let mut r: Vec<Q> = Vec::with_capacity(p);
        for j in 0..p {
            l.push(if j == 0 { &c[0] - &half } else { r[j - 1].clone() });
            let u = *members[j].last().expect("nonempty");
            r.push(if j + 1 == p { &c[k - 1] + &half } else { (&c[u] + &c[u + 1]) * &half });
        }
        let o: Vec<i64> = (0..p).map(|j| if j.is_multiple_of(2) { 1 } else { -1 }).collect();
        let effective = small::effective(c, &l, &r).unwrap_or_else(|| {
            c.iter()
                .map(|x| (0..p).find(|&j| l[j] < *x && *x < r[j]).expect("every point is in a range"))
                .collect()
        });
        let mut groups = Groups { members, o, l, r, effective, beta: Vec::new() };
        // One (scale, bias) per group, not per point: α_j(x) = scale·x + bias.
        // A row depends on (l_j, r_j, o_j) and the points only, so rows are kept per thread.
        groups.beta = small::memo_rows(c, &groups, |j| {
            let (scale, bias) = groups.affine(j);
            small::hard_tanh_row(&scale, &bias, c)
                .unwrap_or_else(|| c.iter().map(|x| (&scale * x + &bias).clamp(int(-1), int(1))).collect())
        });
        groups
    }

    /// Number of groups p'.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// Always false (groups are nonempty by construction); for clippy.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// (scale, bias) with α_j(x) = scale·(a·x) + bias: scale = 2o_j/(r_j − l_j),
    /// bias = −o_j(l_j + r_j)/(r_j − l_j).
    pub fn affine(&self, j: usize) -> (Q, Q) {
        let width = &self.r[j] - &self.l[j];
        let o = int(self.o[j]);
        (int(2) * &o / &width, -(&o * (&self.l[j] + &self.r[j]) / width))
    }

    /// α_j at projection value c.
    pub fn alpha(&self, j: usize, c: &Q) -> Q {
        let (scale, bias) = self.affine(j);
        scale * c + bias
    }

    /// Group j's anchors in β-order (increasing β_j): ascending c if o_j = +1, else descending.
    pub fn beta_order(&self, j: usize) -> Vec<usize> {
        let mut m = self.members[j].clone();
        if self.o[j] < 0 {
            m.reverse();
        }
        m
    }

    /// Adds the group neurons to an auxiliary layer over the input (W1 row j = scale_j·a).
    /// With `edge_saving`, the first and last neuron use the 1-ReLU hard-tanh forms that are
    /// exact on the data (spec §3.2): α_1 ≥ −1; the last α ≤ 1 (o = +1) or ≥ −1 (o = −1).
    pub fn layer(&self, a: &[Q], edge_saving: bool) -> AuxLayer {
        let p = self.len();
        let mut layer = AuxLayer::default();
        for j in 0..p {
            let (scale, bias) = self.affine(j);
            let act = if !edge_saving {
                Act::HardTanh
            } else if j == 0 || self.o[j] < 0 && j + 1 == p {
                Act::HardTanhAboveMinusOne
            } else if j + 1 == p {
                Act::HardTanhBelowOne
            } else {
                Act::HardTanh
            };
            layer.push(a.iter().map(|x| x * &scale).collect(), bias, act);
        }
        layer
    }
}

/// How non-representatives are pushed away in layer 2 (spec §2.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Push {
    /// (HT): α ≥ 1 if Δ > 0, α ≤ −1 if Δ < 0.
    HardTanh,
    /// (|1|): |α| ≥ 1.
    Abs1,
    /// (|2|): |α| ≥ 2.
    Abs2,
    /// (NEG): α ≤ −1, uses w = μ − Λν (needs every Δ > 0).
    Neg,
}

/// A solved layer-2 anchor neuron: α(x) = Σ w_l β_l(x) + w0.
#[derive(Clone, Debug)]
pub struct Anchor {
    pub w: Vec<Q>,
    pub w0: Q,
    /// The null vector (ν_1..ν_p, ν_0), the particular solution (μ_1..μ_p, μ_0) and λ (or Λ).
    pub nu: Vec<Q>,
    pub nu0: Q,
    pub mu: Vec<Q>,
    pub mu0: Q,
    pub scale: Q,
}

impl Anchor {
    /// α at data position `pos`.
    pub fn alpha(&self, groups: &Groups, pos: usize) -> Q {
        let mut s = self.w0.clone();
        for (w, beta) in self.w.iter().zip(&groups.beta) {
            s += w * &beta[pos];
        }
        s
    }
}

fn abs(q: &Q) -> Q {
    if *q < 0 {
        -q
    } else {
        q.clone()
    }
}

/// Solves the anchor neuron (spec §2.3) for one representative position `reps[j]` and target
/// `targets[j]` per group, pushing every other data point by `push`; λ / Λ is the exact maximum
/// over all K data points.
pub fn anchor(groups: &Groups, reps: &[usize], targets: &[Q], push: Push) -> Anchor {
    // In i128 when every value fits (the same exact values; tests compare both), else malachite.
    let anchor = small::anchor(groups, reps, targets, push)
        .unwrap_or_else(|| anchor_exact(groups, reps, targets, push));
    if cfg!(debug_assertions) {
        check_anchor(&anchor, groups, reps, targets, push);
    }
    anchor
}

/// [`anchor`]'s (w, w0) through a per-thread memo: the sweep asks for the same anchors for many
/// T (U2's neuron of point i does not depend on T; U1 and U1-edge share their layer 2). `c` are
/// the points `groups` was built on; at most `capacity` answers are kept per (c, groups, push).
pub fn anchor_weights(
    c: &[Q],
    groups: &Groups,
    reps: &[usize],
    targets: &[Q],
    push: Push,
    capacity: usize,
) -> (Vec<Q>, Q) {
    small::memo_anchor(c, groups, (reps, targets), push, capacity, anchor)
}

/// [`anchor`] in malachite's `Q` only.
pub fn anchor_exact(groups: &Groups, reps: &[usize], targets: &[Q], push: Push) -> Anchor {
    let p = groups.len();
    let e: Vec<Q> = (0..p).map(|j| groups.beta[j][reps[j]].clone()).collect();
    let o: Vec<Q> = groups.o.iter().map(|&x| int(x)).collect();
    let mut nu = vec![int(1)];
    let mut mu = vec![int(0)];
    for k in 0..p - 1 {
        nu.push(&nu[k] * (&o[k] - &e[k]) / (&o[k] - &e[k + 1]));
        mu.push((&targets[k + 1] - &targets[k] - (&o[k] - &e[k]) * &mu[k]) / (&e[k + 1] - &o[k]));
    }
    let mut nu0 = -(&e[0] * &nu[0]);
    let mut mu0 = &targets[0] - &e[0] * &mu[0];
    for l in 1..p {
        nu0 += &o[l] * &nu[l];
        mu0 += &o[l] * &mu[l];
    }
    let mut scale = int(0);
    for (pos, &j) in groups.effective.iter().enumerate() {
        if pos == reps[j] {
            continue;
        }
        let delta = &groups.beta[j][pos] - &e[j];
        debug_assert!(delta != 0, "σ_H is strictly monotone on the range");
        let (t, m, n) = (&targets[j], &mu[j], &nu[j]);
        let bound = match push {
            Push::HardTanh => {
                let sgn = if delta > 0 { int(1) } else { int(-1) };
                (int(1) - sgn * (t + m * &delta)) / (n * abs(&delta))
            }
            Push::Abs1 => (int(1) + abs(t) + abs(&(m * &delta))) / (n * abs(&delta)),
            Push::Abs2 => (int(2) + abs(t) + abs(&(m * &delta))) / (n * abs(&delta)),
            Push::Neg => {
                assert!(delta > 0, "rule NEG needs every representative at position 1");
                (int(1) + t + m * &delta) / (n * &delta)
            }
        };
        if bound > scale {
            scale = bound;
        }
    }
    let sign = if push == Push::Neg { int(-1) } else { int(1) };
    let w = mu.iter().zip(&nu).map(|(m, n)| m + &sign * &scale * n).collect();
    let w0 = &mu0 + &sign * &scale * &nu0;
    Anchor { w, w0, nu, nu0, mu, mu0, scale }
}

/// The anchor lemma's conclusion on every data point (debug builds).
fn check_anchor(anchor: &Anchor, groups: &Groups, reps: &[usize], targets: &[Q], push: Push) {
    for (pos, &j) in groups.effective.iter().enumerate() {
        let alpha = anchor.alpha(groups, pos);
        if pos == reps[j] {
            assert_eq!(alpha, targets[j], "anchor hits its target");
            continue;
        }
        let delta_positive = groups.beta[j][pos] > groups.beta[j][reps[j]];
        let ok = match push {
            Push::HardTanh => {
                if delta_positive {
                    alpha >= 1
                } else {
                    alpha <= -1
                }
            }
            Push::Abs1 => abs(&alpha) >= 1,
            Push::Abs2 => abs(&alpha) >= 2,
            Push::Neg => alpha <= -1,
        };
        assert!(ok, "anchor pushes position {pos}");
    }
}
