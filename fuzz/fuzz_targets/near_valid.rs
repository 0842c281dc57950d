//! Structured near-valid certificates: a valid certificate from `tests/data/good/` with a few
//! byte/token mutations. The checker must never panic, and whenever it accepts a mutant, a second
//! evaluation path (the builder crate's malachite arithmetic, sharing no code with the checker)
//! must confirm the claims it verified: g(x_i) = z_i for every sample, zero targets outside T, the
//! neuron count and the construction's bound, and the piece count along the line (upper); the
//! window slopes, same-sign disjointness and the breakpoint/neuron claims (lower, rule windows).
#![no_main]

use ftcert::construct::ConstructionId;
use ftcert::network::{Layer, Line, Network};
use ftcert::rational::{parse_canonical, Q};
use ftcert_check::{check_bytes, Limits, Verdict};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const GOOD: &[&[u8]] = &[
    include_bytes!("../../tests/data/good/upper-two-layer-paper-k3.json"),
    include_bytes!("../../tests/data/good/upper-two-layer-paper-k4-all.json"),
    include_bytes!("../../tests/data/good/upper-two-layer-tight-k5-d2.json"),
    include_bytes!("../../tests/data/good/upper-two-layer-optimal-k4.json"),
    include_bytes!("../../tests/data/good/upper-three-layer-u1-k4.json"),
    include_bytes!("../../tests/data/good/upper-deep-4-k4.json"),
    include_bytes!("../../tests/data/good/lower-windows-k5.json"),
    include_bytes!("../../tests/data/good/lower-windows-k5-d2.json"),
    include_bytes!("../../tests/data/good/lower-windows-3-layers-k6.json"),
    include_bytes!("../../tests/data/good/lower-case-split-k3.json"),
    include_bytes!("../../tests/data/good/float-trap-exact-zero.json"),
    include_bytes!("../../tests/data/good/float-trap-half.json"),
    include_bytes!("../../tests/data/good/float-trap-thirds.json"),
];

/// Tokens that keep a certificate close to valid JSON.
const TOKENS: &[&[u8]] = &[
    b"0",
    b"1",
    b"-",
    b"/",
    b"2",
    b"3",
    b"9",
    b"-1",
    b"1/2",
    b"\"0\"",
    b"\"1\"",
    b"\"-1/3\"",
    b",",
    b"[",
    b"]",
    b"{",
    b"}",
    b":",
    b"\"",
    b" ",
    b"null",
    b"true",
    b"false",
    b"18446744073709551616",
    b"1e3",
    b"0.5",
    b"[\"0\"]",
    b"\"concave\"",
    b"\"convex\"",
    b"\"+\"",
    b"\"-\"",
    b"00",
    b"-0",
    b"+1",
    b"\\u0030",
];

fn mutate(base: &[u8], ops: &[u8]) -> Vec<u8> {
    let mut m = base.to_vec();
    for op in ops.chunks_exact(4).take(6) {
        if m.is_empty() {
            break;
        }
        let pos = usize::from(u16::from_le_bytes([op[1], op[2]])) % m.len();
        let arg = op[3];
        match op[0] % 7 {
            0 => m[pos] = arg,
            1 => {
                let t = TOKENS[usize::from(arg) % TOKENS.len()];
                m.splice(pos..pos, t.iter().copied());
            }
            2 => {
                let end = (pos + usize::from(arg % 8) + 1).min(m.len());
                m.drain(pos..end);
            }
            3 => {
                // Change a digit to another digit (keeps the text well-formed most of the time).
                if let Some(p) = (pos..m.len()).chain(0..pos).find(|&i| m[i].is_ascii_digit()) {
                    m[p] = b'0' + arg % 10;
                }
            }
            4 => {
                let end = (pos + usize::from(arg % 32) + 1).min(m.len());
                let span: Vec<u8> = m[pos..end].to_vec();
                m.splice(end..end, span);
            }
            5 => {
                // Swap two bytes.
                let other = (pos + usize::from(arg) + 1) % m.len();
                m.swap(pos, other);
            }
            _ => {
                // Toggle a sign: insert or remove a '-' after a quote.
                if let Some(p) = (pos..m.len()).find(|&i| m[i] == b'"') {
                    if m.get(p + 1) == Some(&b'-') {
                        m.remove(p + 1);
                    } else {
                        m.insert(p + 1, b'-');
                    }
                }
            }
        }
    }
    m
}

fn q(v: &Value) -> Q {
    parse_canonical(v.as_str().expect("accepted: rationals are strings")).expect("accepted: canonical")
}

fn qs(v: &Value) -> Vec<Q> {
    v.as_array().expect("array").iter().map(q).collect()
}

fn u(v: &Value) -> usize {
    usize::try_from(v.as_u64().expect("accepted: integer")).expect("fits")
}

