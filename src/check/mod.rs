//! Glue between files on disk and the independent checker crate `ftcert_check`: single
//! certificates, JSON Lines archives (gzip or plain) and archive folders with their manifest.
//!
//! Only this module touches hashes and compression; every certificate itself is judged by
//! `ftcert_check::check_bytes`, which shares no code with the builder.

use crate::archive::{Manifest, MANIFEST};
use crate::io::sha256_hex;
use flate2::read::GzDecoder;
pub use ftcert_check::{Limits, Summary, Verdict};
use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Outcome counts of checking one or more files; `problems` holds one message per failure.
#[derive(Debug, Default)]
pub struct Tally {
    pub accepted: usize,
    pub rejected: usize,
    pub declined: usize,
    /// Files that could not be read (exit code 2): missing, truncated, not gzip.
    pub io_errors: usize,
    pub problems: Vec<String>,
    /// Remarks that are not failures (e.g. a folder checked without a manifest).
    pub notes: Vec<String>,
}

impl Tally {
    pub fn record(&mut self, place: &str, verdict: Verdict) {
        match verdict {
            Verdict::Accepted(_) => self.accepted += 1,
            Verdict::Rejected(r) => {
                self.rejected += 1;
                self.problems.push(format!("{place}: rejected: {r}"));
            }
            Verdict::Declined(d) => {
                self.declined += 1;
                self.problems.push(format!("{place}: declined: {d}"));
            }
        }
    }

    pub fn fail(&mut self, message: String) {
        self.rejected += 1;
        self.problems.push(message);
    }

    fn io_fail(&mut self, message: String) {
        self.io_errors += 1;
        self.problems.push(message);
    }

    /// The process exit code: 2 a file could not be read, else 1 something rejected, 3
    /// something declined, 0 all accepted.
    pub fn exit_code(&self) -> u8 {
        if self.io_errors > 0 {
            2
        } else if self.rejected > 0 {
            1
        } else if self.declined > 0 {
            3
        } else {
            0
        }
    }
}

impl fmt::Display for Tally {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} accepted, {} rejected, {} declined", self.accepted, self.rejected, self.declined)?;
        if self.io_errors > 0 {
            write!(f, ", {} unreadable", self.io_errors)?;
        }
        Ok(())
    }
}

/// Checks a path: a folder (archive with manifest), a `.jsonl` / `.jsonl.gz` file (one
/// certificate per line) or a single JSON certificate.
pub fn check_path(path: &Path, limits: &Limits, tally: &mut Tally) {
    visit_path(path, limits, tally, &mut |place, bytes, tally| {
        tally.record(place, ftcert_check::check_bytes(bytes, limits));
    });
}

/// What [`visit_path`] hands each certificate to: its place (file, line) and bytes; read errors,
/// hash mismatches and budget declines go to the tally instead.
pub type Sink<'a> = dyn FnMut(&str, &[u8], &mut Tally) + 'a;

/// Reads every certificate of a path (folder with manifest, `.jsonl` / `.jsonl.gz`, or one JSON
/// file) exactly as [`check_path`] does, and hands each to `sink` (used by `ftcert export`).
pub fn visit_path(path: &Path, limits: &Limits, tally: &mut Tally, sink: &mut Sink<'_>) {
    if path.is_dir() && path.join(MANIFEST).exists() {
        visit_archive_dir(path, limits, tally, sink);
    } else if path.is_dir() {
        visit_loose_dir(path, limits, tally, sink);
    } else {
        visit_file(path, &path.display().to_string(), limits, tally, sink);
    }
}

fn is_lines(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(".jsonl") || name.ends_with(".jsonl.gz")
}

fn visit_file(path: &Path, label: &str, limits: &Limits, tally: &mut Tally, sink: &mut Sink<'_>) {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return tally.io_fail(format!("{label}: cannot read: {e}")),
    };
    if is_lines(path) {
        // Streamed line by line: a huge file or line is never loaded whole.
        visit_lines(file, label, path.to_string_lossy().ends_with(".gz"), limits, tally, sink);
        return;
    }
    // Read at most one byte over the budget: an oversized file is declined without being loaded.
    let mut bytes = Vec::new();
    if let Err(e) = file.take(limits.max_bytes as u64 + 1).read_to_end(&mut bytes) {
        return tally.io_fail(format!("{label}: cannot read: {e}"));
    }
    if bytes.len() > limits.max_bytes {
        tally.declined += 1;
        tally
            .problems
            .push(format!("{label}: declined: file is larger than the budget of {} bytes", limits.max_bytes));
        return;
    }
    sink(label, &bytes, tally);
}

