//! The `ftcert` binary: parse the command line, hand it to the library.
use clap::Parser;

/// mimalloc instead of the system allocator: a sweep builds and drops a certificate text and a
/// JSON tree per set T, and glibc's malloc/free took ~15 % of a K = 21 sweep.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    ftcert::cli::run(ftcert::cli::Cli::parse())
}
