//! Sharded sweeps and their merge (issue 6), and the per-K units that also make `--resume` work.
//!
//! A sweep is cut into *units*, one per K: everything that K contributes to the tables (per
//! construction and N the number of accepted sets and the largest verified count, the lower
//! bounds, the best upper bound per N, bit sizes, failures in order, certificate counts) and the
//! archive files it wrote. Units are plain data (JSON), so they can be
//!
//! - saved after each K (`--resume` skips the units whose files are intact), and
//! - computed by different shards and merged: shard i of n takes, for every K, the masks
//!   `[⌊i·2^K/n⌋, ⌊(i+1)·2^K/n⌋)` — contiguous ranges in mask order, so concatenating the shards'
//!   failures and archive lines in shard order gives exactly the unsharded order. Shard 0 also
//!   does the per-K work that is not per mask (lower certificates, hard instances).
//!
//! Archives: with n > 1 each shard writes its construction files as parts
//! (`NAME/kKK.part-III-of-NNN.jsonl.gz`) and no manifest; `ftcert merge --archive DIR`
//! decompresses the parts in shard order and recompresses them into `NAME/kKK.jsonl.gz` with the
//! same encoder settings, which gives the bytes of the unsharded file (deflate output depends only
//! on the uncompressed stream; `tests/shard.rs` checks it byte for byte), then writes the manifest.

use super::{finalize, SweepConfig, SweepError, SweepReport};
use crate::archive::{entry_intact, relative_path, ArchiveFile, Entry, Manifest};
use crate::construct::ConstructionId;
use crate::io::write_atomic;
use flate2::read::GzDecoder;
use serde::{Deserialize, Serialize};
use std::io::{self, Read};
use std::path::{Path, PathBuf};

/// The shard report's format version.
pub const SHARD_FORMAT: &str = "ftcert-shard/1";

/// Shard `index` of `count` (0-based); `0/1` is the whole sweep.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Default for Shard {
    fn default() -> Self {
        Shard { index: 0, count: 1 }
    }
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `i/n` with 0 ≤ i < n.
    fn from_str(s: &str) -> Result<Shard, String> {
        let (i, n) = s.split_once('/').ok_or_else(|| format!("{s:?}: expected i/n, e.g. 0/4"))?;
        let index: usize = i.trim().parse().map_err(|_| format!("{s:?}: i is not a number"))?;
        let count: usize = n.trim().parse().map_err(|_| format!("{s:?}: n is not a number"))?;
        if count == 0 || index >= count {
            return Err(format!("{s:?}: need 0 ≤ i < n"));
        }
        Ok(Shard { index, count })
    }
}

impl Shard {
    /// This shard's masks of K: a contiguous range, the shards' ranges in order cover 0..2^K.
    pub fn masks(self, k: usize) -> std::ops::Range<u64> {
        let total = 1u128 << k;
        let at = |i: usize| u64::try_from(total * i as u128 / self.count as u128).expect("K ≤ 40");
        at(self.index)..at(self.index + 1)
    }

    /// Whether this shard does the per-K work that is not per mask (lower, hard instances).
    pub fn is_first(self) -> bool {
        self.index == 0
    }

    /// The archive path of this shard's part of a construction file (the file itself if n = 1).
    pub fn part_path(self, name: &str, k: usize) -> String {
        if self.count == 1 {
            relative_path(name, k)
        } else {
            format!("{name}/k{k:02}.part-{:03}-of-{:03}.jsonl.gz", self.index, self.count)
        }
    }
}

/// Per (construction, N): sets with an accepted certificate and the largest verified count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cell {
    pub sets: usize,
    pub max: usize,
}

/// Everything one K contributes, from one shard (or the whole sweep).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    pub k: usize,
    /// Certificates built and checked.
    pub certificates: usize,
    /// `cells[c][n]` for construction c (config order) and N = n.
    pub cells: Vec<Vec<Cell>>,
    /// Certified lower bound per N (first shard only; empty elsewhere).
    pub lower: Vec<Option<usize>>,
    /// Per N: max over this shard's T of the min over constructions (`None` once some T had no
    /// accepted certificate).
    pub best_upper: Vec<Option<usize>>,
    /// Largest numerator / denominator bit sizes in the upper networks.
    pub bits: (u64, u64),
    /// Failures of the lower certificates (first shard), of the masks (in mask order), and of
    /// the hard instances (first shard).
    pub failures_lower: Vec<String>,
    pub failures_upper: Vec<String>,
    pub failures_hard: Vec<String>,
    /// Archive files written for this K (parts when n > 1).
    pub files: Vec<Entry>,
    /// Upper networks the differential check re-evaluated with the builder's arithmetic.
    #[serde(default)]
    pub differential_checks: usize,
}

/// What identifies a sweep: shards and progress files must agree on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SweepId {
    pub layers: usize,
    pub k_min: usize,
    pub k_max: usize,
    pub d: usize,
    pub seed: u64,
    pub constructions: Vec<String>,
}

