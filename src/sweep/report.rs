//! Sweep tables: one row per (construction, K, N), printed as text, markdown or JSON.

use serde::Serialize;
use std::fmt::Write;

/// Output format of a table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
}

/// One row of the sweep table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub construction: String,
    pub k: usize,
    pub n: usize,
    /// Number of sets T with |T| = N whose certificate was accepted.
    pub sets: usize,
    /// Largest verified neuron count over those T.
    pub max_neurons: usize,
    /// The construction's bound at (K, N).
    pub bound: usize,
    /// The certified lower bound of (K, N) (None if its certificate was rejected): on the total
    /// hidden neurons, or for deep constructions (≥ 4 layers) on the max hidden width.
    pub lower: Option<usize>,
    /// The paper's own lower bound at (K, N) ([`crate::lower::paper_lower`]: Thm 4.1 for 2 layers,
    /// Thm 5.1 for 3 layers; None for deeper networks, where the paper states none).
    pub paper_lower: Option<usize>,
    /// `tight` when max = lower, `gap g` when max exceeds lower by g.
    pub verdict: String,
    /// 3-layer constructions with a paper bound: the formula id and its value truncated to two
    /// decimals, e.g. `4*sqrt(K) = 8.94` (absent otherwise, also in JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paper_bound: Option<String>,
    /// Whether `max_neurons` meets the paper bound (decided exactly with integers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meets_paper_bound: Option<bool>,
}

impl Row {
    /// A row with its verdict.
    pub fn new(
        construction: &str,
        k: usize,
        n: usize,
        sets: usize,
        max_neurons: usize,
        bound: usize,
        lower: Option<usize>,
    ) -> Row {
        let verdict = match lower {
            None => "unknown (lower certificate rejected)".to_string(),
            // `exact`: the optimal construction meets the certified lower bound, so m*(K, N) is
            // known (docs/two-layer-exact.md).
            Some(l) if max_neurons == l && construction == "two-layer-optimal" => "exact".to_string(),
            Some(l) if max_neurons == l => "tight".to_string(),
            Some(l) if max_neurons > l => format!("gap {}", max_neurons - l),
            Some(l) => format!("CONTRADICTION (below lower bound {l})"),
        };
        let layers = crate::construct::ConstructionId::from_name(construction).map_or(0, |id| id.layers());
        Row {
            construction: construction.to_string(),
            k,
            n,
            sets,
            max_neurons,
            bound,
            lower,
            paper_lower: crate::lower::paper_lower(layers, k, n),
            verdict,
            paper_bound: None,
            meets_paper_bound: None,
        }
    }

    /// The row with its paper bound (formula id, truncated value) and whether the max meets it.
    pub fn with_paper(mut self, formula: &str, value: &str, meets: bool) -> Row {
        self.paper_bound = Some(format!("{formula} = {value}"));
        self.meets_paper_bound = Some(meets);
        self
    }
}

const HEADERS: [&str; 9] =
    ["construction", "K", "N", "sets", "max neurons", "bound", "lower", "paper lower", "verdict"];

/// The extra columns of tables with paper bounds (3-layer sweeps).
const PAPER_HEADERS: [&str; 2] = ["paper bound", "meets paper bound"];

fn is_deep(rows: &[Row]) -> bool {
    !rows.is_empty() && rows.iter().all(|r| r.construction.starts_with("deep-"))
}

fn has_paper(rows: &[Row]) -> bool {
    rows.iter().any(|r| r.paper_bound.is_some())
}

fn headers(paper: bool, deep: bool) -> Vec<&'static str> {
    let mut h = HEADERS.to_vec();
    if deep {
        // Deep constructions bound the largest hidden layer, not the total (certificate-format.md).
        h[4] = "max width";
        h[5] = "width bound";
    }
    if paper {
        h.extend(PAPER_HEADERS);
    }
    h
}

fn all_cells(row: &Row, paper: bool) -> Vec<String> {
    let mut c = cells(row).to_vec();
    if paper {
        c.push(row.paper_bound.clone().unwrap_or_else(|| "-".to_string()));
        c.push(match row.meets_paper_bound {
            Some(true) => "yes".to_string(),
            Some(false) => "no".to_string(),
            None => "-".to_string(),
        });
    }
    c
}

fn cells(row: &Row) -> [String; 9] {
    [
        row.construction.clone(),
        row.k.to_string(),
        row.n.to_string(),
        row.sets.to_string(),
        row.max_neurons.to_string(),
        row.bound.to_string(),
        row.lower.map_or("-".to_string(), |l| l.to_string()),
        row.paper_lower.map_or("-".to_string(), |l| l.to_string()),
        row.verdict.clone(),
    ]
}

/// Renders rows in the chosen format (text ends with a newline).
pub fn render(rows: &[Row], format: Format) -> String {
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(rows).expect("rows serialise");
            s.push('\n');
            s
        }
        Format::Markdown => {
            let paper = has_paper(rows);
            let headers = headers(paper, is_deep(rows));
            let mut s = format!("| {} |\n", headers.join(" | "));
            let _ = writeln!(s, "|{}", "---|".repeat(headers.len()));
            for row in rows {
                let _ = writeln!(s, "| {} |", all_cells(row, paper).join(" | "));
            }
            s
        }
        Format::Table => {
            let paper = has_paper(rows);
            let headers = headers(paper, is_deep(rows));
            let all: Vec<Vec<String>> = rows.iter().map(|r| all_cells(r, paper)).collect();
            let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
            for r in &all {
                for (w, c) in widths.iter_mut().zip(r) {
                    *w = (*w).max(c.chars().count());
                }
            }
            let mut s = String::new();
            let line = |s: &mut String, r: &[String]| {
                let parts: Vec<String> = r
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| if i == 0 || i >= 8 { format!("{c:<w$}") } else { format!("{c:>w$}") })
                    .collect();
                let _ = writeln!(s, "{}", parts.join("  ").trim_end());
            };
            let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
            line(&mut s, &headers);
            for r in &all {
                line(&mut s, r);
            }
            s
        }
    }
}
