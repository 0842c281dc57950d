//! `ftcert/1` certificates as SMT-LIB 2 scripts whose expected answer is `unsat`.
//!
//! - Upper: QF_LRA, every weight a constant; `define-fun`s mirror the layers; the script asserts
//!   that some sample misses its target.
//! - Lower (windows, case-split; 2 or 3 layers): QF_NRA; the weights of an arbitrary network
//!   with `claims.neurons − 1` hidden neurons are variables (for 3 layers: one script per split
//!   d1 + d2 = neurons − 1), and the script asserts that it fits the instance.
//!
//! The translation reads the certificate's JSON itself (it does not trust the checker, and the
//! checker does not trust it); rationals are copied exactly as `(/ p q)` and `(- …)` terms.

use super::{num, preamble, scaled, sum};
use crate::io::sha256_hex;
use crate::rational::{parse_canonical, Q};
use serde_json::Value;
use std::fmt::Write;
use thiserror::Error;

/// Why a certificate has no script.
#[derive(Debug, Error, PartialEq)]
pub enum ExportError {
    #[error("not JSON: {0}")]
    Json(String),
    #[error("{path}: {message}")]
    Field { path: String, message: String },
}

fn field_err(path: &str, message: impl Into<String>) -> ExportError {
    ExportError::Field { path: path.to_string(), message: message.into() }
}

/// One SMT-LIB 2 script.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    /// File name: `<what>_k<K>_t<T>_<sha8>[_s<d1>-<d2>].smt2`, from the certificate's content.
    pub name: String,
    /// Whether it comes from an upper certificate (QF_LRA) or a lower one (QF_NRA).
    pub upper: bool,
    pub text: String,
}

/// The instance of a certificate, as exact values.
#[derive(Debug, Clone)]
pub struct Inst {
    pub k: usize,
    pub d: usize,
    pub points: Vec<Vec<Q>>,
    pub targets: Vec<Q>,
    pub t: Vec<usize>,
}

/// A layer as (weight rows, biases), of values or of SMT terms.
pub type LayerOf<T> = (Vec<Vec<T>>, Vec<T>);

fn get<'a>(v: &'a Value, path: &str, key: &str) -> Result<&'a Value, ExportError> {
    v.get(key).ok_or_else(|| field_err(path, format!("missing key {key:?}")))
}

fn uint(v: &Value, path: &str) -> Result<usize, ExportError> {
    v.as_u64()
        .and_then(|u| usize::try_from(u).ok())
        .ok_or_else(|| field_err(path, "expected a non-negative integer"))
}

fn string<'a>(v: &'a Value, path: &str) -> Result<&'a str, ExportError> {
    v.as_str().ok_or_else(|| field_err(path, "expected a string"))
}

fn array<'a>(v: &'a Value, path: &str) -> Result<&'a Vec<Value>, ExportError> {
    v.as_array().ok_or_else(|| field_err(path, "expected an array"))
}

fn rational(v: &Value, path: &str) -> Result<Q, ExportError> {
    parse_canonical(string(v, path)?).map_err(|e| field_err(path, e))
}

fn rationals(v: &Value, path: &str) -> Result<Vec<Q>, ExportError> {
    array(v, path)?.iter().enumerate().map(|(i, x)| rational(x, &format!("{path}/{i}"))).collect()
}

fn matrix(v: &Value, path: &str) -> Result<Vec<Vec<Q>>, ExportError> {
    array(v, path)?.iter().enumerate().map(|(i, r)| rationals(r, &format!("{path}/{i}"))).collect()
}

/// Reads the `instance` object.
pub fn instance(v: &Value) -> Result<Inst, ExportError> {
    let p = "/instance";
    let iv = get(v, "", "instance")?;
    let k = uint(get(iv, p, "k")?, "/instance/k")?;
    let d = uint(get(iv, p, "d")?, "/instance/d")?;
    let points = matrix(get(iv, p, "points")?, "/instance/points")?;
    let targets = rationals(get(iv, p, "targets")?, "/instance/targets")?;
    let t = array(get(iv, p, "t")?, "/instance/t")?
        .iter()
        .enumerate()
        .map(|(i, x)| uint(x, &format!("/instance/t/{i}")))
        .collect::<Result<Vec<_>, _>>()?;
    if points.len() != k || targets.len() != k || points.iter().any(|q| q.len() != d) || d == 0 {
        return Err(field_err(p, "k, d, points and targets do not agree"));
    }
    Ok(Inst { k, d, points, targets, t })
}

