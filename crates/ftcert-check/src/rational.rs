//! Canonical rationals: `-?digits(/digits)?` parsed by hand, with the digit budget checked before
//! any bignum conversion, and refused unless in lowest terms with denominator > 1 (or absent).

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::One;

/// Why a string is not accepted as a rational.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RatError {
    /// Not canonical; the reason for the message.
    NonCanonical(&'static str),
    /// Syntactically fine but longer than the digit budget (total digits of p and q).
    TooManyDigits(usize),
    /// The lowest-terms check would pass the digit-work budget (`budget.rs`); the total so far.
    TooMuchDigitWork(u128),
}

fn digits_end(b: &[u8], start: usize) -> usize {
    let mut i = start;
    while b.get(i).is_some_and(u8::is_ascii_digit) {
        i += 1;
    }
    i
}

fn to_bigint(digits: &[u8]) -> Option<BigInt> {
    if digits.len() <= 18 {
        let mut v: u64 = 0;
        for d in digits {
            v = v * 10 + u64::from(d - b'0');
        }
        Some(BigInt::from(v))
    } else {
        BigInt::parse_bytes(digits, 10)
    }
}

/// The value of at most 18 decimal digits.
fn small(digits: &[u8]) -> Option<u64> {
    (digits.len() <= 18).then(|| digits.iter().fold(0u64, |v, d| v * 10 + u64::from(d - b'0')))
}

/// gcd(a, b) (gcd(0, b) = b), by Stein's binary algorithm: shifts and subtractions, no
/// division (tests: `network::tests::small_gcd_lcm_match_num`, `rational::tests::binary_gcd`).
pub(crate) fn gcd_u64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 {
        return b;
    }
    if b == 0 {
        return a;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

/// A parsed canonical rational: small (numerator and denominator of at most 18 digits, so both
/// fit in i64; the denominator ≥ 1, coprime with the numerator) or big.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Rat {
    Small(i64, i64),
    Big(BigRational),
}

impl Rat {
    /// The value as a `BigRational` (the one [`parse`] returns).
    pub(crate) fn to_big(&self) -> BigRational {
        match self {
            // Canonical: no normalisation needed.
            Rat::Small(p, q) => BigRational::new_raw(BigInt::from(*p), BigInt::from(*q)),
            Rat::Big(r) => r.clone(),
        }
    }

    pub(crate) fn is_zero(&self) -> bool {
        match self {
            Rat::Small(p, _) => *p == 0,
            Rat::Big(r) => num_traits::Zero::is_zero(r),
        }
    }

    /// (numerator, denominator) if both fit in i64.
    pub(crate) fn to_i64s(&self) -> Option<(i64, i64)> {
        use num_traits::ToPrimitive;
        match self {
            Rat::Small(p, q) => Some((*p, *q)),
            Rat::Big(r) => Some((r.numer().to_i64()?, r.denom().to_i64()?)),
        }
    }
}

impl From<BigRational> for Rat {
    fn from(r: BigRational) -> Rat {
        Rat::Big(r)
    }
}

/// Parse a canonical rational. Never panics.
#[cfg(test)]
pub(crate) fn parse(s: &str, max_digits: usize) -> Result<BigRational, RatError> {
    parse_rat(s, max_digits).map(|r| match r {
        Rat::Small(..) => r.to_big(),
        Rat::Big(b) => b,
    })
}

/// [`parse`] without building big integers for small values: the same checks, the same errors.
pub(crate) fn parse_rat(s: &str, max_digits: usize) -> Result<Rat, RatError> {
    match small_rat(s.as_bytes(), max_digits) {
        Some(r) => Ok(r),
        None => parse_rat_plain(s, max_digits),
    }
}

/// The common case of [`parse_rat`] in one pass: a canonical `-?p(/q)?` with p and q of at most
/// 18 digits each, within the digit budget. `None` for anything else, including every input
/// that [`parse_rat_plain`] refuses (it then gives the error); when it answers, it answers
/// exactly what `parse_rat_plain` returns (`small_rat_matches_plain`).
fn small_rat(b: &[u8], max_digits: usize) -> Option<Rat> {
    match small_prefix(b, max_digits)? {
        ((p, q), end) if end == b.len() => Some(Rat::Small(p, q)),
        _ => None,
    }
}

