//! Upper-bound constructions: each turns an instance into a pure ReLU network that fine-tunes it.
//!
//! A construction is one variant of [`ConstructionId`] and one file of this folder. Its
//! `bound` is the integer formula that its certificates claim; the checker evaluates the same
//! formula independently from K and N.

pub mod deep;
pub mod groups;
pub mod three_layer;
pub mod two_layer;
pub mod two_layer_optimal;

use crate::instance::{Instance, Projection};
use crate::network::{Line, Network};
use crate::rational::int;
use thiserror::Error;

/// Every construction that ftcert can build, in the order of the tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstructionId {
    TwoLayerPaper,
    TwoLayerTight,
    TwoLayerOptimal,
    ThreeLayerU1,
    ThreeLayerU1Edge,
    ThreeLayerU2,
    ThreeLayerU3,
    ThreeLayerU3T,
    ThreeLayerAppendixA,
    ThreeLayerLift,
    /// `deep-L`: L ≥ 4 layers (Prop. 6.1, spec §3.6); not in [`ConstructionId::ALL`].
    Deep(usize),
}

/// Why a construction could not be built.
#[derive(Debug, Error)]
pub enum BuildError {
    #[error("invalid instance: {0}")]
    Instance(#[from] crate::instance::InstanceError),
    #[error("unknown construction {0:?} (known: {1})")]
    UnknownConstruction(String, String),
    #[error("construction {construction} does not apply: {reason}")]
    NotApplicable { construction: &'static str, reason: String },
}

impl ConstructionId {
    /// All constructions, in table order.
    pub const ALL: &'static [ConstructionId] = &[
        ConstructionId::TwoLayerPaper,
        ConstructionId::TwoLayerTight,
        ConstructionId::TwoLayerOptimal,
        ConstructionId::ThreeLayerU1,
        ConstructionId::ThreeLayerU1Edge,
        ConstructionId::ThreeLayerU2,
        ConstructionId::ThreeLayerU3,
        ConstructionId::ThreeLayerU3T,
        ConstructionId::ThreeLayerAppendixA,
        ConstructionId::ThreeLayerLift,
    ];

    /// The id written in certificates.
    pub fn name(self) -> &'static str {
        match self {
            ConstructionId::TwoLayerPaper => "two-layer-paper",
            ConstructionId::TwoLayerTight => "two-layer-tight",
            ConstructionId::TwoLayerOptimal => "two-layer-optimal",
            ConstructionId::ThreeLayerU1 => "three-layer-u1",
            ConstructionId::ThreeLayerU1Edge => "three-layer-u1-edge",
            ConstructionId::ThreeLayerU2 => "three-layer-u2",
            ConstructionId::ThreeLayerU3 => "three-layer-u3",
            ConstructionId::ThreeLayerU3T => "three-layer-u3-t",
            ConstructionId::ThreeLayerAppendixA => "three-layer-appendix-a",
            ConstructionId::ThreeLayerLift => "three-layer-lift",
            ConstructionId::Deep(l) => deep::name(l),
        }
    }

    /// Number of layers (hidden layers + output layer).
    pub fn layers(self) -> usize {
        match self {
            ConstructionId::TwoLayerPaper
            | ConstructionId::TwoLayerTight
            | ConstructionId::TwoLayerOptimal => 2,
            ConstructionId::ThreeLayerU1
            | ConstructionId::ThreeLayerU1Edge
            | ConstructionId::ThreeLayerU2
            | ConstructionId::ThreeLayerU3
            | ConstructionId::ThreeLayerU3T
            | ConstructionId::ThreeLayerAppendixA
            | ConstructionId::ThreeLayerLift => 3,
            ConstructionId::Deep(l) => l,
        }
    }

    /// The bound that the construction's certificates claim at (K, N).
    pub fn bound(self, k: usize, n: usize) -> usize {
        match self {
            ConstructionId::TwoLayerPaper => (3 * n + 1).min(k.saturating_sub(1)),
            ConstructionId::TwoLayerTight => {
                if k > 3 * n {
                    (3 * n).min(k.saturating_sub(2))
                } else {
                    k - 1
                }
            }
            // m*(K, N) (spec two-layer-exact.md): 0 if N = 0; min{3N, K − 2} if K ≥ 5;
            // K = 4: 2 if N = 1 else 3; K = 3: 2; K = 2: 1.
            ConstructionId::TwoLayerOptimal => match (k, n) {
                (_, 0) => 0,
                (0..=2, _) => k.saturating_sub(1),
                (3, _) => 2,
                (4, 1) => 2,
                (4, _) => 3,
                _ => (3 * n).min(k - 2),
            },
            ConstructionId::Deep(l) => deep::width_bound(l, k, n),
            three => three_layer::bound(three, k, n),
        }
    }

    /// The paper's real-valued bound that the certificates compare the count with (3-layer
    /// constructions of Theorem 5.1 / Appendix A only).
    pub fn paper_bound(self) -> Option<three_layer::PaperBound> {
        three_layer::paper_bound(self)
    }

    /// The construction with this certificate id.
    pub fn from_name(name: &str) -> Result<ConstructionId, BuildError> {
        if let Some(l) = deep::parse_name(name) {
            return Ok(ConstructionId::Deep(l));
        }
        ConstructionId::ALL
            .iter()
            .copied()
            .find(|c| c.name() == name)
            .ok_or_else(|| BuildError::UnknownConstruction(name.to_string(), ConstructionId::known()))
    }

    /// Every id by depth, from the registry, e.g. for help texts and error messages.
    pub fn known() -> String {
        let of = |layers: usize| -> String {
            let ids: Vec<&str> =
                ConstructionId::ALL.iter().filter(|c| c.layers() == layers).map(|c| c.name()).collect();
            ids.join(", ")
        };
        format!(
            "2 layers: {}; 3 layers: {}; L layers, {} ≤ L ≤ {}: deep-L",
            of(2),
            of(3),
            deep::MIN_LAYERS,
            deep::MAX_LAYERS
        )
    }

    /// The depths that have constructions, e.g. `2, 3, 4..=64`.
    pub fn depths() -> String {
        format!("2, 3, {}..={} (deep-L)", deep::MIN_LAYERS, deep::MAX_LAYERS)
    }

    /// Builds the network for an instance whose projection is already known.
    pub fn build_projected(self, instance: &Instance, projection: &Projection) -> Built {
        let network = match self {
            ConstructionId::TwoLayerPaper => two_layer::paper(instance, projection),
            ConstructionId::TwoLayerTight => two_layer::tight(instance, projection),
            ConstructionId::TwoLayerOptimal => two_layer_optimal::optimal(instance, projection),
            ConstructionId::Deep(l) => deep::build(l, instance, projection),
            three => three_layer::build(three, instance, projection),
        };
        let line = Line { origin: vec![int(0); projection.a.len()], direction: projection.a.clone() };
        let pieces = match self {
            // Counted from the construction's kinks (tested against `pieces_along`).
            ConstructionId::TwoLayerPaper | ConstructionId::TwoLayerTight => two_layer::pieces(&network),
            _ => network.pieces_along(&line),
        };
        Built { network, line, pieces }
    }

    /// Validates the instance, projects it and builds the network.
    pub fn build(self, instance: &Instance) -> Result<Built, BuildError> {
        instance.validate()?;
        Ok(self.build_projected(instance, &Projection::of(&instance.points)))
    }
}

/// A built network with the line along which its pieces were counted.
#[derive(Clone, Debug)]
pub struct Built {
    pub network: Network,
    pub line: Line,
    pub pieces: usize,
}
