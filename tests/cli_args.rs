//! Every subcommand with bad numeric arguments (0, −1, huge, inverted ranges): a usage error
//! (exit 2) or a clean run, never a panic (issue 10).
use crate::util::{ftcert, root, stderr};

const HUGE: [&str; 2] = ["18446744073709551615", "99999999999999999999"];

/// Runs `args` and asserts the exit code and that nothing panicked.
fn expect(args: &[&str], code: i32) {
    let out = ftcert(args, root());
    let err = stderr(&out);
    assert!(!err.contains("panicked"), "{args:?} panicked: {err}");
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    if code == 2 {
        assert!(err.contains("error"), "{args:?}: a usage error says so: {err}");
    }
}

/// `base` with `flag value` for each value, each expected to give exit 2.
fn refused(base: &[&str], flag: &str, values: &[&str]) {
    for v in values.iter().chain(&HUGE) {
        let mut args = base.to_vec();
        let joined = format!("{flag}={v}");
        args.push(&joined);
        expect(&args, 2);
    }
}

#[test]
fn build_arguments() {
    let base = ["build", "--construction", "two-layer-paper"];
    refused(&[&base[..], &["--t", "1"]].concat(), "--k", &["0", "-1", "1", "10001"]);
    refused(&[&base[..], &["--k", "4"]].concat(), "--d", &["0", "-1", "1001"]);
    // Every u64 is a seed; beyond it or negative is refused.
    expect(&[&base[..], &["--k", "4", "--seed", HUGE[0]]].concat(), 0);
    expect(&[&base[..], &["--k", "4", "--seed", HUGE[1]]].concat(), 2);
    expect(&[&base[..], &["--k", "4", "--seed=-1"]].concat(), 2);
    refused(&[&base[..], &["--k", "4"]].concat(), "--t", &["0", "-1", "5", "3,3"]);
    // d = 1 has only 109 distinct generated coordinates: refused instead of looping forever.
    expect(&[&base[..], &["--k", "500", "--d", "1"]].concat(), 2);
    expect(&[&base[..], &["--k", "4", "--seed", "0", "--t", "1"]].concat(), 0);
    expect(&["build", "--construction", "deep-65", "--k", "4"], 2);
    expect(&["build", "--construction", "deep-0", "--k", "4"], 2);
}

#[test]
fn lower_arguments() {
    refused(&["lower", "--n", "1"], "--k", &["0", "-1", "2", "10001"]);
    refused(&["lower", "--k", "4"], "--n", &["-1", "5"]);
    refused(&["lower", "--k", "4", "--n", "1"], "--d", &["0", "-1", "1001"]);
    refused(&["lower", "--k", "4", "--n", "1"], "--layers", &["0", "-1", "1", "65"]);
    // Depths 3..64 have lower certificates too (docs/lower-bounds.md).
    expect(&["lower", "--k", "4", "--n", "1", "--layers", "4"], 0);
    expect(&["lower", "--k", "3", "--n", "0"], 0);
    expect(&["lower", "--k", "5", "--n", "1", "--rule", "case-split"], 2);
}

#[test]
fn check_arguments() {
    let tmp = tempfile::tempdir().unwrap();
    let cert = tmp.path().join("c.json");
    expect(
        &["build", "--construction", "two-layer-paper", "--k", "4", "--t", "2", "-o", cert.to_str().unwrap()],
        0,
    );
    let base = ["check", cert.to_str().unwrap()];
    for flag in ["--max-bytes", "--max-digits", "--max-neurons", "--max-layers", "--max-k", "--max-d"] {
        refused(&base, flag, &["0", "-1", "4294967296"]);
    }
    refused(&base, "--max-depth", &["0", "-1", "128"]);
    expect(&["check", tmp.path().join("missing.json").to_str().unwrap()], 2);
}

