//! Budgets and decline through `ftcert check` (issue 5): oversized input gives exit code 3 and a
//! message naming the limit — never an out-of-memory, a panic or a hang.

use crate::util::{ftcert, root, stdout};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

const GOOD: &str = "tests/data/good/upper-two-layer-paper-k3.json";

fn good() -> String {
    std::fs::read_to_string(root().join(GOOD)).expect("good certificate")
}

/// Runs `ftcert check` on `file` (plus `extra` flags) and returns (exit code, stdout).
fn check(file: &Path, extra: &[&str]) -> (i32, String) {
    let mut args = vec!["check", "--quiet"];
    let f = file.to_str().expect("utf-8 path");
    args.extend_from_slice(extra);
    args.push(f);
    let out = ftcert(&args, root());
    (out.status.code().expect("exit code, not a signal"), stdout(&out))
}

fn write(dir: &Path, name: &str, content: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write");
    p
}

#[track_caller]
fn declined(file: &Path, extra: &[&str], message: &str) {
    let (code, out) = check(file, extra);
    assert_eq!(code, 3, "{}: {out}", file.display());
    assert!(out.contains("declined") && out.contains(message), "{}: {out}", file.display());
}

#[test]
fn million_digit_rational() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let big = format!("\"biases\": [\"1{}\"]", "0".repeat(999_999));
    let p = write(tmp.path(), "digits.json", &good().replacen("\"biases\": [\"0\"]", &big, 1));
    declined(&p, &[], "rational has 1000000 digits, over the limit of 10000");
    // A bigger budget lets it through to the real verdict (the output is then wrong).
    let (code, out) = check(&p, &["--max-digits", "2000000"]);
    assert_eq!(code, 1, "{out}");
}

#[test]
fn claimed_huge_shapes_are_refused_before_allocation() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let g = good();
    // A claim of 10^9 neurons is just a wrong claim: nothing is allocated from it.
    let p = write(tmp.path(), "neurons.json", &g.replacen("\"neurons\": 2", "\"neurons\": 1000000000", 1));
    let (code, out) = check(&p, &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("claimed 1000000000 neurons"), "{out}");
    // K = 10^9 and d = 10^9 (every weight row of the first layer would have 10^9 columns).
    let p = write(tmp.path(), "k.json", &g.replacen("\"k\": 3", "\"k\": 1000000000", 1));
    declined(&p, &[], "k is 1000000000, over the limit of 100000");
    let p = write(tmp.path(), "d.json", &g.replacen("\"d\": 1", "\"d\": 1000000000", 1));
    declined(&p, &[], "d is 1000000000, over the limit of 1000");
    // A real hidden layer of 100_001 rows is declined before any rational is converted.
    let rows = vec!["[\"1\"]"; 100_001].join(",");
    let p = write(tmp.path(), "rows.json", &g.replacen("[\"1\"],\n          [\"1\"]", &rows, 1));
    declined(&p, &[], "100001 hidden neurons, over the limit of 100000");
    declined(&write(tmp.path(), "small.json", &g), &["--max-neurons", "1"], "over the limit of 1");
}

#[test]
fn deeply_nested_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = write(tmp.path(), "deep.json", &"[".repeat(100_000));
    declined(&p, &[], "JSON nesting deeper than the limit of 32");
    let p = write(
        tmp.path(),
        "deep.jsonl",
        &format!("{}\n{}\n", "[".repeat(100_000), "{\"a\": ".repeat(100_000)),
    );
    let (code, out) = check(&p, &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("0 accepted, 0 rejected, 2 declined"), "{out}");
}

#[test]
fn oversized_single_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = write(tmp.path(), "c.json", &good());
    declined(&p, &["--max-bytes", "100"], "larger than the budget of 100 bytes");
    assert_eq!(check(&p, &["--max-bytes", "634"]).0, 0);
}

/// A 1 GiB line in a `.jsonl` file is declined while streaming (the file is written in 1 MiB
/// chunks and never held in memory; the checker reads at most max_bytes + 1 of the line) and the
/// next line is still checked.
#[test]
fn gigabyte_line_is_streamed() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let p = tmp.path().join("huge.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).expect("create"));
        let chunk = vec![b'['; 1 << 20];
        for _ in 0..1024 {
            f.write_all(&chunk).expect("write");
        }
        f.write_all(b"\n").expect("write");
        f.write_all(good().replace('\n', "").as_bytes()).expect("write");
        f.write_all(b"\n").expect("write");
        f.flush().expect("flush");
    }
    let start = Instant::now();
    let (code, out) = check(&p, &[]);
    assert_eq!(code, 3, "{out}");
    assert!(out.contains("line 1: declined: line longer than the budget of 67108864 bytes"), "{out}");
    assert!(out.contains("1 accepted, 0 rejected, 1 declined"), "{out}");
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
}
