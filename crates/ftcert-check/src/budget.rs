//! The digit-work meter (docs/resources.md): big-integer arithmetic on numbers from the
//! certificate is charged here before it is done, in digit-products (a product or division of an
//! m-digit and an n-digit integer costs m·n; a gcd costs max(m, n)², num-bigint's binary gcd
//! being quadratic in the larger operand). One meter per thread, reset for each certificate by
//! [`start`]; once the total passes `Limits::max_digit_work` the certificate is declined
//! (`limit-digit-work`). Numbers below 2^63 take the i64/i128 paths and are not charged.

use std::cell::Cell;

use num_bigint::BigInt;

use crate::error::{Decline, Fail};

thread_local! {
    /// (digit-products spent, limit) for the certificate being checked.
    static METER: Cell<(u128, usize)> = const { Cell::new((0, usize::MAX)) };
}

thread_local! {
    /// The piece count's step limit per layer for the certificate being checked
    /// (`Limits::max_piece_work`).
    static PIECES: Cell<usize> = const { Cell::new(crate::network::PIECE_WORK_LIMIT) };
}

/// Sets the piece count's step limit for a new certificate.
pub(crate) fn start_pieces(limit: usize) {
    PIECES.with(|p| p.set(limit));
}

/// The piece count's step limit (`Limits::max_piece_work`) of the certificate being checked.
pub(crate) fn piece_limit() -> usize {
    PIECES.with(Cell::get)
}

/// Resets the meter for a new certificate with `limit` digit-products.
pub(crate) fn start(limit: usize) {
    METER.with(|m| m.set((0, limit)));
}

/// The digit-products spent since [`start`].
#[cfg(test)]
pub(crate) fn spent() -> u128 {
    METER.with(|m| m.get().0)
}

/// Charges `cost`; `Err(total)` once the total exceeds the limit.
pub(crate) fn charge(cost: u128) -> Result<(), u128> {
    METER.with(|m| {
        let (spent, limit) = m.get();
        let total = spent.saturating_add(cost);
        m.set((total, limit));
        if total > limit as u128 {
            Err(total)
        } else {
            Ok(())
        }
    })
}

/// [`charge`], declining at `path`.
pub(crate) fn spend(cost: u128, path: &str) -> Result<(), Fail> {
    charge(cost).map_err(|work| over(work, path))
}

/// The decline for a total of `work` digit-products at `path`.
pub(crate) fn over(work: u128, path: &str) -> Fail {
    let limit = METER.with(|m| m.get().1);
    Decline::TooMuchDigitWork { path: path.to_string(), work, limit }.into()
}

/// Decimal digits of |x| (an upper estimate from the bit length: bits · 0.302 + 1).
pub(crate) fn digits(x: &BigInt) -> u128 {
    u128::from(x.bits()) * 302 / 1000 + 1
}

/// The cost of gcd(a, b) (and of an lcm step): max(digits)².
pub(crate) fn gcd_cost(a: &BigInt, b: &BigInt) -> u128 {
    let m = digits(a).max(digits(b));
    m.saturating_mul(m)
}

/// The cost of a · b (or a / b): digits(a) · digits(b).
pub(crate) fn mul_cost(a: &BigInt, b: &BigInt) -> u128 {
    digits(a).saturating_mul(digits(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meter_declines_past_the_limit_and_restarts() {
        start(10);
        assert_eq!(charge(4), Ok(()));
        assert_eq!(charge(6), Ok(()));
        assert_eq!(charge(1), Err(11));
        assert_eq!(spent(), 11);
        start(10);
        assert_eq!(spent(), 0);
        let big = BigInt::from(10u32).pow(99);
        assert_eq!(digits(&big), 100);
        assert_eq!(gcd_cost(&big, &BigInt::from(7)), 100 * 100);
        assert_eq!(mul_cost(&big, &BigInt::from(7)), 100);
    }
}
