//! `two-layer-optimal`: a 2-layer network with m*(K, N) hidden neurons for every instance
//! (spec two-layer-exact.md; proof in docs/two-layer-exact.md).
//!
//! Neuron count, for N ≥ 1 (N = 0: no neuron): at most min{3N, K − 2} for K ≥ 5; for K = 4,
//! 2 if N = 1 else 3; for K = 3, 2; for K = 2, 1. Branches, on the sorted projection
//! (t_i, z_i) of all K samples:
//! - K ≥ 3N + 1 (or N = 0, or K = 2): the `two-layer-tight` network (spec two-layer.md §3);
//! - K ∈ {3, 4}: the exact decider of [`crate::lower::case_split`] looks for a network with K − 2
//!   neurons (it exists unless the data is a strict zig-zag), else the tight network (K − 1);
//! - K ≥ 5, data not alternating: lemma L3 (the linear spline with one pair of same-sign kinks
//!   merged, or a flat window dropped, plus the affine neuron of L1): ≤ K − 2 neurons;
//! - K ≥ 5, alternating: the odd/even construction of the spec with rational λ, μ: K − 2 neurons.
//!
//! Every piecewise-linear function is turned into neurons by lemma L1: kink b with slope jump δ
//! and orientation σ is the neuron δ·relu(σ(a·x − b)) (W1 row σ·a, bias −σ·b).

use super::two_layer;
use crate::instance::{Instance, Projection};
use crate::lower::case_split::{fit_1d, LineData, Network1d};
use crate::network::{Layer, Network};
use crate::rational::{int, Q};
use malachite_base::num::arithmetic::traits::Sign as _;
use std::cmp::Ordering;

/// A continuous piecewise-linear function through (t1, z1) with left slope `s0` and kinks
/// (b, jump), b increasing and all > t1.
struct Pl {
    t1: Q,
    z1: Q,
    s0: Q,
    kinks: Vec<(Q, Q)>,
}

fn sign(q: &Q) -> i8 {
    match q.sign() {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    }
}

/// x where the line through (tp, zp) with slope sa meets the line through (tq, zq) with slope sb.
fn cross(tp: &Q, zp: &Q, sa: &Q, tq: &Q, zq: &Q, sb: &Q) -> Q {
    (zq - sb * tq - zp + sa * tp) / (sa - sb)
}

/// Lemma L1: one neuron per kink, orienting a prefix or a suffix of the kinks with σ = −1 when
/// that makes the slope at −∞ equal to s0; otherwise all σ = +1 plus one affine neuron
/// s0·relu(a·x − t1 + 1).
fn to_network(pl: &Pl, a: &[Q]) -> Network {
    let l = pl.kinks.len();
    let target = -&pl.s0;
    let mut q: Option<Vec<bool>> = None;
    let mut prefix = int(0);
    for r in 0..=l {
        if prefix == target {
            q = Some((0..l).map(|j| j < r).collect());
            break;
        }
        if r < l {
            prefix += &pl.kinks[r].1;
        }
    }
    if q.is_none() {
        let mut suffix = int(0);
        for r in (0..l).rev() {
            suffix += &pl.kinks[r].1;
            if suffix == target {
                q = Some((0..l).map(|j| j >= r).collect());
                break;
            }
        }
    }
    let mut neurons: Vec<(i8, Q, Q)> = pl
        .kinks
        .iter()
        .enumerate()
        .map(|(j, (b, jump))| {
            let sigma = if q.as_ref().is_some_and(|q| q[j]) { -1 } else { 1 };
            (sigma, b.clone(), jump.clone())
        })
        .collect();
    let mut c = pl.z1.clone();
    for (sigma, b, jump) in &neurons {
        let pre = int(i64::from(*sigma)) * (&pl.t1 - b);
        if pre > 0 {
            c -= jump * pre;
        }
    }
    if q.is_none() {
        // relu(t − t1 + 1) is 1 at t1.
        c -= &pl.s0;
        neurons.push((1, &pl.t1 - int(1), pl.s0.clone()));
    }
    from_neurons(&neurons, c, a)
}

