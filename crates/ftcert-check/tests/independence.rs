//! The checker must never depend on the builder: no `ftcert` crate, no malachite.

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read src dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn checker_does_not_depend_on_the_builder() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = fs::read_to_string(root.join("Cargo.toml")).expect("read Cargo.toml");
    let mut files = vec![(root.join("Cargo.toml"), manifest.clone())];
    let mut paths = Vec::new();
    sources(&root.join("src"), &mut paths);
    assert!(paths.len() >= 5, "expected the checker's sources, got {paths:?}");
    for p in paths {
        let text = fs::read_to_string(&p).expect("read source");
        files.push((p, text));
    }
    for (path, text) in &files {
        let lower = text.to_lowercase();
        assert!(!lower.contains("malachite"), "{} mentions malachite", path.display());
        for needle in ["use ftcert::", "ftcert::", "extern crate ftcert;"] {
            assert!(!text.contains(needle), "{} mentions {needle}", path.display());
        }
    }
    // No dependency line names the builder crate (`ftcert = …` or a path to the workspace root).
    let mut in_deps = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line.contains("dependencies");
            continue;
        }
        if in_deps {
            let name = line.split('=').next().unwrap_or("").trim();
            assert_ne!(name, "ftcert", "Cargo.toml depends on the builder: {line}");
            assert!(!line.contains("path = \"../..\""), "path dependency on the root: {line}");
            assert!(!line.contains("path = \"../../\""), "path dependency on the root: {line}");
        }
    }
}
