//! Exhaustive sweeps: for every K in range and every T ⊆ [K], build each construction, write its
//! certificate, check it with the independent checker, and aggregate per (construction, K, N).
//!
//! Sets T are enumerated by mask (bit i−1 set ⇔ i ∈ T), in increasing mask order; work is split
//! into blocks that rayon processes in parallel and that are aggregated in order, so the output
//! (tables and archive bytes) is the same for any number of threads.
//!
//! Each K is one *unit* (`shard.rs`): computed, its archive files completed atomically, then
//! recorded; units are what `--resume` skips and what `--shard i/n` runs are merged from.

pub mod bounds;
pub mod capacity;
pub mod deep_bounds;
pub mod report;
pub mod sample;
pub mod shard;
pub mod summary;

use crate::archive::{relative_path, ArchiveFile, Manifest};
use crate::certificate;
use crate::construct::{two_layer, ConstructionId};
use crate::instance::{generated, Projection};
use crate::lower::windows_certificate;
use crate::rational::Q;
use crate::small_q::SmallQ;
use ftcert_check::{Limits, Verdict};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
pub use report::{Format, Row};
pub use shard::{Cell, Shard, ShardReport, Unit};
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

impl SweepConfig {
    /// Every construction of the depth on the generated instances of K = k_min..=k_max, with the
    /// command line's defaults: d = 2, seed 0, no archive, no progress bar.
    pub fn new(layers: usize, k_min: usize, k_max: usize) -> SweepConfig {
        SweepConfig {
            layers,
            k_min,
            k_max,
            d: 2,
            seed: 0,
            constructions: constructions_for(layers),
            archive: None,
            progress: false,
        }
    }
}

/// Errors that stop a sweep (a rejected certificate does not: it is reported).
#[derive(Debug, Error)]
pub enum SweepError {
    #[error("no construction for --layers {0} (constructions exist for --layers {depths})", depths = crate::construct::ConstructionId::depths())]
    NoConstructions(usize),
    #[error("K range {0}..={1} is empty or below 3")]
    BadRange(usize, usize),
    #[error("K = {0} is too large for exhaustive enumeration (at most 40)")]
    TooLarge(usize),
    #[error("archive: {0}")]
    Archive(#[from] std::io::Error),
    #[error("the input dimension d must be at least 1")]
    ZeroDimension,
    #[error("--resume needs --archive (the archive folder holds the progress)")]
    ResumeNeedsArchive,
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
    /// Upper networks the differential check re-evaluated with the builder's arithmetic
    /// (`--differential`: auto for K ≤ 10, always, never).
    pub differential_checks: usize,
}

const BLOCK: u64 = 1 << 12;

/// The constructions of a depth.
pub fn constructions_for(layers: usize) -> Vec<ConstructionId> {
    if (crate::construct::deep::MIN_LAYERS..=crate::construct::deep::MAX_LAYERS).contains(&layers) {
        return vec![ConstructionId::Deep(layers)];
    }
    ConstructionId::ALL.iter().copied().filter(|c| c.layers() == layers).collect()
}

pub(crate) fn verdict_neurons(verdict: Verdict, what: impl FnOnce() -> String) -> Result<usize, String> {
    match verdict {
        // Deep networks (≥ 4 layers): the bound and the table are about the max hidden width.
        Verdict::Accepted(summary) if summary.layers >= 4 => {
            Ok(summary.widths.into_iter().max().unwrap_or(0))
        }
        Verdict::Accepted(summary) => Ok(summary.neurons),
        Verdict::Rejected(r) => Err(format!("{}: rejected: {r}", what())),
        Verdict::Declined(d) => Err(format!("{}: declined: {d}", what())),
    }
}

/// When the sweep also evaluates every network with the builder's own exact (malachite)
/// arithmetic and compares with the checker's verdict (issue 5, item 7).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Differential {
    /// For K ≤ 10.
    #[default]
    Auto,
    /// For every K.
    Always,
    /// Never.
    Never,
}

