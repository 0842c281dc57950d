//! The builder's side of the `ftcert/1` format (docs/certificate-format.md): serialisation of
//! upper and lower certificates with fixed key order and canonical rationals, and the parser for
//! user instances. The checker has its own, independent parser.

use crate::construct::{Built, ConstructionId};
use crate::instance::Instance;
use crate::lower::LowerBound;
use crate::network::{Line, Network};
use crate::rational::{canonical, Q};
use serde::{Deserialize, Serialize};
use std::str::FromStr;
use thiserror::Error;

/// The format version written in every certificate.
pub const FORMAT: &str = "ftcert/1";

#[derive(Serialize)]
struct InstanceJson {
    k: usize,
    d: usize,
    points: Vec<Vec<String>>,
    targets: Vec<String>,
    t: Vec<usize>,
}

#[derive(Serialize)]
struct LayerJson {
    weights: Vec<Vec<String>>,
    biases: Vec<String>,
}

#[derive(Serialize)]
struct NetworkJson {
    layers: Vec<LayerJson>,
}

#[derive(Serialize)]
struct LineJson {
    origin: Vec<String>,
    direction: Vec<String>,
}

#[derive(Serialize)]
struct UpperClaims {
    neurons: usize,
    bound: usize,
    line: LineJson,
    pieces: usize,
    /// 3-layer constructions with a paper bound only (docs/certificate-format.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    paper_bound: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    meets_paper_bound: Option<bool>,
}

#[derive(Serialize)]
struct UpperJson<'a> {
    format: &'static str,
    kind: &'static str,
    construction: &'a str,
    instance: InstanceJson,
    network: NetworkJson,
    claims: UpperClaims,
}

#[derive(Serialize)]
struct WindowJson {
    samples: [usize; 3],
    sign: &'static str,
}

#[derive(Serialize)]
struct LowerClaims {
    layers: usize,
    breakpoints: usize,
    neurons: usize,
    /// Depth ≥ 4 only: the least max hidden width.
    #[serde(skip_serializing_if = "Option::is_none")]
    width: Option<usize>,
}

#[derive(Serialize)]
struct LowerJson {
    format: &'static str,
    kind: &'static str,
    rule: &'static str,
    instance: InstanceJson,
    line: LineJson,
    windows: Vec<WindowJson>,
    claims: LowerClaims,
}

fn strings(v: &[Q]) -> Vec<String> {
    v.iter().map(canonical).collect()
}

fn instance_json(instance: &Instance) -> InstanceJson {
    InstanceJson {
        k: instance.k(),
        d: instance.d(),
        points: instance.points.iter().map(|p| strings(p)).collect(),
        targets: strings(&instance.targets),
        t: instance.t.clone(),
    }
}

fn network_json(network: &Network) -> NetworkJson {
    NetworkJson {
        layers: network
            .layers
            .iter()
            .map(|l| LayerJson {
                weights: l.weights.iter().map(|w| strings(w)).collect(),
                biases: strings(&l.biases),
            })
            .collect(),
    }
}

fn line_json(line: &Line) -> LineJson {
    LineJson { origin: strings(&line.origin), direction: strings(&line.direction) }
}

fn to_text<T: Serialize>(value: &T, pretty: bool) -> String {
    let compact = serde_json::to_string(value).expect("certificate structs always serialise");
    if pretty {
        indent(&compact)
    } else {
        compact
    }
}

/// Re-indents compact JSON two spaces per level, keeping arrays that hold no array or object on
/// one line (a row of weights, a point, T), so that certificates read like matrices.
pub fn indent(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut inline = 0usize; // > 0 while inside an array printed on one line
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.push_str(&"  ".repeat(depth));
    };
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'"' => {
                let start = i;
                i += 1;
                while bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                out.push_str(&compact[start..=i]);
            }
            b'[' | b'{' if inline > 0 => {
                inline += 1;
                out.push(c as char);
            }
            b'[' if is_flat_array(&bytes[i..]) => {
                inline = 1;
                out.push('[');
            }
            b'[' | b'{' => {
                depth += 1;
                out.push(c as char);
                if !matches!(bytes.get(i + 1), Some(b']' | b'}')) {
                    newline(&mut out, depth);
                }
            }
            b']' | b'}' if inline > 0 => {
                inline -= 1;
                out.push(c as char);
            }
            b']' | b'}' => {
                depth -= 1;
                if !matches!(bytes[i - 1], b'[' | b'{') {
                    newline(&mut out, depth);
                }
                out.push(c as char);
            }
            b',' if inline > 0 => out.push_str(", "),
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            _ => out.push(c as char),
        }
        i += 1;
    }
    out
}

