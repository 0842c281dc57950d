//! JSON parsing into an order-keeping value that refuses duplicate keys and enforces a nesting
//! limit, plus `Loc`, a zero-allocation JSON-pointer location rendered only on error.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};

use crate::error::{Decline, Fail, Rejection};
use crate::network::RawNet;

/// A parsed JSON value. Numbers keep only what the format needs: a non-negative integer that fits
/// `u64`, or a marker for any other number. Strings and keys borrow from the input when possible.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Json<'a> {
    Null,
    Bool(bool),
    /// A non-negative integer without fraction or exponent that fits in `u64`.
    UInt(u64),
    /// A negative integer.
    NegInt,
    /// A number with a fraction or exponent, or out of the `u64` range, or `-0`.
    OtherNumber,
    Str(Cow<'a, str>),
    Arr(Vec<Json<'a>>),
    Obj(Vec<(Cow<'a, str>, Json<'a>)>),
}

impl Json<'_> {
    /// A short description of the JSON type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::UInt(_) => "an integer",
            Json::NegInt => "a negative integer",
            Json::OtherNumber => "a non-integer number",
            Json::Str(_) => "a string",
            Json::Arr(_) => "an array",
            Json::Obj(_) => "an object",
        }
    }

    /// The value of `key` if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Self> {
        match self {
            Json::Obj(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// A location in the document: a linked list of path segments on the stack.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Loc<'a> {
    Root,
    Key(&'a Loc<'a>, &'a str),
    Index(&'a Loc<'a>, usize),
}

impl Loc<'_> {
    pub fn key<'b>(&'b self, key: &'b str) -> Loc<'b> {
        Loc::Key(self, key)
    }

    pub fn index(&self, i: usize) -> Loc<'_> {
        Loc::Index(self, i)
    }

    /// The JSON pointer (RFC 6901) of this location; `""` for the root.
    pub fn render(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Loc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Loc::Root => Ok(()),
            Loc::Key(parent, key) => {
                parent.fmt(f)?;
                f.write_str("/")?;
                for c in key.chars() {
                    match c {
                        '~' => f.write_str("~0")?,
                        '/' => f.write_str("~1")?,
                        c => fmt::Write::write_char(f, c)?,
                    }
                }
                Ok(())
            }
            Loc::Index(parent, i) => {
                parent.fmt(f)?;
                write!(f, "/{i}")
            }
        }
    }
}

/// The first structural problem found by the visitor (serde errors carry only text).
enum Problem {
    Duplicate { path: String, key: String },
    TooDeep { path: String },
    TooManyValues { path: String },
}

struct Ctx {
    max_depth: usize,
    problem: RefCell<Option<Problem>>,
    /// Values read so far, and the most allowed.
    values: std::cell::Cell<usize>,
    max_values: usize,
    /// Check syntax, depth and duplicate keys only: arrays keep no items, objects no values.
    skeleton: bool,
}

/// The deserialisation seed/visitor: `depth` is the nesting depth of the value being read (1 for
/// the top-level value); containers deeper than `max_depth` are refused.
struct Seed<'c, 'p> {
    ctx: &'c Ctx,
    depth: usize,
    loc: &'p Loc<'p>,
}

impl Seed<'_, '_> {
    fn enter<E: serde::de::Error>(&self) -> Result<(), E> {
        if self.depth > self.ctx.max_depth {
            self.ctx.problem.replace(Some(Problem::TooDeep { path: self.loc.render() }));
            return Err(E::custom("nesting too deep"));
        }
        Ok(())
    }
}

impl<'de> DeserializeSeed<'de> for Seed<'_, '_> {
    type Value = Json<'de>;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Json<'de>, D::Error> {
        let n = self.ctx.values.get().saturating_add(1);
        self.ctx.values.set(n);
        if n > self.ctx.max_values {
            self.ctx.problem.replace(Some(Problem::TooManyValues { path: self.loc.render() }));
            return Err(D::Error::custom("too many values"));
        }
        de.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_, '_> {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json<'de>, E> {
        Ok(Json::UInt(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json<'de>, E> {
        Ok(match u64::try_from(v) {
            Ok(u) => Json::UInt(u),
            Err(_) => Json::NegInt,
        })
    }

    fn visit_f64<E>(self, _v: f64) -> Result<Json<'de>, E> {
        Ok(Json::OtherNumber)
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Borrowed(v)))
    }

    fn visit_str<E>(self, v: &str) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v.to_owned())))
    }

    fn visit_string<E>(self, v: String) -> Result<Json<'de>, E> {
        Ok(Json::Str(Cow::Owned(v)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        self.enter()?;
        let mut items = Vec::new();
        for index in 0.. {
            let child = self.loc.index(index);
            let seed = Seed { ctx: self.ctx, depth: self.depth.saturating_add(1), loc: &child };
            match seq.next_element_seed(seed)? {
                Some(_) if self.ctx.skeleton => {}
                Some(v) => items.push(v),
                None => break,
            }
        }
        Ok(Json::Arr(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        self.enter()?;
        let mut entries: Vec<(Cow<'de, str>, Json<'de>)> = Vec::new();
        // Linear duplicate search for small objects, a hash set once an object gets large.
        let mut seen: Option<HashSet<Cow<'de, str>>> = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let duplicate = match &mut seen {
                Some(set) => !set.insert(key.clone()),
                None => {
                    let dup = entries.iter().any(|(k, _)| *k == key);
                    if !dup && entries.len() >= 16 {
                        let mut set: HashSet<Cow<'de, str>> =
                            entries.iter().map(|(k, _)| k.clone()).collect();
                        set.insert(key.clone());
                        seen = Some(set);
                    }
                    dup
                }
            };
            if duplicate {
                self.ctx.problem.replace(Some(Problem::Duplicate {
                    path: self.loc.key(&key).render(),
                    key: key.clone().into_owned(),
                }));
                return Err(A::Error::custom("duplicate key"));
            }
            let value = {
                let child = self.loc.key(&key);
                map.next_value_seed(Seed { ctx: self.ctx, depth: self.depth.saturating_add(1), loc: &child })?
            };
            entries.push((key, if self.ctx.skeleton { Json::Null } else { value }));
        }
        Ok(Json::Obj(entries))
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: serde::Deserializer<'de>>(self, de: D) -> Result<Cow<'de, str>, D::Error> {
        de.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(v))
    }
}

