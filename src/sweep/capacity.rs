//! `ftcert bounds --layers 2|3 [--m M] [--k K]`: the paper's bounds on m*(K, N) and on the
//! capacity N*(m, K) (Theorem 4.1 / Corollary 4.2, Theorem 5.1 / Corollary 5.2, clamped at 0)
//! next to what the tool establishes, with the statements that those numbers contradict (F9).
//!
//! Three kinds of numbers, named apart in every column and JSON field (docs/guide.md, "Capacity
//! tables"):
//! 1. **certified for every instance** (`lower`): the `windows` certificate of (K, N) at this depth
//!    (and `case-split` for 2 layers, K ∈ {3, 4}), built and accepted by `ftcert-check` in this
//!    run. m*(K, N) is a max over instances, so one hard instance that needs L neurons proves
//!    m* ≥ L.
//! 2. **proven bound of a construction** (`proven_upper`): the smallest `claims.bound` formula of
//!    the depth's constructions at (K, N). The construction meets it on every instance by its
//!    proof (paper, spec), and the checker enforces it on every certificate. This is the upper
//!    bound on m*.
//! 3. **observed** (`observed_max`, K ≤ [`SWEEP_MAX_K`]): max over T ⊆ [K], |T| = N, of the min over
//!    the depth's constructions of the verified neurons, on the one generated instance that the
//!    sweep builds (d = 2, seed 0). Evidence only: a certificate proves "this instance needs at
//!    most m", nothing about another instance, so an observed number is never shown as m* and
//!    never used for a contradiction.
//!
//! N*(m, K) = max{N : m*(K, N) ≤ m}. From kinds 1 and 2: N* ≥ max{N : proven_upper(K, N) ≤ m}
//! and N* ≤ max{N : lower(K, N) ≤ m}; the smallest N with lower(K, N) > m is "ruled out".

use super::{constructions_for, run, SweepConfig};
use crate::certificate;
use crate::construct::ConstructionId;
use crate::instance::hard_instance;
use crate::lower::case_split::zigzag_certificate;
use crate::lower::windows_certificate;
use ftcert_check::{check_str, Limits, Verdict};
use serde::Serialize;
use std::fmt::Write;

/// Largest K for which the observed column comes from an exhaustive sweep.
pub const SWEEP_MAX_K: usize = 10;

/// Output format of `ftcert bounds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BoundsFormat {
    Table,
    Markdown,
    Json,
}

/// One (K, N): the paper's interval for m*(K, N) beside the three kinds of numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MStarRow {
    pub layers: usize,
    pub k: usize,
    pub n: usize,
    /// The paper's lower bound formula: Theorem 4.1 min{3N, K − 2} (2 layers); Theorem 5.1 the
    /// smallest m with (m² + m)/2 ≥ min{3N, K − 2} (3 layers). 0 for N = 0.
    pub paper_lower: usize,
    /// The paper's upper bound: Theorem 4.1 min{3N + 1, K − 1}; Theorem 5.1 ⌊min{4√K, 2√K + 3N,
    /// 6√(3N + 2)}⌋.
    pub paper_upper: usize,
    /// Kind 1, certified for every instance: the best accepted lower certificate (None if
    /// rejected) and its rule.
    pub lower: Option<usize>,
    pub lower_rule: String,
    /// Kind 2, proven bound of a construction: the smallest `claims.bound` of the depth's
    /// constructions at (K, N), and that construction.
    pub proven_upper: usize,
    pub proven_upper_construction: String,
    /// Kind 3, observed: max over T (|T| = N) of the min over the depth's constructions on the
    /// swept generated instance (K ≤ 10; None otherwise). Not a bound on m*.
    pub observed_max: Option<usize>,
    /// `exact` (lower = proven_upper: m* proven), `tight` (observed_max = lower < proven_upper:
    /// attained on the swept instance, m* not proven) or `open`.
    pub verdict: String,
}