impl Differential {
    /// The largest K that `Auto` cross-checks.
    pub const AUTO_MAX_K: usize = 10;

    /// Whether the differential check runs at this K.
    pub fn applies(self, k: usize) -> bool {
        match self {
            Differential::Auto => k <= Differential::AUTO_MAX_K,
            Differential::Always => true,
            Differential::Never => false,
        }
    }
}

/// How to run a sweep beyond what it computes: which shard, resuming, differential checking.
#[derive(Clone, Copy, Debug, Default)]
pub struct RunOptions {
    pub shard: Shard,
    /// Skip the K whose archive files a previous, interrupted run completed (needs an archive).
    pub resume: bool,
    pub differential: Differential,
}

/// The builder's side of the differential check: `None` if the builder's malachite evaluation
/// agrees with the checker's verdict, else a loud message. Disagreements: the checker accepted but
/// g(x_i) ≠ z_i for some sample, or the accepted neuron or piece counts differ from the builder's;
/// or the checker refused an output that the builder's evaluation finds correct.
pub fn differential(
    what: &str,
    instance: &crate::instance::Instance,
    built: &crate::construct::Built,
    verdict: &Verdict,
) -> Option<String> {
    let wrong = instance.points.iter().zip(&instance.targets).position(|(x, z)| built.network.eval(x) != *z);
    let loud = |m: String| Some(format!("DIFFERENTIAL CHECK FAILED: {what}: {m}"));
    match (verdict, wrong) {
        (Verdict::Accepted(_), Some(i)) => loud(format!(
            "the checker accepted, but the builder's exact evaluation gives g(x_{}) = {} ≠ z_{} = {}",
            i + 1,
            built.network.eval(&instance.points[i]),
            i + 1,
            instance.targets[i]
        )),
        (Verdict::Accepted(s), None) if s.neurons != built.network.neurons() => loud(format!(
            "the checker verified {} neurons, the builder has {}",
            s.neurons,
            built.network.neurons()
        )),
        (Verdict::Accepted(s), None) if s.pieces != Some(built.pieces) => {
            loud(format!("the checker counted {:?} pieces, the builder {}", s.pieces, built.pieces))
        }
        (Verdict::Rejected(r), None) if r.kind() == "wrong-output" => {
            loud(format!("the checker refused an output ({r}), the builder's evaluation fits every sample"))
        }
        _ => None,
    }
}

/// One upper certificate built, serialised and checked: the step that `sweep` runs for every T
/// and `sample` for every sampled T.
pub struct Certified {
    /// The verified neuron count (max hidden width for ≥ 4 layers), or why it was not accepted.
    pub neurons: Result<usize, String>,
    /// The compact certificate text.
    pub text: String,
    /// Largest numerator and denominator bit sizes of the network's rationals.
    pub bits: (u64, u64),
}

/// Builds `id` on `instance` (projected by `projection`), serialises the certificate and has the
/// checker verify it; with `diff`, also compares with the builder's own exact evaluation.
/// `what` names the certificate in failure messages.
pub fn certify(
    id: ConstructionId,
    instance: &crate::instance::Instance,
    projection: &Projection,
    limits: &Limits,
    diff: bool,
    what: impl Fn() -> String,
) -> Certified {
    let built = id.build_projected(instance, projection);
    let layers = &built.network.layers;
    let bits =
        crate::rational::max_bits(layers.iter().flat_map(|l| l.weights.iter().flatten().chain(&l.biases)));
    let text = certificate::upper(id, instance, &built, false);
    let verdict = ftcert_check::check_str(&text, limits);
    let mismatch = if diff { differential(&what(), instance, &built, &verdict) } else { None };
    let neurons = match mismatch {
        Some(message) => Err(message),
        None => verdict_neurons(verdict, what),
    };
    Certified { neurons, text, bits }
}

