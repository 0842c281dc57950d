//! Deep networks (L ≥ 4 layers): Proposition 6.1 / Appendix B of the FTC paper, reconstructed as
//! in spec constructions.md §3.6 (stacking of Yun et al. Fig. 2).
//!
//! B = ⌊(L − 1)/2⌋ blocks. T, in sorted order along the projection, is split into B consecutive
//! parts of sizes ⌈N/B⌉ (first ones) or ⌊N/B⌋; empty parts are dropped. Part b is fine-tuned by
//! a 3-layer block g_b (targets z on T_b, 0 elsewhere), the one of `three-layer-u3-t`,
//! `three-layer-u3`, `three-layer-u1-edge`, `three-layer-u1` with the smallest max(width1,
//! width2) (first in that order on ties). Every block uses the same projection a (its first-layer
//! rows are multiples of a). Block b occupies hidden layers 2b + 1 and 2b + 2 (1-based). Two
//! extra neurons per hidden layer carry the rest:
//!
//! - C = R(a·x − c_1 + 1) (layer 1), then R(C): on data C = a·x − c_1 + 1 ≥ 1, so a later
//!   block's first layer reads a·x = C + c_1 − 1. C is kept only while a later block needs it.
//! - A (from layer 3): A = R(g_1 + S) with S = max(0, −min z); then A = R(A + g_b) in the layer
//!   after block b ends, else R(A). On data the running sum is z_i + S or S ≥ 0, so the ReLU is
//!   the identity there. Output: A − S (+ g_B when the last block ends at layer L − 1).
//!
//! Every hidden layer has width ≤ max_b max(w1_b, w2_b) + 2 ≤ [`width_bound`], which is the
//! certificate's `claims.bound` (a bound on the **max hidden width**, not on the total).

use super::three_layer::{self, rounding};
use super::ConstructionId;
use crate::instance::{Instance, Projection};
use crate::network::{Layer, Network};
use crate::rational::{int, Q};

/// Smallest depth of the deep construction.
pub const MIN_LAYERS: usize = 4;
/// Largest depth with a registered id (`deep-4` … `deep-64`); the checker's layer budget is 64.
pub const MAX_LAYERS: usize = 64;

macro_rules! deep_names {
    ($($l:literal)*) => { [$(concat!("deep-", $l)),*] };
}

/// The certificate ids `deep-4` … `deep-64` (index L − 4).
static NAMES: [&str; MAX_LAYERS - MIN_LAYERS + 1] = deep_names!(
    4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35
    36 37 38 39 40 41 42 43 44 45 46 47 48 49 50 51 52 53 54 55 56 57 58 59 60 61 62 63 64
);

/// The id of the L-layer construction (`deep-L`).
pub fn name(layers: usize) -> &'static str {
    NAMES[layers - MIN_LAYERS]
}

/// The depth named by `deep-L`, if L is in range and written canonically.
pub fn parse_name(name: &str) -> Option<usize> {
    let l: usize = name.strip_prefix("deep-")?.parse().ok()?;
    ((MIN_LAYERS..=MAX_LAYERS).contains(&l) && NAMES[l - MIN_LAYERS] == name).then_some(l)
}

/// B = ⌊(L − 1)/2⌋, the number of 3-layer blocks.
pub fn blocks(layers: usize) -> usize {
    (layers - 1) / 2
}

/// max(width1, width2) of `three-layer-u3-t` on s anchors: max(2p', 4q).
pub fn u3_t_width(s: usize) -> usize {
    let (_, q, p1) = rounding(s);
    (2 * p1).max(4 * q)
}

/// max(width1, width2) of `three-layer-u1-edge` at K: max(2p' − e(p'), 2q − e(q)).
pub fn u1_edge_width(k: usize) -> usize {
    let (_, q, p1) = rounding(k);
    (2 * p1 - three_layer::edge(p1)).max(2 * q - three_layer::edge(q))
}

/// `claims.bound` of `deep-L` at (K, N): the largest hidden width that the construction can use,
/// max over the part sizes s ∈ {⌈N/B⌉, ⌊N/B⌋ (if ≥ 1)} of min(U3-T width at s, U1-edge width at
/// K) + 2; 0 for N = 0 (all hidden layers empty). The checker evaluates the same formula.
pub fn width_bound(layers: usize, k: usize, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    let b = blocks(layers);
    let sizes = [n.div_ceil(b), n / b];
    sizes.iter().filter(|&&s| s >= 1).map(|&s| u3_t_width(s).min(u1_edge_width(k)) + 2).max().unwrap_or(0)
}

