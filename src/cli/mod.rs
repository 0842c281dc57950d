//! The `ftcert` command line: argument definitions (clap) and one function per subcommand.
//!
//! Exit codes: 0 success / all accepted, 1 something rejected, 2 usage or I/O error,
//! 3 declined (a resource budget of the checker was exceeded).

pub mod plot;
pub mod sample;

use crate::certificate;
use crate::check::{check_path, Limits, Tally};
use crate::construct::ConstructionId;
use crate::instance::generated;
use crate::io::write_atomic;
use crate::lower::windows_certificate;
use crate::sweep::{self, report, Format, SweepConfig};
use clap::{Args, Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Machine-checked certificates for the fine-tuning capacity (FTC) of small ReLU networks.
///
/// ftcert builds the paper's constructions with exact rationals, writes each network as a
/// certificate (docs/certificate-format.md) and rechecks it with an independent checker.
#[derive(Debug, Parser)]
#[command(name = "ftcert", version, about, long_about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build one upper-bound certificate: a network that fine-tunes an instance.
    Build(BuildArgs),
    /// Write one lower-bound certificate for (K, N): the hard instance and its signed windows.
    Lower(LowerArgs),
    /// Check certificates: single JSON files, .jsonl(.gz) files, or archive folders with a manifest.
    ///
    /// Exit code 0 if all are accepted, 1 if any is rejected, 3 if any is declined (budget).
    Check(CheckArgs),
    /// Build and check every T ⊆ [K] for every K in a range, and print the table per (construction, K, N).
    Sweep(SweepArgs),
    /// The exact width m*(K, N) and capacity N*(m, K) where certified, next to the paper's intervals.
    Bounds(crate::sweep::bounds::BoundsArgs),
    /// Combine the reports (and archive parts) of `sweep --shard i/n` runs into the output of the
    /// unsharded sweep, byte for byte.
    Merge(MergeArgs),
    /// Draw g along a certificate's line (SVG): samples, T highlighted, breakpoints, piece count.
    Plot(plot::PlotArgs),
    /// Draw a (K, N) grid of certified gaps from `ftcert sweep --format json` output (SVG).
    PlotSweep(plot::PlotSweepArgs),
    /// Build and check every construction on sampled sets T at large K (random, spaced, block, or
    /// a file) and print the table per (construction, K, N, family).
    Sample(sample::SampleArgs),
    /// Draw a `sample --format json` report (one or more files): neurons against N, or against K.
    PlotScaling(plot::PlotScalingArgs),
    /// Write the paper's Figures 2, 3 (corrected), 4, 5, 6, 8, 10 as SVG files (default docs/figures).
    Figures(plot::FiguresArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Construction id (two-layer-paper, two-layer-tight).
    #[arg(long)]
    pub construction: String,
    /// Number of samples of the generated instance (with --t).
    #[arg(long, required_unless_present = "instance")]
    pub k: Option<usize>,
    /// Fine-tuned indices, 1-based, comma-separated (e.g. 4,7,9,14); empty for T = ∅.
    #[arg(long, value_delimiter = ',', num_args = 0.., conflicts_with = "instance")]
    pub t: Vec<usize>,
    /// Input dimension of the generated instance.
    #[arg(long, default_value_t = 2)]
    pub d: usize,
    /// Seed of the generated instance.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Read the instance from a JSON file (an `instance` object: k, d, points, targets, t).
    #[arg(long, conflicts_with_all = ["k", "seed"])]
    pub instance: Option<PathBuf>,
    /// Output file (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LowerArgs {
    /// Depth the bound is about, counting the output layer (2 to 64; depth ≥ 4 also bounds the
    /// max hidden width; docs/lower-bounds.md).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(2..=64))]
    pub layers: u8,
    /// Number of samples K (≥ 3).
    #[arg(long)]
    pub k: usize,
    /// Size N of T (0 ≤ N ≤ K).
    #[arg(long)]
    pub n: usize,
    /// Input dimension (the points are i·e_1).
    #[arg(long, default_value_t = 1)]
    pub d: usize,
    /// Lower rule: `windows` (any K), or `case-split` (2 layers, K ∈ {3, 4}: the strict zig-zag
    /// needs K − 1 neurons; docs/two-layer-exact.md).
    #[arg(long, default_value = "windows")]
    pub rule: String,
    /// Output file (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Certificate files (.json, .jsonl, .jsonl.gz) or archive folders (with manifest.json).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print only the summary line and the problems.
    #[arg(short, long)]
    pub quiet: bool,
    /// Budget: bytes per certificate.
    #[arg(long)]
    pub max_bytes: Option<usize>,
    /// Budget: decimal digits per rational.
    #[arg(long)]
    pub max_digits: Option<usize>,
    /// Budget: hidden neurons per network.
    #[arg(long)]
    pub max_neurons: Option<usize>,
    /// Budget: layers per network.
    #[arg(long)]
    pub max_layers: Option<usize>,
    /// Budget: samples K.
    #[arg(long)]
    pub max_k: Option<usize>,
    /// Budget: dimension d.
    #[arg(long)]
    pub max_d: Option<usize>,
    /// Budget: JSON nesting depth (at most 127).
    #[arg(long)]
    pub max_depth: Option<usize>,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Depth of the constructions to sweep.
    #[arg(long, default_value_t = 2)]
    pub layers: usize,
    /// Smallest K.
    #[arg(long, default_value_t = 3)]
    pub k_min: usize,
    /// Largest K (every one of the 2^K sets T is built and checked).
    #[arg(long, default_value_t = 8)]
    pub k_max: usize,
    /// Input dimension of the generated instances.
    #[arg(long, default_value_t = 2)]
    pub d: usize,
    /// Seed of the generated instances.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (default: all cores). The output does not depend on it.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Write every certificate to this archive folder (gzip JSON Lines + manifest.json).
    #[arg(long)]
    pub archive: Option<PathBuf>,
    /// Output format of the table.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Only these constructions (comma-separated ids; default: all of the depth).
    #[arg(long, value_delimiter = ',')]
    pub construction: Vec<String>,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// Run only shard i of n (0 ≤ i < n): for every K the i-th of n contiguous mask ranges (and
    /// the lower certificates on shard 0). Needs --report when n > 1; combine with `ftcert merge`.
    #[arg(long, value_name = "i/n")]
    pub shard: Option<sweep::Shard>,
    /// Write the shard report (JSON: per-K results and archive entries) to this file.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Continue an interrupted run with the same arguments: K whose archive files are complete and
    /// intact are taken over, the rest is recomputed (needs --archive).
    #[arg(long)]
    pub resume: bool,
    /// Also evaluate every network with the builder's own exact arithmetic and compare with the
    /// checker's verdict (auto: for K ≤ 10).
    #[arg(long, value_enum, default_value_t = sweep::Differential::Auto)]
    pub differential: sweep::Differential,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Shard reports written by `sweep --shard i/n --report FILE` (all n of them, any order).
    #[arg(required = true)]
    pub reports: Vec<PathBuf>,
    /// Output format of the table.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Assemble the shards' archive parts into this archive folder (whole files + manifest.json).
    #[arg(long)]
    pub archive: Option<PathBuf>,
}

fn merge_cmd(args: MergeArgs) -> u8 {
    let started = std::time::Instant::now();
    let mut reports = Vec::new();
    for path in &args.reports {
        match sweep::ShardReport::load(path) {
            Ok(r) => reports.push(r),
            Err(e) => return usage(format!("{}: {e}", path.display())),
        }
    }
    let layers = reports.first().map_or(2, |r| r.sweep.layers);
    match sweep::shard::merge(&reports, args.archive.as_deref()) {
        Ok(report) => print_sweep(&report, layers, args.format, started),
        Err(e) => usage(format!("merge: {e}")),
    }
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    let code = match cli.command {
        Command::Build(args) => build(args),
        Command::Lower(args) => lower(args),
        Command::Check(args) => check(args),
        Command::Sweep(args) => sweep_cmd(args),
        Command::Bounds(args) => crate::sweep::bounds::cli(&args),
        Command::Merge(args) => merge_cmd(args),
        Command::Plot(args) => plot::plot(&args),
        Command::PlotSweep(args) => plot::plot_sweep(&args),
        Command::Figures(args) => plot::figures(&args),
        Command::Sample(args) => sample::run(&args),
        Command::PlotScaling(args) => plot::plot_scaling(&args),
    };
    ExitCode::from(code)
}

fn usage(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    2
}

fn emit(text: &str, output: Option<&PathBuf>) -> u8 {
    let mut text = text.to_string();
    text.push('\n');
    match output {
        Some(path) => match write_atomic(path, text.as_bytes()) {
            Ok(()) => 0,
            Err(e) => usage(format!("{}: {e}", path.display())),
        },
        None => {
            print!("{text}");
            0
        }
    }
}

fn build(args: BuildArgs) -> u8 {
    let id = match ConstructionId::from_name(&args.construction) {
        Ok(id) => id,
        Err(e) => return usage(e),
    };
    let instance = if let Some(path) = &args.instance {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return usage(format!("{}: {e}", path.display())),
        };
        match certificate::parse_instance(&text) {
            Ok(i) => i,
            Err(e) => return usage(format!("{}: invalid instance: {e}", path.display())),
        }
    } else {
        let k = args.k.expect("clap requires --k without --instance");
        if !(2..=10_000).contains(&k) {
            return usage(format!("--k {k}: K must be between 2 and 10000"));
        }
        if args.d == 0 {
            return usage("--d must be at least 1");
        }
        let mut t = args.t.clone();
        t.sort_unstable();
        t.dedup();
        if let Some(&bad) = t.iter().find(|&&i| i == 0 || i > k) {
            return usage(format!("--t: index {bad} is out of range 1..={k}"));
        }
        generated(k, args.d, args.seed).with_t(&t)
    };
    match id.build(&instance) {
        Ok(built) => emit(&certificate::upper(id, &instance, &built, true), args.output.as_ref()),
        Err(e) => usage(e),
    }
}

