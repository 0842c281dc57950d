//! The repository's own data files, judged by the checker crate alone (issue 11): mutation
//! testing runs only `cargo test -p ftcert-check` per mutant, so the checker's suite must see the
//! negative corpus `tests/data/bad/` (verdict, kind, JSON pointer and message of every file), the
//! positive corpus `tests/data/good/` and the archive `certificates/` (every archived certificate
//! accepted with exactly the summary its own JSON claims, and simple mutations of each refused).
//! The files are read by path from the workspace root; nothing of the builder crate is used.
//!
//! The message goldens in `tests/data/bad-messages.txt` (this crate) are regenerated with
//! `FTCERT_BLESS=1 cargo test -p ftcert-check --test tests repository_data`; review the diff.

use crate::common::{corpus_dir, corpus_files, repo_root};
use ftcert_check::{check_bytes, check_str, Kind, Limits, Summary, Verdict};
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

fn limits_from(name: &str, over: Option<&Value>) -> Limits {
    let mut limits = Limits::default();
    let Some(over) = over.and_then(Value::as_object) else { return limits };
    for (key, value) in over {
        let value = usize::try_from(value.as_u64().expect("limit")).expect("limit");
        let slot = match key.as_str() {
            "max_bytes" => &mut limits.max_bytes,
            "max_rational_digits" => &mut limits.max_rational_digits,
            "max_neurons" => &mut limits.max_neurons,
            "max_layers" => &mut limits.max_layers,
            "max_k" => &mut limits.max_k,
            "max_d" => &mut limits.max_d,
            "max_depth" => &mut limits.max_depth,
            "max_line_work" => &mut limits.max_line_work,
            "max_digit_work" => &mut limits.max_digit_work,
            "max_values" => &mut limits.max_values,
            other => panic!("{name}: unknown limit {other}"),
        };
        *slot = value;
    }
    limits
}

/// (verdict, kind, path, message).
fn judge(bytes: &[u8], limits: &Limits) -> (&'static str, String, Option<String>, String) {
    match check_bytes(bytes, limits) {
        Verdict::Accepted(_) => ("accepted", "accepted".into(), None, String::new()),
        Verdict::Rejected(r) => ("rejected", r.kind().into(), r.path().map(str::to_string), r.to_string()),
        Verdict::Declined(d) => ("declined", d.kind().into(), d.path().map(str::to_string), d.to_string()),
    }
}

fn messages_golden() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad-messages.txt")
}

#[test]
fn every_bad_file_gets_its_verdict_kind_path_and_message() {
    let text = std::fs::read_to_string(corpus_dir("bad").join("expected.json")).expect("bad/expected.json");
    let manifest: Value = serde_json::from_str(&text).expect("manifest is JSON");
    let manifest = manifest.as_object().expect("manifest object");
    let listed: Vec<String> = manifest.keys().cloned().collect();
    assert_eq!(corpus_files("bad"), listed, "bad/ and bad/expected.json list different files");
    assert!(listed.len() >= 90, "the corpus shrank to {} files", listed.len());
    let mut wrong = Vec::new();
    let mut messages = String::new();
    for (name, e) in manifest {
        let limits = limits_from(name, e.get("limits"));
        let bytes = std::fs::read(corpus_dir("bad").join(name)).expect("corpus file");
        let (verdict, kind, path, message) = judge(&bytes, &limits);
        let want = (e["verdict"].as_str(), e["kind"].as_str(), e["path"].as_str());
        if (Some(verdict), Some(kind.as_str()), path.as_deref()) != want {
            wrong.push(format!("{name}: expected {want:?}, got {verdict} {kind} at {path:?}"));
        }
        // The message names the place (when there is one) and says more than the kind.
        if let Some(p) = &path {
            let shown = if p.is_empty() { "(top level)" } else { p.as_str() };
            assert!(message.contains(shown), "{name}: message {message:?} does not name {shown}");
        }
        assert!(message.len() > kind.len(), "{name}: message {message:?}");
        messages.push_str(&format!("{name}\t{message}\n"));
    }
    assert!(wrong.is_empty(), "{} bad files misjudged:\n{}", wrong.len(), wrong.join("\n"));
    compare_golden(&messages_golden(), &messages);
}

/// Exact comparison with a committed golden file (or rewrite it with FTCERT_BLESS=1).
fn compare_golden(path: &Path, actual: &str) {
    if std::env::var_os("FTCERT_BLESS").is_some() {
        std::fs::write(path, actual).expect("write golden");
        return;
    }
    let expected = std::fs::read_to_string(path).expect("golden file (FTCERT_BLESS=1 writes it)");
    let diff: Vec<String> = expected
        .lines()
        .zip(actual.lines())
        .filter(|(e, a)| e != a)
        .map(|(e, a)| format!("expected {e}\n     got {a}"))
        .take(10)
        .collect();
    assert!(diff.is_empty(), "{} differs:\n{}", path.display(), diff.join("\n"));
    assert_eq!(expected.lines().count(), actual.lines().count(), "{}", path.display());
}

