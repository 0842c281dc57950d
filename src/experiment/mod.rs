//! `ftcert experiment`: the paper's §7 experiment (Figure 9) beside the certified constructions.
//!
//! Data: the gaussian instance ([`crate::instance::gaussian`], dyadic, deterministic from the
//! seed), labels y_i (stream 0) and fresh labels y'_i (stream 1) from
//! [`crate::instance::gaussian_labels`], and the changed sets T_N = the first N entries of one
//! random permutation per seed ([`crate::instance::gaussian_permutation`]), so T_N ⊂ T_N' for
//! N < N'. The same rationals go to the certified constructions ([`certified`]) and, converted to
//! `f64`, to the gradient training of the `ftcert-experiment` crate.
//!
//! Floating point is allowed in this module only (the training targets, the losses, the fits and
//! the figure); the certified numbers come from the checker's verdicts and are integers.
#![allow(clippy::float_arithmetic)]

pub mod analysis;
pub mod certified;
pub mod figure;

use crate::instance::{gaussian, gaussian_labels, gaussian_permutation};
use crate::plot::to_f64;
use crate::rational::Q;
use ftcert_experiment::{mix_seed, mse, split_width, train, Data, TrainConfig, TrainError};
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

/// How the pre-trained f is obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FMode {
    /// Train a ReLU MLP f on D until its MSE is below `f_mse`; g's targets are y'_i − f(x_i).
    Trained,
    /// f(x_i) = y_i exactly (Definition 3.1): g's targets are z_i = y'_i − y_i.
    Residual,
}

/// Everything a run of the experiment depends on (all of it printed in the summary).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Config {
    pub k: usize,
    pub d: usize,
    pub ns: Vec<usize>,
    pub ms: Vec<usize>,
    pub seeds: usize,
    /// Seeds are first_seed..first_seed + seeds.
    pub first_seed: u64,
    /// The certified overlay is built for the first this-many seeds (each K = 1000 certificate
    /// of `three-layer-appendix-a` at large N takes minutes to build).
    pub certified_seeds: usize,
    pub epochs: usize,
    pub lrs: Vec<f64>,
    pub f: FMode,
    pub f_hidden: Vec<usize>,
    pub f_epochs: usize,
    pub f_lr: f64,
    pub f_mse: f64,
    pub split: (usize, usize),
    pub threshold: f64,
    pub jobs: usize,
}

impl Config {
    /// The default grid (726 training runs of 5000 epochs).
    pub fn default_grid() -> Config {
        Config {
            k: 1000,
            d: 10,
            ns: vec![10, 20, 50, 100, 150, 200, 300, 400, 600, 800, 1000],
            ms: vec![4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128],
            seeds: 3,
            first_seed: 0,
            certified_seeds: 1,
            epochs: 5000,
            lrs: vec![0.01, 0.03],
            f: FMode::Residual,
            f_hidden: vec![128, 128],
            f_epochs: 20000,
            f_lr: 0.003,
            f_mse: 1e-8,
            split: (1, 1),
            threshold: 0.04,
            jobs: 2,
        }
    }
}

/// Why the experiment failed.
#[derive(Debug, thiserror::Error)]
pub enum ExperimentError {
    #[error("training (seed {seed}, {what}): {source}")]
    Train { seed: u64, what: String, source: TrainError },
    #[error(
        "the pre-trained f of seed {seed} reached MSE {mse:e} after {epochs} epochs, not below {target:e}"
    )]
    FNotFitted { seed: u64, mse: f64, epochs: usize, target: f64 },
    #[error("bad grid: {0}")]
    Grid(String),
    #[error("certified overlay: {0}")]
    Certified(String),
    #[error("figure: {0}")]
    Plot(String),
    #[error("{path}: {message}")]
    Io { path: String, message: String },
}

/// One seed's data in `f64`: the features, g's targets r_i = y'_i − f(x_i) per N, and f's fit.
pub struct SeedData {
    pub data: Data,
    /// y'_i − f(x_i) for every N of the grid (same order as `Config::ns`).
    pub targets: Vec<Vec<f64>>,
    /// The pre-trained f's MSE on D (0 in residual mode) and its epochs.
    pub f_mse: f64,
    pub f_epochs: usize,
}

