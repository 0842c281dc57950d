//! Searching for small networks with an SMT solver (`ftcert search`).
//!
//! Encodings (each exact: a model is a network, checked afterwards by ftcert's checker):
//!
//! - 2 layers, `exact-lra` (QF_LRA, complete): by positive homogeneity a·relu(w·x + b) =
//!   sign(a)·relu(|a|w·x + |a|b), so every output weight is ±1 (a Boolean `S_j`); a neuron with
//!   a = 0 is the same as one with w = 0, b = 0. All that is left is linear in the weights, and
//!   `unsat` means no m-neuron 2-layer network fits at all.
//! - 3 layers, `grid-lira` (QF_LIRA, sound only for `sat`): every first-layer neuron is
//!   relu(σ(a·x − β)) along the projection direction a with β one of the projected samples or the
//!   midpoints between neighbours (an integer selector per neuron), so layer 2 is linear again.
//!   Its `unsat` says nothing about general networks and is never reported as such.
//! - 3 layers, `exact-nra` (QF_NRA, complete): output weights ±1 as above; for d = 1 also
//!   first-layer weights ±1 (relu(w x + b) = |w|·relu(sign(w) x + b/|w|), |w| moved into layer 2;
//!   a neuron with w = 0 is a constant that layer 2's biases absorb). The layer-2 products stay
//!   nonlinear; z3's models may then be algebraic numbers, which are reported, never used.

use super::num;
use super::sexp::{self, Sexp};
use super::solver::{self, Answer, Backend};
use crate::instance::{Instance, Projection};
use crate::network::{Layer, Line, Network};
use crate::rational::{canonical, Q};
use malachite_base::num::basic::traits::Zero;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::time::Duration;

/// One query: an SMT-LIB script, the variables to read back, and how to build the network.
pub struct Query {
    pub encoding: &'static str,
    pub script: String,
    /// Whether `unsat` means that no network of this shape fits (complete encodings).
    pub complete: bool,
    decode: Decoder,
}

enum Decoder {
    TwoLayer { m: usize, d: usize },
    Grid { d1: usize, d2: usize, candidates: Vec<(bool, Q)>, direction: Vec<Q> },
    Exact3 { d1: usize, d2: usize, d: usize, unit_first: bool },
}

fn header(out: &mut String, logic: &str, what: &str) {
    let _ = writeln!(out, "; ftcert search: {what}");
    out.push_str("(set-option :produce-models true)\n");
    let _ = writeln!(out, "(set-logic {logic})");
    // 0.0: in QF_LIRA a bare 0 is an Int, and cvc5 wants both ite branches Real.
    out.push_str("(define-fun relu ((v Real)) Real (ite (> v 0.0) v 0.0))\n");
}

fn declare(out: &mut String, names: &[String], sort: &str) {
    for n in names {
        let _ = writeln!(out, "(declare-fun {n} () {sort})");
    }
}

fn finish(out: &mut String, names: &[String]) {
    let _ = writeln!(out, "(check-sat)\n(get-value ({}))\n(exit)", names.join(" "));
}

/// ±term by the Boolean `s`.
fn signed(s: &str, term: &str) -> String {
    format!("(ite {s} {term} (- {term}))")
}

fn fit(out: &mut String, inst: &Instance, g: impl Fn(usize, &mut String) -> String) {
    for (i, z) in inst.targets.iter().enumerate() {
        let term = g(i, out);
        let _ = writeln!(out, "(assert (= {term} {}))", num(z));
    }
}

/// The 2-layer query with m hidden neurons (complete, QF_LRA).
pub fn two_layer(inst: &Instance, m: usize) -> Query {
    let d = inst.d();
    let mut out = String::new();
    header(&mut out, "QF_LRA", &format!("2-layer network with {m} hidden neurons, output weights ±1"));
    let w: Vec<String> = (1..=m).flat_map(|j| (1..=d).map(move |r| format!("W_{j}_{r}"))).collect();
    let b: Vec<String> = (1..=m).map(|j| format!("B_{j}")).collect();
    let s: Vec<String> = (1..=m).map(|j| format!("S_{j}")).collect();
    declare(&mut out, &w, "Real");
    declare(&mut out, &b, "Real");
    declare(&mut out, &s, "Bool");
    declare(&mut out, &["C".to_string()], "Real");
    fit(&mut out, inst, |i, _| {
        let mut terms = vec!["C".to_string()];
        for j in 1..=m {
            let mut pre: Vec<String> = inst.points[i]
                .iter()
                .enumerate()
                .map(|(r, x)| format!("(* {} W_{j}_{})", num(x), r + 1))
                .collect();
            pre.push(format!("B_{j}"));
            terms.push(signed(&format!("S_{j}"), &format!("(relu {})", super::sum(&pre))));
        }
        super::sum(&terms)
    });
    let names: Vec<String> = w.into_iter().chain(b).chain(s).chain(["C".to_string()]).collect();
    finish(&mut out, &names);
    Query { encoding: "exact-lra", script: out, complete: true, decode: Decoder::TwoLayer { m, d } }
}

