//! Sharded sweeps, merge, resume after SIGINT / SIGKILL, and the differential check (issues 5
//! and 6): every path must reproduce the unsharded, uninterrupted run byte for byte.

use crate::util::{ftcert, root, stderr, stdout};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Every file under `dir` (relative path → bytes).
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn assert_same_tree(a: &Path, b: &Path) {
    let (ta, tb) = (tree(a), tree(b));
    let names = |t: &BTreeMap<String, Vec<u8>>| t.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&ta), names(&tb), "different files");
    for (name, bytes) in &ta {
        assert!(bytes == &tb[name], "{name}: bytes differ");
    }
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// `sweep` with the common arguments plus `extra`.
fn sweep(common: &[&str], extra: &[&str], dir: &Path) -> std::process::Output {
    let mut args = vec!["sweep", "-q"];
    args.extend_from_slice(common);
    args.extend_from_slice(extra);
    ftcert(&args, dir)
}

#[test]
fn merged_shards_reproduce_the_unsharded_run_byte_for_byte() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    for (layers, k_max, counts) in [("2", "8", &[1usize, 2, 3, 7][..]), ("3", "6", &[3][..])] {
        let common = ["--layers", layers, "--k-min", "3", "--k-max", k_max];
        let whole = t.join(format!("whole-{layers}"));
        let reference = sweep(&common, &["--archive", s(&whole), "--format", "json"], t);
        assert_eq!(reference.status.code(), Some(0), "{}", stderr(&reference));
        let reference_md = sweep(&common, &["--format", "markdown"], t);
        let reference_table = sweep(&common, &[], t);
        for &n in counts {
            // Shards write into one shared folder (as on a cluster file system) ...
            let shared = t.join(format!("shared-{layers}-{n}"));
            let mut reports = Vec::new();
            for i in 0..n {
                let report = t.join(format!("r-{layers}-{n}-{i}.json"));
                let shard = format!("{i}/{n}");
                let out =
                    sweep(&common, &["--shard", &shard, "--report", s(&report), "--archive", s(&shared)], t);
                assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
                reports.push(report);
            }
            // ... merged in any order.
            reports.reverse();
            let mut args: Vec<&str> = vec!["merge", "--format", "json", "--archive", s(&shared)];
            args.extend(reports.iter().map(|p| s(p)));
            let merged = ftcert(&args, t);
            assert_eq!(merged.status.code(), Some(0), "{}", stderr(&merged));
            assert_eq!(stdout(&merged), stdout(&reference), "layers {layers}, n = {n}: JSON differs");
            assert_same_tree(&whole, &shared);
            // The other formats, from the same reports (no archive: parts are already consumed).
            for (format, want) in [("markdown", &reference_md), ("table", &reference_table)] {
                let mut args: Vec<&str> = vec!["merge", "--format", format];
                args.extend(reports.iter().map(|p| s(p)));
                let out = ftcert(&args, t);
                assert_eq!(stdout(&out), stdout(want), "layers {layers}, n = {n}: {format} differs");
            }
        }
    }
    // Shards in separate folders, merged into a third one.
    let common = ["--k-min", "3", "--k-max", "7"];
    let whole = t.join("whole-sep");
    assert!(sweep(&common, &["--archive", s(&whole)], t).status.success());
    let mut args: Vec<String> = vec!["merge".into(), "--archive".into(), s(&t.join("out")).into()];
    for i in 0..2 {
        let report = t.join(format!("sep-{i}.json"));
        let dir = t.join(format!("sep-{i}"));
        let out =
            sweep(&common, &["--shard", &format!("{i}/2"), "--report", s(&report), "--archive", s(&dir)], t);
        assert!(out.status.success(), "{}", stderr(&out));
        args.push(s(&report).into());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert!(ftcert(&args, t).status.success());
    assert_same_tree(&whole, &t.join("out"));
}

