use ftcert::sweep::{self, report, Format, SweepConfig};

fn table(k_min: usize, k_max: usize) -> sweep::SweepReport {
    sweep::run(&SweepConfig::new(2, k_min, k_max)).expect("sweep runs")
}

#[test]
fn two_layer_rows_have_the_expected_exact_values() {
    let report = table(3, 10);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    // 2^K sets per construction, K + 1 windows certificates per K plus 3 case-split ones for
    // K ∈ {3, 4}, and every construction run on each lower certificate's instance.
    let expected: usize = (3..=10).map(|k| 3 * (1 << k) + 4 * (k + 1 + if k <= 4 { 3 } else { 0 })).sum();
    assert_eq!(report.certificates, expected);
    for row in &report.rows {
        let (k, n) = (row.k, row.n);
        let lower = match (k, n) {
            // case-split certificates: strict zig-zags with K ∈ {3, 4} need K − 1.
            (3, 1..) | (4, 2..) => k - 1,
            _ => (3 * n).min(k - 2),
        };
        assert_eq!(row.lower, Some(lower), "{row:?}");
        assert_eq!(row.sets, binomial(k, n), "{row:?}");
        let expected_max = match (row.construction.as_str(), n) {
            ("two-layer-paper", 0) => 1,
            ("two-layer-paper", _) => (3 * n + 1).min(k - 1),
            ("two-layer-tight", _) if k > 3 * n => (3 * n).min(k - 2),
            ("two-layer-tight", _) => k - 1,
            ("two-layer-optimal", 0) => 0,
            ("two-layer-optimal", _) if k >= 5 => (3 * n).min(k - 2),
            ("two-layer-optimal", _) => lower,
            (other, _) => panic!("unexpected construction {other}"),
        };
        assert_eq!(row.max_neurons, expected_max, "{row:?}");
        assert!(row.max_neurons <= row.bound, "{row:?}");
        // `exact` needs the proven bound to meet the lower bound; `tight` (max = lower < bound)
        // would only say it is attained on this instance. Every 2-layer count attains its bound.
        assert_eq!(row.max_neurons, row.bound, "{row:?}");
        assert_eq!(row.verdict == "exact", row.max_neurons == lower, "{row:?}");
        assert_ne!(row.verdict, "tight", "{row:?}");
        if row.construction == "two-layer-optimal" {
            assert_eq!(row.verdict, "exact", "{row:?}");
        }
        if row.construction == "two-layer-tight" && k >= 5 {
            assert_eq!(row.verdict == "exact", k > 3 * n, "{row:?}");
        }
    }
}

#[test]
fn table_for_k_3_to_10_snapshot() {
    let report = table(3, 10);
    insta::assert_snapshot!("two_layer_table_k3_10", report::render(&report.rows, Format::Table));
}

#[test]
fn output_does_not_depend_on_thread_count() {
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| report::render(&table(3, 9).rows, Format::Json))
    };
    assert_eq!(run(1), run(3));
}

fn binomial(n: usize, k: usize) -> usize {
    (0..k).fold(1, |acc, i| acc * (n - i) / (i + 1))
}
