//! Hand-written certificates for the integration tests, as editable structs rendered to JSON
//! with the documented key order.
#![allow(dead_code)]

use ftcert_check::{check_str, Limits, Verdict};
use num_bigint::BigInt;
use std::path::{Path, PathBuf};

/// The repository's top folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A corpus folder of the repository: `tests/data/good` or `tests/data/bad`.
pub fn corpus_dir(which: &str) -> PathBuf {
    repo_root().join("tests/data").join(which)
}

/// Sorted file names of a corpus folder, without the manifest.
pub fn corpus_files(which: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(corpus_dir(which))
        .expect("corpus folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n != "expected.json" && n.ends_with(".json"))
        .collect();
    out.sort();
    out
}

fn strs(v: &[String]) -> String {
    let items: Vec<String> = v.iter().map(|s| format!("\"{s}\"")).collect();
    format!("[{}]", items.join(", "))
}

fn rows(v: &[Vec<String>]) -> String {
    let items: Vec<String> = v.iter().map(|r| strs(r)).collect();
    format!("[{}]", items.join(", "))
}

fn ints(v: &[u64]) -> String {
    let items: Vec<String> = v.iter().map(u64::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// `bytes` with one change at `at`: `op` 0 sets the byte to '7', 1 to a space, 2 deletes it,
/// 3 doubles it (the four single-byte mutations of the fast-reader tests).
pub fn mutate(bytes: &[u8], at: usize, op: u8) -> Vec<u8> {
    let mut m = bytes.to_vec();
    match op {
        0 => m[at] = b'7',
        1 => m[at] = b' ',
        2 => {
            m.remove(at);
        }
        _ => m.insert(at, m[at]),
    }
    m
}

pub fn s(v: &[&str]) -> Vec<String> {
    v.iter().map(|x| x.to_string()).collect()
}

#[derive(Clone)]
pub struct Inst {
    pub k: u64,
    pub d: u64,
    pub points: Vec<Vec<String>>,
    pub targets: Vec<String>,
    pub t: Vec<u64>,
}

impl Inst {
    pub fn json(&self) -> String {
        format!(
            "{{\n    \"k\": {},\n    \"d\": {},\n    \"points\": {},\n    \"targets\": {},\n    \"t\": {}\n  }}",
            self.k,
            self.d,
            rows(&self.points),
            strs(&self.targets),
            ints(&self.t)
        )
    }

    /// Points 1..=k on the real line, targets zero except at `t`.
    pub fn line(k: u64, t: &[(u64, &str)]) -> Inst {
        let mut targets = vec!["0".to_string(); k as usize];
        for (i, z) in t {
            targets[*i as usize - 1] = z.to_string();
        }
        Inst {
            k,
            d: 1,
            points: (1..=k).map(|i| vec![i.to_string()]).collect(),
            targets,
            t: t.iter().map(|(i, _)| *i).collect(),
        }
    }
}

#[derive(Clone)]
pub struct Layer {
    pub weights: Vec<Vec<String>>,
    pub biases: Vec<String>,
}

#[derive(Clone)]
pub struct Upper {
    pub construction: String,
    pub instance: Inst,
    pub layers: Vec<Layer>,
    pub neurons: u64,
    pub bound: u64,
    pub origin: Vec<String>,
    pub direction: Vec<String>,
    pub pieces: u64,
}

impl Upper {
    pub fn json(&self) -> String {
        let layers: Vec<String> = self
            .layers
            .iter()
            .map(|l| format!("{{\"weights\": {}, \"biases\": {}}}", rows(&l.weights), strs(&l.biases)))
            .collect();
        format!(
            "{{\n  \"format\": \"ftcert/1\",\n  \"kind\": \"upper\",\n  \"construction\": \"{}\",\n  \"instance\": {},\n  \"network\": {{\"layers\": [\n    {}\n  ]}},\n  \"claims\": {{\"neurons\": {}, \"bound\": {},\n             \"line\": {{\"origin\": {}, \"direction\": {}}}, \"pieces\": {}}}\n}}\n",
            self.construction,
            self.instance.json(),
            layers.join(",\n    "),
            self.neurons,
            self.bound,
            strs(&self.origin),
            strs(&self.direction),
            self.pieces
        )
    }
}

/// The paper's Fig. 4 example: K = 14, T = {4, 7, 9, 14}, 10 neurons, 10 pieces along the line.
pub fn fig4() -> Upper {
    let biases = [1, 3, 4, 5, 6, 7, 8, 9, 10, 13];
    Upper {
        construction: "two-layer-paper".into(),
        instance: Inst::line(14, &[(4, "1"), (7, "-2"), (9, "3"), (14, "1/2")]),
        layers: vec![
            Layer {
                weights: biases.iter().map(|_| s(&["1"])).collect(),
                biases: biases.iter().map(|b| format!("-{b}")).collect(),
            },
            Layer {
                weights: vec![s(&["0", "1", "-2", "1", "-2", "4", "1", "-6", "3", "1/2"])],
                biases: s(&["0"]),
            },
        ],
        neurons: 10,
        bound: 13,
        origin: s(&["0"]),
        direction: s(&["1"]),
        pieces: 10,
    }
}

#[derive(Clone)]
pub struct Window {
    pub samples: Vec<u64>,
    pub sign: String,
}

#[derive(Clone)]
pub struct Lower {
    pub rule: String,
    pub instance: Inst,
    pub origin: Vec<String>,
    pub direction: Vec<String>,
    pub windows: Vec<Window>,
    pub layers: u64,
    pub breakpoints: u64,
    pub neurons: u64,
}

impl Lower {
    pub fn json(&self) -> String {
        let windows: Vec<String> = self
            .windows
            .iter()
            .map(|w| format!("{{\"samples\": {}, \"sign\": \"{}\"}}", ints(&w.samples), w.sign))
            .collect();
        format!(
            "{{\n  \"format\": \"ftcert/1\",\n  \"kind\": \"lower\",\n  \"rule\": \"{}\",\n  \"instance\": {},\n  \"line\": {{\"origin\": {}, \"direction\": {}}},\n  \"windows\": [\n    {}\n  ],\n  \"claims\": {{\"layers\": {}, \"breakpoints\": {}, \"neurons\": {}}}\n}}\n",
            self.rule,
            self.instance.json(),
            strs(&self.origin),
            strs(&self.direction),
            windows.join(",\n    "),
            self.layers,
            self.breakpoints,
            self.neurons
        )
    }
}

/// Spec Fig. 2: K = 14, points i, T = {3, 6, 9, 12}, 12 alternating windows.
pub fn fig2(layers: u64) -> Lower {
    Lower {
        rule: "windows".into(),
        instance: Inst::line(14, &[(3, "-1"), (6, "2"), (9, "-1"), (12, "2")]),
        origin: s(&["0"]),
        direction: s(&["1"]),
        windows: (1..=12)
            .map(|i| Window {
                samples: vec![i, i + 1, i + 2],
                sign: if i % 2 == 1 { "concave" } else { "convex" }.into(),
            })
            .collect(),
        layers,
        breakpoints: 12,
        neurons: if layers == 2 { 12 } else { 6 },
    }
}

pub fn check(json: &str) -> Verdict {
    check_str(json, &Limits::default())
}

/// Assert a rejection with this kind and path; return its message.
#[track_caller]
pub fn rejected(json: &str, kind: &str, path: Option<&str>) -> String {
    match check(json) {
        Verdict::Rejected(r) => {
            assert_eq!(r.kind(), kind, "wrong kind: {r}\n{json}");
            assert_eq!(r.path(), path, "wrong path: {r}");
            r.to_string()
        }
        other => panic!("expected rejection {kind}, got {other:?}\n{json}"),
    }
}

/// Assert a decline with this kind under `limits`; return its message.
#[track_caller]
pub fn declined(json: &str, limits: &Limits, kind: &str) -> String {
    match check_str(json, limits) {
        Verdict::Declined(d) => {
            assert_eq!(d.kind(), kind, "wrong kind: {d}");
            d.to_string()
        }
        other => panic!("expected decline {kind}, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// The digit-work meter's cost model (docs/resources.md, budget.rs), for tests that recompute a
// total: digits(x) = ⌊bits(x)·302/1000⌋ + 1, a product costs digits·digits, a gcd or lcm step
// max(digits)².

pub fn digits(x: &BigInt) -> u128 {
    u128::from(x.bits()) * 302 / 1000 + 1
}

pub fn mul(a: &BigInt, b: &BigInt) -> u128 {
    digits(a) * digits(b)
}

pub fn gcd(a: &BigInt, b: &BigInt) -> u128 {
    let m = digits(a).max(digits(b));
    m * m
}
