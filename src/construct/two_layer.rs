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

/// The set J of [`j_positions`] as a bit set: bit r of the result is set iff sorted position r
/// is in J, where bit r of `t` says whether position r is in T (bits from K on are ignored;
/// 1 ≤ K ≤ 64).
pub fn j_mask(t: u64, k: usize) -> u64 {
    let full = if k == 64 { u64::MAX } else { (1u64 << k) - 1 };
    let t = t & full;
    (t | t << 1 | t >> 1 | 1 | 1 << (k - 1)) & full
}

/// The largest K for which [`PaperJumps`] is built: its jump table has 8·K³ entries (442 KB of
/// `u32` at K = 24). Beyond, a sweep computes the jumps per T ([`PaperTable::network`]).
pub const JUMPS_MAX_K: usize = 24;

/// The index of 0 in [`PaperJumps::values`]: no other index has the value 0, so an output
/// weight is zero iff its index is `ZERO_INDEX`.
pub const ZERO_INDEX: u32 = 0;

/// A [`PaperJumps`] entry that leaves `SmallQ`'s range (or that no T reads: a, b, c not
/// increasing).
const NO_FIT: u32 = u32::MAX;

/// A [`PaperSmall`] with its kinks as a bit set and every value given by its index in
/// [`PaperJumps::values`]: the network of one T from [`PaperJumps::network`], written by
/// `certificate::PaperWriter::write_indexed` from precomputed texts. A sweep reuses one for
/// every T (its vector is cleared, not freed).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PaperIndexed {
    /// The J positions (sorted order) but the last, as in [`PaperSmall`]: bit r set iff there is
    /// a neuron relu(a·x − c_r); the neurons are in increasing r.
    pub kinks: u64,
    /// The output weights' indices.
    pub out: Vec<u32>,
    /// The output bias's index.
    pub out_bias: u32,
}

impl PaperIndexed {
    /// The piece count: 1 + the nonzero output weights (as [`PaperSmall::pieces`]).
    pub fn pieces(&self) -> usize {
        1 + self.out.iter().filter(|&&i| i != ZERO_INDEX).count()
    }

    /// The same network with its values looked up in `values` (those of the [`PaperJumps`] that
    /// built it).
    pub fn to_small(&self, values: &[SmallQ]) -> PaperSmall {
        let value = |i: u32| values[i as usize];
        PaperSmall {
            kinks: (0..64).filter(|r| self.kinks >> r & 1 == 1).collect(),
            out: self.out.iter().map(|&i| value(i)).collect(),
            out_bias: value(self.out_bias),
        }
    }
}

/// Distinct `SmallQ` values in order of first appearance, each with its index.
struct Dictionary {
    values: Vec<SmallQ>,
    index: std::collections::HashMap<SmallQ, u32>,
}

impl Dictionary {
    /// The dictionary holding 0 alone, at [`ZERO_INDEX`].
    fn new() -> Dictionary {
        let mut dictionary = Dictionary { values: Vec::new(), index: std::collections::HashMap::new() };
        dictionary.intern(SmallQ::ZERO);
        dictionary
    }

    /// The index of `q`, added if new.
    fn intern(&mut self, q: SmallQ) -> u32 {
        *self.index.entry(q).or_insert_with(|| {
            self.values.push(q);
            u32::try_from(self.values.len() - 1).expect("fewer than 2^32 values")
        })
    }
}

/// Every value that a [`PaperTable::network`] of the instance can hold, precomputed once per K,
/// so that a T costs no `SmallQ` arithmetic: [`PaperJumps::network`] only looks up indices.
///
/// For consecutive J positions a < b < c, the output weight of the neuron at b is the jump
/// s(b, c) − s(a, b) of the secant slopes, and each slope depends on its two positions and their
/// memberships only; so the jump depends on (a, b, c, [a ∈ T], [b ∈ T], [c ∈ T]) only. The first
/// neuron's weight is the slope s(0, b) to the second J position b, and the output bias is the
/// value at position 0 or 0. Every entry is computed from [`PaperTable`]'s exact slopes by
/// `paper_small`'s formulas (0 for equal slopes, else the exact `SmallQ` difference), so the
/// network is exactly [`PaperTable::network`]'s; an entry whose difference leaves `SmallQ`'s
/// range is marked, and a T that reads it gets `None` (then the caller takes
/// [`PaperTable::network`]'s path, which refuses it too, and falls back to malachite).
/// Compared with [`PaperTable::network`] for every T of K ≤ 10 and random T of K ≤ 24 in the
/// tests (`paper_jumps_match_paper_table`).
pub struct PaperJumps {
    k: usize,
    /// Every distinct value of the tables below, once; `values[ZERO_INDEX]` = 0.
    values: Vec<SmallQ>,
    /// `first[b·4 + 2·[0 ∈ T] + [b ∈ T]]` for 0 < b < K: the index of the slope s(0, b), the
    /// first neuron's output weight when b is the second J position.
    first: Vec<u32>,
    /// `jumps[((a·K + b)·K + c)·8 + 4·[a ∈ T] + 2·[b ∈ T] + [c ∈ T]]` for a < b < c: the index
    /// of s(b, c) − s(a, b) (0 if the slopes are equal), or `NO_FIT` if it leaves the range.
    jumps: Vec<u32>,
    /// The index of the base value at sorted position 0 (the output bias when 0 ∈ T).
    bias: u32,
}