/// The scripts of one certificate (its bytes); `source` names where it came from (a comment).
pub fn scripts(bytes: &[u8], source: &str) -> Result<Vec<Script>, ExportError> {
    let v: Value = serde_json::from_slice(bytes).map_err(|e| ExportError::Json(e.to_string()))?;
    let kind = string(get(&v, "", "kind")?, "/kind")?;
    let inst = instance(&v)?;
    let hash = sha256_hex(bytes);
    let t_part = if inst.t.is_empty() {
        "none".to_string()
    } else {
        inst.t.iter().map(ToString::to_string).collect::<Vec<_>>().join("-")
    };
    let stem = |what: &str| format!("{what}_k{:02}_t{t_part}_{}", inst.k, &hash[..8]);
    let id = |what: &str| {
        format!(
            "certificate {what} K={} N={} T={{{}}} sha256:{hash}\nsource: {source}",
            inst.k,
            inst.t.len(),
            inst.t.iter().map(ToString::to_string).collect::<Vec<_>>().join(",")
        )
    };
    match kind {
        "upper" => {
            let construction = string(get(&v, "", "construction")?, "/construction")?;
            if !construction.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                return Err(field_err("/construction", "not a construction id"));
            }
            let layers = network(&v)?;
            let text = upper_script(&id(construction), &inst, &layers);
            Ok(vec![Script { name: format!("{}.smt2", stem(construction)), upper: true, text }])
        }
        "lower" => {
            let rule = string(get(&v, "", "rule")?, "/rule")?;
            let claims = get(&v, "", "claims")?;
            let layers = uint(get(claims, "/claims", "layers")?, "/claims/layers")?;
            let neurons = uint(get(claims, "/claims", "neurons")?, "/claims/neurons")?;
            let what = match rule {
                "windows" => "lower-windows",
                "case-split" => "lower-case-split",
                other => return Err(field_err("/rule", format!("unknown rule {other:?}"))),
            };
            let what = format!("{what}-{layers}");
            let header = id(&what);
            let splits: Vec<Vec<usize>> = match (layers, neurons) {
                (_, 0) => Vec::new(),
                (2, m) => vec![vec![m - 1]],
                (3, m) => (0..m).map(|d1| vec![d1, m - 1 - d1]).collect(),
                _ => return Err(field_err("/claims/layers", "only 2 and 3 layers are exported")),
            };
            if splits.is_empty() {
                let text = vacuous_script(&header);
                return Ok(vec![Script { name: format!("{}.smt2", stem(&what)), upper: false, text }]);
            }
            Ok(splits
                .iter()
                .map(|widths| {
                    let name = match widths.as_slice() {
                        [d1, d2] => format!("{}_s{d1}-{d2}.smt2", stem(&what)),
                        _ => format!("{}.smt2", stem(&what)),
                    };
                    Script { name, upper: false, text: lower_script(&header, &inst, widths) }
                })
                .collect())
        }
        other => Err(field_err("/kind", format!("unknown kind {other:?}"))),
    }
}

/// The network's layers as (weight rows, biases).
fn network(v: &Value) -> Result<Vec<LayerOf<Q>>, ExportError> {
    let nv = get(v, "", "network")?;
    let layers = array(get(nv, "/network", "layers")?, "/network/layers")?;
    if layers.is_empty() {
        return Err(field_err("/network/layers", "no layers"));
    }
    layers
        .iter()
        .enumerate()
        .map(|(l, lv)| {
            let p = format!("/network/layers/{l}");
            let w = matrix(get(lv, &p, "weights")?, &format!("{p}/weights"))?;
            let b = rationals(get(lv, &p, "biases")?, &format!("{p}/biases"))?;
            if w.len() != b.len() {
                return Err(field_err(&p, "weights and biases have different lengths"));
            }
            Ok((w, b))
        })
        .collect()
}

/// `name` applied to `args` (`name` alone when there are none).
fn apply(name: &str, args: &[String]) -> String {
    if args.is_empty() {
        name.to_string()
    } else {
        format!("({name} {})", args.join(" "))
    }
}

/// `define-fun`s that mirror the layers: `h<l>_<j>` is neuron j of hidden layer l (after ReLU) as
/// a function of the previous layer's values (`x1 … xd` for the first layer, `y1 …` after it),
/// and `g` is the output layer. Coefficients are terms (constants or variable names).
pub fn layer_defs(out: &mut String, d: usize, layers: &[LayerOf<String>]) {
    let last = layers.len() - 1;
    for (l, (rows, biases)) in layers.iter().enumerate() {
        let inputs: Vec<String> = if l == 0 {
            (1..=d).map(|r| format!("x{r}")).collect()
        } else {
            (1..=layers[l - 1].1.len()).map(|j| format!("y{j}")).collect()
        };
        let decl: Vec<String> = inputs.iter().map(|x| format!("({x} Real)")).collect();
        let decl = decl.join(" ");
        let _ = writeln!(out, "; layer {} ({} rows)", l + 1, rows.len());
        for (j, (row, bias)) in rows.iter().zip(biases).enumerate() {
            let mut terms: Vec<String> = row.iter().zip(&inputs).filter_map(|(c, x)| scaled(c, x)).collect();
            if bias != "0" {
                terms.push(bias.clone());
            }
            let pre = sum(&terms);
            if l == last {
                let _ = writeln!(out, "(define-fun g ({decl}) Real {pre})");
            } else {
                let _ = writeln!(out, "(define-fun h{}_{} ({decl}) Real (relu {pre}))", l + 1, j + 1);
            }
        }
    }
}

