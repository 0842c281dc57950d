use std::path::Path;
use std::process::{Command, Output};

/// Runs the `ftcert` binary with `args` in `dir`.
pub fn ftcert(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ftcert")).args(args).current_dir(dir).output().expect("ftcert runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