#[test]
fn merge_refuses_incomplete_or_mixed_reports() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let r0 = t.join("r0.json");
    let r1 = t.join("r1.json");
    let other = t.join("other.json");
    let common = ["--k-min", "3", "--k-max", "5"];
    assert!(sweep(&common, &["--shard", "0/2", "--report", s(&r0)], t).status.success());
    assert!(sweep(&common, &["--shard", "1/2", "--report", s(&r1)], t).status.success());
    assert!(sweep(&["--k-min", "3", "--k-max", "6"], &["--shard", "1/2", "--report", s(&other)], t)
        .status
        .success());
    let out = ftcert(&["merge", s(&r0)], t);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("shard 1/2 is missing"), "{}", stderr(&out));
    let out = ftcert(&["merge", s(&r0), s(&other)], t);
    assert!(stderr(&out).contains("different sweep"), "{}", stderr(&out));
    let out = ftcert(&["merge", s(&r0), s(&r0)], t);
    assert!(stderr(&out).contains("given twice"), "{}", stderr(&out));
    let out = ftcert(&["sweep", "--shard", "0/2", "--k-max", "4"], t);
    assert!(stderr(&out).contains("needs --report"), "{}", stderr(&out));
    let out = ftcert(&["sweep", "--shard", "2/2"], t);
    assert_eq!(out.status.code(), Some(2));
}

/// Starts a sweep, waits until it has completed at least one K (its progress file exists), then
/// kills it with `signal`; returns whether it was still running (i.e. really interrupted).
fn interrupt(args: &[&str], progress: &Path, signal: &str) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ftcert"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while !progress.exists() && start.elapsed() < Duration::from_secs(60) {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let running = child.try_wait().unwrap().is_none();
    let status = Command::new("kill").args([signal, &child.id().to_string()]).status().unwrap();
    assert!(status.success());
    let _ = child.wait();
    running
}

#[test]
fn resume_after_sigint_and_sigkill_gives_the_same_archive_and_table() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // K = 14 dominates the run, so a kill after the first K lands mid-way.
    let common = ["--k-min", "3", "--k-max", "14", "--construction", "two-layer-paper,two-layer-tight"];
    let whole = t.join("whole");
    let reference = sweep(&common, &["--archive", s(&whole)], t);
    assert_eq!(reference.status.code(), Some(0), "{}", stderr(&reference));
    for signal in ["-INT", "-KILL"] {
        let dir: PathBuf = t.join(format!("killed{signal}"));
        let mut args = vec!["sweep", "-q"];
        args.extend_from_slice(&common);
        args.extend_from_slice(&["--archive", s(&dir)]);
        let progress = dir.join(".ftcert-progress-0-of-1.json");
        assert!(interrupt(&args, &progress, signal), "{signal}: the sweep finished before it was killed");
        assert!(progress.exists());
        let resumed = sweep(&common, &["--archive", s(&dir), "--resume"], t);
        assert_eq!(resumed.status.code(), Some(0), "{}", stderr(&resumed));
        assert!(
            stderr(&resumed).contains("resume: K = [3"),
            "{signal}: nothing reused: {}",
            stderr(&resumed)
        );
        assert_eq!(stdout(&resumed), stdout(&reference), "{signal}: table differs");
        assert_same_tree(&whole, &dir);
    }
}

#[test]
fn resume_recomputes_a_corrupted_file_and_check_names_it() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let common = ["--k-min", "3", "--k-max", "7"];
    let whole = t.join("whole");
    assert!(sweep(&common, &["--archive", s(&whole)], t).status.success());
    // An interrupted run's progress file, kept by hand, and a corrupted K = 5 file.
    let dir = t.join("dir");
    assert!(sweep(&common, &["--archive", s(&dir), "--report", s(&t.join("p.json"))], t).status.success());
    std::fs::copy(t.join("p.json"), dir.join(".ftcert-progress-0-of-1.json")).unwrap();
    let victim = dir.join("two-layer-tight/k05.jsonl.gz");
    let mut bytes = std::fs::read(&victim).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    std::fs::write(&victim, bytes).unwrap();
    let out = ftcert(&["check", "--quiet", s(&dir)], t);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("two-layer-tight/k05.jsonl.gz: SHA-256 is"), "{}", stdout(&out));
    assert!(stdout(&out).contains("(file corrupted or replaced)"), "{}", stdout(&out));
    let resumed = sweep(&common, &["--archive", s(&dir), "--resume"], t);
    assert!(resumed.status.success(), "{}", stderr(&resumed));
    // K = 5 was recomputed, the others taken over.
    assert!(stderr(&resumed).contains("resume: K = [3, 4, 6, 7]"), "{}", stderr(&resumed));
    assert_same_tree(&whole, &dir);
    let out = ftcert(&["sweep", "--resume", "--k-max", "4"], root());
    assert!(stderr(&out).contains("--resume needs --archive"), "{}", stderr(&out));
}

