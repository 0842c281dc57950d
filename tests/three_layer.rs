use crate::util::root;
use ftcert::certificate;
use ftcert::construct::groups::Groups;
use ftcert::construct::three_layer::{self, rounding};
use ftcert::construct::two_layer::j_positions;
use ftcert::construct::ConstructionId;
use ftcert::instance::{generated, Instance, Projection};
use ftcert::lower::windows_certificate;
use ftcert::rational::{frac, int, Q};
use ftcert::sweep::{self, report, summary, Format, SweepConfig};
use ftcert_check::{check_str, Limits, Summary, Verdict};

fn instance(name: &str) -> Instance {
    let text = std::fs::read_to_string(root().join("tests/data").join(name)).unwrap();
    certificate::parse_instance(&text).unwrap()
}

fn accepted(text: &str) -> Summary {
    match check_str(text, &Limits::default()) {
        Verdict::Accepted(s) => s,
        Verdict::Rejected(r) => panic!("rejected: {r}"),
        Verdict::Declined(d) => panic!("declined: {d}"),
    }
}

/// The pretty certificate of `id` on a tests/data instance, and the checker's summary.
fn certify(id: ConstructionId, name: &str) -> (String, Summary) {
    let inst = instance(name);
    let built = id.build(&inst).unwrap();
    let text = certificate::upper(id, &inst, &built, true);
    let summary = accepted(&text);
    (text, summary)
}

fn qs(v: &[(i64, i64)]) -> Vec<Q> {
    v.iter().map(|&(n, d)| frac(n, d)).collect()
}

const THREE: [ConstructionId; 7] = [
    ConstructionId::ThreeLayerU1,
    ConstructionId::ThreeLayerU1Edge,
    ConstructionId::ThreeLayerU2,
    ConstructionId::ThreeLayerU3,
    ConstructionId::ThreeLayerU3T,
    ConstructionId::ThreeLayerAppendixA,
    ConstructionId::ThreeLayerLift,
];

#[test]
fn three_layer_constructions_are_registered() {
    assert_eq!(sweep::constructions_for(3), THREE.to_vec());
    for id in THREE {
        assert_eq!(id.layers(), 3);
        let registered = ftcert_check::registry::lookup(id.name()).expect("in the checker registry");
        assert_eq!(registered.depth.layers(), 3);
        assert_eq!(
            ftcert_check::registry::paper_bound(id.name()).map(|p| p.id()),
            id.paper_bound().map(|p| p.id()),
            "{}",
            id.name()
        );
        for k in 2..60 {
            for n in 0..=k {
                assert_eq!((registered.bound)(k, n), id.bound(k, n), "{} K={k} N={n}", id.name());
                for m in 0..40 {
                    if let Some(pb) = id.paper_bound() {
                        let checker = ftcert_check::registry::paper_bound(id.name()).unwrap();
                        assert_eq!(pb.meets(m, k, n), checker.meets(m, k, n));
                    }
                }
            }
        }
    }
}

