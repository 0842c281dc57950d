//! Typed readers over `Json` that enforce the format's general rules (exact ordered keys,
//! integers, canonical rationals, array lengths) and report failures with their location.

use num_rational::BigRational;

use crate::error::{Decline, Fail, Rejection};
use crate::json::{Json, Loc};
use crate::rational::{self, Rat, RatError};

/// Check that `v` is an object with exactly `keys`, in this order; return their values.
pub(crate) fn object<'j, 'a, const N: usize>(
    v: &'j Json<'a>,
    loc: &Loc<'_>,
    keys: &[&'static str; N],
) -> Result<[&'j Json<'a>; N], Fail> {
    let Json::Obj(entries) = v else {
        return Err(
            Rejection::WrongType { path: loc.render(), expected: "an object", found: v.type_name() }.into()
        );
    };
    // Exactly the keys, in order (every valid document): none of the errors below applies.
    if entries.len() == N && entries.iter().zip(keys).all(|((k, _), key)| k == key) {
        return Ok(std::array::from_fn(|i| entries.get(i).map_or(v, |(_, value)| value)));
    }
    if let Some((key, _)) = entries.iter().find(|(k, _)| !keys.contains(&k.as_ref())) {
        return Err(Rejection::UnknownField { path: loc.key(key).render(), key: key.to_string() }.into());
    }
    if let Some(key) = keys.iter().find(|k| !entries.iter().any(|(e, _)| e == *k)) {
        return Err(Rejection::MissingField { path: loc.render(), key }.into());
    }
    // Same key sets and no duplicates (refused by the parser): the lengths agree.
    for (i, (key, _)) in entries.iter().enumerate() {
        let expected = keys.get(i).copied().unwrap_or("");
        if key != expected {
            return Err(Rejection::FieldOrder {
                path: loc.key(key).render(),
                key: key.to_string(),
                expected,
            }
            .into());
        }
    }
    let mut out = [v; N];
    for (slot, (_, value)) in out.iter_mut().zip(entries.iter()) {
        *slot = value;
    }
    Ok(out)
}

/// A non-negative JSON integer.
pub(crate) fn uint(v: &Json<'_>, loc: &Loc<'_>) -> Result<u64, Fail> {
    match v {
        Json::UInt(n) => Ok(*n),
        _ => Err(Rejection::WrongType {
            path: loc.render(),
            expected: "a non-negative integer",
            found: v.type_name(),
        }
        .into()),
    }
}

/// A JSON string.
pub(crate) fn string<'j>(v: &'j Json<'_>, loc: &Loc<'_>) -> Result<&'j str, Fail> {
    match v {
        Json::Str(s) => Ok(s),
        _ => {
            Err(Rejection::WrongType { path: loc.render(), expected: "a string", found: v.type_name() }
                .into())
        }
    }
}

/// A JSON array.
pub(crate) fn array<'j, 'a>(v: &'j Json<'a>, loc: &Loc<'_>) -> Result<&'j [Json<'a>], Fail> {
    match v {
        Json::Arr(items) => Ok(items),
        _ => {
            Err(Rejection::WrongType { path: loc.render(), expected: "an array", found: v.type_name() }
                .into())
        }
    }
}

/// A JSON array of exactly `expected` entries.
pub(crate) fn array_len<'j, 'a>(
    v: &'j Json<'a>,
    loc: &Loc<'_>,
    expected: usize,
    what: &'static str,
) -> Result<&'j [Json<'a>], Fail> {
    let items = array(v, loc)?;
    if items.len() != expected {
        return Err(Rejection::WrongLength { path: loc.render(), what, found: items.len(), expected }.into());
    }
    Ok(items)
}

/// A canonical rational string. A JSON number is reported as a non-canonical rational.
pub(crate) fn rational(v: &Json<'_>, loc: &Loc<'_>, max_digits: usize) -> Result<BigRational, Fail> {
    rational_rat(v, loc, max_digits).map(|r| match r {
        Rat::Big(b) => b,
        small => small.to_big(),
    })
}

