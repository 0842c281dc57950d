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
    /// The certified lower bound of (K, N) (None if its certificate was rejected).
    pub lower: Option<usize>,
    /// `tight` when max = lower, `gap g` when max exceeds lower by g.
    pub verdict: String,
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
            Some(l) if max_neurons == l => "tight".to_string(),
            Some(l) if max_neurons > l => format!("gap {}", max_neurons - l),
            Some(l) => format!("CONTRADICTION (below lower bound {l})"),
        };
        Row { construction: construction.to_string(), k, n, sets, max_neurons, bound, lower, verdict }
    }
}

const HEADERS: [&str; 8] = ["construction", "K", "N", "sets", "max neurons", "bound", "lower", "verdict"];

fn cells(row: &Row) -> [String; 8] {
    [
        row.construction.clone(),
        row.k.to_string(),
        row.n.to_string(),
        row.sets.to_string(),
        row.max_neurons.to_string(),
        row.bound.to_string(),
        row.lower.map_or("-".to_string(), |l| l.to_string()),
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
            let mut s = format!("| {} |\n", HEADERS.join(" | "));
            let _ = writeln!(s, "|{}", "---|".repeat(HEADERS.len()));
            for row in rows {
                let _ = writeln!(s, "| {} |", cells(row).join(" | "));
            }
            s
        }
        Format::Table => {
            let all: Vec<[String; 8]> = rows.iter().map(cells).collect();
            let mut widths: Vec<usize> = HEADERS.iter().map(|h| h.len()).collect();
            for r in &all {
                for (w, c) in widths.iter_mut().zip(r) {
                    *w = (*w).max(c.len());
                }
            }
            let mut s = String::new();
            let line = |s: &mut String, r: &[String]| {
                let parts: Vec<String> = r
                    .iter()
                    .zip(&widths)
                    .enumerate()
                    .map(|(i, (c, w))| if i == 0 || i == 7 { format!("{c:<w$}") } else { format!("{c:>w$}") })
                    .collect();
                let _ = writeln!(s, "{}", parts.join("  ").trim_end());
            };
            let headers: Vec<String> = HEADERS.iter().map(|h| h.to_string()).collect();
            line(&mut s, &headers);
            for r in &all {
                line(&mut s, r);
            }
            s
        }
    }
}