/// [`small_rat`] of the longest prefix of `b` that can be a rational (its end is the first
/// byte, after the digits, that is neither a digit nor the one `/`), with that prefix's length:
/// readers of a rational inside a longer text (the fast JSON reader's network entries, which end
/// at a quote) parse it in the same pass. `Some(((p, q), len))` exactly when `small_rat` answers
/// `Rat::Small(p, q)` on `b[..len]` (`small_prefix_matches_small_rat`).
pub(crate) fn small_prefix(b: &[u8], max_digits: usize) -> Option<((i64, i64), usize)> {
    // Digits from `start`: (value, end), at most 18 of them, at least one, no leading zero
    // unless the number is 0 itself.
    #[inline(always)]
    fn digits(b: &[u8], start: usize) -> Option<(u64, usize)> {
        let mut v: u64 = 0;
        let mut i = start;
        while let Some(&c) = b.get(i) {
            let digit = c.wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            // At most 18 digits: below 10^18 < 2^63, so this never wraps (no overflow check).
            v = v.wrapping_mul(10).wrapping_add(u64::from(digit));
            i += 1;
            if i - start > 18 {
                return None;
            }
        }
        let len = i - start;
        (len == 1 || (len > 1 && b.get(start) != Some(&b'0'))).then_some((v, i))
    }
    // One digit alone (most entries and targets: "0", "1"): its value, within any budget of at
    // least one digit, without the loops below (which give the same answer).
    if let Some(&c @ b'0'..=b'9') = b.first() {
        if max_digits >= 1 && !matches!(b.get(1), Some(b'0'..=b'9' | b'/')) {
            return Some(((i64::from(c - b'0'), 1), 1));
        }
    }
    let negative = b.first() == Some(&b'-');
    let start = usize::from(negative);
    let (p, end) = digits(b, start)?;
    let p_len = end - start;
    let (q, q_len, end) = if b.get(end) != Some(&b'/') {
        (1, 0, end)
    } else {
        if p == 0 {
            return None;
        }
        let (q, q_end) = digits(b, end + 1)?;
        // Lowest terms: over a power of two, exactly when p is odd; else by the gcd.
        let coprime = if q.is_power_of_two() { p & 1 == 1 } else { gcd_u64(p, q) == 1 };
        if q <= 1 || b.get(q_end) == Some(&b'/') || !coprime {
            return None;
        }
        (q, q_end - end - 1, q_end)
    };
    if (negative && p == 0) || p_len + q_len > max_digits {
        return None;
    }
    let p = p as i64;
    Some(((if negative { -p } else { p }, q as i64), end))
}

/// [`parse_rat`], every case and every error.
fn parse_rat_plain(s: &str, max_digits: usize) -> Result<Rat, RatError> {
    use RatError::NonCanonical as Nc;
    let b = s.as_bytes();
    if b.is_empty() {
        return Err(Nc("empty string"));
    }
    let negative = b.first() == Some(&b'-');
    let num_start = usize::from(negative);
    let num_end = digits_end(b, num_start);
    let num = b.get(num_start..num_end).unwrap_or_default();
    if num.is_empty() {
        return Err(Nc(match b.get(num_start) {
            Some(b'+') => "a leading '+' is not allowed",
            Some(b' ' | b'\t' | b'\n' | b'\r') => "whitespace is not allowed",
            None => "missing digits",
            _ => "expected -?digits(/digits)?",
        }));
    }
    let (den, end) = if b.get(num_end) == Some(&b'/') {
        let den_start = num_end + 1;
        let den_end = digits_end(b, den_start);
        let den = b.get(den_start..den_end).unwrap_or_default();
        if den.is_empty() {
            return Err(Nc(match b.get(den_start) {
                Some(b'-') => "the denominator must be positive, without sign",
                _ => "missing denominator digits",
            }));
        }
        (Some(den), den_end)
    } else {
        (None, num_end)
    };
    if end != b.len() {
        return Err(Nc(match b.get(end) {
            Some(b'.' | b'e' | b'E') => "decimal point or exponent; write p/q",
            Some(b' ' | b'\t' | b'\n' | b'\r') => "whitespace is not allowed",
            Some(b'/') => "more than one '/'",
            _ => "expected -?digits(/digits)?",
        }));
    }
    if num.len() > 1 && num.first() == Some(&b'0') {
        return Err(Nc("leading zero in the numerator"));
    }
    if num == b"0" {
        if negative {
            return Err(Nc("-0 is written 0"));
        }
        if den.is_some() {
            return Err(Nc("zero is written 0, without denominator"));
        }
    }
    if let Some(den) = den {
        if den.first() == Some(&b'0') {
            return Err(Nc(if den.len() == 1 {
                "zero denominator"
            } else {
                "leading zero in the denominator"
            }));
        }
        if den == b"1" {
            return Err(Nc("denominator 1; write the integer"));
        }
    }
    let digits = num.len().saturating_add(den.map_or(0, <[u8]>::len));
    if digits > max_digits {
        return Err(RatError::TooManyDigits(digits));
    }
    if let (Some(a), Some(b)) = (small(num), den.map_or(Some(1), small)) {
        // Both parts of at most 18 digits (< 2^63): lowest terms by the u64 gcd.
        if den.is_some() && gcd_u64(a, b) != 1 {
            return Err(Nc("not in lowest terms"));
        }
        let (a, b) = (a as i64, b as i64);
        return Ok(Rat::Small(if negative { -a } else { a }, b));
    }
    let mut p = to_bigint(num).ok_or(Nc("invalid digits"))?;
    if negative {
        p = -p;
    }
    let q = match den {
        Some(den) => {
            // One part has more than 18 digits (both small returned above): the bignum gcd,
            // charged to the digit-work meter.
            let m = num.len().max(den.len()) as u128;
            crate::budget::charge(m * m).map_err(RatError::TooMuchDigitWork)?;
            if !p.gcd(&to_bigint(den).ok_or(Nc("invalid digits"))?).is_one() {
                return Err(Nc("not in lowest terms"));
            }
            to_bigint(den).ok_or(Nc("invalid digits"))?
        }
        None => BigInt::one(),
    };
    // Canonical: q ≥ 2 (or 1 without '/') and gcd(|p|, q) = 1, so no normalisation is needed.
    Ok(Rat::Big(BigRational::new_raw(p, q)))
}

