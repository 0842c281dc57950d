//! Kills for the cargo-mutants survivors of `network/walk.rs` (docs/testing.md, "Round 5",
//! walk.rs at lines ≥ 330): the digit-work charges of `Walk::check_outputs` (g(x_i) read off the
//! walk: the scaling of samples the i128 path cannot scale, 366–378; the comparison of each
//! sample's value with its target, 399–403; the reduction of a wrong output, 408) and the group
//! loop's comparisons (600). Each test checks a `search-3` certificate through the public API whose
//! every digit-work charge is the big-integer walk's, and pins the meter's exact total: accepted
//! (or refused, for the wrong output) at `max_digit_work` = the total, declined
//! `limit-digit-work` at `/network` one below it.
//!
//! The totals are recomputed here, charge by charge, from the cost model of docs/resources.md and
//! `budget.rs`: digits(x) = ⌊bits(x)·302/1000⌋ + 1 (so digits(0) = 1), a product or division m·n,
//! a gcd or lcm step max(m, n)². Only the output layer holds a number past i64 (its bias
//! C = 10^19), so the first two layers are built in i64 (uncharged) and the walk reads the output
//! row as rationals; no point or target has a part of more than 18 digits besides integers, so
//! parsing charges nothing and the per-thread memo (which can skip parsing the points on a repeated
//! check) cannot change a total. If a rewrite changes what the walk charges, update the sums here
//! together with docs/resources.md.

use crate::common::*;
use ftcert_check::{check_str, Limits, Verdict};
use num_bigint::BigInt;

// ---------------------------------------------------------------------------------------------
// The cost model: `digits`, `mul` and `gcd` of tests/common (shared with network_mutants.rs).

fn i(n: i64) -> BigInt {
    BigInt::from(n)
}

/// The order of n1/d1 and n2/d2: the two cross products.
fn cmp(n1: &BigInt, d1: &BigInt, n2: &BigInt, d2: &BigInt) -> u128 {
    mul(n1, d2) + mul(n2, d1)
}

/// The sign of a·(n/d) + b: a·n and b·d.
fn sign_of(a: &BigInt, b: &BigInt, n: &BigInt, d: &BigInt) -> u128 {
    mul(a, n) + mul(b, d)
}

/// x += c·y (c, y ≠ 0): the product and the digits of x.
fn add_mul(c: &BigInt, y: &BigInt, x: &BigInt) -> u128 {
    mul(c, y) + digits(x)
}

/// an/ad += n/d (n ≠ 0): three products, the reduction max(num, den digits)², and 2·num·den.
fn add_frac(an: &BigInt, ad: &BigInt, n: &BigInt, d: &BigInt) -> u128 {
    let num = (digits(an) + digits(d)).max(digits(n) + digits(ad)) + 1;
    let den = digits(ad) + digits(d);
    let m = num.max(den);
    mul(an, d) + mul(n, ad) + mul(ad, d) + m * m + 2 * num * den
}

/// A sort of `len` ≥ 2 points: len·(⌈log2 len⌉ + 1) comparisons of the largest parts, 2 products
/// each (`bits` = the bit length of len).
fn sort(len: u128, bits: u128, dn: u128, dd: u128) -> u128 {
    len * (bits + 1) * dn * dd * 2
}

/// Reading g = A·t + B at t and comparing it with z: 2·A.n·t.n, 2·B.n·A.d, 3·A.d·t.d, and
/// 4·(z.d·A.d + z.n·A.d) (walk.rs 399–403).
fn visit(a: (&BigInt, &BigInt), b: &BigInt, t: (&BigInt, &BigInt), z: (&BigInt, &BigInt)) -> u128 {
    2 * mul(a.0, t.0) + 2 * mul(b, a.1) + 3 * mul(a.1, t.1) + 4 * mul(z.1, a.1) + 4 * mul(z.0, a.1)
}

/// `Walk::new` with one output weight 1 over the layer-2 row scale 1: the product of its
/// denominator and the scale, then the class sort of one term (1·(1 + 1)·digits(1)).
fn walk_new() -> u128 {
    mul(&i(1), &i(1)) + 2
}

// ---------------------------------------------------------------------------------------------
// The certificates.

fn c() -> BigInt {
    BigInt::from(10u32).pow(19)
}

