use crate::util::{ftcert, root, stdout};
use ftcert::archive::Manifest;
use ftcert::sweep::{self, SweepConfig};

/// The archive as README documents it: `sweep --layers 2 --k-max 8 --archive DIR` followed by
/// `sweep --layers 3 --k-max 8 --archive DIR`.
fn regenerate(dir: &std::path::Path) {
    for layers in [2, 3] {
        let config = SweepConfig { archive: Some(dir.to_path_buf()), ..SweepConfig::new(layers, 3, 8) };
        let report = sweep::run(&config).unwrap();
        assert!(report.failures.is_empty(), "{:?}", report.failures);
    }
}

#[test]
fn regenerating_the_archive_is_byte_identical() {
    let tmp = tempfile::tempdir().unwrap();
    regenerate(tmp.path());
    let fresh = Manifest::load(tmp.path()).unwrap();
    let committed = Manifest::load(&root().join("certificates")).unwrap();
    // (3 two-layer + 7 three-layer constructions + 2 lower folders) × K = 3..=8.
    assert_eq!(fresh.files.len(), 12 * 6);
    assert_eq!(fresh, committed, "manifest differs from the committed archive");
    for entry in &fresh.files {
        let a = std::fs::read(tmp.path().join(&entry.file)).unwrap();
        let b = std::fs::read(root().join("certificates").join(&entry.file)).unwrap();
        assert!(a == b, "{}: bytes differ", entry.file);
    }
    let manifest_bytes = |d: &std::path::Path| std::fs::read(d.join("manifest.json")).unwrap();
    assert_eq!(manifest_bytes(tmp.path()), manifest_bytes(&root().join("certificates")));
}

#[test]
fn the_committed_archive_checks_and_a_corrupted_copy_does_not() {
    let out = ftcert(&["check", "--quiet", "certificates"], root());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains(" 0 rejected, 0 declined"), "{}", stdout(&out));

    let tmp = tempfile::tempdir().unwrap();
    regenerate(tmp.path());
    let victim = tmp.path().join("two-layer-paper/k05.jsonl.gz");
    let mut bytes = std::fs::read(&victim).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&victim, bytes).unwrap();
    std::fs::write(tmp.path().join("stray.jsonl"), "").unwrap();
    let out = ftcert(&["check", "--quiet", tmp.path().to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("two-layer-paper/k05.jsonl.gz: SHA-256 is"), "{text}");
    assert!(text.contains("stray.jsonl: file is not in the manifest"), "{text}");
}

/// One-line JSON of a corpus file.
fn line_of(rel: &str) -> String {
    let text = std::fs::read_to_string(root().join(rel)).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v.to_string()
}

/// A hand-made archive folder: `a.jsonl` with `lines`, listed with `count` and its true hash,
/// plus `extra` manifest entries (file, count, sha256) that are not written.
fn hand_archive(dir: &std::path::Path, lines: &[String], count: usize, extra: &[(&str, usize, &str)]) {
    let body = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    std::fs::write(dir.join("a.jsonl"), &body).unwrap();
    let mut files = vec![serde_json::json!({
        "file": "a.jsonl", "count": count, "sha256": ftcert::io::sha256_hex(body.as_bytes())
    })];
    for (file, count, sha) in extra {
        files.push(serde_json::json!({"file": file, "count": count, "sha256": sha}));
    }
    let manifest = serde_json::json!({"format": "ftcert-manifest/1", "files": files});
    std::fs::write(dir.join("manifest.json"), serde_json::to_string_pretty(&manifest).unwrap()).unwrap();
}

fn check_dir(dir: &std::path::Path) -> (Option<i32>, String) {
    let out = ftcert(&["check", "--quiet", dir.to_str().unwrap()], root());
    (out.status.code(), stdout(&out))
}

/// Issue 11: the archive glue itself. A valid manifest does not vouch for its certificates (a
/// false one is checked and refused, by line), a wrong count and a listed-but-missing file are
/// refused, and the accepted tally is the number of certificates actually checked.
#[test]
fn archive_false_certificate_wrong_count_missing_file() {
    let good = line_of("tests/data/good/upper-two-layer-paper-k3.json");
    let bad = line_of("tests/data/bad/wrong-output-one-sample.json");

    let tmp = tempfile::tempdir().unwrap();
    hand_archive(tmp.path(), &[good.clone(), good.clone(), good.clone()], 3, &[]);
    let (code, text) = check_dir(tmp.path());
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("3 accepted, 0 rejected, 0 declined"), "{text}");

    let tmp = tempfile::tempdir().unwrap();
    hand_archive(tmp.path(), &[good.clone(), bad, good.clone()], 3, &[]);
    let (code, text) = check_dir(tmp.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("a.jsonl") && text.contains("line 2") && text.contains("target is 1/3"), "{text}");
    assert!(text.contains("2 accepted, 1 rejected"), "{text}");

    let tmp = tempfile::tempdir().unwrap();
    hand_archive(tmp.path(), &[good.clone(), good.clone()], 3, &[]);
    let (code, text) = check_dir(tmp.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("a.jsonl: holds 2 certificates, the manifest says 3"), "{text}");

    let tmp = tempfile::tempdir().unwrap();
    let zero = "0".repeat(64);
    hand_archive(tmp.path(), &[good], 1, &[("gone.jsonl", 1, &zero)]);
    let (code, text) = check_dir(tmp.path());
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("gone.jsonl: listed in the manifest but cannot be read"), "{text}");
}