/// The second evaluation path for an accepted certificate.
fn reverify(bytes: &[u8]) {
    let v: Value = serde_json::from_slice(bytes).expect("accepted certificates are JSON");
    let inst = &v["instance"];
    let k = u(&inst["k"]);
    let points: Vec<Vec<Q>> = inst["points"].as_array().expect("points").iter().map(qs).collect();
    let targets = qs(&inst["targets"]);
    let t: Vec<usize> = inst["t"].as_array().expect("t").iter().map(u).collect();
    assert_eq!(points.len(), k);
    assert_eq!(targets.len(), k);
    for i in 0..k {
        assert!(t.contains(&(i + 1)) || targets[i] == 0, "nonzero target outside T accepted");
        for j in 0..i {
            assert_ne!(points[i], points[j], "duplicate points accepted");
        }
    }
    match v["kind"].as_str() {
        Some("upper") => {
            let layers: Vec<Layer> = v["network"]["layers"]
                .as_array()
                .expect("layers")
                .iter()
                .map(|l| Layer {
                    weights: l["weights"].as_array().expect("weights").iter().map(qs).collect(),
                    biases: qs(&l["biases"]),
                })
                .collect();
            let net = Network { layers };
            for i in 0..k {
                assert_eq!(net.eval(&points[i]), targets[i], "accepted but g(x_{}) != z_{}", i + 1, i + 1);
            }
            let claims = &v["claims"];
            assert_eq!(u(&claims["neurons"]), net.neurons(), "neuron count");
            let id = ConstructionId::from_name(v["construction"].as_str().expect("construction"))
                .expect("accepted constructions are known to the builder");
            let bound = id.bound(k, t.len());
            assert_eq!(u(&claims["bound"]), bound, "bound formula");
            if id.name().starts_with("deep-") {
                // Deep constructions bound every hidden layer's width, not the sum.
                assert!(net.hidden_widths().iter().all(|w| *w <= bound), "width bound exceeded");
            } else {
                assert!(net.neurons() <= bound, "bound exceeded");
            }
            let line =
                Line { origin: qs(&claims["line"]["origin"]), direction: qs(&claims["line"]["direction"]) };
            assert_eq!(u(&claims["pieces"]), net.pieces_along(&line), "piece count");
        }
        Some("lower") if v["rule"] == "windows" => {
            let line = &v["line"];
            let (origin, direction) = (qs(&line["origin"]), qs(&line["direction"]));
            let pivot = direction.iter().position(|x| *x != 0).expect("nonzero direction");
            let param = |i: usize| -> Q {
                let s = (&points[i][pivot] - &origin[pivot]) / &direction[pivot];
                for c in 0..direction.len() {
                    assert_eq!(
                        points[i][c],
                        &origin[c] + &s * &direction[c],
                        "sample {} off the line",
                        i + 1
                    );
                }
                s
            };
            let mut intervals: Vec<(bool, Q, Q)> = Vec::new();
            let windows = v["windows"].as_array().expect("windows");
            for w in windows {
                let idx: Vec<usize> =
                    w["samples"].as_array().expect("samples").iter().map(|x| u(x) - 1).collect();
                let s: Vec<Q> = idx.iter().map(|&i| param(i)).collect();
                assert!(s[0] < s[1] && s[1] < s[2], "window order");
                let left = (&targets[idx[1]] - &targets[idx[0]]) / (&s[1] - &s[0]);
                let right = (&targets[idx[2]] - &targets[idx[1]]) / (&s[2] - &s[1]);
                let concave = w["sign"] == "concave";
                assert!(if concave { left > right } else { left < right }, "window sign");
                for (c, a, b) in &intervals {
                    assert!(*c != concave || *b <= s[0] || s[2] <= *a, "same-sign windows overlap");
                }
                intervals.push((concave, s[0].clone(), s[2].clone()));
            }
            let claims = &v["claims"];
            assert_eq!(u(&claims["breakpoints"]), windows.len());
            let b = windows.len();
            let n = u(&claims["neurons"]);
            // A claim may be weaker than the certified count, never stronger: at most the
            // builder's own least neuron count (and max width, depth ≥ 4) for b breakpoints.
            let layers = u(&claims["layers"]);
            assert!(layers >= 2, "accepted layers = {layers}");
            let least = ftcert::lower::counts::least_neurons(layers, b);
            assert!(n <= least, "claimed {n} neurons, the builder's count for {b} breakpoints is {least}");
            if let Some(w) = claims.get("width") {
                let least = ftcert::lower::counts::least_width(layers, b);
                assert!(u(w) <= least, "claimed width {w}, the builder's least width is {least}");
            }
        }
        Some("lower") => {
            assert_eq!(v["rule"], "case-split");
            assert_eq!(u(&v["claims"]["neurons"]), u(&v["excluded"]) + 1);
        }
        other => panic!("accepted kind {other:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, ops)) = data.split_first() else { return };
    let base = GOOD[usize::from(which) % GOOD.len()];
    let m = mutate(base, ops);
    if let Verdict::Accepted(_) = check_bytes(&m, &Limits::default()) {
        reverify(&m);
    }
});
