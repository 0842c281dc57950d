//! Upper certificates: accepted examples and one mutation per rejection rule.

use crate::common::*;
use ftcert_check::{Kind, Limits, Verdict};

fn accepted(json: &str) -> ftcert_check::Summary {
    match check(json) {
        Verdict::Accepted(s) => s,
        other => panic!("expected acceptance, got {other:?}\n{json}"),
    }
}

#[test]
fn fig4_accepted_with_ten_pieces() {
    let s = accepted(&fig4().json());
    assert_eq!(s.kind, Kind::Upper);
    assert_eq!(s.construction.as_deref(), Some("two-layer-paper"));
    assert_eq!((s.k, s.d, s.n, s.layers), (14, 1, 4, 2));
    assert_eq!(s.neurons, 10);
    assert_eq!(s.bound, Some(13));
    // The interpolant is 0 up to 3 (neuron 1 has output weight 0), then kinks at
    // 3, 4, 5, 6, 7, 8, 9, 10, 13: 9 kinks, 10 pieces.
    assert_eq!(s.pieces, Some(10));
    assert_eq!(s.widths, vec![10]);
}

#[test]
fn fig4_compact_and_tight_construction() {
    let compact: String = fig4().json().chars().filter(|c| !c.is_whitespace()).collect();
    assert!(check(&compact).is_accepted());
    let mut c = fig4();
    c.construction = "two-layer-tight".into();
    c.bound = 12; // K = 14 ≥ 3N + 1 = 13: min{12, 12}
    assert_eq!(accepted(&c.json()).bound, Some(12));
}

#[test]
fn fig4_along_other_lines() {
    let mut c = fig4();
    // Any other line is refused: the line of a certificate is the projection line.
    c.origin = s(&["7/2"]);
    rejected(&c.json(), "not-projection-line", Some("/claims/line"));
    c.origin = s(&["0"]);
    c.direction = s(&["-1/3"]);
    rejected(&c.json(), "not-projection-line", Some("/claims/line"));
}

#[test]
fn two_dimensional_rational_instance() {
    // x = (1/2, 0), (0, 1), (1, 1), (-1/3, 2); T = {2}; g(x) = relu(2 x1 + x2 - 1) ... fitted by
    // g = 3/2·relu(x2 - 1/2) - 3/2·relu(x2 - 1) - 3/2·relu(x1 + x2 - 3/2)... checked by the code.
    // Use a direct network: h1 = relu(x2 - 1/2), h2 = relu(x1 + x2 - 1), h3 = relu(x2 - 3/2).
    // Values: x1: (0, 0, 0) → g = 0. x2: (1/2, 0, 0). x3: (1/2, 1, 0). x4: (3/2, 2/3, 1/2).
    // Target z2 = 1 at sample 2 only: g = 2 h1 - 2 h2 - 2·(3/2 - 2/3·... ) solve below.
    // g = a h1 + b h2 + c h3: sample 2: a/2 = 1 → a = 2; sample 3: 1 + b = 0 → b = -1;
    // sample 4: 3 - 2/3 + c/2 = 0 → c = -14/3.
    let c = Upper {
        construction: "two-layer-paper".into(),
        instance: Inst {
            k: 4,
            d: 2,
            points: vec![s(&["1/2", "0"]), s(&["0", "1"]), s(&["1", "1"]), s(&["-1/3", "2"])],
            targets: s(&["0", "1", "0", "0"]),
            t: vec![2],
        },
        layers: vec![
            Layer {
                weights: vec![s(&["0", "1"]), s(&["1", "1"]), s(&["0", "1"])],
                biases: s(&["-1/2", "-1", "-3/2"]),
            },
            Layer { weights: vec![s(&["2", "-1", "-14/3"])], biases: s(&["0"]) },
        ],
        neurons: 3,
        bound: 3, // min{3·1 + 1, 4 − 1}
        origin: s(&["0", "0"]),
        // a(0) = (1, 0) separates the points (x1 = 1/2, 0, 1, -1/3), so the line is x = (s, 0):
        // h1 = h3 = 0 there and g = -relu(s - 1): 2 pieces.
        direction: s(&["1", "0"]),
        pieces: 2,
    };
    let sum = accepted(&c.json());
    assert_eq!((sum.neurons, sum.pieces), (3, Some(2)));
    // The line x = (0, s) is a line of the plane but not the projection line.
    let mut c2 = c.clone();
    c2.direction = s(&["0", "1"]);
    c2.pieces = 4;
    rejected(&c2.json(), "not-projection-line", Some("/claims/line"));
}

