//! The typed reader of upper certificates (`upper::read_fast`: the whole document read straight
//! from its bytes, no JSON tree, once an earlier certificate of the same instance left its prefix
//! in the memo) changes speed only: every corpus certificate, good and bad, and every
//! single-byte change, deletion and doubling after the points of each good upper certificate gets
//! exactly the verdict (and message) of the tree reading; and the reader is taken where it
//! applies.

use crate::common::{corpus_dir, corpus_files, mutate};
use ftcert_check::{check_bytes, check_str, fast_upper_reads, set_fast_upper, Limits, Verdict};

/// The verdict of the tree reading, then of the typed reader (each check after `warm`, the
/// certificate whose prefix the memo must hold).
fn both(warm: &[u8], bytes: &[u8], limits: &Limits) -> (Verdict, Verdict, bool) {
    set_fast_upper(false);
    let _ = check_bytes(warm, limits);
    let plain = check_bytes(bytes, limits);
    set_fast_upper(true);
    let _ = check_bytes(warm, limits);
    let before = fast_upper_reads();
    let fast = check_bytes(bytes, limits);
    (plain, fast, fast_upper_reads() > before)
}

fn read(which: &str, name: &str) -> Vec<u8> {
    std::fs::read(corpus_dir(which).join(name)).expect("corpus file")
}

#[test]
fn typed_reader_agrees_with_the_tree() {
    let tight = Limits { max_rational_digits: 2, max_neurons: 2, max_depth: 6, ..Limits::default() };
    let mut taken = 0;
    for which in ["good", "bad"] {
        for name in corpus_files(which) {
            let bytes = read(which, &name);
            for limits in [Limits::default(), tight.clone()] {
                let (plain, fast, typed) = both(&bytes, &bytes, &limits);
                assert_eq!(plain, fast, "{which}/{name}");
                taken += usize::from(typed);
            }
        }
    }
    assert!(taken >= 6, "{taken}");
    let (mut mutants, mut typed_accepted, mut typed_rejected) = (0, 0, 0);
    for name in corpus_files("good").into_iter().filter(|n| n.starts_with("upper-")) {
        let bytes = read("good", &name);
        let text = String::from_utf8_lossy(&bytes);
        let start = text.find("\"targets\"").expect("an upper certificate");
        for at in start..bytes.len() {
            for op in 0..4 {
                let m = mutate(&bytes, at, op);
                let (plain, fast, typed) = both(&bytes, &m, &Limits::default());
                assert_eq!(plain, fast, "{name}, byte {at}, change {op}");
                mutants += 1;
                if typed {
                    typed_accepted += usize::from(plain.is_accepted());
                    typed_rejected += usize::from(!plain.is_accepted());
                }
            }
        }
    }
    // The reader answers on accepted and on rejected mutants (those it reads are judged).
    assert!(mutants > 5000, "{mutants}");
    assert!(
        typed_accepted > 100 && typed_rejected > 500,
        "{typed_accepted} accepted, {typed_rejected} rejected"
    );
}

/// Whether checking `text` (accepted) right after `warm` took the typed reader.
fn typed(warm: &str, text: &str, limits: &Limits) -> bool {
    let _ = check_str(warm, limits);
    let before = fast_upper_reads();
    assert!(check_str(text, limits).is_accepted(), "{text}");
    fast_upper_reads() == before + 1
}

/// Taken for the second certificate of an instance (with whitespace after the points, with the
/// paper-bound claims); not for the first one, whose prefix is not yet
/// in the memo, not for lower certificates, not when switched off.
#[test]
fn typed_reader_is_taken_where_it_applies() {
    set_fast_upper(true);
    let paper = String::from_utf8(read("good", "upper-two-layer-paper-k3.json")).expect("UTF-8");
    assert!(typed(&paper, &paper, &Limits::default()));
    let spaced =
        paper.replacen("\"targets\":", "\"targets\" : ", 1).replacen(",\"claims\"", " ,\n\"claims\"", 1);
    assert!(typed(&paper, &spaced, &Limits::default()));
    let u1 = String::from_utf8(read("good", "upper-three-layer-u1-k4.json")).expect("UTF-8");
    assert!(u1.contains("meets_paper_bound"));
    assert!(typed(&u1, &u1, &Limits::default()));
    // A first certificate of its instance: its prefix is not in the memo yet.
    let tight = String::from_utf8(read("good", "upper-two-layer-tight-k5-d2.json")).expect("UTF-8");
    assert!(!typed(&paper, &tight, &Limits::default()));
    // Depth limit 5: the network rows are too deep for the reader (and the tree refuses them).
    let before = fast_upper_reads();
    assert!(!check_str(&paper, &Limits { max_depth: 5, ..Limits::default() }).is_accepted());
    assert_eq!(fast_upper_reads(), before);
    let lower = String::from_utf8(read("good", "lower-windows-k5.json")).expect("UTF-8");
    assert!(!typed(&lower, &lower, &Limits::default()));
    set_fast_upper(false);
    assert!(!typed(&paper, &paper, &Limits::default()));
    set_fast_upper(true);
}