/// Per sample i, the hidden values `v<l>_<j>_<i>` (declared, and asserted equal to the layer's
/// function of the previous values), and the fit conditions `(= (g …) z_i)`. Naming the values
/// keeps the terms linear in size (inlined nested `ite`s blow up exponentially in z3).
pub fn sample_values(out: &mut String, inst: &Inst, widths: &[usize]) -> Vec<String> {
    let mut conditions = Vec::new();
    for (i, (p, z)) in inst.points.iter().zip(&inst.targets).enumerate() {
        let mut args: Vec<String> = p.iter().map(num).collect();
        for (l, &w) in widths.iter().enumerate() {
            let mut next = Vec::with_capacity(w);
            for j in 1..=w {
                let v = format!("v{}_{j}_{}", l + 1, i + 1);
                let _ = writeln!(out, "(declare-fun {v} () Real)");
                let _ = writeln!(out, "(assert (= {v} {}))", apply(&format!("h{}_{j}", l + 1), &args));
                next.push(v);
            }
            args = next;
        }
        conditions.push(format!("(= {} {})", apply("g", &args), num(z)));
    }
    conditions
}

fn upper_script(id: &str, inst: &Inst, layers: &[LayerOf<Q>]) -> String {
    let mut out = String::new();
    let comments = [
        format!("ftcert SMT-LIB 2 export of {id}"),
        "claim: the network g below fits every sample exactly (g(x_i) = z_i for i = 1..K);".to_string(),
        "the script asserts that some sample is missed. Expected answer: unsat.".to_string(),
    ];
    preamble(&mut out, &comments, "QF_LRA", Some("unsat"));
    let terms: Vec<LayerOf<String>> = layers
        .iter()
        .map(|(w, b)| (w.iter().map(|r| r.iter().map(num).collect()).collect(), b.iter().map(num).collect()))
        .collect();
    layer_defs(&mut out, inst.d, &terms);
    let widths: Vec<usize> = layers[..layers.len() - 1].iter().map(|(_, b)| b.len()).collect();
    let conditions = sample_values(&mut out, inst, &widths);
    let _ = writeln!(out, "(assert (not (and {})))", conditions.join(" "));
    out.push_str("(check-sat)\n(exit)\n");
    out
}

/// Variable-weight layers for hidden widths `widths` on input dimension d: layer l's weight of
/// row j, input r is `W<l>_<j>_<r>`, its bias `B<l>_<j>`; the output layer is layer L.
pub fn variable_layers(d: usize, widths: &[usize]) -> (Vec<String>, Vec<LayerOf<String>>) {
    let mut vars = Vec::new();
    let mut layers = Vec::new();
    let mut inputs = d;
    for (l, &rows) in widths.iter().chain(std::iter::once(&1)).enumerate() {
        let w: Vec<Vec<String>> =
            (1..=rows).map(|j| (1..=inputs).map(|r| format!("W{}_{j}_{r}", l + 1)).collect()).collect();
        let b: Vec<String> = (1..=rows).map(|j| format!("B{}_{j}", l + 1)).collect();
        vars.extend(w.iter().flatten().cloned());
        vars.extend(b.iter().cloned());
        layers.push((w, b));
        inputs = rows;
    }
    (vars, layers)
}

fn lower_script(id: &str, inst: &Inst, widths: &[usize]) -> String {
    let mut out = String::new();
    let shape = widths.iter().map(ToString::to_string).collect::<Vec<_>>().join(" + ");
    let comments = [
        format!("ftcert SMT-LIB 2 export of {id}"),
        format!(
            "claim: no {}-layer ReLU network with hidden widths {shape} fits the instance;",
            widths.len() + 1
        ),
        "the weights are variables and the script asserts that such a network fits. Expected: unsat."
            .to_string(),
    ];
    preamble(&mut out, &comments, "QF_NRA", Some("unsat"));
    let (vars, layers) = variable_layers(inst.d, widths);
    for v in &vars {
        let _ = writeln!(out, "(declare-fun {v} () Real)");
    }
    layer_defs(&mut out, inst.d, &layers);
    for c in sample_values(&mut out, inst, widths) {
        let _ = writeln!(out, "(assert {c})");
    }
    out.push_str("(check-sat)\n(exit)\n");
    out
}

fn vacuous_script(id: &str) -> String {
    let mut out = String::new();
    let comments = [
        format!("ftcert SMT-LIB 2 export of {id}"),
        "claim: claims.neurons = 0, i.e. no network with fewer than 0 neurons fits: vacuous.".to_string(),
        "The script is the trivially unsat `false`. Expected: unsat.".to_string(),
    ];
    preamble(&mut out, &comments, "QF_LRA", Some("unsat"));
    out.push_str("(assert false)\n(check-sat)\n(exit)\n");
    out
}
