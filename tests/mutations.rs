//! Every single-field mutation of a valid certificate must be rejected, with a message that names
//! where the certificate is wrong. A mutant that is still a *true* certificate may be accepted
//! only when this test proves it true independently (see `proven_true`).

use crate::certificates::fig4_certificate;
use ftcert::certificate;
use ftcert::construct::ConstructionId;
use ftcert::instance::generated;
use ftcert::lower::counts::{least_neurons, least_width};
use ftcert::lower::windows_certificate;
use ftcert::rational::{int, parse_canonical, Q};
use ftcert_check::{check_str, Limits, Verdict};
use serde_json::Value;

/// Paths (as JSON pointer segments) of every string and integer leaf.
fn leaves(v: &Value, path: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                path.push(k.clone());
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(i.to_string());
                leaves(x, path, out);
                path.pop();
            }
        }
        Value::String(_) | Value::Number(_) => out.push(path.clone()),
        _ => {}
    }
}

fn pointer(path: &[String]) -> String {
    path.iter().map(|p| format!("/{p}")).collect()
}

/// The mutants of one leaf: rationals ±1, ±1/q and negated; integers ±1.
fn mutants(leaf: &Value) -> Vec<Value> {
    match leaf {
        Value::String(s) => match parse_canonical(s) {
            Ok(q) => {
                let den = Q::from(q.denominator_ref().clone());
                let step = int(1) / den;
                let mut out = vec![&q + int(1), &q - int(1), &q + &step, &q - &step, -&q];
                out.retain(|m| *m != q);
                out.dedup();
                out.into_iter().map(|m| Value::String(m.to_string())).collect()
            }
            Err(_) => vec![Value::String(format!("{s}x"))],
        },
        Value::Number(n) => {
            let n = n.as_u64().expect("certificates hold unsigned integers");
            let mut out = vec![Value::from(n + 1)];
            if n > 0 {
                out.push(Value::from(n - 1));
            }
            out
        }
        _ => unreachable!(),
    }
}

fn q(v: &Value) -> Q {
    parse_canonical(v.as_str().unwrap()).unwrap()
}

fn matrix(v: &Value) -> Vec<Vec<Q>> {
    v.as_array().unwrap().iter().map(|r| r.as_array().unwrap().iter().map(q).collect()).collect()
}

/// Evaluates a certificate's network at `x` with the builder's arithmetic.
fn eval(cert: &Value, x: &[Q]) -> Q {
    let layers = cert["network"]["layers"].as_array().unwrap();
    let mut h = x.to_vec();
    for (l, layer) in layers.iter().enumerate() {
        let w = matrix(&layer["weights"]);
        let b: Vec<Q> = layer["biases"].as_array().unwrap().iter().map(q).collect();
        h = w
            .iter()
            .zip(&b)
            .map(|(row, bias)| {
                let s = row.iter().zip(&h).fold(bias.clone(), |acc, (a, y)| acc + a * y);
                if l + 1 < layers.len() && s < 0 {
                    int(0)
                } else {
                    s
                }
            })
            .collect();
    }
    h[0].clone()
}

/// An accepted mutant is allowed only if it is provably still a true certificate:
/// - a first-layer weight or bias of a 2-layer neuron whose output weight is exactly 0 (the
///   neuron's contribution is 0·relu(…) whatever its input weights: the function is unchanged);
/// - a coordinate of a sample moved to a new point where the network equals the sample's target
///   exactly (0 outside T; evaluated here with the builder's arithmetic) and that no other sample
///   occupies: the certificate is then a true certificate of that other instance;
/// - any weight or bias of a network with two or more hidden layers, if the mutant still fits
///   every target and has the claimed pieces along the line (`deep_network_still_true`).
fn proven_true(original: &Value, mutant: &Value, path: &[String]) -> bool {
    if original["kind"] == "lower" {
        return match original["rule"].as_str() {
            Some("windows") => lower_instance_ok(mutant, false) && windows_hold(mutant),
            Some("case-split") => lower_instance_ok(mutant, true) && still_strict_zigzag(mutant),
            _ => false,
        };
    }
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    match p.as_slice() {
        ["network", ..] if original["network"]["layers"].as_array().unwrap().len() > 2 => {
            deep_network_still_true(mutant)
        }
        ["network", "layers", "0", "weights" | "biases", row, ..] => {
            let layers = original["network"]["layers"].as_array().unwrap();
            let row: usize = row.parse().unwrap();
            layers.len() == 2 && q(&layers[1]["weights"][0][row]) == 0
        }
        ["instance", "points", sample, _] => {
            let sample: usize = sample.parse().unwrap();
            // Targets are unchanged (0 outside T), so g must still hit the sample's own target.
            let target = q(&mutant["instance"]["targets"][sample]);
            let points = matrix(&mutant["instance"]["points"]);
            let distinct = points.iter().filter(|p| **p == points[sample]).count() == 1;
            distinct && eval(mutant, &points[sample]) == target
        }
        _ => false,
    }
}

