use crate::util::{ftcert, root, stderr, stdout};
use ftcert::sweep::sample::{self, Family, Points, SampleConfig};

const KEYS: [&str; 12] = [
    "construction",
    "k",
    "n",
    "family",
    "sets",
    "min_neurons",
    "max_neurons",
    "bound",
    "paper_bound",
    "lower",
    "paper_lower",
    "ratio",
];

fn sample_args<'a>(jobs: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "sample", "--layers", "3", "--k", "40", "--n", "1,3,7", "--sets", "2", "--d", "3", "--jobs", jobs,
        "--quiet",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn json_keys_are_exact_and_output_is_the_same_for_every_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let (a1, a2) = (tmp.path().join("a1"), tmp.path().join("a2"));
    let one = ftcert(&sample_args("1", &["--format", "json", "--archive", a1.to_str().unwrap()]), root());
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    let two = ftcert(&sample_args("2", &["--format", "json", "--archive", a2.to_str().unwrap()]), root());
    assert_eq!(two.status.code(), Some(0), "{}", stderr(&two));
    assert_eq!(stdout(&one), stdout(&two));
    let rows: serde_json::Value = serde_json::from_str(&stdout(&one)).unwrap();
    let rows = rows.as_array().unwrap();
    // 7 constructions × 3 N × 3 families (spaced exists for every N ≤ 19 at K = 40).
    assert_eq!(rows.len(), 7 * 3 * 3);
    for row in rows {
        let keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, KEYS);
    }
    let u3t = rows
        .iter()
        .find(|r| r["construction"] == "three-layer-u3-t" && r["n"] == 1 && r["family"] == "spaced")
        .unwrap();
    assert_eq!(u3t["sets"], 1);
    assert_eq!(u3t["lower"], serde_json::json!(ftcert::sweep::capacity::certified_lower(3, 40, 1).0));
    // Archive: the same bytes for --jobs 1 and 2, and `ftcert check` accepts it.
    for name in ["manifest.json", "sample-three-layer-u3-t/k40.jsonl.gz", "sample-lower-3/k40.jsonl.gz"] {
        assert_eq!(std::fs::read(a1.join(name)).unwrap(), std::fs::read(a2.join(name)).unwrap(), "{name}");
    }
    let check = ftcert(&["check", "--quiet", a1.to_str().unwrap()], root());
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    // 7 constructions × (2 random + 1 spaced + 2 block) × 3 N, and 3 lower certificates.
    assert!(
        stdout(&check).contains(&format!("{} accepted, 0 rejected", 7 * 5 * 3 + 3)),
        "{}",
        stdout(&check)
    );
}

#[test]
fn the_table_labels_every_column_by_its_kind() {
    let out =
        ftcert(&sample_args("1", &["--construction", "three-layer-u3-t", "--family", "spaced"]), root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    let mut lines = text.lines();
    let heads: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(heads, KEYS);
    let kinds: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        kinds,
        ["accepted", "observed", "observed", "proven", "paper", "certified", "paper", "max/lower"]
    );
    assert!(text.contains("certified: m*(K, N) ≥ lower"), "{text}");
}