fn usize_at(v: &Value, pointer: &str) -> usize {
    usize::try_from(v.pointer(pointer).and_then(Value::as_u64).unwrap_or_else(|| panic!("{pointer}")))
        .expect("fits")
}

/// The summary an accepted certificate must produce, read from the certificate itself (its
/// instance, its network's shape and its claims) rather than computed by the checker.
fn expected_summary(v: &Value) -> Summary {
    let kind = if v["kind"] == "upper" { Kind::Upper } else { Kind::Lower };
    let t = v.pointer("/instance/t").and_then(Value::as_array).expect("t");
    let mut s = Summary {
        kind,
        construction: v["construction"].as_str().map(str::to_string),
        rule: v["rule"].as_str().map(str::to_string),
        k: usize_at(v, "/instance/k"),
        d: usize_at(v, "/instance/d"),
        n: t.len(),
        layers: v.pointer("/claims/layers").and_then(Value::as_u64).unwrap_or(0) as usize,
        neurons: usize_at(v, "/claims/neurons"),
        bound: None,
        pieces: None,
        breakpoints: v.pointer("/claims/breakpoints").and_then(Value::as_u64).map(|b| b as usize),
        widths: Vec::new(),
    };
    if kind == Kind::Upper {
        let layers = v.pointer("/network/layers").and_then(Value::as_array).expect("layers");
        s.layers = layers.len();
        s.widths = layers[..layers.len() - 1]
            .iter()
            .map(|l| l["weights"].as_array().expect("weights").len())
            .collect();
        assert_eq!(s.widths.iter().sum::<usize>(), s.neurons, "claims.neurons is the width sum");
        s.bound = Some(usize_at(v, "/claims/bound"));
        s.pieces = Some(usize_at(v, "/claims/pieces"));
    } else if let Some(w) = v.pointer("/claims/width").and_then(Value::as_u64) {
        s.widths = vec![w as usize];
    }
    s
}

