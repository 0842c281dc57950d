//! SMT solvers run as child processes on an SMT-LIB 2 script (on standard input), with a time
//! limit given to the solver and enforced by killing the process. A new backend is one entry of
//! [`BACKENDS`].

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// One solver: its name on the command line, its program and how it is called.
#[derive(Debug)]
pub struct Backend {
    /// `--smt` / `--solver` value.
    pub name: &'static str,
    /// The executable.
    pub program: &'static str,
    /// Arguments for a script on standard input with a soft time limit in milliseconds.
    pub args: fn(u64) -> Vec<String>,
}

fn z3_args(ms: u64) -> Vec<String> {
    vec!["-in".into(), "-smt2".into(), format!("-t:{ms}")]
}

fn cvc5_args(ms: u64) -> Vec<String> {
    vec!["--lang=smt2".into(), format!("--tlimit={ms}")]
}

/// Every known solver, in the order `both` runs them.
pub static BACKENDS: &[Backend] = &[
    Backend { name: "z3", program: "z3", args: z3_args },
    Backend { name: "cvc5", program: "cvc5", args: cvc5_args },
];

/// The backend with this name.
pub fn lookup(name: &str) -> Option<&'static Backend> {
    BACKENDS.iter().find(|b| b.name == name)
}

/// The backends a `z3|cvc5|both` choice names (`both` = every backend), or a usage message.
pub fn choose(name: &str) -> Result<Vec<&'static Backend>, String> {
    if name == "both" {
        return Ok(BACKENDS.iter().collect());
    }
    lookup(name).map(|b| vec![b]).ok_or_else(|| {
        let names: Vec<&str> = BACKENDS.iter().map(|b| b.name).collect();
        format!("unknown solver {name:?} (known: {}, both)", names.join(", "))
    })
}

/// What a solver said about a script.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Sat,
    Unsat,
    /// `unknown` before the time limit (e.g. cvc5's incomplete nonlinear arithmetic).
    Unknown,
    /// The time limit was reached.
    Timeout,
    /// The solver could not be run or printed something else (its message).
    Error(String),
}

impl Answer {
    /// `sat`, `unsat`, `unknown`, `timeout` or `error`.
    pub fn word(&self) -> &'static str {
        match self {
            Answer::Sat => "sat",
            Answer::Unsat => "unsat",
            Answer::Unknown => "unknown",
            Answer::Timeout => "timeout",
            Answer::Error(_) => "error",
        }
    }
}

/// One solver run: the answer, the wall time and everything printed after the answer line (the
/// `get-value` output for `sat`).
#[derive(Debug, Clone)]
pub struct Run {
    pub answer: Answer,
    pub millis: u128,
    pub rest: String,
}

/// Whether the backend's program can be started.
pub fn available(backend: &Backend) -> bool {
    Command::new(backend.program)
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The solver's version line (e.g. `Z3 version 4.8.12 - 64 bit`), if it runs.
pub fn version(backend: &Backend) -> Option<String> {
    let out = Command::new(backend.program).arg("--version").output().ok()?;
    String::from_utf8_lossy(&out.stdout).lines().next().map(str::to_string)
}

/// The script with its `(set-info :status …)` lines commented out: the expected answer is what
/// is being tested, and cvc5 aborts (z3 reports an error) when the answer differs from it.
pub fn without_status(script: &str) -> String {
    let mut out = String::with_capacity(script.len() + 16);
    for line in script.lines() {
        if line.trim_start().starts_with("(set-info :status") {
            out.push_str("; (status annotation removed by ftcert's solver runner) ");
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Runs `backend` on `script` with a time limit. The solver gets the limit itself; the process is
/// killed 2 s after it if it has not finished.
pub fn run(backend: &Backend, script: &str, timeout: Duration) -> Run {
    let started = Instant::now();
    let ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX).max(1);
    let child = Command::new(backend.program)
        .args((backend.args)(ms))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            return Run {
                answer: Answer::Error(format!("cannot run {}: {e}", backend.program)),
                millis: 0,
                rest: String::new(),
            }
        }
    };
    let mut stdin = child.stdin.take().expect("piped stdin");
    let text = without_status(script);
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(text.as_bytes());
    });
    let mut stdout = child.stdout.take().expect("piped stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stdout.read_to_string(&mut s);
        s
    });
    let mut stderr = child.stderr.take().expect("piped stderr");
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });
    let deadline = timeout + Duration::from_secs(2);
    let mut killed = false;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > deadline => {
                let _ = child.kill();
                let _ = child.wait();
                killed = true;
                break;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(_) => break,
        }
    }
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    let millis = started.elapsed().as_millis();
    let (first, rest) = out.split_once('\n').unwrap_or((out.as_str(), ""));
    let answer = match first.trim() {
        _ if killed || err.contains("interrupted by timeout") => Answer::Timeout,
        "sat" => Answer::Sat,
        "unsat" => Answer::Unsat,
        "timeout" => Answer::Timeout,
        "unknown" if millis >= timeout.as_millis() => Answer::Timeout,
        "unknown" => Answer::Unknown,
        other => {
            let msg = if other.is_empty() { err.trim() } else { other };
            Answer::Error(msg.chars().take(300).collect())
        }
    };
    Run { answer, millis, rest: rest.to_string() }
}