/// A mutated network of depth ≥ 3 is still a true certificate if, with the builder's arithmetic,
/// it fits every target and has the claimed number of pieces along the claimed line (the neuron
/// count and therefore the bound claims are unchanged by a weight mutation).
fn deep_network_still_true(cert: &Value) -> bool {
    use ftcert::network::{Layer, Line, Network};
    let points = matrix(&cert["instance"]["points"]);
    let targets: Vec<Q> = cert["instance"]["targets"].as_array().unwrap().iter().map(q).collect();
    if points.iter().zip(&targets).any(|(x, z)| eval(cert, x) != *z) {
        return false;
    }
    let layers = cert["network"]["layers"].as_array().unwrap();
    let network = Network {
        layers: layers
            .iter()
            .map(|l| Layer {
                weights: matrix(&l["weights"]),
                biases: l["biases"].as_array().unwrap().iter().map(q).collect(),
            })
            .collect(),
    };
    let line = &cert["claims"]["line"];
    let line = Line {
        origin: line["origin"].as_array().unwrap().iter().map(q).collect(),
        direction: line["direction"].as_array().unwrap().iter().map(q).collect(),
    };
    cert["claims"]["pieces"] == network.pieces_along(&line) as u64
}

/// The projection line of the instance (certificate-format.md, "The line"), re-derived: origin 0 and
/// direction a(s) = (1, s, s², …) for the least integer s ≥ 0 giving distinct projections.
fn projection_line_ok(points: &[Vec<Q>], origin: &[Q], dir: &[Q]) -> bool {
    let separates = |s: &Q| {
        let mut p: Vec<Q> =
            points.iter().map(|x| x.iter().rev().fold(int(0), |acc, c| acc * s + c)).collect();
        p.sort();
        p.windows(2).all(|w| w[0] != w[1])
    };
    let Some(s) = (0..1000).map(int).find(separates) else { return false };
    let mut power = int(1);
    let expected: Vec<Q> = dir
        .iter()
        .map(|_| {
            let c = power.clone();
            power = &power * &s;
            c
        })
        .collect();
    origin.iter().all(|o| *o == 0) && dir == expected.as_slice()
}

/// The instance rules every lower certificate must also satisfy, re-derived here: `t` strictly
/// increasing sample numbers in 1..=K, the targets outside T exactly 0, K distinct points, and a
/// line that is the instance's projection line, whose direction is non-zero and, for case-split (`separate`), separates the points
/// (distinct projections s_i = a·x_i; the windows rule needs only its window samples on the line).
fn lower_instance_ok(cert: &Value, separate: bool) -> bool {
    let points = matrix(&cert["instance"]["points"]);
    let z: Vec<Q> = cert["instance"]["targets"].as_array().unwrap().iter().map(q).collect();
    let Some(t) =
        cert["instance"]["t"].as_array().unwrap().iter().map(Value::as_u64).collect::<Option<Vec<u64>>>()
    else {
        return false;
    };
    let k = points.len() as u64;
    let t_ok = t.windows(2).all(|w| w[0] < w[1]) && t.iter().all(|&i| (1..=k).contains(&i));
    let zeros_ok = z.iter().enumerate().all(|(i, zi)| t.contains(&(i as u64 + 1)) || *zi == 0);
    let dir: Vec<Q> = cert["line"]["direction"].as_array().unwrap().iter().map(q).collect();
    let mut s: Vec<Q> =
        points.iter().map(|p| p.iter().zip(&dir).fold(int(0), |acc, (x, a)| acc + x * a)).collect();
    s.sort();
    let separated = !separate || s.windows(2).all(|w| w[0] != w[1]);
    let k_ok = cert["instance"]["k"] == k && z.len() as u64 == k;
    let d = cert["instance"]["d"].as_u64().unwrap_or(0) as usize;
    let origin = cert["line"]["origin"].as_array().unwrap();
    let d_ok = d > 0 && points.iter().all(|p| p.len() == d) && dir.len() == d && origin.len() == d;
    let mut sorted = points.clone();
    sorted.sort();
    let distinct = sorted.windows(2).all(|w| w[0] != w[1]);
    let origin: Vec<Q> = origin.iter().map(q).collect();
    let line_ok = d_ok && projection_line_ok(&points, &origin, &dir);
    t_ok && zeros_ok && separated && k_ok && d_ok && distinct && line_ok && dir.iter().any(|c| *c != 0)
}