fn visit_lines(
    input: impl Read,
    label: &str,
    gz: bool,
    limits: &Limits,
    tally: &mut Tally,
    sink: &mut Sink<'_>,
) -> usize {
    let reader: Box<dyn Read + '_> = if gz { Box::new(GzDecoder::new(input)) } else { Box::new(input) };
    // Each line is read with a cap one byte above the per-certificate budget, so a huge line is
    // declined without being loaded whole.
    let cap = limits.max_bytes as u64 + 1;
    let mut reader = BufReader::new(reader);
    let mut count = 0;
    let mut line = Vec::new();
    for number in 1.. {
        line.clear();
        match (&mut reader).take(cap).read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let what = if gz { " (the file is truncated or not gzip)" } else { "" };
                tally.io_fail(format!("{label} line {number}: cannot read: {e}{what}"));
                break;
            }
        }
        let place = format!("{label} line {number}");
        if line.last() != Some(&b'\n') && line.len() as u64 == cap {
            tally.declined += 1;
            tally.problems.push(format!(
                "{place}: declined: line longer than the budget of {} bytes",
                limits.max_bytes
            ));
            // Skip the rest of the line without storing it, one buffer at a time.
            loop {
                let (used, done) = match reader.fill_buf() {
                    Ok([]) | Err(_) => break,
                    Ok(buf) => match buf.iter().position(|&b| b == b'\n') {
                        Some(i) => (i + 1, true),
                        None => (buf.len(), false),
                    },
                };
                reader.consume(used);
                if done {
                    break;
                }
            }
            count += 1;
            continue;
        }
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        count += 1;
        sink(&place, &line, tally);
    }
    count
}

/// An archive folder: the manifest's hashes and counts, files missing from it or from the
/// folder, and every certificate of every listed file.
fn visit_archive_dir(dir: &Path, limits: &Limits, tally: &mut Tally, sink: &mut Sink<'_>) {
    let manifest = match Manifest::load(dir) {
        Ok(m) => m,
        Err(e) => return tally.fail(format!("{}: {e}", dir.join(MANIFEST).display())),
    };
    let mut on_disk = Vec::new();
    collect_files(dir, dir, &mut on_disk);
    for rel in &on_disk {
        if rel != MANIFEST && !manifest.files.iter().any(|e| &e.file == rel) {
            tally.fail(format!("{}: file is not in the manifest", dir.join(rel).display()));
        }
    }
    for entry in &manifest.files {
        let path = dir.join(&entry.file);
        let label = path.display().to_string();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                tally.fail(format!("{label}: listed in the manifest but cannot be read: {e}"));
                continue;
            }
        };
        let hash = sha256_hex(&bytes);
        if hash != entry.sha256 {
            tally.fail(format!(
                "{label}: SHA-256 is {hash}, the manifest says {} (file corrupted or replaced)",
                entry.sha256
            ));
            continue;
        }
        let count = visit_lines(&bytes[..], &label, entry.file.ends_with(".gz"), limits, tally, sink);
        if count != entry.count {
            tally.fail(format!("{label}: holds {count} certificates, the manifest says {}", entry.count));
        }
    }
}

/// A folder without `manifest.json`: every `.json`, `.jsonl` and `.jsonl.gz` file in it is
/// checked on its own, with a note that no manifest (hashes, counts) was verified. A folder
/// with no such file is an I/O error.
fn visit_loose_dir(dir: &Path, limits: &Limits, tally: &mut Tally, sink: &mut Sink<'_>) {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files);
    files.retain(|f| f.ends_with(".json") || is_lines(Path::new(f)));
    if files.is_empty() {
        return tally.io_fail(format!(
            "{}: no {MANIFEST} and no certificate files (.json, .jsonl, .jsonl.gz) in this folder",
            dir.display()
        ));
    }
    for rel in &files {
        let path = dir.join(rel);
        visit_file(&path, &path.display().to_string(), limits, tally, sink);
    }
    tally.notes.push(format!(
        "note: {} has no {MANIFEST}: its {} certificate file(s) were checked one by one; no manifest (hashes, counts) was verified",
        dir.display(),
        files.len()
    ));
}

/// Checks standard input: one certificate (pretty-printed, its first line `{`) or JSON Lines.
pub fn check_stdin(limits: &Limits, tally: &mut Tally) {
    let mut input = BufReader::new(std::io::stdin().lock());
    let first = match input.fill_buf() {
        Ok(buf) => buf.iter().position(|&b| b == b'\n').map(|i| buf[..i].to_vec()),
        Err(e) => return tally.io_fail(format!("standard input: cannot read: {e}")),
    };
    let pretty = first.is_some_and(|line| line.trim_ascii() == b"{");
    if !pretty {
        visit_lines(input, "standard input", false, limits, tally, &mut |place, bytes, tally| {
            tally.record(place, ftcert_check::check_bytes(bytes, limits));
        });
        return;
    }
    let mut bytes = Vec::new();
    if let Err(e) = input.take(limits.max_bytes as u64 + 1).read_to_end(&mut bytes) {
        return tally.io_fail(format!("standard input: cannot read: {e}"));
    }
    if bytes.len() > limits.max_bytes {
        tally.declined += 1;
        tally
            .problems
            .push(format!("standard input: declined: larger than the budget of {} bytes", limits.max_bytes));
        return;
    }
    tally.record("standard input", ftcert_check::check_bytes(&bytes, limits));
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect_files(root, &p, out);
        } else if let Ok(rel) = p.strip_prefix(root) {
            let rel: Vec<String> =
                rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            out.push(rel.join("/"));
        }
    }
}
