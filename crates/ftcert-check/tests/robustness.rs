//! The checker never panics: every prefix and many single-byte mutations of valid certificates
//! give some verdict.

use crate::common::*;
use ftcert_check::{check_bytes, Limits};

fn mutate_all(good: &str) {
    let limits = Limits::default();
    let bytes = good.as_bytes();
    for cut in 0..bytes.len() {
        let _ = check_bytes(&bytes[..cut], &limits);
    }
    let replacements: &[u8] = b"0-/\"[]{},:9 x\xff";
    for i in 0..bytes.len() {
        for &r in replacements {
            let mut m = bytes.to_vec();
            m[i] = r;
            let _ = check_bytes(&m, &limits);
        }
    }
}

#[test]
fn mutations_of_fig4_never_panic() {
    mutate_all(&fig4().json());
}

#[test]
fn mutations_of_fig2_never_panic() {
    mutate_all(&fig2(3).json());
}

#[test]
fn odd_values_never_panic() {
    let good = fig4().json();
    for (from, to) in [
        ("\"k\": 14", "\"k\": 18446744073709551615"),
        ("\"k\": 14", "\"k\": 18446744073709551616"),
        ("\"d\": 1", "\"d\": 18446744073709551615"),
        ("[4, 7, 9, 14]", "[18446744073709551615]"),
        ("\"pieces\": 10", "\"pieces\": 18446744073709551615"),
        ("\"direction\": [\"1\"]", "\"direction\": [\"1/99999999999999999999999\"]"),
        ("\"biases\": [\"0\"]", "\"biases\": [\"-99999999999999999999999999999/7\"]"),
        ("\"network\": {\"layers\": [", "\"network\": {\"layers\": [{\"weights\": [], \"biases\": []},"),
    ] {
        let m = good.replacen(from, to, 1);
        assert_ne!(m, good, "{from}");
        let _ = check(&m);
    }
    let lower = fig2(2).json();
    for (from, to) in [
        ("[1, 2, 3]", "[18446744073709551615, 2, 3]"),
        ("\"layers\": 2", "\"layers\": 18446744073709551615"),
        ("\"direction\": [\"1\"]", "\"direction\": [\"-1/3\"]"),
    ] {
        let m = lower.replacen(from, to, 1);
        assert_ne!(m, lower, "{from}");
        let _ = check(&m);
    }
}