impl PaperJumps {
    /// The tables for `table`'s instance; `None` if K is 0 or above [`JUMPS_MAX_K`].
    pub fn new(table: &PaperTable) -> Option<PaperJumps> {
        let k = table.k;
        if k == 0 || k > JUMPS_MAX_K {
            return None;
        }
        let mut dictionary = Dictionary::new();
        // Slots (a·K + b)·4 + m of the slope table with a = 0 are b·4 + m.
        let first =
            (0..k * 4).map(|i| if i < 4 { NO_FIT } else { dictionary.intern(table.slopes[i]) }).collect();
        let slope = |a: usize, b: usize, m: usize| table.slopes[(a * k + b) * 4 + m];
        let mut jumps = vec![NO_FIT; k * k * k * 8];
        for a in 0..k {
            for b in a + 1..k {
                for c in b + 1..k {
                    for m in 0..8 {
                        // m = 4·[a ∈ T] + 2·[b ∈ T] + [c ∈ T].
                        let (before, after) = (slope(a, b, m >> 1), slope(b, c, m & 3));
                        let jump = if after == before {
                            Some(SmallQ::ZERO)
                        } else {
                            after.checked_add(before.negated())
                        };
                        if let Some(q) = jump {
                            jumps[((a * k + b) * k + c) * 8 + m] = dictionary.intern(q);
                        }
                    }
                }
            }
        }
        let bias = dictionary.intern(table.values[0]);
        Some(PaperJumps { k, values: dictionary.values, first, jumps, bias })
    }

    /// Every value the networks refer to, by index (`values()[ZERO_INDEX]` is 0).
    pub fn values(&self) -> &[SmallQ] {
        &self.values
    }

