//! The `network` object: parsing with shape and neuron-budget checks, exact evaluation at the
//! samples (integer-scaled layers, i128 fast path with BigInt fallback), and the exact number of
//! affine pieces of s ↦ g(origin + s·direction) for any depth.

use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};

use crate::budget;
use crate::error::{Decline, Fail, Rejection};
use crate::instance::Instance;
use crate::json::{Json, Loc};
use crate::line::Line;
use crate::rational::gcd_u64;
use crate::rational::{ops, Rat};
use crate::read;
use crate::Limits;

mod two_hidden;
mod walk;

/// One layer as written: `rows` × `cols` weights (row-major) and `rows` biases.
#[derive(Debug, Clone)]
pub(crate) struct RatLayer {
    pub rows: usize,
    pub cols: usize,
    pub w: Vec<Rat>,
    pub b: Vec<Rat>,
}

/// Row `r` of a row-major matrix with `cols` columns (empty if out of range).
fn row<T>(w: &[T], r: usize, cols: usize) -> &[T] {
    let start = r.saturating_mul(cols);
    w.get(start..start.saturating_add(cols)).unwrap_or_default()
}

/// Parse the network: `depth` layers (the construction's), first layer with `d` inputs, each
/// next layer with the previous width as inputs, the last with exactly one row.
pub(crate) fn parse(
    v: &Json<'_>,
    loc: &Loc<'_>,
    d: usize,
    depth: usize,
    construction: &str,
    limits: &Limits,
) -> Result<Vec<RatLayer>, Fail> {
    let [lv] = read::object(v, loc, &["layers"])?;
    let ll = loc.key("layers");
    let layers = read::array(lv, &ll)?;
    if layers.len() > limits.max_layers {
        return Err(Decline::TooManyLayers {
            path: ll.render(),
            layers: layers.len(),
            limit: limits.max_layers,
        }
        .into());
    }
    if layers.len() != depth {
        return Err(Rejection::WrongLayerCount {
            path: ll.render(),
            construction: construction.to_string(),
            found: layers.len(),
            expected: depth,
        }
        .into());
    }
    // Pass 1: keys and row counts only, so the neuron budget is checked before any conversion.
    let mut hidden: usize = 0;
    for (l, layer) in layers.iter().enumerate() {
        let li = ll.index(l);
        let [wv, _] = read::object(layer, &li, &["weights", "biases"])?;
        let rows = read::array(wv, &li.key("weights"))?.len();
        if l + 1 < layers.len() {
            hidden = hidden.saturating_add(rows);
        }
    }
    if hidden > limits.max_neurons {
        return Err(Decline::TooManyNeurons {
            path: ll.render(),
            neurons: hidden,
            limit: limits.max_neurons,
        }
        .into());
    }
    // Pass 2: shapes and rationals.
    let digits = limits.max_rational_digits;
    let mut out = Vec::with_capacity(layers.len());
    let mut cols = d;
    for (l, layer) in layers.iter().enumerate() {
        let li = ll.index(l);
        let [wv, bv] = read::object(layer, &li, &["weights", "biases"])?;
        let lw = li.key("weights");
        let rows = read::array(wv, &lw)?;
        if l + 1 == layers.len() && rows.len() != 1 {
            return Err(Rejection::WrongOutputWidth { path: lw.render(), found: rows.len() }.into());
        }
        let mut w = Vec::new();
        for (r, rv) in rows.iter().enumerate() {
            let lr = lw.index(r);
            let entries = read::array_len(rv, &lr, cols, "weight row")?;
            w.reserve(entries.len());
            for (c, x) in entries.iter().enumerate() {
                w.push(read::rational_rat(x, &lr.index(c), digits)?);
            }
        }
        let lb = li.key("biases");
        let biases = read::array_len(bv, &lb, rows.len(), "biases")?;
        let mut b = Vec::with_capacity(biases.len());
        for (i, x) in biases.iter().enumerate() {
            b.push(read::rational_rat(x, &lb.index(i), digits)?);
        }
        out.push(RatLayer { rows: rows.len(), cols, w, b });
        cols = rows.len();
    }
    Ok(out)
}

/// [`parse`] then [`IntNet::from_layers_small`], straight from the JSON values (no `Rat`
/// vectors, no second pass): `Some` only if `parse` accepts `v` (the same checks: keys, layer
/// count, neuron budget, shapes, canonical rationals) and `from_layers_small` answers, and then
/// the same integer network. `None` (any problem, a big entry, an overflow) sends the caller to
/// the plain path, which gives the verdict. Entries longer than 19 bytes are never read here, so
/// nothing is charged to the digit-work meter before the plain path rereads them (a canonical
/// rational of at most 19 bytes has parts of at most 18 digits: the u64 path of `parse_rat`).
/// Tests: `parse_small_matches_plain` (random networks and mutations of their bytes).
pub(crate) fn parse_small(v: &Json<'_>, d: usize, depth: usize, limits: &Limits) -> Option<IntNet> {
    RawNet::from_json(v, limits.max_rational_digits)?.build(d, depth, limits)
}

/// A network's entries as written, every one a small canonical rational ([`small_entry`]),
/// before the shape checks: per layer the number of weight rows, their common length (`None`
/// without rows) and the entries, row-major. [`parse_small`] reads it from the JSON tree; the
/// fast parser reads it straight from the bytes (`json::fast`, `network`), where a document
/// gives the same `RawNet` as its tree would (`fast_network_matches_tree`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RawNet {
    pub layers: Vec<RawLayer>,
}

/// One layer of a [`RawNet`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RawLayer {
    pub rows: usize,
    pub cols: Option<usize>,
    pub w: Vec<(i64, i64)>,
    pub b: Vec<(i64, i64)>,
}

impl RawLayer {
    /// Records that a weight row of `len` entries ended; `None` if rows differ in length (some
    /// row then has the wrong length for any column count: [`parse`] refuses it).
    pub(crate) fn end_row(&mut self, len: usize) -> Option<()> {
        self.rows += 1;
        (*self.cols.get_or_insert(len) == len).then_some(())
    }
}

/// A network entry of at most 19 bytes that `parse_rat` reads as a small rational (p, q).
pub(crate) fn small_entry(s: &str, digits: usize) -> Option<(i64, i64)> {
    if s.len() > 19 {
        return None;
    }
    match crate::rational::parse_rat(s, digits) {
        Ok(Rat::Small(p, q)) => Some((p, q)),
        _ => None,
    }
}

impl RawNet {
    /// The entries of the `network` value `v` if it has exactly the keys of the format, arrays
    /// where arrays belong and only [`small_entry`] strings as entries.
    pub(crate) fn from_json(v: &Json<'_>, digits: usize) -> Option<RawNet> {
        let root = Loc::Root;
        let [Json::Arr(layers)] = read::object(v, &root, &["layers"]).ok()? else {
            return None;
        };
        let entry = |x: &Json<'_>| match x {
            Json::Str(s) => small_entry(s, digits),
            _ => None,
        };
        let mut out = Vec::with_capacity(layers.len());
        for layer in layers {
            let [Json::Arr(rows), Json::Arr(biases)] =
                read::object(layer, &root, &["weights", "biases"]).ok()?
            else {
                return None;
            };
            let mut raw = RawLayer::default();
            for rv in rows {
                let Json::Arr(entries) = rv else {
                    return None;
                };
                for x in entries {
                    raw.w.push(entry(x)?);
                }
                raw.end_row(entries.len())?;
            }
            for x in biases {
                raw.b.push(entry(x)?);
            }
            out.push(raw);
        }
        Some(RawNet { layers: out })
    }

    /// The integer network if [`parse`] accepts this network for `d` inputs and `depth` layers
    /// (layer count, neuron budget, shapes) and [`IntNet::from_layers_small`] answers.
    pub(crate) fn build(&self, d: usize, depth: usize, limits: &Limits) -> Option<IntNet> {
        let layers = &self.layers;
        if layers.len() > limits.max_layers || layers.len() != depth {
            return None;
        }
        let hidden =
            layers.iter().take(layers.len().saturating_sub(1)).fold(0usize, |h, l| h.saturating_add(l.rows));
        if hidden > limits.max_neurons {
            return None;
        }
        let mut build = SmallBuild::new(layers.len());
        let mut cols = d;
        for (l, layer) in layers.iter().enumerate() {
            if (l + 1 == layers.len() && layer.rows != 1) || layer.b.len() != layer.rows {
                return None;
            }
            // Without rows there is no entry whose count could be wrong.
            if layer.rows > 0 && layer.cols != Some(cols) {
                return None;
            }
            build.begin_layer(layer.rows, cols)?;
            for (r, &bias) in layer.b.iter().enumerate() {
                let start = r.checked_mul(cols)?;
                for (j, &x) in layer.w.get(start..start.checked_add(cols)?)?.iter().enumerate() {
                    build.weight(j, x)?;
                }
                build.end_row(cols, bias)?;
            }
            build.end_layer(layer.rows, cols);
            cols = layer.rows;
        }
        Some(build.finish())
    }
}

