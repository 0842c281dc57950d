//! Two-layer constructions on the sorted projection (spec two-layer.md §2 and §3).

use crate::instance::{Instance, Projection};
use crate::network::{Layer, Network};
use crate::rational::{int, Q};
use crate::small_q::SmallQ;

/// The set J in sorted positions (0-based): T plus the two ends of every zero block
/// (Def. 4.3, Eq. 14–15).
pub fn j_positions(in_t: &[bool]) -> Vec<usize> {
    let k = in_t.len();
    (0..k).filter(|&r| in_t[r] || r == 0 || r == k - 1 || in_t[r - 1] || in_t[r + 1]).collect()
}

/// The J points (w_k, v_k) and the secant slopes s_k between consecutive ones.
struct Interpolant {
    w: Vec<Q>,
    v: Vec<Q>,
    s: Vec<Q>,
}

fn interpolant(instance: &Instance, projection: &Projection) -> Interpolant {
    let in_t = projection.sorted_in_t(instance);
    let j = j_positions(&in_t);
    let w: Vec<Q> = j.iter().map(|&r| projection.c[r].clone()).collect();
    // The sorted target at position r is the target of sample order[r].
    let v: Vec<Q> = j.iter().map(|&r| instance.targets[projection.order[r]].clone()).collect();
    // Equal neighbouring values (often two zeros) give slope 0 without rational arithmetic.
    let s = (0..j.len() - 1)
        .map(|k| if v[k + 1] == v[k] { int(0) } else { (&v[k + 1] - &v[k]) / (&w[k + 1] - &w[k]) })
        .collect();
    Interpolant { w, v, s }
}

fn neuron(a: &[Q], sign: i64, bias: Q) -> (Vec<Q>, Q) {
    (a.iter().map(|x| if sign == 1 { x.clone() } else { x * int(sign) }).collect(), bias)
}

fn network(rows: Vec<(Vec<Q>, Q)>, out: Vec<Q>, out_bias: Q) -> Network {
    let (weights, biases) = rows.into_iter().unzip();
    Network { layers: vec![Layer { weights, biases }, Layer { weights: vec![out], biases: vec![out_bias] }] }
}

/// `two-layer-paper`: Theorem 4.4 with Lemma 4.5 (paper §4.2).
///
/// The piecewise-linear interpolant of the J points with one neuron relu(a·x − w_k) per J point
/// but the last: exactly |J| − 1 ≤ min{3N + 1, K − 1} neurons (Lemma 4.7), zero-weight neurons
/// included.
pub fn paper(instance: &Instance, projection: &Projection) -> Network {
    let Interpolant { w, v, s } = interpolant(instance, projection);
    let rows = w[..w.len() - 1].iter().map(|wk| neuron(&projection.a, 1, -wk)).collect();
    let out = (0..s.len())
        .map(|k| {
            if k == 0 {
                s[0].clone()
            } else if s[k] == s[k - 1] {
                int(0)
            } else {
                &s[k] - &s[k - 1]
            }
        })
        .collect();
    network(rows, out, v[0].clone())
}

/// `two-layer-tight`: the same interpolant with only the neurons it needs (spec two-layer.md §3,
/// beyond the paper).
///
/// One neuron per inner J point where the slope changes, oriented towards a flat end when there
/// is one, plus one neuron for the left slope otherwise: at most min{3N, K − 2} neurons when
/// K ≥ 3N + 1 and K − 1 otherwise; no neuron at all when N = 0.
pub fn tight(instance: &Instance, projection: &Projection) -> Network {
    let Interpolant { w, v, s } = interpolant(instance, projection);
    let r = w.len();
    // Inner J points with a slope change, and the jumps δ_k = s_k − s_{k−1}.
    let kinks: Vec<(usize, Q)> =
        (1..r - 1).filter(|&k| s[k] != s[k - 1]).map(|k| (k, &s[k] - &s[k - 1])).collect();
    let a = &projection.a;
    if s[0] == 0 {
        // Flat left end: g = v_1 + Σ δ_k relu(a·x − w_k).
        let rows = kinks.iter().map(|(k, _)| neuron(a, 1, -&w[*k])).collect();
        let out = kinks.into_iter().map(|(_, jump)| jump).collect();
        network(rows, out, v[0].clone())
    } else if s[r - 2] == 0 {
        // Flat right end: g = v_r + Σ δ_k relu(w_k − a·x).
        let rows = kinks.iter().map(|(k, _)| neuron(a, -1, w[*k].clone())).collect();
        let out = kinks.into_iter().map(|(_, jump)| jump).collect();
        network(rows, out, v[r - 1].clone())
    } else {
        // Lemma 4.5 restricted to the neurons with nonzero output weight.
        let mut rows = vec![neuron(a, 1, -&w[0])];
        let mut out = vec![s[0].clone()];
        for (k, jump) in kinks {
            rows.push(neuron(a, 1, -&w[k]));
            out.push(jump);
        }
        network(rows, out, v[0].clone())
    }
}

