//! The certified overlay of Figure 9: the constructions built on the experiment's own instance
//! and changed sets, written as certificates, read back and accepted by the checker; the neuron
//! counts drawn are the checker's verdicts. Plus the certified 3-layer lower bound at (K, N).
//!
//! Integers only; the counts are **certified** facts (exact fit, L_FT = 0).

use super::{Config, ExactData, ExperimentError};
use crate::certificate;
use crate::construct::ConstructionId;
use crate::instance::Instance;
use crate::io::write_atomic;
use crate::rational::Q;
use serde::Serialize;
use std::path::Path;

/// The constructions of the overlay, in legend order.
pub const CONSTRUCTIONS: &[&str] =
    &["three-layer-u3-t", "three-layer-appendix-a", "three-layer-lift", "two-layer-optimal"];

/// One accepted certificate's verdict.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertifiedCount {
    pub seed: u64,
    pub n: usize,
    pub construction: String,
    pub neurons: usize,
}

/// The certified lower bound for 3 layers at (K, N).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct LowerCount {
    pub n: usize,
    pub neurons: usize,
    pub rule: String,
}

/// The fine-tuning instance of seed s and N: the gaussian points, z_i = y'_i − y_i on T_N.
pub fn instance(exact: &ExactData, n: usize) -> Instance {
    let t = exact.changed_set(n);
    let mut targets = vec![Q::from(0); exact.points.len()];
    for &i in &t {
        targets[i - 1] = &exact.y_fresh[i - 1] - &exact.y[i - 1];
    }
    Instance { points: exact.points.clone(), targets, t }
}

fn file_name(construction: &str, seed: u64, n: usize) -> String {
    format!("{construction}-seed{seed}-n{n}.json")
}

/// Builds every construction for every (seed, N) of the overlay and writes the certificates
/// into `dir` (one JSON file each).
pub fn write_certificates(config: &Config, seeds: &[u64], dir: &Path) -> Result<(), ExperimentError> {
    let io =
        |e: std::io::Error| ExperimentError::Io { path: dir.display().to_string(), message: e.to_string() };
    std::fs::create_dir_all(dir).map_err(io)?;
    let items: Vec<(u64, usize)> =
        seeds.iter().flat_map(|&s| config.ns.iter().map(move |&n| (s, n))).collect();
    super::parallel(config.jobs, items.len(), |i| {
        let (seed, n) = items[i];
        let exact = ExactData::new(config.k, config.d, seed);
        let inst = instance(&exact, n);
        for &name in CONSTRUCTIONS {
            let id =
                ConstructionId::from_name(name).map_err(|e| ExperimentError::Certified(e.to_string()))?;
            let built = id
                .build(&inst)
                .map_err(|e| ExperimentError::Certified(format!("{name}, seed {seed}, N = {n}: {e}")))?;
            let text = certificate::upper(id, &inst, &built, false);
            let path = dir.join(file_name(name, seed, n));
            write_atomic(&path, text.as_bytes()).map_err(|e| ExperimentError::Io {
                path: path.display().to_string(),
                message: e.to_string(),
            })?;
        }
        Ok(())
    })?;
    Ok(())
}

/// Reads back every certificate of the overlay from `dir`, has the checker accept it, checks
/// that it is about the experiment's own instance, and returns the verdicts' neuron counts.
/// Any missing, rejected or foreign certificate is an error (the command then fails).
pub fn read_certified(
    config: &Config,
    seeds: &[u64],
    dir: &Path,
) -> Result<Vec<CertifiedCount>, ExperimentError> {
    let items: Vec<(u64, usize)> =
        seeds.iter().flat_map(|&s| config.ns.iter().map(move |&n| (s, n))).collect();
    let per_item = super::parallel(config.jobs, items.len(), |i| {
        let (seed, n) = items[i];
        let exact = ExactData::new(config.k, config.d, seed);
        let expected = instance(&exact, n);
        CONSTRUCTIONS
            .iter()
            .map(|&name| read_one(dir, name, seed, n, &expected))
            .collect::<Result<Vec<_>, _>>()
    })?;
    Ok(per_item.into_iter().flatten().collect())
}

fn read_one(
    dir: &Path,
    name: &str,
    seed: u64,
    n: usize,
    expected: &Instance,
) -> Result<CertifiedCount, ExperimentError> {
    let path = dir.join(file_name(name, seed, n));
    let place = path.display().to_string();
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ExperimentError::Io { path: place.clone(), message: e.to_string() })?;
    let summary = match ftcert_check::check_str(&text, &ftcert_check::Limits::default()) {
        ftcert_check::Verdict::Accepted(s) => s,
        ftcert_check::Verdict::Rejected(r) => {
            return Err(ExperimentError::Certified(format!("{place}: rejected by the checker: {r}")))
        }
        ftcert_check::Verdict::Declined(d) => {
            return Err(ExperimentError::Certified(format!("{place}: declined by the checker: {d}")))
        }
    };
    if summary.construction.as_deref() != Some(name) || summary.n != n {
        return Err(ExperimentError::Certified(format!(
            "{place}: the checker accepted a certificate of {:?} with N = {}, expected {name} with N = {n}",
            summary.construction, summary.n
        )));
    }
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| ExperimentError::Certified(format!("{place}: {e}")))?;
    let inst = certificate::parse_instance(&value["instance"].to_string())
        .map_err(|e| ExperimentError::Certified(format!("{place}: instance: {e}")))?;
    if &inst != expected {
        return Err(ExperimentError::Certified(format!(
            "{place}: accepted, but about another instance than the experiment's (seed {seed}, N = {n})"
        )));
    }
    Ok(CertifiedCount { seed, n, construction: name.to_string(), neurons: summary.neurons })
}

/// The certified 3-layer lower bound at (K, N) for every N of the grid.
pub fn lower_counts(config: &Config) -> Result<Vec<LowerCount>, ExperimentError> {
    super::parallel(config.jobs, config.ns.len(), |i| {
        let n = config.ns[i];
        match crate::sweep::capacity::certified_lower(3, config.k, n) {
            (Some(neurons), rule) => Ok(LowerCount { n, neurons, rule: rule.to_string() }),
            (None, _) => Err(ExperimentError::Certified(format!(
                "no accepted 3-layer lower certificate at K = {}, N = {n}",
                config.k
            ))),
        }
    })
}