fn lower(args: LowerArgs) -> u8 {
    if args.k < 3 || args.n > args.k || args.d == 0 {
        return usage(format!(
            "need K ≥ 3, 0 ≤ N ≤ K and d ≥ 1 (got K={}, N={}, d={})",
            args.k, args.n, args.d
        ));
    }
    if args.rule == "case-split" {
        return match crate::lower::case_split::zigzag_certificate(args.k, args.n, args.d) {
            Some(cert) if args.layers == 2 => {
                emit(&certificate::lower_case_split(&cert, true), args.output.as_ref())
            }
            _ => usage(format!(
                "--rule case-split needs --layers 2 and a strict zig-zag: K = 3 with N ≥ 1 or K = 4 with N ≥ 2 (got K={}, N={})",
                args.k, args.n
            )),
        };
    }
    if args.rule != "windows" {
        return usage(format!("--rule {}: known rules are windows, case-split", args.rule));
    }
    let cert = windows_certificate(args.k, args.n, args.d, usize::from(args.layers));
    emit(&certificate::lower(&cert, true), args.output.as_ref())
}

fn check(args: CheckArgs) -> u8 {
    let mut limits = Limits::default();
    let overrides = [
        (args.max_bytes, &mut limits.max_bytes),
        (args.max_digits, &mut limits.max_rational_digits),
        (args.max_neurons, &mut limits.max_neurons),
        (args.max_layers, &mut limits.max_layers),
        (args.max_k, &mut limits.max_k),
        (args.max_d, &mut limits.max_d),
        (args.max_depth, &mut limits.max_depth),
    ];
    for (value, slot) in overrides {
        if let Some(v) = value {
            *slot = v;
        }
    }
    let mut tally = Tally::default();
    for path in &args.paths {
        if !path.exists() {
            return usage(format!("{}: no such file or folder", path.display()));
        }
        let before = tally.accepted + tally.rejected + tally.declined;
        check_path(path, &limits, &mut tally);
        if !args.quiet {
            let after = tally.accepted + tally.rejected + tally.declined;
            println!("{}: {} certificates checked", path.display(), after - before);
        }
    }
    for problem in &tally.problems {
        println!("{problem}");
    }
    println!("{tally}");
    tally.exit_code()
}

