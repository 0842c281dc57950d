//! The breakpoint counts behind the lower certificates (docs/lower-bounds.md): explicit 1-D
//! networks that attain the 3-layer count, random exact networks that never exceed the bounds,
//! and `ftcert lower` claiming exactly the certified value at depths 3, 4 and 5.

use ftcert::certificate;
use ftcert::lower::counts::{b3, kappa, least_neurons, least_width, piece_bound};
use ftcert::lower::{paper_lower, windows_certificate};
use ftcert::network::{Layer, Line, Network};
use ftcert::rational::{frac, int, Q};
use ftcert_check::registry::DepthRule;
use ftcert_check::{check_str, Limits, Verdict};
use serde_json::Value;

use crate::util::{ftcert, root, stdout};

fn line_1d() -> Line {
    Line { origin: vec![int(0)], direction: vec![int(1)] }
}

/// Layer 1 of width d1 on the real line, the kinks facing as in docs/lower-bounds.md, and the
/// coefficients C and bias B of one layer-2 input u = Σ C_j h_j + B.
/// d1 ≥ 3: kinks p_j = 2(j − 1), neuron 3 faces left, the others right; slopes of u alternate
/// s = (−2, 1, −1, 1, −1, …), u(p_j) = (−1)^j, so u crosses zero once in each of its d1 + 1
/// pieces. d1 = 2: kinks 0 (right) and 1 (left), u = −h_1 − h_2 + 2 (two crossings, positive on
/// [0, 1]). d1 = 1: kink 0 facing right, u = −h_1 + 1.
fn layer_one(d1: usize) -> (Layer, Vec<Q>, Q) {
    let mut layer = Layer::default();
    let mut coeffs = Vec::new();
    if d1 >= 3 {
        let slope = |i: usize| match i {
            0 => int(-2),
            _ if i % 2 == 1 => int(1),
            _ => int(-1),
        };
        for j in 1..=d1 {
            let p = int(2 * (j as i64 - 1));
            if j == 3 {
                layer.weights.push(vec![int(-1)]);
                layer.biases.push(p);
            } else {
                layer.weights.push(vec![int(1)]);
                layer.biases.push(-p);
            }
            coeffs.push(slope(j) - slope(j - 1));
        }
        // u(p_1 = 0) = C_3 · h_3(0) + B = C_3 · 4 + B = −1.
        let b = int(-1) - &coeffs[2] * int(4);
        (layer, coeffs, b)
    } else if d1 == 2 {
        layer.weights = vec![vec![int(1)], vec![int(-1)]];
        layer.biases = vec![int(0), int(1)];
        (layer, vec![int(-1), int(-1)], int(2))
    } else {
        layer.weights = vec![vec![int(1)]];
        layer.biases = vec![int(0)];
        (layer, vec![int(-1)], int(1))
    }
}

/// A 1-D 3-layer network with hidden widths (d1, d2) whose breakpoints are β(d1, d2): layer-2
/// neuron k has input ±u + β_k (d1 ≥ 3: sign − for even k, + for odd k, so that every layer-1
/// kink has a neuron that is positive there once d2 ≥ 2; d1 ≤ 2: u + k/2); output the sum.
fn extremal(d1: usize, d2: usize) -> Network {
    let (first, coeffs, bias) = layer_one(d1);
    let mut second = Layer::default();
    for k in 0..d2 {
        let (sign, shift) = if d1 >= 3 {
            (if k % 2 == 0 { int(-1) } else { int(1) }, frac(k as i64, 4 * d2 as i64))
        } else {
            (int(1), frac(k as i64, 2))
        };
        second.weights.push(coeffs.iter().map(|c| &sign * c).collect());
        second.biases.push(&sign * &bias + shift);
    }
    let output = Layer { weights: vec![vec![int(1); d2]], biases: vec![int(0)] };
    Network { layers: vec![first, second, output] }
}

#[test]
fn explicit_networks_attain_the_three_layer_count() {
    for d1 in 1..=6usize {
        for d2 in 1..=4usize {
            let breakpoints = extremal(d1, d2).pieces_along(&line_1d()) - 1;
            // d1 + d2·c(d1), c(d1) = d1 + 1 for d1 ≥ 3 and d1 for d1 ≤ 2; a single layer-2 neuron
            // (d2 = 1) with d1 ≥ 3 keeps only the kinks where its input is positive: ⌊3(d1+1)/2⌋.
            let expected = match (d1, d2) {
                (1..=2, _) => d1 + d2 * d1,
                (_, 1) => 3 * (d1 + 1) / 2,
                _ => d1 + d2 * (d1 + 1),
            };
            assert_eq!(breakpoints, expected, "d1 = {d1}, d2 = {d2}");
            // The checker's piece bound and the builder's are attained exactly.
            assert_eq!(
                DepthRule::ThreeLayer.piece_bound(&[d1, d2]),
                Some(expected + 1),
                "d1 = {d1}, d2 = {d2}"
            );
            assert_eq!(piece_bound(&[d1, d2]), expected + 1);
        }
    }
    // So b3(m) is attained: m = 4 by (2, 2) with 6, m ≥ 5 by (⌈m/2⌉, ⌊m/2⌋).
    assert_eq!(extremal(2, 2).pieces_along(&line_1d()) - 1, b3(4));
    for m in 5..=10usize {
        assert_eq!(extremal(m.div_ceil(2), m / 2).pieces_along(&line_1d()) - 1, b3(m), "m = {m}");
    }
}