/// The network c + Σ w·relu(σ(a·x − b)) for (σ, b, w).
fn from_neurons(neurons: &[(i8, Q, Q)], c: Q, a: &[Q]) -> Network {
    let mut weights = Vec::with_capacity(neurons.len());
    let mut biases = Vec::with_capacity(neurons.len());
    let mut out = Vec::with_capacity(neurons.len());
    for (sigma, b, w) in neurons {
        let sg = int(i64::from(*sigma));
        weights.push(a.iter().map(|x| x * &sg).collect());
        biases.push(-(&sg * b));
        out.push(w.clone());
    }
    Network { layers: vec![Layer { weights, biases }, Layer { weights: vec![out], biases: vec![c] }] }
}

/// A 1-D network from the decider, with its affine term as the neuron α·relu(a·x − t1 + 1).
fn from_1d(net: Network1d, t1: &Q, a: &[Q]) -> Network {
    let Network1d { mut c, alpha, mut neurons } = net;
    if alpha != 0 {
        // α·relu(t − t1 + 1) = α t + α(1 − t1) on the data.
        c -= &alpha * (int(1) - t1);
        neurons.push((1, t1 - int(1), alpha));
    }
    from_neurons(&neurons, c, a)
}

/// Secant slopes d_i (0-based, i = 0..K−2) and slope-change signs ε_c (c = 1..K−2; ε[0] unused).
fn slopes(t: &[Q], z: &[Q]) -> (Vec<Q>, Vec<i8>) {
    let k = t.len();
    let d: Vec<Q> = (0..k - 1).map(|i| (&z[i + 1] - &z[i]) / (&t[i + 1] - &t[i])).collect();
    let mut eps = vec![0i8; k - 1];
    for c in 1..k - 1 {
        eps[c] = sign(&(&d[c] - &d[c - 1]));
    }
    (d, eps)
}

/// Whether every ε_c ≠ 0 and consecutive ones alternate.
pub fn alternating(t: &[Q], z: &[Q]) -> bool {
    let (_, eps) = slopes(t, z);
    let k = t.len();
    (1..k - 1).all(|c| eps[c] != 0) && (1..k.saturating_sub(2)).all(|c| eps[c + 1] == -eps[c])
}

/// Lemma L3 (data not alternating): the spline through all points, with a flat window simply
/// not a kink, or the first pair of same-sign kinks at t_c, t_{c+1} replaced by one kink at
/// ℓ_{c−1} ∩ ℓ_{c+1}.
fn l3(t: &[Q], z: &[Q]) -> Pl {
    let k = t.len();
    let (d, eps) = slopes(t, z);
    let mut kinks: Vec<(Q, Q)> = Vec::new();
    let merge =
        if (1..k - 1).all(|c| eps[c] != 0) { (1..k - 2).find(|&c| eps[c] == eps[c + 1]) } else { None };
    let mut c = 1;
    while c < k - 1 {
        if Some(c) == merge {
            let b = cross(&t[c - 1], &z[c - 1], &d[c - 1], &t[c + 1], &z[c + 1], &d[c + 1]);
            debug_assert!(t[c] < b && b < t[c + 1]);
            kinks.push((b, &d[c + 1] - &d[c - 1]));
            c += 2;
            continue;
        }
        if eps[c] != 0 {
            kinks.push((t[c].clone(), &d[c] - &d[c - 1]));
        }
        c += 1;
    }
    Pl { t1: t[0].clone(), z1: z[0].clone(), s0: d[0].clone(), kinks }
}

/// Alternating data, K odd ≥ 5: kinks b_2, t_3, …, t_{K−2}, b_{K−1} (spec, 1-based).
fn odd(t: &[Q], z: &[Q]) -> Pl {
    let k = t.len();
    let (d, eps) = slopes(t, z);
    let e = int(i64::from(eps[1]));
    let dd = &d[1] - &d[0] - &d[k - 2];
    let ed = &e * &dd;
    let (lambda, mu) = if ed >= 0 { (int(1), int(1) + ed) } else { (int(1) - ed, int(1)) };
    let s0 = &d[0] - &e * &lambda;
    let sl = &d[k - 2] + &e * &mu;
    debug_assert!(&s0 - &d[1] + &sl == 0);
    let mut kinks = vec![(cross(&t[0], &z[0], &s0, &t[1], &z[1], &d[1]), &d[1] - &s0)];
    for c in 2..=k - 3 {
        kinks.push((t[c].clone(), &d[c] - &d[c - 1]));
    }
    let last = cross(&t[k - 3], &z[k - 3], &d[k - 3], &t[k - 1], &z[k - 1], &sl);
    kinks.push((last, &sl - &d[k - 3]));
    Pl { t1: t[0].clone(), z1: z[0].clone(), s0, kinks }
}