/// One K: the paper's statement about N*(m, K) next to the interval from kinds 1 and 2.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapacityRow {
    pub layers: usize,
    pub m: usize,
    pub k: usize,
    /// The corollary and its case, e.g. `Cor 4.2: K > m + 1`.
    pub paper_statement: String,
    /// The paper's interval for N* (formulas clamped at 0).
    pub paper_low: usize,
    pub paper_high: usize,
    /// N* ≥ nstar_low = max{N : proven_upper(K, N) ≤ m} (kind 2).
    pub nstar_low: usize,
    /// N* ≤ nstar_high = max{N : lower(K, N) ≤ m} (kind 1; None if a lower certificate was rejected).
    pub nstar_high: Option<usize>,
    /// The smallest N that the lower certificates rule out (lower(K, N) > m), if any.
    pub smallest_ruled_out: Option<usize>,
    /// Kind 3: max{N : observed_max(K, N) ≤ m} on the swept instance (None if K was not swept).
    pub observed_nstar: Option<usize>,
    /// Whether kind 1 or kind 2 numbers contradict the paper's interval.
    pub contradicts_paper: bool,
    /// What the contradiction is, and a command that shows it (empty if none).
    pub note: String,
}

fn accepted_neurons(text: &str) -> Option<usize> {
    match check_str(text, &Limits::default()) {
        Verdict::Accepted(s) => Some(s.neurons),
        _ => None,
    }
}

/// The best accepted lower certificate of (K, N) at this depth and its rule (kind 1).
pub fn certified_lower(layers: usize, k: usize, n: usize) -> (Option<usize>, &'static str) {
    let mut best: (Option<usize>, &str) = (None, "-");
    if let Some(l) = accepted_neurons(&certificate::lower(&windows_certificate(k, n, 1, layers), false)) {
        best = (Some(l), "windows");
    }
    if layers == 2 {
        if let Some(cs) = zigzag_certificate(k, n, 1) {
            if let Some(l) = accepted_neurons(&certificate::lower_case_split(&cs, false)) {
                if best.0.is_none_or(|b| l > b) {
                    best = (Some(l), "case-split");
                }
            }
        }
    }
    best
}

/// ⌊√x⌋.
fn isqrt(x: usize) -> usize {
    (x as u128).isqrt() as usize
}

/// The paper's interval for m*(K, N) (Theorem 4.1 / 5.1).
pub fn paper_mstar(layers: usize, k: usize, n: usize) -> (usize, usize) {
    if n == 0 {
        return (0, 0);
    }
    let kappa = (3 * n).min(k - 2);
    if layers == 2 {
        return (kappa, (3 * n + 1).min(k - 1));
    }
    let low = (0..).find(|m: &usize| m * m + m >= 2 * kappa).unwrap_or(0);
    let high = isqrt(16 * k).min(isqrt(4 * k) + 3 * n).min(isqrt(36 * (3 * n + 2)));
    (low, high)
}

/// The depth's construction with the smallest bound formula at (K, N) (first on ties): kind 2.
pub fn formula_upper(layers: usize, k: usize, n: usize) -> (usize, ConstructionId) {
    constructions_for(layers)
        .into_iter()
        .map(|c| (c.bound(k, n), c))
        .min_by_key(|(b, _)| *b)
        .expect("the depth has constructions")
}

/// The verdict of a row from its three kinds (also the deep table's, about the width).
pub(crate) fn verdict(lower: Option<usize>, proven: usize, observed: Option<usize>) -> &'static str {
    match lower {
        Some(l) if l == proven => "exact",
        Some(l) if observed == Some(l) => "tight",
        _ => "open",
    }
}

/// The failure-free sweep of every T of this one K, when K ≤ `max_k` (observed numbers).
pub(crate) fn swept(layers: usize, k: usize, max_k: usize) -> Option<super::SweepReport> {
    (k <= max_k)
        .then(|| run(&SweepConfig::new(layers, k, k)).ok().filter(|r| r.failures.is_empty()))
        .flatten()
}