/// The example: kinks at 0, 1, 2 facing right, right, left, C = (2, −3/2, 1), u(0) = −3/4:
/// u crosses zero four times.
#[test]
fn four_crossings_from_three_kinks() {
    let first = Layer {
        weights: vec![vec![int(1)], vec![int(1)], vec![int(-1)]],
        biases: vec![int(0), int(-1), int(2)],
    };
    // u(0) = 1·h_3(0) + B = 2 + B = −3/4.
    let second = Layer { weights: vec![vec![int(2), frac(-3, 2), int(1)]], biases: vec![frac(-11, 4)] };
    // Output u itself through one ReLU: relu(u) has the 4 crossings plus the kink at 1 (u > 0).
    let output = Layer { weights: vec![vec![int(1)]], biases: vec![int(0)] };
    let net = Network { layers: vec![first, second.clone(), output] };
    assert_eq!(net.pieces_along(&line_1d()) - 1, 5);
    // u alone (a 2-layer network with these kinks): zeros at −3/4, 3/4, 3/2 and 5/2.
    let u = Network { layers: vec![net.layers[0].clone(), second] };
    let zeros = [frac(-3, 4), frac(3, 4), frac(3, 2), frac(5, 2)];
    for z in &zeros {
        assert_eq!(u.eval(std::slice::from_ref(z)), int(0), "u({z}) = 0");
    }
}

/// A tiny deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// A small rational: integer in −4..=4 over 1, 2 or 3.
    fn q(&mut self) -> Q {
        frac(self.below(9) as i64 - 4, self.below(3) as i64 + 1)
    }
}

fn random_network(rng: &mut Rng, d: usize, widths: &[usize]) -> Network {
    let mut layers = Vec::new();
    let mut input = d;
    for &w in widths.iter().chain(std::iter::once(&1)) {
        let weights = (0..w).map(|_| (0..input).map(|_| rng.q()).collect()).collect();
        let biases = (0..w).map(|_| rng.q() * int(3)).collect();
        layers.push(Layer { weights, biases });
        input = w;
    }
    Network { layers }
}

#[test]
fn random_exact_networks_never_exceed_the_bounds() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut reached = 0;
    for trial in 0..1500 {
        let depth = if trial % 2 == 0 { 3 } else { 4 };
        let widths: Vec<usize> = (0..depth - 1).map(|_| rng.below(4) as usize + 1).collect();
        let d = 1 + (trial % 3);
        let net = random_network(&mut rng, d, &widths);
        let line =
            Line { origin: (0..d).map(|_| rng.q()).collect(), direction: (0..d).map(|_| rng.q()).collect() };
        if line.direction.iter().all(|c| *c == 0) {
            continue;
        }
        let pieces = net.pieces_along(&line);
        let bound = DepthRule::for_layers(depth).piece_bound(&widths).expect("widths fit");
        assert_eq!(bound, piece_bound(&widths));
        assert!(pieces <= bound, "widths {widths:?}: {pieces} pieces > bound {bound}\n{net:?}\n{line:?}");
        reached += usize::from(pieces == bound);
    }
    // The random networks do come close: some meet the bound exactly.
    assert!(reached > 0);
}

/// Every composition of `s` into `h` parts ≥ 1.
fn compositions(s: usize, h: usize) -> Vec<Vec<usize>> {
    if h == 0 {
        return if s == 0 { vec![vec![]] } else { vec![] };
    }
    (1..=s.saturating_sub(h - 1))
        .flat_map(|d| {
            compositions(s - d, h - 1).into_iter().map(move |mut rest| {
                rest.insert(0, d);
                rest
            })
        })
        .collect()
}

/// The certified least neuron count and max width at depth L for κ breakpoints, by brute force
/// over the widths (3 layers: the closed form of b3 written out again).
fn expected(layers: usize, kappa: usize) -> (usize, usize) {
    if kappa == 0 {
        return (0, 0);
    }
    let h = layers - 1;
    let neurons = if layers == 3 {
        let b3 = |m: usize| match m {
            0 | 1 => 0,
            2 => 2,
            3 => 4,
            4 => 6,
            _ => m * (m + 4) / 4,
        };
        (0..).find(|&m| b3(m) >= kappa).unwrap()
    } else {
        (h..).find(|&s| compositions(s, h).iter().any(|w| piece_bound(w) > kappa)).unwrap()
    };
    let width = (1..).find(|&w| piece_bound(&vec![w; h]) > kappa).unwrap();
    (neurons, width)
}

fn verdict_kind(text: &str) -> &'static str {
    match check_str(text, &Limits::default()) {
        Verdict::Accepted(_) => "accepted",
        Verdict::Rejected(r) => r.kind(),
        Verdict::Declined(d) => d.kind(),
    }
}