#[test]
fn sweep_arguments() {
    let base = ["sweep", "--quiet", "--k-max", "3"];
    refused(&base, "--layers", &["0", "-1", "1", "65"]);
    refused(&["sweep", "--quiet", "--k-max", "5"], "--k-min", &["0", "-1", "2", "6"]);
    refused(&["sweep", "--quiet"], "--k-max", &["0", "-1", "2", "41"]);
    refused(&base, "--d", &["0", "-1", "1001"]);
    refused(&base, "--jobs", &["-1", "4097"]);
    expect(&[&base[..], &["--seed=-1"]].concat(), 2);
    expect(&[&base[..], &["--seed", HUGE[1]]].concat(), 2);
    refused(&base, "--shard", &["0/0", "1/1", "-1/2", "1/0", "2"]);
    // Too long to ever finish: refused with the size and an estimate unless --yes or a shard.
    let out = ftcert(&["sweep", "--quiet", "--k-max", "40"], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("certificates exceed the budget of 1000000000"), "{}", stderr(&out));
    expect(&["sweep", "--quiet", "--k-max", "3", "--jobs", "0", "--d", "1"], 0);
}

#[test]
fn bounds_arguments() {
    refused(&["bounds", "--k", "4"], "--layers", &["0", "-1", "1", "65"]);
    expect(&["bounds", "--k", "4", "--layers", "4"], 0);
    expect(&["bounds", "--k", "4", "--layers", "64", "--json"], 0);
    // The capacity N*(m, K) is for 2 and 3 layers.
    expect(&["bounds", "--k", "4", "--layers", "4", "--m", "3"], 2);
    refused(&["bounds"], "--k", &["0", "-1", "2", "1001"]);
    refused(&["bounds"], "--k-max", &["0", "-1", "2", "1001"]);
    refused(&["bounds", "--k", "4"], "--m", &["-1", "10001"]);
    expect(&["bounds", "--k", "4", "--json", "--format", "markdown"], 2);
    expect(&["bounds", "--k", "4", "--m", "0"], 0);
}

#[test]
fn file_arguments_of_the_other_subcommands() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("missing.json");
    let missing = missing.to_str().unwrap();
    let svg = tmp.path().join("x.svg");
    let svg = svg.to_str().unwrap();
    expect(&["merge", missing], 2);
    expect(&["plot", missing, "-o", svg], 2);
    expect(&["plot-sweep", missing, "-o", svg], 2);
    expect(&["figures"], 2);
}

fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_ftcert"))
}

#[test]
fn build_pipes_into_check_stdin_and_a_closed_pipe_is_quiet() {
    use std::process::Stdio;
    let mut build = bin()
        .args(["build", "--construction", "two-layer-paper", "--k", "14", "--t", "4,7,9,14"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let check = bin().args(["check", "-"]).stdin(build.stdout.take().unwrap()).output().unwrap();
    assert_eq!(build.wait().unwrap().code(), Some(0));
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "standard input: 1 certificate checked\n1 accepted, 0 rejected, 0 declined\n"
    );
    // JSON Lines on stdin: the lower-2 K = 3 archive file, decompressed.
    let gz = std::fs::read(root().join("certificates/lower-2/k03.jsonl.gz")).unwrap();
    let mut lines = Vec::new();
    std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut lines).unwrap();
    let mut check =
        bin().args(["check", "-q", "-"]).stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
    std::io::Write::write_all(&mut check.stdin.take().unwrap(), &lines).unwrap();
    let out = check.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).ends_with(" accepted, 0 rejected, 0 declined\n"));
    // The reader goes away before the table is written: exit 141 (as SIGPIPE), no panic.
    let mut sweep = bin()
        .args(["sweep", "--quiet", "--k-max", "9"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(sweep.stdout.take());
    let out = sweep.wait_with_output().unwrap();
    assert!(!stderr(&out).contains("panicked"), "{}", stderr(&out));
    assert_eq!(out.status.code(), Some(141), "{}", stderr(&out));
}

#[test]
fn a_full_disk_is_a_write_error() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else { return };
    let out = bin().args(["bounds", "--k", "3"]).stdout(full).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: writing to standard output"), "{}", stderr(&out));
}