/// The m*(K, N) rows of one K.
pub fn mstar_rows(layers: usize, k: usize) -> Vec<MStarRow> {
    let swept = swept(layers, k, SWEEP_MAX_K);
    (0..=k)
        .map(|n| {
            let (paper_lower, paper_upper) = paper_mstar(layers, k, n);
            let (lower, rule) = certified_lower(layers, k, n);
            let (proven, id) = formula_upper(layers, k, n);
            let observed = swept
                .as_ref()
                .and_then(|r| r.summary.iter().find(|s| s.k == k && s.n == n))
                .and_then(|s| s.observed_max);
            MStarRow {
                layers,
                k,
                n,
                paper_lower,
                paper_upper,
                lower,
                lower_rule: rule.to_string(),
                proven_upper: proven,
                proven_upper_construction: id.name().to_string(),
                observed_max: observed,
                verdict: verdict(lower, proven, observed).to_string(),
            }
        })
        .collect()
}

/// The paper's statement about N*(m, K): (text, low, high), clamped at 0.
pub fn paper_capacity(layers: usize, m: usize, k: usize) -> (String, usize, usize) {
    if layers == 2 {
        // Corollary 4.2: N* = K if K ≤ m + 1, else ⌊(m − 1)/3⌋ ≤ N* ≤ ⌊m/3⌋.
        if k <= m + 1 {
            return ("Cor 4.2: K ≤ m + 1, N* = K".to_string(), k, k);
        }
        return ("Cor 4.2: K > m + 1, ⌊(m−1)/3⌋ ≤ N* ≤ ⌊m/3⌋".to_string(), m.saturating_sub(1) / 3, m / 3);
    }
    // Corollary 5.2: A = ⌊m²/16⌋, B = (m² + m + 4)/2, LB = max(0, ⌊m²/108 − 2/3⌋) = max(0,
    // ⌊(m² − 72)/108⌋), UB = ⌊(m² + m)/6⌋.
    let a = m * m / 16;
    let b = (m * m + m + 4) / 2;
    let lb = (m * m).saturating_sub(72) / 108;
    let ub = (m * m + m) / 6;
    if k <= a {
        (format!("Cor 5.2(1): K ≤ ⌊m²/16⌋ = {a}, N* = K"), k, k)
    } else if k <= b {
        (format!("Cor 5.2(2): {a} < K ≤ (m²+m+4)/2 = {b}, LB = {lb} ≤ N* ≤ K"), lb.min(k), k)
    } else {
        (format!("Cor 5.2(3): K > {b}, LB = {lb} ≤ N* ≤ UB = {ub}"), lb.min(k), ub.min(k))
    }
}

/// A command that builds the proven construction at (K, N) on the hard T.
fn upper_command(row: &MStarRow) -> String {
    let t: Vec<String> = hard_instance(row.k, row.n, 1).t.iter().map(usize::to_string).collect();
    format!("ftcert build --construction {} --k {} --t {}", row.proven_upper_construction, row.k, t.join(","))
}

/// max{N : f(row) ≤ m} over the rows (0 if none).
fn max_n(rows: &[MStarRow], m: usize, f: impl Fn(&MStarRow) -> Option<usize>) -> usize {
    rows.iter().filter(|r| f(r).is_some_and(|v| v <= m)).map(|r| r.n).max().unwrap_or(0)
}

/// The capacity row of (m, K) from its m*(K, N) rows.
pub fn capacity_row(rows: &[MStarRow], m: usize) -> CapacityRow {
    let (layers, k) = (rows[0].layers, rows[0].k);
    let (statement, paper_low, paper_high) = paper_capacity(layers, m, k);
    let nstar_low = max_n(rows, m, |r| Some(r.proven_upper));
    let nstar_high = rows.iter().all(|r| r.lower.is_some()).then(|| max_n(rows, m, |r| r.lower));
    let observed_nstar =
        rows.iter().all(|r| r.observed_max.is_some()).then(|| max_n(rows, m, |r| r.observed_max));
    let ruled = rows.iter().find(|r| r.lower.is_some_and(|l| l > m)).map(|r| r.n);
    let mut notes = Vec::new();
    if nstar_low > paper_high {
        let row = &rows[nstar_low];
        notes.push(format!(
            "paper says N* ≤ {paper_high}, but N = {nstar_low} fits in {} ≤ m = {m} neurons on every instance: the proven bound of {} (enforced by the checker on every certificate): `{}`",
            row.proven_upper,
            row.proven_upper_construction,
            upper_command(row)
        ));
    }
    if let Some(ch) = nstar_high {
        if ch < paper_low {
            notes.push(format!(
                "paper says N* ≥ {paper_low}, but N = {} needs {} > m = {m} neurons (certified lower bound): `ftcert lower --layers {layers} --k {k} --n {}`",
                ch + 1,
                rows[ch + 1].lower.unwrap_or(0),
                ch + 1
            ));
        }
    }
    let contradicts = !notes.is_empty();
    // F9, Cor 5.2(1): N* = K holds with the edge-saving U1 only.
    if layers == 3 && paper_low == k && paper_high == k {
        let plain = ConstructionId::ThreeLayerU1.bound(k, k);
        let edge = ConstructionId::ThreeLayerU1Edge.bound(k, k);
        if plain > m && edge <= m {
            notes.push(format!(
                "N* = K holds only with the edge saving (F9): three-layer-u1 needs {plain} > {m}, three-layer-u1-edge {edge}: `ftcert build --construction three-layer-u1-edge --k {k} --t 1`"
            ));
        }
    }
    CapacityRow {
        layers,
        m,
        k,
        paper_statement: statement,
        paper_low,
        paper_high,
        nstar_low,
        nstar_high,
        smallest_ruled_out: ruled,
        observed_nstar,
        contradicts_paper: contradicts,
        note: notes.join("; "),
    }
}