/// The exact data of one seed: points, labels y, fresh labels y', and the changed-set order.
pub struct ExactData {
    pub points: Vec<Vec<Q>>,
    pub y: Vec<Q>,
    pub y_fresh: Vec<Q>,
    /// 0-based indices, a random permutation of 0..K; T_N = the first N (sorted, 1-based).
    pub order: Vec<usize>,
}

impl ExactData {
    pub fn new(k: usize, d: usize, seed: u64) -> ExactData {
        ExactData {
            points: gaussian(k, d, seed).points,
            y: gaussian_labels(k, seed, 0),
            y_fresh: gaussian_labels(k, seed, 1),
            order: gaussian_permutation(k, seed),
        }
    }

    /// T_N, 1-based and increasing.
    pub fn changed_set(&self, n: usize) -> Vec<usize> {
        let mut t: Vec<usize> = self.order[..n].iter().map(|&i| i + 1).collect();
        t.sort_unstable();
        t
    }

    /// The labels of D'_N: y'_i on T_N, y_i elsewhere.
    pub fn labels_after(&self, n: usize) -> Vec<Q> {
        let mut labels = self.y.clone();
        for &i in &self.order[..n] {
            labels[i] = self.y_fresh[i].clone();
        }
        labels
    }
}

/// One training run's result (a row of runs.csv). `m = 0` is the g = 0 baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub seed: u64,
    pub n: usize,
    pub m: usize,
    /// Index into `Config::lrs` (none for the baseline).
    pub lr: Option<f64>,
    pub epochs: usize,
    pub loss: f64,
    pub seconds: f64,
}

/// A unit of work for the thread pool.
enum Job {
    Baseline { seed: usize, n: usize },
    Train { seed: usize, n: usize, m: usize, lr: usize },
}

/// Converts one seed's exact data to training data, training f if asked.
pub fn seed_data(config: &Config, seed: u64) -> Result<SeedData, ExperimentError> {
    let exact = ExactData::new(config.k, config.d, seed);
    let rows: Vec<Vec<f64>> = exact.points.iter().map(|p| p.iter().map(to_f64).collect()).collect();
    let data =
        Data::new(&rows).map_err(|e| ExperimentError::Train { seed, what: "data".into(), source: e })?;
    let y: Vec<f64> = exact.y.iter().map(to_f64).collect();
    let (f_out, f_mse, f_epochs) = match config.f {
        FMode::Residual => (y.clone(), 0.0, 0),
        FMode::Trained => {
            let f_config = TrainConfig {
                hidden: config.f_hidden.clone(),
                epochs: config.f_epochs,
                lr: config.f_lr,
                seed: mix_seed(&[seed, 0xF]),
                stop_below: Some(config.f_mse),
            };
            let f = train(&data, &y, &f_config).map_err(|e| ExperimentError::Train {
                seed,
                what: "pre-trained f".into(),
                source: e,
            })?;
            if f.mse >= config.f_mse {
                return Err(ExperimentError::FNotFitted {
                    seed,
                    mse: f.mse,
                    epochs: f.epochs,
                    target: config.f_mse,
                });
            }
            (f.outputs, f.mse, f.epochs)
        }
    };
    let targets = config
        .ns
        .iter()
        .map(|&n| {
            let after = exact.labels_after(n);
            after.iter().zip(&f_out).map(|(q, f)| to_f64(q) - f).collect()
        })
        .collect();
    Ok(SeedData { data, targets, f_mse, f_epochs })
}

