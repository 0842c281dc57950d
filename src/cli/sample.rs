//! `ftcert sample` (src/sweep/sample.rs) and `ftcert plot-scaling` (src/plot/scaling.rs).

use crate::construct::ConstructionId;
use crate::sweep::sample::{self, Family, Points, SampleConfig};
use crate::sweep::{constructions_for, Format};
use clap::{Args, ValueEnum};
use std::io::IsTerminal;
use std::path::PathBuf;

/// `--family`: one family or all three.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FamilyArg {
    Random,
    Spaced,
    Block,
    All,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Depth of the constructions (2, 3, or L ≥ 4 for deep-L).
    #[arg(long)]
    pub layers: usize,
    /// Number of samples K (3 ≤ K ≤ 100000).
    #[arg(long)]
    pub k: usize,
    /// Sizes N of T, comma-separated (e.g. 1,2,5,10,20,50,100).
    #[arg(long, value_delimiter = ',', required_unless_present = "t_file", conflicts_with = "t_file")]
    pub n: Vec<usize>,
    /// R: sets per family `random` and `block` (`spaced` is one set per N).
    #[arg(long, default_value_t = 10)]
    pub sets: usize,
    /// Families of sets T, comma-separated: random (uniform N-subsets), spaced (isolated, evenly
    /// spread, no ends), block (one contiguous run), all (the three).
    #[arg(long, value_enum, value_delimiter = ',', default_value = "all")]
    pub family: Vec<FamilyArg>,
    /// The sets T from a file instead: one per line, 1-based indices (commas or spaces), `-` for
    /// the empty set, `#` comments.
    #[arg(long, value_name = "FILE", conflicts_with = "family")]
    pub t_file: Option<PathBuf>,
    /// Input dimension.
    #[arg(long, default_value_t = 10)]
    pub d: usize,
    /// The instance's points: lattice (the sweep's generator) or gaussian (the paper's §7 data on
    /// the 2^-12 grid).
    #[arg(long, value_enum, default_value_t = Points::Gaussian)]
    pub points: Points,
    /// Seed of the instance and of the random families.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (default: all cores). The output does not depend on it.
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Only these constructions (comma-separated ids; default: all of the depth).
    #[arg(long, value_delimiter = ',')]
    pub construction: Vec<String>,
    /// Write every certificate to this archive folder (gzip JSON Lines + manifest.json).
    #[arg(long)]
    pub archive: Option<PathBuf>,
    /// Output format of the table.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
    /// The checker's digit-work budget per certificate (default: the checker's, 2^40). U1 and
    /// U1-edge at K = 10,000 need more; check such an archive with the same `--max-digit-work`.
    #[arg(long, value_name = "DIGIT_PRODUCTS")]
    pub max_digit_work: Option<usize>,
}

fn usage(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    2
}

fn constructions(layers: usize, names: &[String]) -> Result<Vec<ConstructionId>, String> {
    if names.is_empty() {
        return Ok(constructions_for(layers));
    }
    let mut ids = Vec::new();
    for name in names {
        let id = ConstructionId::from_name(name).map_err(|e| e.to_string())?;
        if id.layers() != layers {
            return Err(format!("{name} has {} layers, not --layers {layers}", id.layers()));
        }
        ids.push(id);
    }
    Ok(ids)
}

fn config(args: &SampleArgs) -> Result<SampleConfig, String> {
    let mut families = Vec::new();
    for f in &args.family {
        let add: &[Family] = match f {
            FamilyArg::Random => &[Family::Random],
            FamilyArg::Spaced => &[Family::Spaced],
            FamilyArg::Block => &[Family::Block],
            FamilyArg::All => &[Family::Random, Family::Spaced, Family::Block],
        };
        families.extend_from_slice(add);
    }
    // Table order: random, spaced, block (whatever the order on the command line).
    families.sort_unstable();
    families.dedup();
    let t_sets = match &args.t_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            Some(sample::parse_t_file(&text, args.k, path)?)
        }
        None => None,
    };
    let mut ns = args.n.clone();
    ns.sort_unstable();
    ns.dedup();
    Ok(SampleConfig {
        layers: args.layers,
        k: args.k,
        ns,
        sets: args.sets,
        families,
        t_sets,
        d: args.d,
        points: args.points,
        seed: args.seed,
        constructions: constructions(args.layers, &args.construction)?,
        archive: args.archive.clone(),
        progress: !args.quiet && std::io::stderr().is_terminal(),
        max_digit_work: args.max_digit_work,
    })
}

/// Runs `ftcert sample`: exit 0 if every certificate is accepted, 1 if any is rejected, 2 on
/// usage errors and refused (over-budget) requests.
pub fn run(args: &SampleArgs) -> u8 {
    let config = match config(args) {
        Ok(c) => c,
        Err(e) => return usage(e),
    };
    if let Err(e) = sample::validate(&config) {
        return usage(e);
    }
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(args.jobs.unwrap_or(0)).build() {
        Ok(p) => p,
        Err(e) => return usage(e),
    };
    let started = std::time::Instant::now();
    let report = match pool.install(|| sample::run(&config)) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    print!("{}", sample::render(&report.rows, args.format));
    let ms = started.elapsed().as_millis();
    eprintln!(
        "{} certificates built and checked in {}.{:03} s; {} failures; largest rational in the networks: numerator {} bits, denominator {} bits",
        report.certificates,
        ms / 1000,
        ms % 1000,
        report.failures.len(),
        report.bits.0,
        report.bits.1
    );
    for f in report.failures.iter().take(20) {
        eprintln!("{f}");
    }
    u8::from(!report.failures.is_empty())
}