fn search3(instance: Inst, layer0: Layer, layer1_bias: &str, pieces: u64) -> Upper {
    let d = instance.d as usize;
    let mut direction = vec!["0".to_string(); d];
    direction[0] = "1".into();
    let out = c().to_string();
    Upper {
        construction: "search-3".into(),
        instance,
        layers: vec![
            layer0,
            Layer { weights: vec![s(&["1"])], biases: vec![layer1_bias.to_string()] },
            Layer { weights: vec![s(&["1"])], biases: vec![out] },
        ],
        neurons: 2,
        bound: 2,
        origin: vec!["0".into(); d],
        direction,
        pieces,
    }
}

/// g(x) = relu(relu(x) − 1) + C on the points 1, 2, 3 (targets C, C + 1, C + 2, T = all): every
/// point scales in i64 (the memoised branch of walk.rs 366), and the layer-2 root s = 1 lies
/// strictly inside the interval (0, ∞) after the layer-1 cut 0: a group (walk.rs 595–600).
fn cert_a() -> Upper {
    let z = |k: i64| (c() + k).to_string();
    let inst = Inst {
        k: 3,
        d: 1,
        points: vec![s(&["1"]), s(&["2"]), s(&["3"])],
        targets: vec![z(0), z(1), z(2)],
        t: vec![1, 2, 3],
    };
    search3(inst, Layer { weights: vec![s(&["1"])], biases: s(&["0"]) }, "-1", 2)
}

/// The walk's charges for `cert_a` up to the end of `check_outputs` (without its `Walk::new`).
/// `z3` is the third target; `wrong` adds the reduction of a wrong third output.
fn outputs_a(z3: &BigInt, wrong: bool) -> u128 {
    let (zero, one, cc) = (i(0), i(1), c());
    // rank_one of the row (1): gcd(0, 1); u = 1/1; the row's pivot 1/1 and its one entry a·u.
    let rank_one = gcd(&zero, &one) + mul(&one, &one) + mul(&one, &one) + mul(&one, &one);
    // t_i = u·x_i = 1, 2, 3 (dd = 1, memoised): one add_mul each; then the sort of 3 (2 bits).
    let queries = add_mul(&one, &one, &zero) + add_mul(&one, &i(2), &zero) + add_mul(&one, &i(3), &zero);
    let sorted = sort(3, 2, 1, 1);
    // Interval (−∞, 0]: t = 1 is past the cut 0. The cut: the kink 0/1 against itself, layer-2
    // P += 1·1 (Q += 1·0 is free), the sign of 1·0 − 1·1 (off).
    let cut = cmp(&one, &one, &zero, &one)
        + cmp(&zero, &one, &zero, &one)
        + add_mul(&one, &one, &zero)
        + sign_of(&one, &i(-1), &zero, &one);
    // Interval (0, ∞): the root 1/1 of s − 1 against the cut, then against t = 1 (equal: read
    // before the group) and t = 2 (less: the group first).
    let roots = cmp(&one, &one, &zero, &one) + cmp(&one, &one, &one, &one) + cmp(&one, &one, &i(2), &one);
    let group = group_a();
    let v = visit((&zero, &one), &cc, (&one, &one), (&cc, &one))
        + visit((&one, &one), &(&cc - 1), (&i(2), &one), (&(&cc + 1), &one))
        + visit((&one, &one), &(&cc - 1), (&i(3), &one), (z3, &one));
    let mut total = rank_one + queries + sorted + cut + roots + group + v;
    if wrong {
        // g(3) = 1·3·1 + (C − 1)·1·1 over 1·1·1: its gcd, twice (walk.rs 408).
        total += 2 * gcd(&(&cc + 2), &one);
    }
    total
}

/// The group at s = 1: the class gains 1·(1, −1) (two add_muls into zeros), then A = 0 + 1/1 and
/// B = C − 1/1 (two add_fracs).
fn group_a() -> u128 {
    let (zero, one, cc) = (i(0), i(1), c());
    add_mul(&one, &one, &zero)
        + add_mul(&one, &i(-1), &zero)
        + add_frac(&zero, &one, &one, &one)
        + add_frac(&cc, &one, &i(-1), &one)
}