/// A random `network` value as compact JSON (test helper of `parse_small_matches_plain` and
/// `json::tests::fast_network_matches_tree`): 1 to 3 layers, 1 to 3 inputs, small entries and
/// sometimes 62-bit ones, sometimes a wrong shape; in two rounds of three, one byte changed,
/// removed or doubled. Returns (bytes, d, depth, whether a byte was mutated).
#[cfg(test)]
pub(crate) fn random_network_bytes(
    next: &mut impl FnMut(u64) -> u64,
    round: u64,
) -> (Vec<u8>, usize, usize, bool) {
    let depth = 1 + next(3) as usize;
    let d = 1 + next(3) as usize;
    let mut cols = d;
    let mut text = String::from(r#"{"layers":["#);
    for l in 0..depth {
        let rows = if l + 1 == depth { 1 } else { next(4) as usize };
        let bad = next(40);
        let mut rat = || -> String {
            let long = next(40) == 0;
            let (pm, qm) = if long { (1u64 << 62, 1u64 << 62) } else { (9, 5) };
            let p = next(2 * pm + 1) as i128 - pm as i128;
            let q = 1 + next(qm) as i128;
            BigRational::new(BigInt::from(p), BigInt::from(q)).to_string()
        };
        let row = |rat: &mut dyn FnMut() -> String, n: usize| {
            (0..n).map(|_| format!("\"{}\"", rat())).collect::<Vec<_>>().join(",")
        };
        // Sometimes a wrong shape: a long first row, a short last row, one bias too many
        // or too few.
        let len = |r: usize| match bad {
            0 if r == 0 => cols + 1,
            1 if r + 1 == rows => cols.saturating_sub(1),
            _ => cols,
        };
        let nb = match bad {
            2 => rows + 1,
            3 => rows.saturating_sub(1),
            _ => rows,
        };
        let ws: Vec<String> = (0..rows).map(|r| format!("[{}]", row(&mut rat, len(r)))).collect();
        let bs: Vec<String> = (0..nb).map(|_| format!("\"{}\"", rat())).collect();
        if l > 0 {
            text.push(',');
        }
        text.push_str(&format!(r#"{{"weights":[{}],"biases":[{}]}}"#, ws.join(","), bs.join(",")));
        cols = rows;
    }
    text.push_str("]}");
    let mut bytes = text.into_bytes();
    let mutated = !round.is_multiple_of(3);
    if mutated {
        let at = next(bytes.len() as u64) as usize;
        let picks = b"0123456789-/\"[],{}ax ";
        let pick = picks[next(picks.len() as u64) as usize];
        match next(3) {
            0 => bytes[at] = pick,
            1 => {
                bytes.remove(at);
            }
            _ => bytes.insert(at, bytes[at]),
        }
    }
    (bytes, d, depth, mutated)
}

/// A parsed network, before [`Network::new`]'s integer rows (which may be declined) are built.
#[derive(Debug)]
pub(crate) enum Parsed {
    /// Every entry small: the integer network straight from the JSON values ([`parse_small`]).
    Small(IntNet),
    /// The rational layers of the plain [`parse`].
    Layers(Vec<RatLayer>),
}

impl Parsed {
    /// [`parse_small`] where it answers, else the plain [`parse`] (which reports every problem).
    pub(crate) fn read(
        v: &Json<'_>,
        loc: &Loc<'_>,
        d: usize,
        depth: usize,
        construction: &str,
        limits: &Limits,
    ) -> Result<Parsed, Fail> {
        match parse_small(v, d, depth, limits) {
            Some(int) => Ok(Parsed::Small(int)),
            None => parse(v, loc, d, depth, construction, limits).map(Parsed::Layers),
        }
    }

    /// The network prepared for evaluation and piece counting.
    pub(crate) fn into_network(self) -> Result<Network, Fail> {
        match self {
            Parsed::Small(int) => Ok(Network::from_int(int)),
            Parsed::Layers(layers) => Network::new(layers),
        }
    }
}

/// A layer with integer weights after positive row scaling (see [`IntNet`]).
#[derive(Debug, Clone)]
pub(crate) struct IntLayer {
    rows: usize,
    cols: usize,
    /// The entries as big integers (built on first use when the small form exists).
    big: std::cell::OnceCell<(Vec<BigInt>, Vec<BigInt>)>,
    /// The same entries if they all fit in i64 (fast path).
    small: Option<(Vec<i64>, Vec<i64>)>,
    /// The largest magnitude of the small entries (0 without them).
    small_max: u64,
}

/// The largest magnitude of the small form's entries.
fn small_max(small: &Option<(Vec<i64>, Vec<i64>)>) -> u64 {
    small.as_ref().map_or(0, |(w, b)| w.iter().chain(b).map(|v| v.unsigned_abs()).max().unwrap_or(0))
}

impl IntLayer {
    fn big(&self) -> &(Vec<BigInt>, Vec<BigInt>) {
        self.big.get_or_init(|| match &self.small {
            Some((w, b)) => {
                (w.iter().map(|&x| BigInt::from(x)).collect(), b.iter().map(|&x| BigInt::from(x)).collect())
            }
            None => (Vec::new(), Vec::new()),
        })
    }

    /// Weights, row-major.
    fn w(&self) -> &[BigInt] {
        &self.big().0
    }

    /// Biases.
    fn b(&self) -> &[BigInt] {
        &self.big().1
    }
}

/// An integer network equivalent to the rational one: each row of layer l is multiplied by the
/// positive lcm L of its denominators, and 1/L is folded into column of layer l + 1 (ReLU commutes
/// with positive scaling). Hidden activation patterns are unchanged and g = g_int / `out_scale`.
#[derive(Debug, Clone)]
pub(crate) struct IntNet {
    layers: Vec<IntLayer>,
    out_scale: BigInt,
    /// The row scales of the last layer (`out_scale` is the first).
    scales: Vec<BigInt>,
    small_scale: Option<i64>,
}

impl IntNet {
    /// The integer network; the big-integer path is charged to the digit-work meter
    /// (`budget.rs`) and declined at `/network` past it.
    pub fn from_layers(net: &[RatLayer]) -> Result<IntNet, Fail> {
        match Self::from_layers_small(net) {
            Some(int) => Ok(int),
            None => Self::from_layers_big(net),
        }
    }

    /// [`IntNet::from_layers_big`] in i128 when every number (entries, scales, lcms) stays below
    /// 2^63 in magnitude; `None` to fall back. Computes exactly the same integers (the lcm of the
    /// reduced denominators of each row, the row scaled by it); tests compare both.
    pub(crate) fn from_layers_small(net: &[RatLayer]) -> Option<IntNet> {
        let mut build = SmallBuild::new(net.len());
        for layer in net {
            if layer.w.len() != layer.rows.checked_mul(layer.cols)? || layer.b.len() != layer.rows {
                return None;
            }
            build.begin_layer(layer.rows, layer.cols)?;
            for r in 0..layer.rows {
                for (j, q) in row(&layer.w, r, layer.cols).iter().enumerate() {
                    build.weight(j, q.to_i64s()?)?;
                }
                build.end_row(layer.cols, layer.b.get(r)?.to_i64s()?)?;
            }
            build.end_layer(layer.rows, layer.cols);
        }
        Some(build.finish())
    }

    /// The general construction with big integers. Every gcd (row lcm, reduction of a folded
    /// entry) and product is charged to the digit-work meter before it is done: the lcm of d
    /// nearly coprime D-digit denominators has about d·D digits, so this is where adversarial
    /// rows cost (d·D)² per step.
    pub(crate) fn from_layers_big(net: &[RatLayer]) -> Result<IntNet, Fail> {
        const AT: &str = "/network";
        let mut layers = Vec::with_capacity(net.len());
        let mut prev_scale: Vec<BigInt> = Vec::new();
        for layer in net {
            let mut w = Vec::with_capacity(layer.w.len());
            let mut b = Vec::with_capacity(layer.rows);
            let mut scales = Vec::with_capacity(layer.rows);
            let mut entries: Vec<BigRational> = Vec::with_capacity(layer.cols.saturating_add(1));
            for r in 0..layer.rows {
                entries.clear();
                for (j, q) in row(&layer.w, r, layer.cols).iter().enumerate() {
                    let q = q.to_big();
                    entries.push(match prev_scale.get(j) {
                        // Scales are positive, so the denominator is never zero.
                        Some(s) if !s.is_one() => {
                            let cost = budget::mul_cost(q.denom(), s)
                                + budget::gcd_cost(q.numer(), s).saturating_mul(2);
                            budget::spend(cost, AT)?;
                            BigRational::new(q.numer().clone(), q.denom() * s)
                        }
                        _ => q,
                    });
                }
                entries.push(layer.b.get(r).map(Rat::to_big).unwrap_or_default());
                let mut lcm = BigInt::one();
                for e in &entries {
                    if !e.denom().is_one() {
                        let cost = budget::gcd_cost(&lcm, e.denom()) + budget::mul_cost(&lcm, e.denom());
                        budget::spend(cost, AT)?;
                        lcm = lcm.lcm(e.denom());
                    }
                }
                if !lcm.is_one() {
                    let cost = entries.iter().fold(0u128, |acc, e| {
                        acc.saturating_add(budget::mul_cost(&lcm, e.denom()).saturating_mul(2))
                    });
                    budget::spend(cost, AT)?;
                }
                let mut scaled = entries.iter().map(|e| {
                    if lcm.is_one() {
                        e.numer().clone()
                    } else {
                        e.numer() * (&lcm / e.denom())
                    }
                });
                for _ in 0..layer.cols {
                    w.push(scaled.next().unwrap_or_default());
                }
                b.push(scaled.next().unwrap_or_default());
                scales.push(lcm);
            }
            let small = w
                .iter()
                .map(ToPrimitive::to_i64)
                .collect::<Option<Vec<i64>>>()
                .zip(b.iter().map(ToPrimitive::to_i64).collect::<Option<Vec<i64>>>());
            let big = std::cell::OnceCell::from((w, b));
            layers.push(IntLayer {
                rows: layer.rows,
                cols: layer.cols,
                big,
                small_max: small_max(&small),
                small,
            });
            prev_scale = scales;
        }
        let out_scale = prev_scale.first().cloned().unwrap_or_else(BigInt::one);
        let small_scale = out_scale.to_i64();
        Ok(IntNet { layers, out_scale, scales: prev_scale, small_scale })
    }
}

/// The i128 construction of [`IntNet::from_layers_small`], entry by entry (its rows come from
/// `RatLayer`s or straight from the JSON values, [`parse_small`]): every number (entries, scales,
/// lcms) below 2^63 in magnitude, `None` otherwise.
struct SmallBuild {
    layers: Vec<IntLayer>,
    /// Positive row scales (lcms) of the previous layer, each at most i64::MAX.
    prev_scale: Vec<i64>,
    scales: Vec<i64>,
    /// (numerator, positive denominator) of the row's entries after folding in the scales.
    entries: Vec<(i64, i64)>,
    w: Vec<i64>,
    b: Vec<i64>,
}

impl SmallBuild {
    fn new(depth: usize) -> SmallBuild {
        SmallBuild {
            layers: Vec::with_capacity(depth),
            prev_scale: Vec::new(),
            scales: Vec::new(),
            entries: Vec::new(),
            w: Vec::new(),
            b: Vec::new(),
        }
    }

    fn begin_layer(&mut self, rows: usize, cols: usize) -> Option<()> {
        self.w = Vec::with_capacity(rows.checked_mul(cols)?);
        self.b = Vec::with_capacity(rows);
        self.scales = Vec::with_capacity(rows);
        self.entries.reserve(cols.saturating_add(1));
        Some(())
    }

    /// Weight `j` of the current row, (p, d) in lowest terms with d > 0.
    fn weight(&mut self, j: usize, (p, d): (i64, i64)) -> Option<()> {
        self.entries.push(match self.prev_scale.get(j) {
            // 0 is (0, 1) at any scale.
            Some(&s) if s != 1 && p != 0 => {
                let den = d.checked_mul(s)?;
                // 1 ≤ g ≤ den ≤ i64::MAX.
                let g = i64::try_from(gcd_u64(p.unsigned_abs(), den.unsigned_abs())).ok()?;
                (p / g, den / g)
            }
            _ => (p, d),
        });
        Some(())
    }

    /// The row's bias; scales the row (its `cols` weights and the bias) by the lcm of their
    /// denominators.
    fn end_row(&mut self, cols: usize, bias: (i64, i64)) -> Option<()> {
        self.entries.push(bias);
        let mut lcm: i64 = 1;
        for &(_, d) in &self.entries {
            // lcm(1, d) = d and lcm(d, d) = d without a gcd.
            if d != 1 && d != lcm {
                lcm = if lcm == 1 {
                    d
                } else {
                    let g = i64::try_from(gcd_u64(lcm.unsigned_abs(), d.unsigned_abs())).ok()?;
                    (lcm / g).checked_mul(d)?
                };
            }
        }
        let scaled = |&(p, d): &(i64, i64)| if d == lcm { Some(p) } else { p.checked_mul(lcm / d) };
        let (weights, bias) = self.entries.split_at(cols.min(self.entries.len()));
        for e in weights {
            self.w.push(scaled(e)?);
        }
        for e in bias {
            self.b.push(scaled(e)?);
        }
        self.entries.clear();
        self.scales.push(lcm);
        Some(())
    }

    fn end_layer(&mut self, rows: usize, cols: usize) {
        let small = Some((std::mem::take(&mut self.w), std::mem::take(&mut self.b)));
        self.layers.push(IntLayer {
            rows,
            cols,
            big: std::cell::OnceCell::new(),
            small_max: small_max(&small),
            small,
        });
        self.prev_scale = std::mem::take(&mut self.scales);
    }

    fn finish(self) -> IntNet {
        let scale = self.prev_scale.first().copied().unwrap_or(1);
        let scales = self.prev_scale.iter().map(|&s| BigInt::from(s)).collect();
        IntNet { layers: self.layers, out_scale: BigInt::from(scale), scales, small_scale: Some(scale) }
    }
}

fn lcm_i128(a: i128, b: i128) -> Option<i128> {
    // Positive operands below 2^64 (the common case): the gcd in u64.
    let g = match (u64::try_from(a), u64::try_from(b)) {
        (Ok(x), Ok(y)) => i128::from(gcd_u64(x, y)),
        _ => a.gcd(&b),
    };
    (a / g).checked_mul(b)
}

/// A sample scaled to integers: (dd, dd·x) with dd the lcm of its denominators, if dd < 2^63
/// and every entry fits in i128 (the start of the i128 evaluation; memoised per point set).
pub(crate) type ScaledPoint = Option<(i128, Vec<i128>)>;

pub(crate) fn scale_point(x: &[BigRational]) -> ScaledPoint {
    let mut dd: i128 = 1;
    for q in x {
        let den = i128::from(q.denom().to_i64()?);
        if den != 1 {
            dd = lcm_i128(dd, den)?;
            if dd > i128::from(i64::MAX) {
                return None;
            }
        }
    }
    let mut a = Vec::with_capacity(x.len());
    for q in x {
        let num = i128::from(q.numer().to_i64()?);
        let den = i128::from(q.denom().to_i64()?);
        a.push(num.checked_mul(dd.checked_div(den)?)?);
    }
    Some((dd, a))
}

/// Fast path: `Some(g(x) == z)` if everything fits in i128, `None` to fall back.
#[cfg(test)]
fn eval_small(
    net: &IntNet,
    x: &[BigRational],
    z: &BigRational,
    a: &mut Vec<i128>,
    b: &mut Vec<i128>,
) -> Option<bool> {
    let (dd, x) = scale_point(x)?;
    let z = match (z.numer().to_i64(), z.denom().to_i64()) {
        (Some(p), Some(q)) => Rat::Small(p, q),
        _ => Rat::Big(z.clone()),
    };
    eval_small_scaled(net, dd, &x, &z, a, b)
}

/// [`eval_small`] from a scaled sample (dd, dd·x).
fn eval_small_scaled(
    net: &IntNet,
    dd: i128,
    x: &[i128],
    z: &Rat,
    a: &mut Vec<i128>,
    b: &mut Vec<i128>,
) -> Option<bool> {
    // No i64 output scale: nothing to compare with (`small_equals` would say `None`), so skip
    // the evaluation.
    net.small_scale?;
    a.clear();
    a.extend_from_slice(x);
    NARROW.with_borrow_mut(|narrow| eval_layers(net, dd, a, b, narrow))?;
    small_equals(net, *a.first()?, dd, z)
}

/// Whether the i128 output `out` of the sample scaled by `dd` is the target `z`: g(x) =
/// out / (dd · scale). `None` if a product does not fit.
fn small_equals(net: &IntNet, out: i128, dd: i128, z: &Rat) -> Option<bool> {
    let scale = i128::from(net.small_scale?);
    let (p, q) = z.to_i64s()?;
    let (p, q) = (i128::from(p), i128::from(q));
    // p and dd are below 2^63 in magnitude (dd: `scale_point`), so p·dd fits in i128 unchecked;
    // so does out·q when out fits in i64 (the batch path).
    let lhs = match i64::try_from(out) {
        Ok(_) => out.wrapping_mul(q),
        Err(_) => out.checked_mul(q)?,
    };
    let pdd = if dd.unsigned_abs() < 1 << 63 { p.wrapping_mul(dd) } else { p.checked_mul(dd)? };
    Some(lhs == pdd.checked_mul(scale)?)
}

/// The most values (samples × layer width) that [`eval_batch`] holds at once (8 MiB of i64 per
/// buffer); larger evaluations go sample by sample.
const BATCH_ENTRIES: usize = 1 << 20;

/// Scratch space of [`eval_batch`]: the current layer's inputs and outputs, sample-major.
#[derive(Default)]
struct Batch {
    a: Vec<i64>,
    b: Vec<i64>,
}

thread_local! {
    static BATCH: std::cell::RefCell<Batch> = std::cell::RefCell::new(Batch::default());
}

/// Every sample scaled to integers in i64, sample-major: the input of [`eval_batch`], built once
/// per point set (memoised with the scaled points, [`Scaled`]).
#[derive(Debug)]
pub(crate) struct BatchInput {
    /// Inputs per sample (d).
    cols: usize,
    /// dd of each sample.
    dd: Vec<i64>,
    /// dd·x of each sample, `cols` per sample.
    a: Vec<i64>,
    /// The largest magnitude among `dd` and `a`.
    max: u64,
    /// The largest `dd`.
    max_dd: u64,
}

/// The samples scaled to integers ([`scale_point`]), and all of them at once in i64 if every
/// one is scaled and fits (`batch`).
#[derive(Debug)]
pub(crate) struct Scaled {
    pub points: Vec<ScaledPoint>,
    pub batch: Option<BatchInput>,
}

impl Scaled {
    pub(crate) fn new(points: Vec<ScaledPoint>) -> Scaled {
        let batch = Self::batch_input(&points);
        Scaled { points, batch }
    }

    fn batch_input(points: &[ScaledPoint]) -> Option<BatchInput> {
        let cols = points.first()?.as_ref()?.1.len();
        let mut input = BatchInput { cols, dd: Vec::new(), a: Vec::new(), max: 0, max_dd: 0 };
        for p in points {
            let (dd, x) = p.as_ref()?;
            if x.len() != cols {
                return None;
            }
            input.dd.push(i64::try_from(*dd).ok()?);
            for &v in x {
                input.a.push(i64::try_from(v).ok()?);
            }
        }
        input.max_dd = input.dd.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0);
        input.max = input.a.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0).max(input.max_dd);
        Some(input)
    }
}

/// The scaled samples of `inst` (memoised per point set).
pub(crate) fn scaled_of(inst: &Instance) -> std::rc::Rc<Scaled> {
    crate::memo::scaled_points(&inst.points, || {
        Scaled::new((0..inst.k).map(|i| scale_point(inst.point(i))).collect())
    })
}

/// The outputs (before the division by dd · scale) of every sample, layer by layer for all
/// samples at once, if every layer's partial sums stay below 2^63 (one bound per layer:
/// (cols + 1) · max|w| · max(|a|, dd)) and the last layer has one row; `None` to evaluate sample
/// by sample. The same integers as [`eval_layers`] per sample, in sample order.
fn eval_batch<'s>(net: &IntNet, input: &BatchInput, s: &'s mut Batch) -> Option<&'s [i64]> {
    let last = net.layers.len().checked_sub(1)?;
    if net.layers.first()?.cols != input.cols || net.layers.last()?.rows != 1 {
        return None;
    }
    let samples = input.dd.len();
    // Memory: every layer's values of all samples at once, at most BATCH_ENTRIES of them.
    let widest = net.layers.iter().map(|l| l.rows.max(l.cols)).max()?;
    if samples.checked_mul(widest)? > BATCH_ENTRIES {
        return None;
    }
    for (l, layer) in net.layers.iter().enumerate() {
        let (w, bias) = layer.small.as_ref()?;
        let (cols, rows) = (layer.cols, bias.len());
        // The first layer reads the memoised input; each next one the previous layer's output.
        let (src, max_a) = if l == 0 {
            (&input.a[..], input.max)
        } else {
            (&s.a[..], s.a.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0).max(input.max_dd))
        };
        // A layer without rows leaves nothing to evaluate the next layer on (sample by sample
        // then decides).
        if cols == 0 || rows == 0 || w.len() != rows * cols || src.len() != samples * cols {
            return None;
        }
        let bound = u128::from(layer.small_max)
            .checked_mul(u128::from(max_a))
            .and_then(|p| p.checked_mul(cols as u128 + 1));
        if bound.is_none_or(|p| p >= 1 << 63) {
            return None;
        }
        s.b.clear();
        s.b.resize(samples.checked_mul(rows)?, 0);
        let pass = Pass { w, bias, relu: l != last };
        match cols {
            1 => pass.run::<1>(&mut s.b, src, &input.dd),
            2 => pass.run::<2>(&mut s.b, src, &input.dd),
            3 => pass.run::<3>(&mut s.b, src, &input.dd),
            4 => pass.run::<4>(&mut s.b, src, &input.dd),
            _ => pass.run_any(cols, &mut s.b, src, &input.dd),
        }
        std::mem::swap(&mut s.a, &mut s.b);
    }
    // The output layer has one row: one value per sample.
    Some(&s.a)
}