/// serde_json refuses nesting beyond 128 on its own; keep our limit below it so that our own,
/// located decline fires first.
const SERDE_JSON_DEPTH: usize = 127;

/// Parse exactly one JSON value (surrounded by optional whitespace) from `bytes`.
#[cfg(test)]
pub(crate) fn parse(bytes: &[u8], max_depth: usize) -> Result<Json<'_>, Fail> {
    match fast::parse(bytes, max_depth.min(SERDE_JSON_DEPTH), usize::MAX) {
        Some(v) => Ok(v),
        None => parse_serde(bytes, max_depth),
    }
}

/// [`parse`] with at most `max_values` JSON values (declined beyond, `limit-values`). A
/// top-level value that is not an object is only checked for syntax, depth and duplicate keys
/// (no tree is built: a certificate is an object, so the caller refuses it by its type).
pub(crate) fn parse_with(bytes: &[u8], max_depth: usize, max_values: usize) -> Result<Json<'_>, Fail> {
    parse_with_net(bytes, max_depth, max_values, None).map(|(v, _)| v)
}

/// [`parse_with`]; with `net_digits` (the check's `max_rational_digits`), the fast parser may
/// read the root's `network` value straight into a [`RawNet`] (then the tree holds `null` in
/// its place: only a caller that uses the `RawNet` may read this tree, see `lib.rs`).
pub(crate) fn parse_with_net(
    bytes: &[u8],
    max_depth: usize,
    max_values: usize,
    net_digits: Option<usize>,
) -> Result<(Json<'_>, Option<RawNet>), Fail> {
    let first = bytes.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first == Some(&b'[') {
        return parse_serde_with(bytes, max_depth, usize::MAX, true).map(|v| (v, None));
    }
    if let Some((v, hit, span, net)) = fast::parse_memo(
        bytes,
        max_depth.min(SERDE_JSON_DEPTH),
        max_values,
        crate::memo::enabled(),
        net_digits,
    ) {
        crate::memo::parsed(hit, span);
        return Ok((v, net));
    }
    parse_serde_with(bytes, max_depth, max_values, false).map(|v| (v, None))
}

/// An upper certificate in the builder's layout, read straight from its bytes by
/// [`parse_upper`] (no tree): the values of its fields, in document order.
#[derive(Debug)]
pub(crate) struct UpperRaw<'a> {
    pub construction: &'a str,
    pub instance: RawInstance,
    pub net: RawNet,
    pub claims: RawClaims<'a>,
}

/// The `instance` of an [`UpperRaw`] (its points are the memo's).
#[derive(Debug, Default)]
pub(crate) struct RawInstance {
    pub k: u64,
    pub d: u64,
    pub targets: Vec<(i64, i64)>,
    pub t: Vec<u64>,
}

/// The `claims` of an [`UpperRaw`].
#[derive(Debug, Default)]
pub(crate) struct RawClaims<'a> {
    pub neurons: u64,
    pub bound: u64,
    pub origin: Vec<(i64, i64)>,
    pub direction: Vec<(i64, i64)>,
    pub pieces: u64,
    /// `paper_bound` and `meets_paper_bound`, if present.
    pub paper: Option<(&'a str, bool)>,
}

/// The fields of an upper certificate written exactly in the format's key order —
/// `{"format":"ftcert/1","kind":"upper","construction":…,"instance":{"k":…,"d":…,"points":…,
/// "targets":[…],"t":[…]},"network":{…},"claims":{"neurons":…,"bound":…,"line":{"origin":[…],
/// "direction":[…]},"pieces":…[,"paper_bound":…,"meets_paper_bound":…]}}` (whitespace allowed
/// where JSON allows it) — whose `points` value is a prefix of the memo (`memo::prefix_match`,
/// at the offset and value budget where the tree parser would look for one), whose network
/// `P::network` reads, and whose targets and line are small rationals (`P::entry`). `None` for
/// anything else. It reads with the tree parser's primitives, value count and depth limit, so
/// a document it answers on is one the tree parser accepts, with these values in its tree.
pub(crate) fn parse_upper(
    bytes: &[u8],
    max_depth: usize,
    max_values: usize,
    digits: usize,
) -> Option<UpperRaw<'_>> {
    fast::parse_upper(bytes, max_depth.min(SERDE_JSON_DEPTH), max_values, digits)
}

/// [`parse`] through serde_json: every input, every error.
#[cfg(test)]
pub(crate) fn parse_serde(bytes: &[u8], max_depth: usize) -> Result<Json<'_>, Fail> {
    parse_serde_with(bytes, max_depth, usize::MAX, false)
}

