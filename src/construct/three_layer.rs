//! Three-layer constructions (two hidden ReLU layers) of Theorem 5.1 and Appendix A, following
//! spec constructions.md §3.2–§3.5, plus the lift of the best 2-layer network.
//!
//! Every construction is stated with auxiliary activations (hard-tanh, tent, σ_B, σ*) and
//! compiled to pure ReLU neurons ([`groups::compile`]). Targets are scaled by
//! Z = max(1, max_{i∈T} |z_i|) (spec §1.3). All arithmetic is exact.

use super::groups::{self, anchor, Act, AuxLayer, Groups, Push};
use super::two_layer;
use super::ConstructionId;
use crate::instance::{Instance, Projection};
use crate::network::{Layer, Network};
use crate::rational::{int, Q};

/// The paper's real-valued bound that a 3-layer construction is compared with (Theorem 5.1,
/// Appendix A). The comparison m ≤ bound is decided with integers only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PaperBound {
    /// 4√K (U1).
    FourSqrtK,
    /// 2√K + 3N (U2).
    TwoSqrtKPlusThreeN,
    /// 6√(3N + 2) (U3).
    SixSqrtThreeNPlusTwo,
    /// 4N + 4 (Appendix A).
    FourNPlusFour,
}

impl PaperBound {
    /// The id written in `claims.paper_bound`.
    pub fn id(self) -> &'static str {
        match self {
            PaperBound::FourSqrtK => "4*sqrt(K)",
            PaperBound::TwoSqrtKPlusThreeN => "2*sqrt(K)+3*N",
            PaperBound::SixSqrtThreeNPlusTwo => "6*sqrt(3*N+2)",
            PaperBound::FourNPlusFour => "4*N+4",
        }
    }

    /// m ≤ bound(K, N), exactly: m ≤ c·√n ⟺ m² ≤ c²·n; m ≤ 2√K + 3N ⟺ m ≤ 3N or (m − 3N)² ≤ 4K.
    pub fn meets(self, m: usize, k: usize, n: usize) -> bool {
        let (m, k, n) = (m as u128, k as u128, n as u128);
        match self {
            PaperBound::FourSqrtK => m * m <= 16 * k,
            PaperBound::TwoSqrtKPlusThreeN => m <= 3 * n || (m - 3 * n) * (m - 3 * n) <= 4 * k,
            PaperBound::SixSqrtThreeNPlusTwo => m * m <= 36 * (3 * n + 2),
            PaperBound::FourNPlusFour => m <= 4 * n + 4,
        }
    }

    /// ⌊200 · bound(K, N)⌋, computed with integer square roots (for reports).
    fn two_hundredths(self, k: usize, n: usize) -> u128 {
        let (k, n) = (k as u128, n as u128);
        match self {
            PaperBound::FourSqrtK => isqrt(640_000 * k),
            PaperBound::TwoSqrtKPlusThreeN => isqrt(160_000 * k) + 600 * n,
            PaperBound::SixSqrtThreeNPlusTwo => isqrt(1_440_000 * (3 * n + 2)),
            PaperBound::FourNPlusFour => 200 * (4 * n + 4),
        }
    }

    /// The bound rounded to the nearest hundredth, e.g. `6.93` for 4√3 (integer arithmetic:
    /// ⌊100x + 1/2⌋ = ⌊(⌊200x⌋ + 1)/2⌋).
    pub fn display(self, k: usize, n: usize) -> String {
        hundredths_text(self.two_hundredths(k, n).div_ceil(2))
    }
}

/// `h` hundredths as `h/100` with two decimals.
pub fn hundredths_text(h: u128) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// ⌊√x⌋.
fn isqrt(x: u128) -> u128 {
    if x < 2 {
        return x;
    }
    let mut r = x.isqrt();
    while r * r > x {
        r -= 1;
    }
    while (r + 1) * (r + 1) <= x {
        r += 1;
    }
    r
}

/// ⌈√n⌉.
pub fn ceil_sqrt(n: usize) -> usize {
    let r = isqrt(n as u128) as usize;
    if r * r == n {
        r
    } else {
        r + 1
    }
}

/// The paper's rounding for n anchors: (p, q, p') with p = ⌈√n⌉ groups of q = ⌈n/p⌉ consecutive
/// anchors, of which p' = ⌈n/q⌉ are nonempty (all zero for n = 0).
pub fn rounding(n: usize) -> (usize, usize, usize) {
    if n == 0 {
        return (0, 0, 0);
    }
    let p = ceil_sqrt(n);
    let q = n.div_ceil(p);
    (p, q, n.div_ceil(q))
}