/// One layer of [`eval_batch`]: row-major weights `w` (`bias.len()` rows), biases, and whether
/// ReLU follows. Its callers have bounded every partial sum below 2^63 in magnitude, so the
/// wrapping operations never wrap; they only drop the overflow checks.
struct Pass<'a> {
    w: &'a [i64],
    bias: &'a [i64],
    relu: bool,
}

impl Pass<'_> {
    /// `out` (sample-major, `bias.len()` per sample) from the inputs `a` (`N` per sample) and
    /// each sample's dd: out = relu?(c·dd + Σ w·a). `N` fixed, so the inner sum is unrolled.
    fn run<const N: usize>(&self, out: &mut [i64], a: &[i64], dd: &[i64]) {
        let rows = self.bias.len();
        let (wr, _) = self.w.as_chunks::<N>();
        let (xs, _) = a.as_chunks::<N>();
        for ((out, x), &dd) in out.chunks_exact_mut(rows).zip(xs).zip(dd) {
            for ((o, wr), &c) in out.iter_mut().zip(wr).zip(self.bias) {
                let mut acc = c.wrapping_mul(dd);
                for j in 0..N {
                    acc = acc.wrapping_add(wr[j].wrapping_mul(x[j]));
                }
                *o = if self.relu && acc < 0 { 0 } else { acc };
            }
        }
    }

    /// [`Pass::run`] for any `cols` ≥ 1 inputs per sample.
    fn run_any(&self, cols: usize, out: &mut [i64], a: &[i64], dd: &[i64]) {
        let rows = self.bias.len();
        for ((out, x), &dd) in out.chunks_exact_mut(rows).zip(a.chunks_exact(cols)).zip(dd) {
            for ((o, wr), &c) in out.iter_mut().zip(self.w.chunks_exact(cols)).zip(self.bias) {
                let acc = wr
                    .iter()
                    .zip(x)
                    .fold(c.wrapping_mul(dd), |acc, (&wv, &av)| acc.wrapping_add(wv.wrapping_mul(av)));
                *o = if self.relu && acc < 0 { 0 } else { acc };
            }
        }
    }
}

