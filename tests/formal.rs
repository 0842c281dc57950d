//! The executable side of the Coq development (`formal/`, docs/formal.md): the paper
//! construction, computed over Q by Coq (`formal/Compute.v`, proven equal to the real one of
//! Theorem 2) on the Figure 4 instance, is the network of the `two-layer-paper` certificate.
//! `formal/check.sh` (CI step 50-coq) regenerates `formal/fig4-paper.txt` from Coq and compares.

use crate::certificates::fig4_certificate;
use crate::util::root;
use ftcert::construct::ConstructionId;
use serde_json::Value;

/// The neurons (input weight, bias, output weight) Coq computed, one per line of the file.
fn coq_neurons() -> Vec<[String; 3]> {
    let text = std::fs::read_to_string(root().join("formal/fig4-paper.txt")).unwrap();
    text.lines()
        .map(|line| {
            let f: Vec<&str> = line.split(' ').collect();
            assert_eq!(f.len(), 3, "bad line {line:?} in formal/fig4-paper.txt");
            [f[0].to_string(), f[1].to_string(), f[2].to_string()]
        })
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
}

#[test]
fn figure_4_paper_weights_match_coq() {
    let cert: Value = serde_json::from_str(&fig4_certificate(ConstructionId::TwoLayerPaper)).unwrap();
    let layers = &cert["network"]["layers"];
    let w1: Vec<String> =
        layers[0]["weights"].as_array().unwrap().iter().map(|row| strings(row).concat()).collect();
    let b1 = strings(&layers[0]["biases"]);
    let w2 = strings(&layers[1]["weights"][0]);
    let coq = coq_neurons();
    assert_eq!(coq.len(), 10);
    let from_cert: Vec<[String; 3]> =
        (0..w1.len()).map(|k| [w1[k].clone(), b1[k].clone(), w2[k].clone()]).collect();
    assert_eq!(from_cert, coq);
    // Coq's network has output bias z_1 (Theorem 2: net1 (z 0) paper_net).
    assert_eq!(strings(&layers[1]["biases"]), strings(&cert["instance"]["targets"])[..1].to_vec());
}
