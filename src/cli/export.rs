//! `ftcert export --smtlib CERT... [-o DIR]`: one SMT-LIB 2 script per certificate (src/smt/).

use crate::check::{visit_path, Limits, Tally};
use crate::io::write_atomic;
use crate::smt::export;
use clap::Args;
use std::collections::BTreeSet;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write SMT-LIB 2 scripts (the only export format): upper certificates as QF_LRA, lower
    /// ones as QF_NRA (3 layers: one script per split d1 + d2 = neurons − 1). Expected: unsat.
    #[arg(long, required = true)]
    pub smtlib: bool,
    /// Certificate files (.json, .jsonl, .jsonl.gz) or archive folders (with manifest.json).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output folder (created if missing).
    #[arg(short, long, default_value = "smt")]
    pub output: PathBuf,
}

/// Runs `ftcert export`; exit code 0 (every certificate exported), 1 (some could not be
/// translated or read), 2 (usage, I/O).
pub fn run(args: &ExportArgs) -> u8 {
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        eprintln!("error: {}: {e}", args.output.display());
        return 2;
    }
    let limits = Limits::default();
    let mut tally = Tally::default();
    let mut names = BTreeSet::new();
    let (mut certificates, mut upper, mut lower, mut duplicates) = (0usize, 0usize, 0usize, 0usize);
    let mut io_error = None;
    for path in &args.paths {
        if !path.exists() {
            eprintln!("error: {}: no such file or folder", path.display());
            return 2;
        }
        visit_path(path, &limits, &mut tally, &mut |place, bytes, tally| {
            certificates += 1;
            let scripts = match export::scripts(bytes, place) {
                Ok(s) => s,
                Err(e) => return tally.fail(format!("{place}: no script: {e}")),
            };
            tally.accepted += 1;
            for s in scripts {
                // Names come from the content: the same certificate twice is written once.
                if !names.insert(s.name.clone()) {
                    duplicates += 1;
                    continue;
                }
                if s.upper {
                    upper += 1;
                } else {
                    lower += 1;
                }
                if let Err(e) = write_atomic(&args.output.join(&s.name), s.text.as_bytes()) {
                    io_error.get_or_insert(format!("{}: {e}", args.output.join(&s.name).display()));
                }
            }
        });
    }
    for p in &tally.problems {
        eprintln!("{p}");
    }
    if let Some(e) = io_error {
        eprintln!("error: {e}");
        return 2;
    }
    println!(
        "{certificates} certificates: {upper} upper scripts (QF_LRA), {lower} lower scripts (QF_NRA) written to {}; {duplicates} duplicates skipped; {} not exported",
        args.output.display(),
        tally.rejected + tally.declined
    );
    u8::from(tally.rejected + tally.declined > 0)
}
