//! Plots: byte-identical SVGs (hashed), exact breakpoints, the figures command.

use crate::util::{ftcert, root, stderr};
use ftcert::construct::ConstructionId;
use ftcert::instance::generated;
use ftcert::plot::{certificate_svg, piecewise, read_certificate};
use sha2::{Digest, Sha256};

fn sha(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn fig4_text() -> String {
    let text = std::fs::read_to_string(root().join("tests/data/fig4-instance.json")).expect("fig4 instance");
    let instance = ftcert::certificate::parse_instance(&text).expect("valid");
    let id = ConstructionId::TwoLayerPaper;
    let built = id.build(&instance).expect("builds");
    ftcert::certificate::upper(id, &instance, &built, true)
}

#[test]
fn exact_breakpoints_match_the_claimed_pieces() {
    for (id, k, t) in [
        (ConstructionId::TwoLayerPaper, 14, vec![4, 7, 9, 14]),
        (ConstructionId::ThreeLayerU3, 12, vec![2, 5, 6, 11]),
        (ConstructionId::ThreeLayerAppendixA, 10, vec![3, 4]),
        (ConstructionId::Deep(5), 12, vec![1, 3, 5, 8, 12]),
    ] {
        let instance = generated(k, 2, 0).with_t(&t);
        let built = id.build(&instance).expect("builds");
        let g = piecewise::along(&built.network, &built.line);
        assert_eq!(g.pieces.len(), built.pieces, "{}", id.name());
        // g at every sample's parameter is its target (the first layers are multiples of a).
        let p = read_certificate(&ftcert::certificate::upper(id, &instance, &built, false)).expect("reads");
        for (s, z, _) in &p.samples {
            assert_eq!(&g.eval(s), z, "{}", id.name());
        }
    }
}

#[test]
fn figure_4_svg_is_byte_identical() {
    let a = certificate_svg(&fig4_text()).expect("draws");
    let b = certificate_svg(&fig4_text()).expect("draws");
    assert_eq!(a, b);
    assert!(a.starts_with("<svg"), "{}", &a[..40]);
    assert!(a.contains("two-layer-paper: K = 14, N = 4, widths [10], 10 neurons, 10 pieces"));
    // Update with `cargo test --test tests plots -- --nocapture` after reviewing the picture.
    insta::assert_snapshot!("fig4_svg_sha256", sha(a.as_bytes()));
}

#[test]
fn a_rejected_certificate_is_not_plotted() {
    let bad = fig4_text().replacen("\"pieces\": 10", "\"pieces\": 11", 1);
    assert!(bad != fig4_text());
    let e = certificate_svg(&bad).expect_err("rejected");
    assert!(e.contains("rejected"), "{e}");
}

#[test]
fn figures_command_writes_every_figure_reproducibly() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = ftcert(&["figures", dir.path().to_str().expect("utf-8")], root());
    assert!(out.status.success(), "{}", stderr(&out));
    let mut hashes = Vec::new();
    for f in [
        "fig2-hard-instance.svg",
        "fig3-corrected.svg",
        "fig4.svg",
        "fig5-gap.svg",
        "fig6-u1.svg",
        "fig8-u3.svg",
        "fig10-appendix-a.svg",
    ] {
        let bytes = std::fs::read(dir.path().join(f)).expect(f);
        let committed = std::fs::read(root().join("docs/figures").join(f)).expect("committed figure");
        assert!(bytes == committed, "docs/figures/{f} is stale: run `ftcert figures docs/figures`");
        hashes.push(format!("{f} {}", sha(&bytes)));
    }
    insta::assert_snapshot!("figures_sha256", hashes.join("\n"));
}

#[test]
fn plot_sweep_draws_a_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let report = dir.path().join("r.json");
    let out = ftcert(&["sweep", "--layers", "2", "--k-max", "6", "--format", "json", "--quiet"], root());
    assert!(out.status.success());
    std::fs::write(&report, &out.stdout).expect("write");
    let svg = dir.path().join("gap.svg");
    let out =
        ftcert(&["plot-sweep", report.to_str().expect("utf-8"), "-o", svg.to_str().expect("utf-8")], root());
    assert!(out.status.success(), "{}", stderr(&out));
    let text = std::fs::read_to_string(&svg).expect("svg");
    assert!(text.contains("two-layer-optimal") && text.contains("two-layer-paper"));
}

/// Legends say what the marks are; a lower certificate has no `g` axis; a case-split title has
/// cases, not "0 windows"; a depth without lower bounds says so instead of a grey grid.
#[test]
fn legends_and_labels_say_what_is_drawn() {
    let tmp = tempfile::tempdir().unwrap();
    let file = |name: &str| tmp.path().join(name).to_str().unwrap().to_string();
    let svg_of = |args: &[&str], out: &str| {
        let o = ftcert(args, root());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let o = ftcert(&["plot", &file(out), "-o", &file("p.svg")], root());
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        std::fs::read_to_string(file("p.svg")).unwrap()
    };
    let upper = svg_of(
        &["build", "--construction", "two-layer-paper", "--k", "6", "--t", "2,5", "-o", &file("u.json")],
        "u.json",
    );
    for text in ["sample in T (target z_i)", "sample not in T (target 0)", "breakpoint of g (tick)"] {
        assert!(upper.contains(text), "{text}");
    }
    let windows = svg_of(&["lower", "--k", "10", "--n", "3", "-o", &file("w.json")], "w.json");
    assert!(windows.contains("concave window (top)") && windows.contains("convex window (bottom)"));
    assert!(windows.contains("z (target)") && !windows.contains(">g<"));
    let cases =
        svg_of(&["lower", "--k", "4", "--n", "2", "--rule", "case-split", "-o", &file("c.json")], "c.json");
    assert!(cases.contains("36 cases, needs 3 neurons") && !cases.contains("0 windows"));
    let o = ftcert(&["sweep", "--quiet", "--layers", "4", "--k-max", "5", "--format", "json"], root());
    std::fs::write(file("d.json"), &o.stdout).unwrap();
    let o = ftcert(&["plot-sweep", &file("d.json"), "-o", &file("d.svg")], root());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // Deep rows have certified width lower bounds (docs/lower-bounds.md), so gaps are drawn ...
    assert!(!std::fs::read_to_string(file("d.svg")).unwrap().contains("no lower bound at this depth"));
    // ... and a report whose rows carry no lower bound says so instead of an all-grey grid.
    let rows: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(file("d.json")).unwrap()).unwrap();
    let stripped: Vec<serde_json::Value> = rows
        .into_iter()
        .map(|mut r| {
            r["lower"] = serde_json::Value::Null;
            r
        })
        .collect();
    std::fs::write(file("e.json"), serde_json::to_vec(&stripped).unwrap()).unwrap();
    let o = ftcert(&["plot-sweep", &file("e.json"), "-o", &file("e.svg")], root());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(file("e.svg")).unwrap().contains("no lower bound at this depth"));
}
