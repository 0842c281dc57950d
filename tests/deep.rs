//! `deep-L` (Proposition 6.1, spec constructions.md §3.6): every T for K ≤ 8 at L = 4, 5, 6, the
//! width bound against the paper's, and the checker's strictness about depth and width.

use ftcert::construct::{deep, ConstructionId};
use ftcert::instance::{generated, Projection};
use ftcert::lower::counts::{kappa, least_width};
use ftcert::sweep::{run, SweepConfig};
use ftcert_check::{check_str, Limits, Verdict};
use serde_json::Value;

fn config(layers: usize, k_max: usize) -> SweepConfig {
    SweepConfig::new(layers, 3, k_max)
}

#[test]
fn deep_sweeps_accept_every_certificate_and_meet_both_width_bounds() {
    for layers in 4..=6 {
        let report = run(&config(layers, 8)).expect("sweep runs");
        assert!(report.failures.is_empty(), "L={layers}: {:?}", report.failures);
        for row in &report.rows {
            assert_eq!(row.construction, format!("deep-{layers}"));
            assert!(row.max_neurons <= row.bound, "{row:?}");
            // The certified lower bound on the max hidden width (docs/lower-bounds.md), and the
            // construction's width is at least that.
            let lower = least_width(layers, kappa(row.k, row.n));
            assert_eq!(row.lower, Some(lower), "{row:?}");
            assert!(row.max_neurons >= lower, "{row:?}");
            assert_eq!(row.paper_lower, None);
            assert_eq!(row.meets_paper_bound, Some(true), "{row:?}");
            assert_eq!(row.sets, num_sets(row.k, row.n));
        }
    }
}

fn num_sets(k: usize, n: usize) -> usize {
    (0..n).fold(1, |acc, i| acc * (k - i) / (i + 1))
}

#[test]
fn deep_table_k10_l4_snapshot_values() {
    let report = run(&SweepConfig { k_min: 10, ..config(4, 10) }).expect("sweep runs");
    let widths: Vec<(usize, usize, usize)> =
        report.rows.iter().map(|r| (r.n, r.max_neurons, r.bound)).collect();
    assert_eq!(
        widths,
        vec![
            (0, 0, 0),
            (1, 4, 6),
            (2, 4, 6),
            (3, 6, 8),
            (4, 6, 8),
            (5, 6, 8),
            (6, 6, 8),
            (7, 6, 8),
            (8, 6, 8),
            (9, 6, 8),
            (10, 6, 8)
        ]
    );
}

fn built(layers: usize, k: usize, t: &[usize]) -> String {
    let id = ConstructionId::from_name(&format!("deep-{layers}")).expect("registered");
    let instance = generated(k, 2, 0).with_t(t);
    let b = id.build(&instance).expect("builds");
    ftcert::certificate::upper(id, &instance, &b, false)
}

fn verdict(text: &str) -> Verdict {
    check_str(text, &Limits::default())
}

#[test]
fn deep_certificates_have_depth_l_and_the_id_fixes_the_depth() {
    for layers in [4, 5, 6, 9, 12] {
        let text = built(layers, 12, &[1, 3, 5, 8, 9, 12]);
        let Verdict::Accepted(s) = verdict(&text) else { panic!("L={layers}: {:?}", verdict(&text)) };
        assert_eq!(s.layers, layers);
        assert!(s.widths.iter().all(|&w| w <= s.bound.unwrap_or(0)), "{s:?}");
        assert_eq!(s.neurons, s.widths.iter().sum::<usize>(), "neurons is still the total");
        let renamed = text.replace(&format!("\"deep-{layers}\""), &format!("\"deep-{}\"", layers + 1));
        let Verdict::Rejected(r) = verdict(&renamed) else {
            panic!("accepted a deep-{} with {layers} layers", layers + 1)
        };
        assert_eq!(r.kind(), "wrong-layer-count");
    }
    for bad in ["deep-3", "deep-65", "deep-04"] {
        let text = built(4, 6, &[2]).replace("\"deep-4\"", &format!("\"{bad}\""));
        let Verdict::Rejected(r) = verdict(&text) else { panic!("{bad} accepted") };
        assert_eq!(r.kind(), "unknown-construction");
    }
}

#[test]
fn a_padded_layer_wider_than_the_bound_is_refused() {
    let text = built(5, 10, &[2, 5, 9]);
    let mut v: Value = serde_json::from_str(&text).expect("json");
    let bound = v["claims"]["bound"].as_u64().expect("bound") as usize;
    // Pad hidden layer 0 with zero rows (zero output weight) until it is wider than the bound.
    let layers = v["network"]["layers"].as_array_mut().expect("layers");
    let width = layers[0]["biases"].as_array().expect("biases").len();
    let d = layers[0]["weights"][0].as_array().expect("row").len();
    for _ in width..=bound {
        layers[0]["weights"].as_array_mut().expect("w").push(Value::from(vec!["0"; d]));
        layers[0]["biases"].as_array_mut().expect("b").push(Value::from("0"));
        for row in layers[1]["weights"].as_array_mut().expect("w") {
            row.as_array_mut().expect("row").push(Value::from("0"));
        }
    }
    let total: usize =
        layers[..layers.len() - 1].iter().map(|l| l["biases"].as_array().expect("b").len()).sum();
    v["claims"]["neurons"] = Value::from(total);
    let Verdict::Rejected(r) = verdict(&v.to_string()) else { panic!("padded network accepted") };
    assert_eq!(r.kind(), "width-bound-exceeded");
}

#[test]
fn parts_are_consecutive_along_the_projection() {
    let base = generated(9, 2, 0);
    let instance = base.with_t(&[1, 2, 4, 6, 7, 9]);
    let projection = Projection::of(&instance.points);
    let parts = deep::parts(&instance, &projection, 4);
    assert_eq!(parts.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 2, 1, 1]);
    let rank = |i: usize| projection.order.iter().position(|&o| o + 1 == i).expect("sample");
    for w in parts.windows(2) {
        let last = w[0].iter().map(|&i| rank(i)).max();
        let first = w[1].iter().map(|&i| rank(i)).min();
        assert!(last < first, "{parts:?}");
    }
}