fn parse_serde_with(
    bytes: &[u8],
    max_depth: usize,
    max_values: usize,
    skeleton: bool,
) -> Result<Json<'_>, Fail> {
    if bytes.iter().all(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
        return Err(Rejection::EmptyInput.into());
    }
    let ctx = Ctx {
        max_depth: max_depth.min(SERDE_JSON_DEPTH),
        problem: RefCell::new(None),
        values: std::cell::Cell::new(0),
        max_values,
        skeleton,
    };
    let root = Loc::Root;
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let seed = Seed { ctx: &ctx, depth: 1, loc: &root };
    let value = match seed.deserialize(&mut de) {
        Ok(v) => v,
        Err(e) => {
            return Err(match ctx.problem.into_inner() {
                Some(Problem::Duplicate { path, key }) => Rejection::DuplicateField { path, key }.into(),
                Some(Problem::TooDeep { path }) => {
                    Decline::TooDeep { path, limit: max_depth.min(SERDE_JSON_DEPTH) }.into()
                }
                Some(Problem::TooManyValues { path }) => {
                    Decline::TooManyValues { path, limit: max_values }.into()
                }
                None => {
                    let message = e.to_string();
                    if message.starts_with("recursion limit exceeded") {
                        Decline::TooDeep { path: String::new(), limit: SERDE_JSON_DEPTH }.into()
                    } else {
                        Rejection::JsonSyntax { line: e.line(), column: e.column(), message }.into()
                    }
                }
            });
        }
    };
    if let Err(e) = de.end() {
        return Err(Rejection::TrailingData { line: e.line(), column: e.column() }.into());
    }
    Ok(value)
}

/// A small strict parser for the common case: it returns `Some` only for input that
/// [`parse_serde`] accepts, with the very same tree, and `None` (take the serde path, which also
/// produces every error) for anything else: escapes or non-ASCII in strings, numbers other than
/// plain non-negative integers that fit u64, duplicate keys, nesting beyond `max_depth`, any
/// syntax error. Tests compare both on valid, mutated and random input.
mod fast {
    use std::borrow::Cow;

    use super::Json;
    use crate::network::{RawLayer, RawNet};

    /// The bytes a fast-path string may hold: printable ASCII (0x20 to 0x7e) except '"' and '\\'.
    const PLAIN: [bool; 256] = {
        let mut t = [false; 256];
        let mut c = 0x20;
        while c <= 0x7e {
            t[c] = c != b'"' as usize && c != b'\\' as usize;
            c += 1;
        }
        t
    };