fn opt(v: Option<usize>) -> String {
    v.map_or("-".to_string(), |x| x.to_string())
}

fn interval(lo: Option<usize>, hi: Option<usize>) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) if l == h => l.to_string(),
        _ => format!("[{}, {}]", opt(lo), opt(hi)),
    }
}

/// The one table renderer of `bounds` (aligned text or markdown).
pub(crate) fn table(headers: &[&str], rows: &[Vec<String>], format: BoundsFormat) -> String {
    let mut s = String::new();
    if format == BoundsFormat::Markdown {
        let _ = writeln!(s, "| {} |", headers.join(" | "));
        let _ = writeln!(s, "|{}", "---|".repeat(headers.len()));
        for r in rows {
            let _ = writeln!(s, "| {} |", r.join(" | "));
        }
        return s;
    }
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut line = |cells: Vec<String>| {
        let parts: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
        let _ = writeln!(s, "{}", parts.join("  ").trim_end());
    };
    line(headers.iter().map(|h| h.to_string()).collect());
    for r in rows {
        line(r.clone());
    }
    s
}

/// The m*(K, N) table.
pub fn render_mstar(rows: &[MStarRow], format: BoundsFormat) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.k.to_string(),
                r.n.to_string(),
                r.paper_lower.to_string(),
                opt(r.lower),
                r.lower_rule.clone(),
                r.paper_upper.to_string(),
                r.proven_upper.to_string(),
                r.proven_upper_construction.clone(),
                opt(r.observed_max),
                interval(r.lower, Some(r.proven_upper)),
                r.verdict.clone(),
            ]
        })
        .collect();
    table(
        &[
            "K",
            "N",
            "paper lower",
            "lower",
            "rule",
            "paper upper",
            "proven upper",
            "construction",
            "observed max",
            "m*",
            "verdict",
        ],
        &cells,
        format,
    )
}

/// The N*(m, K) table, then one line per note.
pub fn render_capacity(rows: &[CapacityRow], format: BoundsFormat) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.k.to_string(),
                r.m.to_string(),
                r.paper_statement.clone(),
                interval(Some(r.paper_low), Some(r.paper_high)),
                interval(Some(r.nstar_low), r.nstar_high),
                opt(r.smallest_ruled_out),
                opt(r.observed_nstar),
                if r.contradicts_paper { "CONTRADICTS PAPER".to_string() } else { "consistent".to_string() },
            ]
        })
        .collect();
    let mut s = table(
        &["K", "m", "paper statement", "paper N*", "N*", "ruled out from", "observed N*", "verdict"],
        &cells,
        format,
    );
    for r in rows.iter().filter(|r| !r.note.is_empty()) {
        let _ = writeln!(
            s,
            "{}K = {}, m = {}: {}",
            if format == BoundsFormat::Markdown { "\n- " } else { "" },
            r.k,
            r.m,
            r.note
        );
    }
    s
}