/// The paper's Prop. 6.1 width bound as reconstructed (spec §3.6, F7): 4·min{√(3⌈N/B⌉ + 2), √K}
/// + 2. `meets` decides w ≤ it exactly: w ≤ 2 or (w − 2)² ≤ 16·min(3⌈N/B⌉ + 2, K).
pub fn paper_width_meets(layers: usize, k: usize, n: usize, width: usize) -> bool {
    let x = (3 * n.div_ceil(blocks(layers)) + 2).min(k) as u128;
    width <= 2 || ((width - 2) as u128).pow(2) <= 16 * x
}

/// The Prop. 6.1 width bound rounded to the nearest hundredth (integer arithmetic).
pub fn paper_width_display(layers: usize, k: usize, n: usize) -> String {
    let x = (3 * n.div_ceil(blocks(layers)) + 2).min(k) as u128;
    // ⌊200·(4√x + 2)⌋ = ⌊√(640000·x)⌋ + 400; rounded: ⌊(that + 1)/2⌋.
    let two = (640_000 * x).isqrt() + 400;
    super::three_layer::hundredths_text(two.div_ceil(2))
}

/// The formula id shown next to the deep rows of a sweep table.
pub const PAPER_WIDTH_FORMULA: &str = "4*min(sqrt(3*ceil(N/B)+2),sqrt(K))+2";

/// The candidate 3-layer blocks, in order of preference on ties.
const CANDIDATES: [ConstructionId; 4] = [
    ConstructionId::ThreeLayerU3T,
    ConstructionId::ThreeLayerU3,
    ConstructionId::ThreeLayerU1Edge,
    ConstructionId::ThreeLayerU1,
];

/// The parts T_1, …, T_P of T (1-based sample indices, each sorted by index), consecutive in the
/// sorted order along the projection; sizes ⌈N/B⌉ first, then ⌊N/B⌋; empty parts dropped.
pub fn parts(instance: &Instance, projection: &Projection, b: usize) -> Vec<Vec<usize>> {
    let in_t = projection.sorted_in_t(instance);
    let sorted: Vec<usize> =
        projection.order.iter().zip(&in_t).filter(|(_, &t)| t).map(|(&i, _)| i + 1).collect();
    let n = sorted.len();
    let (base, extra) = (n / b, n % b);
    let mut out = Vec::new();
    let mut start = 0;
    for part in 0..b {
        let size = base + usize::from(part < extra);
        if size > 0 {
            let mut p = sorted[start..start + size].to_vec();
            p.sort_unstable();
            out.push(p);
        }
        start += size;
    }
    out
}

/// The sub-instance of a part: same points, targets z on the part and 0 elsewhere.
fn sub_instance(instance: &Instance, part: &[usize]) -> Instance {
    let mut targets = vec![int(0); instance.k()];
    for &i in part {
        targets[i - 1] = instance.targets[i - 1].clone();
    }
    Instance { points: instance.points.clone(), targets, t: part.to_vec() }
}

/// The chosen block of a part and its construction.
pub fn block(instance: &Instance, projection: &Projection, part: &[usize]) -> (ConstructionId, Network) {
    let sub = sub_instance(instance, part);
    let mut best: Option<(usize, ConstructionId, Network)> = None;
    for id in CANDIDATES {
        let net = three_layer::build(id, &sub, projection);
        let width = net.hidden_widths().into_iter().max().unwrap_or(0);
        if best.as_ref().is_none_or(|(w, _, _)| width < *w) {
            best = Some((width, id, net));
        }
    }
    let (_, id, net) = best.expect("candidates are nonempty");
    (id, net)
}

/// Where each neuron kind sits in one hidden layer: block neurons first, then C, then A.
#[derive(Clone, Copy, Default)]
struct Slots {
    width: usize,
    c: Option<usize>,
    a: Option<usize>,
}