fn check_grid(config: &Config) -> Result<(), ExperimentError> {
    let bad = |m: String| Err(ExperimentError::Grid(m));
    if config.k < 2 || config.d == 0 {
        return bad(format!("K = {} and d = {} (need K ≥ 2, d ≥ 1)", config.k, config.d));
    }
    if let Some(n) = config.ns.iter().find(|&&n| n == 0 || n > config.k) {
        return bad(format!("N = {n} is not in 1..=K = {}", config.k));
    }
    if let Some(m) = config.ms.iter().find(|&&m| m < 2) {
        return bad(format!("m = {m}: a 3-layer g needs at least 2 hidden neurons"));
    }
    if config.ns.is_empty() || config.ms.is_empty() || config.lrs.is_empty() || config.seeds == 0 {
        return bad("empty N, m or learning-rate list, or no seed".into());
    }
    if config.split.0 == 0 || config.split.1 == 0 {
        return bad(format!("split {}:{} must be positive", config.split.0, config.split.1));
    }
    Ok(())
}

/// All training runs of the grid, in the canonical order (seed, N, then baseline, then m, lr),
/// whatever the number of threads. They are executed in the order (seed, lr, N, m), so that an
/// interrupted run has covered the whole (N, m) grid at the first learning rate first; with
/// `partial`, each finished run is appended to that file at once (see [`parse_runs`]).
pub fn run_grid(
    config: &Config,
    progress: bool,
    partial: Option<&std::path::Path>,
) -> Result<(Vec<Run>, Vec<SeedData>), ExperimentError> {
    ftcert_experiment::single_threaded();
    check_grid(config)?;
    let seeds: Vec<SeedData> =
        parallel(config.jobs, config.seeds, |s| seed_data(config, config.first_seed + s as u64))?;
    let mut jobs = Vec::new();
    for seed in 0..config.seeds {
        for n in 0..config.ns.len() {
            jobs.push(Job::Baseline { seed, n });
            for m in 0..config.ms.len() {
                for lr in 0..config.lrs.len() {
                    jobs.push(Job::Train { seed, n, m, lr });
                }
            }
        }
    }
    let key = |j: &Job| match *j {
        Job::Baseline { seed, n } => (seed, 0, n, 0),
        Job::Train { seed, n, m, lr } => (seed, lr + 1, n, m),
    };
    let mut exec: Vec<usize> = (0..jobs.len()).collect();
    exec.sort_by_key(|&i| key(&jobs[i]));
    let partial = match partial {
        Some(path) => {
            let mut f = std::fs::File::create(path).map_err(|e| ExperimentError::Io {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
            use std::io::Write;
            let _ = f.write_all(b"seed,n,m,lr,epochs,loss,seconds\n");
            Some(Mutex::new(f))
        }
        None => None,
    };
    let bar = if progress { ProgressBar::new(jobs.len() as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{elapsed_precise} [{bar:40}] {pos}/{len} runs, eta {eta}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let executed = parallel(config.jobs, jobs.len(), |i| {
        let run = one_run(config, &seeds, &jobs[exec[i]]);
        if let (Ok(r), Some(file)) = (&run, &partial) {
            if let Ok(mut f) = file.lock() {
                use std::io::Write;
                let row = runs_csv(std::slice::from_ref(r));
                let line = row.lines().nth(1).unwrap_or_default();
                let _ = writeln!(f, "{line},{:.3}", r.seconds).and_then(|()| f.flush());
            }
        }
        bar.inc(1);
        run
    })?;
    bar.finish_and_clear();
    let mut runs: Vec<Option<Run>> = (0..jobs.len()).map(|_| None).collect();
    for (i, run) in exec.into_iter().zip(executed) {
        runs[i] = Some(run);
    }
    Ok((runs.into_iter().flatten().collect(), seeds))
}

fn one_run(config: &Config, seeds: &[SeedData], job: &Job) -> Result<Run, ExperimentError> {
    let start = Instant::now();
    match *job {
        Job::Baseline { seed, n } => {
            let target = &seeds[seed].targets[n];
            let loss = mse(&vec![0.0; target.len()], target);
            let seconds = start.elapsed().as_secs_f64();
            Ok(Run {
                seed: config.first_seed + seed as u64,
                n: config.ns[n],
                m: 0,
                lr: None,
                epochs: 0,
                loss,
                seconds,
            })
        }
        Job::Train { seed, n, m, lr } => {
            let (n_val, m_val, lr_val) = (config.ns[n], config.ms[m], config.lrs[lr]);
            let (a, b) = split_width(m_val, config.split.0, config.split.1);
            let train_config = TrainConfig {
                hidden: vec![a, b],
                epochs: config.epochs,
                lr: lr_val,
                seed: mix_seed(&[config.first_seed + seed as u64, n_val as u64, m_val as u64, lr as u64]),
                stop_below: None,
            };
            let what = || format!("N = {n_val}, m = {m_val}, lr = {lr_val}");
            let trained = train(&seeds[seed].data, &seeds[seed].targets[n], &train_config).map_err(|e| {
                ExperimentError::Train { seed: config.first_seed + seed as u64, what: what(), source: e }
            })?;
            let seconds = start.elapsed().as_secs_f64();
            Ok(Run {
                seed: config.first_seed + seed as u64,
                n: n_val,
                m: m_val,
                lr: Some(lr_val),
                epochs: trained.epochs,
                loss: trained.mse,
                seconds,
            })
        }
    }
}

/// Runs `work(0..count)` on `jobs` threads, one item per thread at a time, and returns the
/// results in index order (so the output does not depend on `jobs`).
pub fn parallel<T: Send, E: Send>(
    jobs: usize,
    count: usize,
    work: impl Fn(usize) -> Result<T, E> + Sync,
) -> Result<Vec<T>, E> {
    let next = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Result<T, E>>>> = Mutex::new((0..count).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1).min(count.max(1)) {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let result = work(i);
                let failed = result.is_err();
                if let Ok(mut slots) = slots.lock() {
                    slots[i] = Some(result);
                }
                if failed {
                    // Stop handing out work; the error is reported below.
                    next.store(count, Ordering::Relaxed);
                }
            });
        }
    });
    let slots = slots.into_inner().unwrap_or_else(|e| e.into_inner());
    let mut out = Vec::with_capacity(count);
    for slot in slots {
        match slot {
            Some(Ok(v)) => out.push(v),
            Some(Err(e)) => return Err(e),
            None => {}
        }
    }
    Ok(out)
}