#[test]
fn no_targets_with_empty_hidden_layer() {
    // N = 0, tight construction: bound min{0, K − 2} = 0; an empty hidden layer is legal.
    let c = Upper {
        construction: "two-layer-tight".into(),
        instance: Inst::line(3, &[]),
        layers: vec![
            Layer { weights: vec![], biases: vec![] },
            Layer { weights: vec![vec![]], biases: s(&["0"]) },
        ],
        neurons: 0,
        bound: 0,
        origin: s(&["0"]),
        direction: s(&["1"]),
        pieces: 1,
    };
    let sum = accepted(&c.json());
    assert_eq!((sum.neurons, sum.pieces, sum.widths.clone()), (0, Some(1), vec![0]));
}

/// Fig. 4 with its output weights and targets scaled by 10^60 (still a true certificate).
fn fig4_scaled_by_1e60() -> Upper {
    let scale = |x: &mut String| {
        *x = match x.as_str() {
            "0" => "0".to_string(),
            "1/2" => format!("5{}", "0".repeat(59)),
            v => format!("{v}{}", "0".repeat(60)),
        }
    };
    let mut c = fig4();
    c.layers[1].weights[0].iter_mut().for_each(scale);
    c.instance.targets.iter_mut().for_each(scale);
    c
}

#[test]
fn big_numbers_take_the_slow_path() {
    // Scale output weights and targets by 10^60: i128 overflows, BigInt agrees.
    let mut c = fig4_scaled_by_1e60();
    assert!(check(&c.json()).is_accepted(), "{}", c.json());
    c.instance.targets[8] = format!("3{}1", "0".repeat(59));
    let msg = rejected(&c.json(), "wrong-output", None);
    assert!(msg.starts_with("sample 9: network output is 3"), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// One mutation per rule.

#[test]
fn rejects_json_level_problems() {
    let good = fig4().json();
    rejected("", "empty-input", None);
    rejected(&good[..good.len() / 2], "json-syntax", None);
    rejected(&format!("{good}{good}"), "trailing-data", None);
    rejected("[1, 2]", "wrong-type", Some(""));
    let dup = good.replacen("\"d\": 1,", "\"d\": 1, \"d\": 1,", 1);
    rejected(&dup, "duplicate-field", Some("/instance/d"));
}

#[test]
fn rejects_key_problems() {
    let good = fig4().json();
    let missing = good.replacen(", \"pieces\": 10", "", 1);
    rejected(&missing, "missing-field", Some("/claims"));
    let unknown = good.replacen("\"pieces\": 10", "\"pieces\": 10, \"note\": \"hi\"", 1);
    rejected(&unknown, "unknown-field", Some("/claims/note"));
    let order = good.replacen("\"k\": 14,\n    \"d\": 1,", "\"d\": 1,\n    \"k\": 14,", 1);
    let msg = rejected(&order, "field-order", Some("/instance/d"));
    assert_eq!(msg, "/instance/d: key \"d\" out of order, expected \"k\" here");
    let top = good.replacen(
        "\"format\": \"ftcert/1\",\n  \"kind\": \"upper\",",
        "\"kind\": \"upper\",\n  \"format\": \"ftcert/1\",",
        1,
    );
    rejected(&top, "field-order", Some("/kind"));
    let no_format = good.replacen("\"format\": \"ftcert/1\",", "", 1);
    rejected(&no_format, "missing-field", Some(""));
    let layer_key = good.replacen("\"biases\": [\"0\"]", "\"bias\": [\"0\"]", 1);
    rejected(&layer_key, "unknown-field", Some("/network/layers/1/bias"));
}

#[test]
fn rejects_wrong_types() {
    let good = fig4().json();
    rejected(&good.replacen("\"k\": 14", "\"k\": \"14\"", 1), "wrong-type", Some("/instance/k"));
    rejected(&good.replacen("\"k\": 14", "\"k\": 14.0", 1), "wrong-type", Some("/instance/k"));
    rejected(&good.replacen("\"k\": 14", "\"k\": 1.4e1", 1), "wrong-type", Some("/instance/k"));
    rejected(&good.replacen("\"d\": 1", "\"d\": -1", 1), "wrong-type", Some("/instance/d"));
    rejected(&good.replacen("[4, 7, 9, 14]", "[4, 7, 9.0, 14]", 1), "wrong-type", Some("/instance/t/2"));
    rejected(&good.replacen("\"pieces\": 10", "\"pieces\": null", 1), "wrong-type", Some("/claims/pieces"));
    rejected(
        &good.replacen("\"construction\": \"two-layer-paper\"", "\"construction\": 2", 1),
        "wrong-type",
        Some("/construction"),
    );
    rejected(
        &good.replacen("\"network\": {\"layers\": [", "\"network\": {\"layers\": [[],", 1),
        "wrong-layer-count",
        Some("/network/layers"),
    );
}

#[test]
fn rejects_non_canonical_rationals() {
    let mut c = fig4();
    c.instance.targets[3] = "2/2".into();
    let msg = rejected(&c.json(), "non-canonical-rational", Some("/instance/targets/3"));
    assert!(msg.contains("lowest terms"), "{msg}");
    for bad in ["2/4", "-0", "+1", "01", "1/0", "1/-2", "3/1", "1.5", " 1", "1 "] {
        let mut c = fig4();
        c.layers[0].weights[1][0] = bad.into();
        rejected(&c.json(), "non-canonical-rational", Some("/network/layers/0/weights/1/0"));
    }
    let number = fig4().json().replacen("\"origin\": [\"0\"]", "\"origin\": [0]", 1);
    rejected(&number, "non-canonical-rational", Some("/claims/line/origin/0"));
}

#[test]
fn rejects_format_kind_construction() {
    let good = fig4().json();
    rejected(&good.replacen("ftcert/1", "ftcert/2", 1), "unsupported-format", Some("/format"));
    rejected(&good.replacen("\"upper\"", "\"middle\"", 1), "unknown-kind", Some("/kind"));
    rejected(
        &good.replacen("two-layer-paper", "two-layer-magic", 1),
        "unknown-construction",
        Some("/construction"),
    );
}

#[test]
fn rejects_bad_instances() {
    let mut c = fig4();
    c.instance = Inst::line(1, &[(1, "1")]);
    rejected(&c.json(), "invalid-k", Some("/instance/k"));
    let d0 = fig4().json().replacen("\"d\": 1", "\"d\": 0", 1);
    rejected(&d0, "invalid-d", Some("/instance/d"));

    let mut c = fig4();
    c.instance.points.pop();
    rejected(&c.json(), "wrong-length", Some("/instance/points"));
    let mut c = fig4();
    c.instance.points[2].push("0".into());
    rejected(&c.json(), "wrong-length", Some("/instance/points/2"));
    let mut c = fig4();
    c.instance.targets.push("0".into());
    rejected(&c.json(), "wrong-length", Some("/instance/targets"));

    let mut c = fig4();
    c.instance.points[4] = s(&["2"]);
    let msg = rejected(&c.json(), "duplicate-point", Some("/instance/points/4"));
    assert_eq!(msg, "/instance/points/4: sample 5 has the same point as sample 2");

    let mut c = fig4();
    c.instance.t = vec![4, 7, 9, 15];
    rejected(&c.json(), "t-out-of-range", Some("/instance/t/3"));
    c.instance.t = vec![0, 4, 7, 9];
    rejected(&c.json(), "t-out-of-range", Some("/instance/t/0"));
    c.instance.t = vec![4, 7, 7, 14];
    rejected(&c.json(), "t-not-increasing", Some("/instance/t/2"));
    c.instance.t = vec![7, 4, 9, 14];
    rejected(&c.json(), "t-not-increasing", Some("/instance/t/1"));

    let mut c = fig4();
    c.instance.targets[4] = "1/2".into();
    let msg = rejected(&c.json(), "nonzero-target-outside-t", Some("/instance/targets/4"));
    assert_eq!(
        msg,
        "/instance/targets/4: target of sample 5 is 1/2 but sample 5 is not in T (must be \"0\")"
    );
}

#[test]
fn rejects_bad_network_shapes() {
    let mut c = fig4();
    c.layers.push(Layer { weights: vec![s(&["1"])], biases: s(&["0"]) });
    rejected(&c.json(), "wrong-layer-count", Some("/network/layers"));
    let mut c = fig4();
    let row = c.layers[1].weights[0].clone();
    c.layers[1].weights.push(row);
    c.layers[1].biases.push("0".into());
    rejected(&c.json(), "wrong-output-width", Some("/network/layers/1/weights"));
    let mut c = fig4();
    c.layers[1].weights[0].pop();
    rejected(&c.json(), "wrong-length", Some("/network/layers/1/weights/0"));
    let mut c = fig4();
    c.layers[0].weights[3].push("0".into());
    rejected(&c.json(), "wrong-length", Some("/network/layers/0/weights/3"));
    let mut c = fig4();
    c.layers[0].biases.pop();
    rejected(&c.json(), "wrong-length", Some("/network/layers/0/biases"));
    let mut c = fig4();
    c.direction = s(&["1", "0"]);
    rejected(&c.json(), "wrong-length", Some("/claims/line/direction"));
}

#[test]
fn rejects_false_claims() {
    let mut c = fig4();
    c.layers[1].biases = s(&["1"]);
    let msg = rejected(&c.json(), "wrong-output", None);
    assert_eq!(msg, "sample 1: network output is 1, target is 0");
    let mut c = fig4();
    c.layers[1].weights[0][9] = "1/3".into();
    let msg = rejected(&c.json(), "wrong-output", None);
    assert_eq!(msg, "sample 14: network output is 1/3, target is 1/2");

    let mut c = fig4();
    c.neurons = 11;
    rejected(&c.json(), "wrong-neurons", Some("/claims/neurons"));
    let mut c = fig4();
    c.bound = 12;
    let msg = rejected(&c.json(), "wrong-bound", Some("/claims/bound"));
    assert_eq!(msg, "/claims/bound: claimed bound 12, construction two-layer-paper gives 13");

    // Four extra neurons with zero output weight: 14 > 13.
    let mut c = fig4();
    for _ in 0..4 {
        c.layers[0].weights.push(s(&["1"]));
        c.layers[0].biases.push("0".into());
        c.layers[1].weights[0].push("0".into());
    }
    c.neurons = 14;
    rejected(&c.json(), "bound-exceeded", Some("/claims/neurons"));

    let mut c = fig4();
    c.direction = s(&["0"]);
    rejected(&c.json(), "zero-direction", Some("/claims/line/direction"));

    let mut c = fig4();
    c.pieces = 11;
    let msg = rejected(&c.json(), "wrong-pieces", Some("/claims/pieces"));
    assert_eq!(msg, "/claims/pieces: claimed 11 pieces, the network has 10 along the line");
}

#[test]
fn declines_beyond_limits() {
    let good = fig4().json();
    let tight = |f: &dyn Fn(&mut Limits)| {
        let mut l = Limits::default();
        f(&mut l);
        l
    };
    declined(&good, &tight(&|l| l.max_bytes = 100), "limit-bytes");
    declined(&good, &tight(&|l| l.max_depth = 4), "limit-depth");
    declined(&good, &tight(&|l| l.max_k = 13), "limit-k");
    declined(&good, &tight(&|l| l.max_d = 0), "limit-d");
    declined(&good, &tight(&|l| l.max_neurons = 9), "limit-neurons");
    declined(&good, &tight(&|l| l.max_layers = 1), "limit-layers");
    let msg = declined(&good, &tight(&|l| l.max_rational_digits = 1), "limit-digits");
    assert!(msg.starts_with("/instance/points/9/0"), "{msg}");
    // A claimed K of 10^12 is declined before anything is allocated.
    let huge = good.replacen("\"k\": 14", "\"k\": 1000000000000", 1);
    declined(&huge, &Limits::default(), "limit-k");
    let deep = format!("{}{}", "[".repeat(50), "]".repeat(50));
    declined(&deep, &Limits::default(), "limit-depth");
}

#[test]
fn huge_claimed_shapes_are_refused_without_allocating() {
    // K = 100000 rows of `[]` while d claims 1000: refused at the first row.
    let mut c = fig4();
    c.instance = Inst {
        k: 100_000,
        d: 1_000,
        points: vec![vec![]; 100_000],
        targets: vec!["0".into(); 100_000],
        t: vec![],
    };
    rejected(&c.json(), "wrong-length", Some("/instance/points/0"));
    // 50000 empty hidden rows against d = 1: refused at the first row.
    let mut c = fig4();
    c.layers[0].weights = vec![vec![]; 50_000];
    rejected(&c.json(), "wrong-length", Some("/network/layers/0/weights/0"));
}

// ---------------------------------------------------------------------------------------------
// Round-4 cargo-mutants survivors (docs/testing.md, triage).

/// lib.rs 124:9 (`is_accepted` → true): only an accepted verdict is accepted.
#[test]
fn only_acceptance_is_accepted() {
    let good = fig4().json();
    assert!(check(&good).is_accepted());
    let bad = good.replacen("\"pieces\": 10", "\"pieces\": 9", 1);
    assert_ne!(bad, good);
    assert!(!check(&bad).is_accepted());
    let tight = Limits { max_bytes: 100, ..Limits::default() };
    assert!(!ftcert_check::check_str(&good, &tight).is_accepted());
}

/// lib.rs 143:20 (`>` → `>=`): an input of exactly `max_bytes` bytes is checked, one byte more
/// is declined.
#[test]
fn max_bytes_is_inclusive() {
    let good = fig4().json();
    let at = Limits { max_bytes: good.len(), ..Limits::default() };
    assert!(ftcert_check::check_str(&good, &at).is_accepted());
    let below = Limits { max_bytes: good.len() - 1, ..Limits::default() };
    declined(&good, &below, "limit-bytes");
}

/// budget.rs 46:5 (`spend` → Ok(())): the big-integer evaluation of the network is charged and
/// declined at `/network` (integers of 61 digits: parsing them costs no gcd, so the decline comes
/// from the network's meter, not from the lowest-terms check).
#[test]
fn big_integer_network_work_is_metered() {
    let c = fig4_scaled_by_1e60();
    let json = c.json();
    assert!(check(&json).is_accepted());
    let limits = Limits { max_digit_work: 10, ..Limits::default() };
    match ftcert_check::check_str(&json, &limits) {
        Verdict::Declined(d) => {
            assert_eq!((d.kind(), d.path()), ("limit-digit-work", Some("/network")), "{d}")
        }
        other => panic!("{other:?}"),
    }
}

/// upper.rs 105:79 (`w > bound` → `>=`): a deep network whose widest hidden layer equals the
/// bound is accepted. `good/upper-deep-4-k4.json` (bound 4, widths 2, 2, 1) with two zero
/// neurons added to hidden layer 0 (constant 0 everywhere: same function, same pieces).
#[test]
fn deep_width_equal_to_the_bound_is_accepted() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data/good/upper-deep-4-k4.json");
    let good = std::fs::read_to_string(path).expect("upper-deep-4-k4.json");
    let v: serde_json::Value = serde_json::from_str(&good).expect("json");
    let mut v = v;
    let layers = v["network"]["layers"].as_array_mut().expect("layers");
    for _ in 0..2 {
        layers[0]["weights"].as_array_mut().expect("w0").push(serde_json::json!(["0"]));
        layers[0]["biases"].as_array_mut().expect("b0").push(serde_json::json!("0"));
        for row in layers[1]["weights"].as_array_mut().expect("w1") {
            row.as_array_mut().expect("row").push(serde_json::json!("0"));
        }
    }
    v["claims"]["neurons"] = serde_json::json!(7);
    let at_bound = v.to_string();
    let summary = accepted(&at_bound);
    assert_eq!((summary.widths.clone(), summary.bound), (vec![4, 2, 1], Some(4)));
    // One more zero neuron: width 5 > 4.
    let layers = v["network"]["layers"].as_array_mut().expect("layers");
    layers[0]["weights"].as_array_mut().expect("w0").push(serde_json::json!(["0"]));
    layers[0]["biases"].as_array_mut().expect("b0").push(serde_json::json!("0"));
    for row in layers[1]["weights"].as_array_mut().expect("w1") {
        row.as_array_mut().expect("row").push(serde_json::json!("0"));
    }
    v["claims"]["neurons"] = serde_json::json!(8);
    rejected(&v.to_string(), "width-bound-exceeded", Some("/network/layers/0/weights"));
}
