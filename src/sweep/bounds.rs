//! `ftcert bounds`: the exact width m*(K, N) and the exact capacity N*(m, K) where certified,
//! next to the paper's intervals (Theorem 4.1, Corollary 4.2).
//!
//! A value is `exact` when the certified lower bound (the best accepted lower certificate of
//! (K, N): windows, and for K ∈ {3, 4} case-split, each re-checked here by `ftcert-check`) equals
//! the bound of the depth's optimal construction (2 layers: `two-layer-optimal`, proven for every
//! instance in docs/two-layer-exact.md and swept by `ftcert sweep`). Per depth, one function
//! gives the rows; 3-layer bounds can be added as another arm of [`rows`].

use crate::certificate;
use crate::construct::ConstructionId;
use crate::lower::case_split::zigzag_certificate;
use crate::lower::windows_certificate;
use ftcert_check::{check_str, Limits, Verdict};
use serde::Serialize;
use std::fmt::Write;

/// One (K, N): the paper's interval, the certified lower bound and the construction's bound.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WidthRow {
    pub k: usize,
    pub n: usize,
    /// Theorem 4.1: min{3N, K − 2} ≤ m* ≤ min{3N + 1, K − 1} (N ≥ 1; 0 for N = 0).
    pub paper_low: usize,
    pub paper_high: usize,
    /// The best accepted lower certificate and its rule.
    pub certified_lower: Option<usize>,
    pub lower_rule: String,
    /// The bound of the optimal construction.
    pub upper: usize,
    /// m*(K, N) when the two meet.
    pub exact: Option<usize>,
}

/// Why bounds cannot be given.
#[derive(Debug, thiserror::Error)]
pub enum BoundsError {
    #[error("bounds for --layers {0} are not implemented yet (2-layer bounds exist)")]
    Layers(usize),
    #[error("K range {0}..={1} is empty or below 3")]
    Range(usize, usize),
}

fn accepted_neurons(text: &str) -> Option<usize> {
    match check_str(text, &Limits::default()) {
        Verdict::Accepted(s) => Some(s.neurons),
        _ => None,
    }
}

fn two_layer_row(k: usize, n: usize) -> WidthRow {
    let (paper_low, paper_high) = if n == 0 { (0, 0) } else { ((3 * n).min(k - 2), (3 * n + 1).min(k - 1)) };
    let mut best: Option<(usize, &str)> = None;
    let windows = certificate::lower(&windows_certificate(k, n, 1, 2), false);
    if let Some(l) = accepted_neurons(&windows) {
        best = Some((l, "windows"));
    }
    if let Some(cs) = zigzag_certificate(k, n, 1) {
        if let Some(l) = accepted_neurons(&certificate::lower_case_split(&cs, false)) {
            if best.is_none_or(|(b, _)| l > b) {
                best = Some((l, "case-split"));
            }
        }
    }
    let upper = ConstructionId::TwoLayerOptimal.bound(k, n);
    let certified_lower = best.map(|(l, _)| l);
    WidthRow {
        k,
        n,
        paper_low,
        paper_high,
        certified_lower,
        lower_rule: best.map_or("-".to_string(), |(_, r)| r.to_string()),
        upper,
        exact: certified_lower.filter(|&l| l == upper),
    }
}

/// The rows for K in `k_min..=k_max` and every N in 0..=K.
pub fn rows(layers: usize, k_min: usize, k_max: usize) -> Result<Vec<WidthRow>, BoundsError> {
    if layers != 2 {
        return Err(BoundsError::Layers(layers));
    }
    if k_min < 3 || k_min > k_max {
        return Err(BoundsError::Range(k_min, k_max));
    }
    Ok((k_min..=k_max).flat_map(|k| (0..=k).map(move |n| two_layer_row(k, n))).collect())
}

/// N*(m, K) = max{N : m*(K, N) ≤ m} from the rows of one K: (paper interval, exact value).
/// The paper interval uses Theorem 4.1's bounds on m* (Corollary 4.2).
pub fn capacity(rows: &[WidthRow], m: usize) -> ((usize, usize), Option<usize>) {
    let max_n =
        |f: &dyn Fn(&WidthRow) -> usize| rows.iter().filter(|r| f(r) <= m).map(|r| r.n).max().unwrap_or(0);
    let low = max_n(&|r| r.paper_high);
    let high = max_n(&|r| r.paper_low);
    let exact = rows.iter().all(|r| r.exact.is_some()).then(|| max_n(&|r| r.exact.unwrap_or(usize::MAX)));
    ((low, high), exact)
}