/// Exact arithmetic helpers that skip the gcd normalisation of `BigRational` when an operand is
/// zero or both are integers (the common case: integer points, weights and line data).
pub(crate) mod ops {
    use num_bigint::BigInt;
    use num_rational::BigRational;
    use num_traits::{One, Zero};

    fn int(q: &BigRational) -> bool {
        q.denom().is_one()
    }

    pub(crate) fn add(a: &BigRational, b: &BigRational) -> BigRational {
        if int(a) && int(b) {
            BigRational::from_integer(a.numer() + b.numer())
        } else if a.is_zero() {
            b.clone()
        } else if b.is_zero() {
            a.clone()
        } else {
            a + b
        }
    }

    pub(crate) fn sub(a: &BigRational, b: &BigRational) -> BigRational {
        if int(a) && int(b) {
            BigRational::from_integer(a.numer() - b.numer())
        } else if b.is_zero() {
            a.clone()
        } else {
            a - b
        }
    }

    pub(crate) fn mul(a: &BigRational, b: &BigRational) -> BigRational {
        if a.is_zero() || b.is_zero() {
            BigRational::zero()
        } else if int(a) && int(b) {
            BigRational::from_integer(a.numer() * b.numer())
        } else {
            a * b
        }
    }

    /// a · c for an integer c.
    pub(crate) fn mul_int(a: &BigRational, c: &BigInt) -> BigRational {
        if a.is_zero() || c.is_zero() {
            BigRational::zero()
        } else if int(a) {
            BigRational::from_integer(a.numer() * c)
        } else {
            // The denominator is positive, so `new` cannot divide by zero.
            BigRational::new(a.numer() * c, a.denom().clone())
        }
    }

