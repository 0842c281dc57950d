//! The executable side of the Coq development (`formal/`, docs/formal.md): the paper and tight
//! constructions, computed over Q by Coq (`formal/Compute.v`, proven equal to the real ones of
//! Theorems 2 and 5: `qpaper_net_R`, `qtight_net_R`), are the networks of ftcert's certificates.
//! `formal/check.sh` (CI step 50-coq) regenerates `formal/coq-networks.txt` from Coq and compares.

use crate::certificates::fig4_certificate;
use crate::util::root;
use ftcert::certificate;
use ftcert::construct::ConstructionId;
use ftcert_check::{check_str, Limits, Verdict};
use serde_json::Value;

/// The networks Coq computed: section name → rows (input weight, bias, output weight); the last
/// row of a network is (0, 0, output bias).
fn coq_networks() -> Vec<(String, Vec<[String; 3]>)> {
    let text = std::fs::read_to_string(root().join("formal/coq-networks.txt")).unwrap();
    let mut out: Vec<(String, Vec<[String; 3]>)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("== ") {
            out.push((name.to_string(), Vec::new()));
            continue;
        }
        let f: Vec<&str> = line.split(' ').collect();
        assert_eq!(f.len(), 3, "bad line {line:?} in formal/coq-networks.txt");
        out.last_mut().expect("row before a header").1.push([f[0], f[1], f[2]].map(String::from));
    }
    out
}

fn coq_network(name: &str) -> Vec<[String; 3]> {
    let nets = coq_networks();
    nets.into_iter().find(|(n, _)| n == name).unwrap_or_else(|| panic!("no {name}")).1
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

/// The certificate's rows in the same form, after checking that the checker accepts it.
fn certificate_rows(text: &str) -> Vec<[String; 3]> {
    assert!(matches!(check_str(text, &Limits::default()), Verdict::Accepted(_)));
    let cert: Value = serde_json::from_str(text).unwrap();
    let layers = &cert["network"]["layers"];
    let w1: Vec<String> =
        layers[0]["weights"].as_array().unwrap().iter().map(|row| strings(row).concat()).collect();
    let b1 = strings(&layers[0]["biases"]);
    let w2 = strings(&layers[1]["weights"][0]);
    let mut rows: Vec<[String; 3]> =
        (0..w1.len()).map(|k| [w1[k].clone(), b1[k].clone(), w2[k].clone()]).collect();
    rows.push(["0".into(), "0".into(), strings(&layers[1]["biases"])[0].clone()]);
    rows
}

#[test]
fn figure_4_paper_weights_match_coq() {
    let coq = coq_network("two-layer-paper fig4");
    assert_eq!(coq.len(), 11);
    assert_eq!(certificate_rows(&fig4_certificate(ConstructionId::TwoLayerPaper)), coq);
}

#[test]
fn figure_4_tight_weights_match_coq() {
    let coq = coq_network("two-layer-tight fig4");
    assert_eq!(coq.len(), 10);
    assert_eq!(certificate_rows(&fig4_certificate(ConstructionId::TwoLayerTight)), coq);
}

/// Flat right end only: the mirrored branch (`reflect` in Tight.v, relu(w_k − t) in ftcert).
/// Coq lists the neurons right to left, ftcert left to right.
#[test]
fn mirrored_tight_weights_match_coq() {
    let json = r#"{"k": 6, "d": 1, "points": [["1"], ["2"], ["3"], ["4"], ["5"], ["6"]],
                  "targets": ["2", "0", "-1", "0", "0", "0"], "t": [1, 3]}"#;
    let instance = certificate::parse_instance(json).unwrap();
    let id = ConstructionId::TwoLayerTight;
    let built = id.build(&instance).unwrap();
    let mut rows = certificate_rows(&certificate::upper(id, &instance, &built, true));
    let mut coq = coq_network("two-layer-tight mirror6");
    assert_eq!(coq.len(), 4);
    let (bias, coq_bias) = (rows.pop(), coq.pop());
    assert_eq!(bias, coq_bias);
    coq.reverse();
    assert_eq!(rows, coq);
}