    /// The network of T into `net` (its previous contents replaced), where bit r of `t` says
    /// whether sorted position r is in T (bits from K on ignored): [`PaperTable::network`] with
    /// indices for values. `None` if one of its output weights leaves `SmallQ`'s range.
    pub fn network(&self, t: u64, net: &mut PaperIndexed) -> Option<()> {
        let k = self.k;
        net.out.clear();
        let bit = |r: usize| (t >> r & 1) as usize;
        net.out_bias = if bit(0) == 1 { self.bias } else { ZERO_INDEX };
        // The kinks are J but its last position, K − 1.
        let j = j_mask(t, k);
        net.kinks = j & !(1 << (k - 1));
        // J without position 0 (always in J), lowest first.
        let mut rest = j & !1;
        if rest == 0 {
            return Some(()); // K = 1: no neuron.
        }
        let (mut a, mut b) = (0, rest.trailing_zeros() as usize);
        net.out.push(self.first[b * 4 + 2 * bit(0) + bit(b)]);
        rest &= rest - 1;
        while rest != 0 {
            let c = rest.trailing_zeros() as usize;
            let jump = self.jumps[((a * k + b) * k + c) * 8 + 4 * bit(a) + 2 * bit(b) + bit(c)];
            if jump == NO_FIT {
                return None;
            }
            net.out.push(jump);
            (a, b) = (b, c);
            rest &= rest - 1;
        }
        Some(())
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

    /// A small xorshift for random sets T (deterministic).
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// The `SmallQ` projections and sorted base values of `base`, its table and its jumps.
    fn small_tables(
        base: &crate::instance::BaseInstance,
        proj: &Projection,
    ) -> (Vec<SmallQ>, Vec<SmallQ>, PaperTable, PaperJumps) {
        let c: Vec<SmallQ> = proj.c.iter().map(|x| SmallQ::from_q(x).unwrap()).collect();
        let values: Vec<SmallQ> =
            proj.order.iter().map(|&i| SmallQ::from_q(&base.values[i]).unwrap()).collect();
        let table = PaperTable::new(&c, &values).expect("small values");
        let jumps = PaperJumps::new(&table).expect("K ≤ JUMPS_MAX_K");
        (c, values, table, jumps)
    }

    /// `PaperJumps::network` gives `PaperTable::network`'s network (and `paper_small`'s) with
    /// its values by index, the same pieces, and the J set and sorted mask of `j_positions` and
    /// `sorted_in_t` (also by `MaskSorter`): every T of K ≤ 10 (d ≤ 3, two seeds, `generated` and `gaussian` points),
    /// 300 random T of each K = 11..=24. One `PaperIndexed` is reused throughout, as in a sweep.
    #[test]
    fn paper_jumps_match_paper_table() {
        use crate::instance::{gaussian, generated};
        let mut net = PaperIndexed::default();
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut compared = 0;
        for k in 1..=JUMPS_MAX_K {
            for d in 1..=3 {
                for seed in 0..2 {
                    for base in [generated(k, d, seed), gaussian(k, d, seed)] {
                        let proj = Projection::of(&base.points);
                        let (c, _, table, jumps) = small_tables(&base, &proj);
                        let sorter = crate::instance::MaskSorter::new(&proj);
                        assert_eq!(jumps.values()[ZERO_INDEX as usize], SmallQ::ZERO);
                        let masks: Vec<u64> = if k <= 10 {
                            (0..1u64 << k).collect()
                        } else {
                            (0..300).map(|_| xorshift(&mut state) & ((1 << k) - 1)).collect()
                        };
                        for mask in masks {
                            let t = crate::instance::t_of_mask(k, mask);
                            let inst = base.with_t(&t);
                            let in_t = proj.sorted_in_t(&inst);
                            let sorted = proj.sorted_mask(mask);
                            assert_eq!(sorter.sort(mask), sorted);
                            assert_eq!((0..k).map(|r| sorted >> r & 1 == 1).collect::<Vec<_>>(), in_t);
                            let j = j_mask(sorted, k);
                            assert_eq!(
                                (0..k).filter(|r| j >> r & 1 == 1).collect::<Vec<_>>(),
                                j_positions(&in_t)
                            );
                            let expected = table.network(&in_t).expect("small values");
                            jumps.network(sorted, &mut net).expect("small values");
                            assert_eq!(net.to_small(jumps.values()), expected, "K={k} d={d} T={t:?}");
                            assert_eq!(net.pieces(), expected.pieces(), "K={k} d={d} T={t:?}");
                            if k <= 10 {
                                let v: Vec<SmallQ> = proj
                                    .sorted_targets(&inst)
                                    .iter()
                                    .map(|x| SmallQ::from_q(x).unwrap())
                                    .collect();
                                assert_eq!(paper_small(&c, &v, &in_t), Some(expected));
                            }
                            compared += 1;
                        }
                    }
                }
            }
        }
        assert!(compared > 50_000, "{compared}");
        // Bits from K on are ignored, and past JUMPS_MAX_K there are no jumps.
        let base = generated(5, 2, 0);
        let proj = Projection::of(&base.points);
        let (_, _, _, jumps) = small_tables(&base, &proj);
        let mut high = PaperIndexed::default();
        jumps.network(0b10110 | 1 << 40, &mut high).unwrap();
        jumps.network(0b10110, &mut net).unwrap();
        assert_eq!(high, net);
        let big = generated(JUMPS_MAX_K + 1, 2, 0);
        let proj = Projection::of(&big.points);
        let c: Vec<SmallQ> = proj.c.iter().map(|x| SmallQ::from_q(x).unwrap()).collect();
        let values: Vec<SmallQ> =
            proj.order.iter().map(|&i| SmallQ::from_q(&big.values[i]).unwrap()).collect();
        assert!(PaperJumps::new(&PaperTable::new(&c, &values).unwrap()).is_none());
    }

    /// A jump that leaves `SmallQ`'s range although both slopes fit: the T that need it get
    /// `None` from `PaperJumps::network` (as from `PaperTable::network` and `paper_small`), the
    /// others their network.
    #[test]
    fn paper_jumps_refuse_a_jump_out_of_range() {
        let big = SmallQ::from_i128(1 << 62).unwrap();
        let c = [SmallQ::ZERO, SmallQ::from_int(1), SmallQ::from_int(2)];
        let values = [big, SmallQ::ZERO, big];
        let table = PaperTable::new(&c, &values).expect("every slope fits");
        let jumps = PaperJumps::new(&table).unwrap();
        let mut net = PaperIndexed::default();
        let mut refused = 0;
        for t in 0u64..8 {
            let in_t: Vec<bool> = (0..3).map(|r| t >> r & 1 == 1).collect();
            let v: Vec<SmallQ> = (0..3).map(|r| if in_t[r] { values[r] } else { SmallQ::ZERO }).collect();
            let expected = table.network(&in_t);
            assert_eq!(paper_small(&c, &v, &in_t), expected, "T={t:03b}");
            match jumps.network(t, &mut net) {
                Some(()) => assert_eq!(Some(net.to_small(jumps.values())), expected, "T={t:03b}"),
                None => {
                    assert_eq!(expected, None, "T={t:03b}");
                    refused += 1;
                }
            }
        }
        // Positions 0 and 2 in T: slopes −2^62 and 2^62, the jump 2^63 does not fit.
        assert_eq!(refused, 2);
        assert!(jumps.network(0b101, &mut net).is_none());
        assert!(jumps.network(0b001, &mut net).is_some());
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
