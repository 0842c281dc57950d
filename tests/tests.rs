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