/// Fig. 10 / Appendix A (spec §5): K = 16, T = {4, 7}, z_4 = 1, z_7 = −1/2.
#[test]
fn figure_10_appendix_a_matches_the_spec_exactly() {
    let inst = instance("fig10-instance.json");
    let proj = Projection::of(&inst.points);
    let (groups, anchor) = three_layer::appendix_a_parts(&inst, &proj);
    let members: Vec<Vec<usize>> = groups.members.iter().map(|g| g.iter().map(|r| r + 1).collect()).collect();
    assert_eq!(members, vec![vec![1, 2, 3], vec![4], vec![5, 6], vec![7], (8..=16).collect()]);
    assert_eq!(groups.o, vec![1, -1, 1, -1, 1]);
    assert_eq!(groups.l, qs(&[(1, 2), (7, 2), (9, 2), (13, 2), (15, 2)]));
    assert_eq!(groups.r, qs(&[(7, 2), (9, 2), (13, 2), (15, 2), (33, 2)]));
    let (w1, b1): (Vec<Q>, Vec<Q>) = (0..5).map(|j| groups.affine(j)).unzip();
    assert_eq!(w1, qs(&[(2, 3), (-2, 1), (1, 1), (-2, 1), (2, 9)]));
    assert_eq!(b1, qs(&[(-4, 3), (8, 1), (-11, 2), (14, 1), (-8, 3)]));
    // System rows (β_1(r_j), …, β_5(r_j), 1) at the representatives {1, 4, 5, 7, 8}.
    let reps = [0usize, 3, 4, 6, 7];
    let rows: Vec<Vec<Q>> = reps
        .iter()
        .map(|&r| {
            let mut row: Vec<Q> = (0..5).map(|j| groups.beta[j][r].clone()).collect();
            row.push(int(1));
            row
        })
        .collect();
    let expected_rows = [
        qs(&[(-2, 3), (1, 1), (-1, 1), (1, 1), (-1, 1), (1, 1)]),
        qs(&[(1, 1), (0, 1), (-1, 1), (1, 1), (-1, 1), (1, 1)]),
        qs(&[(1, 1), (-1, 1), (-1, 2), (1, 1), (-1, 1), (1, 1)]),
        qs(&[(1, 1), (-1, 1), (1, 1), (0, 1), (-1, 1), (1, 1)]),
        qs(&[(1, 1), (-1, 1), (1, 1), (-1, 1), (-8, 9), (1, 1)]),
    ];
    assert_eq!(rows, expected_rows);
    assert_eq!(anchor.nu, qs(&[(1, 1), (5, 3), (10, 3), (5, 1), (45, 1)]));
    assert_eq!(anchor.nu0, frac(127, 3));
    assert_eq!(anchor.mu, qs(&[(0, 1), (-1, 1), (-4, 1), (-17, 2), (-99, 1)]));
    assert_eq!(anchor.mu0, frac(-189, 2));
    assert_eq!(anchor.scale, 0, "Λ = 0");
    let alpha: Vec<Q> = (0..16).map(|pos| anchor.alpha(&groups, pos)).collect();
    let mut expected_alpha = qs(&[(-1, 1), (-1, 1), (-1, 1), (0, 1), (-1, 1), (-5, 1), (3, 2), (-1, 1)]);
    // x_9..x_16: −23, −45, …, −177 (steps of −22).
    expected_alpha.extend((0..8).map(|i| int(-23 - 22 * i)));
    assert_eq!(alpha, expected_alpha);

    let (text, summary) = certify(ConstructionId::ThreeLayerAppendixA, "fig10-instance.json");
    assert_eq!(summary.neurons, 12);
    assert_eq!(summary.widths, vec![10, 2]);
    assert_eq!(summary.bound, Some(12));
    assert!(text.contains("\"paper_bound\": \"4*N+4\""));
    assert!(text.contains("\"meets_paper_bound\": true"));
    insta::assert_snapshot!("figure_10_appendix_a", text);
}

/// Fig. 6 / 7 (spec §5): K = 16, T = {7} (z_7 = 1).
#[test]
fn figures_6_and_7_u1_and_u2() {
    let inst = instance("fig67-instance.json");
    let proj = Projection::of(&inst.points);
    let all: Vec<usize> = (0..16).collect();
    let groups = Groups::new(&proj.c, all.chunks(4).map(<[usize]>::to_vec).collect());
    let orders: Vec<Vec<usize>> =
        (0..4).map(|j| groups.beta_order(j).iter().map(|r| r + 1).collect()).collect();
    assert_eq!(orders, vec![vec![1, 2, 3, 4], vec![8, 7, 6, 5], vec![9, 10, 11, 12], vec![16, 15, 14, 13]]);
    // x_7 is at position 2 of its group: layer-2 neuron 2.
    assert_eq!(orders[1].iter().position(|&i| i == 7), Some(1));
    for (id, neurons, meets) in [
        (ConstructionId::ThreeLayerU1, 16, true),
        (ConstructionId::ThreeLayerU1Edge, 12, true),
        (ConstructionId::ThreeLayerU2, 11, true),
    ] {
        let (text, summary) = certify(id, "fig67-instance.json");
        assert_eq!(summary.neurons, neurons, "{}", id.name());
        assert!(text.contains(&format!("\"meets_paper_bound\": {meets}")));
        insta::assert_snapshot!(format!("figure_6_7_{}", id.name()), text);
    }
}