/// runs.csv: one row per run, deterministic (no wall time: that goes to times.csv). Floats are
/// written with Rust's shortest round-trip formatting, so equal bits give equal text.
pub fn runs_csv(runs: &[Run]) -> String {
    let mut out = String::from("seed,n,m,lr,epochs,loss\n");
    for r in runs {
        let lr = r.lr.map_or(String::new(), |v| format!("{v:?}"));
        out.push_str(&format!("{},{},{},{},{},{:?}\n", r.seed, r.n, r.m, lr, r.epochs, r.loss));
    }
    out
}

/// times.csv: the measured wall time of each run (same rows as runs.csv).
pub fn times_csv(runs: &[Run]) -> String {
    let mut out = String::from("seed,n,m,lr,seconds\n");
    for r in runs {
        let lr = r.lr.map_or(String::new(), |v| format!("{v:?}"));
        out.push_str(&format!("{},{},{},{},{:.3}\n", r.seed, r.n, r.m, lr, r.seconds));
    }
    out
}

/// Parses runs.csv back (for `--replot`); wall times are read from times.csv when present.
pub fn parse_runs(csv: &str, times: Option<&str>) -> Result<Vec<Run>, String> {
    let mut runs = Vec::new();
    for (line_no, line) in csv.lines().enumerate().skip(1) {
        let place = || format!("runs.csv line {}", line_no + 1);
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 6 && f.len() != 7 {
            return Err(format!("{}: expected 6 fields (7 in runs.partial.csv), got {}", place(), f.len()));
        }
        let int = |s: &str| s.parse::<usize>().map_err(|e| format!("{}: {s:?}: {e}", place()));
        let float = |s: &str| s.parse::<f64>().map_err(|e| format!("{}: {s:?}: {e}", place()));
        runs.push(Run {
            seed: int(f[0])? as u64,
            n: int(f[1])?,
            m: int(f[2])?,
            lr: if f[3].is_empty() { None } else { Some(float(f[3])?) },
            epochs: int(f[4])?,
            loss: float(f[5])?,
            seconds: if f.len() == 7 { float(f[6])? } else { 0.0 },
        });
    }
    if let Some(times) = times {
        for (run, line) in runs.iter_mut().zip(times.lines().skip(1)) {
            if let Some(s) = line.rsplit(',').next().and_then(|s| s.parse::<f64>().ok()) {
                run.seconds = s;
            }
        }
    }
    Ok(runs)
}

