use crate::util::{ftcert, root, stderr, stdout};
use clap::CommandFactory;

#[test]
fn clap_definition_is_consistent() {
    ftcert::cli::Cli::command().debug_assert();
}

#[test]
fn build_check_and_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let cert = tmp.path().join("c.json");
    let out = ftcert(
        &[
            "build",
            "--construction",
            "two-layer-paper",
            "--k",
            "9",
            "--t",
            "2,5,9",
            "-o",
            cert.to_str().unwrap(),
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = ftcert(&["check", cert.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("1 accepted, 0 rejected, 0 declined"));

    // One changed output bias: rejected (1), naming a sample.
    let text = std::fs::read_to_string(&cert).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let bias = value.pointer_mut("/network/layers/1/biases/0").unwrap();
    *bias = serde_json::Value::String("7/3".into());
    let bad = tmp.path().join("bad.json");
    std::fs::write(&bad, serde_json::to_string_pretty(&value).unwrap()).unwrap();
    let out = ftcert(&["check", bad.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("sample"), "{}", stdout(&out));

    // A budget: declined (3).
    let out = ftcert(&["check", "--max-neurons", "1", cert.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    let out = ftcert(&["check", "--max-depth", "3", cert.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(3), "{}", stdout(&out));
    assert!(stdout(&out).contains("declined"), "{}", stdout(&out));

    // Usage errors (2): unknown construction, missing file, bad instance.
    let out = ftcert(&["build", "--construction", "nope", "--k", "5"], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("unknown construction"), "{}", stderr(&out));
    let out = ftcert(&["check", "no-such-file.json"], root());
    assert_eq!(out.status.code(), Some(2));
    let inst = tmp.path().join("inst.json");
    std::fs::write(&inst, r#"{"k":3,"d":1,"points":[["1"],["2"],["1"]],"targets":["0","1","0"],"t":[2]}"#)
        .unwrap();
    let out =
        ftcert(&["build", "--construction", "two-layer-tight", "--instance", inst.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("samples 1 and 3 are the same point"), "{}", stderr(&out));
}

#[test]
fn sweep_json_has_the_documented_keys() {
    let out = ftcert(&["sweep", "--k-min", "3", "--k-max", "5", "--format", "json", "--jobs", "1"], root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let first = &rows.as_array().unwrap()[0];
    for key in ["construction", "k", "n", "sets", "max_neurons", "bound", "lower", "verdict"] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(rows.as_array().unwrap().len(), ftcert::sweep::constructions_for(2).len() * (4 + 5 + 6));
}
