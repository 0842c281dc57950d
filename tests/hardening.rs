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

/// Writes `content` to `dir/name`.
fn write(dir: &Path, name: &str, content: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write");
    p
}

/// Finding 2: K = 2M points A_s = (3Ms, 0), B_s = (3Ms + s, −1), s = 0..M−1, collide exactly
/// under a(s), so the projection line has s = M and minimality tries every s' < M. A `windows`
/// certificate without windows, with direction a(`s`).
fn line_collisions(m: u64, s: u64) -> String {
    let mut points = Vec::new();
    for i in 0..m {
        points.push(format!(r#"["{}","0"]"#, 3 * m * i));
        points.push(format!(r#"["{}","-1"]"#, 3 * m * i + i));
    }
    let k = 2 * m;
    let zeros = vec![r#""0""#; k as usize].join(",");
    format!(
        r#"{{"format":"ftcert/1","kind":"lower","rule":"windows","instance":{{"k":{k},"d":2,"points":[{}],"targets":[{zeros}],"t":[]}},"line":{{"origin":["0","0"],"direction":["1","{s}"]}},"windows":[],"claims":{{"layers":2,"breakpoints":0,"neurons":0}}}}"#,
        points.join(",")
    )
}

/// Finding 2: the true line is accepted, its work is exactly s·K·d coordinate products (the
/// decline one product under it says so), and s ± 1 are refused (minimality with d = 2).
#[test]
fn projection_minimality_work_is_s_k_d() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let m = 300;
    let work = m * (2 * m) * 2;
    let good = write(tmp.path(), "line.json", &line_collisions(m, m));
    let (code, out) = check(&good, &["--quiet"]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = check(&good, &["--quiet", "--max-line-work", &work.to_string()]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = check(&good, &["--quiet", "--max-line-work", &(work - 1).to_string()]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains(&format!("needs {work} coordinate products")), "{out}");
    assert!(out.contains("--max-line-work"), "{out}");
    // s = M − 1 collides (B_{M−1} meets A_{M−1}); s = M + 1 is not the least.
    let low = write(tmp.path(), "low.json", &line_collisions(m, m - 1));
    let (code, out) = check(&low, &["--quiet"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("a({}) gives two samples the same projection", m - 1)), "{out}");
    let high = write(tmp.path(), "high.json", &line_collisions(m, m + 1));
    let (code, out) = check(&high, &["--quiet"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("s = {m} already separates the points")), "{out}");
}