/// The least-m tables of both criteria.
#[derive(Clone, Debug, serde::Serialize)]
pub struct LeastMs {
    pub paper: Vec<analysis::LeastM>,
    pub per_sample: Vec<analysis::LeastM>,
}

/// The fits of both criteria.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Fits {
    pub paper: Vec<analysis::Fit>,
    pub per_sample: Vec<analysis::Fit>,
}

/// One cell of the loss table (mean over seeds; `m = 0` is g = 0).
#[derive(Clone, Debug, serde::Serialize)]
pub struct Cell {
    pub n: usize,
    pub m: usize,
    pub mean: Option<f64>,
    pub per_seed: Vec<Option<f64>>,
}

/// The pre-trained f of one seed.
#[derive(Clone, Debug, serde::Serialize)]
pub struct FFit {
    pub seed: u64,
    pub mse: f64,
    pub epochs: usize,
}

/// Mean wall time of the training runs of one m.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Timing {
    pub m: usize,
    pub runs: usize,
    pub mean_seconds: f64,
}

/// summary.json.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Summary {
    pub k: usize,
    pub d: usize,
    pub epochs: usize,
    pub threshold: f64,
    pub config: Config,
    pub f_fits: Vec<FFit>,
    pub loss: Vec<Cell>,
    pub least_m: LeastMs,
    pub fits: Fits,
    /// Certified: neuron counts of checker-accepted certificates on the same instances.
    pub certified: Vec<certified::CertifiedCount>,
    /// Certified: the 3-layer lower bound at (K, N).
    pub lower: Vec<certified::LowerCount>,
    /// Measured wall time (not part of runs.csv); total seconds of the command's training phase.
    pub train_seconds: f64,
    pub timing: Vec<Timing>,
}

/// Builds the summary from the runs and the certified counts.
pub fn summarize(
    config: &Config,
    runs: &[Run],
    f_fits: Vec<FFit>,
    certified: Vec<certified::CertifiedCount>,
    lower: Vec<certified::LowerCount>,
    train_seconds: f64,
) -> (analysis::LossTable, Summary) {
    use analysis::{fits, least_m, Criterion, LossTable};
    let table = LossTable::new(runs);
    let mut loss = Vec::new();
    for (ni, &n) in table.ns.iter().enumerate() {
        loss.push(Cell {
            n,
            m: 0,
            mean: table.mean_baseline(ni),
            per_seed: table.baseline.iter().map(|s| s[ni]).collect(),
        });
        for (mi, &m) in table.ms.iter().enumerate() {
            loss.push(Cell {
                n,
                m,
                mean: table.mean(ni, mi),
                per_seed: table.loss.iter().map(|s| s[ni][mi]).collect(),
            });
        }
    }
    let paper = least_m(&table, Criterion::Paper, config.threshold, config.k);
    let per_sample = least_m(&table, Criterion::PerSample, config.threshold, config.k);
    let fits = Fits { paper: fits(&paper), per_sample: fits(&per_sample) };
    let timing = table
        .ms
        .iter()
        .map(|&m| {
            let times: Vec<f64> = runs.iter().filter(|r| r.m == m).map(|r| r.seconds).collect();
            Timing {
                m,
                runs: times.len(),
                mean_seconds: times.iter().sum::<f64>() / times.len().max(1) as f64,
            }
        })
        .collect();
    let summary = Summary {
        k: config.k,
        d: config.d,
        epochs: config.epochs,
        threshold: config.threshold,
        config: config.clone(),
        f_fits,
        loss,
        least_m: LeastMs { paper, per_sample },
        fits,
        certified,
        lower,
        train_seconds,
        timing,
    };
    (table, summary)
}