/// A case-split mutant is still true when its instance is still a strict zig-zag along the line
/// with K ∈ {3, 4} and it claims K − 1: such data needs K − 1 neurons (two-layer-exact.md, "K = 3
/// and K = 4": both kinks lie inside the hull, the pieces strictly alternate, and L1 forbids a
/// zero left slope), independently of the multipliers the checker verified.
fn still_strict_zigzag(cert: &Value) -> bool {
    let points = matrix(&cert["instance"]["points"]);
    let z: Vec<Q> = cert["instance"]["targets"].as_array().unwrap().iter().map(q).collect();
    let dir: Vec<Q> = cert["line"]["direction"].as_array().unwrap().iter().map(q).collect();
    let k = points.len();
    let mut order: Vec<(Q, Q)> = points
        .iter()
        .zip(&z)
        .map(|(p, z)| (p.iter().zip(&dir).fold(int(0), |acc, (x, a)| acc + x * a), z.clone()))
        .collect();
    order.sort_by(|a, b| a.0.cmp(&b.0));
    let steps: Vec<Q> = order.windows(2).map(|w| &w[1].1 - &w[0].1).collect();
    let alternating = steps.iter().all(|s| *s != 0) && steps.windows(2).all(|w| (w[0] > 0) != (w[1] > 0));
    (k == 3 || k == 4) && alternating && cert["claims"]["neurons"] == (k - 1) as u64
}

/// Re-derives a `windows` lower certificate with the builder's arithmetic: every named sample
/// on the line (origin + s·direction), increasing s, strict slope inequalities of the claimed sign,
/// disjoint same-sign windows, and the claimed counts.
fn windows_hold(cert: &Value) -> bool {
    let points = matrix(&cert["instance"]["points"]);
    let z: Vec<Q> = cert["instance"]["targets"].as_array().unwrap().iter().map(q).collect();
    let origin: Vec<Q> = cert["line"]["origin"].as_array().unwrap().iter().map(q).collect();
    let dir: Vec<Q> = cert["line"]["direction"].as_array().unwrap().iter().map(q).collect();
    let Some(axis) = dir.iter().position(|c| *c != 0) else { return false };
    let on_line = |i: usize| -> Option<Q> {
        let p = points.get(i.checked_sub(1)?)?;
        let s = (&p[axis] - &origin[axis]) / &dir[axis];
        p.iter().zip(&origin).zip(&dir).all(|((x, o), d)| *x == o + &s * d).then_some(s)
    };
    let mut intervals: Vec<(String, Q, Q)> = Vec::new();
    for w in cert["windows"].as_array().unwrap() {
        let idx: Vec<usize> =
            w["samples"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as usize).collect();
        let Some(s) = idx.iter().map(|&i| on_line(i)).collect::<Option<Vec<Q>>>() else { return false };
        if !(s[0] < s[1] && s[1] < s[2]) {
            return false;
        }
        let left = (&z[idx[1] - 1] - &z[idx[0] - 1]) / (&s[1] - &s[0]);
        let right = (&z[idx[2] - 1] - &z[idx[1] - 1]) / (&s[2] - &s[1]);
        let sign = w["sign"].as_str().unwrap().to_string();
        let ok = match sign.as_str() {
            "concave" => left > right,
            "convex" => left < right,
            _ => false,
        };
        if !ok || intervals.iter().any(|(g, a, b)| *g == sign && s[0] < *b && *a < s[2]) {
            return false;
        }
        intervals.push((sign, s[0].clone(), s[2].clone()));
    }
    let claims = &cert["claims"];
    let breakpoints = intervals.len() as u64;
    // A neuron (and, depth ≥ 4, width) claim at most the certified count is true.
    let Some(layers) = claims["layers"].as_u64().filter(|&l| (2..=64).contains(&l)) else { return false };
    let layers = layers as usize;
    let b = intervals.len();
    let neurons_ok = claims["neurons"].as_u64().is_some_and(|c| c <= least_neurons(layers, b) as u64);
    let width_ok = match (layers >= 4, claims.get("width")) {
        (true, Some(w)) => w.as_u64().is_some_and(|c| c <= least_width(layers, b) as u64),
        (false, None) => true,
        _ => false,
    };
    claims["breakpoints"] == breakpoints && neurons_ok && width_ok
}