/// Whether the array starting at `bytes[0] == b'['` contains no array or object.
fn is_flat_array(bytes: &[u8]) -> bool {
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                i += 1;
                while bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'[' | b'{' => return false,
            b']' => return true,
            _ => {}
        }
        i += 1;
    }
    false
}

/// The upper certificate of a built construction: pretty (single files) or compact (archives).
pub fn upper(id: ConstructionId, instance: &Instance, built: &Built, pretty: bool) -> String {
    // About 16 bytes per rational written: one allocation for most certificates.
    let (k, d) = (instance.k(), instance.d());
    let rationals = k * (d + 1) + built.network.neurons() * (d + 2) + 2 * d;
    let mut out = String::with_capacity(256 + 16 * rationals);
    upper_into(&mut out, id, instance, built);
    if pretty {
        indent(&out)
    } else {
        out
    }
}

/// A JSON array of rows of rationals (points, weight matrices).
fn matrix_into(out: &mut String, rows: &[Vec<Q>]) {
    out.push('[');
    for (i, row) in rows.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        rationals_into(out, row);
    }
    out.push(']');
}

/// A JSON array of rationals, written directly (canonical strings never need escaping: digits,
/// `-` and `/` only).
fn rationals_into(out: &mut String, v: &[Q]) {
    out.push('[');
    for (i, q) in v.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push('"');
        push_q(out, q);
        out.push('"');
    }
    out.push(']');
}

/// Appends the decimal digits of `v`.
fn push_u64(out: &mut String, mut v: u64) {
    if v < 10 {
        out.push(char::from(b'0' + v as u8));
        return;
    }
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    while v > 0 {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
    // Digit by digit: cheaper than a `from_utf8` and a `memcpy` call for these few bytes.
    for &c in &buf[i..] {
        out.push(char::from(c));
    }
}

/// Appends the canonical string of `q` (`p` or `p/q`, as its `Display`); numerator and
/// denominator below 2^64 are written directly (tested against `Display`).
fn push_q(out: &mut String, q: &Q) {
    match (u64::try_from(q.numerator_ref()), u64::try_from(q.denominator_ref())) {
        (Ok(p), Ok(d)) => {
            if *q < 0 {
                out.push('-');
            }
            push_u64(out, p);
            if d != 1 {
                out.push('/');
                push_u64(out, d);
            }
        }
        _ => {
            use std::fmt::Write;
            let _ = write!(out, "{q}");
        }
    }
}

/// The compact upper certificate appended to `out`: the bytes of the serde serialisation
/// ([`upper_serde`], compared in tests) without its intermediate strings and vectors.
pub fn upper_into(out: &mut String, id: ConstructionId, instance: &Instance, built: &Built) {
    use std::fmt::Write;
    let (k, n) = (instance.k(), instance.n());
    out.push_str("{\"format\":\"");
    out.push_str(FORMAT);
    out.push_str("\",\"kind\":\"upper\",\"construction\":");
    out.push_str(&serde_json::to_string(id.name()).expect("a string serialises"));
    let _ = write!(out, ",\"instance\":{{\"k\":{k},\"d\":{},\"points\":", instance.d());
    matrix_into(out, &instance.points);
    out.push_str(",\"targets\":");
    rationals_into(out, &instance.targets);
    out.push_str(",\"t\":[");
    for (i, t) in instance.t.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{t}");
    }
    out.push_str("]},\"network\":{\"layers\":[");
    for (l, layer) in built.network.layers.iter().enumerate() {
        if l > 0 {
            out.push(',');
        }
        out.push_str("{\"weights\":");
        matrix_into(out, &layer.weights);
        out.push_str(",\"biases\":");
        rationals_into(out, &layer.biases);
        out.push('}');
    }
    let neurons = built.network.neurons();
    let _ = write!(
        out,
        "]}},\"claims\":{{\"neurons\":{neurons},\"bound\":{},\"line\":{{\"origin\":",
        id.bound(k, n)
    );
    rationals_into(out, &built.line.origin);
    out.push_str(",\"direction\":");
    rationals_into(out, &built.line.direction);
    let _ = write!(out, "}},\"pieces\":{}", built.pieces);
    if let Some(pb) = id.paper_bound() {
        out.push_str(",\"paper_bound\":");
        out.push_str(&serde_json::to_string(pb.id()).expect("a string serialises"));
        let _ = write!(out, ",\"meets_paper_bound\":{}", pb.meets(neurons, k, n));
    }
    out.push_str("}}");
}

