//! The loss table, the two least-m criteria and the three fits (all `f64`: observed numbers of a
//! gradient experiment, not certified ones).

use super::Run;
use serde::Serialize;

/// Which least-m criterion.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Criterion {
    /// The paper's: L_FT < τ.
    Paper,
    /// Per changed sample: (K/N)·L_FT < τ.
    PerSample,
}

/// L_FT per (seed, N, m): the better final loss over the learning rates. `m = 0` is g = 0.
#[derive(Clone, Debug, PartialEq)]
pub struct LossTable {
    pub seeds: Vec<u64>,
    pub ns: Vec<usize>,
    pub ms: Vec<usize>,
    /// loss[seed][n][m], None if no run of that cell.
    pub loss: Vec<Vec<Vec<Option<f64>>>>,
    /// The g = 0 loss per seed and N.
    pub baseline: Vec<Vec<Option<f64>>>,
}

fn index<T: PartialEq>(list: &[T], v: &T) -> Option<usize> {
    list.iter().position(|x| x == v)
}

impl LossTable {
    pub fn new(runs: &[Run]) -> LossTable {
        let mut seeds: Vec<u64> = runs.iter().map(|r| r.seed).collect();
        let mut ns: Vec<usize> = runs.iter().map(|r| r.n).collect();
        let mut ms: Vec<usize> = runs.iter().filter(|r| r.m > 0).map(|r| r.m).collect();
        for v in [&mut ns, &mut ms] {
            v.sort_unstable();
            v.dedup();
        }
        seeds.sort_unstable();
        seeds.dedup();
        let mut loss = vec![vec![vec![None::<f64>; ms.len()]; ns.len()]; seeds.len()];
        let mut baseline = vec![vec![None; ns.len()]; seeds.len()];
        for r in runs {
            let (Some(s), Some(n)) = (index(&seeds, &r.seed), index(&ns, &r.n)) else { continue };
            if r.m == 0 {
                baseline[s][n] = Some(r.loss);
            } else if let Some(m) = index(&ms, &r.m) {
                let cell = &mut loss[s][n][m];
                *cell = Some(cell.map_or(r.loss, |v: f64| v.min(r.loss)));
            }
        }
        LossTable { seeds, ns, ms, loss, baseline }
    }

    /// The mean over seeds of each cell (None if a seed lacks it).
    pub fn mean(&self, n: usize, m: usize) -> Option<f64> {
        let v: Option<Vec<f64>> = self.loss.iter().map(|s| s[n][m]).collect();
        v.map(|v| v.iter().sum::<f64>() / v.len() as f64)
    }

    pub fn mean_baseline(&self, n: usize) -> Option<f64> {
        let v: Option<Vec<f64>> = self.baseline.iter().map(|s| s[n]).collect();
        v.map(|v| v.iter().sum::<f64>() / v.len() as f64)
    }
}

/// Least m of one N under one criterion: per seed and the mean over seeds.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeastM {
    pub n: usize,
    /// Null when some seed reaches τ at no m of the grid.
    pub mean: Option<f64>,
    pub per_seed: Vec<Option<usize>>,
    /// The g = 0 baseline (mean over seeds) already meets the criterion: any m passes.
    pub baseline_passes: bool,
}

/// The least m per N under a criterion with threshold τ and K samples.
pub fn least_m(table: &LossTable, criterion: Criterion, tau: f64, k: usize) -> Vec<LeastM> {
    let passes = |loss: f64, n: usize| match criterion {
        Criterion::Paper => loss < tau,
        Criterion::PerSample => (k as f64 / n as f64) * loss < tau,
    };
    table
        .ns
        .iter()
        .enumerate()
        .map(|(ni, &n)| {
            let per_seed: Vec<Option<usize>> = table
                .loss
                .iter()
                .map(|s| {
                    table
                        .ms
                        .iter()
                        .zip(&s[ni])
                        .find(|(_, l)| l.is_some_and(|l| passes(l, n)))
                        .map(|(&m, _)| m)
                })
                .collect();
            let all: Option<Vec<usize>> = per_seed.iter().copied().collect();
            let mean = all.map(|v| v.iter().sum::<usize>() as f64 / v.len() as f64);
            let baseline_passes = table.mean_baseline(ni).is_some_and(|b| passes(b, n));
            LeastM { n, mean, per_seed, baseline_passes }
        })
        .collect()
}

