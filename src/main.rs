//! The `ftcert` binary: parse the command line, hand it to the library.
use clap::Parser;

fn main() -> std::process::ExitCode {
    ftcert::cli::run(ftcert::cli::Cli::parse())
}