/// Writes `two-layer-paper` certificates of one instance's points (every T of a sweep) from the
/// network in `SmallQ` ([`crate::construct::two_layer::paper_small`]) or as indices into
/// precomputed values ([`crate::construct::two_layer::PaperJumps`]): everything that does not
/// depend on the network's values is written once per K as text (the head up to the targets, the
/// targets and the entries of `t` per byte of the mask, the hidden rows per neuron count, every
/// possible bias −c_r, the claims per N), so a certificate is mostly copied. The bytes are those
/// of [`upper`] on the malachite network (tested for every T of small K).
pub struct PaperWriter {
    /// `{"format":…,"instance":{"k":…,"d":…,"points":[…],"targets":[`
    head: String,
    /// `targets[c][byte]`: the targets of samples 8c + 1..=8c + 8 (those up to K) when bit j of
    /// `byte` says whether sample 8c + j + 1 is in T, each as `,"z"` (its value, or `,"0"`);
    /// the last byte's texts end with `],"t":[`.
    targets: Vec<Vec<String>>,
    /// `t[c][byte]`: the entries of `t` among the same samples, each as `,i`.
    t: Vec<Vec<String>>,
    /// `weights[n]` for n hidden neurons: from the end of `t` to the first bias,
    /// `]},"network":{"layers":[{"weights":[a,…,a],"biases":[` with n rows a.
    weights: Vec<String>,
    /// `biases[c][byte]`: the biases of the neurons at sorted positions 8c..8c + 8 when bit j of
    /// `byte` says whether there is one at 8c + j, each as `,"−c_r"`, and their largest
    /// numerator and denominator bits ([`bias_tables`]).
    biases: Vec<Vec<(String, (u64, u64))>>,
    /// Numerator and denominator bits of a.
    a_bits: (u64, u64),
    /// `neurons[m]` for m hidden neurons: `]}]},"claims":{"neurons":m`
    neurons: Vec<String>,
    /// `claims[n]` for N = n: `,"bound":…,"line":{"origin":[…],"direction":[…]},"pieces":`
    claims: Vec<String>,
    /// `pieces[p]` for p pieces: `p}}`
    pieces: Vec<String>,
}

/// Numerator and denominator bits of a `SmallQ` (as [`crate::rational::max_bits`]).
fn small_bits(q: crate::small_q::SmallQ) -> (u64, u64) {
    let bits = |x: u128| u64::from(128 - x.leading_zeros());
    (bits(q.numer().unsigned_abs()), bits(q.denom().unsigned_abs()))
}

/// The larger numerator and the larger denominator bits.
fn widen(bits: (u64, u64), b: (u64, u64)) -> (u64, u64) {
    (bits.0.max(b.0), bits.1.max(b.1))
}

/// Appends the canonical string of a `SmallQ` (lowest terms, positive denominator: as [`push_q`]).
fn push_small(out: &mut String, q: crate::small_q::SmallQ) {
    use std::fmt::Write;
    let (n, d) = (q.numer(), q.denom());
    if let (Ok(p), Ok(dd)) = (u64::try_from(n.unsigned_abs()), u64::try_from(d)) {
        if n < 0 {
            out.push('-');
        }
        push_u64(out, p);
        if dd != 1 {
            out.push('/');
            push_u64(out, dd);
        }
    } else if d == 1 {
        let _ = write!(out, "{n}");
    } else {
        let _ = write!(out, "{n}/{d}");
    }
}

/// `,"q"`: a rational as an array entry after the first (the first drops the comma).
fn quoted_entry(q: &Q) -> String {
    let mut text = String::from(",\"");
    push_q(&mut text, q);
    text.push('"');
    text
}

/// Texts per byte of a sample mask: `tables[c][byte]` concatenates `entry(i, bit i − 8c of byte)`
/// over the samples i = 8c..min(8c + 8, K) (0-based), so that a mask's part for those samples is
/// one lookup ([`mask_byte`]).
fn byte_tables(k: usize, entry: impl Fn(usize, bool) -> String) -> Vec<Vec<String>> {
    (0..k.div_ceil(8))
        .map(|c| {
            (0..256usize)
                .map(|byte| {
                    (8 * c..k.min(8 * c + 8)).map(|i| entry(i, byte >> (i - 8 * c) & 1 == 1)).collect()
                })
                .collect()
        })
        .collect()
}

/// The bit set of increasing positions `kinks` (each below 64).
fn kink_mask(kinks: &[usize]) -> u64 {
    kinks.iter().fold(0, |mask, &r| mask | 1 << r)
}

/// Byte c of `mask`: its bits 8c..8c + 8 (c < 8).
fn mask_byte(mask: u64, c: usize) -> usize {
    (mask >> (8 * c) & 0xff) as usize
}

