//! `ftcert experiment` (paper §7): determinism across --jobs, the certified overlay's checks,
//! the pre-trained f, and training against the g = 0 baseline. Tiny grids only.
#![allow(clippy::float_arithmetic)]

use crate::util::{ftcert, stderr};
use ftcert::experiment::{run_grid, seed_data, Config, FMode};

fn tiny(out: &str, jobs: &str) -> Vec<String> {
    [
        "experiment",
        "--k",
        "40",
        "--d",
        "3",
        "--n",
        "3,8",
        "--m",
        "4,8",
        "--seeds",
        "2",
        "--certified-seeds",
        "2",
        "--epochs",
        "40",
        "--jobs",
        jobs,
        "--out",
        out,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn call(args: &[String], dir: &std::path::Path) -> std::process::Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ftcert(&args, dir)
}

#[test]
fn same_runs_csv_for_jobs_1_and_2_and_a_broken_certificate_fails_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let one = call(&tiny("one", "1"), dir.path());
    assert!(one.status.success(), "{}", stderr(&one));
    let two = call(&tiny("two", "2"), dir.path());
    assert!(two.status.success(), "{}", stderr(&two));
    let a = std::fs::read(dir.path().join("one/runs.csv")).unwrap();
    let b = std::fs::read(dir.path().join("two/runs.csv")).unwrap();
    assert_eq!(a, b);
    // 2 seeds × 2 N × (baseline + 2 m × 2 lr) rows, plus the header.
    assert_eq!(String::from_utf8(a).unwrap().lines().count(), 1 + 2 * 2 * 5);
    for f in ["summary.json", "fig9.svg", "times.csv"] {
        assert!(dir.path().join("one").join(f).exists(), "{f}");
    }
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("one/summary.json")).unwrap()).unwrap();
    assert_eq!(summary["k"], 40);
    assert_eq!(summary["least_m"]["paper"].as_array().unwrap().len(), 2);
    // The overlay: 4 constructions × 2 seeds × 2 N, counts from the checker's verdicts.
    assert_eq!(summary["certified"].as_array().unwrap().len(), 16);
    assert_eq!(summary["lower"].as_array().unwrap().len(), 2);
    // Replotting re-checks the certificates: intact, it succeeds ...
    let mut replot = tiny("one", "1");
    replot.push("--replot".into());
    let ok = call(&replot, dir.path());
    assert!(ok.status.success(), "{}", stderr(&ok));
    // ... and with one weight changed, the checker rejects it and the command fails naming it.
    let path = dir.path().join("one/certificates/three-layer-u3-t-seed1-n8.json");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let b = &mut v["network"]["layers"][2]["biases"][0];
    let old = b.as_str().unwrap().to_string();
    *b = serde_json::Value::String(if old == "1" { "2".into() } else { "1".into() });
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    let bad = call(&replot, dir.path());
    assert_eq!(bad.status.code(), Some(1), "{}", stderr(&bad));
    assert!(
        stderr(&bad).contains("three-layer-u3-t-seed1-n8.json") && stderr(&bad).contains("rejected"),
        "{}",
        stderr(&bad)
    );
}

fn small(k: usize, d: usize) -> Config {
    let mut c = Config::default_grid();
    c.k = k;
    c.d = d;
    c.seeds = 1;
    c.jobs = 1;
    c
}

#[test]
fn trained_f_reaches_its_mse_and_agrees_with_residual() {
    let mut c = small(40, 3);
    c.ns = vec![8];
    c.ms = vec![8];
    c.epochs = 300;
    c.lrs = vec![0.01];
    c.f = FMode::Trained;
    c.f_hidden = vec![64, 64];
    c.f_epochs = 20000;
    c.f_lr = 0.003;
    let trained = seed_data(&c, 0).unwrap();
    assert!(
        trained.f_mse < 1e-8 && trained.f_epochs > 0,
        "f reached {} in {}",
        trained.f_mse,
        trained.f_epochs
    );
    let (runs_t, _) = run_grid(&c, false, None).unwrap();
    c.f = FMode::Residual;
    let (runs_r, _) = run_grid(&c, false, None).unwrap();
    for (t, r) in runs_t.iter().zip(&runs_r) {
        assert_eq!((t.n, t.m), (r.n, r.m));
        assert!((t.loss - r.loss).abs() < 1e-3, "trained {} vs residual {}", t.loss, r.loss);
    }
}

#[test]
fn training_beats_the_zero_baseline_where_it_can() {
    let mut c = small(100, 10);
    c.ns = vec![10];
    c.ms = vec![32];
    c.epochs = 500;
    let (runs, _) = run_grid(&c, false, None).unwrap();
    let baseline = runs.iter().find(|r| r.m == 0).unwrap().loss;
    let best = runs.iter().filter(|r| r.m == 32).map(|r| r.loss).fold(f64::INFINITY, f64::min);
    assert!(baseline > 0.0);
    assert!(best < baseline / 10.0, "trained {best} vs g = 0 {baseline}");
}
