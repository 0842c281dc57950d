//! `ftcert bounds --layers L` for 4 ≤ L ≤ 64: the certified deep lower bounds (the `windows`
//! certificate of `ftcert lower --layers L`: `neurons`, the least total hidden-neuron count, and
//! `width`, the least max hidden width; docs/lower-bounds.md) next to the proven bound of the
//! deep construction `deep-L` (Prop. 6.1 / Appendix B as reconstructed, spec constructions.md
//! §3.6) and the paper's own width formula.
//!
//! The same three kinds of numbers as the 2- and 3-layer tables ([`super::capacity`]):
//! 1. **certified for every instance**: `lower_neurons`, `lower_width`, from a lower certificate
//!    built and accepted by `ftcert-check` in this run (None if it was not accepted);
//! 2. **proven bound of a construction**: `proven_width` = `claims.bound` of `deep-L` (a bound on
//!    the max hidden width, enforced by the checker on every certificate), and `proven_neurons`
//!    = (L − 1)·`proven_width`, which follows from it (every one of the L − 1 hidden layers has
//!    at most that width);
//! 3. **observed** (`observed_max_width`, K ≤ [`DEEP_SWEEP_MAX_K`]): max over T ⊆ [K], |T| = N,
//!    of the verified max hidden width of `deep-L` on the sweep's generated instance. Evidence only.
//!
//! The paper gives no lower bound for L ≥ 4 (`paper_lower` is always None) and one upper bound on
//! the width (Prop. 6.1, reconstructed as 4·min{√(3⌈N/B⌉ + 2), √K} + 2, B = ⌊(L − 1)/2⌋).

use super::capacity::{swept, verdict, BoundsFormat};
use crate::certificate;
use crate::construct::deep;
use crate::lower::windows_certificate;
use ftcert_check::{check_str, Limits, Verdict};
use serde::Serialize;
use std::fmt::Write;

/// Largest K for which the observed column of a deep table comes from an exhaustive sweep.
pub const DEEP_SWEEP_MAX_K: usize = 10;

/// One (K, N) at depth L ≥ 4.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DeepRow {
    pub layers: usize,
    pub k: usize,
    pub n: usize,
    /// The paper's lower bound: none is stated for L ≥ 4 (always None).
    pub paper_lower: Option<usize>,
    /// Kind 1, certified: every L-layer network that fine-tunes the hard instance of (K, N) has
    /// at least this many hidden neurons in all (the lower certificate's `neurons`).
    pub lower_neurons: Option<usize>,
    /// Kind 1, certified: … and a hidden layer at least this wide (the certificate's `width`).
    pub lower_width: Option<usize>,
    /// The lower rule (`windows`, or `-` if the certificate was not accepted).
    pub lower_rule: String,
    /// The paper's width bound (Prop. 6.1 as reconstructed, [`deep::PAPER_WIDTH_FORMULA`]), a real
    /// number rounded to two decimals.
    pub paper_upper_width: String,
    /// Kind 2, proven: `claims.bound` of `deep-L` at (K, N), a bound on the max hidden width.
    pub proven_width: usize,
    /// Kind 2, proven: (L − 1)·`proven_width` bounds the total hidden neurons of `deep-L`.
    pub proven_neurons: usize,
    pub proven_upper_construction: String,
    /// Kind 3, observed: max over T of the verified max hidden width of `deep-L` on the swept
    /// instance (K ≤ [`DEEP_SWEEP_MAX_K`]; None otherwise). Not a bound.
    pub observed_max_width: Option<usize>,
    /// About the width: `exact` (lower_width = proven_width), `tight` (observed = lower_width <
    /// proven_width) or `open`.
    pub verdict: String,
}

/// The certified (neurons, width) of the `windows` lower certificate of (K, N) at depth L, if the
/// checker accepts it.
pub fn certified_deep_lower(layers: usize, k: usize, n: usize) -> Option<(usize, usize)> {
    let text = certificate::lower(&windows_certificate(k, n, 1, layers), false);
    match check_str(&text, &Limits::default()) {
        Verdict::Accepted(s) => Some((s.neurons, s.widths.first().copied().unwrap_or(0))),
        _ => None,
    }
}

/// The rows of one K at depth `layers` (4..=64).
pub fn deep_rows(layers: usize, k: usize) -> Vec<DeepRow> {
    let swept = swept(layers, k, DEEP_SWEEP_MAX_K);
    (0..=k)
        .map(|n| {
            let lower = certified_deep_lower(layers, k, n);
            let proven = deep::width_bound(layers, k, n);
            let observed = swept
                .as_ref()
                .and_then(|r| r.summary.iter().find(|s| s.k == k && s.n == n))
                .and_then(|s| s.observed_max);
            let paper = deep::paper_width_display(layers, k, n);
            DeepRow {
                layers,
                k,
                n,
                paper_lower: None,
                lower_neurons: lower.map(|l| l.0),
                lower_width: lower.map(|l| l.1),
                lower_rule: if lower.is_some() { "windows" } else { "-" }.to_string(),
                paper_upper_width: paper,
                proven_width: proven,
                proven_neurons: (layers - 1) * proven,
                proven_upper_construction: deep::name(layers).to_string(),
                observed_max_width: observed,
                verdict: verdict(lower.map(|l| l.1), proven, observed).to_string(),
            }
        })
        .collect()
}

fn opt(v: Option<usize>) -> String {
    v.map_or("-".to_string(), |x| x.to_string())
}

fn interval(lo: Option<usize>, hi: usize) -> String {
    match lo {
        Some(l) if l == hi => l.to_string(),
        _ => format!("[{}, {hi}]", opt(lo)),
    }
}