    /// a / b; `None` if b = 0.
    pub(crate) fn div(a: &BigRational, b: &BigRational) -> Option<BigRational> {
        if b.is_zero() {
            None
        } else if b.is_one() {
            Some(a.clone())
        } else if a.is_zero() {
            Some(BigRational::zero())
        } else {
            Some(a / b)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_canonical() {
        for (s, p, q) in [("0", 0, 1), ("-3", -3, 1), ("7/2", 7, 2), ("-1/3", -1, 3), ("10", 10, 1)] {
            let r = parse(s, 100).unwrap();
            assert_eq!(r, BigRational::new(BigInt::from(p), BigInt::from(q)), "{s}");
            assert_eq!(r.to_string(), s);
        }
        let big = format!("-1{}/{}", "0".repeat(40), "3".repeat(30));
        assert_eq!(parse(&big, 71).unwrap().to_string(), big);
    }

    #[test]
    fn refuses_non_canonical() {
        for s in [
            "2/4", "-0", "+1", "01", "1/0", "1/-2", "3/1", "1.5", " 1", "1 ", "", "-", "1/", "/2", "0/5",
            "-0/5", "1/02", "1/2/3", "1e3", "0x10", "١", "--1", "1/+2", "6/4",
        ] {
            assert!(matches!(parse(s, 100), Err(RatError::NonCanonical(_))), "{s:?} accepted");
        }
    }

    /// The reason in each refusal is part of the located message (cargo-mutants round 4:
    /// rational.rs 138:13 and 139:13 deleted the whitespace and second-'/' arms unnoticed).
    #[test]
    fn refusal_reasons() {
        for (s, why) in [
            ("1 ", "whitespace is not allowed"),
            ("1/2\n", "whitespace is not allowed"),
            ("1/2/3", "more than one '/'"),
            ("1/2x", "expected -?digits(/digits)?"),
            ("1.5", "decimal point or exponent; write p/q"),
            (" 1", "whitespace is not allowed"),
            ("2/4", "not in lowest terms"),
            (&format!("2/4{}", "0".repeat(20)), "not in lowest terms"),
        ] {
            assert_eq!(parse(s, 100), Err(RatError::NonCanonical(why)), "{s:?}");
        }
    }

    /// Parts of at most 18 digits are checked in u64 and cost no digit work; a 19-digit part pays
    /// max(digits)² for its gcd, before it is done.
    #[test]
    fn lowest_terms_charges_only_big_parts() {
        crate::budget::start(0);
        assert!(parse("999999999999999989/999999999999999967", 100).is_ok());
        assert_eq!(crate::budget::spent(), 0);
        let den = format!("1{}", "0".repeat(18));
        assert_eq!(parse(&format!("3/{den}"), 100), Err(RatError::TooMuchDigitWork(19 * 19)));
        crate::budget::start(19 * 19);
        assert!(parse(&format!("3/{den}"), 100).is_ok());
        assert_eq!(crate::budget::spent(), 19 * 19);
        crate::budget::start(usize::MAX);
    }

    #[test]
    fn fast_ops_agree() {
        let vals = ["0", "1", "-3", "7/2", "-1/3", "5/6", "12"];
        for x in vals {
            for y in vals {
                let (a, b) = (parse(x, 9).unwrap(), parse(y, 9).unwrap());
                assert_eq!(ops::add(&a, &b), &a + &b);
                assert_eq!(ops::sub(&a, &b), &a - &b);
                assert_eq!(ops::mul(&a, &b), &a * &b);
                assert_eq!(ops::mul_int(&a, b.numer()), &a * BigRational::from_integer(b.numer().clone()));
                if b != BigRational::from_integer(BigInt::from(0)) {
                    assert_eq!(ops::div(&a, &b), Some(&a / &b));
                } else {
                    assert_eq!(ops::div(&a, &b), None);
                }
            }
        }
    }

    /// The small form (numerator and denominator of ≤ 18 digits) and the big form: the value is
    /// the string's, accepted values are in lowest terms and refused ones are not, against a
    /// BigInt reference (random strings over the rational alphabet, values around 18 digits).
    #[test]
    fn small_form_matches_big() {
        let mut draw = crate::test_rng(3);
        let mut next = |n: usize| -> usize { draw(n as u64) as usize };
        let alphabet = b"0123456789-/9";
        let mut inputs: Vec<String> = (0..20_000)
            .map(|_| (0..1 + next(12)).map(|_| char::from(alphabet[next(alphabet.len())])).collect())
            .collect();
        for n in ["999999999999999999", "1000000000000000000", "123456789012345678"] {
            for d in ["", "/7", "/999999999999999999", "/1000000000000000001", "/2"] {
                inputs.push(format!("{n}{d}"));
                inputs.push(format!("-{n}{d}"));
            }
        }
        // "0" (small_prefix's one-digit shortcut) at every budget, 0 included (then too many
        // digits).
        inputs.extend(["0", "-0", "00", "0/1"].map(String::from));
        let mut small = 0;
        for s in &inputs {
            for budget in [0, 1, 3, 100] {
                let rat = parse_rat(s, budget);
                let old = parse(s, budget);
                match (&rat, &old) {
                    (Ok(r), Ok(b)) => {
                        assert_eq!(&r.to_big(), b, "{s}");
                        assert_eq!(r.to_big().to_string(), *s);
                        assert!(r.to_big().numer().gcd(r.to_big().denom()).is_one(), "{s}");
                        small += usize::from(matches!(r, Rat::Small(..)));
                    }
                    (Err(a), Err(b)) => {
                        assert_eq!(a, b, "{s}");
                        if *a == RatError::NonCanonical("not in lowest terms") {
                            let (p, q) = s.trim_start_matches('-').split_once('/').unwrap();
                            let (p, q) = (
                                BigInt::parse_bytes(p.as_bytes(), 10),
                                BigInt::parse_bytes(q.as_bytes(), 10),
                            );
                            assert!(!p.unwrap().gcd(&q.unwrap()).is_one(), "{s}");
                        }
                    }
                    _ => panic!("{s}: {rat:?} vs {old:?}"),
                }
            }
        }
        assert!(small > 1000, "{small}");
    }

    /// Whenever the one-pass `small_rat` answers, `parse_rat_plain` gives the same value; and it
    /// answers on the common inputs.
    #[test]
    fn small_rat_matches_plain() {
        let mut draw = crate::test_rng(0x5a11);
        let mut next = |n: usize| -> usize { draw(n as u64) as usize };
        let alphabet = b"0123456789-/91";
        let mut inputs: Vec<String> = (0..40_000)
            .map(|_| (0..1 + next(12)).map(|_| char::from(alphabet[next(alphabet.len())])).collect())
            .collect();
        for n in ["0", "1", "999999999999999999", "1000000000000000000", "123456789012345678"] {
            for d in ["", "/1", "/0", "/01", "/7", "/999999999999999999", "/1000000000000000001", "/2"] {
                inputs.push(format!("{n}{d}"));
                inputs.push(format!("-{n}{d}"));
            }
        }
        let (mut answered, mut small_plain) = (0, 0);
        for s in &inputs {
            for budget in [0, 1, 3, 18, 36, 100] {
                let plain = parse_rat_plain(s, budget);
                small_plain += usize::from(matches!(plain, Ok(Rat::Small(..))));
                if let Some(fast) = small_rat(s.as_bytes(), budget) {
                    answered += 1;
                    assert_eq!(Ok(fast), plain, "{s} at {budget} digits");
                }
            }
        }
        // It answers on exactly the inputs that the plain path accepts as small.
        assert_eq!(answered, small_plain);
        assert!(answered > 10_000, "{answered}");
    }

    /// `small_prefix` answers on a text exactly where `small_rat` answers on its prefix, and
    /// gives the same value: on random texts, and on each followed by a quote and more bytes.
    #[test]
    fn small_prefix_matches_small_rat() {
        let mut draw = crate::test_rng(0x5a12);
        let mut next = |n: usize| -> usize { draw(n as u64) as usize };
        let alphabet = b"0123456789-/91\"a";
        let mut answered = 0;
        for _ in 0..40_000 {
            let s: Vec<u8> = (0..1 + next(14)).map(|_| alphabet[next(alphabet.len())]).collect();
            for budget in [0, 3, 18, 36] {
                let got = small_prefix(&s, budget);
                // The longest prefix on which small_rat answers, if any, is the one reported
                // (a shorter rational prefix followed by a digit or '/' is not a rational end).
                let want = (1..=s.len()).rev().find_map(|len| match small_rat(&s[..len], budget) {
                    Some(Rat::Small(p, q)) => Some(((p, q), len)),
                    _ => None,
                });
                match got {
                    Some((v, len)) => {
                        answered += 1;
                        assert_eq!(small_rat(&s[..len], budget), Some(Rat::Small(v.0, v.1)), "{s:?}");
                        // What follows the prefix cannot continue a rational.
                        let after = s.get(len).copied();
                        assert!(!matches!(after, Some(b'0'..=b'9' | b'/')), "{s:?} {len}");
                        assert_eq!(Some((v, len)), want, "{s:?} at {budget}");
                    }
                    None => {
                        // No answer: then no prefix ends where a rational can end.
                        if let Some((_, len)) = want {
                            let after = s.get(len).copied();
                            assert!(matches!(after, Some(b'0'..=b'9' | b'/')), "{s:?} {len} at {budget}");
                        }
                    }
                }
            }
        }
        assert!(answered > 10_000, "{answered}");
    }

    #[test]
    fn binary_gcd() {
        fn euclid(mut a: u64, mut b: u64) -> u64 {
            while b != 0 {
                (a, b) = (b, a % b);
            }
            a
        }
        let mut next = crate::test_rng(0x6cd);
        let edge = [0, 1, 2, 3, 12, 1 << 32, (1 << 63) - 1, 1 << 63, u64::MAX, u64::MAX - 1];
        for &a in &edge {
            for &b in &edge {
                assert_eq!(gcd_u64(a, b), euclid(a, b), "{a} {b}");
            }
        }
        for _ in 0..20_000 {
            let g = 1 + next(1 << 20);
            let (a, b) = (next(1 << 40) * g, next(1 << 30) * g);
            assert_eq!(gcd_u64(a, b), euclid(a, b), "{a} {b}");
        }
    }

    #[test]
    fn digit_budget() {
        assert_eq!(parse("123/457", 5), Err(RatError::TooManyDigits(6)));
        assert!(parse("123/457", 6).is_ok());
        // A syntax error wins over the budget.
        assert!(matches!(parse("0123", 1), Err(RatError::NonCanonical(_))));
    }
}
