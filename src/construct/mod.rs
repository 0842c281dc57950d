//! Upper-bound constructions: each turns an instance into a pure ReLU network that fine-tunes it.
//!
//! A construction is one variant of [`ConstructionId`] and one file of this folder. Its
//! `bound` is the integer formula that its certificates claim; the checker evaluates the same
//! formula independently from K and N.

pub mod two_layer;

use crate::instance::{Instance, Projection};
use crate::network::{Line, Network};
use crate::rational::int;
use thiserror::Error;

/// Every construction that ftcert can build, in the order of the tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ConstructionId {
    TwoLayerPaper,
    TwoLayerTight,
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
    pub const ALL: &'static [ConstructionId] =
        &[ConstructionId::TwoLayerPaper, ConstructionId::TwoLayerTight];

    /// The id written in certificates.
    pub fn name(self) -> &'static str {
        match self {
            ConstructionId::TwoLayerPaper => "two-layer-paper",
            ConstructionId::TwoLayerTight => "two-layer-tight",
        }
    }

    /// Number of layers (hidden layers + output layer).
    pub fn layers(self) -> usize {
        match self {
            ConstructionId::TwoLayerPaper | ConstructionId::TwoLayerTight => 2,
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
        }
    }

    /// The construction with this certificate id.
    pub fn from_name(name: &str) -> Result<ConstructionId, BuildError> {
        ConstructionId::ALL.iter().copied().find(|c| c.name() == name).ok_or_else(|| {
            let known: Vec<&str> = ConstructionId::ALL.iter().map(|c| c.name()).collect();
            BuildError::UnknownConstruction(name.to_string(), known.join(", "))
        })
    }

    /// Builds the network for an instance whose projection is already known.
    pub fn build_projected(self, instance: &Instance, projection: &Projection) -> Built {
        let network = match self {
            ConstructionId::TwoLayerPaper => two_layer::paper(instance, projection),
            ConstructionId::TwoLayerTight => two_layer::tight(instance, projection),
        };
        let line = Line {
            origin: vec![int(0); projection.a.len()],
            direction: projection.a.clone(),
        };
        let pieces = network.pieces_along(&line);
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