/// Mutates every leaf of `text`; returns (tried, rejected, proven true).
fn sweep_mutants(text: &str) -> (usize, usize, usize) {
    let original: Value = serde_json::from_str(text).unwrap();
    let mut paths = Vec::new();
    leaves(&original, &mut Vec::new(), &mut paths);
    let (mut tried, mut rejected, mut proven) = (0, 0, 0);
    for path in &paths {
        let ptr = pointer(path);
        for m in mutants(original.pointer(&ptr).unwrap()) {
            let mut mutant = original.clone();
            *mutant.pointer_mut(&ptr).unwrap() = m.clone();
            let mutated = serde_json::to_string_pretty(&mutant).unwrap();
            tried += 1;
            match check_str(&mutated, &Limits::default()) {
                Verdict::Rejected(r) => {
                    // The windows oracle re-derives every field of the instance, line, windows and
                    // claims: a mutant of those that it proves true must be accepted. (The
                    // case-split oracle proves the *statement*, not the multipliers: not complete.)
                    let complete = original["rule"] == "windows"
                        && ["instance", "line", "windows", "claims"].contains(&path[0].as_str());
                    assert!(
                        !complete || !proven_true(&original, &mutant, path),
                        "{ptr} = {m}: refused ({r}) but the oracle proves it a true certificate"
                    );
                    let message = r.to_string();
                    assert!(!["field-order", "json-syntax"].contains(&r.kind()), "{ptr} = {m}: {message}");
                    assert!(
                        message.contains('/') || message.contains("sample"),
                        "{ptr} = {m}: message names no place: {message}"
                    );
                    rejected += 1;
                }
                Verdict::Accepted(_) => {
                    assert!(proven_true(&original, &mutant, path), "{ptr} = {m} was accepted");
                    proven += 1;
                }
                Verdict::Declined(d) => panic!("{ptr} = {m} was declined: {d}"),
            }
        }
    }
    (tried, rejected, proven)
}

#[test]
fn every_mutation_of_figure_4_is_rejected_or_proven_true() {
    for id in [ConstructionId::TwoLayerPaper, ConstructionId::TwoLayerTight] {
        let (tried, rejected, proven) = sweep_mutants(&fig4_certificate(id));
        eprintln!("{id:?}: {tried} mutants, {rejected} rejected, {proven} accepted and proven true");
        assert!(rejected > 200, "{id:?}: only {rejected} of {tried} rejected");
    }
}

#[test]
fn every_mutation_of_generated_certificates_is_rejected_or_proven_true() {
    let base = generated(6, 2, 0);
    let (mut all_rejected, mut all_proven) = (0, 0);
    for t in [vec![], vec![2], vec![1, 4, 5], vec![1, 2, 3, 4, 5, 6]] {
        let instance = base.with_t(&t);
        for &id in ConstructionId::ALL {
            let built = id.build(&instance).unwrap();
            let (tried, rejected, proven) = sweep_mutants(&certificate::upper(id, &instance, &built, false));
            assert!(rejected > 0, "{id:?} T={t:?}: none of {tried} rejected");
            all_rejected += rejected;
            all_proven += proven;
        }
    }
    // Both classes occur: the oracle is exercised on accepted mutants, not only on refusals.
    eprintln!("generated: {all_rejected} rejected, {all_proven} accepted and proven true");
    assert!(all_rejected > 0 && all_proven > 0, "{all_rejected} rejected, {all_proven} proven");
}