/// Appends the entries `text` of an array (each with a leading comma), dropping the comma of
/// the array's first entry.
fn push_entries(out: &mut String, text: &str, first: bool) {
    out.push_str(if first { &text[1..] } else { text });
}

/// The canonical text of every value of a [`crate::construct::two_layer::PaperJumps`], as an
/// array entry `,"p/q"` (comma and quotes included), and its numerator and denominator bits:
/// built once per K, so that [`PaperWriter::write_indexed`] copies each output weight and the
/// output bias in one piece. The texts are [`push_small`]'s (the bytes are compared with
/// [`upper`] in the tests).
pub struct SmallTexts {
    entries: Vec<(String, (u64, u64))>,
}

impl SmallTexts {
    /// The texts of `values`, by index.
    pub fn new(values: &[crate::small_q::SmallQ]) -> SmallTexts {
        let entries = values
            .iter()
            .map(|&q| {
                let mut text = String::from(",\"");
                push_small(&mut text, q);
                text.push('"');
                (text, small_bits(q))
            })
            .collect();
        SmallTexts { entries }
    }
}

impl PaperWriter {
    /// The constant parts for `instance`'s points, projected by `projection`.
    /// `values` are the targets of the samples when they are in T.
    pub fn new(instance: &Instance, values: &[Q], projection: &crate::instance::Projection) -> PaperWriter {
        let id = ConstructionId::TwoLayerPaper;
        let k = instance.k();
        let mut head = String::new();
        head.push_str("{\"format\":\"");
        head.push_str(FORMAT);
        head.push_str("\",\"kind\":\"upper\",\"construction\":");
        head.push_str(&serde_json::to_string(id.name()).expect("a string serialises"));
        head.push_str(&format!(",\"instance\":{{\"k\":{k},\"d\":{},\"points\":", instance.d()));
        matrix_into(&mut head, &instance.points);
        head.push_str(",\"targets\":[");
        let value_texts: Vec<String> = values.iter().map(quoted_entry).collect();
        let mut targets =
            byte_tables(k, |i, in_t| if in_t { value_texts[i].clone() } else { ",\"0\"".into() });
        for text in targets.last_mut().into_iter().flatten() {
            text.push_str("],\"t\":[");
        }
        let t = byte_tables(k, |i, in_t| if in_t { format!(",{}", i + 1) } else { String::new() });
        let mut row = String::new();
        rationals_into(&mut row, &projection.a);
        let weights = (0..=k)
            .map(|n| {
                let rows = vec![row.as_str(); n].join(",");
                format!("]}},\"network\":{{\"layers\":[{{\"weights\":[{rows}],\"biases\":[")
            })
            .collect();
        let mut line = String::from("\"line\":{\"origin\":");
        let zeros = vec![crate::rational::int(0); projection.a.len()];
        rationals_into(&mut line, &zeros);
        line.push_str(",\"direction\":");
        rationals_into(&mut line, &projection.a);
        line.push('}');
        PaperWriter {
            head,
            targets,
            t,
            weights,
            biases: bias_tables(&projection.c),
            a_bits: crate::rational::max_bits(&projection.a),
            neurons: (0..=k).map(|m| format!("]}}]}},\"claims\":{{\"neurons\":{m}")).collect(),
            claims: (0..=k).map(|n| format!(",\"bound\":{},{line},\"pieces\":", id.bound(k, n))).collect(),
            pieces: (0..=k).map(|p| format!("{p}}}}}")).collect(),
        }
    }