/// The `two-layer-paper` fast path of a sweep: the projection and the base values in `SmallQ`
/// and the certificate's constant parts, built once per K.
struct PaperFast {
    /// c_r, the sorted projections.
    c: Vec<SmallQ>,
    /// The base value of the sample at each sorted position.
    values: Vec<SmallQ>,
    /// The slopes of every pair, if they fit (else each T runs `paper_small`).
    table: Option<two_layer::PaperTable>,
    /// Every output weight precomputed, with its text (K ≤ [`two_layer::JUMPS_MAX_K`] and the
    /// slopes fit; else each T runs [`two_layer::PaperTable::network`]).
    jumps: Option<(two_layer::PaperJumps, certificate::SmallTexts)>,
    /// Sorts a mask for the jumps.
    sorter: crate::instance::MaskSorter,
    writer: certificate::PaperWriter,
}

/// What the fast path reuses from one T to the next (one per rayon task, from `map_init`): the
/// certificate text and the indexed network.
#[derive(Default)]
struct PaperScratch {
    text: String,
    net: two_layer::PaperIndexed,
}

impl PaperFast {
    /// `None` if some projection or value does not fit `SmallQ`.
    fn new(instance: &crate::instance::Instance, values: &[Q], projection: &Projection) -> Option<PaperFast> {
        let c = projection.c.iter().map(SmallQ::from_q).collect::<Option<Vec<_>>>()?;
        let sorted =
            projection.order.iter().map(|&i| SmallQ::from_q(&values[i])).collect::<Option<Vec<_>>>()?;
        let table = two_layer::PaperTable::new(&c, &sorted);
        let jumps = table.as_ref().and_then(two_layer::PaperJumps::new).map(|jumps| {
            let texts = certificate::SmallTexts::new(jumps.values());
            (jumps, texts)
        });
        let writer = certificate::PaperWriter::new(instance, values, projection);
        let sorter = crate::instance::MaskSorter::new(projection);
        Some(PaperFast { c, values: sorted, table, jumps, sorter, writer })
    }

    /// [`certify`] of `two-layer-paper` for the set `mask` (T = the samples whose bit is set,
    /// with their base values as targets): the network from the precomputed jumps, else in
    /// `SmallQ`, written by the [`certificate::PaperWriter`] (the bytes of [`certify`]'s, tested)
    /// into `scratch`, checked by the checker from its bytes; the returned text is a copy if
    /// `keep_text`, else empty. `None` if the network leaves `SmallQ`'s range (then the caller
    /// runs [`certify`]).
    fn certify(
        &self,
        projection: &Projection,
        mask: u64,
        limits: &Limits,
        keep_text: bool,
        scratch: &mut PaperScratch,
        what: impl Fn() -> String,
    ) -> Option<Certified> {
        let PaperScratch { text, net } = scratch;
        text.clear();
        let indexed = match &self.jumps {
            Some((jumps, texts)) => jumps
                .network(self.sorter.sort(mask), net)
                .map(|()| self.writer.write_indexed(text, mask, net, texts)),
            None => None,
        };
        let bits = match indexed {
            Some(bits) => bits,
            None => self.write_small(projection, mask, text)?,
        };
        let verdict = ftcert_check::check_str(text, limits);
        let text = if keep_text { text.clone() } else { String::new() };
        Some(Certified { neurons: verdict_neurons(verdict, what), text, bits })
    }

    /// The certificate of `mask` through the network in `SmallQ` ([`two_layer::PaperTable`] or
    /// [`two_layer::paper_small`]) appended to `text`; its bits, or `None` if it leaves the range.
    fn write_small(&self, projection: &Projection, mask: u64, text: &mut String) -> Option<(u64, u64)> {
        let in_t: Vec<bool> = projection.order.iter().map(|&i| mask >> i & 1 == 1).collect();
        let net = match &self.table {
            Some(table) => table.network(&in_t)?,
            None => {
                let v: Vec<SmallQ> =
                    in_t.iter().zip(&self.values).map(|(&t, &z)| if t { z } else { SmallQ::ZERO }).collect();
                two_layer::paper_small(&self.c, &v, &in_t)?
            }
        };
        Some(self.writer.write(text, mask, &net))
    }
}