#[test]
fn lower_claims_exactly_the_certified_count_and_not_one_more() {
    for layers in [3usize, 4, 5] {
        for k in 3..=60usize {
            for n in 0..=k {
                let (neurons, width) = expected(layers, kappa(k, n));
                let cert = windows_certificate(k, n, 1, layers);
                assert_eq!(cert.neurons, neurons, "L={layers} K={k} N={n}");
                assert_eq!(cert.width, (layers >= 4).then_some(width), "L={layers} K={k} N={n}");
                assert_eq!(least_neurons(layers, kappa(k, n)), neurons);
                if layers >= 4 {
                    assert_eq!(least_width(layers, kappa(k, n)), width);
                }
                let text = certificate::lower(&cert, false);
                assert_eq!(verdict_kind(&text), "accepted", "L={layers} K={k} N={n}");
                let mut v: Value = serde_json::from_str(&text).unwrap();
                v["claims"]["neurons"] = (neurons + 1).into();
                assert_eq!(verdict_kind(&v.to_string()), "wrong-neurons", "L={layers} K={k} N={n}");
                if layers >= 4 {
                    let mut v: Value = serde_json::from_str(&text).unwrap();
                    v["claims"]["width"] = (width + 1).into();
                    assert_eq!(verdict_kind(&v.to_string()), "wrong-width", "L={layers} K={k} N={n}");
                }
            }
        }
    }
}

#[test]
fn ftcert_lower_on_the_command_line() {
    // K = 14, N = 4 (κ = 12): the paper gives m ≥ 5; b3(5) = 11 < 12 ≤ b3(6) = 15, so m ≥ 6.
    // N = 1, large K (κ = 3): 3 neurons (paper 2), reached by a triangle bump.
    let cases = [(3, 14, 4, 6, None), (3, 1000, 1, 3, None), (4, 14, 4, 5, Some(2)), (5, 14, 4, 5, Some(2))];
    let computed = [(3, 60, 17), (4, 60, 20), (5, 60, 20)].map(|(layers, k, n)| {
        let (neurons, width) = expected(layers, kappa(k, n));
        (layers, k, n, neurons, (layers >= 4).then_some(width))
    });
    // κ = 51 at (60, 17): b3(12) = 48 < 51 ≤ b3(13) = 55.
    assert_eq!(computed[0].3, 13);
    let cases = cases.into_iter().chain(computed);
    for (layers, k, n, neurons, width) in cases {
        let (layers, k, n) = (layers.to_string(), k.to_string(), n.to_string());
        let args = ["lower", "--layers", &layers, "--k", &k, "--n", &n];
        let out = ftcert(&args, root());
        assert!(out.status.success(), "{args:?}");
        let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(v["claims"]["neurons"], neurons, "{args:?}");
        assert_eq!(
            v["claims"].get("width").and_then(Value::as_u64),
            width.map(|w: usize| w as u64),
            "{args:?}"
        );
        assert_eq!(verdict_kind(&stdout(&out)), "accepted");
    }
    assert_eq!(paper_lower(3, 14, 4), Some(5));
    assert_eq!(paper_lower(3, 1000, 1), Some(2));
}

#[test]
fn a_triangle_bump_needs_and_reaches_three_neurons() {
    // Two layer-1 neurons facing each other and one layer-2 neuron: relu(1 − relu(−x) − relu(x))
    // is the bump max(0, 1 − |x|), with 3 breakpoints; fewer than 3 neurons cannot have 3.
    let net = Network {
        layers: vec![
            Layer { weights: vec![vec![int(-1)], vec![int(1)]], biases: vec![int(0), int(0)] },
            Layer { weights: vec![vec![int(-1), int(-1)]], biases: vec![int(1)] },
            Layer { weights: vec![vec![int(1)]], biases: vec![int(0)] },
        ],
    };
    assert_eq!(net.pieces_along(&line_1d()) - 1, 3);
    assert_eq!((b3(2), b3(3)), (2, 4));
    assert_eq!(least_neurons(3, 3), 3);
}

#[test]
fn certified_lower_at_every_depth() {
    use ftcert::sweep::capacity::certified_lower;
    // The least total hidden-neuron count, checked by the checker in the call.
    assert_eq!(certified_lower(2, 14, 4), (Some(12), "windows"));
    assert_eq!(certified_lower(3, 14, 4), (Some(6), "windows"));
    assert_eq!(certified_lower(4, 14, 4), (Some(5), "windows"));
    assert_eq!(certified_lower(5, 14, 4), (Some(5), "windows"));
    assert_eq!(certified_lower(3, 9, 3), (Some(5), "windows"));
    // K = 4, N = 2: the case-split certificate gives K − 1 = 3 for 2 layers.
    assert_eq!(certified_lower(2, 4, 2), (Some(3), "case-split"));
    for (layers, k, n) in [(2, 30, 5), (3, 30, 5), (4, 30, 5), (6, 30, 5)] {
        let paper = paper_lower(layers, k, n);
        let certified = certified_lower(layers, k, n).0.expect("accepted");
        assert!(paper.is_none_or(|p| p <= certified), "L={layers}");
    }
}