#[test]
fn a_rejected_certificate_is_a_failure() {
    let config = SampleConfig {
        layers: 2,
        k: 30,
        ns: vec![2],
        sets: 1,
        families: vec![Family::Spaced],
        t_sets: None,
        d: 2,
        points: Points::Gaussian,
        seed: 0,
        constructions: ftcert::sweep::constructions_for(2),
        archive: None,
        progress: false,
        max_digit_work: None,
    };
    let honest = sample::run(&config).unwrap();
    assert!(honest.failures.is_empty(), "{:?}", honest.failures);
    assert_eq!(honest.rows.len(), 3);
    // The same step, but the output bias of two-layer-tight is changed before checking.
    let tampering = |id: ftcert::construct::ConstructionId,
                     instance: &ftcert::instance::Instance,
                     projection: &ftcert::instance::Projection,
                     limits: &ftcert_check::Limits,
                     _diff: bool| {
        let mut c = ftcert::sweep::certify(id, instance, projection, limits, false, String::new);
        if id.name() == "two-layer-tight" {
            let mut v: serde_json::Value = serde_json::from_str(&c.text).unwrap();
            *v.pointer_mut("/network/layers/1/biases/0").unwrap() = serde_json::Value::String("7/3".into());
            c.text = v.to_string();
            c.neurons = match ftcert_check::check_str(&c.text, limits) {
                ftcert_check::Verdict::Accepted(s) => Ok(s.neurons),
                other => Err(format!("{id:?} rejected: {other:?}")),
            };
        }
        c
    };
    let broken = sample::run_with(&config, &tampering).unwrap();
    assert_eq!(broken.failures.len(), 1, "{:?}", broken.failures);
    assert!(broken.failures[0].contains("WrongOutput"), "{}", broken.failures[0]);
    let tight = broken.rows.iter().find(|r| r.construction == "two-layer-tight").unwrap();
    assert_eq!((tight.sets, tight.max_neurons), (0, None));
}

#[test]
fn over_budget_and_bad_t_files_are_refused_with_their_place() {
    let out = ftcert(&["sample", "--layers", "2", "--k", "200000", "--n", "1", "--quiet"], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("above the budget of 100000"), "{}", stderr(&out));
    let out = ftcert(&["sample", "--layers", "3", "--k", "100000", "--n", "20000", "--quiet"], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("above the checker's budget of 2^36"), "{}", stderr(&out));
    let out = ftcert(&["sample", "--layers", "2", "--k", "100000", "--n", "5000", "--quiet"], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("estimated work"), "{}", stderr(&out));
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("t.txt");
    std::fs::write(&file, "# two sets\n1,5,9\n3 4 x\n").unwrap();
    let out = ftcert(&["sample", "--layers", "2", "--k", "20", "--t-file", file.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("t.txt:3: \"x\" is not an index"), "{}", stderr(&out));
    std::fs::write(&file, "1,5,9\n2,4,20\n-\n").unwrap();
    let out = ftcert(
        &[
            "sample",
            "--layers",
            "2",
            "--k",
            "20",
            "--t-file",
            file.to_str().unwrap(),
            "--format",
            "json",
            "--quiet",
        ],
        root(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_str(&stdout(&out)).unwrap();
    // N = 0 and N = 3 (two sets), per 2-layer construction.
    assert_eq!(rows.len(), 3 * 2);
    assert!(rows.iter().all(|r| r["family"] == "file"));
    assert_eq!(rows[1]["sets"], 2);
}

#[test]
fn plot_scaling_draws_both_views() {
    let tmp = tempfile::tempdir().unwrap();
    let mut reports = Vec::new();
    for k in ["30", "60"] {
        let out = ftcert(
            &[
                "sample", "--layers", "3", "--k", k, "--n", "1,4", "--family", "spaced", "--d", "2",
                "--format", "json", "--quiet",
            ],
            root(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let path = tmp.path().join(format!("k{k}.json"));
        std::fs::write(&path, stdout(&out)).unwrap();
        reports.push(path);
    }
    let svg = tmp.path().join("n.svg");
    let a = reports[1].to_str().unwrap();
    let out = ftcert(&["plot-scaling", a, "-o", svg.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(&svg).unwrap();
    assert!(text.contains("against N at K = 60") && text.contains("certified lower, 3 layers"));
    assert!(text.contains("paper 6√(3N+2) (U3)"), "paper formula legend");
    let svg_k = tmp.path().join("k.svg");
    let b = reports[0].to_str().unwrap();
    let out =
        ftcert(&["plot-scaling", b, a, "--view", "k", "--n", "4", "-o", svg_k.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read_to_string(&svg_k).unwrap().contains("against K at N = 4"));
    let out = ftcert(&["plot-scaling", svg.to_str().unwrap(), "-o", svg_k.to_str().unwrap()], root());
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a sample report"), "{}", stderr(&out));
}