/// A least-squares fit of m against N.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fit {
    /// m = a·√N, m = a·N (through the origin), or m = c·N^p.
    pub model: &'static str,
    /// a (or c for the power law).
    pub coefficient: f64,
    /// The power law's p; 0.5 and 1 for the fixed models.
    pub exponent: f64,
    /// Standard error of p (power law, ≥ 3 points), None otherwise.
    pub exponent_se: Option<f64>,
    /// 1 − SS_res/SS_tot, in m for the fixed models and in log m for the power law; `None`
    /// when every observed value is the same and the fit misses them (R² is undefined there;
    /// JSON `null`).
    pub r2: Option<f64>,
    /// Points fitted.
    pub points: usize,
}

/// R² as `Display`: `n/a` when it is undefined (see [`Fit::r2`]).
pub fn r2_text(r2: Option<f64>, decimals: usize) -> String {
    r2.map_or_else(|| "n/a (constant data)".into(), |r| format!("{r:.decimals$}"))
}

fn r2(observed: &[f64], predicted: &[f64]) -> Option<f64> {
    let mean = observed.iter().sum::<f64>() / observed.len() as f64;
    let ss_tot: f64 = observed.iter().map(|o| (o - mean) * (o - mean)).sum();
    let ss_res: f64 = observed.iter().zip(predicted).map(|(o, p)| (o - p) * (o - p)).sum();
    if ss_tot == 0.0 {
        (ss_res == 0.0).then_some(1.0)
    } else {
        Some(1.0 - ss_res / ss_tot)
    }
}

/// m = a·N^p with p fixed, through the origin: a = Σ m·N^p / Σ N^{2p}.
fn fit_fixed(points: &[(f64, f64)], p: f64, model: &'static str) -> Fit {
    let num: f64 = points.iter().map(|(n, m)| m * n.powf(p)).sum();
    let den: f64 = points.iter().map(|(n, _)| n.powf(2.0 * p)).sum();
    let a = num / den;
    let observed: Vec<f64> = points.iter().map(|p| p.1).collect();
    let predicted: Vec<f64> = points.iter().map(|(n, _)| a * n.powf(p)).collect();
    Fit {
        model,
        coefficient: a,
        exponent: p,
        exponent_se: None,
        r2: r2(&observed, &predicted),
        points: points.len(),
    }
}

/// log m = log c + p·log N by ordinary least squares; SE(p) = √(SS_res/(n−2) / Σ(log N − mean)²).
fn fit_power(points: &[(f64, f64)]) -> Option<Fit> {
    let xs: Vec<f64> = points.iter().map(|p| p.0.ln()).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.1.ln()).collect();
    let len = xs.len() as f64;
    let (mx, my) = (xs.iter().sum::<f64>() / len, ys.iter().sum::<f64>() / len);
    let sxx: f64 = xs.iter().map(|x| (x - mx) * (x - mx)).sum();
    if sxx == 0.0 {
        return None;
    }
    let sxy: f64 = xs.iter().zip(&ys).map(|(x, y)| (x - mx) * (y - my)).sum();
    let p = sxy / sxx;
    let intercept = my - p * mx;
    let predicted: Vec<f64> = xs.iter().map(|x| intercept + p * x).collect();
    let ss_res: f64 = ys.iter().zip(&predicted).map(|(y, q)| (y - q) * (y - q)).sum();
    let exponent_se = (points.len() >= 3).then(|| (ss_res / (len - 2.0) / sxx).sqrt());
    Some(Fit {
        model: "m = c·N^p",
        coefficient: intercept.exp(),
        exponent: p,
        exponent_se,
        r2: r2(&ys, &predicted),
        points: points.len(),
    })
}

