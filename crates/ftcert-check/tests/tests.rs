//! The checker crate's integration tests: one binary (one link per rebuild: the CI mutant step
//! rebuilds the crate once per mutant), one module per concern.

/// Shared helpers: corpus files, mutation, the digit-work cost model.
mod common;

mod fast_network;
mod fast_upper;
mod independence;
mod json_mutants;
mod lower;
mod memo;
mod network_mutants;
mod registry;
mod repository_data;
mod robustness;
mod upper;
mod walk_mutants;