/// The piece count of `cert_a` along (0, 1): α = 1·1 (β = 1·0 is free), then the run without
/// samples: the cut (as in `outputs_a`), the root 1 against the cut, and the group.
fn pieces_a() -> u128 {
    let (zero, one) = (i(0), i(1));
    add_mul(&one, &one, &zero)
        + cmp(&zero, &one, &zero, &one)
        + add_mul(&one, &one, &zero)
        + sign_of(&one, &i(-1), &zero, &one)
        + cmp(&one, &one, &zero, &one)
        + group_a()
}

/// p = 2^32 and q = 2^32 + 1 (coprime, each of 10 digits): the first sample (3/p, 2/q) has
/// lcm(p, q) = pq > i64::MAX, so it is scaled in big integers (the non-memoised branch of
/// walk.rs 366–378). Layer 1 is the row (p, q) = u, so t = u·x = 3 + 2 = 5 exactly, but as the
/// unreduced point 5pq/pq; g = relu(relu(u·x)) + C: C + 5 there, C at the second sample (0, 0).
fn pq() -> (BigInt, BigInt) {
    let p = BigInt::from(1u64 << 32);
    (p.clone(), p + 1)
}

fn cert_b() -> Upper {
    let (p, q) = pq();
    let inst = Inst {
        k: 2,
        d: 2,
        points: vec![vec![format!("3/{p}"), format!("2/{q}")], s(&["0", "0"])],
        targets: vec![(c() + 5u32).to_string(), c().to_string()],
        t: vec![1, 2],
    };
    search3(inst, Layer { weights: vec![vec![p.to_string(), q.to_string()]], biases: s(&["0"]) }, "0", 2)
}

fn total_b() -> u128 {
    let (p, q) = pq();
    let (zero, one, cc) = (i(0), i(1), c());
    let pq = &p * &q;
    // rank_one of (p, q): gcd(0, p), gcd(p, q) = 1; u = (p/1, q/1); the pivot p/p and a·u twice.
    let rank_one = gcd(&zero, &p)
        + gcd(&p, &q)
        + mul(&p, &one)
        + mul(&q, &one)
        + mul(&p, &p)
        + mul(&one, &p)
        + mul(&one, &q);
    // Sample 1 in big integers: the lcm steps (1, p) and (p, q), each gcd + product; the scaled
    // coordinates 3·(pq/p) and 2·(pq/q), each dd·den + dd·num; t.n = p·3q + q·2p.
    let scale = gcd(&one, &p)
        + mul(&one, &p)
        + gcd(&p, &q)
        + mul(&p, &q)
        + mul(&pq, &p)
        + mul(&pq, &i(3))
        + mul(&pq, &q)
        + mul(&pq, &i(2));
    let tn = &pq * 5;
    let sample1 = scale + add_mul(&p, &(&q * 3), &zero) + add_mul(&q, &(&p * 2), &(&pq * 3));
    // Sample 2 = (0, 0): memoised, every product has a zero factor: free. The sort of the two
    // t's (2 bits), largest parts digits(5pq) and digits(pq).
    let sorted = sort(2, 2, digits(&tn), digits(&pq));
    // Interval (−∞, 0]: t = 0/1 equals the cut (read there: A = 0, B = C), t = 5pq/pq is past it.
    let left = cmp(&zero, &one, &zero, &one)
        + visit((&zero, &one), &cc, (&zero, &one), (&cc, &one))
        + cmp(&tn, &pq, &zero, &one);
    // The cut 0/1: the kink against itself, P += 1·1, the sign of 1·0 + 0·1 (zero: on, since
    // P > 0), the class gains 1·(1, 0), A = 0 + 1/1 (B gains 0: free).
    let cut = cmp(&zero, &one, &zero, &one)
        + add_mul(&one, &one, &zero)
        + sign_of(&one, &zero, &zero, &one)
        + add_mul(&one, &one, &zero)
        + add_frac(&zero, &one, &one, &one);
    // Interval (0, ∞): the root 0/1 of s equals the cut (no event); t = 5pq/pq read with A = 1.
    let right = cmp(&zero, &one, &zero, &one) + visit((&one, &one), &cc, (&tn, &pq), (&(&cc + 5), &one));
    let outputs = rank_one + sample1 + sorted + left + cut + right;
    // The piece count along (0, 0) + s·(1, 0): α = p·1 (the other products have a zero factor),
    // the kink 0/p, the cut (P += 1·p, the sign of p·0 + 0·p, the class gains 1·(p, 0),
    // A = 0 + p/1), and the root 0/p against the cut.
    let pieces = add_mul(&p, &one, &zero)
        + cmp(&zero, &p, &zero, &p)
        + add_mul(&one, &p, &zero)
        + sign_of(&p, &zero, &zero, &p)
        + add_mul(&one, &p, &zero)
        + add_frac(&zero, &one, &p, &one)
        + cmp(&zero, &p, &zero, &p);
    walk_new() + outputs + walk_new() + pieces
}