/// T = the samples whose bit is set in `mask` (bit i − 1 for sample i), their targets `values`
/// and the others `zero`, set in place on `instance`.
fn set_t(instance: &mut crate::instance::Instance, values: &[Q], zero: &Q, mask: u64) {
    instance.t.clear();
    for (i, (z, v)) in instance.targets.iter_mut().zip(values).enumerate() {
        if mask >> i & 1 == 1 {
            instance.t.push(i + 1);
            z.clone_from(v);
        } else if *z != 0 {
            z.clone_from(zero);
        }
    }
}

/// Runs the whole sweep (one shard of one, no resume, differential check for K ≤ 10).
pub fn run(config: &SweepConfig) -> Result<SweepReport, SweepError> {
    let shard = run_shard(config, &RunOptions::default())?;
    Ok(finalize(config, &shard.units))
}

fn validate(config: &SweepConfig) -> Result<(), SweepError> {
    if config.constructions.is_empty() {
        return Err(SweepError::NoConstructions(config.layers));
    }
    if config.d == 0 {
        return Err(SweepError::ZeroDimension);
    }
    if config.k_min < 3 || config.k_min > config.k_max {
        return Err(SweepError::BadRange(config.k_min, config.k_max));
    }
    if config.k_max > 40 {
        return Err(SweepError::TooLarge(config.k_max));
    }
    Ok(())
}

/// Removes what an interrupted run may have left next to `path`: its `.NAME.partial` stream and
/// `.NAME.tmpPID` atomic-write temporaries.
fn clean_stale(path: &std::path::Path) {
    let Some(dir) = path.parent() else { return };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let f = e.file_name().to_string_lossy().into_owned();
        if f == format!(".{name}.partial") || f.starts_with(&format!(".{name}.tmp")) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Runs this shard's part of the sweep and returns its units (one per K). With an archive and
/// one shard, writes the whole files and the manifest after each K; with several shards, part
/// files and no manifest (`ftcert merge` assembles them). With an archive, progress is saved after
/// each K (`.ftcert-progress-I-of-N.json`, removed at the end) so that `resume` can skip it.
pub fn run_shard(config: &SweepConfig, options: &RunOptions) -> Result<ShardReport, SweepError> {
    validate(config)?;
    let shard = options.shard;
    if options.resume && config.archive.is_none() {
        return Err(SweepError::ResumeNeedsArchive);
    }
    let progress_file = config.archive.as_ref().map(|d| shard::progress_path(d, shard));
    let mut out = ShardReport::new(config, shard);
    let previous = match (&progress_file, options.resume) {
        (Some(p), true) if p.exists() => {
            let prev = ShardReport::load(p)?;
            (prev.sweep == out.sweep && prev.shard == shard && prev.archive == out.archive).then_some(prev)
        }
        _ => None,
    };
    let total: u64 =
        (config.k_min..=config.k_max).map(|k| shard.masks(k).end - shard.masks(k).start).sum::<u64>()
            * config.constructions.len() as u64;
    let bar = if config.progress { ProgressBar::new(total) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} certificates ({rate}, eta {eta}) {msg}",
        )
        .expect("valid template")
        // Whole certificates per second (indicatif's {per_sec} prints four decimals).
        .with_key("rate", |state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
            let _ = w.write_fmt(format_args!("{:.0}/s", state.per_sec()));
        })
        .progress_chars("=> "),
    );
    let mut manifest = match &config.archive {
        Some(dir) if shard.count == 1 => Some(Manifest::load_or_empty(dir)?),
        _ => None,
    };
    // Only this shard's own temporaries: shards of one sweep may share the folder and run at the
    // same time (the manifest and the lower files are written by shard 0 / an unsharded run only).
    if let (Some(dir), true) = (&config.archive, options.resume) {
        if shard.count == 1 {
            clean_stale(&dir.join(crate::archive::MANIFEST));
        }
        if let Some(p) = &progress_file {
            clean_stale(p);
        }
    }
    for k in config.k_min..=config.k_max {
        let masks = shard.masks(k);
        if let Some(unit) = previous.as_ref().and_then(|p| p.intact_unit(k)) {
            if let Some(m) = manifest.as_mut() {
                for e in &unit.files {
                    m.upsert(e.clone());
                }
            }
            out.units.push(unit.clone());
            out.reused.push(k);
            bar.inc((masks.end - masks.start) * config.constructions.len() as u64);
            continue;
        }
        bar.set_message(format!("K = {k}"));
        if let (Some(dir), true) = (&config.archive, options.resume) {
            if shard.is_first() {
                clean_stale(&dir.join(relative_path(&format!("lower-{}", config.layers), k)));
            }
            for id in &config.constructions {
                clean_stale(&dir.join(shard.part_path(id.name(), k)));
            }
        }
        let unit = sweep_k(config, options, k, &bar)?;
        if let Some(m) = manifest.as_mut() {
            for e in &unit.files {
                m.upsert(e.clone());
            }
        }
        out.units.push(unit);
        // Files are complete; record the unit, then the manifest (both atomic).
        if let Some(p) = &progress_file {
            out.save(p)?;
        }
        if let (Some(dir), Some(m)) = (&config.archive, manifest.as_ref()) {
            m.save(dir)?;
        }
    }
    if let Some(p) = &progress_file {
        if p.exists() {
            std::fs::remove_file(p)?;
        }
    }
    bar.finish_and_clear();
    Ok(out)
}