fn write_file(path: &std::path::Path, text: &str) -> Result<(), ExperimentError> {
    crate::io::write_atomic(path, text.as_bytes())
        .map_err(|e| ExperimentError::Io { path: path.display().to_string(), message: e.to_string() })
}

fn read_file(path: &std::path::Path) -> Result<String, ExperimentError> {
    std::fs::read_to_string(path)
        .map_err(|e| ExperimentError::Io { path: path.display().to_string(), message: e.to_string() })
}

/// The whole command: train (unless `replot`), certify, summarise, draw. With `replot`, the runs
/// are read back from `out/runs.csv` and the certificates from `out/certificates/` (still checked).
pub fn run(
    config: &Config,
    out: &std::path::Path,
    progress: bool,
    replot: bool,
) -> Result<Summary, ExperimentError> {
    let mut config = config.clone();
    let config = &mut config;
    std::fs::create_dir_all(out)
        .map_err(|e| ExperimentError::Io { path: out.display().to_string(), message: e.to_string() })?;
    let cert_dir = out.join("certificates");
    let seeds: Vec<u64> = (config.first_seed..config.first_seed + config.seeds as u64).collect();
    let (runs, f_fits, train_seconds) = if replot {
        let full = out.join("runs.csv");
        let csv = if full.exists() {
            read_file(&full)?
        } else {
            eprintln!("warning: no runs.csv; using runs.partial.csv (an interrupted run)");
            read_file(&out.join("runs.partial.csv"))?
        };
        let times = std::fs::read_to_string(out.join("times.csv")).ok();
        let runs = parse_runs(&csv, times.as_deref()).map_err(ExperimentError::Grid)?;
        let table = analysis::LossTable::new(&runs);
        config.ns = table.ns.clone();
        config.ms = table.ms.clone();
        config.seeds = table.seeds.len();
        config.first_seed = table.seeds.first().copied().unwrap_or(0);
        if let Some(e) = runs.iter().map(|r| r.epochs).max() {
            config.epochs = e;
        }
        let mut lrs: Vec<f64> = runs.iter().filter_map(|r| r.lr).collect();
        lrs.sort_by(f64::total_cmp);
        lrs.dedup();
        config.lrs = lrs;
        let previous: Option<serde_json::Value> = std::fs::read_to_string(out.join("summary.json"))
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok());
        let f_fits = previous
            .as_ref()
            .and_then(|v| serde_json::from_value::<Vec<FFitIn>>(v["f_fits"].clone()).ok())
            .map(|v| v.into_iter().map(|f| FFit { seed: f.seed, mse: f.mse, epochs: f.epochs }).collect())
            .unwrap_or_default();
        let secs = previous.as_ref().and_then(|v| v["train_seconds"].as_f64()).unwrap_or(0.0);
        (runs, f_fits, secs)
    } else {
        certified::write_certificates(config, &seeds[..config.certified_seeds.min(seeds.len())], &cert_dir)?;
        let start = Instant::now();
        let (runs, seed_data) = run_grid(config, progress, Some(&out.join("runs.partial.csv")))?;
        let secs = start.elapsed().as_secs_f64();
        write_file(&out.join("runs.csv"), &runs_csv(&runs))?;
        write_file(&out.join("times.csv"), &times_csv(&runs))?;
        let f_fits = seed_data
            .iter()
            .zip(&seeds)
            .map(|(s, &seed)| FFit { seed, mse: s.f_mse, epochs: s.f_epochs })
            .collect();
        let _ = std::fs::remove_file(out.join("runs.partial.csv"));
        (runs, f_fits, secs)
    };
    let config = &*config;
    let seeds: Vec<u64> = (config.first_seed..config.first_seed + config.seeds as u64).collect();
    let counts =
        certified::read_certified(config, &seeds[..config.certified_seeds.min(seeds.len())], &cert_dir)?;
    let lower = certified::lower_counts(config)?;
    let (table, summary) = summarize(config, &runs, f_fits, counts, lower, train_seconds);
    let json = serde_json::to_string_pretty(&summary)
        .map_err(|e| ExperimentError::Io { path: "summary.json".into(), message: e.to_string() })?;
    write_file(&out.join("summary.json"), &(json + "\n"))?;
    let svg = figure::svg(&table, &summary).map_err(ExperimentError::Plot)?;
    write_file(&out.join("fig9.svg"), &svg)?;
    Ok(summary)
}