/// A [`paper`] network in `SmallQ`, on the sorted projection: neuron r is relu(a·x − c[j[r]])
/// for r < |J| − 1, with output weight `out[r]`; the output bias is `out_bias`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperSmall {
    /// The J positions (sorted order) but the last: the neurons' kinks.
    pub kinks: Vec<usize>,
    pub out: Vec<SmallQ>,
    pub out_bias: SmallQ,
}

impl PaperSmall {
    /// The piece count (as [`pieces`]): 1 + the nonzero output weights.
    pub fn pieces(&self) -> usize {
        1 + self.out.iter().filter(|v| !v.is_zero()).count()
    }
}

/// [`paper`] in `SmallQ` (the same formulas, so the same exact values): `c` the sorted
/// projections, `v` the sorted targets, `in_t` membership in T in sorted order. `None` if some
/// value leaves `SmallQ`'s range (then [`paper`] does it in malachite). Compared with [`paper`]
/// for every T of small K in the tests.
pub fn paper_small(c: &[SmallQ], v: &[SmallQ], in_t: &[bool]) -> Option<PaperSmall> {
    let j = j_positions(in_t);
    let mut slopes = Vec::with_capacity(j.len());
    for pair in j.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        slopes.push(if v[b] == v[a] {
            SmallQ::ZERO
        } else {
            v[b].checked_add(v[a].negated())?.checked_div(c[b].checked_add(c[a].negated())?)?
        });
    }
    let mut out = Vec::with_capacity(slopes.len());
    for k in 0..slopes.len() {
        out.push(if k == 0 {
            slopes[0]
        } else if slopes[k] == slopes[k - 1] {
            SmallQ::ZERO
        } else {
            slopes[k].checked_add(slopes[k - 1].negated())?
        });
    }
    let mut kinks = j;
    let first = *kinks.first()?;
    kinks.pop();
    Some(PaperSmall { kinks, out, out_bias: v[first] })
}

/// [`paper_small`] for every T of one instance, with the secant slopes precomputed: for sorted
/// positions a < b and each of the four memberships (a ∈ T, b ∈ T), the slope between (c_a, v_a)
/// and (c_b, v_b), where v_r is the base value of r if r ∈ T and 0 otherwise. A sweep then spends
/// one `SmallQ` subtraction per neuron (the jump of the output weight) instead of three
/// operations per slope. The same values as [`paper_small`] (`paper_small_matches_paper`, every T of K ≤ 9).
pub struct PaperTable {
    k: usize,
    /// `slopes[(a·K + b)·4 + 2·[a ∈ T] + [b ∈ T]]` for a < b (other entries unused).
    slopes: Vec<SmallQ>,
    values: Vec<SmallQ>,
}