/// What one T contributes: per construction, the verified neurons or a failure, and the text.
struct Outcome {
    n: usize,
    per: Vec<Result<usize, String>>,
    texts: Vec<String>,
    /// Largest numerator and denominator bit sizes of the networks' rationals.
    bits: (u64, u64),
    /// Networks the differential check re-evaluated.
    differential_checks: usize,
}

/// One K of this shard: lower certificates and hard instances (first shard), then the masks.
fn sweep_k(
    config: &SweepConfig,
    options: &RunOptions,
    k: usize,
    bar: &ProgressBar,
) -> Result<Unit, SweepError> {
    let limits = Limits::default();
    let shard = options.shard;
    let diff = options.differential.applies(k);
    let mut unit = Unit { k, ..Unit::default() };
    // Lower certificates, one per N.
    let mut lower = Vec::with_capacity(k + 1);
    // The instances of the lower certificates, per N: every construction is also run on
    // them, so that a row's max covers the instance its lower bound is about.
    let mut hard: Vec<Vec<crate::instance::Instance>> = Vec::with_capacity(k + 1);
    if shard.is_first() {
        let mut lower_file = match &config.archive {
            Some(dir) => {
                Some(ArchiveFile::create(dir, relative_path(&format!("lower-{}", config.layers), k))?)
            }
            None => None,
        };
        for n in 0..=k {
            let cert = windows_certificate(k, n, config.d, config.layers);
            hard.push(vec![cert.instance.clone()]);
            let text = certificate::lower(&cert, false);
            unit.certificates += 1;
            let what = || format!("lower K={k} N={n}");
            match verdict_neurons(ftcert_check::check_str(&text, &limits), what) {
                Ok(neurons) => lower.push(Some(neurons)),
                Err(message) => {
                    unit.failures_lower.push(message);
                    lower.push(None);
                }
            }
            if let Some(f) = lower_file.as_mut() {
                f.push(&text)?;
            }
            // K ∈ {3, 4}: the case-split certificate of the strict zig-zag (m* ≥ K − 1).
            if config.layers == 2 {
                if let Some(cs) = crate::lower::case_split::zigzag_certificate(k, n, config.d) {
                    if let Some(instances) = hard.last_mut() {
                        instances.push(cs.instance.clone());
                    }
                    let text = certificate::lower_case_split(&cs, false);
                    unit.certificates += 1;
                    let what = || format!("lower case-split K={k} N={n}");
                    match verdict_neurons(ftcert_check::check_str(&text, &limits), what) {
                        Ok(neurons) => {
                            if let Some(Some(best)) = lower.last_mut() {
                                *best = (*best).max(neurons);
                            }
                        }
                        Err(message) => unit.failures_lower.push(message),
                    }
                    if let Some(f) = lower_file.as_mut() {
                        f.push(&text)?;
                    }
                }
            }
        }
        if let Some(f) = lower_file {
            unit.files.push(f.finish()?);
        }
        unit.lower = lower;
    }
    // Upper certificates, every T of this shard's mask range.
    let base = generated(k, config.d, config.seed);
    let projection = Projection::of(&base.points);
    let mut cells = vec![vec![Cell::default(); k + 1]; config.constructions.len()];
    let mut files: Vec<ArchiveFile> = match &config.archive {
        Some(dir) => config
            .constructions
            .iter()
            .map(|c| ArchiveFile::create(dir, shard.part_path(c.name(), k)))
            .collect::<std::io::Result<_>>()?,
        None => Vec::new(),
    };
    let archive = config.archive.is_some();
    let mut bits = (0u64, 0u64);
    // Starts at Some(0) (max over no sets); None once some T has no accepted certificate.
    let mut best_upper: Vec<Option<usize>> = vec![Some(0); k + 1];
    let masks = shard.masks(k);
    let zero = crate::rational::int(0);
    // two-layer-paper without the differential check: the `SmallQ` network and the writer's
    // constant parts (the same bytes as `certify`).
    let paper_fast = if !diff && config.constructions.contains(&ConstructionId::TwoLayerPaper) {
        PaperFast::new(&base.with_t(&[]), &base.values, &projection)
    } else {
        None
    };
    let mut start = masks.start;
    while start < masks.end {
        let stop = (start + BLOCK).min(masks.end);
        let outcomes: Vec<Outcome> = (start..stop)
            .into_par_iter()
            .map_init(
                || (base.with_t(&[]), PaperScratch::default()),
                |(instance, scratch), mask| {
                    // The instance of T, updated in place (the points are never cloned per T), and
                    // only for the constructions that read it (not the fast two-layer-paper path).
                    let mut updated = false;
                    let mut per = Vec::with_capacity(config.constructions.len());
                    let mut texts = Vec::new();
                    let mut bits = (0, 0);
                    let mut differential_checks = 0;
                    for &id in &config.constructions {
                        let fast = match &paper_fast {
                            Some(p) if id == ConstructionId::TwoLayerPaper => {
                                let what = || {
                                    format!("{} K={k} T={:?}", id.name(), crate::instance::t_of_mask(k, mask))
                                };
                                p.certify(&projection, mask, &limits, archive, scratch, what)
                            }
                            _ => None,
                        };
                        let c = match fast {
                            Some(c) => c,
                            None => {
                                if !updated {
                                    set_t(instance, &base.values, &zero, mask);
                                    updated = true;
                                }
                                let what = || format!("{} K={k} T={:?}", id.name(), instance.t);
                                certify(id, instance, &projection, &limits, diff, what)
                            }
                        };
                        bits = (bits.0.max(c.bits.0), bits.1.max(c.bits.1));
                        per.push(c.neurons);
                        if diff {
                            differential_checks += 1;
                        }
                        if archive {
                            texts.push(c.text);
                        }
                    }
                    Outcome { n: mask.count_ones() as usize, per, texts, bits, differential_checks }
                },
            )
            .collect();
        for outcome in outcomes {
            bits = (bits.0.max(outcome.bits.0), bits.1.max(outcome.bits.1));
            unit.differential_checks += outcome.differential_checks;
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
                unit.certificates += 1;
                match result {
                    Ok(neurons) => {
                        let cell = &mut cells[c][outcome.n];
                        cell.sets += 1;
                        cell.max = cell.max.max(neurons);
                    }
                    Err(message) => unit.failures_upper.push(message),
                }
            }
            for (file, text) in files.iter_mut().zip(&outcome.texts) {
                file.push(text)?;
            }
        }
        bar.inc((stop - start) * config.constructions.len() as u64);
        start = stop;
    }
    for file in files {
        unit.files.push(file.finish()?);
    }
    if shard.is_first() {
        for (c, &id) in config.constructions.iter().enumerate() {
            for (n, instances) in hard.iter().enumerate() {
                for instance in instances {
                    let built = id.build(instance).expect("hard instances are valid");
                    let text = certificate::upper(id, instance, &built, false);
                    unit.certificates += 1;
                    let what = || format!("{} K={k} hard instance T={:?}", id.name(), instance.t);
                    match verdict_neurons(ftcert_check::check_str(&text, &limits), what) {
                        Ok(neurons) => cells[c][n].max = cells[c][n].max.max(neurons),
                        Err(message) => unit.failures_hard.push(message),
                    }
                }
            }
        }
    }
    unit.cells = cells;
    unit.best_upper = best_upper;
    unit.bits = bits;
    Ok(unit)
}