/// [`rational`] as a [`Rat`] (no big integers for small values); the same checks and errors.
pub(crate) fn rational_rat(v: &Json<'_>, loc: &Loc<'_>, max_digits: usize) -> Result<Rat, Fail> {
    let s = match v {
        Json::Str(s) => s,
        Json::UInt(_) | Json::NegInt | Json::OtherNumber => {
            return Err(Rejection::NonCanonicalRational {
                path: loc.render(),
                value: "a JSON number".to_string(),
                reason: "rationals are JSON strings",
            }
            .into())
        }
        _ => {
            return Err(Rejection::WrongType {
                path: loc.render(),
                expected: "a rational string",
                found: v.type_name(),
            }
            .into())
        }
    };
    rational::parse_rat(s, max_digits).map_err(|e| match e {
        RatError::NonCanonical(reason) => {
            Rejection::NonCanonicalRational { path: loc.render(), value: format!("{:?}", s.as_ref()), reason }
                .into()
        }
        RatError::TooManyDigits(digits) => {
            Decline::TooManyDigits { path: loc.render(), digits, limit: max_digits }.into()
        }
        RatError::TooMuchDigitWork(work) => crate::budget::over(work, &loc.render()),
    })
}

/// An array of exactly `expected` canonical rationals.
pub(crate) fn rationals(
    v: &Json<'_>,
    loc: &Loc<'_>,
    expected: usize,
    what: &'static str,
    max_digits: usize,
) -> Result<Vec<BigRational>, Fail> {
    let items = array_len(v, loc, expected, what)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(rational(item, &loc.index(i), max_digits)?);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn kind_path(r: Result<impl std::fmt::Debug, Fail>) -> (String, String) {
        match r {
            Err(Fail::Reject(r)) => (r.kind().to_string(), r.path().unwrap_or("").to_string()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn object_keys() {
        let root = Loc::Root;
        let ok = parse(br#"{"a": 1, "b": 2}"#, 8).unwrap();
        let [a, b] = object(&ok, &root, &["a", "b"]).unwrap();
        assert_eq!((a, b), (&Json::UInt(1), &Json::UInt(2)));
        let swapped = parse(br#"{"b": 2, "a": 1}"#, 8).unwrap();
        assert_eq!(kind_path(object(&swapped, &root, &["a", "b"])), ("field-order".into(), "/b".into()));
        let extra = parse(br#"{"a": 1, "c": 3, "b": 2}"#, 8).unwrap();
        assert_eq!(kind_path(object(&extra, &root, &["a", "b"])), ("unknown-field".into(), "/c".into()));
        let missing = parse(br#"{"a": 1}"#, 8).unwrap();
        assert_eq!(kind_path(object(&missing, &root, &["a", "b"])), ("missing-field".into(), "".into()));
    }

    #[test]
    fn numbers_and_rationals() {
        let v = parse(br#"[1, -1, 1.5, "1", "2/4", null]"#, 8).unwrap();
        let root = Loc::Root;
        let items = array(&v, &root).unwrap();
        assert_eq!(uint(&items[0], &root.index(0)).unwrap(), 1);
        assert_eq!(kind_path(uint(&items[1], &root.index(1))).0, "wrong-type");
        assert_eq!(kind_path(uint(&items[2], &root.index(2))).0, "wrong-type");
        assert_eq!(kind_path(uint(&items[3], &root.index(3))).0, "wrong-type");
        assert_eq!(
            kind_path(rational(&items[0], &root.index(0), 10)),
            ("non-canonical-rational".into(), "/0".into())
        );
        assert_eq!(
            kind_path(rational(&items[4], &root.index(4), 10)),
            ("non-canonical-rational".into(), "/4".into())
        );
        assert_eq!(kind_path(rational(&items[5], &root.index(5), 10)).0, "wrong-type");
        assert!(matches!(rational(&items[3], &root.index(3), 0), Err(Fail::Decline(_))));
    }
}