/// Text table of the widths.
pub fn render_widths(rows: &[WidthRow]) -> String {
    let mut s =
        String::from("K    N  paper m* interval  certified lower  rule        construction  m*(K, N)\n");
    for r in rows {
        let _ = writeln!(
            s,
            "{:<3} {:>2}  {:>17}  {:>15}  {:<10}  {:>12}  {}",
            r.k,
            r.n,
            format!("[{}, {}]", r.paper_low, r.paper_high),
            r.certified_lower.map_or("-".to_string(), |l| l.to_string()),
            r.lower_rule,
            r.upper,
            r.exact.map_or("open".to_string(), |m| format!("{m} (exact)")),
        );
    }
    s
}

/// Text table of N*(m, K) for each K of the rows.
pub fn render_capacity(rows: &[WidthRow], m: usize) -> String {
    let mut s = format!("N*(m = {m}, K): the largest N with m*(K, N) ≤ {m}\nK    paper N* interval  N*\n");
    let mut ks: Vec<usize> = rows.iter().map(|r| r.k).collect();
    ks.dedup();
    for k in ks {
        let of_k: Vec<WidthRow> = rows.iter().filter(|r| r.k == k).cloned().collect();
        let ((lo, hi), exact) = capacity(&of_k, m);
        let _ = writeln!(
            s,
            "{:<3}  {:>17}  {}",
            k,
            format!("[{lo}, {hi}]"),
            exact.map_or("open".to_string(), |e| format!("{e} (exact)"))
        );
    }
    s
}

/// Arguments of `ftcert bounds`.
#[derive(Debug, clap::Args)]
pub struct BoundsArgs {
    /// Depth (2 or 3).
    #[arg(long, default_value_t = 2)]
    pub layers: usize,
    /// Only this K (default: 3..=--k-max).
    #[arg(long)]
    pub k: Option<usize>,
    /// Largest K when --k is not given.
    #[arg(long, default_value_t = 12)]
    pub k_max: usize,
    /// Also print the capacity N*(m, K) for this m.
    #[arg(long)]
    pub m: Option<usize>,
    /// JSON instead of text (the width rows).
    #[arg(long)]
    pub json: bool,
    /// Output format: paper vs certified m*(K, N) and N*(m, K) tables (src/sweep/capacity.rs).
    /// Implied by --layers 3 or --m.
    #[arg(long, value_enum)]
    pub format: Option<super::capacity::BoundsFormat>,
}

/// Runs `ftcert bounds`; returns the exit code.
pub fn cli(args: &BoundsArgs) -> u8 {
    let (k_min, k_max) = args.k.map_or((3, args.k_max), |k| (k, k));
    if args.layers == 3 || args.m.is_some() || args.format.is_some() {
        use super::capacity::{cli, BoundsFormat};
        let format = args.format.unwrap_or(if args.json { BoundsFormat::Json } else { BoundsFormat::Table });
        return cli(args.layers, k_min, k_max, args.m, format);
    }
    let rows = match rows(args.layers, k_min, k_max) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 2;
        }
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&rows).expect("rows serialise"));
        return 0;
    }
    print!("{}", render_widths(&rows));
    if let Some(m) = args.m {
        println!();
        print!("{}", render_capacity(&rows, m));
    }
    u8::from(rows.iter().any(|r| r.certified_lower.is_none()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_two_layer_width_is_exact_up_to_k_12() {
        let rows = rows(2, 3, 12).unwrap();
        assert!(rows.iter().all(|r| r.exact.is_some()), "{rows:?}");
        // Corollary 4.2 made exact for K ≥ 5: N* = K if K ≤ m + 2, else ⌊m/3⌋.
        for k in 5..=12 {
            let of_k: Vec<WidthRow> = rows.iter().filter(|r| r.k == k).cloned().collect();
            for m in 0..=12 {
                let expected = if k <= m + 2 { k } else { m / 3 };
                assert_eq!(capacity(&of_k, m).1, Some(expected), "K={k} m={m}");
            }
        }
    }
}