/// e(n) of the edge saving: 2 if n ≥ 2, 1 if n = 1 (0 if n = 0).
pub fn edge(n: usize) -> usize {
    n.min(2)
}

/// U1 count at K: 2p' + 2q, or 2p' + 2q − e(p') − e(q) with edge saving.
pub fn u1_count(k: usize, edge_saving: bool) -> usize {
    let (_, q, p1) = rounding(k);
    let full = 2 * p1 + 2 * q;
    if edge_saving {
        full - edge(p1) - edge(q)
    } else {
        full
    }
}

/// U3 count for n anchors: 2p' + 4q (0 for n = 0).
pub fn u3_count(n: usize) -> usize {
    let (_, q, p1) = rounding(n);
    2 * p1 + 4 * q
}

/// `three-layer-u3` bound at (K, N): the largest U3 count over |J| ≤ min(3N + 2, K) (Lemma 4.7),
/// hence valid for every T with |T| = N; the maximum of |J| over such T is exactly
/// min(3N + 2, K).
pub fn u3_bound(k: usize, n: usize) -> usize {
    (1..=(3 * n + 2).min(k)).map(u3_count).max().unwrap_or(0)
}

/// `three-layer-appendix-a` bound at (K, N): 2·#groups + 2 with the largest number of nonempty
/// groups over T with |T| = N, N + min(N + 1, K − N) (≤ 2N + 1, so the bound is ≤ 4N + 4).
pub fn appendix_a_bound(k: usize, n: usize) -> usize {
    2 * (n + (n + 1).min(k - n)) + 2
}

/// The 3-layer constructions' `claims.bound` at (K, N).
pub fn bound(id: ConstructionId, k: usize, n: usize) -> usize {
    match id {
        ConstructionId::ThreeLayerU1 => u1_count(k, false),
        ConstructionId::ThreeLayerU1Edge => u1_count(k, true),
        ConstructionId::ThreeLayerU2 => 2 * rounding(k).2 + 3 * n,
        ConstructionId::ThreeLayerU3 => u3_bound(k, n),
        ConstructionId::ThreeLayerU3T => u3_count(n),
        ConstructionId::ThreeLayerAppendixA => appendix_a_bound(k, n),
        ConstructionId::ThreeLayerLift => lift_base().bound(k, n) + 1,
        other => unreachable!("{} is not a 3-layer construction", other.name()),
    }
}

/// The paper bound a 3-layer construction is compared with (none for the lift).
pub fn paper_bound(id: ConstructionId) -> Option<PaperBound> {
    match id {
        ConstructionId::ThreeLayerU1 | ConstructionId::ThreeLayerU1Edge => Some(PaperBound::FourSqrtK),
        ConstructionId::ThreeLayerU2 => Some(PaperBound::TwoSqrtKPlusThreeN),
        ConstructionId::ThreeLayerU3 | ConstructionId::ThreeLayerU3T => {
            Some(PaperBound::SixSqrtThreeNPlusTwo)
        }
        ConstructionId::ThreeLayerAppendixA => Some(PaperBound::FourNPlusFour),
        _ => None,
    }
}

/// Builds a 3-layer construction.
pub fn build(id: ConstructionId, instance: &Instance, projection: &Projection) -> Network {
    let data = Data::new(instance, projection);
    match id {
        ConstructionId::ThreeLayerU1 => u1(&data, false),
        ConstructionId::ThreeLayerU1Edge => u1(&data, true),
        ConstructionId::ThreeLayerU2 => u2(&data),
        ConstructionId::ThreeLayerU3 => {
            let j = two_layer::j_positions(&data.in_t);
            u3(&data, &j)
        }
        ConstructionId::ThreeLayerU3T => {
            let t: Vec<usize> = (0..data.k()).filter(|&r| data.in_t[r]).collect();
            u3(&data, &t)
        }
        ConstructionId::ThreeLayerAppendixA => appendix_a(&data),
        ConstructionId::ThreeLayerLift => lift(instance, projection),
        other => unreachable!("{} is not a 3-layer construction", other.name()),
    }
}

/// The instance in sorted order: projections, targets, membership in T, Z and τ = z/Z.
struct Data<'a> {
    a: &'a [Q],
    c: &'a [Q],
    z: Vec<Q>,
    in_t: Vec<bool>,
    big_z: Q,
    tau: Vec<Q>,
}

