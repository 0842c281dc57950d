//! The `ftcert` command line: argument definitions (clap) and one function per subcommand.
//!
//! Exit codes: 0 success / all accepted, 1 something rejected, 2 usage or I/O error,
//! 3 declined (a resource budget of the checker was exceeded).

pub mod common;
#[cfg(feature = "experiment")]
pub mod experiment;
pub mod export;
pub mod plot;
pub mod sample;
pub mod search;

use crate::certificate;
use crate::check::{check_path, Limits, Tally};
use crate::construct::ConstructionId;
use crate::instance::generated;
use crate::io::write_atomic;
use crate::lower::windows_certificate;
use crate::sweep::{self, report, Format, SweepConfig};
use clap::{Args, Parser, Subcommand};
use common::{int_in, out};
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
    /// Check certificates: single JSON files, .jsonl(.gz) files, archive folders, or `-` (stdin).
    ///
    /// Exit codes: 0 all accepted, 1 any rejected, 2 usage or I/O error (a file that cannot be
    /// read, a truncated or non-gzip .gz, a folder with neither manifest nor certificates), 3 any
    /// declined (a budget was exceeded).
    Check(CheckArgs),
    /// Build and check every T ⊆ [K] for every K in a range, and print the table per (construction, K, N).
    Sweep(SweepArgs),
    /// m*(K, N) and N*(m, K): the paper's bounds beside certified lower bounds, proven
    /// construction bounds and observed maxima (each named; see --help for the verdicts).
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
    /// Write the paper's Figures 2, 3 (corrected), 4, 5, 6, 8, 10 as SVG files into a folder.
    Figures(plot::FiguresArgs),
    /// Write SMT-LIB 2 scripts of certificates (z3/cvc5 second opinions; expected answer unsat).
    Export(export::ExportArgs),
    /// Ask SMT solvers for an m-neuron network on an instance (exit 0 sat, 1 unsat, 3 undecided).
    Search(search::SearchArgs),
    /// The paper's §7 experiment (Figure 9): gradient fine-tuning beside the certified constructions.
    #[cfg(feature = "experiment")]
    Experiment(experiment::ExperimentArgs),
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Construction id.
    #[arg(long, help = format!("Construction id ({})", ConstructionId::known()))]
    pub construction: String,
    /// Number of samples of the generated instance (with --t), 2 ≤ K ≤ 10000.
    #[arg(long, required_unless_present = "instance", value_parser = int_in(2, 10_000))]
    pub k: Option<usize>,
    /// Fine-tuned indices, 1-based, comma-separated, each at most once (e.g. 4,7,9,14); empty for T = ∅.
    #[arg(long, value_delimiter = ',', num_args = 0.., conflicts_with = "instance")]
    pub t: Vec<usize>,
    /// Input dimension of the generated instance, 1 ≤ d ≤ 1000 (d = 1 allows K ≤ 109).
    #[arg(long, default_value_t = 2, value_parser = int_in(1, 1000))]
    pub d: usize,
    /// Seed of the generated instance.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Read the instance from a JSON file: an `instance` object (k, d, points, targets, t;
    /// rationals are strings), or a whole certificate, whose `instance` object is taken.
    #[arg(long, conflicts_with_all = ["k", "seed"])]
    pub instance: Option<PathBuf>,
    /// Output file (default: standard output); its folder must exist.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct LowerArgs {
    /// Depth the bound is about, counting the output layer (2 to 64; depth ≥ 4 also bounds the
    /// max hidden width; docs/lower-bounds.md).
    #[arg(long, default_value_t = 2, value_parser = clap::value_parser!(u8).range(2..=64))]
    pub layers: u8,
    /// Number of samples K, 3 ≤ K ≤ 10000.
    #[arg(long, value_parser = int_in(3, 10_000))]
    pub k: usize,
    /// Size N of T (0 ≤ N ≤ K).
    #[arg(long, value_parser = int_in(0, 10_000))]
    pub n: usize,
    /// Input dimension (the points are i·e_1), 1 ≤ d ≤ 1000.
    #[arg(long, default_value_t = 1, value_parser = int_in(1, 1000))]
    pub d: usize,
    /// Lower rule: `windows` (any K), or `case-split` (2 layers, K ∈ {3, 4}: the strict zig-zag
    /// needs K − 1 neurons; docs/two-layer-exact.md).
    #[arg(long, default_value = "windows")]
    pub rule: String,
    /// Output file (default: standard output); its folder must exist.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// `check --help`: inputs and exit codes.