/// Candidate first-layer neurons of the grid: (σ = +, β) and (σ = −, β) for every projected
/// sample and midpoint.
fn grid_candidates(c: &[Q]) -> Vec<(bool, Q)> {
    let mut betas: Vec<Q> = Vec::new();
    for (i, x) in c.iter().enumerate() {
        betas.push(x.clone());
        if let Some(next) = c.get(i + 1) {
            betas.push((x + next) / Q::from(2));
        }
    }
    betas.iter().flat_map(|b| [(true, b.clone()), (false, b.clone())]).collect()
}

/// Layer 2 and the output on per-sample first-layer values `h(j, i)` (terms), shared by the
/// 3-layer encodings.
fn three_layer_top(
    out: &mut String,
    inst: &Instance,
    d1: usize,
    d2: usize,
    h: impl Fn(usize, usize, &str) -> String,
) {
    fit(out, inst, |i, _| {
        let mut terms = vec!["C".to_string()];
        for k in 1..=d2 {
            let mut pre: Vec<String> = (1..=d1).map(|j| h(j, i, &format!("V_{k}_{j}"))).collect();
            pre.push(format!("E_{k}"));
            terms.push(signed(&format!("S_{k}"), &format!("(relu {})", super::sum(&pre))));
        }
        super::sum(&terms)
    });
}

fn top_names(d1: usize, d2: usize) -> (Vec<String>, Vec<String>, Vec<String>) {
    let v: Vec<String> = (1..=d2).flat_map(|k| (1..=d1).map(move |j| format!("V_{k}_{j}"))).collect();
    let e: Vec<String> = (1..=d2).map(|k| format!("E_{k}")).collect();
    let s: Vec<String> = (1..=d2).map(|k| format!("S_{k}")).collect();
    (v, e, s)
}

/// The 3-layer grid query (sound for `sat` only, QF_LIRA).
pub fn three_layer_grid(inst: &Instance, d1: usize, d2: usize) -> Query {
    let projection = Projection::of(&inst.points);
    let values: Vec<Q> = inst.points.iter().map(|p| crate::rational::dot(&projection.a, p)).collect();
    let candidates = grid_candidates(&projection.c);
    let mut out = String::new();
    header(&mut out, "QF_LIRA", &format!("3-layer network {d1} + {d2}, first layer on a kink grid"));
    let sel: Vec<String> = (1..=d1).map(|j| format!("K_{j}")).collect();
    let (v, e, s) = top_names(d1, d2);
    declare(&mut out, &sel, "Int");
    declare(&mut out, &v, "Real");
    declare(&mut out, &e, "Real");
    declare(&mut out, &s, "Bool");
    declare(&mut out, &["C".to_string()], "Real");
    for (j, k) in sel.iter().enumerate() {
        let _ = writeln!(out, "(assert (and (<= 0 {k}) (< {k} {})))", candidates.len());
        if j > 0 {
            // Symmetry: first-layer neurons in non-decreasing selector order.
            let _ = writeln!(out, "(assert (<= K_{j} {k}))");
        }
    }
    three_layer_top(&mut out, inst, d1, d2, |j, i, coef| {
        // coef · relu(σ(c_i − β)), a constant per candidate: nested ite over the selector.
        let mut term = "0.0".to_string();
        for (idx, (plus, beta)) in candidates.iter().enumerate().rev() {
            let pre = if *plus { &values[i] - beta } else { beta - &values[i] };
            let value = if pre > 0 { pre } else { Q::ZERO };
            let here = if value == 0 { "0.0".to_string() } else { format!("(* {} {coef})", num(&value)) };
            term = format!("(ite (= K_{j} {idx}) {here} {term})");
        }
        term
    });
    let names: Vec<String> = sel.into_iter().chain(v).chain(e).chain(s).chain(["C".to_string()]).collect();
    finish(&mut out, &names);
    Query {
        encoding: "grid-lira",
        script: out,
        complete: false,
        decode: Decoder::Grid { d1, d2, candidates, direction: projection.a },
    }
}