impl SweepId {
    pub fn of(config: &SweepConfig) -> SweepId {
        SweepId {
            layers: config.layers,
            k_min: config.k_min,
            k_max: config.k_max,
            d: config.d,
            seed: config.seed,
            constructions: config.constructions.iter().map(|c| c.name().to_string()).collect(),
        }
    }

    fn constructions(&self) -> Result<Vec<ConstructionId>, String> {
        self.constructions.iter().map(|n| ConstructionId::from_name(n).map_err(|e| e.to_string())).collect()
    }
}

/// A shard report (`sweep --shard i/n --report FILE`), also the `--resume` progress file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardReport {
    pub format: String,
    pub sweep: SweepId,
    pub shard: Shard,
    /// The archive folder the shard wrote to, if any.
    pub archive: Option<PathBuf>,
    /// One unit per K, in K order; complete reports have every K of the range.
    pub units: Vec<Unit>,
    /// The K taken over from an interrupted run by `--resume` (not saved).
    #[serde(skip)]
    pub reused: Vec<usize>,
}

impl ShardReport {
    pub fn new(config: &SweepConfig, shard: Shard) -> ShardReport {
        ShardReport {
            format: SHARD_FORMAT.to_string(),
            sweep: SweepId::of(config),
            shard,
            archive: config.archive.clone(),
            units: Vec::new(),
            reused: Vec::new(),
        }
    }

    /// Writes the report atomically (pretty JSON, trailing newline).
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).expect("shard report serialises");
        text.push('\n');
        write_atomic(path, text.as_bytes())
    }

    /// Reads a report and checks its format.
    pub fn load(path: &Path) -> io::Result<ShardReport> {
        let text = std::fs::read_to_string(path)?;
        let report: ShardReport = serde_json::from_str(&text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))?;
        if report.format != SHARD_FORMAT {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: unknown shard report format {:?}", path.display(), report.format),
            ));
        }
        Ok(report)
    }

    /// The unit of K, if present and all its archive files are intact.
    pub fn intact_unit(&self, k: usize) -> Option<&Unit> {
        let unit = self.units.iter().find(|u| u.k == k)?;
        let dir = self.archive.as_deref()?;
        unit.files.iter().all(|e| entry_intact(dir, e)).then_some(unit)
    }
}

/// The progress file of `--resume` inside the archive folder (removed when the sweep completes).
pub fn progress_path(dir: &Path, shard: Shard) -> PathBuf {
    dir.join(format!(".ftcert-progress-{}-of-{}.json", shard.index, shard.count))
}

/// Merges the units of one K from all shards (in shard order) into the unit of the whole sweep.
pub fn merge_units(parts: &[&Unit]) -> Unit {
    let mut out = Unit { k: parts.first().map_or(0, |u| u.k), ..Unit::default() };
    for (i, u) in parts.iter().enumerate() {
        out.certificates += u.certificates;
        out.differential_checks += u.differential_checks;
        if out.cells.is_empty() {
            out.cells.clone_from(&u.cells);
        } else {
            for (oc, uc) in out.cells.iter_mut().zip(&u.cells) {
                for (o, c) in oc.iter_mut().zip(uc) {
                    o.sets += c.sets;
                    o.max = o.max.max(c.max);
                }
            }
        }
        if i == 0 {
            out.lower.clone_from(&u.lower);
            out.best_upper.clone_from(&u.best_upper);
            out.failures_lower.clone_from(&u.failures_lower);
            out.failures_hard.clone_from(&u.failures_hard);
        } else {
            for (o, b) in out.best_upper.iter_mut().zip(&u.best_upper) {
                *o = match (*o, *b) {
                    (Some(x), Some(y)) => Some(x.max(y)),
                    _ => None,
                };
            }
        }
        out.bits = (out.bits.0.max(u.bits.0), out.bits.1.max(u.bits.1));
        out.failures_upper.extend(u.failures_upper.iter().cloned());
        out.files.extend(u.files.iter().cloned());
    }
    out
}

