//! ftcert: exact constructions and lower bounds for the fine-tuning capacity of small ReLU
//! networks, written as certificates that the independent checker (`ftcert-check`) re-verifies.
//!
//! Data flow: [`instance`] → [`construct`] / [`lower`] → [`certificate`] → `ftcert_check` →
//! [`sweep`] (tables) and [`archive`] (files). See `ARCHITECTURE.md`.
#![forbid(unsafe_code)]
#![deny(clippy::float_arithmetic)]

pub mod archive;
pub mod certificate;
pub mod check;
pub mod cli;
pub mod construct;
#[cfg(feature = "experiment")]
pub mod experiment;
pub mod instance;
pub mod io;
pub mod lower;
pub mod network;
pub mod plot;
pub mod rational;
pub mod small_q;
pub mod smt;
pub mod sweep;
