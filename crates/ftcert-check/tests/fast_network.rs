//! The fast network reader (the `network` value read straight from the bytes, `lib.rs`
//! `check_parsed`) changes speed only: every corpus certificate, good and bad, and every
//! single-byte change, deletion and doubling inside the network of each good upper certificate
//! gets exactly the verdict (and message) of the plain reading.

use crate::common::{corpus_dir, corpus_files, mutate};
use ftcert_check::{
    check_bytes, check_str, fast_network_reads, set_fast_network, set_fast_upper, Limits, Verdict,
};

/// The plain and the fast network reading (the typed reader of whole upper certificates, which
/// reads the network its own way, off: `fast_upper.rs` tests it).
fn both(bytes: &[u8], limits: &Limits) -> (Verdict, Verdict) {
    set_fast_upper(false);
    set_fast_network(false);
    let plain = check_bytes(bytes, limits);
    set_fast_network(true);
    (plain, check_bytes(bytes, limits))
}

/// (name, bytes) of every file of a corpus folder.
fn corpus(which: &str) -> Vec<(String, Vec<u8>)> {
    corpus_files(which)
        .into_iter()
        .map(|name| {
            let bytes = std::fs::read(corpus_dir(which).join(&name)).expect("corpus file");
            (name, bytes)
        })
        .collect()
}

#[test]
fn fast_network_reader_agrees_with_plain_reading() {
    let tight = Limits { max_rational_digits: 2, max_neurons: 2, ..Limits::default() };
    let mut files = corpus("good");
    files.extend(corpus("bad"));
    let (mut mutants, mut accepted) = (0, 0);
    for (name, bytes) in &files {
        for limits in [Limits::default(), tight.clone()] {
            let (plain, fast) = both(bytes, &limits);
            assert_eq!(plain, fast, "{name}");
        }
        let text = String::from_utf8_lossy(bytes);
        let (Some(start), Some(end)) = (text.find("\"network\""), text.find("\"claims\"")) else {
            continue;
        };
        for at in start..end.min(bytes.len()) {
            for op in 0..4 {
                let m = mutate(bytes, at, op);
                let (plain, fast) = both(&m, &Limits::default());
                assert_eq!(plain, fast, "{name}, byte {at}, change {op}");
                mutants += 1;
                accepted += usize::from(plain.is_accepted());
            }
        }
    }
    assert!(mutants > 5000 && accepted > 100, "{mutants} mutants, {accepted} accepted");
}

/// Whether checking `text` (which must be accepted) took the fast network reader.
fn read_fast(text: &str, limits: &Limits) -> bool {
    let before = fast_network_reads();
    assert!(check_str(text, limits).is_accepted(), "{text}");
    fast_network_reads() == before + 1
}

/// The fast reader is taken up to the exact limits (depth 6 for the weight rows, the layer
/// count, the neuron count, 19-byte entries), on an empty hidden layer and an empty output row;
/// never for another format or kind, nor when it is switched off.
#[test]
fn fast_network_reader_is_taken_where_it_applies() {
    let path = corpus_dir("good").join("upper-two-layer-paper-k3.json");
    let paper = std::fs::read_to_string(path).expect("corpus file");
    set_fast_upper(false);
    set_fast_network(true);
    assert!(read_fast(&paper, &Limits::default()));
    assert!(read_fast(&paper, &Limits { max_depth: 6, ..Limits::default() }));
    assert!(read_fast(&paper, &Limits { max_layers: 2, ..Limits::default() }));
    assert!(read_fast(&paper, &Limits { max_neurons: 2, ..Limits::default() }));
    // `two-layer-optimal` for T = ∅ on K = 3: no hidden neuron.
    let empty = r#"{"format":"ftcert/1","kind":"upper","construction":"two-layer-optimal","instance":{"k":3,"d":1,"points":[["-5"],["-13/3"],["-19/3"]],"targets":["0","0","0"],"t":[]},"network":{"layers":[{"weights":[],"biases":[]},{"weights":[[]],"biases":["0"]}]},"claims":{"neurons":0,"bound":0,"line":{"origin":["0"],"direction":["1"]},"pieces":1}}"#;
    assert!(read_fast(empty, &Limits::default()));
    // An entry of 19 bytes, the longest the reader takes (a zero output weight keeps g = 0).
    let long = r#"{"format":"ftcert/1","kind":"upper","construction":"two-layer-paper","instance":{"k":3,"d":1,"points":[["-5"],["-13/3"],["-19/3"]],"targets":["0","0","0"],"t":[]},"network":{"layers":[{"weights":[["1"]],"biases":["-123456789/98765432"]},{"weights":[["0"]],"biases":["0"]}]},"claims":{"neurons":1,"bound":1,"line":{"origin":["0"],"direction":["1"]},"pieces":1}}"#;
    assert!(read_fast(long, &Limits::default()));
    // Not an upper certificate of this format: parsed again in full, never judged on the
    // reader's network.
    for (from, to) in [("ftcert/1", "ftcert/9"), ("\"upper\"", "\"lower\"")] {
        let other = paper.replacen(from, to, 1);
        let before = fast_network_reads();
        assert!(!check_str(&other, &Limits::default()).is_accepted());
        assert_eq!(fast_network_reads(), before, "{to}");
    }
    set_fast_network(false);
    assert!(!read_fast(&paper, &Limits::default()));
    set_fast_network(true);
}