#[test]
fn check_io_problems_exit_2_and_name_the_file() {
    let tmp = tempfile::tempdir().unwrap();
    let p = |name: &str| tmp.path().join(name).to_str().unwrap().to_string();
    let gz = std::fs::read(root().join("certificates/lower-2/k05.jsonl.gz")).unwrap();
    std::fs::write(p("cut.jsonl.gz"), &gz[..gz.len() / 2]).unwrap();
    std::fs::write(p("plain.jsonl.gz"), b"{\"not\": \"gzip\"}\n").unwrap();
    for name in ["cut.jsonl.gz", "plain.jsonl.gz"] {
        let out = ftcert(&["check", &p(name)], root());
        assert_eq!(out.status.code(), Some(2), "{name}");
        let text = crate::util::stdout(&out);
        assert!(text.contains(&format!("{name} line")) && text.contains("truncated or not gzip"), "{text}");
    }
    // A folder with neither manifest nor certificates: exit 2; loose certificates: checked, noted.
    std::fs::create_dir(p("empty")).unwrap();
    let out = ftcert(&["check", &p("empty")], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(crate::util::stdout(&out).contains("no manifest.json and no certificate files"));
    std::fs::create_dir(p("loose")).unwrap();
    let cert = format!("{}/c.json", p("loose"));
    expect(&["build", "--construction", "two-layer-tight", "--k", "5", "--t", "1,5", "-o", &cert], 0);
    let out = ftcert(&["check", &p("loose")], root());
    assert_eq!(out.status.code(), Some(0));
    let text = crate::util::stdout(&out);
    assert!(
        text.contains(": 1 certificate checked\n")
            && text.contains("no manifest (hashes, counts) was verified"),
        "{text}"
    );
    // -o into a folder that does not exist is refused (no folder is created).
    expect(&["build", "--construction", "two-layer-tight", "--k", "5", "-o", &p("nodir/c.json")], 2);
    assert!(!tmp.path().join("nodir").exists());
}

#[test]
fn instance_files_say_what_to_write() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("i.json");
    std::fs::write(
        &file,
        r#"{"k": 3, "d": 1, "points": [[1], ["2"], ["3"]], "targets": ["0", "5/2", "0"], "t": [2]}"#,
    )
    .unwrap();
    let out =
        ftcert(&["build", "--construction", "two-layer-paper", "--instance", file.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains(r#"rationals are strings: write "1" or "1/2""#), "{}", stderr(&out));
    // A whole certificate: its instance is taken, and the same certificate comes out.
    let cert = tmp.path().join("c.json");
    expect(
        &[
            "build",
            "--construction",
            "two-layer-paper",
            "--k",
            "6",
            "--t",
            "2,3",
            "-o",
            cert.to_str().unwrap(),
        ],
        0,
    );
    let out =
        ftcert(&["build", "--construction", "two-layer-paper", "--instance", cert.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, std::fs::read(&cert).unwrap());
}

/// Ctrl-C during an archived sweep prints the command that continues it (exit 130).
#[test]
fn an_interrupted_sweep_says_how_to_resume() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("arch");
    let mut sweep = bin()
        .args(["sweep", "--quiet", "--k-max", "20", "--archive", dir.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Wait (no time limit) until the first K is archived, then interrupt.
    while !dir.join("manifest.json").exists() {
        assert!(sweep.try_wait().unwrap().is_none(), "the sweep ended before archiving K = 3");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let killed = std::process::Command::new("kill").args(["-INT", &sweep.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let _ = sweep.stdout.take();
    let out = sweep.wait_with_output().unwrap();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(err.contains("continue with:\n  ftcert sweep --quiet --k-max 20 --archive"), "{err}");
    assert!(err.trim_end().ends_with("--resume"), "{err}");
}
