//! Exhaustive sweeps: for every K in range and every T ⊆ [K], build each construction, write its
//! certificate, check it with the independent checker, and aggregate per (construction, K, N).
//!
//! Sets T are enumerated by mask (bit i−1 set ⇔ i ∈ T), in increasing mask order; work is split
//! into blocks that rayon processes in parallel and that are aggregated in order, so the output
//! (tables and archive bytes) is the same for any number of threads.

pub mod bounds;
pub mod report;
pub mod summary;

use crate::archive::{relative_path, ArchiveFile, Manifest};
use crate::certificate;
use crate::construct::ConstructionId;
use crate::instance::{generated, Projection};
use crate::lower::windows_certificate;
use ftcert_check::{Limits, Verdict};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
pub use report::{Format, Row};
use std::path::PathBuf;
pub use summary::{BitsRow, SummaryRow};
use thiserror::Error;

/// What to sweep.
#[derive(Clone, Debug)]
pub struct SweepConfig {
    pub layers: usize,
    pub k_min: usize,
    pub k_max: usize,
    pub d: usize,
    pub seed: u64,
    pub constructions: Vec<ConstructionId>,
    pub archive: Option<PathBuf>,
    pub progress: bool,
}

/// Errors that stop a sweep (a rejected certificate does not: it is reported).
#[derive(Debug, Error)]
pub enum SweepError {
    #[error("no construction for --layers {0} (2-layer constructions exist)")]
    NoConstructions(usize),
    #[error("K range {0}..={1} is empty or below 3")]
    BadRange(usize, usize),
    #[error("K = {0} is too large for exhaustive enumeration (at most 40)")]
    TooLarge(usize),
    #[error("archive: {0}")]
    Archive(#[from] std::io::Error),
}

/// The result of a sweep.
#[derive(Debug, Default)]
pub struct SweepReport {
    pub rows: Vec<Row>,
    /// One message per rejected or declined certificate (and per contradiction).
    pub failures: Vec<String>,
    /// Certificates built and checked (upper and lower).
    pub certificates: usize,
    /// Per (K, N): max over T of the min over constructions, against the lower bound.
    pub summary: Vec<SummaryRow>,
    /// Per K: the largest numerator / denominator bit sizes in the upper certificates.
    pub bits: Vec<BitsRow>,
}

/// Per (construction, N): number of sets and the largest verified neuron count.
#[derive(Clone, Copy, Default)]
struct Cell {
    sets: usize,
    max: usize,
}

/// What one T contributes: per construction, the verified neurons or a failure, and the text.
struct Outcome {
    n: usize,
    per: Vec<Result<usize, String>>,
    texts: Vec<String>,
    /// Largest numerator and denominator bit sizes of the networks' rationals.
    bits: (u64, u64),
}

const BLOCK: u64 = 1 << 12;

/// The constructions of a depth.
pub fn constructions_for(layers: usize) -> Vec<ConstructionId> {
    ConstructionId::ALL.iter().copied().filter(|c| c.layers() == layers).collect()
}

fn verdict_neurons(verdict: Verdict, what: &str) -> Result<usize, String> {
    match verdict {
        Verdict::Accepted(summary) => Ok(summary.neurons),
        Verdict::Rejected(r) => Err(format!("{what}: rejected: {r}")),
        Verdict::Declined(d) => Err(format!("{what}: declined: {d}")),
    }
}

/// Runs the sweep.
pub fn run(config: &SweepConfig) -> Result<SweepReport, SweepError> {
    if config.constructions.is_empty() {
        return Err(SweepError::NoConstructions(config.layers));
    }
    if config.k_min < 3 || config.k_min > config.k_max {
        return Err(SweepError::BadRange(config.k_min, config.k_max));
    }
    if config.k_max > 40 {
        return Err(SweepError::TooLarge(config.k_max));
    }
    let limits = Limits::default();
    let total: u64 =
        (config.k_min..=config.k_max).map(|k| 1u64 << k).sum::<u64>() * config.constructions.len() as u64;
    let bar = if config.progress { ProgressBar::new(total) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} certificates ({per_sec}, eta {eta}) {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    let mut manifest = match &config.archive {
        Some(dir) => Some(Manifest::load_or_empty(dir)?),
        None => None,
    };
    let mut report = SweepReport::default();
    for k in config.k_min..=config.k_max {
        bar.set_message(format!("K = {k}"));
        // Lower certificates, one per N.
        let mut lower = Vec::with_capacity(k + 1);
        // The instances of the lower certificates, per N: every construction is also run on
        // them, so that a row's max covers the instance its lower bound is about.
        let mut hard: Vec<Vec<crate::instance::Instance>> = Vec::with_capacity(k + 1);
        let mut lower_file = ArchiveFile::new(relative_path(&format!("lower-{}", config.layers), k));
        for n in 0..=k {
            let cert = windows_certificate(k, n, config.d, config.layers);
            hard.push(vec![cert.instance.clone()]);
            let text = certificate::lower(&cert, false);
            report.certificates += 1;
            let what = format!("lower K={k} N={n}");
            match verdict_neurons(ftcert_check::check_str(&text, &limits), &what) {
                Ok(neurons) => lower.push(Some(neurons)),
                Err(message) => {
                    report.failures.push(message);
                    lower.push(None);
                }
            }
            lower_file.push(&text);
            // K ∈ {3, 4}: the case-split certificate of the strict zig-zag (m* ≥ K − 1).
            if config.layers == 2 {
                if let Some(cs) = crate::lower::case_split::zigzag_certificate(k, n, config.d) {
                    if let Some(instances) = hard.last_mut() {
                        instances.push(cs.instance.clone());
                    }
                    let text = certificate::lower_case_split(&cs, false);
                    report.certificates += 1;
                    let what = format!("lower case-split K={k} N={n}");
                    match verdict_neurons(ftcert_check::check_str(&text, &limits), &what) {
                        Ok(neurons) => {
                            if let Some(Some(best)) = lower.last_mut() {
                                *best = (*best).max(neurons);
                            }
                        }
                        Err(message) => report.failures.push(message),
                    }
                    lower_file.push(&text);
                }
            }
        }
        // Upper certificates, every T.
        let base = generated(k, config.d, config.seed);
        let projection = Projection::of(&base.points);
        let archive = config.archive.is_some();
        let mut cells = vec![vec![Cell::default(); k + 1]; config.constructions.len()];
        let mut files: Vec<ArchiveFile> =
            config.constructions.iter().map(|c| ArchiveFile::new(relative_path(c.name(), k))).collect();
        let end = 1u64 << k;
        let mut bits = (0u64, 0u64);
        // Starts at Some(0) (max over no sets); None once some T has no accepted certificate.
        let mut best_upper: Vec<Option<usize>> = vec![Some(0); k + 1];
        let mut start = 0;
        while start < end {
            let stop = (start + BLOCK).min(end);
            let outcomes: Vec<Outcome> = (start..stop)
                .into_par_iter()
                .map(|mask| {
                    let t: Vec<usize> = (0..k).filter(|i| mask >> i & 1 == 1).map(|i| i + 1).collect();
                    let instance = base.with_t(&t);
                    let mut per = Vec::with_capacity(config.constructions.len());
                    let mut texts = Vec::new();
                    let mut bits = (0, 0);
                    for &id in &config.constructions {
                        let built = id.build_projected(&instance, &projection);
                        let layers = &built.network.layers;
                        let (nb, db) = crate::rational::max_bits(
                            layers.iter().flat_map(|l| l.weights.iter().flatten().chain(&l.biases)),
                        );
                        bits = (bits.0.max(nb), bits.1.max(db));
                        let text = certificate::upper(id, &instance, &built, false);
                        let what = format!("{} K={k} T={t:?}", id.name());
                        per.push(verdict_neurons(ftcert_check::check_str(&text, &limits), &what));
                        if archive {
                            texts.push(text);
                        }
                    }
                    Outcome { n: t.len(), per, texts, bits }
                })
                .collect();
            for outcome in outcomes {
                bits = (bits.0.max(outcome.bits.0), bits.1.max(outcome.bits.1));
                let best = if outcome.per.iter().all(Result::is_err) {
                    None
                } else {
                    outcome.per.iter().filter_map(|r| r.as_ref().ok()).min().copied()
                };
                best_upper[outcome.n] = match (best_upper[outcome.n], best) {
                    (Some(prev), Some(b)) => Some(prev.max(b)),
                    _ => None,
                };
                for (c, result) in outcome.per.into_iter().enumerate() {
                    report.certificates += 1;
                    match result {
                        Ok(neurons) => {
                            let cell = &mut cells[c][outcome.n];
                            cell.sets += 1;
                            cell.max = cell.max.max(neurons);
                        }
                        Err(message) => report.failures.push(message),
                    }
                }
                for (file, text) in files.iter_mut().zip(&outcome.texts) {
                    file.push(text);
                }
            }
            bar.inc((stop - start) * config.constructions.len() as u64);
            start = stop;
        }
        for (c, &id) in config.constructions.iter().enumerate() {
            for (n, instances) in hard.iter().enumerate() {
                for instance in instances {
                    let built = id.build(instance).expect("hard instances are valid");
                    let text = certificate::upper(id, instance, &built, false);
                    report.certificates += 1;
                    let what = format!("{} K={k} hard instance T={:?}", id.name(), instance.t);
                    match verdict_neurons(ftcert_check::check_str(&text, &limits), &what) {
                        Ok(neurons) => cells[c][n].max = cells[c][n].max.max(neurons),
                        Err(message) => report.failures.push(message),
                    }
                }
            }
        }
        for (c, &id) in config.constructions.iter().enumerate() {
            for n in 0..=k {
                let cell = cells[c][n];
                let mut row = Row::new(id.name(), k, n, cell.sets, cell.max, id.bound(k, n), lower[n]);
                if let Some(pb) = ftcert_check::registry::paper_bound(id.name()) {
                    // Decided by the checker's integer rule on the verified maximum.
                    let value = id.paper_bound().map_or(String::new(), |b| b.display(k, n));
                    row = row.with_paper(pb.id(), &value, pb.meets(cell.max, k, n));
                }
                if let Some(lower) = lower[n] {
                    if cell.max < lower {
                        report.failures.push(format!(
                            "{} K={k} N={n}: max neurons {} is below the certified lower bound {lower}",
                            id.name(),
                            cell.max
                        ));
                    }
                }
                report.rows.push(row);
            }
        }
        for (n, best) in best_upper.into_iter().enumerate() {
            report.summary.push(SummaryRow { k, n, best_upper: best, lower: lower[n] });
        }
        report.bits.push(BitsRow { k, numerator_bits: bits.0, denominator_bits: bits.1 });
        if let (Some(dir), Some(manifest)) = (&config.archive, manifest.as_mut()) {
            manifest.upsert(lower_file.finish(dir)?);
            for file in files {
                manifest.upsert(file.finish(dir)?);
            }
            manifest.save(dir)?;
        }
    }
    bar.finish_and_clear();
    report.rows.sort_by(|a, b| {
        let ca = ConstructionId::from_name(&a.construction).ok();
        let cb = ConstructionId::from_name(&b.construction).ok();
        (ca, a.k, a.n).cmp(&(cb, b.k, b.n))
    });
    Ok(report)
}
