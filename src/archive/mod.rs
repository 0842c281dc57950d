//! The certificate archive: gzip JSON Lines files per (construction or lower rule, K) and a
//! manifest of their SHA-256 hashes (docs/certificate-format.md, "Archives"). Files are streamed
//! to a temporary sibling and renamed into place when complete (bounded memory, atomic).

use crate::io::write_atomic;
use flate2::write::GzEncoder;
use flate2::{Compression, GzBuilder};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::{self, BufWriter, Write};
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

/// A writer that hashes (SHA-256) and counts everything written through it.
struct Hashing<W: Write> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A gzip JSON Lines file streamed to a temporary sibling (`.NAME.partial`) and hashed on the
/// fly; `finish` fsyncs it and renames it into place, so memory stays bounded whatever the size
/// and a file is either absent or complete (never half-written under its final name).
pub struct ArchiveFile {
    relative: String,
    path: PathBuf,
    partial: PathBuf,
    encoder: GzEncoder<Hashing<BufWriter<File>>>,
    count: usize,
}

/// The temporary name under which `path` is streamed before its atomic rename.
pub fn partial_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

impl ArchiveFile {
    /// Starts the file `relative` (a `/`-separated path inside the archive folder `dir`).
    pub fn create(dir: &Path, relative: String) -> io::Result<ArchiveFile> {
        let path = dir.join(&relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let partial = partial_path(&path);
        let file = BufWriter::with_capacity(1 << 16, File::create(&partial)?);
        // No file name and mtime 0 in the gzip header: the bytes depend only on the content.
        let encoder = GzBuilder::new()
            .mtime(0)
            .write(Hashing { inner: file, hasher: Sha256::new() }, Compression::default());
        Ok(ArchiveFile { relative, path, partial, encoder, count: 0 })
    }

    /// Appends one compact certificate as a line.
    pub fn push(&mut self, certificate: &str) -> io::Result<()> {
        self.encoder.write_all(certificate.as_bytes())?;
        self.encoder.write_all(b"\n")?;
        self.count += 1;
        Ok(())
    }

    /// Appends already formatted lines (each ending in a newline); `lines` is their number.
    pub fn push_raw(&mut self, bytes: &[u8], lines: usize) -> io::Result<()> {
        self.encoder.write_all(bytes)?;
        self.count += lines;
        Ok(())
    }

    /// Completes the file (fsync, atomic rename) and returns its manifest entry.
    pub fn finish(self) -> io::Result<Entry> {
        let hashing = self.encoder.finish()?;
        let Hashing { inner, hasher } = hashing;
        let file = inner.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.partial, &self.path)?;
        if let Some(parent) = self.path.parent() {
            if let Ok(d) = File::open(parent) {
                let _ = d.sync_all();
            }
        }
        Ok(Entry { file: self.relative, count: self.count, sha256: crate::io::hex(&hasher.finalize()) })
    }
}

/// SHA-256 of a file's bytes, streamed; `None` if it cannot be read.
pub fn file_sha256(path: &Path) -> Option<String> {
    let mut file = File::open(path).ok()?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        match std::io::Read::read(&mut file, &mut buf) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buf[..n]),
            Err(_) => return None,
        }
    }
    Some(crate::io::hex(&hasher.finalize()))
}

/// Whether `dir/entry.file` exists with the manifest entry's hash.
pub fn entry_intact(dir: &Path, entry: &Entry) -> bool {
    file_sha256(&dir.join(&entry.file)).is_some_and(|h| h == entry.sha256)
}

/// The archive path of the certificates of `name` (a construction or `lower-<layers>`) for K.
pub fn relative_path(name: &str, k: usize) -> String {
    format!("{name}/k{k:02}.jsonl.gz")
}
