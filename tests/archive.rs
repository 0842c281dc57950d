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