/// The legend printed above the deep text tables.
pub const DEEP_LEGEND: &str = "\
kinds: lower neurons / lower width = certified for every instance (the windows lower certificate of `ftcert lower --layers L`, checked in this run: some instance of (K, N) needs that many hidden neurons in all, and a hidden layer that wide); proven width = claims.bound of deep-L (max hidden width, enforced by the checker on every certificate), proven neurons = (L - 1) x proven width; observed max width = max over T of deep-L's verified max hidden width on the one swept instance (K <= 10), evidence only.
paper: no lower bound for L >= 4; paper width = Prop 6.1 as reconstructed (spec constructions.md 3.6), 4*min(sqrt(3*ceil(N/B)+2),sqrt(K))+2 with B = floor((L-1)/2), rounded to two decimals, not checked.
verdict (about the width): exact = lower width equals proven width; tight = observed max width equals lower width < proven width; open = neither.
";

/// The table of the deep rows (aligned text or markdown; the table renderer of `bounds`).
pub fn render_deep(rows: &[DeepRow], format: BoundsFormat) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.k.to_string(),
                r.n.to_string(),
                opt(r.paper_lower),
                opt(r.lower_neurons),
                opt(r.lower_width),
                r.lower_rule.clone(),
                r.paper_upper_width.clone(),
                r.proven_width.to_string(),
                r.proven_neurons.to_string(),
                r.proven_upper_construction.clone(),
                opt(r.observed_max_width),
                interval(r.lower_width, r.proven_width),
                r.verdict.clone(),
            ]
        })
        .collect();
    let headers = [
        "K",
        "N",
        "paper lower",
        "lower neurons",
        "lower width",
        "rule",
        "paper width (Prop 6.1)",
        "proven width",
        "proven neurons",
        "construction",
        "observed max width",
        "width*",
        "verdict",
    ];
    super::capacity::table(&headers, &cells, format)
}

/// The text of `bounds --layers L` (L ≥ 4) in table or markdown format.
pub fn render_deep_report(layers: usize, rows: &[DeepRow], format: BoundsFormat) -> String {
    let mut s = DEEP_LEGEND.to_string();
    let _ = writeln!(
        s,
        "\n{layers} layers: certified lower bounds (total hidden neurons, max hidden width) vs the proven bound of {} and the paper's width bound",
        deep::name(layers)
    );
    s.push_str(&render_deep(rows, format));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// K = 14, N = 4 (κ = 12): depth 4 needs 5 neurons and width 2 (docs/lower-bounds.md).
    #[test]
    fn worked_example_depth_4() {
        assert_eq!(certified_deep_lower(4, 14, 4), Some((5, 2)));
        let rows = deep_rows(4, 14);
        let r = &rows[4];
        assert_eq!((r.lower_neurons, r.lower_width, r.paper_lower), (Some(5), Some(2), None));
        assert_eq!(r.proven_width, deep::width_bound(4, 14, 4));
        assert_eq!(r.proven_neurons, 3 * r.proven_width);
        assert_eq!(r.observed_max_width, None, "K = 14 is not swept");
        assert_eq!(rows[0].lower_neurons, Some(0));
        assert_eq!((rows[0].proven_width, rows[0].verdict.as_str()), (0, "exact"));
    }

    /// The certified columns are exactly the counts of docs/lower-bounds.md (κ = min{3N, K − 2}
    /// forced breakpoints), and never above the proven width.
    #[test]
    fn certified_columns_are_the_least_counts() {
        use crate::lower::counts::{kappa, least_neurons, least_width};
        for layers in [4, 5] {
            for k in [3, 7, 12, 30] {
                for n in 0..=k {
                    let kap = kappa(k, n);
                    let expected = (least_neurons(layers, kap), least_width(layers, kap));
                    assert_eq!(certified_deep_lower(layers, k, n), Some(expected), "L={layers} K={k} N={n}");
                    assert!(expected.1 <= deep::width_bound(layers, k, n), "L={layers} K={k} N={n}");
                }
            }
        }
        // K = 100, N = 10 (κ = 30): depth 4 needs width 3 (widths 2, 2, 2 give at most
        // P_3 = 3·(1 + 2 + 2·2) = 21 pieces, 20 breakpoints); depth 5 width 2 (63 pieces).
        assert_eq!(certified_deep_lower(4, 100, 10), Some((least_neurons(4, 30), 3)));
        assert_eq!(certified_deep_lower(5, 100, 10).map(|l| l.1), Some(2));
    }

    /// K = 10 at depth 4: the swept observed widths and the rendered row.
    #[test]
    fn depth_4_k_10_table() {
        let rows = deep_rows(4, 10);
        let observed: Vec<Option<usize>> = rows.iter().map(|r| r.observed_max_width).collect();
        assert_eq!(observed[..4], [Some(0), Some(4), Some(4), Some(6)]);
        assert!(rows.iter().all(|r| r.observed_max_width.unwrap() <= r.proven_width));
        assert!(rows.iter().all(|r| r.lower_width.unwrap() <= r.observed_max_width.unwrap()));
        let r = &rows[1];
        assert_eq!(
            (r.lower_neurons, r.lower_width, r.proven_width, r.proven_neurons),
            (Some(3), Some(1), 6, 18)
        );
        assert_eq!(r.paper_upper_width, "10.94");
        let text = render_deep(&rows, BoundsFormat::Table);
        assert!(text.contains("10  1   -            3              1            windows  10.94"), "{text}");
        assert!(text.contains("[1, 6]  open"), "{text}");
    }
}
