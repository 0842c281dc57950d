//! Fine-tuning instances: K distinct points in Q^d, targets that vanish outside T, and the
//! deterministic generator used by sweeps; plus the projection to one dimension (spec §1).

mod generate;
mod projection;

pub use generate::{
    check_generated, gaussian, gaussian_labels, gaussian_permutation, generated, generated_capacity,
    hard_instance, BaseInstance, SplitMix64, GAUSSIAN_GRID_BITS,
};
pub use projection::{MaskSorter, Projection};

use crate::rational::Q;
use thiserror::Error;

/// T of a sweep mask: the 1-based indices i ≤ k whose bit i − 1 is set (the exhaustive tests'
/// enumeration of every T, and the sweep's messages).
pub(crate) fn t_of_mask(k: usize, mask: impl Into<u64>) -> Vec<usize> {
    let mask: u64 = mask.into();
    (1..=k).filter(|i| mask >> (i - 1) & 1 == 1).collect()
}

/// An instance: samples x_1..x_K in Q^d, targets z_i (zero outside T) and T (1-based, increasing).
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    pub points: Vec<Vec<Q>>,
    pub targets: Vec<Q>,
    pub t: Vec<usize>,
}

/// Why a user-supplied instance is not a valid fine-tuning instance.
#[derive(Debug, Error, PartialEq)]
pub enum InstanceError {
    #[error("the instance needs at least 2 samples, got {0}")]
    TooFewSamples(usize),
    #[error("dimension d must be at least 1")]
    ZeroDimension,
    #[error("sample {sample}: point has {got} coordinates, expected d = {d}")]
    WrongDimension { sample: usize, got: usize, d: usize },
    #[error("targets: {got} values for {k} samples")]
    WrongTargetCount { got: usize, k: usize },
    #[error("samples {first} and {second} are the same point")]
    RepeatedPoint { first: usize, second: usize },
    #[error("t: index {index} is out of range 1..={k}")]
    IndexOutOfRange { index: usize, k: usize },
    #[error("t: indices must be strictly increasing ({previous} then {index})")]
    NotIncreasing { previous: usize, index: usize },
    #[error("sample {sample} is not in T but its target is {value} (must be 0)")]
    NonzeroOutsideT { sample: usize, value: String },
}

impl Instance {
    /// K, the number of samples.
    pub fn k(&self) -> usize {
        self.points.len()
    }

    /// d, the input dimension.
    pub fn d(&self) -> usize {
        self.points.first().map_or(0, Vec::len)
    }

    /// N = |T|.
    pub fn n(&self) -> usize {
        self.t.len()
    }

    /// Checks the instance's own rules (the checker re-checks them independently).
    pub fn validate(&self) -> Result<(), InstanceError> {
        let k = self.k();
        if k < 2 {
            return Err(InstanceError::TooFewSamples(k));
        }
        let d = self.d();
        if d == 0 {
            return Err(InstanceError::ZeroDimension);
        }
        for (i, p) in self.points.iter().enumerate() {
            if p.len() != d {
                return Err(InstanceError::WrongDimension { sample: i + 1, got: p.len(), d });
            }
        }
        if self.targets.len() != k {
            return Err(InstanceError::WrongTargetCount { got: self.targets.len(), k });
        }
        let mut sorted: Vec<usize> = (0..k).collect();
        sorted.sort_by(|&a, &b| self.points[a].cmp(&self.points[b]));
        for w in sorted.windows(2) {
            if self.points[w[0]] == self.points[w[1]] {
                let (a, b) = (w[0].min(w[1]) + 1, w[0].max(w[1]) + 1);
                return Err(InstanceError::RepeatedPoint { first: a, second: b });
            }
        }
        let mut in_t = vec![false; k];
        let mut previous = 0;
        for &index in &self.t {
            if index == 0 || index > k {
                return Err(InstanceError::IndexOutOfRange { index, k });
            }
            if index <= previous {
                return Err(InstanceError::NotIncreasing { previous, index });
            }
            previous = index;
            in_t[index - 1] = true;
        }
        for (i, z) in self.targets.iter().enumerate() {
            if !in_t[i] && *z != 0 {
                return Err(InstanceError::NonzeroOutsideT { sample: i + 1, value: z.to_string() });
            }
        }
        Ok(())
    }
}