    struct P<'a> {
        text: &'a str,
        b: &'a [u8],
        i: usize,
        max_depth: usize,
        /// Values still allowed (the caller's `max_values`); `None` once it would go negative.
        budget: usize,
        /// Items of the arrays being read (each array moves its tail out when it closes, so
        /// every array is allocated once, at its exact size).
        items: Vec<Json<'a>>,
        /// Entries of the objects being read (likewise).
        entries: Vec<(Cow<'a, str>, Json<'a>)>,
        /// Whether an instance's `points` may be taken from the memo's prefixes.
        memo: bool,
        /// Whether it was (then the tree holds an empty array in its place).
        hit: bool,
        /// Where the first `points` value at depth 3 was read (for the memo).
        span: Option<crate::memo::Span>,
        /// With `Some(max_rational_digits)`, the root's `network` value may be read straight
        /// into `net` ([`P::network`]).
        net_digits: Option<usize>,
        /// The root's `network` value, if it was read that way (then the tree holds `null` in
        /// its place).
        net: Option<RawNet>,
    }

    #[cfg(test)]
    pub(super) fn parse(bytes: &[u8], max_depth: usize, max_values: usize) -> Option<Json<'_>> {
        parse_memo(bytes, max_depth, max_values, false, None).map(|(v, ..)| v)
    }

    /// [`parse`]; with `memo`, an instance's `points` value may come from the memo's prefixes
    /// (the second result says whether it did; the third is the span of the `points` value that
    /// was read); with `net_digits`, the root's `network` value may be read into the fourth
    /// result ([`P::network`]).
    pub(super) fn parse_memo(
        bytes: &[u8],
        max_depth: usize,
        max_values: usize,
        memo: bool,
        net_digits: Option<usize>,
    ) -> Option<(Json<'_>, bool, Option<crate::memo::Span>, Option<RawNet>)> {
        let text = std::str::from_utf8(bytes).ok()?;
        // A sentinel at the bottom of each stack: every container starts above index 0, so
        // `split_off` always moves the container's tail into an exact-size vector (at index 0
        // it would hand over the whole scratch buffer instead).
        let mut p = P::new(text, max_depth, max_values, memo, net_digits);
        p.items = with_sentinel(64, Json::Null);
        p.entries = with_sentinel(16, (Cow::Borrowed(""), Json::Null));
        p.ws();
        p.value(1)?;
        p.ws();
        let v = p.items.pop()?;
        (p.i == p.b.len() && p.items.len() == 1).then_some((v, p.hit, p.span, p.net))
    }

    /// A hash of a key from its length and its first and last bytes (for the duplicate-key test
    /// of [`P::value`]).
    fn key_class(key: &str) -> usize {
        let b = key.as_bytes();
        let first = b.first().map_or(0, |&c| usize::from(c));
        let last = b.last().map_or(0, |&c| usize::from(c));
        b.len().wrapping_mul(31).wrapping_add(first).wrapping_add(last.wrapping_mul(7))
    }

    /// [`super::parse_upper`] (the depth limit already capped as for [`parse_memo`]).
    pub(super) fn parse_upper(
        bytes: &[u8],
        max_depth: usize,
        max_values: usize,
        digits: usize,
    ) -> Option<super::UpperRaw<'_>> {
        let text = std::str::from_utf8(bytes).ok()?;
        let mut p = P::new(text, max_depth, max_values, true, Some(digits));
        p.open(b'{')?;
        p.key("format")?;
        (p.str_value()? == "ftcert/1").then_some(())?;
        p.next_key("kind")?;
        (p.str_value()? == "upper").then_some(())?;
        p.next_key("construction")?;
        let construction = p.str_value()?;
        p.next_key("instance")?;
        let instance = p.upper_instance(digits)?;
        p.next_key("network")?;
        // The network value sits at depth 2, as in the tree.
        let net = p.raw_network(2)?;
        p.next_key("claims")?;
        let claims = p.upper_claims(digits)?;
        p.token(b'}')?;
        p.ws();
        (p.i == p.b.len()).then_some(super::UpperRaw { construction, instance, net, claims })
    }

    /// A scratch stack holding only its sentinel, with room for `capacity` items (a sweep's
    /// certificates never grow it; larger documents grow it as usual).
    fn with_sentinel<T>(capacity: usize, sentinel: T) -> Vec<T> {
        let mut v = Vec::with_capacity(capacity);
        v.push(sentinel);
        v
    }

    impl<'a> P<'a> {
        /// A parser at the start of `text`, with empty scratch stacks.
        fn new(
            text: &'a str,
            max_depth: usize,
            max_values: usize,
            memo: bool,
            net_digits: Option<usize>,
        ) -> P<'a> {
            P {
                text,
                b: text.as_bytes(),
                i: 0,
                max_depth,
                budget: max_values,
                items: Vec::new(),
                entries: Vec::new(),
                memo,
                hit: false,
                span: None,
                net_digits,
                net: None,
            }
        }

        fn peek(&self) -> Option<u8> {
            self.b.get(self.i).copied()
        }

        fn ws(&mut self) {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.i += 1;
            }
        }

        fn lit(&mut self, word: &[u8], v: Json<'a>) -> Option<Json<'a>> {
            let end = self.i.checked_add(word.len())?;
            (self.b.get(self.i..end)? == word).then(|| {
                self.i = end;
                v
            })
        }

        fn string(&mut self) -> Option<&'a str> {
            // At the opening quote; printable ASCII only (the quotes are char boundaries).
            let start = self.i + 1;
            let mut j = start;
            // One table lookup per byte (`PLAIN`: printable ASCII other than '"' and '\\').
            while PLAIN[usize::from(*self.b.get(j)?)] {
                j += 1;
            }
            if self.b.get(j) != Some(&b'"') {
                return None;
            }
            self.i = j + 1;
            self.text.get(start..j)
        }

        fn number(&mut self) -> Option<Json<'a>> {
            let start = self.i;
            let mut n: u64 = 0;
            while let Some(c @ b'0'..=b'9') = self.peek() {
                n = n.checked_mul(10)?.checked_add(u64::from(c - b'0'))?;
                self.i += 1;
            }
            let digits = self.i - start;
            if digits == 0 || (digits > 1 && self.b[start] == b'0') {
                return None;
            }
            if matches!(self.peek(), Some(b'.' | b'e' | b'E' | b'0'..=b'9')) {
                return None;
            }
            Some(Json::UInt(n))
        }

        /// The value of a `points` key at depth 3 (an instance's points): if the document up to
        /// the end of this value is byte-identical to a prefix that the memo recorded, skip it
        /// and push an empty array in its place (`memo.rs`, "The prefix" explains why that is
        /// sound and who reads it); otherwise read it as any value and record its span.
        fn points(&mut self, depth: usize) -> Option<()> {
            if !self.hit {
                if let Some((end, values)) =
                    crate::memo::prefix_match(self.b, self.i, self.max_depth, self.budget)
                {
                    self.i = end;
                    self.budget -= values;
                    self.hit = true;
                    self.items.push(Json::Arr(Vec::new()));
                    return Some(());
                }
            }
            let (start, before) = (self.i, self.budget);
            self.value(depth)?;
            if self.span.is_none() && !self.hit {
                if let Some(Json::Arr(rows)) = self.items.last() {
                    self.span = Some(crate::memo::Span {
                        start,
                        end: self.i,
                        values: before - self.budget,
                        max_depth: self.max_depth,
                        node: crate::memo::node_id(rows),
                    });
                }
            }
            Some(())
        }

        /// The value of the root's `network` key: read straight into a [`RawNet`] if it has the
        /// format's shape with small entries only (`null` is pushed in its place), else as any
        /// value. `network::RawNet` says who may read that `null`.
        fn network(&mut self, depth: usize) -> Option<()> {
            let (start, before) = (self.i, self.budget);
            if let Some(net) = self.raw_network(depth) {
                self.net = Some(net);
                self.items.push(Json::Null);
                return Some(());
            }
            (self.i, self.budget) = (start, before);
            self.value(depth)
        }

        /// `{"layers": [{"weights": [[e, ...], ...], "biases": [e, ...]}, ...]}` with only
        /// [`small_entry`](crate::network::small_entry) strings `e`, read with the checks and the value count of
        /// [`P::value`] (every container and string is one value; containers down to the
        /// weight rows, at `depth + 4`, within the depth limit; the same whitespace). Accepts
        /// nothing that `value` refuses, and gives the [`RawNet`] of the tree `value` builds.
        fn raw_network(&mut self, depth: usize) -> Option<RawNet> {
            let digits = self.net_digits?;
            if depth.checked_add(4)? > self.max_depth {
                return None;
            }
            let mut net = RawNet { layers: Vec::with_capacity(4) };
            self.open(b'{')?;
            self.key("layers")?;
            self.array(|p| {
                p.open(b'{')?;
                p.key("weights")?;
                // Room for the layers of a sweep's certificates (larger ones grow as usual).
                let mut layer =
                    RawLayer { w: Vec::with_capacity(64), b: Vec::with_capacity(32), ..RawLayer::default() };
                p.array(|p| {
                    let mut len = 0usize;
                    p.array(|p| {
                        layer.w.push(p.entry(digits)?);
                        len += 1;
                        Some(())
                    })?;
                    layer.end_row(len)
                })?;
                p.token(b',')?;
                p.key("biases")?;
                p.array(|p| {
                    layer.b.push(p.entry(digits)?);
                    Some(())
                })?;
                p.token(b'}')?;
                net.layers.push(layer);
                Some(())
            })?;
            self.token(b'}')?;
            Some(net)
        }

        /// An array (one value), `item` reading each of its items: `[` then `]` at once, or
        /// items separated by commas up to `]`.
        fn array(&mut self, mut item: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
            self.open(b'[')?;
            self.ws();
            if self.peek() == Some(b']') {
                self.i += 1;
                return Some(());
            }
            loop {
                item(self)?;
                self.ws();
                let c = self.peek()?;
                self.i += 1;
                match c {
                    b',' => {}
                    b']' => return Some(()),
                    _ => return None,
                }
            }
        }

        /// After whitespace, the byte `c`.
        fn token(&mut self, c: u8) -> Option<()> {
            self.ws();
            (self.peek()? == c).then(|| self.i += 1)
        }

        /// A container opening with `c`: one value.
        fn open(&mut self, c: u8) -> Option<()> {
            self.budget = self.budget.checked_sub(1)?;
            self.token(c)
        }

        /// The key `k` and its colon. `k` is printable ASCII without '"' or '\\' (the format's
        /// keys), so the string [`P::string`] reads equals `k` exactly when the bytes are `"k"`:
        /// they are compared byte by byte.
        fn key(&mut self, k: &str) -> Option<()> {
            self.ws();
            let k = k.as_bytes();
            let quoted = self.b.get(self.i..self.i.checked_add(k.len())?.checked_add(2)?)?;
            let (open, rest) = quoted.split_first()?;
            let (close, name) = rest.split_last()?;
            if *open != b'"' || *close != b'"' || name.iter().zip(k).any(|(a, b)| a != b) {
                return None;
            }
            self.i += quoted.len();
            self.token(b':')
        }

        /// The `instance` object of [`parse_upper`]: K, d, the targets and T; its `points`
        /// value must be a memo prefix, skipped as [`P::points`] skips it.
        fn upper_instance(&mut self, digits: usize) -> Option<super::RawInstance> {
            self.open(b'{')?;
            self.key("k")?;
            let k = self.uint()?;
            self.next_key("d")?;
            let d = self.uint()?;
            self.next_key("points")?;
            // Where `P::value` would call `P::points`: after the colon's whitespace.
            self.ws();
            let (end, values) = crate::memo::prefix_match(self.b, self.i, self.max_depth, self.budget)?;
            (self.i, self.budget) = (end, self.budget.checked_sub(values)?);
            self.next_key("targets")?;
            let targets = self.entries_array(digits)?;
            self.next_key("t")?;
            let mut t = Vec::new();
            self.array(|p| {
                t.push(p.uint()?);
                Some(())
            })?;
            self.token(b'}')?;
            Some(super::RawInstance { k, d, targets, t })
        }

        /// The `claims` object of [`parse_upper`], closing brace included.
        fn upper_claims(&mut self, digits: usize) -> Option<super::RawClaims<'a>> {
            self.open(b'{')?;
            self.key("neurons")?;
            let neurons = self.uint()?;
            self.next_key("bound")?;
            let bound = self.uint()?;
            self.next_key("line")?;
            self.open(b'{')?;
            self.key("origin")?;
            let origin = self.entries_array(digits)?;
            self.next_key("direction")?;
            let direction = self.entries_array(digits)?;
            self.token(b'}')?;
            self.next_key("pieces")?;
            let pieces = self.uint()?;
            self.ws();
            let paper = if self.peek()? == b',' {
                self.next_key("paper_bound")?;
                let id = self.str_value()?;
                self.next_key("meets_paper_bound")?;
                Some((id, self.boolean()?))
            } else {
                None
            };
            self.token(b'}')?;
            Some(super::RawClaims { neurons, bound, origin, direction, pieces, paper })
        }

        /// A comma, then the key `k` and its colon.
        fn next_key(&mut self, k: &str) -> Option<()> {
            self.token(b',')?;
            self.key(k)
        }

        /// A string value (one value) without escapes.
        fn str_value(&mut self) -> Option<&'a str> {
            self.budget = self.budget.checked_sub(1)?;
            self.ws();
            if self.peek()? != b'"' {
                return None;
            }
            self.string()
        }

        /// A non-negative integer value (one value), as [`P::number`] reads it.
        fn uint(&mut self) -> Option<u64> {
            self.budget = self.budget.checked_sub(1)?;
            self.ws();
            match self.number()? {
                Json::UInt(n) => Some(n),
                _ => None,
            }
        }

        /// `true` or `false` (one value).
        fn boolean(&mut self) -> Option<bool> {
            self.budget = self.budget.checked_sub(1)?;
            self.ws();
            match self.peek()? {
                b't' => self.lit(b"true", Json::Bool(true)),
                _ => self.lit(b"false", Json::Bool(false)),
            }
            .map(|v| matches!(v, Json::Bool(true)))
        }

        /// An array of [`P::entry`] strings.
        fn entries_array(&mut self, digits: usize) -> Option<Vec<(i64, i64)>> {
            let mut out = Vec::with_capacity(16);
            self.array(|p| {
                out.push(p.entry(digits)?);
                Some(())
            })?;
            Some(out)
        }

        /// A network entry: a string (one value) that [`small_entry`](crate::network::small_entry) reads, parsed in the same
        /// pass as it is scanned (`rational::small_prefix`, then the closing quote: the strings
        /// of at most 19 bytes on which `small_entry` answers, and the same value).
        fn entry(&mut self, digits: usize) -> Option<(i64, i64)> {
            self.budget = self.budget.checked_sub(1)?;
            self.ws();
            if self.peek()? != b'"' {
                return None;
            }
            // One digit between quotes (most entries: "0", "1"): the value itself, canonical
            // within any digit budget of at least one, as `small_prefix` reads it.
            if let Some(&[_, c @ b'0'..=b'9', b'"']) = self.b.get(self.i..self.i + 3) {
                if digits >= 1 {
                    self.i += 3;
                    return Some((i64::from(c - b'0'), 1));
                }
            }
            let start = self.i + 1;
            let (v, len) = crate::rational::small_prefix(self.b.get(start..)?, digits)?;
            if len > 19 || self.b.get(start + len) != Some(&b'"') {
                return None;
            }
            self.i = start + len + 1;
            Some(v)
        }

        /// Reads one value and pushes it onto `items` (values are not returned by value: that
        /// is measurably slower for this recursive enum).
        fn value(&mut self, depth: usize) -> Option<()> {
            self.budget = self.budget.checked_sub(1)?;
            let v = match self.peek()? {
                b'{' => {
                    if depth > self.max_depth {
                        return None;
                    }
                    self.i += 1;
                    let base = self.entries.len();
                    self.ws();
                    if self.peek()? == b'}' {
                        self.i += 1;
                        self.items.push(Json::Obj(Vec::new()));
                        return Some(());
                    }
                    // One bit per (length, first byte, last byte) class of the keys so far: a key
                    // whose class is new cannot repeat one (equal keys share their class), so
                    // only a key of a seen class is compared with the others.
                    let mut classes: u64 = 0;
                    loop {
                        self.ws();
                        if self.peek()? != b'"' {
                            return None;
                        }
                        let key = self.string()?;
                        let open = self.entries.get(base..)?;
                        let class = 1u64 << (key_class(key) & 63);
                        if open.len() > 64 || (classes & class != 0 && open.iter().any(|(k, _)| k == key)) {
                            return None;
                        }
                        classes |= class;
                        self.ws();
                        if self.peek()? != b':' {
                            return None;
                        }
                        self.i += 1;
                        self.ws();
                        if depth == 2 && key == "points" && self.memo {
                            self.points(depth + 1)?;
                        } else if depth == 1 && key == "network" && self.net_digits.is_some() {
                            self.network(depth + 1)?;
                        } else {
                            self.value(depth + 1)?;
                        }
                        let v = self.items.pop()?;
                        self.entries.push((Cow::Borrowed(key), v));
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            b'}' => {
                                self.i += 1;
                                let entries = self.entries.split_off(base);
                                self.items.push(Json::Obj(entries));
                                return Some(());
                            }
                            _ => return None,
                        }
                    }
                }
                b'[' => {
                    if depth > self.max_depth {
                        return None;
                    }
                    self.i += 1;
                    let base = self.items.len();
                    self.ws();
                    if self.peek()? == b']' {
                        self.i += 1;
                        self.items.push(Json::Arr(Vec::new()));
                        return Some(());
                    }
                    loop {
                        self.ws();
                        // Strings (most array items: rationals) directly, without a recursive
                        // call returning the value.
                        if self.peek()? == b'"' {
                            self.budget = self.budget.checked_sub(1)?;
                            let s = self.string()?;
                            self.items.push(Json::Str(Cow::Borrowed(s)));
                        } else {
                            self.value(depth + 1)?;
                        }
                        self.ws();
                        match self.peek()? {
                            b',' => self.i += 1,
                            b']' => {
                                self.i += 1;
                                let items = self.items.split_off(base);
                                self.items.push(Json::Arr(items));
                                return Some(());
                            }
                            _ => return None,
                        }
                    }
                }
                b'"' => self.string().map(|s| Json::Str(Cow::Borrowed(s)))?,
                b't' => self.lit(b"true", Json::Bool(true))?,
                b'f' => self.lit(b"false", Json::Bool(false))?,
                b'n' => self.lit(b"null", Json::Null)?,
                b'0'..=b'9' => self.number()?,
                _ => return None,
            };
            self.items.push(v);
            Some(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(s: &str) -> Json<'_> {
        match parse(s.as_bytes(), 32) {
            Ok(v) => v,
            Err(e) => panic!("{s}: {e:?}"),
        }
    }

    fn parse_err(s: &str, depth: usize) -> Fail {
        match parse(s.as_bytes(), depth) {
            Ok(v) => panic!("{s}: accepted {v:?}"),
            Err(e) => e,
        }
    }

    /// Compare the fast parser with the serde path on one input: whenever the fast parser
    /// answers, the serde path accepts the same tree.
    fn same(bytes: &[u8], depth: usize) -> bool {
        let Some(v) = fast::parse(bytes, depth.min(SERDE_JSON_DEPTH), usize::MAX) else { return false };
        match parse_serde(bytes, depth) {
            Ok(w) => assert_eq!(v, w, "{:?}", String::from_utf8_lossy(bytes)),
            Err(e) => panic!("fast accepted what serde refuses: {:?}: {e:?}", String::from_utf8_lossy(bytes)),
        }
        true
    }

    /// The fast path itself takes plain certificates' numbers, including a single `0` (a
    /// refusal there would only fall back to serde, so verdict tests cannot see it).
    #[test]
    fn fast_parser_takes_plain_numbers() {
        for text in [r#"{"a":0}"#, r#"{"a":[0,7,10,123]}"#, r#"{"t":[],"k":9}"#] {
            assert!(same(text.as_bytes(), 32), "fast path declined {text}");
        }
        for text in [r#"{"a":00}"#, r#"{"a":01}"#, r#"{"a":1.0}"#, r#"{"a":1e2}"#] {
            assert!(fast::parse(text.as_bytes(), 32, usize::MAX).is_none(), "fast path took {text}");
        }
    }

    /// The fast parser refuses every repeated key, wherever it repeats and whatever keys of the
    /// same length and end bytes (one duplicate-test class) lie between; it accepts distinct
    /// keys that share a class.
    #[test]
    fn fast_parser_duplicate_keys() {
        let keys = ["a", "b", "ab", "axb", "ayb", "azb", "k", "kk", "points", "pionts", "t"];
        for (i, first) in keys.iter().enumerate() {
            for n in 1..keys.len() {
                let mut object: Vec<String> = keys.iter().take(n).map(|k| format!("\"{k}\":0")).collect();
                // Distinct keys (classes shared by "axb", "ayb", "azb"): accepted.
                let text = format!("{{{}}}", object.join(","));
                assert!(same(text.as_bytes(), 32), "declined {text}");
                // A repeat of key i at the end: refused by both parsers.
                if i < n {
                    object.push(format!("\"{first}\":1"));
                    let text = format!("{{{}}}", object.join(","));
                    assert!(fast::parse(text.as_bytes(), 32, usize::MAX).is_none(), "took {text}");
                    assert!(parse_serde(text.as_bytes(), 32).is_err(), "serde took {text}");
                }
            }
        }
    }

    /// Every JSON file of the repository's test data and certificates, and many random mutations
    /// of them (deleted, inserted, duplicated bytes), plus hand-picked edge cases.
    #[test]
    fn fast_parser_matches_serde() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        let mut stack = vec![root.join("tests/data"), root.join("crates/ftcert-check/tests")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    files.push(std::fs::read(&p).unwrap());
                }
            }
        }
        assert!(files.len() > 50, "{}", files.len());
        let mut draw = crate::test_rng(7);
        let mut next = |n: usize| -> usize { draw(n.max(1) as u64) as usize };
        let alphabet: &[u8] = b"{}[]\",:0123456789-+.eE/ \t\n\\ntfalsu\x7f\x01\xc3\xa9";
        let (mut fast_taken, mut total) = (0, 0);
        for f in &files {
            for depth in [1, 2, 3, 32] {
                same(f, depth);
            }
            fast_taken += usize::from(same(f, 32));
            for _ in 0..300 {
                let mut m = f.clone();
                for _ in 0..=next(3) {
                    let at = next(m.len() + 1);
                    match next(3) {
                        0 if at < m.len() => {
                            m.remove(at);
                        }
                        1 => m.insert(at.min(m.len()), alphabet[next(alphabet.len())]),
                        _ => {
                            let end = (at + next(12)).min(m.len());
                            let piece = m[at.min(end)..end].to_vec();
                            m.splice(at.min(end)..at.min(end), piece);
                        }
                    }
                }
                total += 1;
                fast_taken += usize::from(same(&m, 1 + next(40)));
            }
        }
        assert!(fast_taken > total / 10, "{fast_taken} of {total}");
        for s in [
            "0",
            "00",
            "01",
            "-0",
            "1.0",
            "1e1",
            "18446744073709551615",
            "18446744073709551616",
            "[]",
            "{}",
            "[1,]",
            "{\"a\":1,}",
            "{\"a\" 1}",
            " [ 1 , 2 ] ",
            "[1 2]",
            "\"a\\\"b\"",
            "\"\t\"",
            "\"\u{e9}\"",
            "nul",
            "nulll",
            "truefalse",
            "{\"a\":1,\"a\":1}",
            "[[[]]]",
            "[0x1]",
            "",
            "  ",
            "\"abc",
            "{\"a\"}",
            "[\"x\"]]",
        ] {
            for depth in [1, 2, 3, 32] {
                same(s.as_bytes(), depth);
            }
        }
        assert!(same(b"[[[1]]]", 3));
        assert!(!same(b"[[[[1]]]]", 3));
        assert_eq!(fast::parse(b"18446744073709551615", 3, usize::MAX), Some(Json::UInt(u64::MAX)));
    }

    #[test]
    fn keeps_key_order() {
        let v = parse_ok(r#"{"b": 1, "a": [true, null, "x"], "c": -2.5}"#);
        let Json::Obj(entries) = v else { panic!("not an object") };
        let keys: Vec<&str> = entries.iter().map(|(k, _)| k.as_ref()).collect();
        assert_eq!(keys, ["b", "a", "c"]);
        assert_eq!(entries[2].1, Json::OtherNumber);
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_ok("7"), Json::UInt(7));
        assert_eq!(parse_ok("-7"), Json::NegInt);
        assert_eq!(parse_ok("-0"), Json::OtherNumber);
        assert_eq!(parse_ok("1e2"), Json::OtherNumber);
        assert_eq!(parse_ok("1.0"), Json::OtherNumber);
        assert_eq!(parse_ok("18446744073709551616"), Json::OtherNumber);
    }

    #[test]
    fn duplicate_keys_small_and_large() {
        match parse_err(r#"{"a": {"x": 1, "x": 2}}"#, 32) {
            Fail::Reject(r) => {
                assert_eq!(r.kind(), "duplicate-field");
                assert_eq!(r.path(), Some("/a/x"));
            }
            Fail::Decline(d) => panic!("{d}"),
        }
        let mut big = String::from("{");
        for i in 0..40 {
            big.push_str(&format!("\"k{i}\": {i},"));
        }
        big.push_str("\"k/3\": 0, \"k/3\": 1}");
        match parse_err(&big, 32) {
            Fail::Reject(r) => {
                assert_eq!(r.kind(), "duplicate-field");
                assert_eq!(r.path(), Some("/k~13"));
            }
            Fail::Decline(d) => panic!("{d}"),
        }
    }

    #[test]
    fn syntax_trailing_empty() {
        let kinds = [
            ("", "empty-input"),
            ("  \n", "empty-input"),
            ("{\"a\": 1", "json-syntax"),
            ("{\"a\": 1}{\"a\": 1}", "trailing-data"),
            ("{\"a\": 1} x", "trailing-data"),
            ("{'a': 1}", "json-syntax"),
            ("[1,]", "json-syntax"),
        ];
        for (s, kind) in kinds {
            match parse_err(s, 32) {
                Fail::Reject(r) => assert_eq!(r.kind(), kind, "{s}"),
                Fail::Decline(d) => panic!("{s}: {d}"),
            }
        }
        assert!(parse(b"{\"a\": 1}\n", 32).is_ok());
    }

    #[test]
    fn depth_limit() {
        assert!(parse(b"[[[1]]]", 3).is_ok());
        match parse_err("[[[[1]]]]", 3) {
            Fail::Decline(d) => {
                assert_eq!(d.kind(), "limit-depth");
                assert_eq!(d.path(), Some("/0/0/0"));
            }
            Fail::Reject(r) => panic!("{r}"),
        }
        let deep = "[".repeat(100_000);
        match parse_err(&deep, 1_000_000) {
            Fail::Decline(d) => assert_eq!(d.kind(), "limit-depth"),
            Fail::Reject(r) => panic!("{r}"),
        }
    }

    /// The value budget counts every value, the same in both parsers, and declines at the first
    /// value over it; a top-level array builds no tree and is not counted (issue 11).
    #[test]
    fn value_budget() {
        let text = br#"{"a": [1, "x", []], "b": {"c": null}}"#;
        // obj, arr, 1, "x", [], obj, null: 7 values.
        assert!(parse_with(text, 8, 7).is_ok());
        assert!(fast::parse(text, 8, 7).is_some());
        assert!(fast::parse(text, 8, 6).is_none());
        match parse_with(text, 8, 6) {
            Err(Fail::Decline(d)) => assert_eq!((d.kind(), d.path()), ("limit-values", Some("/b/c"))),
            other => panic!("{other:?}"),
        }
        let zeros = format!("[{}0]", "0,".repeat(10_000));
        assert_eq!(parse_with(zeros.as_bytes(), 8, 1).expect("syntax ok"), Json::Arr(Vec::new()));
        assert_eq!(kind_of(parse_with(b"[0, 0", 8, 1)), "json-syntax");
        assert_eq!(kind_of(parse_with(br#"[{"a": 1, "a": 2}]"#, 8, 1)), "duplicate-field");
        assert_eq!(kind_of(parse_with("[".repeat(40).as_bytes(), 32, 1)), "limit-depth");
    }

    fn kind_of(r: Result<Json<'_>, Fail>) -> &'static str {
        match r {
            Err(Fail::Reject(r)) => r.kind(),
            Err(Fail::Decline(d)) => d.kind(),
            Ok(_) => "ok",
        }
    }

    /// The fast parser's `network` reader (`P::network`) accepts exactly the documents that the
    /// plain fast parse accepts, with the same value count and depth limit, and when it reads
    /// the network it gives the `RawNet` of the tree's `network` value and the same tree with
    /// `null` in its place (random networks of `network::random_network_bytes`, mutated in two
    /// rounds of three, inside a document, pretty-printed in every other round, under tight
    /// value and depth limits sometimes).
    #[test]
    fn fast_network_matches_tree() {
        use crate::network::RawNet;
        let mut next = crate::test_rng(0x6e37_0a11);
        let (mut taken, mut mutated_taken, mut declined) = (0, 0, 0);
        for round in 0..10_000u64 {
            let (net, _, _, mutated) = crate::network::random_network_bytes(&mut next, round);
            let mut doc = br#"{"format":"x","network":"#.to_vec();
            doc.extend_from_slice(&net);
            doc.extend_from_slice(br#","claims":[1]}"#);
            if round % 2 == 1 {
                // Whitespace after every comma and colon, and before every closing bracket.
                let mut pretty = Vec::new();
                for &c in &doc {
                    if matches!(c, b']' | b'}') {
                        pretty.extend_from_slice(b"\n  ");
                    }
                    pretty.push(c);
                    if matches!(c, b',' | b':' | b'[') {
                        pretty.extend_from_slice(b" \t");
                    }
                }
                doc = pretty;
            }
            // The same value under another root key, or under `network` one level down, is never
            // taken for the network.
            for (head, tail) in [(&br#"{"other":"#[..], &b"}"[..]), (br#"{"x":{"network":"#, b"}}")] {
                let mut elsewhere = head.to_vec();
                elsewhere.extend_from_slice(&net);
                elsewhere.extend_from_slice(tail);
                let found = fast::parse_memo(&elsewhere, 32, usize::MAX, false, Some(10_000));
                assert!(
                    found.is_none_or(|(.., raw)| raw.is_none()),
                    "{}",
                    String::from_utf8_lossy(&elsewhere)
                );
            }
            let full = fast::parse(&doc, 32, usize::MAX);
            let values = usize::try_from(next(200)).unwrap_or(0);
            let max_depth = 4 + usize::try_from(next(6)).unwrap_or(0);
            let digits = if round % 5 == 0 { 2 } else { 10_000 };
            let plain = fast::parse_memo(&doc, max_depth, values, false, None);
            let read = fast::parse_memo(&doc, max_depth, values, false, Some(digits));
            assert_eq!(plain.is_some(), read.is_some(), "{}", String::from_utf8_lossy(&doc));
            declined += usize::from(full.is_some() && plain.is_none());
            let (Some((tree, ..)), Some((with_null, _, _, raw))) = (plain, read) else {
                continue;
            };
            let Json::Obj(entries) = &tree else { panic!("not an object") };
            let expected = RawNet::from_json(&entries[1].1, digits);
            match raw {
                Some(raw) => {
                    assert_eq!(Some(&raw), expected.as_ref(), "{}", String::from_utf8_lossy(&doc));
                    let mut nulled = entries.clone();
                    nulled[1].1 = Json::Null;
                    assert_eq!(with_null, Json::Obj(nulled));
                    taken += 1;
                    mutated_taken += usize::from(mutated);
                }
                None => assert_eq!(with_null, tree),
            }
        }
        assert!(taken > 1000 && mutated_taken > 100 && declined > 1000, "{taken} {mutated_taken} {declined}");
    }
}
