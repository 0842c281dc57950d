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

/// Parse a canonical rational. Never panics.
pub(crate) fn parse(s: &str, max_digits: usize) -> Result<BigRational, RatError> {
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
    let mut p = to_bigint(num).ok_or(Nc("invalid digits"))?;
    if negative {
        p = -p;
    }
    let q = match den {
        Some(den) => {
            let q = to_bigint(den).ok_or(Nc("invalid digits"))?;
            if !p.gcd(&q).is_one() {
                return Err(Nc("not in lowest terms"));
            }
            q
        }
        None => BigInt::one(),
    };
    // Canonical: q ≥ 2 (or 1 without '/') and gcd(|p|, q) = 1, so no normalisation is needed.
    Ok(BigRational::new_raw(p, q))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_canonical() {
        for (s, p, q) in [
            ("0", 0, 1),
            ("-3", -3, 1),
            ("7/2", 7, 2),
            ("-1/3", -1, 3),
            ("10", 10, 1),
        ] {
            let r = parse(s, 100).unwrap();
            assert_eq!(r, BigRational::new(BigInt::from(p), BigInt::from(q)), "{s}");
            assert_eq!(r.to_string(), s);
        }
        let big = format!("-{}/{}", "9".repeat(40), "7".repeat(30));
        assert_eq!(parse(&big, 70).unwrap().to_string(), big);
    }

    #[test]
    fn refuses_non_canonical() {
        for s in [
            "2/4", "-0", "+1", "01", "1/0", "1/-2", "3/1", "1.5", " 1", "1 ", "", "-", "1/", "/2",
            "0/5", "-0/5", "1/02", "1/2/3", "1e3", "0x10", "١", "--1", "1/+2", "6/4",
        ] {
            assert!(
                matches!(parse(s, 100), Err(RatError::NonCanonical(_))),
                "{s:?} accepted"
            );
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
