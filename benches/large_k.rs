//! Large-K benchmark (issue 12): one certificate per construction on the gaussian instance
//! (`sample --points gaussian`), build and check timed separately, with the certificate's size
//! and the largest numerator / denominator bit sizes of its network. Medians over repetitions;
//! no assertions beyond "accepted".
//!
//! ```sh
//! cargo bench --bench large_k                                   # K = 1000, d = 10, N = 10, 3 reps
//! FTCERT_BENCH_K=10000 FTCERT_BENCH_N=10,100 FTCERT_BENCH_REPS=1 cargo bench --bench large_k
//! FTCERT_BENCH_LAYERS=3 FTCERT_BENCH_CONSTRUCTIONS=three-layer-u3-t cargo bench --bench large_k
//! FTCERT_BENCH_MAX_DIGIT_WORK=1000000000000 …                   # the checker's --max-digit-work
//! ```
//!
//! A certificate that the checker does not accept is a row marked REJECTED / DECLINED, listed at
//! the end; the bench then exits 1.
//!
//! T is the `spaced` set of (K, N) (isolated, evenly spread: the worst case of the block-counting
//! constructions), or the first `random` set if spaced does not exist (K < 2N + 1).
use ftcert::certificate;
use ftcert::construct::ConstructionId;
use ftcert::instance::{gaussian, Projection};
use ftcert::sweep::{self, sample};
use ftcert_check::{check_str, Limits, Verdict};
use std::time::{Duration, Instant};

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_string())
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn main() {
    let k: usize = env("FTCERT_BENCH_K", "1000").parse().expect("FTCERT_BENCH_K");
    let d: usize = env("FTCERT_BENCH_D", "10").parse().expect("FTCERT_BENCH_D");
    let reps: usize = env("FTCERT_BENCH_REPS", "3").parse().expect("FTCERT_BENCH_REPS");
    let ns: Vec<usize> =
        env("FTCERT_BENCH_N", "10").split(',').map(|n| n.parse().expect("FTCERT_BENCH_N")).collect();
    let ids: Vec<ConstructionId> = match std::env::var("FTCERT_BENCH_CONSTRUCTIONS") {
        Ok(list) => {
            list.split(',').map(|n| ConstructionId::from_name(n).expect("known construction")).collect()
        }
        Err(_) => match std::env::var("FTCERT_BENCH_LAYERS") {
            Ok(l) => sweep::constructions_for(l.parse().expect("FTCERT_BENCH_LAYERS")),
            Err(_) => [sweep::constructions_for(2), sweep::constructions_for(3)].concat(),
        },
    };
    let start = Instant::now();
    let base = gaussian(k, d, 0);
    let projection = Projection::of(&base.points);
    println!(
        "K = {k}, d = {d}, gaussian seed 0: instance and projection in {:.3} s",
        start.elapsed().as_secs_f64()
    );
    println!(
        "{:<24} {:>5} {:>8} {:>10} {:>10} {:>11} {:>9} {:>9}",
        "construction", "N", "neurons", "build s", "check s", "bytes", "num bits", "den bits"
    );
    let mut limits = Limits::default();
    if let Ok(work) = std::env::var("FTCERT_BENCH_MAX_DIGIT_WORK") {
        limits.max_digit_work = work.parse().expect("FTCERT_BENCH_MAX_DIGIT_WORK");
    }
    let mut failures: Vec<String> = Vec::new();
    let mut totals = (Duration::ZERO, Duration::ZERO);
    for &n in &ns {
        let t = sample::spaced(k, n).unwrap_or_else(|| sample::random(k, n, 0, 0));
        let instance = base.with_t(&t);
        for &id in &ids {
            let mut built = None;
            let build: Vec<Duration> = (0..reps)
                .map(|_| {
                    let s = Instant::now();
                    built = Some(id.build_projected(&instance, &projection));
                    s.elapsed()
                })
                .collect();
            let built = built.expect("at least one repetition");
            let text = certificate::upper(id, &instance, &built, false);
            let layers = &built.network.layers;
            let (nb, db) = ftcert::rational::max_bits(
                layers.iter().flat_map(|l| l.weights.iter().flatten().chain(&l.biases)),
            );
            let mut neurons = String::new();
            let check: Vec<Duration> = (0..reps)
                .map(|_| {
                    // Without the per-thread memo: every check parses and verifies the points.
                    ftcert_check::memo::set_enabled(false);
                    let s = Instant::now();
                    neurons = match check_str(&text, &limits) {
                        Verdict::Accepted(summary) => summary.neurons.to_string(),
                        Verdict::Rejected(r) => {
                            failures.push(format!("{} N={n}: rejected: {r}", id.name()));
                            "REJECTED".to_string()
                        }
                        Verdict::Declined(d) => {
                            failures.push(format!("{} N={n}: declined: {d}", id.name()));
                            "DECLINED".to_string()
                        }
                    };
                    s.elapsed()
                })
                .collect();
            let (b, c) = (median(build), median(check));
            totals = (totals.0 + b, totals.1 + c);
            println!(
                "{:<24} {:>5} {:>8} {:>10.3} {:>10.3} {:>11} {:>9} {:>9}",
                id.name(),
                n,
                neurons,
                b.as_secs_f64(),
                c.as_secs_f64(),
                text.len(),
                nb,
                db
            );
        }
    }
    println!(
        "total (medians): build {:.3} s, check {:.3} s, all {:.3} s wall since start; {} not accepted",
        totals.0.as_secs_f64(),
        totals.1.as_secs_f64(),
        start.elapsed().as_secs_f64(),
        failures.len()
    );
    for f in &failures {
        println!("{f}");
    }
    if !failures.is_empty() {
        std::process::exit(1);
    }
}