/// Alternating data, K even ≥ 6: kinks b_2, b_3, b_4, t_5, …, t_{K−2}, b_{K−1} (spec,
/// 1-based), λ doubled from 1 until S ∉ {d_2, d_4} and b_3 < b_4 < t_4.
fn even(t: &[Q], z: &[Q]) -> Pl {
    let k = t.len();
    let (d, eps) = slopes(t, z);
    let e = int(i64::from(eps[1]));
    let line = |i: usize, x: &Q| &z[i] + &d[i] * (x - &t[i]);
    let b3 = (&t[2] + &t[3]) / int(2);
    let mut lambda = int(1);
    for _ in 0..4096 {
        let s0 = &d[0] - &e * &lambda;
        let sl = &d[k - 2] - &e * &lambda;
        let s = &s0 + &sl;
        if s != d[1] && s != d[3] {
            let b4 = &b3 + (line(3, &b3) - line(1, &b3)) / (&s - &d[3]);
            if b3 < b4 && b4 < t[3] {
                let mut kinks = vec![
                    (cross(&t[0], &z[0], &s0, &t[1], &z[1], &d[1]), &d[1] - &s0),
                    (b3, &s - &d[1]),
                    (b4, &d[3] - &s),
                ];
                for c in 4..=k - 3 {
                    kinks.push((t[c].clone(), &d[c] - &d[c - 1]));
                }
                let last = cross(&t[k - 3], &z[k - 3], &d[k - 3], &t[k - 1], &z[k - 1], &sl);
                kinks.push((last, &sl - &d[k - 3]));
                return Pl { t1: t[0].clone(), z1: z[0].clone(), s0, kinks };
            }
        }
        lambda *= int(2);
    }
    unreachable!("b_4 → b_3 as λ grows (spec two-layer-exact.md, even case, step 3)")
}

/// `two-layer-optimal` (spec two-layer-exact.md): see the module documentation for the branches
/// and the neuron count.
pub fn optimal(instance: &Instance, projection: &Projection) -> Network {
    let (k, n) = (instance.k(), instance.n());
    if n == 0 || k <= 2 || k > 3 * n {
        return two_layer::tight(instance, projection);
    }
    let t = &projection.c;
    let z = projection.sorted_targets(instance);
    let a = &projection.a;
    if k <= 4 {
        let data = LineData { s: t.clone(), z };
        return match fit_1d(&data, k - 2) {
            Some(net) => from_1d(net, &t[0], a),
            None => two_layer::tight(instance, projection),
        };
    }
    let pl = if !alternating(t, &z) {
        l3(t, &z)
    } else if !k.is_multiple_of(2) {
        odd(t, &z)
    } else {
        even(t, &z)
    };
    to_network(&pl, a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::construct::ConstructionId;

    fn inst(z: &[i64]) -> Instance {
        let t = z.iter().enumerate().filter(|(_, v)| **v != 0).map(|(i, _)| i + 1).collect();
        Instance {
            points: (1..=z.len()).map(|i| vec![int(i as i64)]).collect(),
            targets: z.iter().map(|&v| int(v)).collect(),
            t,
        }
    }

    fn neurons(z: &[i64]) -> usize {
        let i = inst(z);
        let built = ConstructionId::TwoLayerOptimal.build(&i).unwrap();
        for (x, v) in i.points.iter().zip(&i.targets) {
            assert_eq!(&built.network.eval(x), v, "{z:?}");
        }
        built.network.neurons()
    }

    #[test]
    fn spec_examples() {
        assert_eq!(neurons(&[0, 1, 0, 1, 0]), 3);
        assert_eq!(neurons(&[0, 1, 0, 1, 0, 1]), 4);
        assert_eq!(neurons(&[1, -1, 1, -1, 1, -1, 1]), 5);
        assert_eq!(neurons(&[1, -1, 1, -1, 1, -1, 1, -1]), 6);
        assert_eq!(neurons(&[0, 1, 0]), 2);
        assert_eq!(neurons(&[0, 1, 0, 1]), 3);
        assert_eq!(neurons(&[0, 1, 1, 0]), 2);
        assert_eq!(neurons(&[1, 2, 3, 5, 4]), 3);
    }
}
