//! Checker hardening (issue 11): input that used to panic, run for hours or take gigabytes is
//! decided or declined within the resource contract (docs/resources.md). Sizes here take seconds;
//! each test asserts the verdict (or decline) and, where there is one, a work counter — never a
//! wall time.

use crate::util::{ftcert, root, stdout};
use std::path::Path;

/// Runs `ftcert check` on `file` (plus `extra` flags): (exit code, stdout).
fn check(file: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    args.push(file.to_str().expect("utf-8 path"));
    let out = ftcert(&args, root());
    (out.status.code().expect("exit code, not a signal"), stdout(&out))
}

/// Finding 1: a cell `[2^64 − 1, 0]` overflowed `p + 1` (exit 101). Now exit 1, located.
#[test]
fn case_split_cell_overflow_is_a_located_rejection() {
    let p = root().join("tests/data/bad/case-split-cell-overflow.json");
    let (code, out) = check(&p, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/cases/0/neurons/0/cell"), "{out}");
    assert!(out.contains("18446744073709551615"), "{out}");
    assert!(!out.contains("panicked"), "{out}");
}