#[test]
fn every_mutation_of_lower_certificates_is_rejected() {
    let mut all_proven = 0;
    for (k, n, layers) in [(5, 1, 2), (7, 2, 2), (6, 6, 2), (9, 3, 3), (14, 4, 4), (14, 4, 5)] {
        let text = certificate::lower(&windows_certificate(k, n, 2, layers), false);
        let (tried, rejected, proven) = sweep_mutants(&text);
        assert!(rejected * 2 > tried, "K={k} N={n} L={layers}: only {rejected} of {tried} rejected");
        all_proven += proven;
    }
    // Lower mutants are accepted exactly when the complete oracle proves them (both directions
    // asserted in `sweep_mutants`); some are (e.g. a smaller neuron claim).
    eprintln!("lower: {all_proven} accepted and proven true");
    assert!(all_proven > 0);
}

/// Structural mutants of an upper certificate: two neurons of a hidden layer swapped (rows only,
/// so the next layer reads them in the wrong order), and each layer truncated (its last row
/// removed) or dropped. Returns (tried, rejected, proven true).
fn structural_mutants(text: &str) -> (usize, usize, usize) {
    let original: Value = serde_json::from_str(text).unwrap();
    if original["kind"] != "upper" {
        return (0, 0, 0);
    }
    let layers = original["network"]["layers"].as_array().unwrap().clone();
    let mut mutants: Vec<(String, Value)> = Vec::new();
    for (l, layer) in layers.iter().enumerate() {
        let width = layer["biases"].as_array().unwrap().len();
        if l + 1 < layers.len() {
            for i in 0..width {
                for j in i + 1..width.min(i + 4) {
                    let mut m = original.clone();
                    let target = &mut m["network"]["layers"][l];
                    target["weights"].as_array_mut().unwrap().swap(i, j);
                    target["biases"].as_array_mut().unwrap().swap(i, j);
                    mutants.push((format!("layer {l}: neurons {i} and {j} swapped"), m));
                }
            }
        }
        if width > 0 {
            let mut m = original.clone();
            let target = &mut m["network"]["layers"][l];
            target["weights"].as_array_mut().unwrap().pop();
            target["biases"].as_array_mut().unwrap().pop();
            mutants.push((format!("layer {l} truncated"), m));
        }
        let mut m = original.clone();
        m["network"]["layers"].as_array_mut().unwrap().remove(l);
        mutants.push((format!("layer {l} dropped"), m));
    }
    let (mut rejected, mut proven) = (0, 0);
    for (what, mutant) in &mutants {
        match check_str(&serde_json::to_string(mutant).unwrap(), &Limits::default()) {
            Verdict::Rejected(_) => rejected += 1,
            Verdict::Accepted(_) => {
                // Swapping two neurons is harmless exactly when the swapped network still fits
                // every target with the claimed pieces (e.g. identical rows, or equal weights in
                // the next layer); that is re-derived here with the builder's arithmetic.
                assert!(what.contains("swapped") && deep_network_still_true(mutant), "{what} was accepted");
                proven += 1;
            }
            Verdict::Declined(d) => panic!("{what} was declined: {d}"),
        }
    }
    (mutants.len(), rejected, proven)
}

/// Issue 5's mutation sweep: every archived certificate with K ≤ 5 (all constructions, all lower
/// rules), every single-field mutation and every structural mutation; 100% must be rejected or
/// proven still true.
#[test]
fn every_mutation_of_every_archived_certificate_up_to_k5() {
    use std::io::BufRead;
    let manifest = ftcert::archive::Manifest::load(&crate::util::root().join("certificates")).unwrap();
    let (mut certificates, mut tried, mut rejected, mut proven) = (0, 0, 0, 0);
    for entry in manifest.files.iter().filter(|e| ["k03", "k04", "k05"].iter().any(|k| e.file.contains(k))) {
        let file = std::fs::File::open(crate::util::root().join("certificates").join(&entry.file)).unwrap();
        for line in std::io::BufReader::new(flate2::read::GzDecoder::new(file)).lines() {
            let line = line.unwrap();
            certificates += 1;
            for (t, r, p) in [sweep_mutants(&line), structural_mutants(&line)] {
                tried += t;
                rejected += r;
                proven += p;
            }
        }
    }
    eprintln!(
        "mutation sweep: {certificates} archived certificates (K ≤ 5), {tried} mutants, \
         {rejected} rejected, {proven} accepted and proven still true"
    );
    assert!(certificates > 500, "{certificates}");
    assert!(rejected * 2 > tried && proven > 0, "{tried} mutants, {rejected} rejected, {proven} proven");
}
