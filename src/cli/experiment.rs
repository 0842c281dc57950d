//! `ftcert experiment`: the paper's §7 experiment (Figure 9) beside the certified constructions
//! (src/experiment/, training in crates/ftcert-experiment). Feature `experiment` (default).

use crate::experiment::{self, Config, FMode};
use clap::Args;
use std::io::IsTerminal;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExperimentArgs {
    /// Samples K of the gaussian instance.
    #[arg(long, default_value_t = 1000)]
    pub k: usize,
    /// Input dimension d.
    #[arg(long, default_value_t = 10)]
    pub d: usize,
    /// Changed-set sizes N (comma-separated; default the 11 values).
    #[arg(long, value_delimiter = ',')]
    pub n: Vec<usize>,
    /// Hidden widths m of g (comma-separated; default 4,6,…,128).
    #[arg(long, value_delimiter = ',')]
    pub m: Vec<usize>,
    /// Seeds 0..S (instance, labels, changed sets and initialisations).
    #[arg(long)]
    pub seeds: Option<usize>,
    /// First seed (seeds are FIRST..FIRST+SEEDS); runs.csv of seed ranges concatenate to the
    /// runs.csv of the whole range, row for row.
    #[arg(long, default_value_t = 0)]
    pub first_seed: u64,
    /// Build and check the certified overlay for the first this-many seeds.
    #[arg(long, default_value_t = 1)]
    pub certified_seeds: usize,
    /// Full-batch Adam epochs per run.
    #[arg(long)]
    pub epochs: Option<usize>,
    /// Peak learning rates (cosine decay); the better final loss is kept per cell.
    #[arg(long, value_delimiter = ',')]
    pub lr: Vec<f64>,
    /// The pre-trained f: `residual` (f(x_i) = y_i exactly, Definition 3.1) or `trained`
    /// (a ReLU MLP trained on D until its MSE is below --f-mse).
    #[arg(long, value_enum, default_value_t = FMode::Residual)]
    pub f: FMode,
    /// Hidden widths of the trained f (--f trained).
    #[arg(long, value_delimiter = ',', default_value = "128,128")]
    pub f_hidden: Vec<usize>,
    /// Maximum epochs of the trained f.
    #[arg(long, default_value_t = 20000)]
    pub f_epochs: usize,
    /// Peak learning rate of the trained f.
    #[arg(long, default_value_t = 0.003)]
    pub f_lr: f64,
    /// The trained f must reach an MSE below this on D.
    #[arg(long, default_value_t = 1e-8)]
    pub f_mse: f64,
    /// Split of g's m neurons over its two hidden layers, a:b.
    #[arg(long, default_value = "1:1", value_parser = parse_split)]
    pub split: (usize, usize),
    /// Threshold τ of both criteria.
    #[arg(long, default_value_t = 0.04)]
    pub threshold: f64,
    /// Threads (one training run per thread at a time).
    #[arg(long, default_value_t = 2)]
    pub jobs: usize,
    /// Output folder: runs.csv, times.csv, summary.json, fig9.svg, certificates/.
    #[arg(long, default_value = "experiment-run")]
    pub out: PathBuf,
    /// A 3 × 3 grid (N = 10, 100, 300; m = 4, 16, 64), 500 epochs, 1 seed.
    #[arg(long)]
    pub quick: bool,
    /// Do not train: re-read OUT/runs.csv and OUT/certificates/ (checked again) and rewrite
    /// summary.json and fig9.svg.
    #[arg(long)]
    pub replot: bool,
}

fn parse_split(s: &str) -> Result<(usize, usize), String> {
    let (a, b) = s.split_once(':').ok_or_else(|| format!("{s:?}: write a:b, e.g. 1:1"))?;
    let a = a.parse::<usize>().map_err(|e| format!("{s:?}: {e}"))?;
    let b = b.parse::<usize>().map_err(|e| format!("{s:?}: {e}"))?;
    if a == 0 || b == 0 {
        return Err(format!("{s:?}: both parts must be positive"));
    }
    Ok((a, b))
}

/// The configuration the flags describe (the defaults, `--quick`, then explicit flags).
pub fn config(args: &ExperimentArgs) -> Config {
    let mut c = Config::default_grid();
    if args.quick {
        c.ns = vec![10, 100, 300];
        c.ms = vec![4, 16, 64];
        c.epochs = 500;
        c.seeds = 1;
    }
    c.k = args.k;
    c.d = args.d;
    if !args.n.is_empty() {
        c.ns = args.n.clone();
    }
    if !args.m.is_empty() {
        c.ms = args.m.clone();
    }
    if let Some(s) = args.seeds {
        c.seeds = s;
    }
    if let Some(e) = args.epochs {
        c.epochs = e;
    }
    if !args.lr.is_empty() {
        c.lrs = args.lr.clone();
    }
    c.first_seed = args.first_seed;
    c.certified_seeds = args.certified_seeds;
    c.f = args.f;
    c.f_hidden = args.f_hidden.clone();
    c.f_epochs = args.f_epochs;
    c.f_lr = args.f_lr;
    c.f_mse = args.f_mse;
    c.split = args.split;
    c.threshold = args.threshold;
    c.jobs = args.jobs.max(1);
    c
}

/// `ftcert experiment`: exit 0 on success, 1 if a certificate of the overlay is not accepted,
/// 2 on bad arguments, I/O or training errors.
pub fn run(args: &ExperimentArgs) -> u8 {
    let config = config(args);
    let start = std::time::Instant::now();
    match experiment::run(&config, &args.out, std::io::stderr().is_terminal(), args.replot) {
        Ok(summary) => {
            print!("{}", experiment::report(&summary));
            println!(
                "wrote {}/{{runs.csv,times.csv,summary.json,fig9.svg}} in {:.1} s",
                args.out.display(),
                start.elapsed().as_secs_f64()
            );
            0
        }
        Err(e @ experiment::ExperimentError::Certified(_)) => {
            eprintln!("error: {e}");
            1
        }
        Err(e) => {
            eprintln!("error: {e}");
            2
        }
    }
}
