//! The 3-layer sweep's extra tables: per (K, N) the observed maximum on the swept instance (max
//! over T of the min over constructions: evidence for this instance, not a bound on m*) against
//! the certified lower bound, and per K the largest numerator / denominator bit sizes in the
//! certificates (λ grows with K).

use serde::Serialize;
use std::fmt::Write;

/// One row of the summary table per (K, N).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SummaryRow {
    pub k: usize,
    pub n: usize,
    /// Observed: max over T with |T| = N of (min over the swept constructions of the verified
    /// neurons) on this instance; None if some T had no accepted certificate.
    pub observed_max: Option<usize>,
    /// The certified lower bound (None if its certificate was rejected).
    pub lower: Option<usize>,
}

impl SummaryRow {
    /// observed_max − lower, when both are known.
    pub fn gap(&self) -> Option<usize> {
        match (self.observed_max, self.lower) {
            (Some(u), Some(l)) => u.checked_sub(l),
            _ => None,
        }
    }
}

/// The largest numerator and denominator bit sizes over all upper certificates of one K.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BitsRow {
    pub k: usize,
    pub numerator_bits: u64,
    pub denominator_bits: u64,
}

fn opt(v: Option<usize>) -> String {
    v.map_or("-".to_string(), |x| x.to_string())
}

fn aligned(rows: &[Vec<String>]) -> String {
    let mut widths = vec![0; rows.first().map_or(0, Vec::len)];
    for r in rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut s = String::new();
    for r in rows {
        let parts: Vec<String> = r.iter().zip(&widths).map(|(c, w)| format!("{c:>w$}", w = w)).collect();
        let _ = writeln!(s, "{}", parts.join("  ").trim_end());
    }
    s
}

/// The summary table per (K, N): observed max, certified lower bound and their gap.
pub fn render_summary(rows: &[SummaryRow]) -> String {
    let mut table = vec![["K", "N", "observed max", "lower", "observed gap"].map(String::from).to_vec()];
    for r in rows {
        table.push(vec![r.k.to_string(), r.n.to_string(), opt(r.observed_max), opt(r.lower), opt(r.gap())]);
    }
    aligned(&table)
}

/// The bit-size table per K.
pub fn render_bits(rows: &[BitsRow]) -> String {
    let mut table = vec![["K", "max numerator bits", "max denominator bits"].map(String::from).to_vec()];
    for r in rows {
        table.push(vec![r.k.to_string(), r.numerator_bits.to_string(), r.denominator_bits.to_string()]);
    }
    aligned(&table)
}
