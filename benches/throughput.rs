//! Throughput benchmarks (issue 6): certificates per second for the 2-layer sweep and for its
//! stages alone (build, serialise, check). Medians over repeated runs; no assertions.
//!
//! ```sh
//! cargo bench --bench throughput                  # K = 16 stages and sweep, 5 repetitions
//! FTCERT_BENCH_K=20 FTCERT_BENCH_REPS=3 cargo bench --bench throughput
//! FTCERT_BENCH_LAYERS=3 FTCERT_BENCH_K=12 cargo bench --bench throughput
//! FTCERT_BENCH_CONSTRUCTIONS=two-layer-paper,two-layer-tight cargo bench --bench throughput
//! FTCERT_BENCH_PYTHON=1 cargo bench --bench throughput   # also benches/reference_fraction.py K
//! ```
//!
//! The checker is timed twice: with its per-thread memo of the last instance's points (as in a
//! sweep) and without it (every certificate from scratch).
use ftcert::certificate;
use ftcert::construct::ConstructionId;
use ftcert::instance::{generated, Projection};
use ftcert::sweep::{self, SweepConfig};
use ftcert_check::{check_str, Limits};
use std::time::{Duration, Instant};

fn env(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs[runs.len() / 2]
}

fn report(what: &str, count: usize, runs: Vec<Duration>) {
    let m = median(runs.clone());
    let per_sec = count as u128 * 1_000_000 / m.as_micros().max(1);
    let all: Vec<String> = runs.iter().map(|d| format!("{:.3}", d.as_secs_f64())).collect();
    println!(
        "{what:<48} {count:>10} certs  median {:>8.3} s  {per_sec:>9} certs/s  (runs: {})",
        m.as_secs_f64(),
        all.join(", ")
    );
}

fn main() {
    let k = env("FTCERT_BENCH_K", 16);
    let reps = env("FTCERT_BENCH_REPS", 5);
    let layers = env("FTCERT_BENCH_LAYERS", 2);
    let ids: Vec<ConstructionId> = match std::env::var("FTCERT_BENCH_CONSTRUCTIONS") {
        Ok(list) => {
            list.split(',').map(|n| ConstructionId::from_name(n).expect("known construction")).collect()
        }
        Err(_) => sweep::constructions_for(layers),
    };
    let names: Vec<&str> = ids.iter().map(|c| c.name()).collect();
    println!(
        "K = {k}, layers = {layers}, constructions: {}, threads: {}",
        names.join(", "),
        rayon::current_num_threads()
    );

    // Stages on one thread, one set of work: every T of [K] for every construction.
    let base = generated(k, 2, 0);
    let projection = Projection::of(&base.points);
    let masks: Vec<Vec<usize>> = (0u64..1 << k)
        .step_by(if k > 16 { 1 << (k - 16) } else { 1 })
        .map(|mask| (0..k).filter(|i| mask >> i & 1 == 1).map(|i| i + 1).collect())
        .collect();
    let count = masks.len() * ids.len();
    let instances: Vec<_> = masks.iter().map(|t| base.with_t(t)).collect();
    let mut built = Vec::new();
    let runs = (0..reps)
        .map(|_| {
            let start = Instant::now();
            let projection = &projection;
            built = instances
                .iter()
                .flat_map(|inst| ids.iter().map(move |&id| (id, inst, id.build_projected(inst, projection))))
                .collect();
            start.elapsed()
        })
        .collect();
    report("build only (1 thread)", count, runs);
    let mut texts = Vec::new();
    let runs = (0..reps)
        .map(|_| {
            let start = Instant::now();
            texts = built.iter().map(|(id, inst, b)| certificate::upper(*id, inst, b, false)).collect();
            start.elapsed()
        })
        .collect();
    report("serialise only (1 thread)", count, runs);
    let limits = Limits::default();
    let check_all = || {
        (0..reps)
            .map(|_| {
                let start = Instant::now();
                let accepted = texts.iter().filter(|t| check_str(t, &limits).is_accepted()).count();
                assert_eq!(accepted, texts.len());
                start.elapsed()
            })
            .collect()
    };
    report("check only (1 thread)", count, check_all());
    ftcert_check::memo::set_enabled(false);
    report("check only, no memo (1 thread)", count, check_all());
    ftcert_check::memo::set_enabled(true);

    // The whole sweep of one K, all threads: build + serialise + check + aggregate.
    let config = SweepConfig { constructions: ids.clone(), ..SweepConfig::new(layers, k, k) };
    let mut certs = 0;
    let runs = (0..reps)
        .map(|_| {
            let start = Instant::now();
            let r = sweep::run(&config).expect("sweep runs");
            assert!(r.failures.is_empty());
            certs = r.certificates;
            start.elapsed()
        })
        .collect();
    report(&format!("sweep K = {k} (all threads)"), certs, runs);

    if std::env::var("FTCERT_BENCH_PYTHON").is_ok() {
        // The reference script on the same K, right after (same machine state).
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/reference_fraction.py");
        match std::process::Command::new("python3").arg(script).arg(k.to_string()).output() {
            Ok(out) => {
                print!("python3 benches/reference_fraction.py {k}: {}", String::from_utf8_lossy(&out.stdout))
            }
            Err(e) => println!("python3 not available: {e}"),
        }
    }
}