/// The exact 3-layer query (complete, QF_NRA).
pub fn three_layer_exact(inst: &Instance, d1: usize, d2: usize) -> Query {
    let d = inst.d();
    let unit_first = d == 1;
    let mut out = String::new();
    header(&mut out, "QF_NRA", &format!("3-layer network {d1} + {d2}, exact"));
    let w: Vec<String> = if unit_first {
        (1..=d1).map(|j| format!("T_{j}")).collect()
    } else {
        (1..=d1).flat_map(|j| (1..=d).map(move |r| format!("W_{j}_{r}"))).collect()
    };
    let b: Vec<String> = (1..=d1).map(|j| format!("B_{j}")).collect();
    let (v, e, s) = top_names(d1, d2);
    declare(&mut out, &w, if unit_first { "Bool" } else { "Real" });
    declare(&mut out, &b, "Real");
    declare(&mut out, &v, "Real");
    declare(&mut out, &e, "Real");
    declare(&mut out, &s, "Bool");
    declare(&mut out, &["C".to_string()], "Real");
    if unit_first {
        exact_unit_products(&mut out, inst, d1, d2);
    } else {
        for j in 1..=d1 {
            for (i, p) in inst.points.iter().enumerate() {
                let mut t: Vec<String> =
                    p.iter().enumerate().map(|(r, x)| format!("(* {} W_{j}_{})", num(x), r + 1)).collect();
                t.push(format!("B_{j}"));
                let _ = writeln!(out, "(define-fun H_{j}_{} () Real (relu {}))", i + 1, super::sum(&t));
            }
        }
        three_layer_top(&mut out, inst, d1, d2, |j, i, coef| format!("(* {coef} H_{j}_{})", i + 1));
    }
    let names: Vec<String> =
        w.into_iter().chain(b).chain(v).chain(e).chain(s).chain(["C".to_string()]).collect();
    finish(&mut out, &names);
    Query {
        encoding: "exact-nra",
        script: out,
        complete: true,
        decode: Decoder::Exact3 { d1, d2, d, unit_first },
    }
}

/// d = 1: first-layer neuron j is relu(σ_j x + B_j) with σ_j = ±1 (`T_j`). Its contribution to
/// layer-2 neuron k at sample i is V_kj·relu(σ_j x_i + B_j) = (σ_j x_i V_kj + U_kj) when active,
/// else 0, with one bilinear equation U_kj = V_kj·B_j per pair (instead of one product per sample).
/// Symmetry: neurons of each layer in non-decreasing (sign, bias) order (permuting neurons with
/// their weights does not change the network).
fn exact_unit_products(out: &mut String, inst: &Instance, d1: usize, d2: usize) {
    let u: Vec<String> = (1..=d2).flat_map(|k| (1..=d1).map(move |j| format!("U_{k}_{j}"))).collect();
    declare(out, &u, "Real");
    for k in 1..=d2 {
        for j in 1..=d1 {
            let _ = writeln!(out, "(assert (= U_{k}_{j} (* V_{k}_{j} B_{j})))");
        }
    }
    let order = |out: &mut String, sign: &str, bias: &str, count: usize| {
        for j in 2..=count {
            let (a, b) = (j - 1, j);
            let _ = writeln!(
                out,
                "(assert (or (and (not {sign}_{a}) {sign}_{b}) (and (= {sign}_{a} {sign}_{b}) (<= {bias}_{a} {bias}_{b}))))"
            );
        }
    };
    order(out, "T", "B", d1);
    order(out, "S", "E", d2);
    three_layer_top(out, inst, d1, d2, |j, i, coef| {
        let x = &inst.points[i][0];
        let k = &coef[2..coef.rfind('_').unwrap_or(2)];
        let active = format!("(> (ite T_{j} {} {}) (- B_{j}))", num(x), num(&-x.clone()));
        let slope = format!("(ite T_{j} (* {} {coef}) (* {} {coef}))", num(x), num(&-x.clone()));
        format!("(ite {active} (+ {slope} U_{k}_{j}) 0.0)")
    });
}

/// The model's values by name: rationals, Booleans and integers (as rationals).
fn model(rest: &str) -> Result<BTreeMap<String, Result<Q, bool>>, String> {
    let parsed = sexp::parse_all(rest)?;
    let Some(first) = parsed.first() else { return Err("the solver printed no model".to_string()) };
    let mut map = BTreeMap::new();
    for (name, value) in sexp::value_pairs(first)? {
        let v = match &value {
            Sexp::Atom(a) if a == "true" => Err(true),
            Sexp::Atom(a) if a == "false" => Err(false),
            other => Ok(sexp::rational(other).map_err(|e| format!("{name}: {e}"))?),
        };
        map.insert(name, v);
    }
    Ok(map)
}

