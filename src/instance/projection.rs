//! The projection direction a and the sorted order of the samples along it (spec §1).

use super::Instance;
use crate::rational::{dot, int, Q};

/// a = (1, s, s², …) for the first s = 0, 1, 2, … that makes all a·x_i distinct, and the samples
/// sorted by c_i = a·x_i.
#[derive(Clone, Debug)]
pub struct Projection {
    /// The direction a.
    pub a: Vec<Q>,
    /// `order[r]` is the 0-based sample index at sorted position r.
    pub order: Vec<usize>,
    /// `c[r]` = a·x at sorted position r, strictly increasing.
    pub c: Vec<Q>,
}

impl Projection {
    /// The deterministic projection of the points (which must be pairwise distinct).
    pub fn of(points: &[Vec<Q>]) -> Projection {
        let d = points.first().map_or(1, Vec::len);
        for s in 0i64.. {
            let mut a = Vec::with_capacity(d);
            let mut power = int(1);
            for _ in 0..d {
                a.push(power.clone());
                power *= int(s);
            }
            let values: Vec<Q> = points.iter().map(|p| dot(&a, p)).collect();
            let mut order: Vec<usize> = (0..points.len()).collect();
            order.sort_by(|&i, &j| values[i].cmp(&values[j]));
            let c: Vec<Q> = order.iter().map(|&i| values[i].clone()).collect();
            if c.windows(2).all(|w| w[0] < w[1]) {
                return Projection { a, order, c };
            }
        }
        unreachable!("some s separates distinct points")
    }

    /// The targets in sorted order.
    pub fn sorted_targets(&self, instance: &Instance) -> Vec<Q> {
        self.order.iter().map(|&i| instance.targets[i].clone()).collect()
    }

    /// The set of sample indices `mask` (bit i set ⇔ sample i + 1 in T) in sorted order: bit r of
    /// the result is bit `order[r]` of `mask` (as [`Projection::sorted_in_t`]; K ≤ 64).
    pub fn sorted_mask(&self, mask: u64) -> u64 {
        self.order.iter().enumerate().fold(0, |sorted, (r, &i)| sorted | (mask >> i & 1) << r)
    }

    /// Membership in T in sorted order.
    pub fn sorted_in_t(&self, instance: &Instance) -> Vec<bool> {
        let mut in_t = vec![false; instance.k()];
        for &i in &instance.t {
            in_t[i - 1] = true;
        }
        self.order.iter().map(|&i| in_t[i]).collect()
    }
}

/// [`Projection::sorted_mask`] by table, one lookup per byte of the mask: `bytes[c][b]` is the
/// sorted mask of the samples 8c + j whose bit j is set in b (K ≤ 64). Compared with
/// `sorted_mask` for every T of small K in the tests (`paper_jumps_match_paper_table`).
pub struct MaskSorter {
    bytes: Vec<[u64; 256]>,
}

impl MaskSorter {
    /// The tables of `projection`'s order.
    pub fn new(projection: &Projection) -> MaskSorter {
        let k = projection.order.len();
        let bytes = (0..k.div_ceil(8))
            .map(|c| std::array::from_fn(|b| projection.sorted_mask((b as u64) << (8 * c))))
            .collect();
        MaskSorter { bytes }
    }

    /// `projection.sorted_mask(mask)`.
    pub fn sort(&self, mask: u64) -> u64 {
        self.bytes
            .iter()
            .enumerate()
            .fold(0, |sorted, (c, table)| sorted | table[(mask >> (8 * c) & 0xff) as usize])
    }
}
