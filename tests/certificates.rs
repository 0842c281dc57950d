use crate::util::root;
use ftcert::certificate;
use ftcert::construct::ConstructionId;
use ftcert::lower::windows_certificate;
use ftcert_check::{check_str, Limits, Verdict};

/// The paper's Figure 4 instance (K = 14, T = {4, 7, 9, 14}) from tests/data.
pub fn fig4_certificate(id: ConstructionId) -> String {
    let text = std::fs::read_to_string(root().join("tests/data/fig4-instance.json")).unwrap();
    let instance = certificate::parse_instance(&text).unwrap();
    let built = id.build(&instance).unwrap();
    certificate::upper(id, &instance, &built, true)
}

fn accepted(text: &str) -> ftcert_check::Summary {
    match check_str(text, &Limits::default()) {
        Verdict::Accepted(s) => s,
        Verdict::Rejected(r) => panic!("rejected: {r}"),
        Verdict::Declined(d) => panic!("declined: {d}"),
    }
}

#[test]
fn figure_4_paper_certificate() {
    let text = fig4_certificate(ConstructionId::TwoLayerPaper);
    let summary = accepted(&text);
    assert_eq!((summary.k, summary.n, summary.neurons), (14, 4, 10));
    assert_eq!(summary.bound, Some(13));
    // Kinks at 3, 4, 5, 6, 7, 8, 9, 10, 13 (the neuron at 1 has output weight 0): 10 pieces.
    assert_eq!(summary.pieces, Some(10));
    insta::assert_snapshot!("figure_4_two_layer_paper", text);
}

#[test]
fn figure_4_tight_certificate_saves_one_neuron() {
    let summary = accepted(&fig4_certificate(ConstructionId::TwoLayerTight));
    assert_eq!((summary.neurons, summary.bound, summary.pieces), (9, Some(12), Some(10)));
}

#[test]
fn lower_certificate_k14_n4() {
    let text = certificate::lower(&windows_certificate(14, 4, 1, 2), true);
    let summary = accepted(&text);
    assert_eq!((summary.neurons, summary.breakpoints), (12, Some(12)));
    insta::assert_snapshot!("lower_two_layer_k14_n4", text);
    // 3 layers: b3(5) = 11 < 12 ≤ b3(6) = 15 (docs/lower-bounds.md; the paper's count gives 5).
    let three = accepted(&certificate::lower(&windows_certificate(14, 4, 1, 3), true));
    assert_eq!(three.neurons, 6);
}