#[test]
fn every_good_file_is_accepted_with_the_summary_it_claims() {
    let good = corpus_files("good");
    assert!(good.len() >= 10, "only {} good files", good.len());
    for name in &good {
        let bytes = std::fs::read(corpus_dir("good").join(name)).expect("good file");
        let v: Value = serde_json::from_slice(&bytes).expect("JSON");
        match check_bytes(&bytes, &Limits::default()) {
            Verdict::Accepted(s) => assert_eq!(s, expected_summary(&v), "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

/// The archive's files with their manifest counts, decompressed into lines.
fn archive() -> Vec<(String, usize, Vec<String>)> {
    let dir = repo_root().join("certificates");
    let text = std::fs::read_to_string(dir.join("manifest.json")).expect("certificates/manifest.json");
    let manifest: Value = serde_json::from_str(&text).expect("manifest JSON");
    let mut out = Vec::new();
    for f in manifest["files"].as_array().expect("files") {
        let name = f["file"].as_str().expect("file").to_string();
        let count = usize::try_from(f["count"].as_u64().expect("count")).expect("count");
        let gz = std::fs::read(dir.join(&name)).expect("archive file");
        let mut raw = String::new();
        flate2::read::GzDecoder::new(&gz[..]).read_to_string(&mut raw).expect("gzip");
        out.push((name, count, raw.lines().map(str::to_string).collect()));
    }
    out
}

#[test]
fn every_archived_certificate_is_accepted_with_the_summary_it_claims() {
    let archive = archive();
    assert!(archive.len() >= 60, "only {} archive files", archive.len());
    let mut total = 0;
    let mut per_kind = BTreeMap::new();
    for (name, count, lines) in &archive {
        assert_eq!(lines.len(), *count, "{name}: manifest count");
        for (i, line) in lines.iter().enumerate() {
            let v: Value = serde_json::from_str(line).expect("JSON line");
            match check_str(line, &Limits::default()) {
                Verdict::Accepted(s) => assert_eq!(s, expected_summary(&v), "{name} line {}", i + 1),
                other => panic!("{name} line {}: {other:?}", i + 1),
            }
            let family = v["construction"].as_str().or(v["rule"].as_str()).expect("family");
            *per_kind.entry(family.to_string()).or_insert(0usize) += 1;
        }
        total += lines.len();
    }
    assert!(total >= 5000, "only {total} archived certificates");
    println!("{total} archived certificates accepted: {per_kind:?}");
}

/// Replace exactly one occurrence of `from` in `line`.
fn replace_once(line: &str, from: &str, to: &str) -> String {
    assert_eq!(line.matches(from).count(), 1, "{from} in {line}");
    line.replacen(from, to, 1)
}

/// A rejection's kind and JSON pointer.
type Refusal = (String, Option<String>);

fn rejected(line: &str) -> Refusal {
    match check_str(line, &Limits::default()) {
        Verdict::Rejected(r) => (r.kind().to_string(), r.path().map(str::to_string)),
        other => panic!("accepted or declined: {other:?}\n{line}"),
    }
}

/// A claim raised by one, or a target of T negated: the certificate is refused at that place.
fn mutate_and_judge(v: &Value, line: &str) -> Vec<(Refusal, (&'static str, Option<String>))> {
    let mut out = Vec::new();
    let neurons = usize_at(v, "/claims/neurons");
    let from = format!("\"neurons\":{neurons}");
    let end = if line.contains(&format!("{from},")) { "," } else { "}" };
    let raised = replace_once(line, &format!("{from}{end}"), &format!("\"neurons\":{}{end}", neurons + 1));
    if v["kind"] == "upper" {
        out.push((rejected(&raised), ("wrong-neurons", Some("/claims/neurons".into()))));
        let pieces = usize_at(v, "/claims/pieces");
        let more = replace_once(line, &format!("\"pieces\":{pieces}"), &format!("\"pieces\":{}", pieces + 1));
        out.push((rejected(&more), ("wrong-pieces", Some("/claims/pieces".into()))));
        let t = v.pointer("/instance/t").and_then(Value::as_array).expect("t");
        if let Some(first) = t.first().and_then(Value::as_u64) {
            let targets = v.pointer("/instance/targets").expect("targets");
            let mut flipped = targets.clone();
            let z = &mut flipped[first as usize - 1];
            let s = z.as_str().expect("target").to_string();
            *z = Value::from(s.strip_prefix('-').map_or(format!("-{s}"), str::to_string));
            let text = serde_json::to_string(targets).expect("targets");
            let new = serde_json::to_string(&flipped).expect("targets");
            let line = replace_once(line, &format!("\"targets\":{text}"), &format!("\"targets\":{new}"));
            out.push((rejected(&line), ("wrong-output", None)));
        }
    } else {
        out.push((rejected(&raised), ("wrong-neurons", Some("/claims/neurons".into()))));
    }
    out
}

#[test]
fn mutated_archived_certificates_are_refused_at_the_place() {
    let mut tried = 0;
    for (name, _, lines) in archive() {
        // The first, last and every 7th line of each file.
        for (i, line) in lines.iter().enumerate() {
            if !(i == 0 || i + 1 == lines.len() || i % 7 == 0) {
                continue;
            }
            let v: Value = serde_json::from_str(line).expect("JSON line");
            for (got, (kind, path)) in mutate_and_judge(&v, line) {
                assert_eq!(
                    (got.0.as_str(), got.1.as_deref()),
                    (kind, path.as_deref()),
                    "{name} line {}",
                    i + 1
                );
                tried += 1;
            }
        }
    }
    assert!(tried >= 1000, "only {tried} mutations tried");
    println!("{tried} mutations refused");
}

fn good_value(name: &str) -> Value {
    let bytes = std::fs::read(corpus_dir("good").join(name)).expect("good file");
    serde_json::from_slice(&bytes).expect("JSON")
}

/// Rejected, with a JSON pointer that starts with `prefix`.
fn refused_under(v: &Value, prefix: &str, what: &str) {
    let text = serde_json::to_string(v).expect("JSON");
    match check_str(&text, &Limits::default()) {
        Verdict::Rejected(r) => {
            let path = r.path().unwrap_or("");
            assert!(path.starts_with(prefix), "{what}: refused at {path}, not under {prefix}: {r}");
        }
        other => panic!("{what}: {other:?}"),
    }
}

fn rat(s: &str) -> num_rational::BigRational {
    match s.split_once('/') {
        Some((p, d)) => num_rational::BigRational::new(p.parse().expect("p"), d.parse().expect("q")),
        None => num_rational::BigRational::from_integer(s.parse().expect("integer")),
    }
}

fn plus_one(s: &str) -> String {
    let r = rat(s) + num_rational::BigRational::from_integer(1.into());
    if r.is_integer() {
        r.numer().to_string()
    } else {
        format!("{}/{}", r.numer(), r.denom())
    }
}

/// Every multiplier of every case raised by one, every case's first output sign flipped and every
/// case dropped: refused at that case (the case-split rule's Motzkin check and case list).
#[test]
fn case_split_mutations_are_refused_at_the_case() {
    let mut tried = 0;
    for name in corpus_files("good").iter().filter(|n| n.starts_with("lower-case-split")) {
        let v = good_value(name);
        let cases = v["cases"].as_array().expect("cases").len();
        assert!(cases >= 1, "{name}");
        for i in 0..cases {
            for key in ["equalities", "strict"] {
                let len = v["cases"][i][key].as_array().expect("multipliers").len();
                for j in 0..len {
                    let mut m = v.clone();
                    let x = m["cases"][i][key][j].as_str().expect("rational").to_string();
                    m["cases"][i][key][j] = Value::from(plus_one(&x));
                    refused_under(&m, &format!("/cases/{i}"), &format!("{name} case {i} {key} {j}"));
                    tried += 1;
                }
            }
            let mut m = v.clone();
            let w = &mut m["cases"][i]["neurons"][0]["weight"];
            *w = Value::from(if w == "+" { "-" } else { "+" });
            refused_under(&m, "/cases", &format!("{name} case {i} weight"));
            let mut m = v.clone();
            m["cases"].as_array_mut().expect("cases").remove(i);
            refused_under(&m, "/cases", &format!("{name} case {i} dropped"));
            tried += 2;
        }
    }
    assert!(tried >= 500, "only {tried} case-split mutations");
}

/// Every window's sign flipped, its samples reversed, or the window dropped: refused.
#[test]
fn windows_mutations_are_refused() {
    let mut tried = 0;
    for name in corpus_files("good").iter().filter(|n| n.starts_with("lower-windows")) {
        let v = good_value(name);
        let windows = v["windows"].as_array().expect("windows").len();
        for i in 0..windows {
            let mut m = v.clone();
            let sign = &mut m["windows"][i]["sign"];
            *sign = Value::from(if sign == "convex" { "concave" } else { "convex" });
            refused_under(&m, &format!("/windows/{i}"), &format!("{name} window {i} sign"));
            let mut m = v.clone();
            m["windows"][i]["samples"].as_array_mut().expect("samples").reverse();
            refused_under(&m, &format!("/windows/{i}"), &format!("{name} window {i} reversed"));
            let mut m = v.clone();
            m["windows"].as_array_mut().expect("windows").remove(i);
            refused_under(&m, "/claims", &format!("{name} window {i} dropped"));
            tried += 3;
        }
    }
    assert!(tried >= 30, "only {tried} window mutations");
}

/// A strict multiplier made negative along the strict rows' kernel: for a neuron in the cell
/// (s_p, s_{p+1}) the rows (a, u − a·s_p, a·s_{p+1} − u) have the kernel (Δ, −1, −1)·λ with
/// Δ = s_{p+1} − s_p (= 1 here), so Eᵀμ + Sᵀy stays 0 and only the sign rule y ≥ 0 refuses it,
/// at the entry that went negative (not only entry 0).
#[test]
fn case_split_negative_strict_multiplier_in_the_kernel_is_refused_where_it_is() {
    let mut tried = 0;
    for name in corpus_files("good").iter().filter(|n| n.starts_with("lower-case-split")) {
        let v = good_value(name);
        for (i, p) in v["instance"]["points"].as_array().expect("points").iter().enumerate() {
            assert_eq!(p[0], Value::from((i + 1).to_string()), "{name}: points (i, 0, …)");
        }
        for (i, case) in v["cases"].as_array().expect("cases").iter().enumerate() {
            let cell = &case["neurons"][0]["cell"];
            if cell[0] == cell[1] {
                continue; // a kink at a sample: one strict row
            }
            let y = |j: usize| rat(case["strict"][j].as_str().expect("y"));
            let lambda = y(1) + num_rational::BigRational::from_integer(1.into());
            let mut m = v.clone();
            for (j, sign) in [(0usize, 1i64), (1, -1), (2, -1)] {
                let new = y(j) + &lambda * num_rational::BigRational::from_integer(sign.into());
                let text = if new.is_integer() {
                    new.numer().to_string()
                } else {
                    format!("{}/{}", new.numer(), new.denom())
                };
                m["cases"][i]["strict"][j] = Value::from(text);
            }
            let text = serde_json::to_string(&m).expect("JSON");
            match check_str(&text, &Limits::default()) {
                Verdict::Rejected(r) => {
                    assert_eq!(r.path(), Some(format!("/cases/{i}/strict/1").as_str()), "{name}: {r}");
                    assert!(r.to_string().contains("is negative"), "{name}: {r}");
                }
                other => panic!("{name} case {i}: {other:?}"),
            }
            tried += 1;
        }
    }
    assert!(tried >= 10, "only {tried} cases with a cell-interior first neuron");
}
