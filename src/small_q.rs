//! A small exact rational for the builder's hot loops: numerator and denominator in i128, in
//! lowest terms with a positive denominator, both at most 2^62 in absolute value. With that bound
//! every sum, product and cross-multiplied comparison of two values fits i128 exactly; a result
//! outside the bound is refused (`None`) and the caller redoes the work with malachite's `Q`.

use crate::rational::Q;
use malachite_base::num::arithmetic::traits::Sign;
use std::cmp::Ordering;

const LIMIT: u128 = 1 << 62;

/// `n/d`, lowest terms, d > 0, |n|, d ≤ 2^62. Structural equality (and hash) is value equality.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SmallQ {
    n: i128,
    d: i128,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
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

/// [`gcd`] in 64 bits (b > 0).
pub(crate) fn gcd64(mut a: u64, mut b: u64) -> u64 {
    if a == 0 {
        return b;
    }
    if a == 1 || b == 1 {
        return 1;
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

impl SmallQ {
    pub const ZERO: SmallQ = SmallQ { n: 0, d: 1 };

    /// `n/d` reduced (d ≠ 0, |n|, |d| < 2^126); `None` if the reduced form exceeds the bound.
    fn reduced(n: i128, d: i128) -> Option<SmallQ> {
        let (n, d) = if d < 0 { (-n, -d) } else { (n, d) };
        if d == 1 {
            return (n.unsigned_abs() <= LIMIT).then_some(SmallQ { n, d });
        }
        // Both below 2^63 (the common case): gcd and division in 64 bits.
        if let (Ok(n64), Ok(d64)) = (i64::try_from(n), i64::try_from(d)) {
            let g = gcd64(n64.unsigned_abs(), d64 as u64) as i64;
            let (n, d) = (i128::from(n64 / g), i128::from(d64 / g));
            return (n.unsigned_abs() <= LIMIT && d as u128 <= LIMIT).then_some(SmallQ { n, d });
        }
        let g = gcd(n.unsigned_abs(), d as u128) as i128;
        let (n, d) = (n / g, d / g);
        (n.unsigned_abs() <= LIMIT && d as u128 <= LIMIT).then_some(SmallQ { n, d })
    }

    pub fn from_int(n: i64) -> SmallQ {
        SmallQ { n: n as i128, d: 1 }
    }

    /// `q` if it is within the bound.
    pub fn from_q(q: &Q) -> Option<SmallQ> {
        let n = u64::try_from(q.numerator_ref()).ok()? as u128;
        let d = u64::try_from(q.denominator_ref()).ok()? as u128;
        if n > LIMIT || d > LIMIT {
            return None;
        }
        let n = if q.sign() == Ordering::Less { -(n as i128) } else { n as i128 };
        Some(SmallQ { n, d: d as i128 })
    }

    /// The integer `n`, if within the bound.
    pub fn from_i128(n: i128) -> Option<SmallQ> {
        (n.unsigned_abs() <= LIMIT).then_some(SmallQ { n, d: 1 })
    }

    /// The numerator (lowest terms).
    pub fn numer(self) -> i128 {
        self.n
    }

    /// The denominator (lowest terms, positive).
    pub fn denom(self) -> i128 {
        self.d
    }

    pub fn to_q(self) -> Q {
        Q::from_signeds(self.n, self.d)
    }

    pub fn is_zero(self) -> bool {
        self.n == 0
    }

    pub fn is_positive(self) -> bool {
        self.n > 0
    }

    pub fn is_negative(self) -> bool {
        self.n < 0
    }

    pub fn negated(self) -> SmallQ {
        SmallQ { n: -self.n, d: self.d }
    }

    /// `n/d` already in lowest terms (d > 0), if within the bound.
    fn bounded(n: i128, d: i128) -> Option<SmallQ> {
        (n.unsigned_abs() <= LIMIT && d as u128 <= LIMIT).then_some(SmallQ { n, d })
    }

    /// `self + o` (Knuth's addition: the gcds are of the denominators, at most 2^62, not of the
    /// products; with coprime denominators the sum is already in lowest terms).
    pub fn checked_add(self, o: SmallQ) -> Option<SmallQ> {
        if self.n == 0 {
            return Some(o);
        }
        if o.n == 0 {
            return Some(self);
        }
        if self.d == o.d {
            return SmallQ::reduced(self.n + o.n, self.d);
        }
        // gcd(n1·d2 + n2·d1, d1·d2) = 1 when gcd(d1, d2) = 1 (both fractions in lowest terms).
        let (da, db) = (self.d as u64, o.d as u64);
        let g = gcd64(da, db);
        if g == 1 {
            return SmallQ::bounded(self.n * o.d + o.n * self.d, self.d * o.d);
        }
        let (d1, d2) = (da / g, db / g);
        let t = self.n * i128::from(d2) + o.n * i128::from(d1);
        if t == 0 {
            return Some(SmallQ::ZERO);
        }
        // A common factor of t and d1·d2·g divides g: gcd(t, d1) = gcd(n1·d2, d1) = 1, and the
        // same for d2.
        let abs = t.unsigned_abs();
        let rem = match u64::try_from(abs) {
            Ok(a) => a % g,
            Err(_) => (abs % u128::from(g)) as u64,
        };
        let g2 = gcd64(rem, g);
        let n = if g2 == 1 { t } else { t / i128::from(g2) };
        SmallQ::bounded(n, i128::from(d1) * i128::from(db / g2))
    }

    /// `self · o` (cross-cancelled first, so the product is already in lowest terms).
    pub fn checked_mul(self, o: SmallQ) -> Option<SmallQ> {
        if self.n == 0 || o.n == 0 {
            return Some(SmallQ::ZERO);
        }
        // |n|, d ≤ 2^62: every factor fits i64.
        let (an, ad, bn, bd) = (self.n as i64, self.d as i64, o.n as i64, o.d as i64);
        let g1 = gcd64(an.unsigned_abs(), bd as u64) as i64;
        let g2 = gcd64(bn.unsigned_abs(), ad as u64) as i64;
        let n = i128::from(an / g1) * i128::from(bn / g2);
        SmallQ::bounded(n, i128::from(ad / g2) * i128::from(bd / g1))
    }

    /// `self / o` (o ≠ 0; `None` for o = 0): `self` times 1/o, which is in lowest terms.
    pub fn checked_div(self, o: SmallQ) -> Option<SmallQ> {
        if o.n == 0 {
            return None;
        }
        let inverse = if o.n < 0 { SmallQ { n: -o.d, d: -o.n } } else { SmallQ { n: o.d, d: o.n } };
        self.checked_mul(inverse)
    }

    /// `self / 2`.
    pub fn half(self) -> Option<SmallQ> {
        if self.n % 2 == 0 {
            return Some(SmallQ { n: self.n / 2, d: self.d });
        }
        SmallQ::bounded(self.n, self.d * 2)
    }
}

impl Ord for SmallQ {
    fn cmp(&self, o: &SmallQ) -> Ordering {
        (self.n * o.d).cmp(&(o.n * self.d))
    }
}

impl PartialOrd for SmallQ {
    fn partial_cmp(&self, o: &SmallQ) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rational::frac;

    /// Every operation agrees with malachite's, or refuses exactly when the exact result is out of
    /// the bound (random operands, from tiny to near 2^62).
    #[test]
    fn operations_agree_with_malachite() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let fits = |q: &Q| SmallQ::from_q(q).is_some();
        let (mut refused, mut done) = (0, 0);
        for i in 0..20_000 {
            let bits = [4, 16, 31, 40, 62][i % 5];
            // Every third pair: denominators with shared factors (the Knuth addition's g > 1 and
            // the cross-cancelled product), integers and zeros.
            let shared = i % 3 == 0;
            let mut pick = || {
                let n = (next() >> (64 - bits)) as i64 - (1i64 << (bits - 1));
                let d = if shared {
                    let base = [1, 1, 2, 3, 4, 6, 12, 1 << 20, 3 << 40, 1 << 61][(next() % 10) as usize];
                    base * (1 + (next() % 2) as i64)
                } else {
                    (next() >> (64 - bits)).max(1) as i64
                };
                let n = if shared && next() % 8 == 0 { 0 } else { n };
                frac(n, d)
            };
            let (a, b) = (pick(), pick());
            let (sa, sb) = (SmallQ::from_q(&a).unwrap(), SmallQ::from_q(&b).unwrap());
            assert_eq!(sa.to_q(), a);
            assert_eq!(sa.cmp(&sb), a.cmp(&b));
            assert_eq!(sa == sb, a == b);
            assert_eq!(sa.negated().to_q(), -a.clone());
            let mut results = vec![
                (sa.checked_add(sb), &a + &b),
                (sa.checked_mul(sb), &a * &b),
                (sa.half(), &a / Q::from(2)),
            ];
            if b != 0 {
                results.push((sa.checked_div(sb), &a / &b));
            }
            for (small, exact) in results {
                match small {
                    Some(s) => {
                        assert_eq!(s.to_q(), exact);
                        done += 1;
                    }
                    None => {
                        assert!(!fits(&exact), "{exact} refused");
                        refused += 1;
                    }
                }
            }
        }
        assert!(refused > 1000 && done > 1000, "refused {refused}, done {done}");
    }
}
