//! Deterministic instances: the sweep's random-looking points and targets from (K, d, seed), and
//! the collinear hard instances of the lower bounds (constructions.md §4.2).

use super::Instance;
use crate::rational::{frac, int, Q};

/// SplitMix64: a tiny, fully specified generator, so that the same (K, d, seed) gives the same
/// instance on every machine and every version of every dependency.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough integer in lo..=hi (modulo bias is irrelevant here).
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).expect("hi >= lo");
        lo + i64::try_from(self.next() % span).expect("span fits")
    }
}

/// Points and a nonzero value per sample, before T is chosen; `with_t` zeroes the rest.
#[derive(Clone, Debug)]
pub struct BaseInstance {
    pub points: Vec<Vec<Q>>,
    pub values: Vec<Q>,
}

impl BaseInstance {
    /// The instance for index set `t` (1-based, increasing): z_i = value_i on T, 0 elsewhere.
    pub fn with_t(&self, t: &[usize]) -> Instance {
        let mut targets = vec![int(0); self.points.len()];
        for &i in t {
            targets[i - 1] = self.values[i - 1].clone();
        }
        Instance { points: self.points.clone(), targets, t: t.to_vec() }
    }
}

/// The sweep instance for (K, d, seed): pairwise-distinct points with coordinates n/q,
/// |n| ≤ 20, 1 ≤ q ≤ 4, and values ±n/q with 1 ≤ n ≤ 9, 1 ≤ q ≤ 5.
pub fn generated(k: usize, d: usize, seed: u64) -> BaseInstance {
    let mut rng = SplitMix64(seed ^ (k as u64).wrapping_mul(0x1000_0001) ^ (d as u64) << 48);
    let mut points: Vec<Vec<Q>> = Vec::with_capacity(k);
    while points.len() < k {
        let p: Vec<Q> = (0..d).map(|_| frac(rng.range(-20, 20), rng.range(1, 4))).collect();
        if !points.contains(&p) {
            points.push(p);
        }
    }
    let values = (0..k)
        .map(|_| {
            let v = frac(rng.range(1, 9), rng.range(1, 5));
            if rng.next() & 1 == 0 {
                v
            } else {
                -v
            }
        })
        .collect();
    BaseInstance { points, values }
}

/// T of the hard instance for (K, N) (constructions.md §4.2), 1-based.
///
/// K ≥ 3N + 2: T = {3, 6, …, 3N}. Otherwise, with (a, b) = divmod(K − N, 2), the pattern
/// (ZZF)^a (ZF)^b F^(N−a−b), or (ZZF)^N Z when a = N and b = 1 (F marks a T position).
pub fn hard_t(k: usize, n: usize) -> Vec<usize> {
    assert!(n <= k, "N ≤ K");
    if k >= 3 * n + 2 {
        return (1..=n).map(|j| 3 * j).collect();
    }
    let (a, b) = ((k - n) / 2, (k - n) % 2);
    let pattern: String = if a == n && b == 1 {
        "ZZF".repeat(n) + "Z"
    } else {
        "ZZF".repeat(a) + &"ZF".repeat(b) + &"F".repeat(n - a - b)
    };
    debug_assert_eq!(pattern.len(), k);
    pattern.bytes().enumerate().filter(|&(_, c)| c == b'F').map(|(i, _)| i + 1).collect()
}

/// The collinear hard instance for (K, N) in Q^d: x_i = i·e_1, T = [`hard_t`], z_p = (−1)^p.
pub fn hard_instance(k: usize, n: usize, d: usize) -> Instance {
    let points = (1..=k)
        .map(|i| {
            let mut p = vec![int(0); d];
            p[0] = int(i as i64);
            p
        })
        .collect();
    let t = hard_t(k, n);
    let mut targets = vec![int(0); k];
    for &p in &t {
        targets[p - 1] = int(if p % 2 == 0 { 1 } else { -1 });
    }
    Instance { points, targets, t }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generator_is_deterministic_and_valid() {
        let a = generated(12, 3, 7);
        let b = generated(12, 3, 7);
        assert_eq!(a.points, b.points);
        assert_eq!(a.values, b.values);
        assert!(a.values.iter().all(|v| *v != 0));
        let inst = a.with_t(&[1, 5, 12]);
        inst.validate().unwrap();
        assert_eq!(inst.targets[1], 0);
        assert_eq!(inst.targets[4], a.values[4]);
    }

    #[test]
    fn hard_t_patterns() {
        assert_eq!(hard_t(14, 4), vec![3, 6, 9, 12]);
        // Fig. 3 corrected (constructions.md §5): K = 9, N = 4 gives T = {3, 6, 8, 9}.
        assert_eq!(hard_t(9, 4), vec![3, 6, 8, 9]);
        assert_eq!(hard_t(7, 2), vec![3, 6]);
        assert_eq!(hard_t(7, 7), (1..=7).collect::<Vec<_>>());
        assert_eq!(hard_t(5, 0), Vec::<usize>::new());
        for k in 3..30 {
            for n in 0..=k {
                assert_eq!(hard_t(k, n).len(), n, "K={k} N={n}");
            }
        }
    }
}