/// Everything `ftcert bounds` prints for one depth and K range (the JSON schema of
/// `--format json`, docs/guide.md).
#[derive(Clone, Debug, Serialize)]
pub struct BoundsReport {
    pub layers: usize,
    pub widths: Vec<MStarRow>,
    /// Empty without `--m`.
    pub capacity: Vec<CapacityRow>,
    /// Depth L ≥ 4 only (then `widths` and `capacity` are empty): one row per (K, N)
    /// ([`super::deep_bounds`]); absent from the JSON for 2 and 3 layers.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub deep: Vec<super::deep_bounds::DeepRow>,
}

/// Computes the report for K in `k_min..=k_max` (and the capacity for `m`, 2 and 3 layers).
pub fn report(layers: usize, k_min: usize, k_max: usize, m: Option<usize>) -> BoundsReport {
    if layers >= 4 {
        let deep = (k_min..=k_max).flat_map(|k| super::deep_bounds::deep_rows(layers, k)).collect();
        return BoundsReport { layers, widths: Vec::new(), capacity: Vec::new(), deep };
    }
    let mut widths = Vec::new();
    let mut capacity = Vec::new();
    for k in k_min..=k_max {
        let rows = mstar_rows(layers, k);
        if let Some(m) = m {
            capacity.push(capacity_row(&rows, m));
        }
        widths.extend(rows);
    }
    BoundsReport { layers, widths, capacity, deep: Vec::new() }
}

/// The legend printed above the text tables: what kind of fact each column is.
pub const LEGEND: &str = "\
kinds: lower = certified for every instance (lower certificate checked in this run); proven upper = proven bound of the construction named (claims.bound, enforced by the checker on every certificate); observed max = max over T on the one swept instance (K <= 10), evidence only.
verdict: exact = lower equals proven upper (m* proven); tight = observed max equals lower < proven upper (m* not proven); open = neither. N* and CONTRADICTS PAPER use only lower and proven upper.
";