thread_local! {
    /// Scratch space of [`eval_layers`].
    static NARROW: std::cell::RefCell<Vec<i64>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The layers of the i128 evaluation: `a` holds dd·x on entry and the output on success.
fn eval_layers(
    net: &IntNet,
    dd: i128,
    a: &mut Vec<i128>,
    b: &mut Vec<i128>,
    narrow: &mut Vec<i64>,
) -> Option<()> {
    let last = net.layers.len().checked_sub(1)?;
    for (l, layer) in net.layers.iter().enumerate() {
        let (w, bias) = layer.small.as_ref()?;
        // Inputs below 2^63 in magnitude: each product w·a of two such numbers fits in i128
        // (|w·a| < 2^126), so only the sums need checking.
        narrow.clear();
        for v in a.iter() {
            match i64::try_from(*v) {
                Ok(v) => narrow.push(v),
                Err(_) => break,
            }
        }
        let narrow_ok = narrow.len() == a.len();
        b.clear();
        // Every partial sum of c·dd + Σ w·a is at most (cols + 1)·max|w|·max(|a|, dd) < 2^63 in
        // magnitude: plain i64 arithmetic cannot overflow.
        let max_a = narrow.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0).max(u64::try_from(dd).ok()?);
        let bound = u128::from(layer.small_max)
            .checked_mul(u128::from(max_a))
            .and_then(|p| p.checked_mul(layer.cols as u128 + 1));
        if narrow_ok
            && layer.cols > 0
            && w.len() == bias.len() * layer.cols
            && bound.is_some_and(|p| p < 1 << 63)
        {
            let dd = i64::try_from(dd).ok()?;
            // Wrapping operations never wrap here (the bound above); they only drop the checks.
            for (wr, &c) in w.chunks_exact(layer.cols).zip(bias) {
                let mut acc = c.wrapping_mul(dd);
                for (&wv, &av) in wr.iter().zip(narrow.iter()) {
                    acc = acc.wrapping_add(wv.wrapping_mul(av));
                }
                if l != last && acc < 0 {
                    acc = 0;
                }
                b.push(i128::from(acc));
            }
            std::mem::swap(a, b);
            continue;
        }
        for (r, &c) in bias.iter().enumerate() {
            let mut acc = i128::from(c).checked_mul(dd)?;
            if narrow_ok {
                for (&wv, &av) in row(w, r, layer.cols).iter().zip(narrow.iter()) {
                    acc = acc.checked_add(i128::from(wv) * i128::from(av))?;
                }
            } else {
                for (&wv, &av) in row(w, r, layer.cols).iter().zip(a.iter()) {
                    acc = acc.checked_add(i128::from(wv).checked_mul(av)?)?;
                }
            }
            if l != last && acc < 0 {
                acc = 0;
            }
            b.push(acc);
        }
        std::mem::swap(a, b);
    }
    Some(())
}

/// Exact g(x) as an unreduced fraction (numerator, positive denominator); every big product is
/// charged to the digit-work meter (declined at `/network`).
pub(crate) fn eval_big(net: &IntNet, x: &[BigRational]) -> Result<(BigInt, BigInt), Fail> {
    const AT: &str = "/network";
    let mut dd = BigInt::one();
    for q in x {
        if !q.denom().is_one() {
            budget::spend(budget::gcd_cost(&dd, q.denom()) + budget::mul_cost(&dd, q.denom()), AT)?;
            dd = dd.lcm(q.denom());
        }
    }
    let mut a: Vec<BigInt> = x.iter().map(|q| q.numer() * (&dd / q.denom())).collect();
    let mut b: Vec<BigInt> = Vec::new();
    let last = net.layers.len().saturating_sub(1);
    for (l, layer) in net.layers.iter().enumerate() {
        b.clear();
        for (r, c) in layer.b().iter().enumerate() {
            let mut cost = budget::mul_cost(c, &dd);
            for (wv, av) in row(layer.w(), r, layer.cols).iter().zip(a.iter()) {
                cost = cost.saturating_add(budget::mul_cost(wv, av));
            }
            budget::spend(cost, AT)?;
            let mut acc = c * &dd;
            for (wv, av) in row(layer.w(), r, layer.cols).iter().zip(a.iter()) {
                if !wv.is_zero() && !av.is_zero() {
                    acc += wv * av;
                }
            }
            if l != last && acc.is_negative() {
                acc = BigInt::zero();
            }
            b.push(acc);
        }
        std::mem::swap(&mut a, &mut b);
    }
    let out = a.into_iter().next().unwrap_or_default();
    Ok((out, dd * &net.out_scale))
}