/// The three fits of (N, mean least m) over the N with a mean (None if fewer than 2 points, or
/// if all N are equal for the power law).
pub fn fits(least: &[LeastM]) -> Vec<Fit> {
    let points: Vec<(f64, f64)> = least.iter().filter_map(|l| l.mean.map(|m| (l.n as f64, m))).collect();
    if points.len() < 2 {
        return Vec::new();
    }
    let mut out = vec![fit_fixed(&points, 0.5, "m = a·√N"), fit_fixed(&points, 1.0, "m = a·N")];
    out.extend(fit_power(&points));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(seed: u64, n: usize, m: usize, lr: f64, loss: f64) -> Run {
        Run { seed, n, m, lr: Some(lr), epochs: 1, loss, seconds: 0.0 }
    }

    #[test]
    fn exact_sqrt_law_is_fitted_exactly() {
        // m = 3·√N exactly at N = 4, 16, 64.
        let least: Vec<LeastM> = [(4, 6.0), (16, 12.0), (64, 24.0)]
            .iter()
            .map(|&(n, m)| LeastM { n, mean: Some(m), per_seed: vec![], baseline_passes: false })
            .collect();
        let f = fits(&least);
        assert_eq!(f.len(), 3);
        assert!((f[0].coefficient - 3.0).abs() < 1e-12 && (f[0].r2.unwrap() - 1.0).abs() < 1e-12);
        assert!((f[2].exponent - 0.5).abs() < 1e-12 && (f[2].coefficient - 3.0).abs() < 1e-12);
        assert!(f[2].exponent_se.unwrap() < 1e-7 && (f[2].r2.unwrap() - 1.0).abs() < 1e-12);
        // m = a·N on the same points: a = Σ m·N / Σ N² = (24 + 192 + 1536)/(16 + 256 + 4096).
        assert!((f[1].coefficient - 1752.0 / 4368.0).abs() < 1e-12);
        assert!(f[1].r2.unwrap() < 1.0);
    }

    #[test]
    fn least_m_both_criteria_and_null_mean() {
        let mut runs = Vec::new();
        // K = 100; N = 10: losses 0.05 (m=4), 0.03 (m=8), 0.001 (m=16) → paper: 8; per sample
        // (×10): 0.5, 0.3, 0.01 → 16. Two learning rates: the better one is kept.
        for (m, l) in [(4, 0.05), (8, 0.03), (16, 0.001)] {
            runs.push(run(0, 10, m, 0.01, l));
            runs.push(run(0, 10, m, 0.03, l + 1.0));
        }
        // N = 50, seed 0: never under 0.04 → mean null.
        for m in [4, 8, 16] {
            runs.push(run(0, 50, m, 0.01, 0.5));
        }
        runs.push(Run { seed: 0, n: 10, m: 0, lr: None, epochs: 0, loss: 0.02, seconds: 0.0 });
        runs.push(Run { seed: 0, n: 50, m: 0, lr: None, epochs: 0, loss: 0.6, seconds: 0.0 });
        let table = LossTable::new(&runs);
        let paper = least_m(&table, Criterion::Paper, 0.04, 100);
        assert_eq!(paper[0].per_seed, vec![Some(8)]);
        assert_eq!(paper[0].mean, Some(8.0));
        assert!(paper[0].baseline_passes);
        assert_eq!(paper[1].mean, None);
        assert!(!paper[1].baseline_passes);
        let per = least_m(&table, Criterion::PerSample, 0.04, 100);
        assert_eq!(per[0].per_seed, vec![Some(16)]);
        assert!(!per[0].baseline_passes);
    }

    #[test]
    fn r2_of_constant_data_is_undefined_unless_the_fit_is_exact() {
        assert_eq!(r2(&[4.0, 4.0, 4.0], &[4.0, 4.0, 4.0]), Some(1.0));
        assert_eq!(r2(&[4.0, 4.0, 4.0], &[3.0, 4.0, 5.0]), None);
        assert_eq!(r2_text(None, 2), "n/a (constant data)");
        assert_eq!(r2_text(Some(0.8642), 3), "0.864");
    }

    #[test]
    fn linear_law_r2_and_power_se() {
        // m = 2N: the linear fit is exact; the power law has p = 1.
        let least: Vec<LeastM> = [(10, 20.0), (20, 40.0), (40, 80.0), (80, 160.0)]
            .iter()
            .map(|&(n, m)| LeastM { n, mean: Some(m), per_seed: vec![], baseline_passes: false })
            .collect();
        let f = fits(&least);
        assert!((f[1].coefficient - 2.0).abs() < 1e-12 && (f[1].r2.unwrap() - 1.0).abs() < 1e-12);
        assert!((f[2].exponent - 1.0).abs() < 1e-12);
        // Noisy power law with a hand-computed SE: log2 N = 0, 1, 2; log2 m = 0, 1, 1 →
        // p = 0.5, residuals (−1/6, 1/3, −1/6)·ln 2, SS_res = (1/6)·ln²2, Sxx = 2·ln²2,
        // SE = √(SS_res/1/Sxx) = √(1/12); R² = 1 − (1/6)/(2/3) = 0.75.
        let least: Vec<LeastM> = [(1, 1.0), (2, 2.0), (4, 2.0)]
            .iter()
            .map(|&(n, m)| LeastM { n, mean: Some(m), per_seed: vec![], baseline_passes: false })
            .collect();
        let p = &fits(&least)[2];
        assert!((p.exponent - 0.5).abs() < 1e-12);
        assert!((p.exponent_se.unwrap() - (1.0f64 / 12.0).sqrt()).abs() < 1e-12);
        assert!((p.r2.unwrap() - 0.75).abs() < 1e-12);
    }
}
