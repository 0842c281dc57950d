//! Independent checker for `ftcert/1` certificates (docs/certificate-format.md): re-derives every
//! claimed quantity exactly from the certificate and trusts nothing else. Depends only on std,
//! serde/serde_json (parsing) and num-* (exact arithmetic); never on the builder crate.
#![forbid(unsafe_code)]
#![deny(clippy::float_arithmetic)]

mod budget;
mod error;
mod instance;
mod json;
mod line;
mod lower;
pub mod memo;
mod network;
mod rational;
mod read;
pub mod registry;
mod upper;

pub use error::{Decline, Rejection, Sign};
pub use network::{EVAL_WORK_LIMIT, PIECE_WORK_LIMIT};

use error::Fail;
use json::Loc;

/// Resource limits; input beyond them is declined rather than checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Bytes per certificate.
    pub max_bytes: usize,
    /// Digits per rational (numerator plus denominator).
    pub max_rational_digits: usize,
    /// Hidden neurons (sum of hidden widths).
    pub max_neurons: usize,
    /// Layers, counting the output layer.
    pub max_layers: usize,
    /// Samples K.
    pub max_k: usize,
    /// Input dimension d.
    pub max_d: usize,
    /// JSON nesting depth (the top-level object is depth 1; at most 127 is effective).
    pub max_depth: usize,
    /// Coordinate products spent checking that no smaller s separates the points (projection
    /// line minimality: s · K · d).
    pub max_line_work: usize,
    /// JSON values (every number, string, array, object, … counts one): bounds the parse tree
    /// at about 32 bytes per value.
    pub max_values: usize,
    /// Digit-products (a product of an m-digit and an n-digit integer costs m·n) spent making
    /// the network's rows integral and evaluating it (docs/resources.md).
    pub max_digit_work: usize,
    /// Steps of the piece count along the line, per layer (docs/resources.md).
    pub max_piece_work: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 64 << 20,
            max_rational_digits: 10_000,
            max_neurons: 100_000,
            max_layers: 64,
            max_k: 100_000,
            max_d: 1_000,
            max_depth: 32,
            max_line_work: 1 << 26,
            max_values: 1 << 22,
            max_digit_work: 1 << 40,
            max_piece_work: PIECE_WORK_LIMIT,
        }
    }
}

/// Upper or lower certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Upper,
    Lower,
}

/// What an accepted certificate establishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub kind: Kind,
    /// Upper: the construction id.
    pub construction: Option<String>,
    /// Lower: the rule.
    pub rule: Option<String>,
    pub k: usize,
    pub d: usize,
    /// |T|.
    pub n: usize,
    /// Upper: the network's layer count; lower: the depth the bound is about.
    pub layers: usize,
    /// Upper: the verified hidden-neuron count; lower: the certified lower bound.
    pub neurons: usize,
    /// Upper: the construction's bound at (K, N).
    pub bound: Option<usize>,
    /// Upper: the exact number of pieces along the line.
    pub pieces: Option<usize>,
    /// Lower: the number of forced breakpoints (windows).
    pub breakpoints: Option<usize>,
    /// Upper: the hidden widths; lower, depth ≥ 4: one entry, the certified (claimed) least max
    /// hidden width; other lower certificates: empty.
    pub widths: Vec<usize>,
}

/// The outcome of checking one certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Accepted(Summary),
    Rejected(Rejection),
    Declined(Decline),
}

impl Verdict {
    /// `"accepted"`, or the rejection's / decline's `kind()`.
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Accepted(_) => "accepted",
            Verdict::Rejected(r) => r.kind(),
            Verdict::Declined(d) => d.kind(),
        }
    }

    pub fn is_accepted(&self) -> bool {
        matches!(self, Verdict::Accepted(_))
    }
}

/// Check one certificate given as bytes (UTF-8 JSON). Never panics.
pub fn check_bytes(bytes: &[u8], limits: &Limits) -> Verdict {
    match check(bytes, limits) {
        Ok(summary) => Verdict::Accepted(summary),
        Err(Fail::Reject(r)) => Verdict::Rejected(*r),
        Err(Fail::Decline(d)) => Verdict::Declined(*d),
    }
}

/// Check one certificate given as a string.
pub fn check_str(s: &str, limits: &Limits) -> Verdict {
    check_bytes(s.as_bytes(), limits)
}

fn check(bytes: &[u8], limits: &Limits) -> Result<Summary, Fail> {
    if bytes.len() > limits.max_bytes {
        return Err(Decline::TooManyBytes { size: bytes.len(), limit: limits.max_bytes }.into());
    }
    memo::begin_check(limits.max_rational_digits);
    let result = check_parsed(bytes, limits);
    memo::attach_prefix(bytes);
    result
}

