//! Upper certificates (`"kind": "upper"`): a network from a registered construction that
//! fine-tunes the instance, with its neuron count, bound and piece count along a line.

use crate::error::{Fail, Rejection};
use crate::instance;
use crate::json::{Json, Loc};
use crate::line::Line;
use crate::network;
use crate::read;
use crate::registry;
use crate::{Kind, Limits, Summary};

const KEYS: [&str; 6] = ["format", "kind", "construction", "instance", "network", "claims"];

/// The network that [`check`] would read from the full tree, from the fast parser's `raw`
/// entries: `Some` only if `v` is an upper certificate of format `ftcert/1` whose construction
/// is registered and whose `/instance/d` is an integer, and `raw` passes `RawNet::build` for that
/// `d` and the construction's depth (the values `check` reads from these same nodes, with
/// `instance::parse` and `registry::lookup`, before it reads the network).
pub(crate) fn prebuild(v: &Json<'_>, raw: &network::RawNet, limits: &Limits) -> Option<network::IntNet> {
    let text = |key| match v.get(key) {
        Some(Json::Str(s)) => Some(s.as_ref()),
        _ => None,
    };
    if text("format")? != "ftcert/1" || text("kind")? != "upper" {
        return None;
    }
    let construction = registry::lookup(text("construction")?)?;
    let Json::UInt(d) = v.get("instance")?.get("d")? else {
        return None;
    };
    raw.build(usize::try_from(*d).ok()?, construction.depth.layers(), limits)
}

/// What an upper certificate says, read and checked for types, canonical form and shapes: the
/// first half of [`check`] ([`read`] from the tree, or `read_fast` straight from the bytes);
/// [`judge`] is the second half.
#[derive(Debug)]
pub(crate) struct Parts<'a> {
    pub id: &'a str,
    pub construction: &'static registry::Construction,
    pub inst: instance::Instance,
    pub net: network::Parsed,
    pub neurons: u64,
    pub bound: u64,
    pub line: Line,
    pub pieces: u64,
    /// The paper bound and the claimed `meets_paper_bound`, for constructions that have one.
    pub meets: Option<(registry::PaperBound, bool)>,
}

/// The [`Parts`] of an upper certificate read straight from its bytes (`json::parse_upper`),
/// with the checks [`read`] makes: `Some` only where [`read`] of the document's tree would
/// accept it, and then the same parts (the same construction, instance, integer network as
/// `network::Parsed::read` builds, claims and line). `None` leaves the document to the tree path,
/// which gives every error. Tests: `tests/fast_upper.rs`.
pub(crate) fn read_fast<'a>(bytes: &'a [u8], limits: &Limits) -> Option<Parts<'a>> {
    let digits = limits.max_rational_digits;
    let raw = crate::json::parse_upper(bytes, limits.max_depth, limits.max_values, digits)?;
    let (ri, claims) = (&raw.instance, &raw.claims);
    let construction = registry::lookup(raw.construction)?;
    let meets = match (registry::paper_bound(raw.construction), claims.paper) {
        (None, None) => None,
        (Some(pb), Some((found, meets))) if found == pb.id() => Some((pb, meets)),
        _ => return None,
    };
    // `instance::parse`: K and d within the limits, K targets, T in 1..=K strictly increasing.
    let within =
        |v: u64, min: u64, max: usize| usize::try_from(v).ok().filter(|&v| v >= min as usize && v <= max);
    let k = within(ri.k, instance::MIN_K, limits.max_k)?;
    let d = within(ri.d, instance::MIN_D, limits.max_d)?;
    if ri.targets.len() != k || claims.origin.len() != d || claims.direction.len() != d {
        return None;
    }
    let mut t = Vec::with_capacity(ri.t.len());
    let mut previous = 0;
    for &v in &ri.t {
        if v <= previous || v > ri.k {
            return None;
        }
        t.push(usize::try_from(v).ok()?);
        previous = v;
    }
    // `Parsed::read` takes `parse_small` first, which is `RawNet::build` of these entries.
    let net = network::Parsed::Small(raw.net.build(d, construction.depth.layers(), limits)?);
    // `Line::parse`: a nonzero direction.
    let big = |v: &[(i64, i64)]| v.iter().map(|&(p, q)| crate::rational::Rat::Small(p, q).to_big()).collect();
    let direction: Vec<num_rational::BigRational> = big(&claims.direction);
    let pivot = direction.iter().position(|u| !num_traits::Zero::is_zero(u))?;
    let line = Line { origin: big(&claims.origin), direction, pivot };
    let targets = ri.targets.iter().map(|&(p, q)| crate::rational::Rat::Small(p, q)).collect();
    let points = crate::memo::prefix_points(k, d, digits)?;
    Some(Parts {
        id: raw.construction,
        construction,
        inst: instance::Instance { k, d, points, targets, t },
        net,
        neurons: claims.neurons,
        bound: claims.bound,
        line,
        pieces: claims.pieces,
        meets,
    })
}