const CHECK_HELP: &str = "\
Inputs: a .json certificate; a .jsonl or .jsonl.gz file (one certificate per line); an archive
folder with manifest.json (hashes, counts and every certificate are verified); a folder without
manifest.json: its .json/.jsonl/.jsonl.gz files are checked one by one and a note says that no
manifest was verified; `-`: standard input (one pretty-printed certificate, or JSON Lines).
Exit codes: 0 all accepted, 1 something rejected, 2 usage or I/O error (unreadable file,
truncated or non-gzip .gz, folder with no certificates), 3 declined (a budget was exceeded).";

#[derive(Debug, Args)]
#[command(after_long_help = CHECK_HELP)]
pub struct CheckArgs {
    /// Certificate files (.json, .jsonl, .jsonl.gz), folders, or `-` for standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Print only the summary line and the problems.
    #[arg(short, long)]
    pub quiet: bool,
    /// Budget: bytes per certificate (≥ 1; default 64 MiB).
    #[arg(long, value_parser = int_in(1, u32::MAX.into()))]
    pub max_bytes: Option<usize>,
    /// Budget: decimal digits per rational (≥ 1; default 10000).
    #[arg(long, value_parser = int_in(1, u32::MAX.into()))]
    pub max_digits: Option<usize>,
    /// Budget: hidden neurons per network (≥ 1; default 100000).
    #[arg(long, value_parser = int_in(1, u32::MAX.into()))]
    pub max_neurons: Option<usize>,
    /// Budget: layers per network (≥ 1; default 64).
    #[arg(long, value_parser = int_in(1, u32::MAX.into()))]
    pub max_layers: Option<usize>,
    /// Budget: samples K (≥ 1; default 100000).
    #[arg(long, value_parser = int_in(1, u32::MAX.into()))]
    pub max_k: Option<usize>,
    /// Budget: dimension d (≥ 1; default 1000).
    #[arg(long, value_parser = int_in(1, u32::MAX.into()))]
    pub max_d: Option<usize>,
    /// Budget: JSON nesting depth (1 to 127; default 32).
    #[arg(long, value_parser = int_in(1, 127))]
    pub max_depth: Option<usize>,
    /// Also run SMT solver(s) on each certificate's exported script (z3, cvc5 or both) and print
    /// their answers beside the checker's verdict; exit 1 on any disagreement.
    #[arg(long, value_name = "z3|cvc5|both")]
    pub smt: Option<String>,
    /// Time limit per solver query for --smt, in seconds.
    #[arg(long, default_value_t = 10)]
    pub smt_timeout: u64,
    /// Budget: coordinate products for the projection line's minimality (docs/resources.md).
    #[arg(long)]
    pub max_line_work: Option<usize>,
    /// Budget: digit-products of exact big-integer arithmetic (default 2^40; docs/resources.md).
    #[arg(long)]
    pub max_digit_work: Option<usize>,
    /// Budget: steps of the piece count along the line, per layer (default 2^26; docs/resources.md).
    #[arg(long)]
    pub max_piece_work: Option<usize>,
    /// Budget: JSON values per certificate (docs/resources.md).
    #[arg(long)]
    pub max_values: Option<usize>,
}

