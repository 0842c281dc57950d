//! `ftcert sample`: certified samples of T at large K (issue 12, the paper's regime K ≫ N).
//!
//! Instead of every T ⊆ [K], a few families of T per N, each deterministic from
//! (K, N, family, seed, r):
//!
//! - `random`: R draws uniform among all N-subsets (Floyd's algorithm, SplitMix64), repeated
//!   sets dropped (so N = K gives one set);
//! - `spaced`: one set, N isolated indices spread evenly, none at an end and no two adjacent
//!   (p_j = ⌊j(K + 1)/(N + 1)⌋; needs K ≥ 2N + 1) — the worst case of every construction that
//!   counts blocks;
//! - `block`: R draws of a contiguous run {s, …, s + N − 1} at a random offset s, repeats
//!   dropped — the best case;
//! - or the user's sets (`--t-file`, family `file`).
//!
//! Every sampled T goes through the sweep's step ([`super::certify`]): every construction of the
//! depth is built, serialised and checked by `ftcert-check`. Work is split into chunks that rayon
//! processes in parallel and aggregated in job order, so tables and archive bytes do not depend
//! on the number of threads.
//!
//! Budgets (refused up front, before anything is allocated): K ≤ [`MAX_K`], K·d ≤
//! [`MAX_POINT_CELLS`], `--sets` ≤ [`MAX_SETS`], every certificate within the checker's
//! evaluation budget, and the total estimated checking work ([`work`]) ≤ [`MAX_WORK`].

use super::capacity::certified_lower;
use super::{certify, verdict_neurons, Certified, Differential};
use crate::archive::{relative_path, ArchiveFile, Manifest};
use crate::certificate;
use crate::construct::ConstructionId;
use crate::instance::{
    gaussian, generated, generated_capacity, BaseInstance, Instance, Projection, SplitMix64,
};
use crate::lower::{paper_lower, windows_certificate};
use crate::rational::{frac, int};
use ftcert_check::Limits;
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// Largest K accepted (the checker's default budget `max_k`, so that `ftcert check` accepts
/// the archive with its defaults).
pub const MAX_K: usize = 100_000;
/// Largest K·d (coordinates of the instance held in memory, about 60 bytes each per copy).
pub const MAX_POINT_CELLS: usize = 2_000_000;
/// Largest total of [`work`] over all certificates: 2·10^11 multiply-adds of the checker's
/// evaluation (at the K = 1000, d = 10 rate of ≈ 10–20 ns each, roughly an hour on one core).
pub const MAX_WORK: u128 = 200_000_000_000;
/// Largest number of sets per family (`--sets`).
pub const MAX_SETS: usize = 100_000;

/// A family of sets T.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    Random,
    Spaced,
    Block,
    /// The user's sets (`--t-file`).
    File,
}

impl Family {
    /// The name in tables.
    pub fn name(self) -> &'static str {
        match self {
            Family::Random => "random",
            Family::Spaced => "spaced",
            Family::Block => "block",
            Family::File => "file",
        }
    }

    fn salt(self) -> u64 {
        match self {
            Family::Random => 0x7261_6e64,
            Family::Spaced => 0x7370_6163,
            Family::Block => 0x626c_6f63,
            Family::File => 0x6669_6c65,
        }
    }
}

/// The instance's points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Points {
    /// The sweep's generator (`generated`: coordinates n/q, |n| ≤ 20, q ≤ 4).
    Lattice,
    /// x_i ≈ N(0, I_d) on the 2^-12 grid, targets uniform in [−1, 1] (`gaussian`, the paper's §7).
    Gaussian,
}

/// What to sample.
#[derive(Clone, Debug)]
pub struct SampleConfig {
    pub layers: usize,
    pub k: usize,
    /// The sizes N (sorted, deduplicated); ignored with `t_sets`.
    pub ns: Vec<usize>,
    /// R: sets per family `random` and `block` (`spaced` is one set).
    pub sets: usize,
    pub families: Vec<Family>,
    /// The user's sets (1-based, increasing): family `file`, grouped by N = |T|.
    pub t_sets: Option<Vec<Vec<usize>>>,
    pub d: usize,
    pub points: Points,
    pub seed: u64,
    pub constructions: Vec<ConstructionId>,
    pub archive: Option<PathBuf>,
    pub progress: bool,
    /// The checker's digit-work budget per certificate (`Limits::max_digit_work`; None: the
    /// checker's default, so that `ftcert check` accepts the archive with its defaults).
    pub max_digit_work: Option<usize>,
}