fn real(m: &BTreeMap<String, Result<Q, bool>>, name: &str) -> Result<Q, String> {
    match m.get(name) {
        Some(Ok(q)) => Ok(q.clone()),
        _ => Err(format!("the model has no real value for {name}")),
    }
}

fn boolean(m: &BTreeMap<String, Result<Q, bool>>, name: &str) -> Result<bool, String> {
    match m.get(name) {
        Some(Err(b)) => Ok(*b),
        _ => Err(format!("the model has no Boolean value for {name}")),
    }
}

fn pm(b: bool) -> Q {
    Q::from(if b { 1 } else { -1 })
}

/// Layer 2 and output of a 3-layer model.
fn top_layers(m: &BTreeMap<String, Result<Q, bool>>, d1: usize, d2: usize) -> Result<(Layer, Layer), String> {
    let mut second = Layer::default();
    for k in 1..=d2 {
        second.weights.push((1..=d1).map(|j| real(m, &format!("V_{k}_{j}"))).collect::<Result<_, _>>()?);
        second.biases.push(real(m, &format!("E_{k}"))?);
    }
    let out = Layer {
        weights: vec![(1..=d2).map(|k| boolean(m, &format!("S_{k}")).map(pm)).collect::<Result<_, _>>()?],
        biases: vec![real(m, "C")?],
    };
    Ok((second, out))
}

impl Query {
    /// The network of a `sat` answer's `get-value` output; an error names a value that is not
    /// rational (or missing).
    pub fn network(&self, rest: &str) -> Result<Network, String> {
        let m = model(rest)?;
        let layers = match &self.decode {
            Decoder::TwoLayer { m: width, d } => {
                let mut first = Layer::default();
                let mut out = Layer { weights: vec![Vec::new()], biases: vec![real(&m, "C")?] };
                for j in 1..=*width {
                    first
                        .weights
                        .push((1..=*d).map(|r| real(&m, &format!("W_{j}_{r}"))).collect::<Result<_, _>>()?);
                    first.biases.push(real(&m, &format!("B_{j}"))?);
                    out.weights[0].push(pm(boolean(&m, &format!("S_{j}"))?));
                }
                vec![first, out]
            }
            Decoder::Grid { d1, d2, candidates, direction } => {
                let mut first = Layer::default();
                for j in 1..=*d1 {
                    let k = real(&m, &format!("K_{j}"))?;
                    let idx =
                        usize::try_from(&k).map_err(|_| format!("K_{j} = {k} is not a candidate index"))?;
                    let (plus, beta) =
                        candidates.get(idx).ok_or_else(|| format!("K_{j} = {idx} out of range"))?;
                    let sigma = pm(*plus);
                    first.weights.push(direction.iter().map(|a| &sigma * a).collect());
                    first.biases.push(-(&sigma * beta));
                }
                let (second, out) = top_layers(&m, *d1, *d2)?;
                vec![first, second, out]
            }
            Decoder::Exact3 { d1, d2, d, unit_first } => {
                let mut first = Layer::default();
                for j in 1..=*d1 {
                    if *unit_first {
                        first.weights.push(vec![pm(boolean(&m, &format!("T_{j}"))?)]);
                    } else {
                        first.weights.push(
                            (1..=*d).map(|r| real(&m, &format!("W_{j}_{r}"))).collect::<Result<_, _>>()?,
                        );
                    }
                    first.biases.push(real(&m, &format!("B_{j}"))?);
                }
                let (second, out) = top_layers(&m, *d1, *d2)?;
                vec![first, second, out]
            }
        };
        Ok(Network { layers })
    }
}