impl PaperTable {
    /// `c` the sorted projections, `values` the base values in sorted order; `None` if a slope
    /// leaves `SmallQ`'s range (then the caller uses [`paper_small`]).
    pub fn new(c: &[SmallQ], values: &[SmallQ]) -> Option<PaperTable> {
        let k = c.len();
        let mut slopes = vec![SmallQ::ZERO; k.checked_mul(k)?.checked_mul(4)?];
        for a in 0..k {
            for b in a + 1..k {
                for (m, (ta, tb)) in
                    [(false, false), (false, true), (true, false), (true, true)].into_iter().enumerate()
                {
                    let va = if ta { values[a] } else { SmallQ::ZERO };
                    let vb = if tb { values[b] } else { SmallQ::ZERO };
                    slopes[(a * k + b) * 4 + m] = if vb == va {
                        SmallQ::ZERO
                    } else {
                        vb.checked_add(va.negated())?.checked_div(c[b].checked_add(c[a].negated())?)?
                    };
                }
            }
        }
        Some(PaperTable { k, slopes, values: values.to_vec() })
    }

    /// The network of T given by `in_t` (sorted order), as [`paper_small`] on this instance.
    pub fn network(&self, in_t: &[bool]) -> Option<PaperSmall> {
        if in_t.len() != self.k {
            return None;
        }
        let j = j_positions(in_t);
        let slope = |a: usize, b: usize| {
            self.slopes[(a * self.k + b) * 4 + 2 * usize::from(in_t[a]) + usize::from(in_t[b])]
        };
        let mut out = Vec::with_capacity(j.len().saturating_sub(1));
        let mut prev = SmallQ::ZERO;
        for (i, pair) in j.windows(2).enumerate() {
            let s = slope(pair[0], pair[1]);
            out.push(if i == 0 {
                s
            } else if s == prev {
                SmallQ::ZERO
            } else {
                s.checked_add(prev.negated())?
            });
            prev = s;
        }
        let mut kinks = j;
        let first = *kinks.first()?;
        kinks.pop();
        let out_bias = if in_t[first] { self.values[first] } else { SmallQ::ZERO };
        Some(PaperSmall { kinks, out, out_bias })
    }
}