/// Builds `deep-L` for an instance (L ≥ 4).
pub fn build(layers: usize, instance: &Instance, projection: &Projection) -> Network {
    assert!((MIN_LAYERS..=MAX_LAYERS).contains(&layers), "deep needs 4 ≤ L ≤ 64");
    let hidden = layers - 1;
    let d = projection.a.len();
    let parts = parts(instance, projection, blocks(layers));
    if parts.is_empty() {
        // N = 0: g ≡ 0 with empty hidden layers.
        let mut net = vec![Layer::default(); hidden];
        net.push(Layer { weights: vec![Vec::new()], biases: vec![int(0)] });
        return Network { layers: net };
    }
    let nets: Vec<Network> = parts.iter().map(|p| block(instance, projection, p).1).collect();
    let p = nets.len();
    let mut s = int(0);
    for z in &instance.targets {
        if -z > s {
            s = -z;
        }
    }
    let c1: Q = projection.c[0].clone();
    let a = &projection.a;
    // λ_r of every first-layer row of every block: row = λ_r·a (a_0 = 1).
    for net in &nets {
        for row in &net.layers[0].weights {
            let lambda = &row[0] / &a[0];
            debug_assert!(row.iter().zip(a).all(|(w, ai)| *w == &lambda * ai), "row is a multiple of a");
        }
    }
    // Layer ℓ (1-based): block b's first layer at ℓ = 2b + 1, second at 2b + 2 (b 0-based).
    let block_at = |l: usize| -> Option<(usize, usize)> {
        let b = (l - 1) / 2;
        (b < p).then_some((b, (l - 1) % 2))
    };
    let mut slots = vec![Slots::default(); hidden + 1];
    for (l, slot) in slots.iter_mut().enumerate().skip(1) {
        let mut w = block_at(l).map_or(0, |(b, which)| nets[b].layers[which].width());
        if l + 2 <= 2 * p {
            slot.c = Some(w);
            w += 1;
        }
        if l >= 3 {
            slot.a = Some(w);
            w += 1;
        }
        slot.width = w;
    }
    let input_width = |l: usize| if l == 1 { d } else { slots[l - 1].width };
    // g_b's output row over layer l − 1 (block b's second layer sits at offsets 0..w2).
    let add_output = |row: &mut [Q], bias: &mut Q, b: usize| {
        let out = &nets[b].layers[2];
        for (slot, w) in row.iter_mut().zip(&out.weights[0]) {
            *slot += w;
        }
        *bias += &out.biases[0];
    };
    let mut result = Vec::with_capacity(layers);
    for l in 1..=hidden {
        let width_in = input_width(l);
        let mut layer = Layer::default();
        match block_at(l) {
            Some((b, 0)) => {
                let first = &nets[b].layers[0];
                for (row, bias) in first.weights.iter().zip(&first.biases) {
                    if l == 1 {
                        layer.weights.push(row.clone());
                        layer.biases.push(bias.clone());
                    } else {
                        let lambda = &row[0] / &a[0];
                        let mut w = vec![int(0); width_in];
                        w[slots[l - 1].c.expect("C is carried to every block")] = lambda.clone();
                        layer.biases.push(bias + &lambda * (&c1 - int(1)));
                        layer.weights.push(w);
                    }
                }
            }
            Some((b, _)) => {
                let second = &nets[b].layers[1];
                for (row, bias) in second.weights.iter().zip(&second.biases) {
                    let mut w = vec![int(0); width_in];
                    w[..row.len()].clone_from_slice(row);
                    layer.weights.push(w);
                    layer.biases.push(bias.clone());
                }
            }
            None => {}
        }
        if slots[l].c.is_some() {
            if l == 1 {
                layer.weights.push(a.clone());
                layer.biases.push(int(1) - &c1);
            } else {
                let mut w = vec![int(0); width_in];
                w[slots[l - 1].c.expect("C is carried")] = int(1);
                layer.weights.push(w);
                layer.biases.push(int(0));
            }
        }
        if slots[l].a.is_some() {
            let mut w = vec![int(0); width_in];
            let mut bias = int(0);
            if l == 3 {
                add_output(&mut w, &mut bias, 0);
                bias += &s;
            } else {
                w[slots[l - 1].a.expect("A is carried")] = int(1);
                // Block b ends at layer 2b + 2 = l − 1 (b ≥ 1: block 0 is absorbed at layer 3).
                if l % 2 == 1 && (l - 3) / 2 < p && l >= 5 {
                    add_output(&mut w, &mut bias, (l - 3) / 2);
                }
            }
            layer.weights.push(w);
            layer.biases.push(bias);
        }
        result.push(layer);
    }
    // Output: A − S (+ g_B if the last block ends at layer L − 1).
    let mut w = vec![int(0); slots[hidden].width];
    w[slots[hidden].a.expect("A reaches the last hidden layer")] = int(1);
    let mut bias = -s;
    if hidden.is_multiple_of(2) && hidden / 2 == p {
        add_output(&mut w, &mut bias, p - 1);
    }
    result.push(Layer { weights: vec![w], biases: vec![bias] });
    Network { layers: result }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_bounds() {
        assert_eq!(name(4), "deep-4");
        assert_eq!(name(64), "deep-64");
        assert_eq!(parse_name("deep-5"), Some(5));
        for bad in ["deep-3", "deep-65", "deep-05", "deep-+5", "deep", "deep-"] {
            assert_eq!(parse_name(bad), None, "{bad}");
        }
        assert_eq!(width_bound(4, 10, 0), 0);
        for l in 4..=12 {
            for k in 3..200 {
                for n in 1..=k.min(60) {
                    let w = width_bound(l, k, n);
                    assert!(paper_width_meets(l, k, n, w), "L={l} K={k} N={n} w={w}");
                }
            }
        }
    }
}