/// Requests refused before any work (budgets and invalid combinations).
#[derive(Debug, Error, PartialEq)]
pub enum SampleError {
    #[error("--k {0}: K must be at least 3")]
    SmallK(usize),
    #[error("--k {0}: K above the budget of {MAX_K} samples (docs/large-k.md, \"Budgets\")")]
    LargeK(usize),
    #[error("--d must be at least 1")]
    ZeroDimension,
    #[error("--d {0}: above the checker's budget of 1000 dimensions")]
    LargeD(usize),
    #[error("--k {k} --d {d}: K·d = {cells} coordinates exceeds the memory budget of {MAX_POINT_CELLS} (docs/large-k.md, \"Budgets\")")]
    TooManyCells { k: usize, d: usize, cells: usize },
    #[error("--points lattice has only {capacity} distinct points in d = {d}; K = {k} needs at most half of them (use --points gaussian or a larger --d)")]
    LatticeFull { k: usize, d: usize, capacity: u64 },
    #[error("--n {n}: N must be at most K = {k}")]
    LargeN { n: usize, k: usize },
    #[error("no sizes: give --n or --t-file")]
    NoSizes,
    #[error("--sets {0}: at most {MAX_SETS} sets per family")]
    TooManySets(usize),
    #[error("no construction for --layers {0}")]
    NoConstructions(usize),
    #[error("estimated work {work} (Σ K·(m·d + m²/4) over {certificates} certificates) exceeds the budget of {MAX_WORK} multiply-adds (roughly an hour on one core); use fewer --n, --sets or --construction (docs/large-k.md, \"Budgets\")")]
    TooMuchWork { work: u128, certificates: usize },
    #[error("{construction} at N = {n}: one certificate needs up to {work} multiply-adds to check, above the checker's budget of 2^36 (it would be declined)")]
    CheckerBudget { construction: &'static str, n: usize, work: u128 },
}

/// Errors while running (a rejected certificate is not one: it is reported).
#[derive(Debug, Error)]
pub enum SampleRunError {
    #[error(transparent)]
    Refused(#[from] SampleError),
    #[error("archive: {0}")]
    Archive(#[from] std::io::Error),
}

/// One row per (construction, K, N, family). JSON keys are exactly these field names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SampleRow {
    pub construction: String,
    pub k: usize,
    pub n: usize,
    pub family: String,
    /// Sampled sets T whose certificate the checker accepted.
    pub sets: usize,
    /// Observed: smallest / largest verified neuron count (max hidden width for ≥ 4 layers) over
    /// the accepted sets (None if none was accepted).
    pub min_neurons: Option<usize>,
    pub max_neurons: Option<usize>,
    /// Proven bound of the construction at (K, N): the checker refuses every certificate above it.
    pub bound: usize,
    /// The paper's real-valued formula with its value (two decimals) and whether every accepted
    /// count meets it (decided with integers), e.g. `6*sqrt(3*N+2) = 19.89: met`.
    pub paper_bound: Option<String>,
    /// Certified for every instance: m*(K, N) ≥ lower (a lower certificate accepted by the checker).
    pub lower: Option<usize>,
    /// The paper's own lower bound formula at (K, N) (Theorem 4.1 / 5.1).
    pub paper_lower: Option<usize>,
    /// max_neurons / lower as an exact reduced fraction (None if lower is 0 or unknown).
    pub ratio: Option<String>,
}

/// The result of a sample.
#[derive(Debug, Default)]
pub struct SampleReport {
    pub rows: Vec<SampleRow>,
    pub failures: Vec<String>,
    pub certificates: usize,
    /// Largest numerator / denominator bit sizes in the upper certificates' networks.
    pub bits: (u64, u64),
}

/// One sampled set.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub n: usize,
    pub family: Family,
    pub t: Vec<usize>,
}

fn rng_for(k: usize, n: usize, family: Family, seed: u64, r: usize) -> SplitMix64 {
    let mut mix =
        SplitMix64(seed ^ family.salt().rotate_left(32) ^ (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    let a = mix.next() ^ (n as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
    let mut mix = SplitMix64(a);
    SplitMix64(mix.next() ^ (r as u64).wrapping_mul(0x8CB9_2BA7_2F3D_8DD7))
}

/// A uniform integer in 0..n (n ≥ 1; modulo bias is irrelevant here).
fn below(rng: &mut SplitMix64, n: usize) -> usize {
    (rng.next() % n as u64) as usize
}

/// `spaced`: p_j = ⌊j(K + 1)/(N + 1)⌋ for j = 1..N, or None if K < 2N + 1.
pub fn spaced(k: usize, n: usize) -> Option<Vec<usize>> {
    if k < 2 * n + 1 {
        return None;
    }
    Some((1..=n).map(|j| j * (k + 1) / (n + 1)).collect())
}

/// The r-th `random` set: uniform among the N-subsets of [K] (Floyd's algorithm), increasing.
pub fn random(k: usize, n: usize, seed: u64, r: usize) -> Vec<usize> {
    let mut rng = rng_for(k, n, Family::Random, seed, r);
    let mut chosen = std::collections::BTreeSet::new();
    for j in (k - n + 1)..=k {
        let v = 1 + below(&mut rng, j);
        if !chosen.insert(v) {
            chosen.insert(j);
        }
    }
    chosen.into_iter().collect()
}

/// The r-th `block` set: {s, …, s + N − 1} with s uniform in 1..=K − N + 1.
pub fn block(k: usize, n: usize, seed: u64, r: usize) -> Vec<usize> {
    let mut rng = rng_for(k, n, Family::Block, seed, r);
    let s = 1 + below(&mut rng, k - n + 1);
    (s..s + n).collect()
}

/// The sets in draw order without repetitions (e.g. N = K has one set however many are drawn).
fn distinct(sets: impl Iterator<Item = Vec<usize>>, n: usize, family: Family) -> Vec<Job> {
    let mut seen = std::collections::BTreeSet::new();
    sets.filter(|t| seen.insert(t.clone())).map(|t| Job { n, family, t }).collect()
}

/// Every sampled set, in job order: per N (increasing), per family, per r.
pub fn jobs(config: &SampleConfig) -> Vec<Job> {
    if let Some(sets) = &config.t_sets {
        let mut ns: Vec<usize> = sets.iter().map(Vec::len).collect();
        ns.sort_unstable();
        ns.dedup();
        return ns
            .into_iter()
            .flat_map(|n| {
                sets.iter().filter(move |t| t.len() == n).map(move |t| Job {
                    n,
                    family: Family::File,
                    t: t.clone(),
                })
            })
            .collect();
    }
    let (k, seed) = (config.k, config.seed);
    let mut out = Vec::new();
    for &n in &config.ns {
        for &family in &config.families {
            match family {
                Family::Spaced => {
                    if let Some(t) = spaced(k, n) {
                        out.push(Job { n, family, t });
                    }
                }
                Family::Random => {
                    out.extend(distinct((0..config.sets).map(|r| random(k, n, seed, r)), n, family))
                }
                Family::Block => {
                    out.extend(distinct((0..config.sets).map(|r| block(k, n, seed, r)), n, family))
                }
                Family::File => {}
            }
        }
    }
    out
}

/// An upper bound on the checker's evaluation work for one certificate (multiply-adds at all K
/// samples): K·(m·d + m²/4) for m = the construction's bound on the hidden neurons, since
/// Σ_l d_l·d_{l+1} ≤ m²/4 when the widths sum to m; K·m·(d + 1) for 2 layers; deep-L bounds the
/// width w, so m = (L − 1)·w.
pub fn work(id: ConstructionId, k: usize, n: usize, d: usize) -> u128 {
    let bound = id.bound(k, n).max(1) as u128;
    let (k, d) = (k as u128, d as u128);
    match id.layers() {
        2 => k * bound * (d + 1),
        3 => k * (bound * d + bound * bound / 4),
        l => {
            let m = bound * (l as u128 - 1);
            k * (m * d + m * m / 4)
        }
    }
}

/// C(K, N), saturating at usize::MAX.
fn binomial_saturating(k: usize, n: usize) -> usize {
    let n = n.min(k - n.min(k));
    let mut c: u128 = 1;
    for i in 0..n {
        // c·(K − i)/(i + 1) stays an integer (a binomial coefficient) at every step.
        c = c.saturating_mul((k - i) as u128) / (i as u128 + 1);
        if c > usize::MAX as u128 {
            return usize::MAX;
        }
    }
    c as usize
}

/// Refuses, before anything is allocated, what exceeds a budget or cannot be generated.
pub fn validate(config: &SampleConfig) -> Result<(), SampleError> {
    let (k, d) = (config.k, config.d);
    if k < 3 {
        return Err(SampleError::SmallK(k));
    }
    if k > MAX_K {
        return Err(SampleError::LargeK(k));
    }
    if d == 0 {
        return Err(SampleError::ZeroDimension);
    }
    if d > Limits::default().max_d {
        return Err(SampleError::LargeD(d));
    }
    let cells = k.saturating_mul(d);
    if cells > MAX_POINT_CELLS {
        return Err(SampleError::TooManyCells { k, d, cells });
    }
    if config.points == Points::Lattice {
        let capacity = generated_capacity(d);
        if k as u64 > capacity / 2 {
            return Err(SampleError::LatticeFull { k, d, capacity });
        }
    }
    if config.constructions.is_empty() {
        return Err(SampleError::NoConstructions(config.layers));
    }
    if config.sets > MAX_SETS {
        return Err(SampleError::TooManySets(config.sets));
    }
    if config.t_sets.is_none() {
        if config.ns.is_empty() {
            return Err(SampleError::NoSizes);
        }
        if let Some(&n) = config.ns.iter().find(|&&n| n > k) {
            return Err(SampleError::LargeN { n, k });
        }
    }
    // Count the jobs per N without building them.
    let per_n = |n: usize| -> usize {
        config
            .families
            .iter()
            .map(|f| match f {
                Family::Spaced => usize::from(k > 2 * n),
                // At most the number of distinct sets (repeats are dropped).
                Family::Random => config.sets.min(binomial_saturating(k, n)),
                Family::Block => config.sets.min(k - n.min(k) + 1),
                Family::File => 0,
            })
            .sum()
    };
    let sizes: Vec<(usize, usize)> = match &config.t_sets {
        Some(sets) => sets.iter().map(|t| (t.len(), 1)).collect(),
        None => config.ns.iter().map(|&n| (n, per_n(n))).collect(),
    };
    let mut total: u128 = 0;
    let mut certificates = 0usize;
    for (n, count) in sizes {
        for &id in &config.constructions {
            let one = work(id, k, n, d);
            if count > 0 && one > u128::from(ftcert_check::EVAL_WORK_LIMIT) {
                return Err(SampleError::CheckerBudget { construction: id.name(), n, work: one });
            }
            total += one * count as u128;
            certificates += count;
        }
    }
    if total > MAX_WORK {
        return Err(SampleError::TooMuchWork { work: total, certificates });
    }
    Ok(())
}

/// The instance's points and values.
pub fn base_instance(config: &SampleConfig) -> BaseInstance {
    match config.points {
        Points::Lattice => generated(config.k, config.d, config.seed),
        Points::Gaussian => gaussian(config.k, config.d, config.seed),
    }
}

/// What one sampled T gives: per construction the verified count or a failure, and the texts.
struct Outcome {
    per: Vec<Result<usize, String>>,
    texts: Vec<String>,
    bits: (u64, u64),
}

/// Sets `instance`'s T to `t` (the previous T's targets are zeroed).
fn set_t(instance: &mut Instance, base: &BaseInstance, t: &[usize]) {
    for &i in &instance.t {
        instance.targets[i - 1] = int(0);
    }
    for &i in t {
        instance.targets[i - 1].clone_from(&base.values[i - 1]);
    }
    instance.t.clear();
    instance.t.extend_from_slice(t);
}

fn progress_bar(config: &SampleConfig, total: u64) -> ProgressBar {
    let bar = if config.progress { ProgressBar::new(total) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {pos}/{len} certificates ({per_sec}, eta {eta}) {msg}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar
}

/// The per-certificate step: build, serialise, check ([`certify`]; tests substitute a tampering one).
pub type Step = dyn Fn(ConstructionId, &Instance, &Projection, &Limits, bool) -> Certified + Sync;

/// Runs the sample: lower bounds per N, every construction on every sampled T, the table rows.
pub fn run(config: &SampleConfig) -> Result<SampleReport, SampleRunError> {
    run_with(config, &|id, instance, projection, limits, diff| {
        let what = || format!("{} K={} {}", id.name(), instance.k(), t_label(&instance.t));
        certify(id, instance, projection, limits, diff, what)
    })
}

/// T in a failure message: in full up to 12 indices, else N, the first 8 and the last.
fn t_label(t: &[usize]) -> String {
    if t.len() <= 12 {
        return format!("T={t:?}");
    }
    let head: Vec<String> = t[..8].iter().map(usize::to_string).collect();
    format!("N={} T=[{}, …, {}]", t.len(), head.join(", "), t[t.len() - 1])
}

/// [`run`] with another per-certificate step (tests: a step that breaks the certificate shows
/// that a rejection becomes a failure, and the command's exit code 1).
pub fn run_with(config: &SampleConfig, step: &Step) -> Result<SampleReport, SampleRunError> {
    validate(config)?;
    let k = config.k;
    let jobs = jobs(config);
    let mut ns: Vec<usize> = jobs.iter().map(|j| j.n).collect();
    ns.dedup();
    let mut report = SampleReport::default();
    let mut manifest = match &config.archive {
        Some(dir) => Some(Manifest::load_or_empty(dir)?),
        None => None,
    };
    let lowers = lower_bounds(config, &ns, &mut report, manifest.as_mut())?;
    let base = base_instance(config);
    let projection = Projection::of(&base.points);
    let mut limits = Limits::default();
    if let Some(work) = config.max_digit_work {
        limits.max_digit_work = work;
    }
    let diff = Differential::Auto.applies(k);
    let count = config.constructions.len();
    let bar = progress_bar(config, (jobs.len() * count) as u64);
    let mut files: Vec<ArchiveFile> = match &config.archive {
        Some(dir) => config
            .constructions
            .iter()
            .map(|c| ArchiveFile::create(dir, relative_path(&format!("sample-{}", c.name()), k)))
            .collect::<std::io::Result<_>>()?,
        None => Vec::new(),
    };
    let archive = config.archive.is_some();
    // Per job and construction: the verified count (None if refused).
    let mut counts: Vec<Vec<Option<usize>>> = Vec::with_capacity(jobs.len());
    let chunk = (rayon::current_num_threads() * 4).max(1);
    for part in jobs.chunks(chunk) {
        let outcomes: Vec<Outcome> = part
            .par_iter()
            .map_init(
                || base.with_t(&[]),
                |instance, job| {
                    set_t(instance, &base, &job.t);
                    let instance = &*instance;
                    let mut out = Outcome { per: Vec::with_capacity(count), texts: Vec::new(), bits: (0, 0) };
                    for &id in &config.constructions {
                        let c = step(id, instance, &projection, &limits, diff);
                        out.bits = (out.bits.0.max(c.bits.0), out.bits.1.max(c.bits.1));
                        out.per.push(c.neurons);
                        if archive {
                            out.texts.push(c.text);
                        }
                        bar.inc(1);
                    }
                    out
                },
            )
            .collect();
        for outcome in outcomes {
            report.bits = (report.bits.0.max(outcome.bits.0), report.bits.1.max(outcome.bits.1));
            report.certificates += outcome.per.len();
            let mut row = Vec::with_capacity(count);
            for result in outcome.per {
                match result {
                    Ok(m) => row.push(Some(m)),
                    Err(message) => {
                        report.failures.push(message);
                        row.push(None);
                    }
                }
            }
            counts.push(row);
            for (file, text) in files.iter_mut().zip(&outcome.texts) {
                file.push(text)?;
            }
        }
    }
    bar.finish_and_clear();
    for file in files {
        let entry = file.finish()?;
        if let Some(m) = manifest.as_mut() {
            m.upsert(entry);
        }
    }
    if let (Some(dir), Some(m)) = (&config.archive, manifest.as_ref()) {
        m.save(dir)?;
    }
    report.rows = rows(config, &jobs, &counts, &lowers);
    Ok(report)
}

/// The certified lower bound per N (and, with an archive, the `windows` certificates).
fn lower_bounds(
    config: &SampleConfig,
    ns: &[usize],
    report: &mut SampleReport,
    manifest: Option<&mut Manifest>,
) -> Result<Vec<(usize, Option<usize>)>, SampleRunError> {
    let (layers, k) = (config.layers, config.k);
    // 2 and 3 layers: the best accepted lower certificate's neuron count; deeper: the width
    // that its windows certificate certifies (the deep rows compare the max hidden width, as in
    // `sweep`).
    let lowers: Vec<(usize, Option<usize>)> = ns
        .par_iter()
        .map(|&n| {
            let lower = if layers <= 3 {
                certified_lower(layers, k, n).0
            } else {
                let text = certificate::lower(&windows_certificate(k, n, 1, layers), false);
                verdict_neurons(ftcert_check::check_str(&text, &Limits::default()), String::new).ok()
            };
            (n, lower)
        })
        .collect();
    report.certificates += lowers.len();
    for (n, l) in &lowers {
        if l.is_none() {
            report.failures.push(format!("lower K={k} N={n}: the lower certificate was not accepted"));
        }
    }
    if let (Some(dir), Some(m)) = (&config.archive, manifest) {
        let mut file = ArchiveFile::create(dir, relative_path(&format!("sample-lower-{layers}"), k))?;
        for &(n, _) in &lowers {
            file.push(&certificate::lower(&windows_certificate(k, n, 1, layers), false))?;
        }
        m.upsert(file.finish()?);
    }
    Ok(lowers)
}

/// Aggregates the counts per (construction, N, family), in table order.
fn rows(
    config: &SampleConfig,
    jobs: &[Job],
    counts: &[Vec<Option<usize>>],
    lowers: &[(usize, Option<usize>)],
) -> Vec<SampleRow> {
    let k = config.k;
    let mut keys: Vec<(usize, Family)> = jobs.iter().map(|j| (j.n, j.family)).collect();
    keys.dedup();
    let mut rows = Vec::new();
    for (c, &id) in config.constructions.iter().enumerate() {
        for &(n, family) in &keys {
            let values: Vec<usize> = jobs
                .iter()
                .zip(counts)
                .filter(|(j, _)| j.n == n && j.family == family)
                .filter_map(|(_, row)| row[c])
                .collect();
            let min = values.iter().min().copied();
            let max = values.iter().max().copied();
            let lower = lowers.iter().find(|(m, _)| *m == n).and_then(|(_, l)| *l);
            rows.push(SampleRow {
                construction: id.name().to_string(),
                k,
                n,
                family: family.name().to_string(),
                sets: values.len(),
                min_neurons: min,
                max_neurons: max,
                bound: id.bound(k, n),
                paper_bound: paper_bound(id, k, n, &values),
                lower,
                paper_lower: paper_lower(config.layers, k, n),
                ratio: ratio(max, lower),
            });
        }
    }
    rows
}

/// The paper's upper formula of `id` at (K, N) and whether every count meets it.
fn paper_bound(id: ConstructionId, k: usize, n: usize, values: &[usize]) -> Option<String> {
    let (formula, value, meets) = if let ConstructionId::Deep(l) = id {
        use crate::construct::deep;
        let meets = values.iter().all(|&w| deep::paper_width_meets(l, k, n, w));
        (deep::PAPER_WIDTH_FORMULA.to_string(), deep::paper_width_display(l, k, n), meets)
    } else {
        let pb = ftcert_check::registry::paper_bound(id.name())?;
        let meets = values.iter().all(|&m| pb.meets(m, k, n));
        (pb.id().to_string(), id.paper_bound().map_or(String::new(), |b| b.display(k, n)), meets)
    };
    Some(format!("{formula} = {value}: {}", if meets { "met" } else { "NOT met" }))
}

/// max / lower reduced, e.g. `11/9`; None if either is unknown or lower is 0.
fn ratio(max: Option<usize>, lower: Option<usize>) -> Option<String> {
    match (max, lower) {
        (Some(m), Some(l)) if l > 0 => Some(frac(m as i64, l as i64).to_string()),
        _ => None,
    }
}

/// Parses a `--t-file`: one T per line, 1-based indices separated by commas or spaces; `-` is
/// T = ∅; blank lines and lines starting with `#` are skipped. Errors name the line.
pub fn parse_t_file(text: &str, k: usize, path: &Path) -> Result<Vec<Vec<usize>>, String> {
    let mut sets = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        let place = || format!("{}:{}", path.display(), number + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut t = Vec::new();
        if line != "-" {
            for word in line.split(|c: char| c == ',' || c.is_whitespace()).filter(|w| !w.is_empty()) {
                let i: usize =
                    word.parse().map_err(|_| format!("{}: {word:?} is not an index (1..={k})", place()))?;
                if i == 0 || i > k {
                    return Err(format!("{}: index {i} is out of range 1..={k}", place()));
                }
                t.push(i);
            }
        }
        let len = t.len();
        t.sort_unstable();
        t.dedup();
        if t.len() != len {
            return Err(format!("{}: an index is repeated", place()));
        }
        sets.push(t);
    }
    if sets.is_empty() {
        return Err(format!("{}: no sets T (one per line, e.g. 3,17,40)", path.display()));
    }
    Ok(sets)
}

/// The kind of fact of each column (table and markdown headers).
const COLUMNS: [(&str, &str); 12] = [
    ("construction", ""),
    ("k", ""),
    ("n", ""),
    ("family", ""),
    ("sets", "accepted"),
    ("min_neurons", "observed"),
    ("max_neurons", "observed"),
    ("bound", "proven"),
    ("paper_bound", "paper"),
    ("lower", "certified"),
    ("paper_lower", "paper"),
    ("ratio", "max/lower"),
];

fn cells(row: &SampleRow) -> Vec<String> {
    let opt = |v: Option<usize>| v.map_or("-".to_string(), |v| v.to_string());
    vec![
        row.construction.clone(),
        row.k.to_string(),
        row.n.to_string(),
        row.family.clone(),
        row.sets.to_string(),
        opt(row.min_neurons),
        opt(row.max_neurons),
        row.bound.to_string(),
        row.paper_bound.clone().unwrap_or_else(|| "-".to_string()),
        opt(row.lower),
        opt(row.paper_lower),
        row.ratio.clone().unwrap_or_else(|| "-".to_string()),
    ]
}

/// What the kinds mean (printed under text and markdown tables).
pub const LEGEND: &str = "observed: over the sampled T whose certificates the checker accepted; \
proven: the construction's bound, enforced by the checker on every certificate; \
certified: m*(K, N) ≥ lower for every network, by a lower certificate the checker accepted \
(some instance of (K, N) needs that many neurons, not necessarily the sampled ones); \
paper: the paper's formula (Theorem 4.1 / 5.1), not checked.";

/// Renders the rows as a text table, markdown, or JSON (an array of rows).
pub fn render(rows: &[SampleRow], format: super::Format) -> String {
    use super::Format;
    match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(rows).expect("rows serialise");
            s.push('\n');
            s
        }
        Format::Markdown => {
            let mut s = String::new();
            let heads: Vec<String> = COLUMNS
                .iter()
                .map(|(h, kind)| if kind.is_empty() { h.to_string() } else { format!("{h} ({kind})") })
                .collect();
            let _ = writeln!(s, "| {} |", heads.join(" | "));
            let _ = writeln!(s, "|{}", "---|".repeat(COLUMNS.len()));
            for row in rows {
                let _ = writeln!(s, "| {} |", cells(row).join(" | "));
            }
            let _ = writeln!(s, "\n{LEGEND}");
            s
        }
        Format::Table => {
            let kinds: Vec<String> = COLUMNS.iter().map(|(_, k)| k.to_string()).collect();
            let heads: Vec<String> = COLUMNS.iter().map(|(h, _)| h.to_string()).collect();
            let all: Vec<Vec<String>> = rows.iter().map(cells).collect();
            let mut widths: Vec<usize> = COLUMNS.iter().map(|(h, k)| h.len().max(k.len())).collect();
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
                    .map(
                        |(i, (c, w))| {
                            if matches!(i, 0 | 3 | 8) {
                                format!("{c:<w$}")
                            } else {
                                format!("{c:>w$}")
                            }
                        },
                    )
                    .collect();
                let _ = writeln!(s, "{}", parts.join("  ").trim_end());
            };
            line(&mut s, &heads);
            line(&mut s, &kinds);
            for r in &all {
                line(&mut s, r);
            }
            let _ = writeln!(s, "\n{LEGEND}");
            s
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaced_sets_have_no_ends_and_no_neighbours() {
        for k in 3..80 {
            for n in 0..=k {
                match spaced(k, n) {
                    None => assert!(k < 2 * n + 1, "K={k} N={n}"),
                    Some(t) => {
                        assert_eq!(t.len(), n);
                        assert!(t.iter().all(|&i| i > 1 && i < k), "K={k} N={n}: {t:?}");
                        assert!(t.windows(2).all(|w| w[1] >= w[0] + 2), "K={k} N={n}: {t:?}");
                    }
                }
            }
        }
        assert_eq!(spaced(1000, 1), Some(vec![500]));
        assert_eq!(spaced(9, 4), Some(vec![2, 4, 6, 8]));
    }

    #[test]
    fn random_and_block_sets_are_deterministic_with_their_shape() {
        for (k, n) in [(10, 0), (10, 3), (10, 10), (1000, 37), (100_000, 500)] {
            for r in 0..5 {
                let t = random(k, n, 7, r);
                assert_eq!(t, random(k, n, 7, r));
                assert_eq!(t.len(), n);
                assert!(t.windows(2).all(|w| w[0] < w[1]) && t.iter().all(|&i| (1..=k).contains(&i)));
                let b = block(k, n, 7, r);
                assert_eq!(b, block(k, n, 7, r));
                assert_eq!(b.len(), n);
                assert!(b.windows(2).all(|w| w[1] == w[0] + 1) && b.iter().all(|&i| (1..=k).contains(&i)));
            }
        }
        assert_ne!(random(1000, 10, 7, 0), random(1000, 10, 7, 1));
        assert_ne!(random(1000, 10, 7, 0), random(1000, 10, 8, 0));
        // Every 2-subset of [4] appears: the sampler reaches the whole family.
        let seen: std::collections::BTreeSet<Vec<usize>> = (0..200).map(|r| random(4, 2, 0, r)).collect();
        assert_eq!(seen.len(), 6);
    }

    fn config(k: usize, ns: Vec<usize>) -> SampleConfig {
        SampleConfig {
            layers: 2,
            k,
            ns,
            sets: 2,
            families: vec![Family::Random, Family::Spaced, Family::Block],
            t_sets: None,
            d: 2,
            points: Points::Gaussian,
            seed: 0,
            constructions: super::super::constructions_for(2),
            archive: None,
            progress: false,
            max_digit_work: None,
        }
    }

    #[test]
    fn over_budget_requests_are_refused() {
        assert_eq!(validate(&config(100_001, vec![1])), Err(SampleError::LargeK(100_001)));
        let mut c = config(100_000, vec![1]);
        c.d = 21;
        assert!(matches!(validate(&c), Err(SampleError::TooManyCells { .. })));
        assert_eq!(validate(&config(100, vec![101])), Err(SampleError::LargeN { n: 101, k: 100 }));
        let mut c = config(100_000, vec![1, 10]);
        c.d = 10;
        assert_eq!(validate(&c), Ok(()));
        c.ns = vec![5000];
        assert!(matches!(validate(&c), Err(SampleError::TooMuchWork { .. })));
        let mut c = config(1000, vec![1]);
        c.sets = MAX_SETS + 1;
        assert_eq!(validate(&c), Err(SampleError::TooManySets(MAX_SETS + 1)));
        let mut c = config(200, vec![1]);
        c.points = Points::Lattice;
        c.d = 1;
        assert!(matches!(validate(&c), Err(SampleError::LatticeFull { capacity: 109, .. })));
    }

    #[test]
    fn t_file_errors_name_the_line() {
        let p = Path::new("t.txt");
        assert_eq!(
            parse_t_file("# sets\n1,3\n\n2 4 5\n-\n", 5, p),
            Ok(vec![vec![1, 3], vec![2, 4, 5], vec![]])
        );
        assert_eq!(
            parse_t_file("1,3\n2,x\n", 5, p),
            Err("t.txt:2: \"x\" is not an index (1..=5)".to_string())
        );
        assert_eq!(parse_t_file("1\n\n0\n", 5, p), Err("t.txt:3: index 0 is out of range 1..=5".to_string()));
        assert_eq!(parse_t_file("6", 5, p), Err("t.txt:1: index 6 is out of range 1..=5".to_string()));
        assert_eq!(parse_t_file("2,2", 5, p), Err("t.txt:1: an index is repeated".to_string()));
        assert!(parse_t_file("# nothing\n", 5, p).unwrap_err().contains("no sets"));
    }

    #[test]
    fn ratio_is_reduced_and_paper_bound_says_whether_met() {
        assert_eq!(ratio(Some(33), Some(22)), Some("3/2".to_string()));
        assert_eq!(ratio(Some(4), Some(4)), Some("1".to_string()));
        assert_eq!(ratio(Some(4), Some(0)), None);
        let u3 = ConstructionId::ThreeLayerU3T;
        assert_eq!(paper_bound(u3, 1000, 1, &[6, 13]).as_deref(), Some("6*sqrt(3*N+2) = 13.42: met"));
        assert_eq!(paper_bound(u3, 1000, 1, &[14]).as_deref(), Some("6*sqrt(3*N+2) = 13.42: NOT met"));
        assert_eq!(paper_bound(ConstructionId::TwoLayerPaper, 1000, 1, &[4]), None);
    }

    #[test]
    fn large_t_is_abbreviated_in_messages() {
        assert_eq!(t_label(&[3, 5]), "T=[3, 5]");
        let t: Vec<usize> = (1..=20).collect();
        assert_eq!(t_label(&t), "N=20 T=[1, 2, 3, 4, 5, 6, 7, 8, …, 20]");
    }

    /// `max_digit_work` reaches the checker: a budget of 1 digit-product declines a U1
    /// certificate with big rationals, the default accepts it.
    #[test]
    fn digit_work_budget_is_passed_to_the_checker() {
        let mut c = config(200, vec![20]);
        c.layers = 3;
        c.families = vec![Family::Spaced];
        c.constructions = vec![ConstructionId::ThreeLayerU1];
        let honest = run(&c).unwrap();
        assert!(honest.failures.is_empty(), "{:?}", honest.failures);
        assert!(honest.bits.0 > 63, "big rationals: {:?}", honest.bits);
        c.max_digit_work = Some(1);
        let tight = run(&c).unwrap();
        assert_eq!(tight.failures.len(), 1, "{:?}", tight.failures);
        assert!(
            tight.failures[0].contains("declined") && tight.failures[0].contains("digit"),
            "{:?}",
            tight.failures
        );
        assert_eq!(tight.rows[0].sets, 0);
    }
}