// ---------------------------------------------------------------------------------------------
// The tests.

fn at(work: u128) -> Limits {
    Limits { max_digit_work: usize::try_from(work).unwrap(), ..Limits::default() }
}

#[track_caller]
fn accepted_exactly_at(json: &str, total: u128) -> ftcert_check::Summary {
    let s = match check_str(json, &at(total)) {
        Verdict::Accepted(s) => s,
        other => panic!("expected acceptance at {total}, got {other:?}"),
    };
    let msg = declined(json, &at(total - 1), "limit-digit-work");
    assert!(msg.starts_with("/network"), "{msg}");
    s
}

/// Samples scaled in i64 (memoised), a group inside an interval, g read at three samples. Kills
/// walk.rs 366:17 (the memo arm deleted: each sample rescaled, +2 each), 399–403 (every mutant of
/// the comparison's cost changes the sum of the three reads: A.n·t.n costs 1 and B.n·A.d 20 at
/// every read, so no `x·2` equals `x + 2` and 2·1 + 2·20 ≠ 2·1·2·20), 600:20 (`end > e` → `>=`
/// compares the group's first root with itself: +2 in each of the two walks).
#[test]
fn walk_outputs_digit_work_is_exact() {
    let cert = cert_a();
    let total = walk_new() + outputs_a(&(c() + 2u32), false) + walk_new() + pieces_a();
    assert_eq!(total, 1689);
    let s = accepted_exactly_at(&cert.json(), total);
    assert_eq!((s.layers, s.neurons, s.pieces, s.k, s.d), (3, 2, Some(2), 3, 1));
}

/// A wrong third target: refused at exactly the total (the reduction of the wrong output, 2·20²,
/// is its last charge), declined one below. Kills walk.rs 408:52 (`* 2` → `+ 2`, `/ 2`).
#[test]
fn walk_wrong_output_digit_work_is_exact() {
    let mut cert = cert_a();
    let z3 = c() + 3u32;
    cert.instance.targets[2] = z3.to_string();
    let total = walk_new() + outputs_a(&z3, true);
    assert_eq!(total, 1854);
    let json = cert.json();
    match check_str(&json, &at(total)) {
        Verdict::Rejected(r) => {
            assert_eq!(r.kind(), "wrong-output", "{r}");
            let want = format!("sample 3: network output is {}", c() + 2u32);
            assert!(r.to_string().starts_with(&want), "{r}");
        }
        other => panic!("expected wrong-output at {total}, got {other:?}"),
    }
    let msg = declined(&json, &at(total - 1), "limit-digit-work");
    assert!(msg.starts_with("/network"), "{msg}");
}

/// A sample the i64 path cannot scale (lcm of its denominators past i64::MAX), in d = 2 where the
/// two coordinates have different denominators. Kills walk.rs 370:28 (`!` deleted: dd stays 1,
/// the scaled coordinates are 0, t = 0 and g = C is refused against C + 5), 371:68 (`+` → `-`,
/// `*` in the lcm step's cost), 378:42 and 378:49 (the scaled coordinate num·(dd/den) as
/// num + dd/den, num/(dd/den), num·(dd % den) or num·(dd·den): another t, another g, refused).
#[test]
fn walk_big_sample_scaling_digit_work_is_exact() {
    let cert = cert_b();
    let total = total_b();
    assert_eq!(total, 7106);
    let s = accepted_exactly_at(&cert.json(), total);
    assert_eq!((s.layers, s.neurons, s.pieces, s.k, s.d), (3, 2, Some(2), 2, 2));
    // The walk reads the true value: C + 4 at sample 1 is refused with output C + 5.
    let mut bad = cert.clone();
    bad.instance.targets[0] = (c() + 4u32).to_string();
    let msg = rejected(&bad.json(), "wrong-output", None);
    assert!(msg.starts_with(&format!("sample 1: network output is {}", c() + 5u32)), "{msg}");
}
