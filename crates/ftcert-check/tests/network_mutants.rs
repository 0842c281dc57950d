//! Kills for the cargo-mutants survivors of `network.rs` (docs/testing.md, "Round 5"): budgets
//! at exactly their limit, the digit-work meter's exact total on a small big-integer network, and
//! the i64 / i128 fast paths on inputs that reach their overflow guards. Everything goes through
//! the public API on crafted certificate bytes, so the tests survive rewrites of the internals.

use crate::common::*;
use ftcert_check::{check_str, Decline, Limits, Verdict, EVAL_WORK_LIMIT};
use num_bigint::BigInt;

fn search2(instance: Inst, layers: Vec<Layer>, pieces: u64) -> Upper {
    let neurons = layers[..layers.len() - 1].iter().map(|l| l.weights.len() as u64).sum();
    let d = instance.d as usize;
    let mut direction = vec!["0".to_string(); d];
    direction[0] = "1".into();
    Upper {
        construction: "search-2".into(),
        instance,
        layers,
        neurons,
        bound: neurons,
        origin: vec!["0".into(); d],
        direction,
        pieces,
    }
}

#[track_caller]
fn accepted_with(json: &str, limits: &Limits) -> ftcert_check::Summary {
    match check_str(json, limits) {
        Verdict::Accepted(s) => s,
        other => panic!("expected acceptance, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// Limits at exactly their value (network.rs:50 and :77, `>` → `>=`).

#[test]
fn layer_and_neuron_limits_accept_at_exactly_the_limit() {
    let good = fig4().json();
    let mut l = Limits { max_layers: 2, max_neurons: 10, ..Limits::default() };
    let s = accepted_with(&good, &l);
    assert_eq!((s.layers, s.neurons), (2, 10));
    l.max_layers = 1;
    match check_str(&good, &l) {
        Verdict::Declined(Decline::TooManyLayers { path, layers: 2, limit: 1 }) => {
            assert_eq!(path, "/network/layers")
        }
        other => panic!("expected limit-layers 2 > 1, got {other:?}"),
    }
    l.max_layers = 2;
    l.max_neurons = 9;
    match check_str(&good, &l) {
        Verdict::Declined(Decline::TooManyNeurons { path, neurons: 10, limit: 9 }) => {
            assert_eq!(path, "/network/layers")
        }
        other => panic!("expected limit-neurons 10 > 9, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The digit-work meter, total recomputed here from the documented cost model (docs/resources.md,
// budget.rs): digits(x) = ⌊bits(x)·302/1000⌋ + 1, a product costs digits·digits, a gcd or lcm step
// max(digits)². Kills network.rs:261 (guard → true), 263 (+ → *), 274 (+ → −, *), 279 (delete !),
// 476 (+ → −, *): each changes the total by at least 1.

/// x = 1/2 and 2; hidden relu(x) (row scale 1) and relu(x − 1/3) (row scale 3); output
/// 2V·h1 + 6V·h2 with V = 10^30 (not i64, so the big-integer path runs everywhere).
fn big_network() -> (Upper, u128) {
    let v: BigInt = BigInt::from(10u32).pow(30);
    let i = |n: i64| BigInt::from(n);
    let layers = vec![
        Layer { weights: vec![s(&["1"]), s(&["1"])], biases: s(&["0", "-1/3"]) },
        Layer {
            weights: vec![vec![(&v * BigInt::from(2)).to_string(), (&v * BigInt::from(6)).to_string()]],
            biases: s(&["0"]),
        },
    ];
    // g(1/2) = V + V = 2V; g(2) = 4V + 6V·5/3 = 14V. Kinks at 0 and 1/3: three pieces.
    let inst = Inst {
        k: 2,
        d: 1,
        points: vec![s(&["1/2"]), s(&["2"])],
        targets: vec![(&v * BigInt::from(2)).to_string(), (&v * BigInt::from(14)).to_string()],
        t: vec![1, 2],
    };
    let cert = search2(inst, layers, 3);
    // Integer network (IntNet::from_layers_big).
    let layer0 = {
        // Row 0: entries 1, 0, all integers: no lcm step, lcm 1, nothing charged.
        // Row 1: entries 1, −1/3: one lcm step (1, 3), then 2·(lcm · den) for both entries.
        gcd(&i(1), &i(3)) + mul(&i(1), &i(3)) + 2 * mul(&i(3), &i(1)) + 2 * mul(&i(3), &i(3))
    };
    // Output row, previous scales (1, 3): entry 0 (scale 1) is left alone; entry 1 is folded:
    // denominator·scale and 2·gcd(numerator, scale). 6V/3 = 2V is an integer, so the row's lcm is
    // 1 and nothing more is charged. Integer rows: (1 | 0), (3 | −1), (2V, 2V | 0), out scale 1.
    let layer1 = mul(&i(1), &i(3)) + 2 * gcd(&(&v * BigInt::from(6)), &i(3));
    // eval_big at x = 1/2: lcm step (1, 2), dd = 2, a = (1); hidden rows cost c·dd + w·a each
    // and give (1, 1); the output row costs 0·dd + 2V·1 + 2V·1.
    let x1 = gcd(&i(1), &i(2))
        + mul(&i(1), &i(2))
        + (mul(&i(0), &i(2)) + mul(&i(1), &i(1)))
        + (mul(&i(-1), &i(2)) + mul(&i(3), &i(1)))
        + (mul(&i(0), &i(2)) + 2 * mul(&(&v * BigInt::from(2)), &i(1)));
    // At x = 2: dd = 1, a = (2); hidden (2, 5); output 0·1 + 2V·2 + 2V·5.
    let x2 = (mul(&i(0), &i(1)) + mul(&i(1), &i(2)))
        + (mul(&i(-1), &i(1)) + mul(&i(3), &i(2)))
        + (mul(&i(0), &i(1)) + mul(&(&v * BigInt::from(2)), &i(2)) + mul(&(&v * BigInt::from(2)), &i(5)));
    (cert, layer0 + layer1 + x1 + x2)
}

#[test]
fn digit_work_is_exactly_the_documented_total() {
    let (cert, total) = big_network();
    // The hand sum: 6 + 2049 + 69 + 67 (digits(2V) = 31, digits(6V) = 32).
    assert_eq!(total, 2191);
    let json = cert.json();
    let at = |w: u128| Limits { max_digit_work: w as usize, ..Limits::default() };
    let s = accepted_with(&json, &at(total));
    assert_eq!((s.neurons, s.pieces), (2, Some(3)));
    let msg = declined(&json, &at(total - 1), "limit-digit-work");
    assert!(msg.starts_with("/network"), "{msg}");
    // The network really computes g: a wrong target is refused with the exact output.
    let mut bad = cert.clone();
    bad.instance.targets[1] = format!("14{}1", "0".repeat(29));
    let msg = rejected(&bad.json(), "wrong-output", None);
    assert!(msg.starts_with(&format!("sample 2: network output is 14{}", "0".repeat(30))), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// The evaluation work K × parameters at exactly EVAL_WORK_LIMIT (network.rs:513, 517).

/// K = `k` points 1..k on the line, a zero network with 87,381 hidden neurons (2^18 parameters:
/// 87,381 weights, 87,381 biases, 87,381 output weights and one output bias), target 1 at sample 1.
fn eval_work_cert(k: u64) -> String {
    let h = 87_381usize;
    let mut inst = Inst::line(k, &[(1, "1")]);
    inst.targets[0] = "1".into();
    let layers = vec![
        Layer { weights: vec![s(&["0"]); h], biases: vec!["0".into(); h] },
        Layer { weights: vec![vec!["0".into(); h]], biases: s(&["0"]) },
    ];
    search2(inst, layers, 1).json()
}

#[test]
fn eval_work_declines_just_past_its_limit() {
    assert_eq!(EVAL_WORK_LIMIT, 1 << 36);
    let limits = Limits { max_k: (1 << 18) + 1, ..Limits::default() };
    // K · params = 2^18 · 2^18 = the limit: evaluated, and sample 1 (output 0, target 1) refused.
    let at = eval_work_cert(1 << 18);
    match check_str(&at, &limits) {
        Verdict::Rejected(r) => {
            assert_eq!(r.kind(), "wrong-output", "{r}");
            assert!(r.to_string().starts_with("sample 1: network output is 0"), "{r}");
        }
        other => panic!("expected wrong-output, got {other:?}"),
    }
    // One more sample: 2^36 + 2^18 > the limit, declined before any evaluation.
    let msg = declined(&eval_work_cert((1 << 18) + 1), &limits, "limit-work");
    assert!(msg.contains(&EVAL_WORK_LIMIT.to_string()), "{msg}");
    assert!(msg.contains(&((1u64 << 36) + (1 << 18)).to_string()), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// The i64 fast path of the i128 evaluation at its bound (network.rs:427 `+ 1` → `* 1`, 431
// `< 2^63` → `== 2^63` / `<= 2^63`).

#[test]
fn i64_fast_path_guard_at_exactly_two_to_the_63() {
    // x1 = 2^-31 (dd = 2^31, dd·x = 1), x2 = 1. Hidden neuron relu(0·x + 1) = 1 (scaled: dd);
    // output 2^31·h + 2^31 = 2^32 everywhere. At x1 the output sum is 2^31·2^31 + 2^31·2^31 =
    // 2^63 with max|w| = 2^31, max(|a|, dd) = 2^31 and 1 column: the bound 2·2^31·2^31 = 2^63 is
    // not below 2^63, so the sum must be taken in checked i128 (in i64 it wraps to −2^63).
    let p31 = (1u64 << 31).to_string();
    let p32 = (1u64 << 32).to_string();
    let inst = Inst {
        k: 2,
        d: 1,
        points: vec![vec![format!("1/{p31}")], s(&["1"])],
        targets: vec![p32.clone(), p32.clone()],
        t: vec![1, 2],
    };
    let layers = vec![
        Layer { weights: vec![s(&["0"])], biases: s(&["1"]) },
        Layer { weights: vec![vec![p31.clone()]], biases: vec![p31.clone()] },
    ];
    let cert = search2(inst, layers, 1);
    let sum = accepted_with(&cert.json(), &Limits::default());
    assert_eq!((sum.neurons, sum.pieces), (1, Some(1)));
    // And one less is refused at sample 1 with the exact output 2^32.
    let mut bad = cert.clone();
    bad.instance.targets[0] = ((1u64 << 32) - 1).to_string();
    let msg = rejected(&bad.json(), "wrong-output", None);
    assert!(msg.starts_with(&format!("sample 1: network output is {p32}")), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// The 2-layer i128 kink sum's size guard (network.rs:859 `alpha > 0` → `<`, 860 `||` → `&&`):
// kink locations with a denominator |α| ≥ 2^62 must leave the fast path, since the sort's cross
// products |num|·|den| would overflow i128.

#[test]
fn two_layer_kink_sum_declines_large_slopes() {
    // d = 2, pairs A_s = (24s, 0), B_s = (24s + s, −1) for s = 0..7 collide under a(s) = (1, s),
    // so the projection line is a(8) = (1, 8).
    let mut points = Vec::new();
    for s in 0..8i64 {
        points.push(vec![(24 * s).to_string(), "0".into()]);
        points.push(vec![(25 * s).to_string(), "-1".into()]);
    }
    let inst = Inst { k: 16, d: 2, points, targets: vec!["0".into(); 16], t: vec![] };
    // α = 9·i64::MAX ≈ 2^66.2 along the line, −β = 2^62 − 1 and 2^62 − 2: |num|·|den| ≈ 2^128.
    let m = i64::MAX.to_string();
    let layers = vec![
        Layer {
            weights: vec![vec![m.clone(), m.clone()], vec![m.clone(), m.clone()]],
            biases: vec![(-((1i64 << 62) - 1)).to_string(), (-((1i64 << 62) - 2)).to_string()],
        },
        Layer { weights: vec![s(&["0", "0"])], biases: s(&["0"]) },
    ];
    let mut cert = search2(inst, layers, 1);
    cert.direction = s(&["1", "8"]);
    let sum = accepted_with(&cert.json(), &Limits::default());
    assert_eq!((sum.neurons, sum.pieces, sum.d), (2, Some(1), 2));
    // With output weights (1, −1) the two kinks are distinct breakpoints: 3 pieces.
    cert.layers[1].weights = vec![s(&["1", "-1"])];
    cert.pieces = 3;
    let mut targets = Vec::new();
    // g = relu(m(x1 + x2) − 2^62 + 1) − relu(m(x1 + x2) − 2^62 + 2): 1 where both are active.
    for p in &cert.instance.points {
        let x: i128 = p[0].parse::<i128>().unwrap() + p[1].parse::<i128>().unwrap();
        let m = i128::from(i64::MAX);
        let r = |b: i128| (m * x + b).max(0);
        targets.push((r(-(1i128 << 62) + 1) - r(-(1i128 << 62) + 2)).to_string());
    }
    cert.instance.targets = targets.clone();
    cert.instance.t = (1..=16).filter(|&i| targets[i as usize - 1] != "0").collect();
    let sum = accepted_with(&cert.json(), &Limits::default());
    assert_eq!(sum.pieces, Some(3));
}

// ---------------------------------------------------------------------------------------------
// Three layers whose i128 cut walk (two_hidden.rs) gives up are counted by the big-integer walk,
// which is charged to the digit-work meter (network.rs:762 `== 3` → `!= 3` skipped it for the
// uncharged general propagation).

#[test]
fn three_layer_big_walk_is_metered() {
    // g = relu(relu(2^62·(x − 1))): the layer-1 kink 2^62/2^62 is beyond two_hidden's 2^62 bound
    // for a point's parts, but every entry fits i64, so only the piece count leaves the i64 paths.
    let p62 = (1i64 << 62).to_string();
    let inst = Inst {
        k: 2,
        d: 1,
        points: vec![s(&["1"]), s(&["2"])],
        targets: vec!["0".into(), p62.clone()],
        t: vec![2],
    };
    let layers = vec![
        Layer { weights: vec![vec![p62.clone()]], biases: vec![format!("-{p62}")] },
        Layer { weights: vec![s(&["1"])], biases: s(&["0"]) },
        Layer { weights: vec![s(&["1"])], biases: s(&["0"]) },
    ];
    let mut cert = search2(inst, layers, 2);
    cert.construction = "search-3".into();
    let json = cert.json();
    let s = accepted_with(&json, &Limits::default());
    assert_eq!((s.layers, s.neurons, s.pieces), (3, 2, Some(2)));
    // Nothing else in this certificate is charged: with no digit work allowed, the walk declines.
    let msg = declined(&json, &Limits { max_digit_work: 0, ..Limits::default() }, "limit-digit-work");
    assert!(msg.starts_with("/network"), "{msg}");
}

// ---------------------------------------------------------------------------------------------
// The piece count's step limit (network.rs `spend`: `> limit` → `>=`, `==`, and `Ok(())`).

/// g(s) = relu(Σ_{j=1..n} relu(s − j)) on the points 1, …, n + 1 (T = {2, …, n + 1}, z_i = g(i)):
/// a `search-3` certificate (d1 = n, d2 = 1) whose pieces the general propagation counts once the
/// limit is below the walks' bound 3·d1·d2 + d2 = 3n + 1. Its steps, layer by layer: layer 1 → 2,
/// the n crossings times d2 = 1 row (n steps); layer 2 → output, one step per layer-2 change at
/// s = 1, …, n, then its n changes times the 1 output row (2n steps). So it is answered at a limit
/// of exactly 2n and declined `limit-pieces` at 2n − 1. Kills `spend`'s mutants (the limit's
/// comparison), and, at n = 3 and a limit of 5, the walks' bound mutants (`two_hidden::pieces`'s
/// guard, `Walk::within_work -> true`, `Walk::d1 -> 0 | 1`): a walk that answers past its bound
/// accepts what the general propagation declines.
#[test]
fn piece_limit_declines_at_exactly_its_value() {
    for n in [2usize, 3] {
        let g = |i: usize| (1..i).map(|j| i - j).sum::<usize>().to_string();
        let t: Vec<(u64, String)> = (2..=n + 1).map(|i| (i as u64, g(i))).collect();
        let t_ref: Vec<(u64, &str)> = t.iter().map(|(i, z)| (*i, z.as_str())).collect();
        let instance = Inst::line(n as u64 + 1, &t_ref);
        let cert = Upper {
            construction: "search-3".into(),
            instance,
            layers: vec![
                Layer {
                    weights: (0..n).map(|_| s(&["1"])).collect(),
                    biases: (1..=n).map(|j| format!("-{j}")).collect(),
                },
                Layer { weights: vec![vec!["1".to_string(); n]], biases: s(&["0"]) },
                Layer { weights: vec![s(&["1"])], biases: s(&["0"]) },
            ],
            neurons: n as u64 + 1,
            bound: n as u64 + 1,
            origin: s(&["0"]),
            direction: s(&["1"]),
            pieces: n as u64 + 1,
        };
        let json = cert.json();
        let at = |w: usize| Limits { max_piece_work: w, ..Limits::default() };
        // The default (a walk), the walks' bound, and every limit from 2n on: accepted.
        for w in [ftcert_check::PIECE_WORK_LIMIT, 3 * n + 1, 3 * n, 2 * n + 1, 2 * n] {
            let summary = accepted_with(&json, &at(w));
            assert_eq!(summary.neurons, n + 1, "n = {n}, max_piece_work = {w}");
        }
        for w in [2 * n - 1, 2 * n - 2, 0] {
            match check_str(&json, &at(w)) {
                Verdict::Declined(Decline::TooManyPieces { path, limit }) => {
                    assert_eq!((path.as_str(), limit), ("/claims/line", w), "n = {n}, max_piece_work = {w}")
                }
                other => panic!("expected limit-pieces at n = {n}, {w}, got {other:?}"),
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The small paths charge nothing to the digit-work meter (round 6: network.rs `check_outputs`'s
// batch arm deleted → every sample through the metered BigInt evaluation).

#[test]
fn small_certificates_spend_no_digit_work() {
    // Every good 2-layer certificate with small numbers is accepted with a digit-work budget of
    // 0: rationals, integer rows, the evaluation at all samples and the kink sum all stay in
    // machine integers. The BigInt evaluation would charge at least one product per sample.
    let limits = Limits { max_digit_work: 0, ..Limits::default() };
    for name in [
        "upper-two-layer-paper-k3.json",
        "upper-two-layer-paper-k4-all.json",
        "upper-two-layer-tight-k5-d2.json",
    ] {
        let path = format!("{}/../../tests/data/good/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("good file");
        let summary = accepted_with(&text, &limits);
        assert_eq!(summary.layers, 2, "{name}");
    }
}
