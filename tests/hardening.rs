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

/// Finding 3: one hidden row of `d` weights 1/(10^(D−1) + 2i + 1) (nearly coprime, so the row
/// lcm has about d·D digits), at the unit vectors e_1, e_2 with targets 0: a false certificate
/// (g(e_1) > 0) whose refusal needs the integer network.
fn nearly_coprime_row(d: usize, digits: usize) -> String {
    let den = |i: usize| {
        let tail = (2 * i + 1).to_string();
        format!("1{}{tail}", "0".repeat(digits - 1 - tail.len()))
    };
    let weights: Vec<String> = (0..d).map(|i| format!(r#""1/{}""#, den(i))).collect();
    let unit = |j: usize| {
        let c: Vec<&str> = (0..d).map(|c| if c == j { r#""1""# } else { r#""0""# }).collect();
        format!("[{}]", c.join(","))
    };
    let zeros = vec![r#""0""#; d].join(",");
    let dir = std::iter::once(r#""1""#).chain(vec![r#""0""#; d - 1]).collect::<Vec<_>>().join(",");
    format!(
        r#"{{"format":"ftcert/1","kind":"upper","construction":"two-layer-paper","instance":{{"k":2,"d":{d},"points":[{},{}],"targets":["0","0"],"t":[]}},"network":{{"layers":[{{"weights":[[{}]],"biases":["0"]}},{{"weights":[["1"]],"biases":["0"]}}]}},"claims":{{"neurons":1,"bound":0,"line":{{"origin":[{zeros}],"direction":[{dir}]}},"pieces":1}}}}"#,
        unit(0),
        unit(1),
        weights.join(",")
    )
}

/// Finding 3: the row lcm is metered. Within 3·(d + 1)·(d·D)² digit-products the false
/// certificate is refused (wrong output); with a tenth of (d·D)² it is declined, naming the
/// budget. (Unmetered, d = 40 and D = 9999 took 78 s.)
#[test]
fn row_lcm_is_metered() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (d, digits) = (20usize, 2000usize);
    let p = write(tmp.path(), "lcm.json", &nearly_coprime_row(d, digits));
    let dd = (d * digits) as u128;
    let bound = 3 * (d as u128 + 1) * dd * dd;
    let (code, out) = check(&p, &["--quiet", "--max-digit-work", &bound.to_string()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("g(x_1)") || out.contains("sample 1"), "{out}");
    let (code, out) = check(&p, &["--quiet", "--max-digit-work", &(dd * dd / 10).to_string()]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("/network") && out.contains("--max-digit-work"), "{out}");
}

/// Finding 3 (milder): checking lowest terms of a big p/q costs max(digits)², charged exactly:
/// K targets of m-digit numerator and denominator cost K·m²; one digit-product less declines at
/// the last target.
#[test]
fn lowest_terms_checks_are_metered() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (k, m) = (40usize, 1500usize);
    // 13…31 / 10^(m−1): the numerator ends in 1, so it is prime to 10.
    let den = format!("1{}", "0".repeat(m - 1));
    let targets: Vec<String> =
        (0..k).map(|i| format!(r#""1{}{}1/{den}""#, "3".repeat(m - 3), i % 10)).collect();
    let points: Vec<String> = (1..=k).map(|i| format!(r#"["{i}"]"#)).collect();
    let t: Vec<String> = (1..=k).map(|i| i.to_string()).collect();
    let cert = format!(
        r#"{{"format":"ftcert/1","kind":"lower","rule":"windows","instance":{{"k":{k},"d":1,"points":[{}],"targets":[{}],"t":[{}]}},"line":{{"origin":["0"],"direction":["1"]}},"windows":[],"claims":{{"layers":2,"breakpoints":0,"neurons":0}}}}"#,
        points.join(","),
        targets.join(","),
        t.join(",")
    );
    let p = write(tmp.path(), "digits.json", &cert);
    let work = (k * m * m) as u128;
    let (code, out) = check(&p, &["--quiet", "--max-digit-work", &work.to_string()]);
    assert_eq!(code, 0, "{out}");
    let (code, out) = check(&p, &["--quiet", "--max-digit-work", &(work - 1).to_string()]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains(&format!("/instance/targets/{}", k - 1)), "{out}");
    assert!(out.contains(&format!("needs about {work} digit-products")), "{out}");
}

/// Finding 4: a top-level array is refused by its type without building a tree (so even
/// `--max-values 1` does not stop it: nothing is counted), and points are compared as strings
/// before any rational is built; past `--max-values` the parse declines at the first value over.
#[test]
fn structurally_wrong_input_builds_no_tree() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let zeros = write(tmp.path(), "zeros.json", &format!("[{}0]", "0,".repeat(200_000)));
    let (code, out) = check(&zeros, &["--quiet", "--max-values", "1"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("expected an object, found an array"), "{out}");

    let (k, d) = (2000, 100);
    let row = format!("[{}]", vec![r#""1""#; d].join(","));
    let dir = std::iter::once(r#""1""#).chain(vec![r#""0""#; d - 1]).collect::<Vec<_>>().join(",");
    let cert = format!(
        r#"{{"format":"ftcert/1","kind":"upper","construction":"two-layer-paper","instance":{{"k":{k},"d":{d},"points":[{}],"targets":[{}],"t":[]}},"network":{{"layers":[{{"weights":[],"biases":[]}},{{"weights":[[]],"biases":["0"]}}]}},"claims":{{"neurons":0,"bound":0,"line":{{"origin":[{dir}],"direction":[{dir}]}},"pieces":1}}}}"#,
        vec![row; k].join(","),
        vec![r#""0""#; k].join(",")
    );
    let p = write(tmp.path(), "points.json", &cert);
    let (code, out) = check(&p, &["--quiet"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("/instance/points/1: sample 2 has the same point as sample 1"), "{out}");
    // The document has more than k·d values: a budget of k·d declines inside the points.
    let (code, out) = check(&p, &["--quiet", "--max-values", &(k * d).to_string()]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("/instance/points/") && out.contains("--max-values"), "{out}");
}