/// Check an upper certificate whose `format` and `kind` were already read; `net` is its network
/// from [`prebuild`] (the tree then holds `null` at `/network`), else it is read from the tree.
pub(crate) fn check(v: &Json<'_>, limits: &Limits, net: Option<network::IntNet>) -> Result<Summary, Fail> {
    judge(read(v, limits, net)?, limits)
}

/// The [`Parts`] of the upper certificate `v` (every type, canonical-form and shape error, in
/// document order); `net` as in [`check`].
pub(crate) fn read<'a>(
    v: &'a Json<'_>,
    limits: &Limits,
    net: Option<network::IntNet>,
) -> Result<Parts<'a>, Fail> {
    let root = Loc::Root;
    let [_, _, cv, iv, nv, clv] = read::object(v, &root, &KEYS)?;

    // Canonical form and shapes.
    let lc = root.key("construction");
    let id = read::string(cv, &lc)?;
    let Some(construction) = registry::lookup(id) else {
        return Err(Rejection::UnknownConstruction { path: lc.render(), found: id.to_string() }.into());
    };
    let li = root.key("instance");
    let inst = instance::parse(iv, &li, limits)?;
    let parsed = match net {
        Some(int) => network::Parsed::Small(int),
        None => {
            network::Parsed::read(nv, &root.key("network"), inst.d, construction.depth.layers(), id, limits)?
        }
    };
    let lcl = root.key("claims");
    // Constructions with a paper bound carry two more claims; the others must not.
    let paper = registry::paper_bound(id);
    let (neurons_v, bound_v, line_v, pieces_v, paper_vs) = if paper.is_some() {
        let [a, b, c, d, e, f] = read::object(
            clv,
            &lcl,
            &["neurons", "bound", "line", "pieces", "paper_bound", "meets_paper_bound"],
        )?;
        (a, b, c, d, Some((e, f)))
    } else {
        let [a, b, c, d] = read::object(clv, &lcl, &["neurons", "bound", "line", "pieces"])?;
        (a, b, c, d, None)
    };
    let ln = lcl.key("neurons");
    let claimed_neurons = read::uint(neurons_v, &ln)?;
    let lb = lcl.key("bound");
    let claimed_bound = read::uint(bound_v, &lb)?;
    let ll = lcl.key("line");
    let line = Line::parse(line_v, &ll, inst.d, limits.max_rational_digits)?;
    let lp = lcl.key("pieces");
    let claimed_pieces = read::uint(pieces_v, &lp)?;
    let lpb = lcl.key("paper_bound");
    let lmp = lcl.key("meets_paper_bound");
    let claimed_meets = match (paper, paper_vs) {
        (Some(pb), Some((pbv, mpv))) => {
            let found = read::string(pbv, &lpb)?;
            if found != pb.id() {
                return Err(Rejection::WrongPaperBound {
                    path: lpb.render(),
                    found: found.to_string(),
                    expected: pb.id(),
                }
                .into());
            }
            let Json::Bool(meets) = mpv else {
                return Err(Rejection::WrongType {
                    path: lmp.render(),
                    expected: "a boolean",
                    found: mpv.type_name(),
                }
                .into());
            };
            Some((pb, *meets))
        }
        _ => None,
    };
    let (neurons, bound, pieces, meets) = (claimed_neurons, claimed_bound, claimed_pieces, claimed_meets);
    Ok(Parts { id, construction, inst, net: parsed, neurons, bound, line, pieces, meets })
}