    /// Appends the certificate of `net` (built on the writer's instance with T = the samples i
    /// whose bit i − 1 is set in `mask`, their targets the writer's values and the others 0) to
    /// `out`; returns the network's largest numerator and denominator bits.
    pub fn write(
        &self,
        out: &mut String,
        mask: u64,
        net: &crate::construct::two_layer::PaperSmall,
    ) -> (u64, u64) {
        let mut bits = self.write_front(out, mask, kink_mask(&net.kinks));
        for (i, &w) in net.out.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push('"');
            push_small(out, w);
            out.push('"');
            bits = widen(bits, small_bits(w));
        }
        out.push_str("]],\"biases\":[\"");
        push_small(out, net.out_bias);
        out.push('"');
        self.write_back(out, mask, net.kinks.len(), net.pieces());
        widen(bits, small_bits(net.out_bias))
    }

    /// [`PaperWriter::write`] of the network `net` whose values are indices into `texts`
    /// (built from the values of the [`crate::construct::two_layer::PaperJumps`] that built
    /// `net`): the same bytes and bits, copied from `texts`.
    pub fn write_indexed(
        &self,
        out: &mut String,
        mask: u64,
        net: &crate::construct::two_layer::PaperIndexed,
        texts: &SmallTexts,
    ) -> (u64, u64) {
        let mut bits = self.write_front(out, mask, net.kinks);
        for (i, &w) in net.out.iter().enumerate() {
            let (text, b) = &texts.entries[w as usize];
            push_entries(out, text, i == 0);
            bits = widen(bits, *b);
        }
        out.push_str("]],\"biases\":[");
        let (text, b) = &texts.entries[net.out_bias as usize];
        push_entries(out, text, true);
        self.write_back(out, mask, net.kinks.count_ones() as usize, net.pieces());
        widen(bits, *b)
    }

    /// The certificate from its start to the output weights: the instance of `mask`, the hidden
    /// layer with a neuron at each sorted position r whose bit is set in `kinks`, and
    /// `]},{"weights":[[`; returns the hidden layer's bits.
    fn write_front(&self, out: &mut String, mask: u64, kinks: u64) -> (u64, u64) {
        out.push_str(&self.head);
        for (c, table) in self.targets.iter().enumerate() {
            push_entries(out, &table[mask_byte(mask, c)], c == 0);
        }
        let mut first = true;
        for (c, table) in self.t.iter().enumerate() {
            let text = &table[mask_byte(mask, c)];
            if !text.is_empty() {
                push_entries(out, text, first);
                first = false;
            }
        }
        out.push_str(&self.weights[kinks.count_ones() as usize]);
        let mut bits = if kinks == 0 { (0, 0) } else { self.a_bits };
        let mut first = true;
        for (c, table) in self.biases.iter().enumerate() {
            let (text, b) = &table[mask_byte(kinks, c)];
            if !text.is_empty() {
                push_entries(out, text, first);
                first = false;
                bits = widen(bits, *b);
            }
        }
        out.push_str("]},{\"weights\":[[");
        bits
    }

    /// The certificate after the output bias: the claims of `neurons` neurons, N = |T| and
    /// `pieces` pieces.
    fn write_back(&self, out: &mut String, mask: u64, neurons: usize, pieces: usize) {
        let k = self.claims.len() - 1;
        let full = if k >= 64 { u64::MAX } else { (1u64 << k) - 1 };
        out.push_str(&self.neurons[neurons]);
        out.push_str(&self.claims[(mask & full).count_ones() as usize]);
        out.push_str(&self.pieces[pieces]);
    }
}

/// [`PaperWriter`]'s `biases`: for each byte c of the kinks and each of its 256 values, the
/// entries `,"−c_r"` of the sorted positions r = 8c + j whose bit j is set, and their largest
/// numerator and denominator bits.
fn bias_tables(c: &[Q]) -> Vec<Vec<(String, (u64, u64))>> {
    let k = c.len();
    let neg_c: Vec<Q> = c.iter().map(|x| -x.clone()).collect();
    let texts = byte_tables(k, |r, kink| if kink { quoted_entry(&neg_c[r]) } else { String::new() });
    texts
        .into_iter()
        .enumerate()
        .map(|(byte_index, table)| {
            let positions = 8 * byte_index..k.min(8 * byte_index + 8);
            table
                .into_iter()
                .enumerate()
                .map(|(byte, text)| {
                    let set = positions.clone().filter(|r| byte >> (r - 8 * byte_index) & 1 == 1);
                    (text, crate::rational::max_bits(set.map(|r| &neg_c[r])))
                })
                .collect()
        })
        .collect()
}

/// The upper certificate through the serde structs (the reference for [`upper_into`]).
pub fn upper_serde(id: ConstructionId, instance: &Instance, built: &Built, pretty: bool) -> String {
    let cert = UpperJson {
        format: FORMAT,
        kind: "upper",
        construction: id.name(),
        instance: instance_json(instance),
        network: network_json(&built.network),
        claims: UpperClaims {
            neurons: built.network.neurons(),
            bound: id.bound(instance.k(), instance.n()),
            line: line_json(&built.line),
            pieces: built.pieces,
            paper_bound: id.paper_bound().map(|pb| pb.id()),
            meets_paper_bound: id
                .paper_bound()
                .map(|pb| pb.meets(built.network.neurons(), instance.k(), instance.n())),
        },
    };
    to_text(&cert, pretty)
}

