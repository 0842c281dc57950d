//! The fast network reader (the `network` value read straight from the bytes, `lib.rs`
//! `check_parsed`) changes speed only: every corpus certificate, good and bad, and every
//! single-byte change, deletion and doubling inside the network of each good upper certificate
//! gets exactly the verdict (and message) of the plain reading.

use ftcert_check::{check_bytes, set_fast_network, Limits, Verdict};
use std::path::Path;

fn both(bytes: &[u8], limits: &Limits) -> (Verdict, Verdict) {
    set_fast_network(false);
    let plain = check_bytes(bytes, limits);
    set_fast_network(true);
    (plain, check_bytes(bytes, limits))
}

fn corpus(dir: &str) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data").join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .expect("corpus folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files.into_iter().map(|p| (p.display().to_string(), std::fs::read(&p).expect("read"))).collect()
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
                let mut m = bytes.clone();
                match op {
                    0 => m[at] = b'7',
                    1 => m[at] = b' ',
                    2 => {
                        m.remove(at);
                    }
                    _ => m.insert(at, m[at]),
                }
                let (plain, fast) = both(&m, &Limits::default());
                assert_eq!(plain, fast, "{name}, byte {at}, change {op}");
                mutants += 1;
                accepted += usize::from(plain.is_accepted());
            }
        }
    }
    assert!(mutants > 5000 && accepted > 100, "{mutants} mutants, {accepted} accepted");
}
