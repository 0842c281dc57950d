//! Deterministic instances: the sweep's random-looking points and targets from (K, d, seed), and
//! the collinear hard instances of the lower bounds (constructions.md §4.2).

use super::Instance;
use crate::rational::{frac, int, Q};

/// SplitMix64: a tiny, fully specified generator, so that the same (K, d, seed) gives the same
/// instance on every machine and every version of every dependency.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough integer in lo..=hi (modulo bias is irrelevant here).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
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

/// How many distinct coordinates the generator draws from: a/b with −20 ≤ a ≤ 20, 1 ≤ b ≤ 4.
pub const DISTINCT_COORDINATES: usize = 109;

/// Whether [`generated`] can draw K distinct points in Q^d (it would loop forever otherwise):
/// d ≥ 1 and K ≤ 109^d.
pub fn check_generated(k: usize, d: usize) -> Result<(), String> {
    if d == 0 {
        return Err("the input dimension d must be at least 1".to_string());
    }
    let capacity = generated_capacity(d);
    if k as u64 > capacity {
        return Err(format!(
            "K = {k} distinct generated points do not exist in dimension d = {d} (at most {capacity}); use a larger --d"
        ));
    }
    Ok(())
}

/// The sweep instance for (K, d, seed): pairwise-distinct points with coordinates n/q,
/// |n| ≤ 20, 1 ≤ q ≤ 4, and values ±n/q with 1 ≤ n ≤ 9, 1 ≤ q ≤ 5.
pub fn generated(k: usize, d: usize, seed: u64) -> BaseInstance {
    let mut rng = SplitMix64(seed ^ (k as u64).wrapping_mul(0x1000_0001) ^ (d as u64) << 48);
    let mut points: Vec<Vec<Q>> = Vec::with_capacity(k);
    // A set of the points so far (the same draws and order as a linear `contains`, in O(K log K)).
    let mut seen = std::collections::BTreeSet::new();
    while points.len() < k {
        let p: Vec<Q> = (0..d).map(|_| frac(rng.range(-20, 20), rng.range(1, 4))).collect();
        if seen.insert(p.clone()) {
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

/// How many distinct points `generated` can draw in dimension d: c^d with c = 109 distinct
/// coordinates n/q (|n| ≤ 20, 1 ≤ q ≤ 4), saturating.
pub fn generated_capacity(d: usize) -> u64 {
    (0..d).fold(1u64, |acc, _| acc.saturating_mul(DISTINCT_COORDINATES as u64))
}

/// Bits of the dyadic grid of [`gaussian`]: every coordinate and value is an integer over 2^12.
pub const GAUSSIAN_GRID_BITS: u32 = 12;

/// The instance of the paper's §7 on a dyadic grid, deterministic from (K, d, seed):
/// x_i ≈ N(0, I_d) and nonzero values uniform on {n/2^12 : 1 ≤ |n| ≤ 2^12} ⊂ [−1, 1].
///
/// Integers only (no floating point in the builder): each coordinate is p/2^12 with
/// p = u_1 + … + u_12 − 6·2^12 and u_j uniform in 0..=2^12, the Irwin–Hall approximation of the
/// standard normal (mean 0, variance (2^12 + 1)^2 − 1 over 2^24 ≈ 1, support ±6). Repeated
/// points are redrawn. This is the one generator of gaussian data: `sample --points gaussian` and
/// the experiment both call it, so the certificates and the trained networks see the same points.
pub fn gaussian(k: usize, d: usize, seed: u64) -> BaseInstance {
    let one = 1i64 << GAUSSIAN_GRID_BITS;
    let mut rng =
        SplitMix64(seed ^ 0x6761_7573_7369_616e ^ (k as u64).wrapping_mul(0x1000_0001) ^ (d as u64) << 48);
    let mut seen = std::collections::BTreeSet::new();
    let mut points: Vec<Vec<Q>> = Vec::with_capacity(k);
    while points.len() < k {
        let p: Vec<i64> = (0..d).map(|_| (0..12).map(|_| rng.range(0, one)).sum::<i64>() - 6 * one).collect();
        if seen.insert(p.clone()) {
            points.push(p.into_iter().map(|n| frac(n, one)).collect());
        }
    }
    let values = gaussian_values(&mut rng, k);
    BaseInstance { points, values }
}

/// K nonzero values uniform on the grid {n/2^12 : 1 ≤ |n| ≤ 2^12}.
fn gaussian_values(rng: &mut SplitMix64, k: usize) -> Vec<Q> {
    let one = 1i64 << GAUSSIAN_GRID_BITS;
    (0..k)
        .map(|_| loop {
            let n = rng.range(-one, one);
            if n != 0 {
                break frac(n, one);
            }
        })
        .collect()
}

/// Labels uniform on the grid {n/2^12 : |n| ≤ 2^12} ⊂ [−1, 1] (zero allowed), deterministic from
/// (K, seed, stream): the experiment's y_i (stream 0) and fresh y'_i (stream 1, 2, …).
pub fn gaussian_labels(k: usize, seed: u64, stream: u64) -> Vec<Q> {
    let one = 1i64 << GAUSSIAN_GRID_BITS;
    let mut rng =
        SplitMix64(seed ^ 0x6c61_6265_6c73_0000 ^ stream.wrapping_mul(0x9E37_79B9) ^ (k as u64) << 40);
    (0..k).map(|_| frac(rng.range(-one, one), one)).collect()
}

/// A random permutation of 0..K (Fisher–Yates), deterministic from (K, seed): the experiment's
/// changed sets are its prefixes, so T_N ⊂ T_N' for N < N' (nested in N, as the issue asks).
pub fn gaussian_permutation(k: usize, seed: u64) -> Vec<usize> {
    let mut rng = SplitMix64(seed ^ 0x7065_726d_7574_6521 ^ (k as u64) << 40);
    let mut order: Vec<usize> = (0..k).collect();
    for i in (1..k).rev() {
        let j = usize::try_from(rng.range(0, i as i64)).expect("0 ≤ j ≤ i");
        order.swap(i, j);
    }
    order
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
    fn distinct_coordinates_is_the_generators_count() {
        use malachite_q::Rational;
        let mut all: Vec<Rational> = (-20i64..=20)
            .flat_map(|a| (1u64..=4).map(move |b| Rational::from(a) / Rational::from(b)))
            .collect();
        all.sort();
        all.dedup();
        assert_eq!(all.len(), DISTINCT_COORDINATES);
        assert!(check_generated(109, 1).is_ok());
        assert!(check_generated(110, 1).is_err());
        assert!(check_generated(3, 0).is_err());
        assert!(check_generated(10_000, 2).is_ok());
    }

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
    fn gaussian_is_deterministic_dyadic_and_valid() {
        let a = gaussian(200, 10, 3);
        let b = gaussian(200, 10, 3);
        assert_eq!(a.points, b.points);
        assert_eq!(a.values, b.values);
        assert_ne!(a.points, gaussian(200, 10, 4).points);
        let grid = int(1 << GAUSSIAN_GRID_BITS);
        for p in &a.points {
            for x in p {
                let scaled = x * &grid;
                assert!(scaled.denominator_ref() == &1u32, "{x} is not on the 2^-12 grid");
                assert!(*x <= int(6) && *x >= int(-6));
            }
        }
        assert!(a.values.iter().all(|v| *v != 0 && *v <= int(1) && *v >= int(-1)));
        a.with_t(&[1, 100, 200]).validate().unwrap();
        // Mean near 0 and variance near 1 over 2,000 coordinates (exact sums, loose bounds).
        let xs: Vec<&Q> = a.points.iter().flatten().collect();
        let n = int(xs.len() as i64);
        let mean = xs.iter().fold(int(0), |s, x| s + *x) / &n;
        let var = xs.iter().fold(int(0), |s, x| s + *x * *x) / &n;
        assert!(mean < frac(1, 10) && mean > frac(-1, 10), "mean {mean}");
        assert!(var > frac(8, 10) && var < frac(12, 10), "variance {var}");
        let y = gaussian_labels(50, 3, 0);
        assert_eq!(y, gaussian_labels(50, 3, 0));
        assert_ne!(y, gaussian_labels(50, 3, 1));
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
