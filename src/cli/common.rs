//! Helpers shared by the subcommands: numeric argument parsers (a bad value is a clap usage error,
//! exit 2), the guard against runs too long to finish, and standard-output writing that exits
//! quietly on a closed pipe and reports other write errors with exit 2.

use clap::builder::RangedU64ValueParser;
use std::io::Write;

/// Exit code of a process whose standard output was closed (as if killed by SIGPIPE: 128 + 13).
pub const BROKEN_PIPE_EXIT: i32 = 141;

/// The largest number of certificates a run builds without `--yes` (or a shard): 10⁹.
pub const CERTIFICATE_BUDGET: u128 = 1_000_000_000;

/// Runs that build more certificates than this print their size and an estimate first.
pub const ANNOUNCE_FROM: u128 = 10_000_000;

/// Rough single-core throughput used for estimates (certificates built and checked per second,
/// 2-layer constructions on a loaded 2-core machine; docs/performance.md).
pub const ESTIMATE_RATE_PER_CORE: u128 = 50_000;

/// The same for networks with three or more layers: the K ≤ 20 3-layer sweep (14,681,808
/// certificates) took 730 s on 2 threads, about 10,000 per second per thread.
pub const ESTIMATE_RATE_PER_CORE_DEEP: u128 = 10_000;

/// The estimate's rate per thread for networks with `layers` layers.
pub fn estimate_rate(layers: usize) -> u128 {
    if layers <= 2 {
        ESTIMATE_RATE_PER_CORE
    } else {
        ESTIMATE_RATE_PER_CORE_DEEP
    }
}

/// A clap parser for an integer in `lo..=hi` (as usize): 0, negative or huge values are usage
/// errors naming the allowed range.
pub fn int_in(lo: u64, hi: u64) -> RangedU64ValueParser<usize> {
    RangedU64ValueParser::<usize>::new().range(lo..=hi)
}

/// Writes `text` to standard output. A closed pipe (`| head`) ends the process quietly with
/// [`BROKEN_PIPE_EXIT`]; any other write error (e.g. `> /dev/full`) is reported and gives
/// `Err(2)`, the exit code to return.
pub fn out(text: &str) -> Result<(), u8> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => std::process::exit(BROKEN_PIPE_EXIT),
        Err(e) => {
            eprintln!("error: writing to standard output: {e}");
            Err(2)
        }
    }
}

/// [`out`] with a newline.
pub fn outln(text: &str) -> Result<(), u8> {
    out(&format!("{text}\n"))
}

/// Prints a usage or I/O error; returns exit code 2.
pub fn usage(message: impl std::fmt::Display) -> u8 {
    eprintln!("error: {message}");
    2
}

/// `-o FILE` and `--report FILE` are written only into an existing folder (a typo in the folder
/// name is an error, not a new folder).
pub fn output_folder_exists(path: &std::path::Path) -> Result<(), String> {
    match path.parent().filter(|p| !p.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => {
            Err(format!("{}: folder {} does not exist (create it first)", path.display(), dir.display()))
        }
        _ => Ok(()),
    }
}

/// Seconds as "1.2 s", "3 min", "5.0 h", "2.1 days" or "3.4 years" (integer arithmetic).
pub fn human_duration(seconds: u128) -> String {
    let tenths = |x: u128, unit: u128| format!("{}.{}", x / unit, x % unit * 10 / unit);
    match seconds {
        0..=119 => format!("{seconds} s"),
        120..=7199 => format!("{} min", seconds / 60),
        7200..=172_799 => format!("{} h", tenths(seconds, 3600)),
        172_800..=63_071_999 => format!("{} days", tenths(seconds, 86_400)),
        _ => format!("{} years", tenths(seconds, 31_536_000)),
    }
}

/// The long-run guard: prints the size and an estimate of a run of `certificates` certificates
/// on `threads` threads when it is large, and refuses (usage error, exit 2) more than
/// [`CERTIFICATE_BUDGET`] unless `confirmed` (`--yes`, or a shard of a planned cluster run).
pub fn guard_long_run(
    what: &str,
    certificates: u128,
    (threads, per_thread): (usize, u128),
    confirmed: bool,
) -> Result<(), u8> {
    if certificates < ANNOUNCE_FROM {
        return Ok(());
    }
    let rate = per_thread.max(1) * threads.max(1) as u128;
    let estimate = human_duration(certificates / rate);
    eprintln!(
        "{what}: {certificates} certificates; estimate about {estimate} on {threads} threads (at ~{per_thread}/s per thread)"
    );
    if certificates > CERTIFICATE_BUDGET && !confirmed {
        return Err(usage(format!(
            "{certificates} certificates exceed the budget of {CERTIFICATE_BUDGET}; pass --yes to run anyway, or split it with --shard i/n (docs/cluster.md)"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(human_duration(5), "5 s");
        assert_eq!(human_duration(600), "10 min");
        assert_eq!(human_duration(9000), "2.5 h");
        assert_eq!(human_duration(86_400 * 3), "3.0 days");
        assert_eq!(human_duration(31_536_000 * 40), "40.0 years");
    }

    #[test]
    fn guard_refuses_above_the_budget() {
        assert_eq!(guard_long_run("t", CERTIFICATE_BUDGET + 1, (2, 1), false), Err(2));
        assert_eq!(guard_long_run("t", CERTIFICATE_BUDGET + 1, (2, 1), true), Ok(()));
        assert_eq!(guard_long_run("t", CERTIFICATE_BUDGET, (2, 1), false), Ok(()));
    }
}
