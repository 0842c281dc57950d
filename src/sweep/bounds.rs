//! `ftcert bounds`: the command line of the capacity tables. The rows, the one JSON schema and
//! the one table rendering live in [`super::capacity`].

use super::capacity::{render, report, BoundsFormat};

/// Text of `ftcert bounds --help` that defines the kinds of numbers and the verdicts.
pub const BOUNDS_HELP: &str = "\
Every number says what kind of fact it is:
  lower         certified for every instance: a lower certificate (windows; case-split for
                2 layers, K in {3, 4}) accepted by the checker in this run; m* >= lower.
  proven upper  the proven bound of a construction (claims.bound; the checker refuses every
                certificate above it): m* <= proven upper for every instance.
  observed max  max over T of the min over constructions on the one generated instance that the
                sweep builds (K <= 10): evidence, never used as m* or against the paper.
Verdicts:
  exact  lower = proven upper: m*(K, N) is proven.
  tight  observed max = lower < proven upper: the lower bound is attained on the swept instance,
         but m*(K, N) is not proven.
  open   neither.
N*(m, K) lies in [max N with proven upper <= m, max N with lower <= m]; CONTRADICTS PAPER is
printed only when that interval lies outside the paper's.
JSON (--format json): {layers, widths: [row per (K, N)], capacity: [row per K, empty without --m]}
(field list: docs/guide.md, \"Capacity tables\").
Exit codes: 0 done, 1 a lower certificate was rejected, 2 usage error.";

/// Arguments of `ftcert bounds`.
#[derive(Debug, clap::Args)]
#[command(after_long_help = BOUNDS_HELP)]
pub struct BoundsArgs {
    /// Depth: 2, 3, or 4 ≤ L ≤ 64 (deep: certified neurons and width against deep-L's bound).
    #[arg(long, default_value_t = 2, value_parser = crate::cli::common::int_in(2, 64))]
    pub layers: usize,
    /// Only this K, 3 ≤ K ≤ 1000 (default: 3..=--k-max).
    #[arg(long, value_parser = crate::cli::common::int_in(3, 1000))]
    pub k: Option<usize>,
    /// Largest K when --k is not given (3 ≤ K ≤ 1000).
    #[arg(long, default_value_t = 12, value_parser = crate::cli::common::int_in(3, 1000))]
    pub k_max: usize,
    /// Also print the capacity N*(m, K) for this m (0 ≤ m ≤ 10000; 2 and 3 layers).
    #[arg(long, value_parser = crate::cli::common::int_in(0, 10_000))]
    pub m: Option<usize>,
    /// Same as --format json.
    #[arg(long)]
    pub json: bool,
    /// Output format (one schema: see below).
    #[arg(long, value_enum)]
    pub format: Option<BoundsFormat>,
}

/// Runs `ftcert bounds`; returns the exit code.
pub fn cli(args: &BoundsArgs) -> u8 {
    use crate::cli::common::{out, usage};
    let format = match (args.json, args.format) {
        (true, Some(f)) if f != BoundsFormat::Json => {
            return usage(format!("--json conflicts with --format {f:?}; give one of them").to_lowercase())
        }
        (true, _) => BoundsFormat::Json,
        (false, f) => f.unwrap_or(BoundsFormat::Table),
    };
    if args.layers >= 4 && args.m.is_some() {
        return usage(format!(
            "--m is for 2 and 3 layers; --layers {} prints the certified width and neuron counts per (K, N)",
            args.layers
        ));
    }
    let (k_min, k_max) = args.k.map_or((3, args.k_max), |k| (k, k));
    let report = report(args.layers, k_min, k_max, args.m);
    if let Err(code) = out(&render(&report, format)) {
        return code;
    }
    let rejected = report.widths.iter().any(|r| r.lower.is_none())
        || report.deep.iter().any(|r| r.lower_width.is_none());
    u8::from(rejected)
}