/// The tables of a sweep from its units (one per K, whole — merged if sharded): rows per
/// (construction, K, N), the summary per (K, N), bit sizes, failures in the unsharded order.
pub fn finalize(config: &SweepConfig, units: &[Unit]) -> SweepReport {
    let mut report = SweepReport::default();
    for unit in units {
        let k = unit.k;
        report.certificates += unit.certificates;
        report.differential_checks += unit.differential_checks;
        report.failures.extend(unit.failures_lower.iter().cloned());
        report.failures.extend(unit.failures_upper.iter().cloned());
        report.failures.extend(unit.failures_hard.iter().cloned());
        let lower = |n: usize| unit.lower.get(n).copied().flatten();
        for (c, &id) in config.constructions.iter().enumerate() {
            for n in 0..=k {
                let cell = unit.cells.get(c).and_then(|cs| cs.get(n)).copied().unwrap_or_default();
                let mut row = Row::new(id.name(), k, n, cell.sets, cell.max, id.bound(k, n), lower(n));
                if let ConstructionId::Deep(l) = id {
                    use crate::construct::deep;
                    let value = deep::paper_width_display(l, k, n);
                    row = row.with_paper(
                        deep::PAPER_WIDTH_FORMULA,
                        &value,
                        deep::paper_width_meets(l, k, n, cell.max),
                    );
                }
                if let Some(pb) = ftcert_check::registry::paper_bound(id.name()) {
                    // Decided by the checker's integer rule on the verified maximum.
                    let value = id.paper_bound().map_or(String::new(), |b| b.display(k, n));
                    row = row.with_paper(pb.id(), &value, pb.meets(cell.max, k, n));
                }
                if let Some(lower) = lower(n) {
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
        for n in 0..=k {
            let best = unit.best_upper.get(n).copied().unwrap_or(Some(0));
            report.summary.push(SummaryRow { k, n, observed_max: best, lower: lower(n) });
        }
        report.bits.push(BitsRow { k, numerator_bits: unit.bits.0, denominator_bits: unit.bits.1 });
    }
    report.rows.sort_by(|a, b| {
        let ca = ConstructionId::from_name(&a.construction).ok();
        let cb = ConstructionId::from_name(&b.construction).ok();
        (ca, a.k, a.n).cmp(&(cb, b.k, b.n))
    });
    report
}