impl<'a> Data<'a> {
    fn new(instance: &Instance, projection: &'a Projection) -> Data<'a> {
        let z = projection.sorted_targets(instance);
        let in_t = projection.sorted_in_t(instance);
        let mut big_z = int(1);
        for zi in &z {
            let abs = if *zi < 0 { -zi } else { zi.clone() };
            if abs > big_z {
                big_z = abs;
            }
        }
        let tau = z.iter().map(|zi| zi / &big_z).collect();
        Data { a: &projection.a, c: &projection.c, z, in_t, big_z, tau }
    }

    fn k(&self) -> usize {
        self.c.len()
    }
}

/// Consecutive chunks of `q` anchors.
fn chunks(anchors: &[usize], q: usize) -> Vec<Vec<usize>> {
    anchors.chunks(q).map(<[usize]>::to_vec).collect()
}

/// The representatives of layer-2 neuron k (spec §3.2, §3.4): in every group the k-th point in
/// β-order with target `hit(point)`, or, in a group with fewer than k points, `short(β-order)`.
fn kth_representatives(
    groups: &Groups,
    k: usize,
    hit: impl Fn(usize) -> Q,
    short: impl Fn(&[usize]) -> (usize, Q),
) -> (Vec<usize>, Vec<Q>) {
    (0..groups.len())
        .map(|j| {
            let order = groups.beta_order(j);
            match order.get(k - 1) {
                Some(&i) => (i, hit(i)),
                None => short(&order),
            }
        })
        .unzip()
}

/// `three-layer-u1` / `three-layer-u1-edge`: Yun et al. Thm 3.1 as used in FTC Theorem 5.1
/// (Fig. 6), full memorisation with two hard-tanh layers (spec §3.2).
///
/// Anchors = [K], p = ⌈√K⌉ groups of q = ⌈K/p⌉ consecutive points (p' nonempty), q hard-tanh
/// neurons in layer 2 with rule (HT) and g = Z(Σ_k (−1)^k σ_H(α_k) + [q even]).
/// Paper-faithful count 2p' + 2q (= 4√K for square K, more otherwise: FLAG F2); with the edge
/// saving 2p' + 2q − e(p') − e(q) < 4√K for every K ≥ 2.
fn u1(data: &Data<'_>, edge_saving: bool) -> Network {
    let all: Vec<usize> = (0..data.k()).collect();
    let (_, q, _) = rounding(data.k());
    let groups = Groups::new(data.c, chunks(&all, q));
    let layer1 = groups.layer(data.a, edge_saving);
    let mut layer2 = AuxLayer::default();
    let mut out = Vec::with_capacity(q);
    for k in 1..=q {
        let sign = if k.is_multiple_of(2) { int(1) } else { int(-1) };
        // A group with fewer than k points offers its last one, pushed to −1.
        let (reps, targets) = kth_representatives(
            &groups,
            k,
            |i| &sign * &data.tau[i],
            |order| (*order.last().expect("nonempty"), int(-1)),
        );
        // U1-edge asks for the same anchors right after U1 (capacity: one T's q neurons).
        let (w, w0) = groups::anchor_weights(data.c, &groups, &reps, &targets, Push::HardTanh, q);
        let act = if !edge_saving {
            Act::HardTanh
        } else if k == 1 {
            Act::HardTanhAboveMinusOne
        } else if k == q {
            Act::HardTanhBelowOne
        } else {
            Act::HardTanh
        };
        layer2.push(w, w0, act);
        out.push(&sign * &data.big_z);
    }
    let out_bias = if q.is_multiple_of(2) { data.big_z.clone() } else { int(0) };
    groups::compile(&[layer1, layer2], &out, &out_bias)
}

/// `three-layer-u2`: FTC Theorem 5.1, 2√K + 3N (Fig. 7; spec §3.3).
///
/// Layer 1 as in U1 **without** edge saving (paper-faithful); one tent neuron per i ∈ T with
/// x_i at α = 0 in its group and the first point (in β-order) of every other group at α = 1, rule
/// (|1|); g = Σ_{i∈T} z_i · tent(α_i). Count 2p' + 3N (FLAG F3: 3N + 1 is always possible).
fn u2(data: &Data<'_>) -> Network {
    let all: Vec<usize> = (0..data.k()).collect();
    let (_, q, _) = rounding(data.k());
    let groups = Groups::new(data.c, chunks(&all, q));
    let layer1 = groups.layer(data.a, false);
    let mut layer2 = AuxLayer::default();
    let mut out = Vec::new();
    for i in (0..data.k()).filter(|&r| data.in_t[r]) {
        let own = groups.effective[i];
        let mut reps = Vec::new();
        let mut targets = Vec::new();
        for j in 0..groups.len() {
            if j == own {
                reps.push(i);
                targets.push(int(0));
            } else {
                reps.push(groups.beta_order(j)[0]);
                targets.push(int(1));
            }
        }
        // The neuron of point i does not depend on T: one answer per point is kept.
        let (w, w0) = groups::anchor_weights(data.c, &groups, &reps, &targets, Push::Abs1, data.k());
        layer2.push(w, w0, Act::Tent);
        out.push(data.z[i].clone());
    }
    groups::compile(&[layer1, layer2], &out, &int(0))
}

/// `three-layer-u3` (anchors = J) and `three-layer-u3-t` (anchors = T): FTC Theorem 5.1,
/// 6√(3N + 2) (Fig. 8; spec §3.4).
///
/// p = ⌈√n⌉ groups of q = ⌈n/p⌉ consecutive anchors (n = |J| or N), q σ_B neurons in layer 2,
/// rule (|2|) over all K points, g = Z Σ_k σ_B(α_k). Count 2p' + 4q (paper-faithful layer 1).
/// With anchors = J the paper's rounding exceeds 6√(3N + 2) for many N (FLAG F4); with anchors
/// = T the count is ≤ 6⌈√N⌉ ≤ 6√(3N + 2). With no anchors (U3-T at N = 0) the network is the
/// zero network with two empty hidden layers (widths [0, 0], 0 neurons, g ≡ 0).
fn u3(data: &Data<'_>, anchors: &[usize]) -> Network {
    if anchors.is_empty() {
        let empty = Layer::default();
        return Network {
            layers: vec![empty.clone(), empty, Layer { weights: vec![Vec::new()], biases: vec![int(0)] }],
        };
    }
    let (_, q, _) = rounding(anchors.len());
    let groups = Groups::new(data.c, chunks(anchors, q));
    let layer1 = groups.layer(data.a, false);
    let mut layer2 = AuxLayer::default();
    for k in 1..=q {
        // A group with fewer than k points offers its first one at t = 2, where σ_B is 0.
        let (reps, targets) =
            kth_representatives(&groups, k, |i| data.tau[i].clone(), |order| (order[0], int(2)));
        let neuron = anchor(&groups, &reps, &targets, Push::Abs2);
        layer2.push(neuron.w, neuron.w0, Act::SigmaB);
    }
    let out = vec![data.big_z.clone(); q];
    groups::compile(&[layer1, layer2], &out, &int(0))
}

/// The Appendix A groups (spec §3.5): the nonempty members of [run], {T_1}, [run], …, {T_N},
/// [run] in sorted positions (FLAG F5: empty runs between consecutive T points are dropped too).
pub fn appendix_a_groups(in_t: &[bool]) -> Vec<Vec<usize>> {
    let mut groups = Vec::new();
    let mut run = Vec::new();
    for (r, &t) in in_t.iter().enumerate() {
        if t {
            if !run.is_empty() {
                groups.push(std::mem::take(&mut run));
            }
            groups.push(vec![r]);
        } else {
            run.push(r);
        }
    }
    if !run.is_empty() {
        groups.push(run);
    }
    groups
}

/// `three-layer-appendix-a`: FTC Appendix A (Fig. 10), 4N + 4 (spec §3.5).
///
/// Groups as in [`appendix_a_groups`] with alternating orientation; one layer-2 neuron with the
/// first point (in β-order) of every group as representative, t = 1 − z_i/Z for a T singleton and
/// t = −1 for a run, rule (NEG); g = Z·σ*(α) with σ* = R(t + 1) − 2R(t) instead of the paper's
/// σ_T (FLAG F5b). Count 2·#groups + 2 ≤ 4N + 4.
fn appendix_a(data: &Data<'_>) -> Network {
    let groups = Groups::new(data.c, appendix_a_groups(&data.in_t));
    let layer1 = groups.layer(data.a, false);
    let (reps, targets) = appendix_a_targets(data, &groups);
    let neuron = anchor(&groups, &reps, &targets, Push::Neg);
    let mut layer2 = AuxLayer::default();
    layer2.push(neuron.w, neuron.w0, Act::SigmaStar);
    groups::compile(&[layer1, layer2], std::slice::from_ref(&data.big_z), &int(0))
}

fn appendix_a_targets(data: &Data<'_>, groups: &Groups) -> (Vec<usize>, Vec<Q>) {
    (0..groups.len())
        .map(|j| {
            let rep = groups.beta_order(j)[0];
            let t = if data.in_t[rep] { int(1) - &data.tau[rep] } else { int(-1) };
            (rep, t)
        })
        .unzip()
}

/// The Appendix A layer-1 groups and layer-2 anchor of an instance (for tests and errata).
pub fn appendix_a_parts(instance: &Instance, projection: &Projection) -> (Groups, groups::Anchor) {
    let data = Data::new(instance, projection);
    let groups = Groups::new(data.c, appendix_a_groups(&data.in_t));
    let (reps, targets) = appendix_a_targets(&data, &groups);
    let neuron = anchor(&groups, &reps, &targets, Push::Neg);
    (groups, neuron)
}

/// The 2-layer construction that `three-layer-lift` extends.
pub fn lift_base() -> ConstructionId {
    ConstructionId::TwoLayerOptimal
}

/// `three-layer-lift`: the best 2-layer network g ([`lift_base`]: `two-layer-optimal`, m*(K, N)
/// neurons, spec two-layer-exact.md) followed by one
/// ReLU neuron, relu(g + S) − S with S = max(0, −min_i z_i): on the data g + S = z_i + S ≥ 0,
/// so the output is unchanged. Count m₂ + 1 (the 2-layer bound + 1). No paper bound.
fn lift(instance: &Instance, projection: &Projection) -> Network {
    let base = lift_base().build_projected(instance, projection).network;
    let mut s = int(0);
    for z in &instance.targets {
        if -z > s {
            s = -z;
        }
    }
    let mut layers = base.layers;
    let mut last = layers.pop().expect("output layer");
    last.biases[0] += &s;
    layers.push(last);
    layers.push(Layer { weights: vec![vec![int(1)]], biases: vec![-s] });
    Network { layers }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_paper_bounds() {
        assert!(PaperBound::FourSqrtK.meets(16, 16, 0));
        assert!(!PaperBound::FourSqrtK.meets(17, 16, 0));
        assert!(!PaperBound::FourSqrtK.meets(10, 5, 0)); // 10 > 8.94 (F2)
        assert!(PaperBound::TwoSqrtKPlusThreeN.meets(11, 16, 1));
        assert!(!PaperBound::TwoSqrtKPlusThreeN.meets(12, 16, 1));
        assert!(PaperBound::TwoSqrtKPlusThreeN.meets(3, 16, 1));
        assert!(PaperBound::SixSqrtThreeNPlusTwo.meets(19, 16, 3));
        assert!(!PaperBound::SixSqrtThreeNPlusTwo.meets(20, 16, 3));
        assert!(!PaperBound::SixSqrtThreeNPlusTwo.meets(14, 5, 1)); // 14 > 13.42 (F4)
        assert_eq!(PaperBound::FourSqrtK.display(5, 0), "8.94");
        // Rounded to nearest, not truncated: 4√3 = 6.928…, 6√2 = 8.485…, 2√5 + 3 = 7.472…
        assert_eq!(PaperBound::FourSqrtK.display(3, 0), "6.93");
        assert_eq!(PaperBound::SixSqrtThreeNPlusTwo.display(9, 0), "8.49");
        assert_eq!(PaperBound::TwoSqrtKPlusThreeN.display(5, 1), "7.47");
        assert_eq!(PaperBound::FourNPlusFour.display(5, 1), "8.00");
        assert_eq!(PaperBound::SixSqrtThreeNPlusTwo.display(16, 3), "19.90"); // 19.8997…
        assert_eq!(PaperBound::TwoSqrtKPlusThreeN.display(16, 1), "11.00");
    }

    #[test]
    fn counts() {
        assert_eq!(u1_count(16, false), 16);
        assert_eq!(u1_count(16, true), 12);
        assert_eq!(u3_count(9), 18);
        assert_eq!(u3_count(3), 12);
        assert_eq!(u3_count(0), 0);
        assert_eq!(appendix_a_bound(16, 2), 12);
        assert_eq!(appendix_a_bound(5, 4), 2 * (4 + 1) + 2);
        for k in 2..2000 {
            assert!(u1_count(k, true) <= 4 * ceil_sqrt(k) - 4, "K={k}");
            assert!(PaperBound::FourSqrtK.meets(u1_count(k, true), k, 0), "K={k}");
        }
        for n in 0..2000 {
            assert!(PaperBound::SixSqrtThreeNPlusTwo.meets(u3_count(n), n, n), "N={n}");
        }
    }
}