/// Multiply-adds allowed for evaluating the network at all samples (K × number of parameters).
pub const EVAL_WORK_LIMIT: u64 = 1 << 36;

/// K × the number of parameters within [`EVAL_WORK_LIMIT`], else the decline at `path`.
fn eval_work(shapes: impl Iterator<Item = (usize, usize)>, k: usize, path: &str) -> Result<(), Fail> {
    let params = shapes.fold(0u64, |s, (rows, cols)| {
        s.saturating_add(rows.saturating_mul(cols) as u64).saturating_add(rows as u64)
    });
    let work = params.saturating_mul(k as u64);
    if work > EVAL_WORK_LIMIT {
        return Err(Decline::TooMuchWork { path: path.to_string(), work, limit: EVAL_WORK_LIMIT }.into());
    }
    Ok(())
}

/// g(x_i) = z_i for every sample, in sample order (declined beyond [`EVAL_WORK_LIMIT`]).
pub(crate) fn check_outputs(net: &IntNet, inst: &Instance, path: &str) -> Result<(), Fail> {
    eval_work(net.layers.iter().map(|l| (l.rows, l.cols)), inst.k, path)?;
    let scaled = scaled_of(inst);
    // All samples at once when every number fits (the same exact outputs, fewer checks).
    BATCH.with_borrow_mut(|scratch| {
        let batch = scaled.batch.as_ref().and_then(|input| eval_batch(net, input, scratch));
        compare_outputs(net, inst, &scaled.points, batch)
    })
}

