//! Integration tests. One binary; each module is one concern.

/// Shared helpers: running the binary, temporary folders.
mod util;

/// The 2-layer sweep table: exact expected values and the K = 3..10 snapshot.
mod two_layer_sweep;

/// The 3-layer constructions: the spec's worked examples, every T for K ≤ 8, the K = 3..10 table.
mod three_layer;

/// The exact 2-layer width: `two-layer-optimal` and the `case-split` lower certificates.
mod two_layer_exact;

/// Single certificates: the paper's Figure 4 and the (K=14, N=4) lower certificate.
mod certificates;

/// Every single-rational mutation of a valid certificate is rejected, naming the field.
mod mutations;

/// The archive: byte-identical regeneration, manifest, corruption detection.
mod archive;

/// The command line: exit codes and error messages.
mod cli;

/// The negative and positive certificate corpus (tests/data/bad, tests/data/good), float traps.
mod corpus;

/// Budgets: oversized input is declined (exit code 3) through `ftcert check`.
mod budgets;

/// Deep networks (`deep-L`, Prop. 6.1): sweeps at L = 4, 5, 6, depth and width strictness.
mod deep;

/// Plots: exact breakpoints, byte-identical SVGs, `ftcert figures`, `plot-sweep`.
mod plots;

/// Sharded sweeps and merge, resume after SIGINT / SIGKILL, the differential check.
mod shard;

/// The link to the Coq proofs (formal/): Coq's construction on Figure 4 equals the certificate's.
mod formal;

/// `ftcert sample` (large K): exact JSON keys, --jobs independence, rejections, budgets, plots.
mod sample;

/// The breakpoint counts of docs/lower-bounds.md: attained 3-layer counts, random networks within
/// the bounds, `ftcert lower` at depths 3 to 5 claiming exactly the certified value.
mod lower_bounds;

/// Bad numeric and file arguments of every subcommand: exit 2, never a panic; pipes and stdin.
mod cli_args;

/// SMT second opinions (z3, cvc5): exported scripts, mutants, `check --smt`, `search`.
mod smt;

/// `ftcert experiment` (paper §7): --jobs determinism, the checked overlay, f and g = 0.
#[cfg(feature = "experiment")]
mod experiment;

/// Checker hardening (issue 11): panics, slow and fat inputs, the resource contract.
mod hardening;
