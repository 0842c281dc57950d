//! `ftcert bounds --layers 2|3 [--m M] [--k K]`: the paper's bounds on m*(K, N) and on the
//! capacity N*(m, K) (Theorem 4.1 / Corollary 4.2, Theorem 5.1 / Corollary 5.2, clamped at 0)
//! next to what the tool certifies, with the statements that certified numbers contradict (F9).
//!
//! What "certified" means here (docs/guide.md, "Capacity tables"):
//! - **lower** m*(K, N): the `windows` certificate of (K, N) at this depth (and `case-split` for 2
//!   layers, K ∈ {3, 4}), built and accepted by `ftcert-check` in this run, for every (K, N).
//! - **upper** m*(K, N), source `sweep` (K ≤ [`SWEEP_MAX_K`]): the exhaustive sweep of every
//!   T ⊆ [K] in this run, max over T of the min over the depth's constructions of the verified
//!   neurons. Source `formula` (larger K): the smallest bound formula of the depth's constructions
//!   at (K, N); the checker's registry evaluates that formula itself and refuses every
//!   certificate above it, and the swept K (and `ftcert build` for any T) show it is met, but the
//!   2^K sets are not enumerated.
//!
//! N*(m, K) = max{N : m*(K, N) ≤ m}. Certified: N* ≥ max{N : upper(K, N) ≤ m} and
//! N* ≤ max{N : lower(K, N) ≤ m}; the smallest N with lower(K, N) > m is "ruled out".

use super::{constructions_for, run, SweepConfig};
use crate::certificate;
use crate::construct::ConstructionId;
use crate::instance::hard_instance;
use crate::lower::case_split::zigzag_certificate;
use crate::lower::windows_certificate;
use ftcert_check::{check_str, Limits, Verdict};
use serde::Serialize;
use std::fmt::Write;

/// Largest K for which the upper bounds come from an exhaustive sweep.
pub const SWEEP_MAX_K: usize = 10;

/// Output format of `ftcert bounds`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BoundsFormat {
    Table,
    Markdown,
    Json,
}

/// One (K, N): the paper's interval for m*(K, N) and the certified one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MStarRow {
    pub layers: usize,
    pub k: usize,
    pub n: usize,
    /// Theorem 4.1 (2 layers) or 5.1 (3 layers): paper_low ≤ m* ≤ paper_high (3 layers: ⌊min of
    /// the real-valued bounds 4√K, 2√K + 3N, 6√(3N + 2)⌋).
    pub paper_low: usize,
    pub paper_high: usize,
    /// The best accepted lower certificate (None if rejected) and its rule.
    pub lower: Option<usize>,
    pub lower_rule: String,
    /// The certified upper bound and where it comes from (`sweep` or `formula`).
    pub upper: Option<usize>,
    pub upper_source: String,
    /// The construction(s) giving the upper bound (formula source: the argmin).
    pub upper_construction: String,
}

/// One K: the paper's statement about N*(m, K) next to the certified interval.
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
    /// Certified: N* ≥ certified_low (a construction fits every T of that size in m neurons).
    pub certified_low: Option<usize>,
    /// Certified: N* ≤ certified_high (lower certificates rule out every larger N).
    pub certified_high: Option<usize>,
    /// The smallest N that the lower certificates rule out (lower(K, N) > m), if any.
    pub smallest_ruled_out: Option<usize>,
    /// `sweep` or `formula` (of the upper bounds).
    pub upper_source: String,
    /// Whether certified numbers contradict the paper's interval.
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

/// The best accepted lower certificate of (K, N) at this depth and its rule.
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

/// The depth's construction with the smallest bound formula at (K, N) (first on ties).
pub fn formula_upper(layers: usize, k: usize, n: usize) -> (usize, ConstructionId) {
    constructions_for(layers)
        .into_iter()
        .map(|c| (c.bound(k, n), c))
        .min_by_key(|(b, _)| *b)
        .expect("the depth has constructions")
}