/// Shards of one sweep share the archive folder and run at the same time (GNU parallel, a Slurm
/// array): `--resume` on one shard must leave the other shards' temporaries alone (it used to
/// delete shard 0's `.kKK.jsonl.gz.partial` lower file, which then failed to rename).
#[test]
fn resume_of_one_shard_keeps_the_other_shards_temporaries() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    let dir = t.join("archive");
    let others = [
        "lower-2/.k03.jsonl.gz.partial",
        "two-layer-paper/.k03.part-000-of-002.jsonl.gz.partial",
        ".manifest.json.tmp1",
        ".ftcert-progress-0-of-2.json.tmp1",
    ];
    for f in others {
        let p = dir.join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, b"in progress").unwrap();
    }
    let report = t.join("shard-1.json");
    let extra = ["--shard", "1/2", "--report", s(&report), "--archive", s(&dir), "--resume"];
    let out = sweep(&["--k-min", "3", "--k-max", "4"], &extra, t);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for f in others {
        assert_eq!(std::fs::read(dir.join(f)).unwrap(), b"in progress", "{f} was touched");
    }
    assert!(dir.join("two-layer-paper/k03.part-001-of-002.jsonl.gz").exists());
}

#[test]
fn differential_check_fails_loudly_on_a_disagreement() {
    use ftcert::construct::ConstructionId;
    use ftcert::instance::generated;
    use ftcert_check::{check_str, Limits};
    let instance = generated(6, 2, 0).with_t(&[2, 5]);
    let id = ConstructionId::TwoLayerPaper;
    let built = id.build(&instance).unwrap();
    let good = ftcert::certificate::upper(id, &instance, &built, false);
    let verdict = check_str(&good, &Limits::default());
    assert!(verdict.is_accepted());
    assert_eq!(ftcert::sweep::differential("x", &instance, &built, &verdict), None);
    // The builder's network changed after the check: its own evaluation no longer fits.
    let mut wrong = built.clone();
    wrong.network.layers[1].biases[0] += ftcert::rational::int(1);
    let message = ftcert::sweep::differential("paper K=6", &instance, &wrong, &verdict).unwrap();
    assert!(message.starts_with("DIFFERENTIAL CHECK FAILED: paper K=6: the checker accepted"), "{message}");
    // A checker refusal of a correct network.
    let mut tampered: serde_json::Value = serde_json::from_str(&good).unwrap();
    *tampered.pointer_mut("/network/layers/1/biases/0").unwrap() = "7/3".into();
    let refused = check_str(&tampered.to_string(), &Limits::default());
    assert_eq!(refused.kind(), "wrong-output");
    let message = ftcert::sweep::differential("y", &instance, &built, &refused).unwrap();
    assert!(message.contains("the builder's evaluation fits every sample"), "{message}");
    // A different piece count.
    let mut fewer = built.clone();
    fewer.pieces += 1;
    let message = ftcert::sweep::differential("z", &instance, &fewer, &verdict).unwrap();
    assert!(message.contains("pieces"), "{message}");
}