/// Fig. 8 (spec §5): K = 16, T = {2, 4, 9} (z = 1, −1, 1/2).
#[test]
fn figure_8_u3_and_u3_t() {
    let inst = instance("fig8-instance.json");
    let proj = Projection::of(&inst.points);
    let in_t = proj.sorted_in_t(&inst);
    let j = j_positions(&in_t);
    assert_eq!(j.iter().map(|r| r + 1).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 8, 9, 10, 16]);
    assert_eq!(rounding(j.len()), (3, 3, 3));
    let groups = Groups::new(&proj.c, j.chunks(3).map(<[usize]>::to_vec).collect());
    assert_eq!(groups.l[0], frac(1, 2));
    assert_eq!(
        (groups.r[0].clone(), groups.r[1].clone(), groups.r[2].clone()),
        (frac(7, 2), frac(17, 2), frac(33, 2))
    );
    // β(x_6) = (1, 0, −1): "+1, in (−1, 1), −1".
    let beta6: Vec<Q> = (0..3).map(|g| groups.beta[g][5].clone()).collect();
    assert_eq!(beta6, vec![int(1), int(0), int(-1)]);
    let (text, summary) = certify(ConstructionId::ThreeLayerU3, "fig8-instance.json");
    assert_eq!((summary.neurons, summary.widths.clone()), (18, vec![6, 12]));
    assert!(text.contains("\"meets_paper_bound\": true"), "18 ≤ 6√11");
    insta::assert_snapshot!("figure_8_three-layer-u3", text);
    let (text, summary) = certify(ConstructionId::ThreeLayerU3T, "fig8-instance.json");
    assert_eq!((summary.neurons, summary.widths.clone()), (12, vec![4, 8]));
    insta::assert_snapshot!("figure_8_three-layer-u3-t", text);
}

/// ⌈√n⌉ by integer search (independent of the builder's `rounding`).
fn ceil_sqrt(n: usize) -> usize {
    (0..=n).find(|p| p * p >= n).unwrap_or(n)
}

/// constructions.md §3.4: anchors in consecutive chunks, p = ⌈√n⌉, q = ⌈n/p⌉, p' = ⌈n/q⌉
/// nonempty groups; count 2p' + 4q (written here from the spec, not taken from the builder).
fn spec_u3_count(n: usize) -> usize {
    if n == 0 {
        return three_layer::u3_count(0);
    }
    let p = ceil_sqrt(n);
    let q = n.div_ceil(p);
    2 * n.div_ceil(q) + 4 * q
}

/// constructions.md §3.5: the nonempty members of [run before T_1], {T_1}, [run], …, {T_N},
/// [run after T_N] in sorted order, i.e. N singletons plus the maximal non-T runs; count
/// 2·#groups + 2.
fn spec_appendix_a_count(in_t: &[bool]) -> usize {
    let singletons = in_t.iter().filter(|&&b| b).count();
    let runs = (0..in_t.len()).filter(|&i| !in_t[i] && (i == 0 || in_t[i - 1])).count();
    2 * (singletons + runs) + 2
}

/// The count of each construction on one instance, from its own formula.
fn expected_count(id: ConstructionId, inst: &Instance, proj: &Projection) -> usize {
    let k = inst.k();
    let n = inst.n();
    let in_t = proj.sorted_in_t(inst);
    let edge = |x: usize| x.min(2);
    match id {
        ConstructionId::ThreeLayerU1 => 2 * rounding(k).2 + 2 * rounding(k).1,
        ConstructionId::ThreeLayerU1Edge => {
            let (_, q, p1) = rounding(k);
            2 * p1 + 2 * q - edge(p1) - edge(q)
        }
        ConstructionId::ThreeLayerU2 => 2 * rounding(k).2 + 3 * n,
        ConstructionId::ThreeLayerU3 => spec_u3_count(j_positions(&in_t).len()),
        ConstructionId::ThreeLayerU3T => spec_u3_count(n),
        ConstructionId::ThreeLayerAppendixA => spec_appendix_a_count(&in_t),
        ConstructionId::ThreeLayerLift => three_layer::lift_base().build(inst).unwrap().network.neurons() + 1,
        other => panic!("not 3-layer: {}", other.name()),
    }
}