/// The `windows` lower certificate.
pub fn lower(lower: &LowerBound, pretty: bool) -> String {
    let cert = LowerJson {
        format: FORMAT,
        kind: "lower",
        rule: "windows",
        instance: instance_json(&lower.instance),
        line: line_json(&lower.line),
        windows: lower
            .windows
            .iter()
            .map(|w| WindowJson { samples: w.samples, sign: w.sign.name() })
            .collect(),
        claims: LowerClaims {
            layers: lower.layers,
            breakpoints: lower.windows.len(),
            neurons: lower.neurons,
            width: lower.width,
        },
    };
    to_text(&cert, pretty)
}

#[derive(Serialize)]
struct CaseNeuronJson {
    cell: [usize; 2],
    orientation: &'static str,
    weight: &'static str,
}

#[derive(Serialize)]
struct CaseJson {
    neurons: Vec<CaseNeuronJson>,
    equalities: Vec<String>,
    strict: Vec<String>,
}

#[derive(Serialize)]
struct CaseSplitClaims {
    layers: usize,
    neurons: usize,
}

#[derive(Serialize)]
struct CaseSplitJson {
    format: &'static str,
    kind: &'static str,
    rule: &'static str,
    instance: InstanceJson,
    line: LineJson,
    excluded: usize,
    cases: Vec<CaseJson>,
    claims: CaseSplitClaims,
}

/// The `case-split` lower certificate (docs/certificate-format.md, docs/two-layer-exact.md).
pub fn lower_case_split(cert: &crate::lower::case_split::CaseSplitBound, pretty: bool) -> String {
    let pm = |x: i8| if x > 0 { "+" } else { "-" };
    let json = CaseSplitJson {
        format: FORMAT,
        kind: "lower",
        rule: "case-split",
        instance: instance_json(&cert.instance),
        line: line_json(&cert.line),
        excluded: cert.excluded,
        cases: cert
            .cases
            .iter()
            .map(|c| CaseJson {
                neurons: c
                    .neurons
                    .iter()
                    .map(|n| CaseNeuronJson {
                        cell: n.cell.pair(),
                        orientation: pm(n.sigma),
                        weight: pm(n.weight),
                    })
                    .collect(),
                equalities: strings(&c.equalities),
                strict: strings(&c.strict),
            })
            .collect(),
        claims: CaseSplitClaims { layers: 2, neurons: cert.neurons() },
    };
    to_text(&json, pretty)
}

/// Why a user's instance file could not be read.
#[derive(Debug, Error)]
pub enum InstanceFileError {
    #[error("not a JSON instance object: {0}")]
    Json(#[from] serde_json::Error),
    #[error("{field}: {text:?} is not a rational (write \"p\" or \"p/q\" with q ≠ 0)")]
    BadRational { field: String, text: String },
    #[error("k = {claimed} but there are {actual} points")]
    WrongK { claimed: usize, actual: usize },
    #[error("d = {claimed} but point {sample} has {actual} coordinates")]
    WrongD { claimed: usize, sample: usize, actual: usize },
    #[error(transparent)]
    Invalid(#[from] crate::instance::InstanceError),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InstanceIn {
    k: usize,
    d: usize,
    points: Vec<Vec<String>>,
    targets: Vec<String>,
    t: Vec<usize>,
}

fn parse_rational(field: String, text: &str) -> Result<Q, InstanceFileError> {
    let well_formed = {
        let body = text.strip_prefix('-').unwrap_or(text);
        let mut parts = body.split('/');
        let num = parts.next().unwrap_or("");
        let den = parts.next();
        parts.next().is_none()
            && !num.is_empty()
            && num.bytes().all(|b| b.is_ascii_digit())
            && den.is_none_or(|d| {
                !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()) && d.bytes().any(|b| b != b'0')
            })
    };
    match Q::from_str(text) {
        Ok(q) if well_formed => Ok(q),
        _ => Err(InstanceFileError::BadRational { field, text: text.to_string() }),
    }
}

/// Reads an `instance` object (as in the certificate format). Rationals may be unreduced
/// (`"2/4"` is read as 1/2); the instance is then validated.
pub fn parse_instance(text: &str) -> Result<Instance, InstanceFileError> {
    let raw: InstanceIn = serde_json::from_str(text)?;
    if raw.points.len() != raw.k {
        return Err(InstanceFileError::WrongK { claimed: raw.k, actual: raw.points.len() });
    }
    let mut points = Vec::with_capacity(raw.k);
    for (i, p) in raw.points.iter().enumerate() {
        if p.len() != raw.d {
            return Err(InstanceFileError::WrongD { claimed: raw.d, sample: i + 1, actual: p.len() });
        }
        let row = p
            .iter()
            .enumerate()
            .map(|(j, s)| parse_rational(format!("points[{i}][{j}] (sample {})", i + 1), s))
            .collect::<Result<Vec<Q>, _>>()?;
        points.push(row);
    }
    let targets = raw
        .targets
        .iter()
        .enumerate()
        .map(|(i, s)| parse_rational(format!("targets[{i}] (sample {})", i + 1), s))
        .collect::<Result<Vec<Q>, _>>()?;
    let instance = Instance { points, targets, t: raw.t };
    instance.validate()?;
    Ok(instance)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The direct rational writer gives `Display`'s string, around and beyond 2^64.
    #[test]
    fn push_q_matches_display() {
        let mut values: Vec<Q> = Vec::new();
        for p in [0i64, 1, -1, 7, -9, 10, 99, 100, i64::MAX, i64::MIN + 1] {
            for d in [1i64, 2, 3, 10, 1 << 40, i64::MAX] {
                values.push(crate::rational::frac(p, d));
            }
        }
        let two64 = Q::from(u64::MAX) + Q::from(1);
        values.push(two64.clone());
        values.push(-two64.clone());
        values.push(Q::from(u64::MAX));
        values.push(-Q::from(u64::MAX) / two64.clone());
        values.push(Q::from(3) / two64);
        for q in values {
            let mut out = String::new();
            push_q(&mut out, &q);
            assert_eq!(out, q.to_string());
        }
        let mut out = String::new();
        push_u64(&mut out, u64::MAX);
        push_u64(&mut out, 0);
        assert_eq!(out, format!("{}0", u64::MAX));
    }

    /// The bytes and bits of `upper` on the malachite `two-layer-paper` network of `mask`,
    /// compared with `PaperWriter::write` on `paper_small`'s network and with
    /// `PaperWriter::write_indexed` on `PaperJumps`' (into one reused buffer, as in a sweep).
    struct WriterCase<'a> {
        base: &'a crate::instance::BaseInstance,
        proj: &'a crate::instance::Projection,
        writer: &'a PaperWriter,
        jumps: &'a crate::construct::two_layer::PaperJumps,
        texts: &'a SmallTexts,
    }

