//! The certificate archive: gzip JSON Lines files per (construction or lower rule, K) and a
//! manifest of their SHA-256 hashes (docs/certificate-format.md, "Archives").

use crate::io::{sha256_hex, write_atomic};
use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};
use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The manifest's format version.
pub const MANIFEST_FORMAT: &str = "ftcert-manifest/1";
/// The manifest's file name inside an archive folder.
pub const MANIFEST: &str = "manifest.json";

/// One archive file in the manifest.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub file: String,
    pub count: usize,
    pub sha256: String,
}

/// `manifest.json`: every archive file, sorted by path.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub files: Vec<Entry>,
}

impl Manifest {
    /// Reads `dir/manifest.json`, or an empty manifest if there is none.
    pub fn load_or_empty(dir: &Path) -> io::Result<Manifest> {
        let path = dir.join(MANIFEST);
        if !path.exists() {
            return Ok(Manifest { format: MANIFEST_FORMAT.to_string(), files: Vec::new() });
        }
        Manifest::load(dir)
    }

    /// Reads `dir/manifest.json`.
    pub fn load(dir: &Path) -> io::Result<Manifest> {
        let path = dir.join(MANIFEST);
        let text = std::fs::read_to_string(&path)?;
        let manifest: Manifest = serde_json::from_str(&text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))?;
        if manifest.format != MANIFEST_FORMAT {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}: unknown manifest format {:?}", path.display(), manifest.format),
            ));
        }
        Ok(manifest)
    }

    /// Adds or replaces the entry for `entry.file`, keeping the list sorted.
    pub fn upsert(&mut self, entry: Entry) {
        self.files.retain(|e| e.file != entry.file);
        self.files.push(entry);
        self.files.sort();
    }

    /// Writes `dir/manifest.json` atomically.
    pub fn save(&self, dir: &Path) -> io::Result<()> {
        let mut text = serde_json::to_string_pretty(self).expect("manifest serialises");
        text.push('\n');
        write_atomic(&dir.join(MANIFEST), text.as_bytes())
    }
}

/// A gzip JSON Lines file being written in memory; `finish` writes it atomically.
pub struct ArchiveFile {
    relative: String,
    encoder: GzEncoder<Vec<u8>>,
    count: usize,
}

impl ArchiveFile {
    /// A new file at `relative` (a path inside the archive folder, `/`-separated).
    pub fn new(relative: String) -> ArchiveFile {
        // No file name and mtime 0 in the gzip header: the bytes depend only on the content.
        let encoder = GzBuilder::new().mtime(0).write(Vec::new(), Compression::default());
        ArchiveFile { relative, encoder, count: 0 }
    }

    /// Appends one compact certificate as a line.
    pub fn push(&mut self, certificate: &str) {
        self.encoder.write_all(certificate.as_bytes()).expect("writing to memory");
        self.encoder.write_all(b"\n").expect("writing to memory");
        self.count += 1;
    }

    /// Writes the file under `dir` and returns its manifest entry.
    pub fn finish(self, dir: &Path) -> io::Result<Entry> {
        let bytes = self.encoder.finish()?;
        let path: PathBuf = dir.join(&self.relative);
        write_atomic(&path, &bytes)?;
        Ok(Entry { file: self.relative, count: self.count, sha256: sha256_hex(&bytes) })
    }
}

/// The archive path of the certificates of `name` (a construction or `lower-<layers>`) for K.
pub fn relative_path(name: &str, k: usize) -> String {
    format!("{name}/k{k:02}.jsonl.gz")
}