#[test]
fn every_construction_is_accepted_on_every_t_for_k_up_to_8() {
    for d in [1, 2] {
        for k in 3..=8 {
            let base = generated(k, d, 5);
            let proj = Projection::of(&base.points);
            for mask in 0u32..1 << k {
                let t: Vec<usize> = (0..k).filter(|i| mask >> i & 1 == 1).map(|i| i + 1).collect();
                let inst = base.with_t(&t);
                for id in THREE {
                    let built = id.build_projected(&inst, &proj);
                    let text = certificate::upper(id, &inst, &built, false);
                    let summary = accepted(&text);
                    assert_eq!(
                        summary.neurons,
                        expected_count(id, &inst, &proj),
                        "{} K={k} T={t:?}",
                        id.name()
                    );
                    assert!(summary.neurons <= id.bound(k, t.len()));
                    assert_eq!(summary.layers, 3);
                }
            }
        }
    }
}

fn table(k_min: usize, k_max: usize) -> sweep::SweepReport {
    sweep::run(&SweepConfig::new(3, k_min, k_max)).expect("sweep runs")
}

#[test]
fn three_layer_table_k3_10_upper_rows_are_at_least_the_lower_bound() {
    let report = table(3, 10);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    for row in &report.rows {
        let lower = row.lower.expect("every lower certificate is accepted");
        assert!(row.max_neurons >= lower, "{row:?}");
        // The count formulas are attained: the bound is the max over T.
        assert_eq!(row.max_neurons, row.bound, "{row:?}");
        // The recommended variants always meet the paper's bound.
        if matches!(
            row.construction.as_str(),
            "three-layer-u1-edge" | "three-layer-u3-t" | "three-layer-appendix-a"
        ) {
            assert_eq!(row.meets_paper_bound, Some(true), "{row:?}");
        }
    }
    for s in &report.summary {
        let (upper, lower) = (s.observed_max.unwrap(), s.lower.unwrap());
        assert!(upper >= lower, "{s:?}");
    }
    let mut text = report::render(&report.rows, Format::Table);
    text.push('\n');
    text.push_str(&summary::render_summary(&report.summary));
    text.push('\n');
    text.push_str(&summary::render_bits(&report.bits));
    insta::assert_snapshot!("three_layer_table_k3_10", text);
}

#[test]
fn three_layer_lower_certificate_k14_n4() {
    let text = certificate::lower(&windows_certificate(14, 4, 1, 3), true);
    let summary = accepted(&text);
    // b3(5) = 11 < 12 ≤ b3(6) = 15: 6 neurons (the paper's (m² + m)/2 ≥ 12 gives 5).
    assert_eq!((summary.neurons, summary.breakpoints, summary.layers), (6, Some(12), 3));
    insta::assert_snapshot!("lower_three_layer_k14_n4", text);
}

#[test]
fn checker_recomputes_the_paper_bound_claims() {
    let (text, _) = certify(ConstructionId::ThreeLayerU3, "fig10-instance.json");
    // |J| = 8: 18 neurons > 6√8 ≈ 16.97 (FLAG F4).
    assert!(text.contains("\"meets_paper_bound\": false"));
    let lying = text.replace("\"meets_paper_bound\": false", "\"meets_paper_bound\": true");
    let Verdict::Rejected(r) = check_str(&lying, &Limits::default()) else {
        panic!("accepted a false claim")
    };
    assert_eq!(r.kind(), "wrong-meets-paper-bound");
    let wrong = text.replace("6*sqrt(3*N+2)", "4*sqrt(K)");
    let Verdict::Rejected(r) = check_str(&wrong, &Limits::default()) else {
        panic!("accepted a wrong formula")
    };
    assert_eq!(r.kind(), "wrong-paper-bound");
    let missing = text.replace(",\n    \"meets_paper_bound\": false", "");
    assert!(!check_str(&missing, &Limits::default()).is_accepted());
    // 2-layer certificates must not carry the fields.
    let inst = instance("fig10-instance.json");
    let built = ConstructionId::TwoLayerTight.build(&inst).unwrap();
    let two = certificate::upper(ConstructionId::TwoLayerTight, &inst, &built, true);
    assert!(!two.contains("paper_bound"));
    let extra = two.replace(
        "\"pieces\": ",
        "\"paper_bound\": \"4*sqrt(K)\",\n    \"meets_paper_bound\": true,\n    \"pieces\": ",
    );
    let Verdict::Rejected(r) = check_str(&extra, &Limits::default()) else { panic!("accepted extra fields") };
    assert_eq!(r.kind(), "unknown-field");
}