/// The `ftcert/1` upper certificate (construction `search-2` / `search-3`) of a found network:
/// bound = neurons = the requested m, the projection line and the exact piece count.
pub fn certificate(inst: &Instance, network: &Network, pretty: bool) -> String {
    let projection = Projection::of(&inst.points);
    let line = Line { origin: vec![Q::ZERO; inst.d()], direction: projection.a.clone() };
    let pieces = network.pieces_along(&line);
    let neurons = network.neurons();
    let strings = |v: &[Q]| {
        format!("[{}]", v.iter().map(|q| format!("\"{}\"", canonical(q))).collect::<Vec<_>>().join(","))
    };
    let matrix =
        |rows: &[Vec<Q>]| format!("[{}]", rows.iter().map(|r| strings(r)).collect::<Vec<_>>().join(","));
    let layers: Vec<String> = network
        .layers
        .iter()
        .map(|l| format!("{{\"weights\":{},\"biases\":{}}}", matrix(&l.weights), strings(&l.biases)))
        .collect();
    let t: Vec<String> = inst.t.iter().map(ToString::to_string).collect();
    let text = format!(
        "{{\"format\":\"ftcert/1\",\"kind\":\"upper\",\"construction\":\"search-{}\",\"instance\":{{\"k\":{},\"d\":{},\"points\":{},\"targets\":{},\"t\":[{}]}},\"network\":{{\"layers\":[{}]}},\"claims\":{{\"neurons\":{neurons},\"bound\":{neurons},\"line\":{{\"origin\":{},\"direction\":{}}},\"pieces\":{pieces}}}}}",
        network.layers.len(),
        inst.k(),
        inst.d(),
        matrix(&inst.points),
        strings(&inst.targets),
        t.join(","),
        layers.join(","),
        strings(&line.origin),
        strings(&line.direction),
    );
    if pretty {
        crate::certificate::indent(&text)
    } else {
        text
    }
}

/// Asks the solvers, in order, about the queries of one shape: a `sat` whose model the checker
/// accepts ends the search; `unsat` on the complete query needs every solver.
pub fn decide(
    inst: &Instance,
    queries: &[Query],
    backends: &[&'static Backend],
    timeout: Duration,
) -> ShapeResult {
    let mut notes = Vec::new();
    let mut unsat_by = Vec::new();
    for q in queries {
        for b in backends {
            let run = solver::run(b, &q.script, timeout);
            match run.answer {
                Answer::Sat => match q.network(&run.rest) {
                    Ok(net) => {
                        let cert = certificate(inst, &net, true);
                        match ftcert_check::check_str(&cert, &ftcert_check::Limits::default()) {
                            ftcert_check::Verdict::Accepted(_) => {
                                return ShapeResult::Found {
                                    certificate: cert,
                                    solver: b.name,
                                    encoding: q.encoding,
                                    millis: run.millis,
                                }
                            }
                            v => notes.push(format!(
                                "{} {}: sat, but the checker refuses the model's network: {}",
                                b.name,
                                q.encoding,
                                v.kind()
                            )),
                        }
                    }
                    Err(e) => notes.push(format!("{} {}: sat, model not usable: {e}", b.name, q.encoding)),
                },
                Answer::Unsat if q.complete => {
                    notes.push(format!("{} {}: unsat after {} ms", b.name, q.encoding, run.millis));
                    unsat_by.push(b.name);
                }
                Answer::Unsat => {
                    notes.push(format!(
                        "{} {}: unsat (incomplete encoding: says nothing)",
                        b.name, q.encoding
                    ));
                    // The grid is only a fast way to a model; one solver's word is enough to move on.
                    break;
                }
                Answer::Error(ref e) => {
                    notes.push(format!("{} {}: error after {} ms: {e}", b.name, q.encoding, run.millis))
                }
                ref other => {
                    notes.push(format!("{} {}: {} after {} ms", b.name, q.encoding, other.word(), run.millis))
                }
            }
        }
    }
    if backends.iter().all(|b| unsat_by.contains(&b.name)) {
        ShapeResult::Unsat(unsat_by)
    } else {
        ShapeResult::Undecided(notes)
    }
}

/// The answer for one shape (one split).
#[derive(Debug)]
pub enum ShapeResult {
    /// A network the checker accepted: its certificate, the solver and encoding that found it.
    Found { certificate: String, solver: &'static str, encoding: &'static str, millis: u128 },
    /// Every solver asked answered `unsat` on the complete encoding.
    Unsat(Vec<&'static str>),
    /// Timeouts, unknowns, unusable models (each described).
    Undecided(Vec<String>),
}

/// The queries for a shape: 2 layers `[m]`, 3 layers `[d1, d2]` (grid first, then exact).
pub fn queries(inst: &Instance, widths: &[usize]) -> Vec<Query> {
    match widths {
        [m] => vec![two_layer(inst, *m)],
        [d1, d2] => vec![three_layer_grid(inst, *d1, *d2), three_layer_exact(inst, *d1, *d2)],
        _ => Vec::new(),
    }
}