/// Renders the report.
pub fn render(report: &BoundsReport, format: BoundsFormat) -> String {
    if format == BoundsFormat::Json {
        let mut s = serde_json::to_string_pretty(report).expect("report serialises");
        s.push('\n');
        return s;
    }
    if report.layers >= 4 {
        return super::deep_bounds::render_deep_report(report.layers, &report.deep, format);
    }
    let theorem = if report.layers == 2 { "Thm 4.1" } else { "Thm 5.1" };
    let mut s = LEGEND.to_string();
    let _ = writeln!(
        s,
        "\nm*(K, N), {} layers: paper ({theorem}) vs certified lower, proven upper, observed",
        report.layers
    );
    s.push_str(&render_mstar(&report.widths, format));
    if !report.capacity.is_empty() {
        let _ = writeln!(s, "\nN*(m, K) = max{{N : m*(K, N) ≤ m}}: paper vs lower and proven upper");
        s.push_str(&render_capacity(&report.capacity, format));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_corollary_5_2_table_of_the_spec() {
        for (m, a, b, lb, ub) in
            [(12, 9, 80, 0, 26), (21, 27, 233, 3, 77), (24, 36, 302, 4, 100), (36, 81, 668, 11, 222)]
        {
            assert_eq!(paper_capacity(3, m, a).1, a, "m={m}");
            assert_eq!(paper_capacity(3, m, a + 1).1, lb, "m={m}");
            assert_eq!(paper_capacity(3, m, b).2, b, "m={m}");
            assert_eq!(paper_capacity(3, m, b + 1).2, ub, "m={m}");
        }
        assert_eq!(paper_capacity(3, 8, 1000).1, 0, "clamped");
    }

    #[test]
    fn corollary_4_2_and_f9() {
        let row = capacity_row(&mstar_rows(2, 20), 10);
        assert_eq!((row.paper_low, row.paper_high), (3, 3));
        assert_eq!((row.nstar_low, row.nstar_high), (3, Some(3)));
        assert!(!row.contradicts_paper);
        // F9: K = m + 2 = 12 fits every N in m = 10 neurons by two-layer-optimal's proven bound.
        let row = capacity_row(&mstar_rows(2, 12), 10);
        assert_eq!((row.paper_low, row.paper_high), (3, 3));
        assert_eq!((row.nstar_low, row.nstar_high), (12, Some(12)));
        assert!(row.contradicts_paper, "{row:?}");
        assert!(row.note.contains("two-layer-optimal"), "{}", row.note);
    }

    /// K = 4, N = 4 needs 3 neurons (case-split); the swept instance happens to need only 2,
    /// which must not be shown as m* nor used against Corollary 4.2.
    #[test]
    fn k4_upper_is_the_proven_bound_not_the_observed_one() {
        let rows = mstar_rows(2, 4);
        let r = &rows[4];
        assert_eq!((r.lower, r.proven_upper, r.observed_max), (Some(3), 3, Some(2)));
        assert_eq!(r.verdict, "exact");
        let cap = capacity_row(&rows, 2);
        assert_eq!((cap.nstar_low, cap.nstar_high, cap.observed_nstar), (1, Some(1), Some(4)));
        // What remains is true (F9 at K = m + 2): N = 1 needs exactly K − 2 = 2 neurons, while
        // Cor 4.2 says N* ≤ ⌊m/3⌋ = 0.
        assert!(cap.contradicts_paper, "{cap:?}");
        assert!(cap.note.starts_with("paper says N* ≤ 0, but N = 1 fits in 2 ≤ m = 2"), "{}", cap.note);
        let text = render(&report(2, 4, 4, Some(2)), BoundsFormat::Table);
        assert!(!text.contains("N = 4 fits"), "{text}");
        assert!(text.contains("4  4  2            3      case-split  3            3"), "{text}");
    }

    /// No capacity number comes from an observed one: making every observed value 0 changes
    /// nothing but the observed column.
    #[test]
    fn capacity_ignores_observed_numbers() {
        for (layers, k, m) in [(2, 4, 2), (2, 8, 6), (3, 4, 4), (3, 7, 5), (3, 9, 6)] {
            let rows = mstar_rows(layers, k);
            let blind: Vec<MStarRow> = rows
                .iter()
                .cloned()
                .map(|mut r| {
                    r.observed_max = Some(0);
                    r
                })
                .collect();
            let (a, b) = (capacity_row(&rows, m), capacity_row(&blind, m));
            assert_eq!(
                (a.nstar_low, a.nstar_high, a.contradicts_paper, &a.note),
                (b.nstar_low, b.nstar_high, b.contradicts_paper, &b.note),
                "layers={layers} K={k} m={m}"
            );
            assert!(rows.iter().all(|r| r.proven_upper >= r.lower.unwrap_or(0)));
        }
    }

    /// Every CONTRADICTS PAPER line for K ≤ 14, m ≤ 16 is F9 at K = m + 2 ≥ 4 (2 layers): there
    /// K − 2 = m neurons fit every N, and N* = K (K ≥ 5) or 1 (K = 4), above ⌊m/3⌋.
    #[test]
    fn every_contradiction_is_f9_at_k_m_plus_2() {
        for layers in [2, 3] {
            for k in 3..=14 {
                let rows = mstar_rows(layers, k);
                for m in 0..=16 {
                    let r = capacity_row(&rows, m);
                    let f9 = layers == 2 && k == m + 2 && k >= 4;
                    assert_eq!(r.contradicts_paper, f9, "layers={layers} K={k} m={m}: {r:?}");
                    if f9 {
                        let expected = if k == 4 { 1 } else { k };
                        assert_eq!((r.nstar_low, r.nstar_high), (expected, Some(expected)), "{r:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn every_two_layer_width_is_exact_up_to_k_12() {
        for k in 3..=12 {
            let rows = mstar_rows(2, k);
            assert!(rows.iter().all(|r| r.verdict == "exact"), "{rows:?}");
            // Corollary 4.2 made exact for K ≥ 5: N* = K if K ≤ m + 2, else ⌊m/3⌋.
            for m in 0..=12 {
                let row = capacity_row(&rows, m);
                assert_eq!(row.nstar_high, Some(row.nstar_low), "K={k} m={m}");
                if k >= 5 {
                    let expected = if k <= m + 2 { k } else { m / 3 };
                    assert_eq!(row.nstar_low, expected, "K={k} m={m}");
                }
            }
        }
    }
}