/// The pieces of a [`paper`] or [`tight`] network along the projection line (origin 0,
/// direction a ≠ 0): every hidden neuron is relu(±(a·x − w_k)) with pairwise-distinct w_k (distinct
/// projections), so its kink s = w_k/(a·a) is its own and changes the slope by |v_k|·(a·a), where
/// v_k is its output weight: pieces = 1 + #{k : v_k ≠ 0}. Tests compare with
/// [`Network::pieces_along`] for every T of small K (and the checker recounts every certificate).
pub fn pieces(network: &Network) -> usize {
    1 + network.layers[1].weights[0].iter().filter(|v| **v != 0).count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::construct::ConstructionId;
    use crate::rational::frac;

    /// The paper's Figure 4 instance in d = 1 (constructions.md §5).
    fn fig4() -> Instance {
        let mut targets = vec![int(0); 14];
        targets[3] = int(1);
        targets[6] = int(-2);
        targets[8] = int(3);
        targets[13] = frac(1, 2);
        Instance { points: (1..=14).map(|i| vec![int(i)]).collect(), targets, t: vec![4, 7, 9, 14] }
    }

    #[test]
    fn figure_4_paper_network_matches_the_spec() {
        let inst = fig4();
        let proj = Projection::of(&inst.points);
        let in_t = proj.sorted_in_t(&inst);
        let j: Vec<usize> = j_positions(&in_t).iter().map(|r| r + 1).collect();
        assert_eq!(j, vec![1, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14]);
        let net = paper(&inst, &proj);
        assert_eq!(net.neurons(), 10);
        let biases: Vec<Q> = [1, 3, 4, 5, 6, 7, 8, 9, 10, 13].iter().map(|&b| int(-b)).collect();
        assert_eq!(net.layers[0].biases, biases);
        let out: Vec<Q> =
            vec![int(0), int(1), int(-2), int(1), int(-2), int(4), int(1), int(-6), int(3), frac(1, 2)];
        assert_eq!(net.layers[1].weights[0], out);
        assert_eq!(net.layers[1].biases[0], 0);
        for (x, z) in inst.points.iter().zip(&inst.targets) {
            assert_eq!(&net.eval(x), z);
        }
    }

    #[test]
    fn tight_network_fits_and_saves_neurons() {
        let inst = fig4();
        let built = ConstructionId::TwoLayerTight.build(&inst).unwrap();
        for (x, z) in inst.points.iter().zip(&inst.targets) {
            assert_eq!(&built.network.eval(x), z);
        }
        // Flat left end (block {1,2,3}); the paper's zero-weight first neuron is gone.
        assert_eq!(built.network.neurons(), 9);
        assert_eq!(built.pieces, 10);
    }

    /// The direct piece count agrees with the general one for every T, K ≤ 8, d ≤ 3, 3 seeds.
    #[test]
    fn direct_pieces_match_pieces_along() {
        use crate::instance::generated;
        use crate::network::Line;
        for k in 3..=8 {
            for d in 1..=3 {
                for seed in 0..3 {
                    let base = generated(k, d, seed);
                    let proj = Projection::of(&base.points);
                    let line = Line { origin: vec![int(0); d], direction: proj.a.clone() };
                    for mask in 0u32..1 << k {
                        let t = crate::instance::t_of_mask(k, mask);
                        let inst = base.with_t(&t);
                        for net in [paper(&inst, &proj), tight(&inst, &proj)] {
                            assert_eq!(pieces(&net), net.pieces_along(&line), "K={k} d={d} T={t:?}");
                        }
                    }
                }
            }
        }
    }

    /// `paper_small` gives the `paper` network exactly, and `PaperTable` gives `paper_small`'s:
    /// every T of K ≤ 9, d ≤ 3, two seeds.
    #[test]
    fn paper_small_matches_paper() {
        use crate::instance::generated;
        let mut compared = 0;
        for k in 2..=9 {
            for d in 1..=3 {
                for seed in 0..2 {
                    let base = generated(k, d, seed);
                    let proj = Projection::of(&base.points);
                    let c: Vec<SmallQ> = proj.c.iter().map(|x| SmallQ::from_q(x).unwrap()).collect();
                    let values: Vec<SmallQ> =
                        proj.order.iter().map(|&i| SmallQ::from_q(&base.values[i]).unwrap()).collect();
                    let table = PaperTable::new(&c, &values).expect("small values");
                    for mask in 0u32..1 << k {
                        let t = crate::instance::t_of_mask(k, mask);
                        let inst = base.with_t(&t);
                        let in_t = proj.sorted_in_t(&inst);
                        let v: Vec<SmallQ> =
                            proj.sorted_targets(&inst).iter().map(|x| SmallQ::from_q(x).unwrap()).collect();
                        let small = paper_small(&c, &v, &in_t).expect("small values");
                        assert_eq!(table.network(&in_t).as_ref(), Some(&small), "K={k} T={t:?}");
                        let net = paper(&inst, &proj);
                        let hidden = &net.layers[0];
                        assert_eq!(hidden.weights.len(), small.kinks.len(), "K={k} T={t:?}");
                        for (row, (w, b)) in hidden.weights.iter().zip(&hidden.biases).enumerate() {
                            assert_eq!(w, &proj.a);
                            assert_eq!(*b, -proj.c[small.kinks[row]].clone());
                        }
                        let out: Vec<Q> = small.out.iter().map(|x| x.to_q()).collect();
                        assert_eq!(net.layers[1].weights[0], out, "K={k} T={t:?}");
                        assert_eq!(net.layers[1].biases[0], small.out_bias.to_q());
                        assert_eq!(small.pieces(), pieces(&net));
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 5_000, "{compared}");
        // Out of SmallQ's range: refused, not wrong.
        let big = SmallQ::from_i128(1 << 62).unwrap();
        let c = [SmallQ::ZERO, SmallQ::from_int(1), SmallQ::from_int(2)];
        assert_eq!(paper_small(&c, &[big, big.negated(), SmallQ::ZERO], &[true, true, false]), None);
    }

    #[test]
    fn empty_t_gives_the_zero_network() {
        let mut inst = fig4();
        inst.t.clear();
        inst.targets = vec![int(0); 14];
        let tight = ConstructionId::TwoLayerTight.build(&inst).unwrap();
        assert_eq!(tight.network.neurons(), 0);
        assert_eq!(tight.pieces, 1);
        let paper = ConstructionId::TwoLayerPaper.build(&inst).unwrap();
        assert_eq!(paper.network.neurons(), 1);
    }
}