/// The m*(K, N) rows of one K.
pub fn mstar_rows(layers: usize, k: usize) -> Vec<MStarRow> {
    let swept = if k <= SWEEP_MAX_K {
        run(&SweepConfig::new(layers, k, k)).ok().filter(|r| r.failures.is_empty())
    } else {
        None
    };
    (0..=k)
        .map(|n| {
            let (paper_low, paper_high) = paper_mstar(layers, k, n);
            let (lower, rule) = certified_lower(layers, k, n);
            let (formula, id) = formula_upper(layers, k, n);
            let (upper, source, construction) = match &swept {
                Some(report) => {
                    let best =
                        report.summary.iter().find(|s| s.k == k && s.n == n).and_then(|s| s.best_upper);
                    (best, "sweep", "min over the depth's constructions".to_string())
                }
                None => (Some(formula), "formula", id.name().to_string()),
            };
            MStarRow {
                layers,
                k,
                n,
                paper_low,
                paper_high,
                lower,
                lower_rule: rule.to_string(),
                upper,
                upper_source: source.to_string(),
                upper_construction: construction,
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

/// A command that shows a certified upper bound at (K, N): the sweep for small K, one build of
/// the hard T otherwise.
fn upper_command(layers: usize, k: usize, n: usize, source: &str) -> String {
    if source == "sweep" {
        format!("ftcert sweep --layers {layers} --k-min {k} --k-max {k}")
    } else {
        let (_, id) = formula_upper(layers, k, n);
        let t: Vec<String> = hard_instance(k, n, 1).t.iter().map(usize::to_string).collect();
        format!("ftcert build --construction {} --k {k} --t {}", id.name(), t.join(","))
    }
}

/// The capacity row of (m, K) from its m*(K, N) rows.
pub fn capacity_row(rows: &[MStarRow], m: usize) -> CapacityRow {
    let (layers, k) = (rows[0].layers, rows[0].k);
    let (statement, paper_low, paper_high) = paper_capacity(layers, m, k);
    let all_upper = rows.iter().all(|r| r.upper.is_some());
    let all_lower = rows.iter().all(|r| r.lower.is_some());
    let certified_low = all_upper
        .then(|| rows.iter().filter(|r| r.upper.is_some_and(|u| u <= m)).map(|r| r.n).max().unwrap_or(0));
    let certified_high = all_lower
        .then(|| rows.iter().filter(|r| r.lower.is_some_and(|l| l <= m)).map(|r| r.n).max().unwrap_or(0));
    let ruled = rows.iter().find(|r| r.lower.is_some_and(|l| l > m)).map(|r| r.n);
    let source = rows[0].upper_source.clone();
    let mut notes = Vec::new();
    if let Some(cl) = certified_low {
        if cl > paper_high {
            let row = &rows[cl];
            notes.push(format!(
                "paper says N* ≤ {paper_high}, but N = {cl} fits in {} ≤ m = {m} neurons for every T ({}): `{}`",
                row.upper.unwrap_or(0),
                if source == "sweep" { "every T checked" } else { "bound formula; the command builds the hard T" },
                upper_command(layers, k, cl, &source)
            ));
        }
    }
    if let Some(ch) = certified_high {
        if ch < paper_low {
            notes.push(format!(
                "paper says N* ≥ {paper_low}, but N = {} needs {} > m = {m} neurons: `ftcert lower --layers {layers} --k {k} --n {}`",
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
        certified_low,
        certified_high,
        smallest_ruled_out: ruled,
        upper_source: source,
        contradicts_paper: contradicts,
        note: notes.join("; "),
    }
}

fn opt(v: Option<usize>) -> String {
    v.map_or("-".to_string(), |x| x.to_string())
}

fn interval(lo: Option<usize>, hi: Option<usize>) -> String {
    match (lo, hi) {
        (Some(l), Some(h)) if l == h => format!("{l} (exact)"),
        _ => format!("[{}, {}]", opt(lo), opt(hi)),
    }
}

fn table(headers: &[&str], rows: &[Vec<String>], format: BoundsFormat) -> String {
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
                format!("[{}, {}]", r.paper_low, r.paper_high),
                opt(r.lower),
                r.lower_rule.clone(),
                opt(r.upper),
                r.upper_source.clone(),
                r.upper_construction.clone(),
                interval(r.lower, r.upper),
            ]
        })
        .collect();
    table(
        &[
            "K",
            "N",
            "paper m*",
            "cert. lower",
            "rule",
            "cert. upper",
            "source",
            "construction",
            "certified m*",
        ],
        &cells,
        format,
    )
}

/// The N*(m, K) table.
pub fn render_capacity(rows: &[CapacityRow], format: BoundsFormat) -> String {
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.k.to_string(),
                r.m.to_string(),
                r.paper_statement.clone(),
                if r.paper_low == r.paper_high {
                    r.paper_low.to_string()
                } else {
                    format!("[{}, {}]", r.paper_low, r.paper_high)
                },
                interval(r.certified_low, r.certified_high),
                opt(r.smallest_ruled_out),
                r.upper_source.clone(),
                if r.contradicts_paper { "CONTRADICTS PAPER".to_string() } else { "consistent".to_string() },
            ]
        })
        .collect();
    let mut s = table(
        &["K", "m", "paper statement", "paper N*", "certified N*", "ruled out from", "upper from", "verdict"],
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

/// Everything `ftcert bounds` prints for one depth and K range.
#[derive(Clone, Debug, Serialize)]
pub struct BoundsReport {
    pub layers: usize,
    pub widths: Vec<MStarRow>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub capacity: Vec<CapacityRow>,
}

/// Computes the report for K in `k_min..=k_max` (and the capacity for `m`).
pub fn report(layers: usize, k_min: usize, k_max: usize, m: Option<usize>) -> BoundsReport {
    let mut widths = Vec::new();
    let mut capacity = Vec::new();
    for k in k_min..=k_max {
        let rows = mstar_rows(layers, k);
        if let Some(m) = m {
            capacity.push(capacity_row(&rows, m));
        }
        widths.extend(rows);
    }
    BoundsReport { layers, widths, capacity }
}

/// Renders the report.
pub fn render(report: &BoundsReport, format: BoundsFormat) -> String {
    if format == BoundsFormat::Json {
        let mut s = serde_json::to_string_pretty(report).expect("report serialises");
        s.push('\n');
        return s;
    }
    let theorem = if report.layers == 2 { "Thm 4.1" } else { "Thm 5.1" };
    let mut s = format!(
        "m*(K, N), {} layers: paper ({theorem}) vs certified (lower: checked certificates; upper: `sweep` = every T checked, `formula` = the checker's bound formula)\n",
        report.layers
    );
    s.push_str(&render_mstar(&report.widths, format));
    if !report.capacity.is_empty() {
        let _ = writeln!(s, "\nN*(m, K) = max{{N : m*(K, N) ≤ m}}: paper vs certified");
        s.push_str(&render_capacity(&report.capacity, format));
    }
    s
}

/// Runs `ftcert bounds`; returns the exit code.
pub fn cli(layers: usize, k_min: usize, k_max: usize, m: Option<usize>, format: BoundsFormat) -> u8 {
    if !(2..=3).contains(&layers) {
        eprintln!("error: bounds exist for --layers 2 and 3 (deep lower bounds: `ftcert lower --layers L`)");
        return 2;
    }
    if k_min < 3 || k_min > k_max || k_max > 1000 {
        eprintln!("error: K range {k_min}..={k_max} must lie in 3..=1000");
        return 2;
    }
    let report = report(layers, k_min, k_max, m);
    print!("{}", render(&report, format));
    u8::from(report.widths.iter().any(|r| r.lower.is_none() || r.upper.is_none()))
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
        assert_eq!((row.certified_low, row.certified_high), (Some(3), Some(3)));
        assert!(!row.contradicts_paper);
        let row = capacity_row(&mstar_rows(2, 12), 10);
        assert_eq!((row.paper_low, row.paper_high), (3, 3));
        assert_eq!((row.certified_low, row.certified_high), (Some(12), Some(12)));
        assert!(row.contradicts_paper, "{row:?}");
    }
}