/// [`check_outputs`] after the batch evaluation: each sample's output (from `batch`, else sample
/// by sample in i128, else in big integers) against its target; the first mismatch is rejected
/// with the exact output.
fn compare_outputs(
    net: &IntNet,
    inst: &Instance,
    scaled: &[ScaledPoint],
    batch: Option<&[i64]>,
) -> Result<(), Fail> {
    let mut a = Vec::new();
    let mut b = Vec::new();
    for (i, z) in inst.targets.iter().enumerate() {
        let x = inst.point(i);
        let small = match (batch, scaled.get(i)) {
            (Some(outs), Some(Some((dd, _)))) => {
                outs.get(i).and_then(|&out| small_equals(net, i128::from(out), *dd, z))
            }
            (None, Some(Some((dd, xs)))) => eval_small_scaled(net, *dd, xs, z, &mut a, &mut b),
            _ => None,
        };
        let ok = match small {
            Some(ok) => ok,
            None => {
                let (num, den) = eval_big(net, x)?;
                let z = z.to_big();
                num * z.denom() == z.numer() * &den
            }
        };
        if !ok {
            let (num, den) = eval_big(net, x)?;
            // den = lcm(point denominators) · out_scale ≥ 1.
            let output = if den.is_zero() { BigRational::zero() } else { BigRational::new(num, den) };
            return Err(Rejection::WrongOutput {
                sample: i + 1,
                output: output.to_string(),
                target: z.to_big().to_string(),
            }
            .into());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Piece counting along a line.

/// An affine function s ↦ a·s + b.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Aff {
    a: BigRational,
    b: BigRational,
}

impl Aff {
    fn is_zero(&self) -> bool {
        self.a.is_zero() && self.b.is_zero()
    }

    fn at(&self, s: &BigRational) -> BigRational {
        ops::add(&ops::mul(&self.a, s), &self.b)
    }

    fn add_assign(&mut self, o: &Aff) {
        self.a = ops::add(&self.a, &o.a);
        self.b = ops::add(&self.b, &o.b);
    }

    fn sub(&self, o: &Aff) -> Aff {
        Aff { a: ops::sub(&self.a, &o.a), b: ops::sub(&self.b, &o.b) }
    }

    /// self += c · o
    fn add_scaled(&mut self, c: &BigInt, o: &Aff) {
        if !o.a.is_zero() {
            self.a = ops::add(&self.a, &ops::mul_int(&o.a, c));
        }
        if !o.b.is_zero() {
            self.b = ops::add(&self.b, &ops::mul_int(&o.b, c));
        }
    }

    /// Active (positive) on the whole far left of the line.
    fn active_at_minus_infinity(&self) -> bool {
        self.a.is_negative() || (self.a.is_zero() && self.b.is_positive())
    }

    /// Active immediately left of `p`.
    fn active_left_of(&self, p: &BigRational) -> bool {
        let v = self.at(p);
        v.is_positive() || (v.is_zero() && self.a.is_negative())
    }

    /// Active immediately right of `p`.
    fn active_right_of(&self, p: &BigRational) -> bool {
        let v = self.at(p);
        v.is_positive() || (v.is_zero() && self.a.is_positive())
    }

    /// The zero crossing strictly inside (lo, hi) (None = unbounded), with the change of
    /// relu(self) there.
    fn crossing(&self, lo: Option<&BigRational>, hi: Option<&BigRational>) -> Option<(BigRational, Aff)> {
        let r = ops::div(&-&self.b, &self.a)?;
        let inside = lo.is_none_or(|lo| r > *lo) && hi.is_none_or(|hi| r < *hi);
        if !inside {
            return None;
        }
        // Slope > 0: off → on (relu gains self); slope < 0: on → off.
        let delta = if self.a.is_positive() { self.clone() } else { Aff::default().sub(self) };
        Some((r, delta))
    }
}

/// A vector of continuous piecewise-affine functions of s: their maps on the leftmost interval
/// and, at strictly increasing points, the nonzero changes of some of them.
#[derive(Debug, Clone)]
struct LineFn {
    init: Vec<Aff>,
    events: Vec<(BigRational, Vec<(usize, Aff)>)>,
}

/// The default of `Limits::max_piece_work`: steps allowed for one layer of the piece count
/// (per-neuron changes, and their products with the next layer's width).
pub const PIECE_WORK_LIMIT: usize = 1 << 26;

fn spend(work: &mut usize, amount: usize, path: &str) -> Result<(), Fail> {
    *work = work.saturating_add(amount);
    let limit = budget::piece_limit();
    if *work > limit {
        return Err(Decline::TooManyPieces { path: path.to_string(), limit }.into());
    }
    Ok(())
}

/// The pre-activations of the first layer along the line: affine, no events.
fn first_layer(layer: &IntLayer, line: &Line) -> LineFn {
    let mut init = Vec::with_capacity(layer.rows);
    for (r, c) in layer.b().iter().enumerate() {
        let mut f = Aff { a: BigRational::zero(), b: BigRational::from_integer(c.clone()) };
        for ((w, o), u) in row(layer.w(), r, layer.cols).iter().zip(&line.origin).zip(&line.direction) {
            if !w.is_zero() {
                f.add_scaled(w, &Aff { a: u.clone(), b: o.clone() });
            }
        }
        init.push(f);
    }
    LineFn { init, events: Vec::new() }
}

/// Apply ReLU to `pre` (the pre-activations of a hidden layer) and then the affine `next` layer.
fn relu_then_affine(pre: LineFn, next: &IntLayer, path: &str) -> Result<LineFn, Fail> {
    let mut work = 0usize;
    let width = pre.init.len();
    let post_init: Vec<Aff> = pre
        .init
        .iter()
        .map(|m| if m.active_at_minus_infinity() { m.clone() } else { Aff::default() })
        .collect();
    let mut cur = pre.init;
    // Start of each neuron's current constant segment: index into pre.events (None = −∞).
    let mut start: Vec<Option<usize>> = vec![None; width];
    let mut post: Vec<(BigRational, usize, Aff)> = Vec::new();
    for (pi, (p, deltas)) in pre.events.iter().enumerate() {
        spend(&mut work, deltas.len(), path)?;
        for (j, delta) in deltas {
            let (Some(m), Some(st)) = (cur.get_mut(*j), start.get_mut(*j)) else {
                continue;
            };
            let lo = st.and_then(|i| pre.events.get(i)).map(|e| &e.0);
            if let Some((r, d)) = m.crossing(lo, Some(p)) {
                post.push((r, *j, d));
            }
            let old = m.active_left_of(p).then(|| m.clone());
            m.add_assign(delta);
            let new = m.active_right_of(p).then(|| m.clone());
            let change = match (old, new) {
                (None, None) => None,
                (Some(o), None) => Some(Aff::default().sub(&o)),
                (None, Some(n)) => Some(n),
                (Some(o), Some(n)) => Some(n.sub(&o)),
            };
            if let Some(change) = change.filter(|c| !c.is_zero()) {
                post.push((p.clone(), *j, change));
            }
            *st = Some(pi);
        }
    }
    for (j, (m, st)) in cur.iter().zip(&start).enumerate() {
        let lo = st.and_then(|i| pre.events.get(i)).map(|e| &e.0);
        if let Some((r, d)) = m.crossing(lo, None) {
            post.push((r, j, d));
        }
    }
    spend(&mut work, post.len().saturating_mul(next.rows.max(1)), path)?;
    post.sort_by(|x, y| x.0.cmp(&y.0));

    // The next layer: init = A·post_init + c, and A·(grouped changes) at each point.
    let mut init = Vec::with_capacity(next.rows);
    for (r, c) in next.b().iter().enumerate() {
        let mut f = Aff { a: BigRational::zero(), b: BigRational::from_integer(c.clone()) };
        for (w, h) in row(next.w(), r, next.cols).iter().zip(&post_init) {
            if !w.is_zero() && !h.is_zero() {
                f.add_scaled(w, h);
            }
        }
        init.push(f);
    }
    let mut events = Vec::new();
    let mut acc: Vec<Aff> = vec![Aff::default(); next.rows];
    for group in post.chunk_by(|x, y| x.0 == y.0) {
        let Some((point, _, _)) = group.first() else {
            continue;
        };
        for (_, j, d) in group {
            for (r, slot) in acc.iter_mut().enumerate() {
                if let Some(w) = row(next.w(), r, next.cols).get(*j) {
                    if !w.is_zero() {
                        slot.add_scaled(w, d);
                    }
                }
            }
        }
        let mut changes = Vec::new();
        for (r, slot) in acc.iter_mut().enumerate() {
            if !slot.is_zero() {
                changes.push((r, std::mem::take(slot)));
            }
        }
        if !changes.is_empty() {
            events.push((point.clone(), changes));
        }
    }
    Ok(LineFn { init, events })
}

/// The number of maximal affine pieces of s ↦ g(origin + s·direction) over all of R.
///
/// Two layers with small integers take [`two_layer_pieces_small`], three take the cut-by-cut walk
/// [`two_hidden::pieces`]; everything else (and any overflow there) takes the general propagation
/// [`count_pieces_general`]. Randomized tests compare each fast path with the general one.
pub(crate) fn count_pieces(net: &IntNet, line: &Line, path: &str) -> Result<usize, Fail> {
    if let Some(pieces) = two_layer_pieces_small(net, line) {
        return Ok(pieces);
    }
    if let Some(pieces) = two_hidden::pieces(net, line) {
        return Ok(pieces);
    }
    if net.layers.len() == 3 {
        if let Some(w) = walk::Walk::new(net, None)? {
            if let Some(pieces) = w.pieces(line)? {
                return Ok(pieces);
            }
        }
    }
    count_pieces_general(net, line, path)
}

/// The network of an upper certificate, prepared for [`Network::check_outputs`] and
/// [`Network::count_pieces`]. When every integer of the integer network fits in i64 it is built
/// at once (the i128 paths); otherwise, for two hidden layers, only its first two layers are, and
/// the output row stays rational over the layer-2 row scales (the big walk, `network/walk.rs`,
/// never forms the output row's lcm); the whole integer network is built only for a fallback.
pub(crate) struct Network {
    /// The rational layers; empty when the integer network came straight from the JSON values
    /// ([`parse_small`]), and dropped once `full` is built (only the fallback reads them).
    layers: Vec<RatLayer>,
    full: Option<IntNet>,
    prefix: Option<IntNet>,
    /// The width of every layer (the output layer's is 1).
    widths: Vec<usize>,
}

impl Network {
    /// The network of [`parse_small`].
    pub(crate) fn from_int(full: IntNet) -> Network {
        let widths = full.layers.iter().map(|l| l.rows).collect();
        Network { layers: Vec::new(), full: Some(full), prefix: None, widths }
    }

    pub(crate) fn new(layers: Vec<RatLayer>) -> Result<Network, Fail> {
        let widths = layers.iter().map(|l| l.rows).collect();
        if let Some(full) = IntNet::from_layers_small(&layers) {
            // The rational layers are no longer needed: drop them (memory, docs/resources.md).
            return Ok(Network { layers: Vec::new(), full: Some(full), prefix: None, widths });
        }
        if layers.len() == 3 {
            let prefix = IntNet::from_layers(&layers[..2])?;
            return Ok(Network { layers, full: None, prefix: Some(prefix), widths });
        }
        let full = IntNet::from_layers_big(&layers)?;
        Ok(Network { layers: Vec::new(), full: Some(full), prefix: None, widths })
    }

    /// The number of layers, counting the output layer.
    pub(crate) fn depth(&self) -> usize {
        self.widths.len()
    }

    /// The hidden widths.
    pub(crate) fn hidden_widths(&self) -> Vec<usize> {
        self.widths.iter().take(self.widths.len().saturating_sub(1)).copied().collect()
    }

    fn full(&mut self) -> Result<&IntNet, Fail> {
        let full = match self.full.take() {
            Some(full) => full,
            None => IntNet::from_layers_big(&self.layers)?,
        };
        Ok(self.full.insert(full))
    }

    /// [`check_outputs`]; with big entries and a rank-1 first layer, through the walk.
    pub(crate) fn check_outputs(&mut self, inst: &Instance, path: &str) -> Result<(), Fail> {
        if let (Some(prefix), Some(out)) = (&self.prefix, self.layers.get(2)) {
            eval_work(self.layers.iter().map(|l| (l.rows, l.cols)), inst.k, path)?;
            if let Some(w) = walk::Walk::new(prefix, Some(out))? {
                if let Some(()) = w.check_outputs(inst)? {
                    return Ok(());
                }
            }
        }
        check_outputs(self.full()?, inst, path)
    }

    /// [`count_pieces`]; with big entries, first the walk.
    pub(crate) fn count_pieces(&mut self, line: &Line, path: &str) -> Result<usize, Fail> {
        if let (Some(prefix), Some(out)) = (&self.prefix, self.layers.get(2)) {
            if let Some(w) = walk::Walk::new(prefix, Some(out))? {
                if let Some(pieces) = w.pieces(line)? {
                    return Ok(pieces);
                }
            }
        }
        count_pieces(self.full()?, line, path)
    }
}

/// The 2-layer kink sum in i128 (`None` = not two layers, or a number does not fit): hidden
/// neuron j is relu(α_j s + β_j) along the line; if α_j ≠ 0 it changes the slope of g by
/// v_j·|α_j| at s = −β_j/α_j (v_j its output weight). g is continuous, so its breakpoints are
/// the locations where these changes sum to a nonzero value, and pieces = 1 + their number.
pub(crate) fn two_layer_pieces_small(net: &IntNet, line: &Line) -> Option<usize> {
    let [hidden, output] = net.layers.as_slice() else {
        return None;
    };
    let (w, b) = hidden.small.as_ref()?;
    let (v, _) = output.small.as_ref()?;
    let int = |q: &BigRational| -> Option<i64> { q.is_integer().then(|| q.numer().to_i64()).flatten() };
    let u: Vec<i64> = line.direction.iter().map(int).collect::<Option<_>>()?;
    let o: Vec<i64> = line.origin.iter().map(int).collect::<Option<_>>()?;
    // A product of two i64 values is below 2^126 in magnitude: it cannot overflow i128, so it is
    // taken without the check (which release builds would otherwise make); the sums are checked.
    let mul = |a: i64, b: i64| i128::from(a).wrapping_mul(i128::from(b));
    // Locations as (numerator, positive denominator), both below 2^62 in magnitude so that cross
    // products fit in i128; the slope change at each.
    const MAX: i128 = 1 << 62;
    let mut kinks: Vec<(i128, i128, i128)> = Vec::with_capacity(hidden.rows);
    for r in 0..hidden.rows {
        let row = row(w, r, hidden.cols);
        let mut alpha: i128 = 0;
        let mut beta = i128::from(*b.get(r)?);
        for ((&wc, &uc), &oc) in row.iter().zip(&u).zip(&o) {
            alpha = alpha.checked_add(mul(wc, uc))?;
            beta = beta.checked_add(mul(wc, oc))?;
        }
        if alpha == 0 {
            continue;
        }
        let (num, den) = if alpha > 0 { (beta.checked_neg()?, alpha) } else { (beta, alpha.checked_neg()?) };
        if num.checked_abs()? >= MAX || den >= MAX {
            return None;
        }
        // |v| < 2^63 and 0 < den < 2^62: the product fits (no check needed).
        let jump = i128::from(*v.get(r)?).wrapping_mul(den);
        kinks.push((num, den, jump));
    }
    // Numerators and denominators below 2^62 in magnitude: the cross products fit in i128.
    let cross =
        |x: &(i128, i128, i128), y: &(i128, i128, i128)| (x.0.wrapping_mul(y.1), y.0.wrapping_mul(x.1));
    kinks.sort_by(|x, y| {
        let (a, b) = cross(x, y);
        a.cmp(&b)
    });
    let mut breakpoints = 0usize;
    for group in kinks.chunk_by(|x, y| {
        let (a, b) = cross(x, y);
        a == b
    }) {
        let mut total: i128 = 0;
        for k in group {
            total = total.checked_add(k.2)?;
        }
        if total != 0 {
            breakpoints += 1;
        }
    }
    Some(breakpoints + 1)
}

/// The general piece count: propagate every layer's restriction to the line (any depth).
pub(crate) fn count_pieces_general(net: &IntNet, line: &Line, path: &str) -> Result<usize, Fail> {
    let mut layers = net.layers.iter();
    let Some(first) = layers.next() else {
        return Ok(1);
    };
    let mut f = first_layer(first, line);
    for layer in layers {
        f = relu_then_affine(f, layer, path)?;
    }
    // Changes are grouped by point and nonzero, so every event is a true breakpoint.
    Ok(f.events.len().saturating_add(1))
}

/// A test line in `d` dimensions: direction (1, s+1, (s+1)², …), origin 0 except the first
/// coordinate, `shift` (the randomized walk tests of `two_hidden` and `walk` use these lines).
#[cfg(test)]
fn moment_line(d: usize, s: i64, shift: i64) -> Line {
    let mut origin = vec![BigRational::zero(); d];
    origin[0] = BigRational::from_integer(BigInt::from(shift));
    let mut power = BigInt::one();
    let mut direction = Vec::new();
    for _ in 0..d {
        direction.push(BigRational::from_integer(power.clone()));
        power *= s + 1;
    }
    Line { origin, direction, pivot: 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> BigRational {
        crate::rational::parse(s, 100).unwrap()
    }

    /// Both forms of a parsed rational: small when it fits and `which` is even, else big.
    fn mixed(r: BigRational, which: u64) -> Rat {
        match (r.numer().to_i64(), r.denom().to_i64()) {
            (Some(p), Some(q)) if which.is_multiple_of(2) => Rat::Small(p, q),
            _ => Rat::Big(r),
        }
    }

    fn layer(rows: &[&[&str]], biases: &[&str]) -> RatLayer {
        let cols = rows.first().map_or(0, |r| r.len());
        RatLayer {
            rows: rows.len(),
            cols,
            w: rows.iter().flat_map(|r| r.iter().map(|s| q(s).into())).collect(),
            b: biases.iter().map(|s| q(s).into()).collect(),
        }
    }

    fn line(o: &str, u: &str) -> Line {
        let json = format!(r#"{{"origin": ["{o}"], "direction": ["{u}"]}}"#);
        let v = crate::json::parse(json.as_bytes(), 8).unwrap();
        Line::parse(&v, &Loc::Root, 1, 100).unwrap()
    }

    fn pieces(net: &[RatLayer]) -> usize {
        let int = IntNet::from_layers(net).expect("within budget");
        let general = count_pieces_general(&int, &line("0", "1"), "").unwrap();
        if let Some(fast) = two_layer_pieces_small(&int, &line("0", "1")) {
            assert_eq!(fast, general, "2-layer fast path disagrees");
        }
        if let Some(fast) = two_hidden::pieces(&int, &line("0", "1")) {
            assert_eq!(fast, general, "3-layer fast path disagrees");
        }
        count_pieces(&int, &line("0", "1"), "").unwrap()
    }

    /// The 2-layer fast path agrees with the general path on many small random networks,
    /// including coinciding kinks, cancelling jumps and zero slopes, along several lines.
    #[test]
    fn two_layer_fast_path_matches_general() {
        let mut draw = crate::test_rng(0x1234_5678);
        let mut next = |n: i64| -> i64 { draw(2 * n as u64 + 1) as i64 - n };
        let mut compared = 0;
        for _ in 0..3000 {
            let m = (next(3) + 3) as usize; // 0..=6 neurons
            let d = (next(1) + 2) as usize; // 1..=3
            let rat = |a: i64, b: i64| {
                format!("{}", BigRational::new(BigInt::from(a), BigInt::from(b.abs().max(1))))
            };
            let mut rows = Vec::new();
            let mut biases = Vec::new();
            for _ in 0..m {
                rows.push((0..d).map(|_| rat(next(2), next(2))).collect::<Vec<String>>());
                biases.push(rat(next(4), next(3)));
            }
            let out: Vec<String> = (0..m).map(|_| rat(next(2), next(2))).collect();
            let hidden = RatLayer {
                rows: m,
                cols: d,
                w: rows.iter().flatten().map(|s| q(s).into()).collect(),
                b: biases.iter().map(|s| q(s).into()).collect(),
            };
            let output = RatLayer {
                rows: 1,
                cols: m,
                w: out.iter().map(|s| q(s).into()).collect(),
                b: vec![q("1/3").into()],
            };
            let int = IntNet::from_layers(&[hidden, output]).expect("within budget");
            for s in 0..3i64 {
                let mut origin = vec![BigRational::zero(); d];
                if s == 2 {
                    origin[0] = BigRational::from_integer(BigInt::from(next(3)));
                }
                let mut power = BigInt::one();
                let mut direction = Vec::new();
                for _ in 0..d {
                    direction.push(BigRational::from_integer(power.clone()));
                    power *= s;
                }
                let Some(pivot) = direction.iter().position(|x| !x.is_zero()) else { continue };
                let l = Line { origin, direction, pivot };
                let general = count_pieces_general(&int, &l, "").unwrap();
                let fast = two_layer_pieces_small(&int, &l).expect("small numbers take the fast path");
                assert_eq!(fast, general, "m={m} d={d} s={s}");
                compared += 1;
            }
        }
        assert!(compared > 8000);
    }

    fn same_int_net(a: &IntNet, b: &IntNet) -> bool {
        a.out_scale == b.out_scale
            && a.scales == b.scales
            && a.small_scale == b.small_scale
            && a.layers.len() == b.layers.len()
            && a.layers.iter().zip(&b.layers).all(|(x, y)| {
                (x.rows, x.cols, x.small_max, &x.small) == (y.rows, y.cols, y.small_max, &y.small)
            })
    }

    /// `parse_small` answers only where `parse` then `from_layers_small` would, with the same
    /// integer network: random 1- to 3-layer networks (small, long and > 19-byte entries), their
    /// JSON bytes mutated (a byte replaced, deleted or doubled) or their shapes wrong (row and bias
    /// counts, input dimension, depth), under tight and default limits.
    #[test]
    fn parse_small_matches_plain() {
        let mut next = crate::test_rng(0x5eed_f457);
        let (mut fast_taken, mut mutated_taken, mut plain_only) = (0, 0, 0);
        for round in 0..10_000u64 {
            let (bytes, d, depth, mutated) = random_network_bytes(&mut next, round);
            let Ok(v) = crate::json::parse(&bytes, 16) else {
                continue;
            };
            let mut limits = Limits::default();
            match round % 4 {
                1 => limits.max_neurons = 3,
                2 => limits.max_rational_digits = 2,
                3 => limits.max_layers = 2,
                _ => {}
            }
            // Sometimes the caller expects another input dimension or depth.
            let (d, depth) = match next(20) {
                0 => (d + 1, depth),
                1 => (d, depth + 1),
                2 => (d, depth - 1),
                _ => (d, depth),
            };
            let fast = parse_small(&v, d, depth, &limits);
            let plain = parse(&v, &Loc::Root, d, depth, "c", &limits);
            match (&fast, &plain) {
                (Some(f), Ok(layers)) => {
                    let p = IntNet::from_layers_small(layers).expect("the plain small path answers too");
                    assert!(same_int_net(f, &p), "{}", String::from_utf8_lossy(&bytes));
                    fast_taken += 1;
                    mutated_taken += usize::from(mutated);
                }
                (Some(_), Err(e)) => {
                    panic!("fast accepted, plain: {e:?} on {}", String::from_utf8_lossy(&bytes))
                }
                (None, Ok(layers)) => plain_only += usize::from(IntNet::from_layers_small(layers).is_some()),
                (None, Err(_)) => {}
            }
        }
        assert!(
            fast_taken > 1500 && mutated_taken > 150 && plain_only > 50,
            "{fast_taken} {mutated_taken} {plain_only}"
        );
    }

    /// The i128 construction of the integer network gives exactly the integers of the BigInt one
    /// (random 1- to 3-layer networks with small and near-overflow entries).
    #[test]
    fn int_net_small_matches_big() {
        let mut next = crate::test_rng(0x9e37_79b9);
        let mut small_taken = 0;
        for round in 0..4000 {
            let depth = 1 + next(3) as usize;
            let mut cols = 1 + next(3) as usize;
            let mut net = Vec::new();
            for l in 0..depth {
                let rows = if l + 1 == depth { 1 } else { next(5) as usize };
                let mut rat = || {
                    let big = round % 7 == 0 && next(4) == 0;
                    let (pm, qm) = if big { (1u64 << 62, 1u64 << 40) } else { (9, 7) };
                    let p = next(2 * pm + 1) as i128 - pm as i128;
                    let q = 1 + next(qm) as i128;
                    BigRational::new(BigInt::from(p), BigInt::from(q))
                };
                let w = (0..rows * cols).map(|_| mixed(rat(), round)).collect();
                let b = (0..rows).map(|_| mixed(rat(), round + 1)).collect();
                net.push(RatLayer { rows, cols, w, b });
                cols = rows;
            }
            let big = IntNet::from_layers_big(&net).expect("within budget");
            let Some(small) = IntNet::from_layers_small(&net) else {
                continue;
            };
            small_taken += 1;
            assert_eq!(small.out_scale, big.out_scale);
            assert_eq!(small.scales, big.scales);
            assert_eq!(small.small_scale, big.small_scale);
            for (a, b) in small.layers.iter().zip(&big.layers) {
                assert_eq!(a.small, b.small);
                assert_eq!(a.w(), b.w());
                assert_eq!(a.b(), b.b());
                assert_eq!((a.rows, a.cols), (b.rows, b.cols));
            }
        }
        assert!(small_taken > 2000, "{small_taken}");
    }

    #[test]
    fn small_gcd_lcm_match_num() {
        let vals: [i128; 9] = [1, 2, 6, 35, 1 << 40, (1 << 62) + 1, i64::MAX as i128, 1 << 64, (1 << 70) + 3];
        for &a in &vals {
            for &b in &vals {
                assert_eq!(lcm_i128(a, b), (a / a.gcd(&b)).checked_mul(b), "{a} {b}");
                if let (Ok(x), Ok(y)) = (u64::try_from(a), u64::try_from(b)) {
                    assert_eq!(i128::from(gcd_u64(x, y)), a.gcd(&b));
                }
            }
            if let Ok(x) = u64::try_from(a) {
                assert_eq!(i128::from(gcd_u64(x, 0)), a);
                assert_eq!(i128::from(gcd_u64(0, x)), a);
            }
        }
    }

    /// A random 1- to 3-layer network for `round` (entries from tiny to `top` in magnitude, half
    /// of them `Rat::Small`), its input dimension, and the draw of one more rational of the
    /// round's size (for the points).
    fn random_net(
        next: &mut impl FnMut(u64) -> u64,
        round: u64,
        top: u64,
    ) -> (IntNet, usize, impl FnMut() -> BigRational + '_) {
        let (pm, qm): (u64, u64) = match round % 4 {
            0 => (9, 5),
            1 => (1 << 20, 1 << 10),
            2 => (1 << 31, 3),
            _ => (top, 1 << 12),
        };
        let mut rat = move || {
            let p = next(2 * pm + 1) as i128 - pm as i128;
            let q = 1 + next(qm) as i128;
            BigRational::new(BigInt::from(p), BigInt::from(q))
        };
        let depth = 1 + (round / 4 % 3) as usize;
        let d = 1 + (round / 12 % 3) as usize;
        let mut cols = d;
        let mut net = Vec::new();
        for l in 0..depth {
            let rows = if l + 1 == depth { 1 } else { 1 + (round / 36 % 6) as usize };
            let w = (0..rows * cols).map(|_| mixed(rat(), round)).collect();
            let b = (0..rows).map(|_| mixed(rat(), round + 1)).collect();
            net.push(RatLayer { rows, cols, w, b });
            cols = rows;
        }
        (IntNet::from_layers(&net).expect("within budget"), d, rat)
    }

    /// The i64 / i128 evaluation agrees with the BigInt evaluation on random 1- to 3-layer
    /// networks and points, from tiny entries to entries near the i64 limit.
    #[test]
    fn eval_small_matches_big() {
        let mut next = crate::test_rng(0x51ed_2701);
        let (mut fast, mut total) = (0, 0);
        for round in 0..3000u64 {
            let (int, d, mut rat) = random_net(&mut next, round, 1 << 50);
            for _ in 0..4 {
                let x: Vec<BigRational> = (0..d).map(|_| rat()).collect();
                let (num, den) = eval_big(&int, &x).expect("within budget");
                let g = BigRational::new(num, den);
                let (mut a, mut b) = (Vec::new(), Vec::new());
                for (z, want) in [(g.clone(), true), (&g + BigRational::new(1.into(), 3.into()), false)] {
                    total += 1;
                    if let Some(got) = eval_small(&int, &x, &z, &mut a, &mut b) {
                        assert_eq!(got, want, "round {round}");
                        fast += 1;
                    }
                }
            }
        }
        assert!(fast > total / 3, "{fast} of {total}");
    }

    /// `eval_batch` (all samples at once) gives exactly g(x) at every sample whenever it answers,
    /// and answers on small networks.
    #[test]
    fn eval_batch_matches_big() {
        let mut next = crate::test_rng(0xba7c_0001);
        let (mut answered, mut declined) = (0, 0);
        for round in 0..3000u64 {
            let (int, d, mut rat) = random_net(&mut next, round, 1 << 40);
            let k = 1 + (round % 7) as usize;
            let xs: Vec<Vec<BigRational>> = (0..k).map(|_| (0..d).map(|_| rat()).collect()).collect();
            let scaled = Scaled::new(xs.iter().map(|x| scale_point(x)).collect());
            let mut scratch = Batch::default();
            let Some(outs) = scaled.batch.as_ref().and_then(|input| eval_batch(&int, input, &mut scratch))
            else {
                declined += 1;
                continue;
            };
            answered += 1;
            assert_eq!(outs.len(), k);
            for ((x, out), sp) in xs.iter().zip(outs).zip(&scaled.points) {
                let (num, den) = eval_big(&int, x).expect("within budget");
                let dd = sp.as_ref().expect("batch needs every point scaled").0;
                let scale = BigInt::from(int.small_scale.expect("small network"));
                // out / (dd · scale) == num / den
                assert_eq!(BigInt::from(*out) * &den, num * BigInt::from(dd) * scale, "round {round}");
            }
        }
        assert!(answered > 500 && declined > 500, "{answered} answered, {declined} declined");
    }

    #[test]
    fn two_layer_pieces() {
        // relu(s) - relu(s): identically zero.
        let net = [layer(&[&["1"], &["1"]], &["0", "0"]), layer(&[&["1", "-1"]], &["0"])];
        assert_eq!(pieces(&net), 1);
        // |s| = relu(s) + relu(-s): 2 pieces; with relu(s - 1) added: 3.
        let net = [layer(&[&["1"], &["-1"], &["1"]], &["0", "0", "-1"]), layer(&[&["1", "1", "1"]], &["5"])];
        assert_eq!(pieces(&net), 3);
        // Coinciding kinks from scaled rows: relu(2s - 2) - 2 relu(s - 1) ≡ 0.
        let net = [layer(&[&["2"], &["1/3"]], &["-2", "-1/3"]), layer(&[&["1", "-6"]], &["0"])];
        assert_eq!(pieces(&net), 1);
    }

    #[test]
    fn three_layer_pieces_by_hand() {
        // h1 = relu(s), h2 = relu(-s); u1 = relu(h1 + h2 - 1) = relu(|s| - 1), u2 = relu(h1).
        // g = u1 - u2: s < -1: -s - 1; -1..0: 0; 0..1: -s; s > 1: -1. Kinks at -1, 0, 1.
        let l1 = layer(&[&["1"], &["-1"]], &["0", "0"]);
        let l2 = layer(&[&["1", "1"], &["1", "0"]], &["-1", "0"]);
        let net = [l1.clone(), l2.clone(), layer(&[&["1", "-1"]], &["0"])];
        assert_eq!(pieces(&net), 4);
        // g = u1 alone: the kink of |s| at 0 is killed by the ReLU: kinks at -1 and 1.
        let net = [l1.clone(), l2.clone(), layer(&[&["1", "0"]], &["0"])];
        assert_eq!(pieces(&net), 3);
        // g = u2 - h... : relu(relu(s)) = relu(s): 2 pieces.
        let net = [l1, l2, layer(&[&["0", "1/2"]], &["7"])];
        assert_eq!(pieces(&net), 2);
        // Empty hidden layer: g constant.
        let net = [
            layer(&[], &[]),
            RatLayer { rows: 1, cols: 0, w: vec![], b: vec![q("0").into()] },
            layer(&[&["1"]], &["0"]),
        ];
        assert_eq!(pieces(&net), 1);
    }

    #[test]
    fn three_layer_second_layer_crossings() {
        // h1 = relu(s), h2 = relu(s - 2). v = relu(h1 - 2 h2 - 1/2):
        // h1 - 2h2 - 1/2 = -1/2 (s<0), s - 1/2 (0..2), -s + 7/2 (s>2): positive on (1/2, 7/2).
        // g = v: kinks at 1/2, 2, 7/2 → 4 pieces.
        let net = [
            layer(&[&["1"], &["1"]], &["0", "-2"]),
            layer(&[&["1", "-2"]], &["-1/2"]),
            layer(&[&["3"]], &["1"]),
        ];
        assert_eq!(pieces(&net), 4);
        // A line through the origin with direction -2 gives the same count.
        let int = IntNet::from_layers(&net).expect("within budget");
        assert_eq!(count_pieces(&int, &line("5/7", "-2"), "").unwrap(), 4);
    }

    #[test]
    fn evaluation_fast_and_slow() {
        let net = [layer(&[&["1/2"], &["-3"]], &["1/3", "5"]), layer(&[&["2/5", "7"]], &["-1/7"])];
        let int = IntNet::from_layers(&net).expect("within budget");
        for x in ["0", "1", "-4/3", "100", "5/3"] {
            let xq = q(x);
            // Reference: plain rational evaluation.
            let h1 = (q("1/2") * &xq + q("1/3")).max(q("0"));
            let h2 = (q("-3") * &xq + q("5")).max(q("0"));
            let g = q("2/5") * h1 + q("7") * h2 - q("1/7");
            let (num, den) = eval_big(&int, std::slice::from_ref(&xq)).expect("within budget");
            assert_eq!(BigRational::new(num, den), g);
            let (mut a, mut b) = (Vec::new(), Vec::new());
            assert_eq!(eval_small(&int, std::slice::from_ref(&xq), &g, &mut a, &mut b), Some(true));
            assert_eq!(
                eval_small(&int, std::slice::from_ref(&xq), &(g + q("1")), &mut a, &mut b),
                Some(false)
            );
        }
    }
}
