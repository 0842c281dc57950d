//! `ftcert search`: ask SMT solvers for a network with m hidden neurons that fits an instance
//! (src/smt/search.rs). Exit codes: 0 sat (a certificate the checker accepted), 1 unsat from
//! every solver asked, 3 undecided, 2 usage.

use crate::certificate;
use crate::instance::{hard_instance, Instance};
use crate::io::write_atomic;
use crate::smt::search::{self, ShapeResult};
use crate::smt::solver;
use clap::Args;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Depth: 2 (one hidden layer) or 3 (two hidden layers).
    #[arg(long, value_parser = clap::value_parser!(u8).range(2..=3))]
    pub layers: u8,
    /// Number of samples K of the hard instance.
    #[arg(long, required_unless_present = "instance")]
    pub k: Option<usize>,
    /// Size N of T of the hard instance.
    #[arg(long, required_unless_present = "instance")]
    pub n: Option<usize>,
    /// Hidden neurons m (3 layers: d1 + d2 = m over every split with d1, d2 ≥ 1, unless --split).
    #[arg(long)]
    pub neurons: usize,
    /// 3 layers only: the hidden widths d1:d2 (d1 + d2 = m).
    #[arg(long, value_name = "d1:d2")]
    pub split: Option<String>,
    /// `hard` (the certified hard instance of `ftcert lower`, points i·e_1 in d = 1), an
    /// instance file (the `instance` object of a certificate) or a certificate (its instance).
    #[arg(long, default_value = "hard")]
    pub instance: String,
    /// Solver: z3, cvc5 or both (z3 first; `unsat` is reported only when all answer it).
    #[arg(long, default_value = "both")]
    pub solver: String,
    /// Time limit per solver query, in seconds.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
    /// Write the certificate of a found network here (default: standard output).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

fn usage(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    2
}

fn load_instance(args: &SearchArgs) -> Result<Instance, String> {
    if args.instance == "hard" {
        let (Some(k), Some(n)) = (args.k, args.n) else {
            return Err("--instance hard needs --k and --n".to_string());
        };
        if k < 2 || n > k || k > 64 {
            return Err(format!("need 2 ≤ K ≤ 64 and 0 ≤ N ≤ K (got K={k}, N={n})"));
        }
        return Ok(hard_instance(k, n, 1));
    }
    let mut text = std::fs::read_to_string(&args.instance).map_err(|e| format!("{}: {e}", args.instance))?;
    // A certificate file stands for its instance.
    if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
        if let Some(inner) = v.get("instance") {
            text = inner.to_string();
        }
    }
    certificate::parse_instance(&text).map_err(|e| format!("{}: invalid instance: {e}", args.instance))
}

fn splits(args: &SearchArgs) -> Result<Vec<Vec<usize>>, String> {
    let m = args.neurons;
    if args.layers == 2 {
        if args.split.is_some() {
            return Err("--split is for --layers 3".to_string());
        }
        return Ok(vec![vec![m]]);
    }
    if let Some(s) = &args.split {
        let parsed =
            s.split_once(':').and_then(|(a, b)| Some((a.parse::<usize>().ok()?, b.parse::<usize>().ok()?)));
        return match parsed {
            Some((d1, d2)) if d1 + d2 == m => Ok(vec![vec![d1, d2]]),
            _ => Err(format!("--split {s}: expected d1:d2 with d1 + d2 = --neurons {m}")),
        };
    }
    // d1 = 0 or d2 = 0 is a constant network, the same as (1, m − 1) with zero weights.
    Ok(if m < 2 { vec![vec![m.min(1), 0]] } else { (1..m).map(|d1| vec![d1, m - d1]).collect() })
}

/// Runs `ftcert search`.
pub fn run(args: &SearchArgs) -> u8 {
    let inst = match load_instance(args) {
        Ok(i) => i,
        Err(e) => return usage(e),
    };
    let shapes = match splits(args) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let backends = match solver::choose(&args.solver) {
        Ok(b) => b,
        Err(e) => return usage(e),
    };
    for b in &backends {
        if !solver::available(b) {
            return usage(format!("solver {} is not installed (Debian package {})", b.name, b.name));
        }
    }
    let timeout = Duration::from_secs(args.timeout.max(1));
    let what = format!("{}-layer, m = {}, K = {}, N = {}", args.layers, args.neurons, inst.k(), inst.n());
    let mut all_unsat = true;
    let mut names = Vec::new();
    for widths in &shapes {
        let shape = widths.iter().map(ToString::to_string).collect::<Vec<_>>().join(":");
        match search::decide(&inst, &search::queries(&inst, widths), &backends, timeout) {
            ShapeResult::Found { certificate, solver, encoding, millis } => {
                println!(
                    "sat ({what}, widths {shape}): found by {solver} ({encoding}, {millis} ms); certificate accepted by ftcert's checker"
                );
                return match &args.output {
                    Some(path) => match write_atomic(path, format!("{certificate}\n").as_bytes()) {
                        Ok(()) => 0,
                        Err(e) => usage(format!("{}: {e}", path.display())),
                    },
                    None => {
                        println!("{certificate}");
                        0
                    }
                };
            }
            ShapeResult::Unsat(by) => {
                println!("unsat ({what}, widths {shape}): per {}", by.join(" and "));
                names = by;
            }
            ShapeResult::Undecided(notes) => {
                all_unsat = false;
                println!("undecided ({what}, widths {shape}): {}", notes.join("; "));
            }
        }
    }
    if all_unsat {
        let split = if args.layers == 3 { " (for every split d1 + d2 = m)" } else { "" };
        println!(
            "no {}-neuron {}-layer network{split} exists on this instance, per {} (a solver answer, not an ftcert certificate)",
            args.neurons,
            args.layers,
            names.join(" and ")
        );
        1
    } else {
        println!(
            "undecided: no network found and not every shape refuted within {} s per query",
            timeout.as_secs()
        );
        3
    }
}
