//! The exact 2-layer width (docs/two-layer-exact.md): the `two-layer-optimal` construction on the
//! spec's examples and on every T of generated instances, and the `case-split` impossibility
//! certificates for K ∈ {3, 4} with their mutations (one multiplier changed, one case dropped,
//! duplicated or moved).

use ftcert::certificate;
use ftcert::construct::ConstructionId;
use ftcert::instance::{generated, Instance, Projection};
use ftcert::lower::case_split::{case_split, zigzag_certificate, CaseSplitBound};
use ftcert::network::Line;
use ftcert::rational::{int, Q};
use ftcert_check::{check_str, Limits, Verdict};

/// Points 1..K in d = 1, T = positions of the nonzero targets.
fn line_instance(z: &[i64]) -> Instance {
    Instance {
        points: (1..=z.len()).map(|i| vec![int(i as i64)]).collect(),
        targets: z.iter().map(|&v| int(v)).collect(),
        t: z.iter().enumerate().filter(|(_, v)| **v != 0).map(|(i, _)| i + 1).collect(),
    }
}

fn line1() -> Line {
    Line { origin: vec![int(0)], direction: vec![int(1)] }
}

fn accepted(text: &str) -> ftcert_check::Summary {
    match check_str(text, &Limits::default()) {
        Verdict::Accepted(s) => s,
        other => panic!("not accepted: {other:?}"),
    }
}

fn rejected(text: &str) -> String {
    match check_str(text, &Limits::default()) {
        Verdict::Rejected(r) => r.kind().to_string(),
        other => panic!("not rejected: {other:?}"),
    }
}

fn optimal_certificate(z: &[i64]) -> (String, usize) {
    let instance = line_instance(z);
    let built = ConstructionId::TwoLayerOptimal.build(&instance).unwrap();
    let text = certificate::upper(ConstructionId::TwoLayerOptimal, &instance, &built, true);
    let summary = accepted(&text);
    (text, summary.neurons)
}

#[test]
fn spec_example_0_1_0_1_0_with_3_neurons() {
    let (text, neurons) = optimal_certificate(&[0, 1, 0, 1, 0]);
    assert_eq!(neurons, 3);
    insta::assert_snapshot!("two_layer_optimal_01010", text);
}

#[test]
fn spec_example_0_1_0_1_0_1_with_4_neurons() {
    let (text, neurons) = optimal_certificate(&[0, 1, 0, 1, 0, 1]);
    assert_eq!(neurons, 4);
    insta::assert_snapshot!("two_layer_optimal_010101", text);
}

#[test]
fn small_k_neuron_counts() {
    // Strict zig-zags need K − 1, everything else K − 2.
    assert_eq!(optimal_certificate(&[0, 1, 0]).1, 2);
    assert_eq!(optimal_certificate(&[0, 1, 0, 1]).1, 3);
    assert_eq!(optimal_certificate(&[0, 1, 1, 0]).1, 2);
    assert_eq!(optimal_certificate(&[0, 0, 1, -1]).1, 2);
    assert_eq!(optimal_certificate(&[2, 1, 0, 0]).1, 1);
}

/// Every T of generated instances (several d and seeds): accepted, within the bound.
#[test]
fn optimal_stays_within_m_star_for_every_t() {
    let limits = Limits::default();
    for (d, seed) in [(1, 1), (2, 7), (3, 3)] {
        for k in 3..=9 {
            let base = generated(k, d, seed);
            let projection = Projection::of(&base.points);
            for mask in 0u32..(1 << k) {
                let t: Vec<usize> = (0..k).filter(|i| mask >> i & 1 == 1).map(|i| i + 1).collect();
                let instance = base.with_t(&t);
                let id = ConstructionId::TwoLayerOptimal;
                let built = id.build_projected(&instance, &projection);
                let text = certificate::upper(id, &instance, &built, false);
                match check_str(&text, &limits) {
                    Verdict::Accepted(s) => assert!(s.neurons <= id.bound(k, t.len())),
                    other => panic!("d={d} seed={seed} K={k} T={t:?}: {other:?}"),
                }
            }
        }
    }
}

