//! The `ftcert` binary: parse the command line, hand it to the library.
use clap::Parser;
use std::sync::OnceLock;

/// mimalloc instead of the system allocator: a sweep builds and drops a certificate text and a
/// JSON tree per set T, and glibc's malloc/free took ~15 % of a K = 21 sweep.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What Ctrl-C prints during a sweep (set once before the handler is installed).
static INTERRUPT_HINT: OnceLock<String> = OnceLock::new();

/// SIGINT during a sweep: print how to resume (write(2) only, async-signal-safe) and exit 130.
extern "C" fn on_interrupt(_: libc::c_int) {
    if let Some(hint) = INTERRUPT_HINT.get() {
        // SAFETY: write(2) on a valid buffer of `len` bytes; the string is never mutated again.
        unsafe { libc::write(2, hint.as_ptr().cast(), hint.len()) };
    }
    // SAFETY: _exit(2) is async-signal-safe and ends the process at once.
    unsafe { libc::_exit(130) };
}

fn main() -> std::process::ExitCode {
    let cli = ftcert::cli::Cli::parse();
    if let Some(hint) = ftcert::cli::interrupt_hint(&cli, std::env::args()) {
        if INTERRUPT_HINT.set(hint).is_ok() {
            let handler: extern "C" fn(libc::c_int) = on_interrupt;
            // SAFETY: installs a handler that only calls async-signal-safe functions.
            unsafe { libc::signal(libc::SIGINT, handler as libc::sighandler_t) };
        }
    }
    ftcert::cli::run(cli)
}