/// `sweep --help`: the verdicts in terms of the kinds of numbers.
const SWEEP_HELP: &str = "\
Kinds of numbers: `lower` is certified for every instance (a lower certificate); `bound` is the
construction's proven bound (claims.bound, enforced by the checker on every certificate);
`max neurons` is observed on the generated instance of this run (max over T).
Verdicts:
  exact   max = lower = bound: the proven bound equals the certified lower bound, so m*(K, N) =
          lower is proven.
  tight   max = lower < bound: the lower bound is attained on this instance; m* is not proven.
  gap g   max - lower = g on this instance.
Exit codes: 0 all accepted, 1 a certificate was rejected, 2 usage or I/O error.";

#[derive(Debug, Args)]
#[command(after_long_help = SWEEP_HELP)]
pub struct SweepArgs {
    /// Depth of the constructions to sweep: 2, 3, or 4..=64 (deep-L).
    #[arg(long, default_value_t = 2, value_parser = int_in(2, 64))]
    pub layers: usize,
    /// Smallest K (3 ≤ K ≤ 40).
    #[arg(long, default_value_t = 3, value_parser = int_in(3, 40))]
    pub k_min: usize,
    /// Largest K, at least --k-min (every one of the 2^K sets T is built and checked; runs over
    /// 10^9 certificates need --yes or --shard).
    #[arg(long, default_value_t = 8, value_parser = int_in(3, 40))]
    pub k_max: usize,
    /// Input dimension of the generated instances, 1 ≤ d ≤ 1000.
    #[arg(long, default_value_t = 2, value_parser = int_in(1, 1000))]
    pub d: usize,
    /// Seed of the generated instances.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads; 0 or absent: all cores. The output does not depend on it.
    #[arg(long, value_parser = int_in(0, 4096))]
    pub jobs: Option<usize>,
    /// Run even if the sweep exceeds the budget of 10^9 certificates.
    #[arg(long)]
    pub yes: bool,
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
    /// Write the shard report (JSON: per-K results and archive entries) to this file (its folder
    /// must exist).
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Continue an interrupted run with the same arguments: K whose archive files are complete and
    /// intact are taken over, the rest is recomputed (needs --archive).
    #[arg(long)]
    pub resume: bool,
    /// Also evaluate every network with the builder's own exact arithmetic and compare with the
    /// checker's verdict: auto = for K ≤ 10, always, never.
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
        Ok(report) => {
            print_sweep(&report, layers, args.format, started, "merged from the shard reports (not rebuilt)")
        }
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
        Command::Export(args) => export::run(&args),
        Command::Search(args) => search::run(&args),
        #[cfg(feature = "experiment")]
        Command::Experiment(args) => experiment::run(&args),
        Command::Sample(args) => sample::run(&args),
        Command::PlotScaling(args) => plot::plot_scaling(&args),
    };
    ExitCode::from(code)
}

use common::usage;

/// What Ctrl-C during `sweep` prints (the binary's SIGINT handler): the command to continue with
/// `--resume`, or that nothing was kept without `--archive`. None for other subcommands.
pub fn interrupt_hint(cli: &Cli, argv: impl Iterator<Item = String>) -> Option<String> {
    let Command::Sweep(args) = &cli.command else { return None };
    let Some(dir) = &args.archive else {
        return Some(
            "\ninterrupted: nothing was kept (no --archive); with --archive DIR an interrupted sweep continues with --resume\n"
                .to_string(),
        );
    };
    let mut words: Vec<String> = argv.collect();
    if let Some(first) = words.first_mut() {
        *first = "ftcert".to_string();
    }
    if !args.resume {
        words.push("--resume".to_string());
    }
    Some(format!(
        "\ninterrupted: the K finished so far are kept in {}; continue with:\n  {}\n",
        dir.display(),
        words.join(" ")
    ))
}

/// Writes `text` and a newline to `output` (atomically; its folder must exist) or to stdout.
fn emit(text: &str, output: Option<&PathBuf>) -> u8 {
    let mut text = text.to_string();
    text.push('\n');
    match output {
        Some(path) => {
            if let Err(e) = common::output_folder_exists(path) {
                return usage(e);
            }
            match write_atomic(path, text.as_bytes()) {
                Ok(()) => 0,
                Err(e) => usage(format!("{}: {e}", path.display())),
            }
        }
        None => out(&text).err().unwrap_or(0),
    }
}