/// `--differential auto` (the default) re-evaluates every upper network of K ≤ 10 with the
/// builder's arithmetic, `always` every K, `never` none (issue 11, finding 5: a sweep that treated
/// `auto` as off passed every test). Counted exactly, at the boundary K = 10 / 11.
#[test]
fn sweep_runs_the_differential_check_for_k_up_to_10_by_default() {
    use ftcert::construct::ConstructionId;
    use ftcert::sweep::{self, Differential, RunOptions, SweepConfig};
    let mut config = SweepConfig::new(2, 10, 11);
    config.constructions = vec![ConstructionId::TwoLayerPaper];
    let count = |differential| {
        let options = RunOptions { differential, ..RunOptions::default() };
        let shard = sweep::run_shard(&config, &options).unwrap();
        let report = sweep::finalize(&config, &shard.units);
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        report.differential_checks
    };
    assert_eq!(RunOptions::default().differential, Differential::Auto);
    assert_eq!(count(Differential::Auto), 1 << 10, "auto: every T of K = 10, none of K = 11");
    assert_eq!(count(Differential::Always), (1 << 10) + (1 << 11));
    assert_eq!(count(Differential::Never), 0);
    // Through the CLI: the default is auto, and the count is on stderr.
    let tmp = tempfile::tempdir().unwrap();
    let common = ["--layers", "2", "--k-min", "3", "--k-max", "4", "--construction", "two-layer-paper"];
    let line = |extra: &[&str]| {
        let out = sweep(&common, extra, tmp.path());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let err = stderr(&out);
        err.lines()
            .find(|l| l.starts_with("differential check: "))
            .unwrap_or_else(|| panic!("{err}"))
            .to_string()
    };
    let expected = |n: usize| {
        format!("differential check: {n} upper networks re-evaluated with the builder's exact arithmetic")
    };
    assert_eq!(line(&[]), expected(8 + 16));
    assert_eq!(line(&["--differential", "auto"]), expected(8 + 16));
    assert_eq!(line(&["--differential", "never"]), expected(0));
}

/// The fast `two-layer-paper` path of a sweep (`--differential never`: the network from
/// `PaperJumps`, written from precomputed texts into a reused buffer) gives the archive bytes of
/// the malachite path (`always`: `two_layer::paper` written by `certificate::upper`), manifest
/// included, for every T of K = 3..=11.
#[test]
fn sweep_fast_paper_path_writes_the_malachite_bytes() {
    use ftcert::construct::ConstructionId;
    use ftcert::sweep::{self, Differential, RunOptions, SweepConfig};
    let tmp = tempfile::tempdir().unwrap();
    let archive = |differential, name: &str| {
        let mut config = SweepConfig::new(2, 3, 11);
        config.constructions = vec![ConstructionId::TwoLayerPaper];
        config.archive = Some(tmp.path().join(name));
        let options = RunOptions { differential, ..RunOptions::default() };
        let shard = sweep::run_shard(&config, &options).unwrap();
        let report = sweep::finalize(&config, &shard.units);
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        assert_eq!(report.differential_checks, if differential == Differential::Always { 4088 } else { 0 });
        tmp.path().join(name)
    };
    assert_same_tree(&archive(Differential::Always, "malachite"), &archive(Differential::Never, "fast"));
}

/// `--jobs 1` and `--jobs 2` through the CLI: the same archive bytes and the same tables in every
/// format (issue 11: `--jobs` was never compared through the CLI).
#[test]
fn sweep_jobs_1_and_2_give_the_same_archive_and_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    for layers in ["2", "3"] {
        let common = ["--layers", layers, "--k-min", "3", "--k-max", "6"];
        let run = |jobs: &str, format: &str, archive: Option<&Path>| {
            let mut extra = vec!["--jobs", jobs, "--format", format];
            if let Some(dir) = archive {
                extra.extend(["--archive", s(dir)]);
            }
            let out = sweep(&common, &extra, t);
            assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
            stdout(&out)
        };
        let (one, two) = (t.join(format!("jobs1-{layers}")), t.join(format!("jobs2-{layers}")));
        assert_eq!(run("1", "json", Some(&one)), run("2", "json", Some(&two)), "layers {layers}: json");
        assert_same_tree(&one, &two);
        for format in ["table", "markdown"] {
            assert_eq!(run("1", format, None), run("2", format, None), "layers {layers}: {format}");
        }
    }
}