#[derive(serde::Deserialize)]
struct FFitIn {
    seed: u64,
    mse: f64,
    epochs: usize,
}

fn seeds_text(v: &[Option<usize>]) -> String {
    let parts: Vec<String> = v.iter().map(|m| m.map_or("-".to_string(), |m| m.to_string())).collect();
    format!("[{}]", parts.join(", "))
}

fn opt(v: Option<f64>) -> String {
    v.map_or("-".to_string(), |v| format!("{v:.1}"))
}

/// The closing table: least m per N under both criteria (seed means), the certified counts and
/// the lower bound at the same N, then the fits.
pub fn report(s: &Summary) -> String {
    let mut out = format!(
        "K = {}, d = {}, {} epochs, lr {:?}, f {:?}, split {}:{}, τ = {}, {} seeds\n",
        s.k,
        s.d,
        s.epochs,
        s.config.lrs,
        s.config.f,
        s.config.split.0,
        s.config.split.1,
        s.threshold,
        s.config.seeds
    );
    out.push_str("| N | least m, L_FT < τ (observed; mean [per seed]) | least m, (K/N)·L_FT < τ (observed) | g = 0 L_FT |");
    for c in certified::CONSTRUCTIONS {
        out.push_str(&format!(" {c} (certified) |"));
    }
    out.push_str(" 3-layer lower (certified) |\n|---|---|---|---|");
    out.push_str(&"---|".repeat(certified::CONSTRUCTIONS.len() + 1));
    out.push('\n');
    for (i, p) in s.least_m.paper.iter().enumerate() {
        let q = &s.least_m.per_sample[i];
        let base = s.loss.iter().find(|c| c.n == p.n && c.m == 0).and_then(|c| c.mean);
        let note = if p.baseline_passes { " (g=0 passes)" } else { "" };
        out.push_str(&format!(
            "| {} | {}{note} {} | {} {} | {} |",
            p.n,
            opt(p.mean),
            seeds_text(&p.per_seed),
            opt(q.mean),
            seeds_text(&q.per_seed),
            base.map_or("-".into(), |b| format!("{b:.4}"))
        ));
        for c in certified::CONSTRUCTIONS {
            let v =
                s.certified.iter().filter(|r| r.n == p.n && r.construction == *c).map(|r| r.neurons).max();
            out.push_str(&format!(" {} |", v.map_or("-".into(), |v| v.to_string())));
        }
        let l = s.lower.iter().find(|l| l.n == p.n).map(|l| l.neurons);
        out.push_str(&format!(" {} |\n", l.map_or("-".into(), |v| v.to_string())));
    }
    for (name, fits) in [("paper's criterion", &s.fits.paper), ("per-sample criterion", &s.fits.per_sample)] {
        for f in fits {
            let se = f.exponent_se.map_or(String::new(), |se| format!(" ± {se:.3}"));
            out.push_str(&format!(
                "fit ({name}): {}: coefficient {:.3}, p = {:.3}{se}, R² = {}, {} points\n",
                f.model,
                f.coefficient,
                f.exponent,
                analysis::r2_text(f.r2, 3),
                f.points
            ));
        }
    }
    for t in &s.timing {
        out.push_str(&format!(
            "m = {}: {} runs, mean {:.2} s per run (measured)\n",
            t.m, t.runs, t.mean_seconds
        ));
    }
    out
}