/// The largest numerator / denominator bit sizes in two-layer-optimal networks (printed).
#[test]
fn weight_bit_sizes() {
    let mut bits = (0, 0);
    for k in 5..=12 {
        let base = generated(k, 2, 0);
        let projection = Projection::of(&base.points);
        for mask in 0u32..(1 << k) {
            let t: Vec<usize> = (0..k).filter(|i| mask >> i & 1 == 1).map(|i| i + 1).collect();
            let built = ConstructionId::TwoLayerOptimal.build_projected(&base.with_t(&t), &projection);
            let all: Vec<&Q> = built
                .network
                .layers
                .iter()
                .flat_map(|l| l.weights.iter().flatten().chain(&l.biases))
                .collect();
            let (nb, db) = ftcert::rational::max_bits(all);
            bits = (bits.0.max(nb), bits.1.max(db));
        }
    }
    println!(
        "two-layer-optimal, K = 5..12, d = 2, seed 0: numerator ≤ {} bits, denominator ≤ {} bits",
        bits.0, bits.1
    );
    assert!(bits.0 < 256 && bits.1 < 256);
}

fn zigzag(z: &[i64], m: usize) -> CaseSplitBound {
    case_split(&line_instance(z), &line1(), m).unwrap()
}

#[test]
fn k3_impossibility_certificate() {
    let cert = zigzag(&[0, 1, 0], 1);
    assert_eq!(cert.cases.len(), 6);
    let summary = accepted(&certificate::lower_case_split(&cert, true));
    assert_eq!((summary.neurons, summary.rule.as_deref()), (2, Some("case-split")));
    insta::assert_snapshot!("case_split_010_m1", certificate::lower_case_split(&cert, true));
}

#[test]
fn k4_impossibility_certificate() {
    let cert = zigzag(&[0, 1, 0, 1], 2);
    assert_eq!(cert.cases.len(), 36);
    let text = certificate::lower_case_split(&cert, true);
    assert_eq!(accepted(&text).neurons, 3);
    insta::assert_snapshot!("case_split_0101_m2", text);
}

#[test]
fn zigzag_certificates_for_every_n() {
    for (k, n) in [(3, 1), (3, 2), (3, 3), (4, 2), (4, 3), (4, 4)] {
        for d in [1, 2] {
            let cert = zigzag_certificate(k, n, d).unwrap();
            let summary = accepted(&certificate::lower_case_split(&cert, false));
            assert_eq!((summary.k, summary.n, summary.neurons), (k, n, k - 1));
        }
    }
}

/// Every single multiplier changed (+1), every case dropped, duplicated, or swapped with its
/// neighbour: rejected.
#[test]
fn mutated_case_split_certificates_are_rejected() {
    for (z, m) in [(&[0, 1, 0][..], 1), (&[0, 1, 0, 1][..], 2)] {
        let cert = zigzag(z, m);
        for c in 0..cert.cases.len() {
            for e in 0..cert.cases[c].equalities.len() {
                let mut bad = cert.clone();
                bad.cases[c].equalities[e] += int(1);
                assert_eq!(rejected(&certificate::lower_case_split(&bad, false)), "bad-multipliers");
            }
            for s in 0..cert.cases[c].strict.len() {
                let mut bad = cert.clone();
                bad.cases[c].strict[s] += int(1);
                assert_eq!(rejected(&certificate::lower_case_split(&bad, false)), "bad-multipliers");
            }
            let mut dropped = cert.clone();
            dropped.cases.remove(c);
            let kind = rejected(&certificate::lower_case_split(&dropped, false));
            assert!(kind == "case-mismatch" || kind == "case-missing", "{kind}");
            let mut duplicated = cert.clone();
            duplicated.cases.insert(c, cert.cases[c].clone());
            let kind = rejected(&certificate::lower_case_split(&duplicated, false));
            assert!(kind == "case-mismatch" || kind == "case-extra", "{kind}");
            if c + 1 < cert.cases.len() {
                let mut swapped = cert.clone();
                swapped.cases.swap(c, c + 1);
                assert_eq!(rejected(&certificate::lower_case_split(&swapped, false)), "case-mismatch");
            }
        }
        // Zero multipliers prove nothing; a wrong claim is refused.
        let mut zero = cert.clone();
        let case = &mut zero.cases[0];
        for q in case.equalities.iter_mut().chain(case.strict.iter_mut()) {
            *q = int(0);
        }
        assert_eq!(rejected(&certificate::lower_case_split(&zero, false)), "bad-multipliers");
        let mut claim = cert.clone();
        claim.excluded += 1;
        assert!(
            check_str(&certificate::lower_case_split(&claim, false), &Limits::default()).kind() != "accepted"
        );
    }
}

/// A non-zig-zag instance has a feasible case: no certificate exists.
#[test]
fn no_certificate_for_fittable_data() {
    assert!(case_split(&line_instance(&[0, 1, 1, 0]), &line1(), 2).is_err());
    assert!(case_split(&line_instance(&[0, 1, 0, 1]), &line1(), 3).is_err());
}