/// Why shard reports could not be merged.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("{0}")]
    Io(#[from] io::Error),
    #[error("{0}")]
    Inconsistent(String),
    #[error(transparent)]
    Sweep(#[from] SweepError),
}

/// Merges complete shard reports (any order, each shard exactly once) into the report of the
/// unsharded sweep; with `archive`, also the archive (parts recompressed into whole files,
/// manifest updated, consumed parts inside `archive` removed).
pub fn merge(reports: &[ShardReport], archive: Option<&Path>) -> Result<SweepReport, MergeError> {
    let bad = |m: String| MergeError::Inconsistent(m);
    let first = reports.first().ok_or_else(|| bad("no shard reports given".into()))?;
    let count = first.shard.count;
    let mut by_index: Vec<Option<&ShardReport>> = vec![None; count];
    for r in reports {
        if r.sweep != first.sweep {
            return Err(bad(format!("shard {}/{} is of a different sweep", r.shard.index, r.shard.count)));
        }
        if r.shard.count != count || r.shard.index >= count {
            return Err(bad(format!(
                "shard {}/{} does not belong to a {count}-way split",
                r.shard.index, r.shard.count
            )));
        }
        if by_index[r.shard.index].replace(r).is_some() {
            return Err(bad(format!("shard {}/{count} given twice", r.shard.index)));
        }
    }
    let shards: Vec<&ShardReport> = by_index
        .into_iter()
        .enumerate()
        .map(|(i, r)| r.ok_or_else(|| bad(format!("shard {i}/{count} is missing"))))
        .collect::<Result<_, _>>()?;
    let id = &first.sweep;
    let constructions = id.constructions().map_err(bad)?;
    let mut manifest = match archive {
        Some(dir) => Some(Manifest::load_or_empty(dir)?),
        None => None,
    };
    let mut units = Vec::new();
    for k in id.k_min..=id.k_max {
        let parts: Vec<&Unit> = shards
            .iter()
            .map(|r| {
                r.units.iter().find(|u| u.k == k).ok_or_else(|| {
                    bad(format!(
                        "shard {}/{count} has no result for K = {k} (incomplete run?)",
                        r.shard.index
                    ))
                })
            })
            .collect::<Result<_, _>>()?;
        let mut unit = merge_units(&parts);
        if let (Some(dir), Some(manifest)) = (archive, manifest.as_mut()) {
            unit.files = merge_files(dir, &shards, &parts, &constructions, k)?;
            for e in &unit.files {
                manifest.upsert(e.clone());
            }
        }
        units.push(unit);
    }
    if let (Some(dir), Some(manifest)) = (archive, manifest) {
        manifest.save(dir)?;
    }
    let config = SweepConfig {
        layers: id.layers,
        k_min: id.k_min,
        k_max: id.k_max,
        d: id.d,
        seed: id.seed,
        constructions,
        archive: archive.map(Path::to_path_buf),
        progress: false,
    };
    Ok(finalize(&config, &units))
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

/// The whole archive files of K in `out` from the shards' files: parts recompressed in order.
fn merge_files(
    out: &Path,
    shards: &[&ShardReport],
    parts: &[&Unit],
    constructions: &[ConstructionId],
    k: usize,
) -> Result<Vec<Entry>, MergeError> {
    let bad = |m: String| MergeError::Inconsistent(m);
    let mut entries = Vec::new();
    let mut consumed: Vec<PathBuf> = Vec::new();
    // Every file name a shard wrote, grouped by the final file it belongs to.
    let mut finals: Vec<String> = Vec::new();
    let layers = shards.first().map_or(0, |s| s.sweep.layers);
    let lower_name = relative_path(&format!("lower-{layers}"), k);
    finals.push(lower_name);
    for id in constructions {
        finals.push(relative_path(id.name(), k));
    }
    for target in finals {
        let stem = target.trim_end_matches(".jsonl.gz");
        let mut pieces: Vec<(&Path, &Entry)> = Vec::new();
        for (r, u) in shards.iter().zip(parts) {
            let dir = r
                .archive
                .as_deref()
                .ok_or_else(|| bad(format!("shard {} wrote no archive", r.shard.index)))?;
            for e in &u.files {
                if e.file == target || (e.file.starts_with(stem) && e.file.contains(".part-")) {
                    pieces.push((dir, e));
                }
            }
        }
        if pieces.is_empty() {
            continue;
        }
        if let [(dir, e)] = pieces.as_slice() {
            if e.file == target {
                if !entry_intact(dir, e) {
                    return Err(bad(format!(
                        "{}: missing or its SHA-256 differs from the shard report",
                        dir.join(&e.file).display()
                    )));
                }
                if !same_dir(dir, out) {
                    let dest = out.join(&target);
                    if let Some(p) = dest.parent() {
                        std::fs::create_dir_all(p)?;
                    }
                    write_atomic(&dest, &std::fs::read(dir.join(&e.file))?)?;
                }
                entries.push((*e).clone());
                continue;
            }
        }
        let mut file = ArchiveFile::create(out, target.clone())?;
        let mut buf = vec![0u8; 1 << 16];
        for (dir, e) in &pieces {
            let path = dir.join(&e.file);
            if !entry_intact(dir, e) {
                return Err(bad(format!(
                    "{}: missing or its SHA-256 differs from the shard report",
                    path.display()
                )));
            }
            let mut gz = GzDecoder::new(io::BufReader::new(std::fs::File::open(&path)?));
            let mut first = true;
            loop {
                let n = gz.read(&mut buf)?;
                if n == 0 {
                    break;
                }
                // Lines are counted once per part, from the entry.
                file.push_raw(&buf[..n], if first { e.count } else { 0 })?;
                first = false;
            }
            if first {
                file.push_raw(&[], e.count)?;
            }
            if same_dir(dir, out) {
                consumed.push(path);
            }
        }
        entries.push(file.finish()?);
    }
    for p in consumed {
        std::fs::remove_file(&p)?;
    }
    Ok(entries)
}