/// The second half of [`check`]: the semantic checks of the instance, the outputs at the
/// samples, the claimed neurons, bound, paper bound, line and pieces (in that order).
pub(crate) fn judge(parts: Parts<'_>, limits: &Limits) -> Result<Summary, Fail> {
    let Parts {
        id,
        construction,
        inst,
        net: parsed,
        neurons: claimed_neurons,
        bound: claimed_bound,
        line,
        pieces: claimed_pieces,
        meets: claimed_meets,
    } = parts;
    let root = Loc::Root;
    let li = root.key("instance");
    let lcl = root.key("claims");
    let (ln, lb, lp, lmp) =
        (lcl.key("neurons"), lcl.key("bound"), lcl.key("pieces"), lcl.key("meets_paper_bound"));

    // The instance.
    instance::validate(&inst, &li)?;

    // g(x_i) = z_i for all samples.
    let mut net = parsed.into_network()?;
    net.check_outputs(&inst, "/network")?;

    // Neuron count, bound.
    let widths = net.hidden_widths();
    let neurons = widths.iter().fold(0usize, |s, w| s.saturating_add(*w));
    if claimed_neurons != neurons as u64 {
        return Err(
            Rejection::WrongNeurons { path: ln.render(), claimed: claimed_neurons, actual: neurons }.into()
        );
    }
    let n = inst.t.len();
    let bound = if registry::bound_is_neurons(id) { neurons } else { (construction.bound)(inst.k, n) };
    if claimed_bound != bound as u64 {
        return Err(Rejection::WrongBound {
            path: lb.render(),
            claimed: claimed_bound,
            expected: bound,
            construction: id.to_string(),
        }
        .into());
    }
    if construction.depth.bounds_max_width() {
        // Deep constructions: the bound is on every hidden layer's width.
        if let Some((l, &width)) = widths.iter().enumerate().find(|(_, &w)| w > bound) {
            return Err(Rejection::WidthBoundExceeded {
                path: format!("/network/layers/{l}/weights"),
                layer: l,
                width,
                bound,
            }
            .into());
        }
    } else if neurons > bound {
        return Err(Rejection::BoundExceeded { path: ln.render(), neurons, bound }.into());
    }
    if let Some((pb, claimed)) = claimed_meets {
        let actual = pb.meets(neurons, inst.k, n);
        if claimed != actual {
            return Err(Rejection::WrongMeetsPaperBound {
                path: lmp.render(),
                claimed,
                actual,
                paper_bound: pb.id(),
            }
            .into());
        }
    }

    // The line must be the projection line (checked once the points are known distinct).
    // `ll` rendered (a constant: no formatting per certificate).
    const LINE_PATH: &str = "/claims/line";
    line.require_projection_of(&inst, LINE_PATH, limits.max_line_work)?;
    // Pieces along the line, and the depth's piece bound.
    let pieces = net.count_pieces(&line, LINE_PATH)?;
    if claimed_pieces != pieces as u64 {
        return Err(
            Rejection::WrongPieces { path: lp.render(), claimed: claimed_pieces, actual: pieces }.into()
        );
    }
    if let Some(piece_bound) = registry::DepthRule::for_layers(net.depth()).piece_bound(&widths) {
        if pieces > piece_bound {
            return Err(Rejection::PieceBoundExceeded { pieces, bound: piece_bound, widths }.into());
        }
    }

    Ok(Summary {
        kind: Kind::Upper,
        construction: Some(id.to_string()),
        rule: None,
        k: inst.k,
        d: inst.d,
        n,
        layers: net.depth(),
        neurons,
        bound: Some(bound),
        pieces: Some(pieces),
        breakpoints: None,
        widths,
    })
}
