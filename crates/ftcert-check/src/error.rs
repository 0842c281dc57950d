//! Typed reasons for refusing (`Rejection`) or declining (`Decline`) a certificate, each with its
//! location, a stable short `kind()` string and a precise one-line `Display` message.

use std::fmt;

/// The sign of a window (lower certificates, rule `windows`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Sign {
    /// `"concave"`: the slope drops, S_ij > S_jk.
    Concave,
    /// `"convex"`: the slope rises, S_ij < S_jk.
    Convex,
}

impl Sign {
    /// The JSON spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Sign::Concave => "concave",
            Sign::Convex => "convex",
        }
    }
}

impl fmt::Display for Sign {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a certificate is refused: it is malformed or one of its claims is false.
///
/// `path` fields are JSON pointers (RFC 6901, 0-based array indices) into the certificate;
/// `sample` fields are 1-based sample indices as in the format; `window` fields are 0-based
/// indices into `windows` (as in the path).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rejection {
    /// The input is empty or only whitespace.
    EmptyInput,
    /// Not JSON (syntax error, truncated input, invalid UTF-8, …).
    JsonSyntax { line: usize, column: usize, message: String },
    /// Non-whitespace data after the certificate (e.g. two concatenated certificates).
    TrailingData { line: usize, column: usize },
    /// An object repeats a key.
    DuplicateField { path: String, key: String },
    /// A documented key is missing (`path` is the object).
    MissingField { path: String, key: &'static str },
    /// An undocumented key (`path` is the key's own location).
    UnknownField { path: String, key: String },
    /// The keys are the documented ones but `key` stands where `expected` should.
    FieldOrder { path: String, key: String, expected: &'static str },
    /// A value has the wrong JSON type (e.g. a float or negative number for an integer).
    WrongType { path: String, expected: &'static str, found: &'static str },
    /// A rational is not in canonical form (or is a JSON number instead of a string).
    NonCanonicalRational { path: String, value: String, reason: &'static str },
    /// `format` is not `"ftcert/1"`.
    UnsupportedFormat { path: String, found: String },
    /// `kind` is neither `"upper"` nor `"lower"`.
    UnknownKind { path: String, found: String },
    /// `construction` is not in the registry.
    UnknownConstruction { path: String, found: String },
    /// `rule` is not a known lower-bound rule.
    UnknownRule { path: String, found: String },
    /// A window's `sign` is neither `"concave"` nor `"convex"`.
    UnknownSign { path: String, found: String },
    /// `k` < 2.
    InvalidK { path: String, k: u64 },
    /// `d` < 1.
    InvalidD { path: String, d: u64 },
    /// An array has the wrong length.
    WrongLength { path: String, what: &'static str, found: usize, expected: usize },
    /// Two samples have the same point (1-based, `first` < `second`).
    DuplicatePoint { path: String, first: usize, second: usize },
    /// An entry of `t` is outside 1..=K.
    TOutOfRange { path: String, value: u64, k: usize },
    /// `t` is not strictly increasing.
    TNotIncreasing { path: String, previous: u64, value: u64 },
    /// A sample outside T has a target other than `"0"`.
    NonzeroTargetOutsideT { path: String, sample: usize, value: String },
    /// The network's layer count differs from the construction's depth.
    WrongLayerCount { path: String, construction: String, found: usize, expected: usize },
    /// The last layer does not have exactly one row.
    WrongOutputWidth { path: String, found: usize },
    /// g(x_sample) differs from the target.
    WrongOutput { sample: usize, output: String, target: String },
    /// `claims.neurons` is wrong.
    WrongNeurons { path: String, claimed: u64, actual: usize },
    /// A depth ≥ 4 lower certificate's `claims.width` exceeds the width its breakpoints certify.
    WrongWidth { path: String, claimed: u64, actual: usize },
    /// `claims.bound` differs from the construction's formula.
    WrongBound { path: String, claimed: u64, expected: usize, construction: String },
    /// The network has more hidden neurons than the bound.
    BoundExceeded { path: String, neurons: usize, bound: usize },
    /// A hidden layer of a deep network is wider than `claims.bound` (layer is 0-based).
    WidthBoundExceeded { path: String, layer: usize, width: usize, bound: usize },
    /// `claims.paper_bound` is not the construction's paper-bound formula id.
    WrongPaperBound { path: String, found: String, expected: &'static str },
    /// `claims.meets_paper_bound` differs from the exact integer comparison.
    WrongMeetsPaperBound { path: String, claimed: bool, actual: bool, paper_bound: &'static str },
    /// A line's direction is the zero vector.
    ZeroDirection { path: String },
    /// The line is not the projection line (origin 0, direction a(s) for the least separating s).
    NotProjectionLine { path: String, reason: String },
    /// `claims.pieces` differs from the exact count along the line.
    WrongPieces { path: String, claimed: u64, actual: usize },
    /// The piece count exceeds the depth's piece bound (impossible for a correct checker).
    PieceBoundExceeded { pieces: usize, bound: usize, widths: Vec<usize> },
    /// Lower `claims.layers` is not 2 or 3.
    UnsupportedLayers { path: String, layers: u64 },
    /// A window names a sample outside 1..=K.
    SampleOutOfRange { path: String, window: usize, index: u64, k: usize },
    /// A window names a sample twice.
    RepeatedSample { path: String, window: usize, sample: usize },
    /// A window's sample does not lie on the line.
    NotOnLine { path: String, window: usize, sample: usize },
    /// A window's samples are not in strictly increasing position along the line.
    WindowOrder { path: String, window: usize, samples: [usize; 3], params: [String; 3] },
    /// A window's slope inequality does not hold strictly for its sign.
    WindowNotStrict { path: String, window: usize, sign: Sign, left_slope: String, right_slope: String },
    /// Two windows of the same sign have overlapping open intervals.
    WindowsOverlap { path: String, sign: Sign, first: usize, second: usize },
    /// `claims.breakpoints` differs from the number of windows.
    WrongBreakpoints { path: String, claimed: u64, actual: usize },
    /// Lower rule `case-split`: a case list, multiplier or claim is wrong. `kind` is one of
    /// `case-mismatch`, `case-missing`, `case-extra`, `bad-multipliers` (a wrong excluded count
    /// surfaces as one of these, or as a wrong neuron claim).
    CaseSplit { path: String, kind: &'static str, message: String },
}

/// Why a certificate was not checked: it exceeds a resource limit (exit code 3 in the CLI).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decline {
    /// The input is larger than `Limits::max_bytes`.
    TooManyBytes { size: usize, limit: usize },
    /// JSON nesting deeper than `Limits::max_depth` (or serde_json's own limit).
    TooDeep { path: String, limit: usize },
    /// A rational has more digits (numerator plus denominator) than `Limits::max_rational_digits`.
    TooManyDigits { path: String, digits: usize, limit: usize },
    /// K above `Limits::max_k`.
    TooManySamples { path: String, k: u64, limit: usize },
    /// d above `Limits::max_d`.
    TooManyDimensions { path: String, d: u64, limit: usize },
    /// More hidden neurons than `Limits::max_neurons`.
    TooManyNeurons { path: String, neurons: usize, limit: usize },
    /// More layers than `Limits::max_layers`.
    TooManyLayers { path: String, layers: usize, limit: usize },
    /// Counting the pieces along the line would exceed the checker's internal work budget.
    TooManyPieces { path: String, limit: usize },
    /// Lower rule `case-split`: enumerating the cases would exceed the checker's case budget.
    TooManyCases { path: String, limit: usize },
    /// Evaluating the network at all samples (K × parameters) exceeds the internal work budget.
    TooMuchWork { path: String, work: u64, limit: u64 },
    /// Checking that no smaller s separates the points (projection line) needs more coordinate
    /// products than `Limits::max_line_work`.
    TooMuchLineWork { path: String, work: u128, limit: usize },
    /// More JSON values than `Limits::max_values` (`path` is the first value over the limit).
    TooManyValues { path: String, limit: usize },
    /// Big-integer arithmetic (lowest-terms checks, the network's row lcms and evaluation) would
    /// exceed `Limits::max_digit_work` (digit-products, docs/resources.md).
    TooMuchDigitWork { path: String, work: u128, limit: usize },
}

fn at(path: &str) -> &str {
    if path.is_empty() {
        "(top level)"
    } else {
        path
    }
}

impl Rejection {
    /// A stable short identifier of the rule that failed.
    pub fn kind(&self) -> &'static str {
        use Rejection::*;
        match self {
            EmptyInput => "empty-input",
            JsonSyntax { .. } => "json-syntax",
            TrailingData { .. } => "trailing-data",
            DuplicateField { .. } => "duplicate-field",
            MissingField { .. } => "missing-field",
            UnknownField { .. } => "unknown-field",
            FieldOrder { .. } => "field-order",
            WrongType { .. } => "wrong-type",
            NonCanonicalRational { .. } => "non-canonical-rational",
            UnsupportedFormat { .. } => "unsupported-format",
            UnknownKind { .. } => "unknown-kind",
            UnknownConstruction { .. } => "unknown-construction",
            UnknownRule { .. } => "unknown-rule",
            UnknownSign { .. } => "unknown-sign",
            InvalidK { .. } => "invalid-k",
            InvalidD { .. } => "invalid-d",
            WrongLength { .. } => "wrong-length",
            DuplicatePoint { .. } => "duplicate-point",
            TOutOfRange { .. } => "t-out-of-range",
            TNotIncreasing { .. } => "t-not-increasing",
            NonzeroTargetOutsideT { .. } => "nonzero-target-outside-t",
            WrongLayerCount { .. } => "wrong-layer-count",
            WrongOutputWidth { .. } => "wrong-output-width",
            WrongOutput { .. } => "wrong-output",
            WrongNeurons { .. } => "wrong-neurons",
            WrongWidth { .. } => "wrong-width",
            WrongBound { .. } => "wrong-bound",
            BoundExceeded { .. } => "bound-exceeded",
            WidthBoundExceeded { .. } => "width-bound-exceeded",
            WrongPaperBound { .. } => "wrong-paper-bound",
            WrongMeetsPaperBound { .. } => "wrong-meets-paper-bound",
            ZeroDirection { .. } => "zero-direction",
            NotProjectionLine { .. } => "not-projection-line",
            WrongPieces { .. } => "wrong-pieces",
            PieceBoundExceeded { .. } => "piece-bound-exceeded",
            UnsupportedLayers { .. } => "unsupported-layers",
            SampleOutOfRange { .. } => "sample-out-of-range",
            RepeatedSample { .. } => "repeated-sample",
            NotOnLine { .. } => "not-on-line",
            WindowOrder { .. } => "window-order",
            WindowNotStrict { .. } => "window-not-strict",
            WindowsOverlap { .. } => "windows-overlap",
            WrongBreakpoints { .. } => "wrong-breakpoints",
            CaseSplit { kind, .. } => kind,
        }
    }

    /// The JSON pointer of the offending value, when there is one.
    pub fn path(&self) -> Option<&str> {
        use Rejection::*;
        match self {
            EmptyInput
            | JsonSyntax { .. }
            | TrailingData { .. }
            | WrongOutput { .. }
            | PieceBoundExceeded { .. } => None,
            DuplicateField { path, .. }
            | MissingField { path, .. }
            | UnknownField { path, .. }
            | FieldOrder { path, .. }
            | WrongType { path, .. }
            | NonCanonicalRational { path, .. }
            | UnsupportedFormat { path, .. }
            | UnknownKind { path, .. }
            | UnknownConstruction { path, .. }
            | UnknownRule { path, .. }
            | UnknownSign { path, .. }
            | InvalidK { path, .. }
            | InvalidD { path, .. }
            | WrongLength { path, .. }
            | DuplicatePoint { path, .. }
            | TOutOfRange { path, .. }
            | TNotIncreasing { path, .. }
            | NonzeroTargetOutsideT { path, .. }
            | WrongLayerCount { path, .. }
            | WrongOutputWidth { path, .. }
            | WrongNeurons { path, .. }
            | WrongWidth { path, .. }
            | WrongBound { path, .. }
            | BoundExceeded { path, .. }
            | WidthBoundExceeded { path, .. }
            | WrongPaperBound { path, .. }
            | WrongMeetsPaperBound { path, .. }
            | ZeroDirection { path }
            | NotProjectionLine { path, .. }
            | WrongPieces { path, .. }
            | UnsupportedLayers { path, .. }
            | SampleOutOfRange { path, .. }
            | RepeatedSample { path, .. }
            | NotOnLine { path, .. }
            | WindowOrder { path, .. }
            | WindowNotStrict { path, .. }
            | WindowsOverlap { path, .. }
            | WrongBreakpoints { path, .. }
            | CaseSplit { path, .. } => Some(path),
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Rejection::*;
        match self {
            EmptyInput => write!(f, "empty input: expected one JSON object"),
            JsonSyntax { message, .. } => write!(f, "invalid JSON: {message}"),
            TrailingData { line, column } => write!(
                f,
                "trailing data after the certificate at line {line} column {column} (one certificate per input)"
            ),
            DuplicateField { path, key } => write!(f, "{}: duplicate key \"{key}\"", at(path)),
            MissingField { path, key } => write!(f, "{}: missing key \"{key}\"", at(path)),
            UnknownField { path, key } => write!(f, "{}: unknown key \"{key}\"", at(path)),
            FieldOrder { path, key, expected } => write!(
                f,
                "{}: key \"{key}\" out of order, expected \"{expected}\" here",
                at(path)
            ),
            WrongType { path, expected, found } => {
                write!(f, "{}: expected {expected}, found {found}", at(path))
            }
            NonCanonicalRational { path, value, reason } => write!(
                f,
                "{}: {value} is not a canonical rational ({reason})",
                at(path)
            ),
            UnsupportedFormat { path, found } => write!(
                f,
                "{}: unsupported format \"{found}\" (expected \"ftcert/1\")",
                at(path)
            ),
            UnknownKind { path, found } => write!(
                f,
                "{}: unknown kind \"{found}\" (expected \"upper\" or \"lower\")",
                at(path)
            ),
            UnknownConstruction { path, found } => {
                write!(f, "{}: unknown construction \"{found}\"", at(path))
            }
            UnknownRule { path, found } => write!(f, "{}: unknown rule \"{found}\"", at(path)),
            UnknownSign { path, found } => write!(
                f,
                "{}: unknown sign \"{found}\" (expected \"concave\" or \"convex\")",
                at(path)
            ),
            InvalidK { path, k } => write!(f, "{}: k is {k}, must be at least 2", at(path)),
            InvalidD { path, d } => write!(f, "{}: d is {d}, must be at least 1", at(path)),
            WrongLength {
                path,
                what,
                found,
                expected,
            } => write!(
                f,
                "{}: {what} has {found} entries, expected {expected}",
                at(path)
            ),
            DuplicatePoint {
                path,
                first,
                second,
            } => write!(
                f,
                "{}: sample {second} has the same point as sample {first}",
                at(path)
            ),
            TOutOfRange { path, value, k } => write!(
                f,
                "{}: T contains {value}, outside 1..={k}",
                at(path)
            ),
            TNotIncreasing {
                path,
                previous,
                value,
            } => write!(
                f,
                "{}: T is not strictly increasing ({value} follows {previous})",
                at(path)
            ),
            NonzeroTargetOutsideT {
                path,
                sample,
                value,
            } => write!(
                f,
                "{}: target of sample {sample} is {value} but sample {sample} is not in T (must be \"0\")",
                at(path)
            ),
            WrongLayerCount {
                path,
                construction,
                found,
                expected,
            } => write!(
                f,
                "{}: the network has {found} layers, construction {construction} has {expected}",
                at(path)
            ),
            WrongOutputWidth { path, found } => write!(
                f,
                "{}: the last layer has {found} rows, expected exactly 1 (the output)",
                at(path)
            ),
            WrongOutput {
                sample,
                output,
                target,
            } => write!(
                f,
                "sample {sample}: network output is {output}, target is {target}"
            ),
            WrongNeurons {
                path,
                claimed,
                actual,
            } => write!(
                f,
                "{}: claimed {claimed} neurons, the certificate gives {actual}",
                at(path)
            ),
            WrongWidth { path, claimed, actual } => write!(
                f,
                "{}: claimed max hidden width {claimed}, the breakpoints certify at most {actual}",
                at(path)
            ),
            WrongBound {
                path,
                claimed,
                expected,
                construction,
            } => write!(
                f,
                "{}: claimed bound {claimed}, construction {construction} gives {expected}",
                at(path)
            ),
            WidthBoundExceeded { path, layer, width, bound } => write!(
                f,
                "{}: hidden layer {layer} has {width} neurons, wider than the bound {bound}",
                at(path)
            ),
            BoundExceeded {
                path,
                neurons,
                bound,
            } => write!(
                f,
                "{}: the network has {neurons} hidden neurons, more than the bound {bound}",
                at(path)
            ),
            WrongPaperBound { path, found, expected } => write!(
                f,
                "{}: paper bound \"{found}\", this construction's paper bound is \"{expected}\"",
                at(path)
            ),
            WrongMeetsPaperBound { path, claimed, actual, paper_bound } => write!(
                f,
                "{}: claimed {claimed}, but the neuron count {} {paper_bound} (exact integer comparison)",
                at(path),
                if *actual { "meets" } else { "exceeds" }
            ),
            ZeroDirection { path } => write!(f, "{}: the line's direction is zero", at(path)),
            NotProjectionLine { path, reason } => {
                write!(f, "{}: not the projection line of the instance: {reason}", at(path))
            }
            WrongPieces {
                path,
                claimed,
                actual,
            } => write!(
                f,
                "{}: claimed {claimed} pieces, the network has {actual} along the line",
                at(path)
            ),
            PieceBoundExceeded {
                pieces,
                bound,
                widths,
            } => write!(
                f,
                "the network has {pieces} pieces along the line, more than the bound {bound} for hidden widths {widths:?}"
            ),
            UnsupportedLayers { path, layers } => {
                write!(f, "{}: layers is {layers}, not supported by this lower rule (windows: at least 2; case-split: 2)", at(path))
            }
            SampleOutOfRange {
                path,
                window,
                index,
                k,
            } => write!(
                f,
                "{}: window {window} names sample {index}, outside 1..={k}",
                at(path)
            ),
            RepeatedSample {
                path,
                window,
                sample,
            } => write!(
                f,
                "{}: window {window} names sample {sample} more than once",
                at(path)
            ),
            NotOnLine {
                path,
                window,
                sample,
            } => write!(
                f,
                "{}: sample {sample} of window {window} is not on the line",
                at(path)
            ),
            WindowOrder {
                path,
                window,
                samples,
                params,
            } => write!(
                f,
                "{}: window {window}: samples {}, {}, {} are at s = {}, {}, {}, not strictly increasing",
                at(path),
                samples[0],
                samples[1],
                samples[2],
                params[0],
                params[1],
                params[2]
            ),
            WindowNotStrict {
                path,
                window,
                sign,
                left_slope,
                right_slope,
            } => {
                let need = match sign {
                    Sign::Concave => ">",
                    Sign::Convex => "<",
                };
                write!(
                    f,
                    "{}: window {window} is {sign} but S_ij = {left_slope} and S_jk = {right_slope} (need S_ij {need} S_jk)",
                    at(path)
                )
            }
            WindowsOverlap {
                path,
                sign,
                first,
                second,
            } => write!(
                f,
                "{}: {sign} windows {first} and {second} overlap",
                at(path)
            ),
            WrongBreakpoints {
                path,
                claimed,
                actual,
            } => write!(
                f,
                "{}: claimed {claimed} breakpoints, the certificate has {actual} windows",
                at(path)
            ),
            CaseSplit { path, message, .. } => write!(f, "{}: {message}", at(path)),
        }
    }
}

impl std::error::Error for Rejection {}

impl Decline {
    /// A stable short identifier of the limit that was hit.
    pub fn kind(&self) -> &'static str {
        use Decline::*;
        match self {
            TooManyBytes { .. } => "limit-bytes",
            TooDeep { .. } => "limit-depth",
            TooManyDigits { .. } => "limit-digits",
            TooManySamples { .. } => "limit-k",
            TooManyDimensions { .. } => "limit-d",
            TooManyNeurons { .. } => "limit-neurons",
            TooManyLayers { .. } => "limit-layers",
            TooManyPieces { .. } => "limit-pieces",
            TooManyCases { .. } => "limit-cases",
            TooMuchWork { .. } => "limit-work",
            TooMuchLineWork { .. } => "limit-line-work",
            TooManyValues { .. } => "limit-values",
            TooMuchDigitWork { .. } => "limit-digit-work",
        }
    }

    /// The JSON pointer of the offending value, when there is one.
    pub fn path(&self) -> Option<&str> {
        use Decline::*;
        match self {
            TooManyBytes { .. } => None,
            TooDeep { path, .. }
            | TooManyDigits { path, .. }
            | TooManySamples { path, .. }
            | TooManyDimensions { path, .. }
            | TooManyNeurons { path, .. }
            | TooManyLayers { path, .. }
            | TooManyPieces { path, .. }
            | TooManyCases { path, .. }
            | TooMuchWork { path, .. }
            | TooMuchLineWork { path, .. }
            | TooManyValues { path, .. }
            | TooMuchDigitWork { path, .. } => Some(path),
        }
    }
}

impl fmt::Display for Decline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Decline::*;
        match self {
            TooManyBytes { size, limit } => {
                write!(f, "input is {size} bytes, over the limit of {limit}")
            }
            TooDeep { path, limit } => {
                write!(f, "{}: JSON nesting deeper than the limit of {limit}", at(path))
            }
            TooManyDigits { path, digits, limit } => {
                write!(f, "{}: rational has {digits} digits, over the limit of {limit}", at(path))
            }
            TooManySamples { path, k, limit } => {
                write!(f, "{}: k is {k}, over the limit of {limit}", at(path))
            }
            TooManyDimensions { path, d, limit } => {
                write!(f, "{}: d is {d}, over the limit of {limit}", at(path))
            }
            TooManyNeurons { path, neurons, limit } => {
                write!(f, "{}: {neurons} hidden neurons, over the limit of {limit}", at(path))
            }
            TooManyLayers { path, layers, limit } => {
                write!(f, "{}: {layers} layers, over the limit of {limit}", at(path))
            }
            TooManyCases { path, limit } => {
                write!(f, "{}: enumerating the cases needs more than {limit} candidates", at(path))
            }
            TooManyPieces { path, limit } => {
                write!(f, "{}: counting pieces along the line needs more than {limit} steps in one layer (--max-piece-work)", at(path))
            }
            TooMuchWork { path, work, limit } => write!(
                f,
                "{}: evaluating the network at all samples needs {work} multiply-adds, over the limit of {limit}",
                at(path)
            ),
            TooManyValues { path, limit } => {
                write!(f, "{}: more than {limit} JSON values (--max-values)", at(path))
            }
            TooMuchLineWork { path, work, limit } => write!(
                f,
                "{}: checking that no smaller s separates the points needs {work} coordinate products, over the limit of {limit} (--max-line-work)",
                at(path)
            ),
            TooMuchDigitWork { path, work, limit } => write!(
                f,
                "{}: exact big-integer arithmetic needs about {work} digit-products, over the limit of {limit} (--max-digit-work)",
                at(path)
            ),
        }
    }
}

impl std::error::Error for Decline {}

/// Internal failure: either verdict other than acceptance (boxed: errors are rare and large).
#[derive(Debug)]
pub(crate) enum Fail {
    Reject(Box<Rejection>),
    Decline(Box<Decline>),
}

impl From<Rejection> for Fail {
    fn from(r: Rejection) -> Self {
        Fail::Reject(Box::new(r))
    }
}

impl From<Decline> for Fail {
    fn from(d: Decline) -> Self {
        Fail::Decline(Box::new(d))
    }
}