    impl WriterCase<'_> {
        fn compare(
            &self,
            mask: u64,
            buffer: &mut String,
            net: &mut crate::construct::two_layer::PaperIndexed,
        ) {
            use crate::construct::two_layer::paper_small;
            use crate::small_q::SmallQ;
            let (base, proj) = (self.base, self.proj);
            let k = base.points.len();
            let t = crate::instance::t_of_mask(k, mask);
            let inst = base.with_t(&t);
            let c: Vec<SmallQ> = proj.c.iter().map(|x| SmallQ::from_q(x).unwrap()).collect();
            let v: Vec<SmallQ> =
                proj.sorted_targets(&inst).iter().map(|x| SmallQ::from_q(x).unwrap()).collect();
            let small = paper_small(&c, &v, &proj.sorted_in_t(&inst)).unwrap();
            let mut text = String::new();
            let bits = self.writer.write(&mut text, mask, &small);
            let id = ConstructionId::TwoLayerPaper;
            let built = id.build_projected(&inst, proj);
            assert_eq!(text, upper(id, &inst, &built, false), "K={k} T={t:?}");
            let layers = &built.network.layers;
            let expected = crate::rational::max_bits(
                layers.iter().flat_map(|l| l.weights.iter().flatten().chain(&l.biases)),
            );
            assert_eq!(bits, expected, "K={k} T={t:?}");
            self.jumps.network(proj.sorted_mask(mask), net).unwrap();
            buffer.clear();
            assert_eq!(self.writer.write_indexed(buffer, mask, net, self.texts), expected, "K={k} T={t:?}");
            assert_eq!(*buffer, text, "K={k} T={t:?}");
        }
    }

    /// `PaperWriter::write` and `write_indexed` give the bytes of `upper` on the malachite
    /// `two-layer-paper` network, and the same bit sizes: every T of K ≤ 9, d ≤ 3, two seeds, and
    /// 100 random T of K = 17 and 24 (three bytes of the mask, two-digit indices; also `gaussian`
    /// points); `push_small` gives `Display`'s string, also past 2^64.
    #[test]
    fn paper_writer_matches_upper() {
        use crate::construct::two_layer::{PaperIndexed, PaperJumps, PaperTable};
        use crate::instance::{gaussian, generated, Projection};
        use crate::small_q::SmallQ;
        let (mut buffer, mut net) = (String::new(), PaperIndexed::default());
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut compared = 0;
        let cases = (2..=9).flat_map(|k| (1..=3).flat_map(move |d| (0..2).map(move |s| generated(k, d, s))));
        let large = [generated(17, 2, 0), gaussian(17, 3, 1), generated(24, 1, 0), gaussian(24, 2, 0)];
        for base in cases.chain(large) {
            let k = base.points.len();
            let proj = Projection::of(&base.points);
            let writer = PaperWriter::new(&base.with_t(&[]), &base.values, &proj);
            let c: Vec<SmallQ> = proj.c.iter().map(|x| SmallQ::from_q(x).unwrap()).collect();
            let values: Vec<SmallQ> =
                proj.order.iter().map(|&i| SmallQ::from_q(&base.values[i]).unwrap()).collect();
            let jumps = PaperJumps::new(&PaperTable::new(&c, &values).unwrap()).unwrap();
            let texts = SmallTexts::new(jumps.values());
            let case = WriterCase { base: &base, proj: &proj, writer: &writer, jumps: &jumps, texts: &texts };
            let masks: Vec<u64> = if k <= 9 {
                (0..1 << k).collect()
            } else {
                (0..100)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        state & ((1 << k) - 1)
                    })
                    .chain([0, (1 << k) - 1])
                    .collect()
            };
            for mask in masks {
                case.compare(mask, &mut buffer, &mut net);
                compared += 1;
            }
        }
        assert!(compared > 5_000, "{compared}");
        for (n, d) in [(0i128, 1i128), (-7, 1), (3, 4), (-3, 4), (1 << 62, 1), (-(1 << 62), (1 << 62) - 1)] {
            let exact = Q::from_signeds(n, d);
            let small = SmallQ::from_q(&exact).unwrap();
            let mut out = String::new();
            push_small(&mut out, small);
            assert_eq!(out, exact.to_string());
            assert_eq!(small_bits(small), crate::rational::max_bits([&exact]));
            assert_eq!(SmallTexts::new(&[small]).entries[0], (format!(",\"{exact}\""), small_bits(small)));
        }
    }

    /// The hand-written serialisation gives the serde bytes for every construction (2 and 3
    /// layers, with and without paper bounds), every T of K = 5 and some T of K = 9.
    #[test]
    fn direct_serialisation_matches_serde() {
        use crate::instance::{generated, Projection};
        let mut compared = 0;
        for (k, step) in [(5usize, 1u64), (9, 37)] {
            let base = generated(k, 2, 0);
            let projection = Projection::of(&base.points);
            for mask in (0u64..1 << k).step_by(step as usize) {
                let t: Vec<usize> = (0..k).filter(|i| mask >> i & 1 == 1).map(|i| i + 1).collect();
                let instance = base.with_t(&t);
                for &id in ConstructionId::ALL {
                    let built = id.build_projected(&instance, &projection);
                    for pretty in [false, true] {
                        assert_eq!(
                            upper(id, &instance, &built, pretty),
                            upper_serde(id, &instance, &built, pretty)
                        );
                    }
                    compared += 1;
                }
            }
        }
        assert!(compared > 300);
    }

    #[test]
    fn indent_keeps_flat_arrays_on_one_line() {
        let compact = r#"{"a":[["1","2/3"],["x]\"y"]],"b":{"c":[]},"d":[1,{"e":2}]}"#;
        let pretty = indent(compact);
        assert_eq!(
            pretty,
            "{\n  \"a\": [\n    [\"1\", \"2/3\"],\n    [\"x]\\\"y\"]\n  ],\n  \"b\": {\n    \"c\": []\n  },\n  \"d\": [\n    1,\n    {\n      \"e\": 2\n    }\n  ]\n}"
        );
        let round: serde_json::Value = serde_json::from_str(&pretty).unwrap();
        assert_eq!(round, serde_json::from_str::<serde_json::Value>(compact).unwrap());
    }

    #[test]
    fn instance_file_errors_name_the_place() {
        let ok = r#"{"k":3,"d":1,"points":[["1"],["2"],["3"]],"targets":["0","2/4","0"],"t":[2]}"#;
        let inst = parse_instance(ok).unwrap();
        assert_eq!(inst.targets[1], crate::rational::frac(1, 2));
        let bad = ok.replace("2/4", "1/0");
        let err = parse_instance(&bad).unwrap_err().to_string();
        assert!(err.contains("targets[1] (sample 2)"), "{err}");
        let repeated = ok.replace(r#"["3"]"#, r#"["1"]"#);
        assert_eq!(parse_instance(&repeated).unwrap_err().to_string(), "samples 1 and 3 are the same point");
        let outside = ok.replace(r#""0","2/4","0""#, r#""0","2/4","5""#);
        assert_eq!(
            parse_instance(&outside).unwrap_err().to_string(),
            "sample 3 is not in T but its target is 5 (must be 0)"
        );
    }
}