/// The instance of `build --instance FILE`: an `instance` object, or a whole certificate whose
/// `instance` object is taken.
fn read_instance(path: &std::path::Path) -> Result<crate::instance::Instance, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: not JSON: {e}", path.display()))?;
    let text = match value.get("instance") {
        Some(inner) if value.get("format").is_some() => {
            eprintln!("note: {} is a certificate; taking its `instance` object", path.display());
            inner.to_string()
        }
        _ => text,
    };
    certificate::parse_instance(&text).map_err(|e| {
        let e = e.to_string();
        let hint = if e.contains("expected a string") {
            " (rationals are strings: write \"1\" or \"1/2\")"
        } else {
            ""
        };
        format!("{}: invalid instance: {e}{hint}", path.display())
    })
}

fn build(args: BuildArgs) -> u8 {
    let id = match ConstructionId::from_name(&args.construction) {
        Ok(id) => id,
        Err(e) => return usage(e),
    };
    let instance = if let Some(path) = &args.instance {
        match read_instance(path) {
            Ok(i) => i,
            Err(e) => return usage(e),
        }
    } else {
        let k = args.k.expect("clap requires --k without --instance");
        if let Err(e) = crate::instance::check_generated(k, args.d) {
            return usage(e);
        }
        let mut t = args.t.clone();
        t.sort_unstable();
        if let Some(w) = t.windows(2).find(|w| w[0] == w[1]) {
            return usage(format!("--t: index {} is given twice", w[0]));
        }
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
    if args.n > args.k {
        return usage(format!("--n {} exceeds --k {}: need 0 ≤ N ≤ K", args.n, args.k));
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
        (args.max_line_work, &mut limits.max_line_work),
        (args.max_digit_work, &mut limits.max_digit_work),
        (args.max_piece_work, &mut limits.max_piece_work),
        (args.max_values, &mut limits.max_values),
    ];
    for (value, slot) in overrides {
        if let Some(v) = value {
            *slot = v;
        }
    }
    if let Some(which) = &args.smt {
        return match crate::smt::solver::choose(which) {
            Ok(b) => crate::smt::compare::check_smt(
                &args.paths,
                &limits,
                &b,
                std::time::Duration::from_secs(args.smt_timeout.max(1)),
            ),
            Err(e) => usage(e),
        };
    }
    let mut tally = Tally::default();
    for path in &args.paths {
        let stdin = path.as_os_str() == "-";
        if !stdin && !path.exists() {
            return usage(format!("{}: no such file or folder", path.display()));
        }
        let before = tally.accepted + tally.rejected + tally.declined;
        if stdin {
            crate::check::check_stdin(&limits, &mut tally);
        } else {
            check_path(path, &limits, &mut tally);
        }
        if !args.quiet {
            let n = tally.accepted + tally.rejected + tally.declined - before;
            let label = if stdin { "standard input".to_string() } else { path.display().to_string() };
            let line =
                format!("{label}: {n} {} checked", if n == 1 { "certificate" } else { "certificates" });
            if let Err(code) = common::outln(&line) {
                return code;
            }
        }
    }
    let mut text = String::new();
    for problem in tally.notes.iter().chain(&tally.problems) {
        text.push_str(problem);
        text.push('\n');
    }
    text.push_str(&format!("{tally}\n"));
    if let Err(code) = out(&text) {
        return code;
    }
    tally.exit_code()
}

/// The constructions of `sweep --construction` (default: all of the depth), by registry name.
fn sweep_constructions(args: &SweepArgs) -> Result<Vec<ConstructionId>, String> {
    if args.construction.is_empty() {
        return Ok(sweep::constructions_for(args.layers));
    }
    let mut ids = Vec::new();
    for name in &args.construction {
        match ConstructionId::from_name(name) {
            Ok(id) if id.layers() == args.layers => ids.push(id),
            Ok(id) => {
                return Err(format!("{} has {} layers, not --layers {}", name, id.layers(), args.layers))
            }
            Err(e) => return Err(e.to_string()),
        }
    }
    Ok(ids)
}

/// Certificates of this shard of the sweep: upper ones per construction and T (lower ones are
/// few and not counted).
fn sweep_size(config: &SweepConfig, shard: sweep::Shard) -> u128 {
    (config.k_min..=config.k_max)
        .map(|k| {
            let masks = shard.masks(k);
            u128::from(masks.end - masks.start)
        })
        .sum::<u128>()
        * config.constructions.len() as u128
}

fn sweep_cmd(args: SweepArgs) -> u8 {
    if args.k_min > args.k_max {
        return usage(format!("--k-min {} is larger than --k-max {}", args.k_min, args.k_max));
    }
    let constructions = match sweep_constructions(&args) {
        Ok(c) => c,
        Err(e) => return usage(e),
    };
    if let Err(e) = crate::instance::check_generated(args.k_max, args.d) {
        return usage(e);
    }
    if let Some(path) = &args.report {
        if let Err(e) = common::output_folder_exists(path) {
            return usage(e);
        }
    }
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
    let size = sweep_size(&config, shard);
    let what = format!(
        "sweep: {} sets T x {} constructions",
        size / config.constructions.len().max(1) as u128,
        config.constructions.len()
    );
    if let Err(code) = common::guard_long_run(
        &what,
        size,
        (pool.current_num_threads(), common::estimate_rate(config.layers)),
        args.yes || shard.count > 1,
    ) {
        return code;
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
        eprintln!(
            "shard {}/{}: {certificates} certificates built and checked in {}; {failures} failures",
            shard.index,
            shard.count,
            seconds(started)
        );
        return u8::from(failures > 0);
    }
    let report = sweep::finalize(&config, &shard_report.units);
    print_sweep(&report, args.layers, args.format, started, "built and checked")
}

fn seconds(started: std::time::Instant) -> String {
    let ms = started.elapsed().as_millis();
    format!("{}.{:03} s", ms / 1000, ms % 1000)
}

/// Prints a sweep's tables (stdout) and its summary lines (stderr); the exit code. `done` says
/// what happened to the certificates ("built and checked", or "merged …").
fn print_sweep(
    report: &sweep::SweepReport,
    layers: usize,
    format: Format,
    started: std::time::Instant,
    done: &str,
) -> u8 {
    let mut text = report::render(&report.rows, format);
    if layers <= 3 && format != Format::Json {
        text.push_str(&format!("\n{}\n", report::VERDICT_LEGEND));
    }
    if layers == 3 && format != Format::Json {
        text.push_str("\nobserved per (K, N) on this instance: max over T of the min over constructions (evidence, not a bound on m*; see `ftcert bounds`)\n");
        text.push_str(&sweep::summary::render_summary(&report.summary));
        text.push_str("\nlargest rational bit sizes per K (upper certificates)\n");
        text.push_str(&sweep::summary::render_bits(&report.bits));
    }
    if let Err(code) = out(&text) {
        return code;
    }
    if layers == 2 {
        let nb = report.bits.iter().map(|b| b.numerator_bits).max().unwrap_or(0);
        let db = report.bits.iter().map(|b| b.denominator_bits).max().unwrap_or(0);
        eprintln!("largest rational in the upper certificates' networks: numerator {nb} bits, denominator {db} bits");
    }
    eprintln!(
        "{} certificates {done} in {}; {} failures",
        report.certificates,
        seconds(started),
        report.failures.len()
    );
    eprintln!(
        "differential check: {} upper networks re-evaluated with the builder's exact arithmetic",
        report.differential_checks
    );
    for f in report.failures.iter().take(20) {
        eprintln!("{f}");
    }
    u8::from(!report.failures.is_empty())
}