fn sweep_cmd(args: SweepArgs) -> u8 {
    let constructions = if args.construction.is_empty() {
        sweep::constructions_for(args.layers)
    } else {
        let mut ids = Vec::new();
        for name in &args.construction {
            match ConstructionId::from_name(name) {
                Ok(id) if id.layers() == args.layers => ids.push(id),
                Ok(id) => {
                    return usage(format!(
                        "{} has {} layers, not --layers {}",
                        name,
                        id.layers(),
                        args.layers
                    ))
                }
                Err(e) => return usage(e),
            }
        }
        ids
    };
    let config = SweepConfig {
        layers: args.layers,
        k_min: args.k_min,
        k_max: args.k_max,
        d: args.d,
        seed: args.seed,
        constructions,
        archive: args.archive.clone(),
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => return usage(e),
    };
    let started = std::time::Instant::now();
    let shard = args.shard.unwrap_or_default();
    if shard.count > 1 && args.report.is_none() {
        return usage("--shard i/n with n > 1 needs --report FILE (then combine with `ftcert merge`)");
    }
    let options = sweep::RunOptions { shard, resume: args.resume, differential: args.differential };
    let result = pool.install(|| sweep::run_shard(&config, &options));
    let shard_report = match result {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    if !shard_report.reused.is_empty() {
        eprintln!(
            "resume: K = {:?} taken over from the interrupted run (files intact), the rest recomputed",
            shard_report.reused
        );
    }
    if let Some(path) = &args.report {
        if let Err(e) = shard_report.save(path) {
            return usage(format!("{}: {e}", path.display()));
        }
    }
    if shard.count > 1 {
        let failures: usize = shard_report
            .units
            .iter()
            .map(|u| u.failures_lower.len() + u.failures_upper.len() + u.failures_hard.len())
            .sum();
        let certificates: usize = shard_report.units.iter().map(|u| u.certificates).sum();
        let seconds = started.elapsed().as_millis();
        eprintln!(
            "shard {}/{}: {certificates} certificates built and checked in {}.{:03} s; {failures} failures",
            shard.index,
            shard.count,
            seconds / 1000,
            seconds % 1000
        );
        return u8::from(failures > 0);
    }
    let report = sweep::finalize(&config, &shard_report.units);
    print_sweep(&report, args.layers, args.format, started)
}

/// Prints a sweep's tables (stdout) and its summary lines (stderr); the exit code.
fn print_sweep(
    report: &sweep::SweepReport,
    layers: usize,
    format: Format,
    started: std::time::Instant,
) -> u8 {
    print!("{}", report::render(&report.rows, format));
    if layers == 3 && format != Format::Json {
        println!("\nbest certified upper bound per (K, N): max over T of the min over constructions");
        print!("{}", sweep::summary::render_summary(&report.summary));
        println!("\nlargest rational bit sizes per K (upper certificates)");
        print!("{}", sweep::summary::render_bits(&report.bits));
    }
    if layers == 2 {
        let nb = report.bits.iter().map(|b| b.numerator_bits).max().unwrap_or(0);
        let db = report.bits.iter().map(|b| b.denominator_bits).max().unwrap_or(0);
        eprintln!("largest rational in the upper certificates' networks: numerator {nb} bits, denominator {db} bits");
    }
    let seconds = started.elapsed().as_millis();
    eprintln!(
        "{} certificates built and checked in {}.{:03} s; {} failures",
        report.certificates,
        seconds / 1000,
        seconds % 1000,
        report.failures.len()
    );
    for f in report.failures.iter().take(20) {
        eprintln!("{f}");
    }
    u8::from(!report.failures.is_empty())
}