thread_local! {
    static FAST_NETWORK: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
    static FAST_NETWORK_READS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    static FAST_UPPER: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
    static FAST_UPPER_READS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Certificates on this thread so far that the typed reader took (`upper::read_fast`: read
/// straight from the bytes, no tree).
pub fn fast_upper_reads() -> u64 {
    FAST_UPPER_READS.with(std::cell::Cell::get)
}

/// Turns the typed reader of upper certificates ([`check_parsed`]) on or off for this thread.
/// It changes speed only; for tests and benchmarks.
pub fn set_fast_upper(on: bool) {
    FAST_UPPER.with(|f| f.set(on));
}

/// Certificates on this thread so far whose network came from the fast reader (tests assert
/// that the fast path is taken where it should be).
pub fn fast_network_reads() -> u64 {
    FAST_NETWORK_READS.with(std::cell::Cell::get)
}

/// Turns the fast network reader (the `network` value read straight from the bytes, see
/// [`check_parsed`]) on or off for this thread. It changes speed only; for tests and benchmarks.
pub fn set_fast_network(on: bool) {
    FAST_NETWORK.with(|f| f.set(on));
}

/// Parse, then judge. An upper certificate in the builder's layout whose instance prefix the
/// memo holds is read without a tree (`upper::read_fast`, which answers only where the tree
/// reading below would give the same parts) and judged by the same `upper::judge`. Otherwise the
/// fast parser may read the root's `network` value straight into a
/// `RawNet` (leaving `null` in the tree). That tree is judged only if the document is an upper
/// certificate whose network `network::parse_small` would accept, for the `d` and depth that
/// `upper::check` reads from the same nodes ([`upper::prebuild`]); `upper::check` then takes
/// that network in place of reading the `null`, and it is the network `Parsed::read` would have
/// built from the full tree. Anything else is parsed again in full, network included.
fn check_parsed(bytes: &[u8], limits: &Limits) -> Result<Summary, Fail> {
    budget::start(limits.max_digit_work);
    budget::start_pieces(limits.max_piece_work);
    // An upper certificate in the builder's layout after one of the same instance: no tree.
    if FAST_UPPER.with(std::cell::Cell::get) {
        if let Some(parts) = upper::read_fast(bytes, limits) {
            FAST_UPPER_READS.with(|n| n.set(n.get().saturating_add(1)));
            return upper::judge(parts, limits);
        }
    }
    let fast = FAST_NETWORK.with(std::cell::Cell::get).then_some(limits.max_rational_digits);
    let (v, raw) = json::parse_with_net(bytes, limits.max_depth, limits.max_values, fast)?;
    let Some(raw) = raw else {
        return check_tree(&v, limits, None);
    };
    if let Some(net) = upper::prebuild(&v, &raw, limits) {
        FAST_NETWORK_READS.with(|n| n.set(n.get().saturating_add(1)));
        return check_tree(&v, limits, Some(net));
    }
    drop(v);
    let v = json::parse_with(bytes, limits.max_depth, limits.max_values)?;
    check_tree(&v, limits, None)
}

/// Judge a parsed document; `net` is an upper certificate's network from [`upper::prebuild`].
fn check_tree(v: &json::Json<'_>, limits: &Limits, net: Option<network::IntNet>) -> Result<Summary, Fail> {
    let root = Loc::Root;
    if !matches!(v, json::Json::Obj(_)) {
        return Err(Rejection::WrongType {
            path: root.render(),
            expected: "an object",
            found: v.type_name(),
        }
        .into());
    }
    let field = |key: &'static str| {
        v.get(key).ok_or_else(|| Fail::from(Rejection::MissingField { path: root.render(), key }))
    };
    let lf = root.key("format");
    let format = read::string(field("format")?, &lf)?;
    if format != "ftcert/1" {
        return Err(Rejection::UnsupportedFormat { path: lf.render(), found: format.to_string() }.into());
    }
    let lk = root.key("kind");
    match read::string(field("kind")?, &lk)? {
        "upper" => upper::check(v, limits, net),
        "lower" => lower::check(v, limits),
        other => Err(Rejection::UnknownKind { path: lk.render(), found: other.to_string() }.into()),
    }
}

/// The unit tests' deterministic draws: `next(n)` is uniform-ish in 0..n (a 64-bit LCG, high bits).
#[cfg(test)]
pub(crate) fn test_rng(seed: u64) -> impl FnMut(u64) -> u64 {
    let mut state = seed;
    move |n: u64| -> u64 {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    }
}
