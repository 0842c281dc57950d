//! Gradient training for ftcert's experiment (paper §7, Figure 9): plain `f64` data in, losses
//! out. This crate knows nothing of the builder or the checker; `ftcert experiment` (feature
//! `experiment` of the main crate) feeds it the gaussian instance converted to `f64`.
//!
//! Every network is a ReLU MLP trained full batch with Adam (candle's `AdamW` with weight decay
//! 0), He-normal weights from a seeded generator of this crate, zero biases and a cosine decay of
//! the learning rate. Training runs on one thread (candle's CPU matmul is told to use one thread
//! through `RAYON_NUM_THREADS=1`, see [`single_threaded`]) in `f32`, so the same seed gives the
//! same bits on one machine whatever runs beside it. Losses are returned in `f64`, computed from
//! the network's `f32` outputs.
#![forbid(unsafe_code)]

use candle_core::{DType, Device, Tensor, Var};
use candle_nn::{AdamW, Optimizer, ParamsAdamW};
use thiserror::Error;

/// Why a training run failed.
#[derive(Debug, Error)]
pub enum TrainError {
    #[error("tensor library: {0}")]
    Candle(#[from] candle_core::Error),
    #[error("bad shape: {0}")]
    Shape(String),
    #[error("the loss became {0} (not finite) at epoch {1}")]
    NotFinite(f64, usize),
}

/// Makes candle's CPU matmul single-threaded for this process (it reads `RAYON_NUM_THREADS` on
/// every call). Runs are spread over threads by the caller, one run per thread.
pub fn single_threaded() {
    if std::env::var("RAYON_NUM_THREADS").as_deref() != Ok("1") {
        std::env::set_var("RAYON_NUM_THREADS", "1");
    }
}

/// SplitMix64, plus normal deviates by Box–Muller: the weights' generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1].
    fn unit(&mut self) -> f64 {
        ((self.next() >> 11) as f64 + 1.0) / (1u64 << 53) as f64
    }

    fn normal(&mut self) -> f64 {
        let (u, v) = (self.unit(), self.unit());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Mixes several integers into one seed (for per-run seeds from (seed, N, m, lr index)).
pub fn mix_seed(parts: &[u64]) -> u64 {
    let mut rng = Rng(0x6674_6365_7274_0007);
    for &p in parts {
        rng.0 ^= p;
        rng.next();
    }
    rng.next()
}

/// The training data: K rows of d features (row-major) and one target per row.
#[derive(Clone, Debug)]
pub struct Data {
    pub k: usize,
    pub d: usize,
    pub x: Vec<f64>,
}

impl Data {
    pub fn new(rows: &[Vec<f64>]) -> Result<Data, TrainError> {
        let k = rows.len();
        let d = rows.first().map_or(0, Vec::len);
        if k == 0 || d == 0 || rows.iter().any(|r| r.len() != d) {
            return Err(TrainError::Shape(format!(
                "{k} rows, first of length {d}, all must be equal and non-empty"
            )));
        }
        Ok(Data { k, d, x: rows.concat() })
    }
}

/// How one network is trained.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainConfig {
    /// Hidden widths, e.g. [m/2, m/2] for the 3-layer g.
    pub hidden: Vec<usize>,
    pub epochs: usize,
    /// Peak learning rate; epoch t uses lr·(1 + cos(π·t/epochs))/2.
    pub lr: f64,
    pub seed: u64,
    /// Stop as soon as the training MSE is below this (the pre-trained f); `None`: all epochs.
    pub stop_below: Option<f64>,
}

/// What a training run reached.
#[derive(Clone, Debug, PartialEq)]
pub struct Trained {
    /// Mean squared error (1/K)·Σ(net(x_i) − target_i)² of the final network.
    pub mse: f64,
    /// Epochs actually run.
    pub epochs: usize,
    /// The final network's outputs on the K rows.
    pub outputs: Vec<f64>,
}

struct Mlp {
    layers: Vec<(Var, Var)>,
}

impl Mlp {
    /// He-normal weights N(0, 2/fan_in), zero biases.
    fn new(d: usize, hidden: &[usize], seed: u64, dev: &Device) -> Result<Mlp, TrainError> {
        let mut rng = Rng(seed);
        let mut fan_in = d;
        let mut layers = Vec::new();
        for &width in hidden.iter().chain(std::iter::once(&1)) {
            let std = (2.0 / fan_in as f64).sqrt();
            let w: Vec<f32> = (0..fan_in * width).map(|_| (rng.normal() * std) as f32).collect();
            let w = Var::from_tensor(&Tensor::from_vec(w, (fan_in, width), dev)?)?;
            let b = Var::from_tensor(&Tensor::zeros((1, width), DType::F32, dev)?)?;
            layers.push((w, b));
            fan_in = width;
        }
        Ok(Mlp { layers })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor, TrainError> {
        let mut h = x.clone();
        let last = self.layers.len() - 1;
        for (i, (w, b)) in self.layers.iter().enumerate() {
            h = h.matmul(w.as_tensor())?.broadcast_add(b.as_tensor())?;
            if i < last {
                h = h.relu()?;
            }
        }
        Ok(h)
    }

    fn vars(&self) -> Vec<Var> {
        self.layers.iter().flat_map(|(w, b)| [w.clone(), b.clone()]).collect()
    }
}

/// Trains a ReLU MLP on (data, target) and returns its final MSE and outputs.
pub fn train(data: &Data, target: &[f64], config: &TrainConfig) -> Result<Trained, TrainError> {
    if target.len() != data.k {
        return Err(TrainError::Shape(format!("{} targets for {} rows", target.len(), data.k)));
    }
    if config.hidden.contains(&0) {
        return Err(TrainError::Shape(format!("hidden widths {:?} must be positive", config.hidden)));
    }
    let dev = Device::Cpu;
    let xs: Vec<f32> = data.x.iter().map(|&v| v as f32).collect();
    let x = Tensor::from_vec(xs, (data.k, data.d), &dev)?;
    let ys: Vec<f32> = target.iter().map(|&v| v as f32).collect();
    let y = Tensor::from_vec(ys, (data.k, 1), &dev)?;
    let net = Mlp::new(data.d, &config.hidden, config.seed, &dev)?;
    let params = ParamsAdamW { lr: config.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8, weight_decay: 0.0 };
    let mut opt = AdamW::new(net.vars(), params)?;
    let mut epochs = 0;
    while epochs < config.epochs {
        let cosine = (std::f64::consts::PI * epochs as f64 / config.epochs as f64).cos();
        opt.set_learning_rate(config.lr * 0.5 * (1.0 + cosine));
        let loss = net.forward(&x)?.sub(&y)?.sqr()?.mean_all()?;
        if let Some(stop) = config.stop_below {
            if f64::from(loss.to_scalar::<f32>()?) < stop && mse_of(&net, &x, target)?.0 < stop {
                break;
            }
        }
        opt.backward_step(&loss)?;
        epochs += 1;
    }
    let (mse, outputs) = mse_of(&net, &x, target)?;
    if !mse.is_finite() {
        return Err(TrainError::NotFinite(mse, epochs));
    }
    Ok(Trained { mse, epochs, outputs })
}

/// (1/K)·Σ(net(x_i) − target_i)² in f64 from the f32 outputs, and the outputs.
fn mse_of(net: &Mlp, x: &Tensor, target: &[f64]) -> Result<(f64, Vec<f64>), TrainError> {
    let out: Vec<f32> = net.forward(x)?.flatten_all()?.to_vec1()?;
    let outputs: Vec<f64> = out.into_iter().map(f64::from).collect();
    Ok((mse(&outputs, target), outputs))
}

/// (1/K)·Σ(a_i − b_i)².
pub fn mse(a: &[f64], b: &[f64]) -> f64 {
    let sum: f64 = a.iter().zip(b).map(|(p, q)| (p - q) * (p - q)).sum();
    sum / a.len().max(1) as f64
}

/// Splits m hidden neurons over two layers in the ratio a:b (each layer at least 1).
pub fn split_width(m: usize, a: usize, b: usize) -> (usize, usize) {
    let first = ((m * a + (a + b) / 2) / (a + b)).clamp(1, m.saturating_sub(1).max(1));
    (first, m.saturating_sub(first).max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy(k: usize, d: usize, seed: u64) -> (Data, Vec<f64>) {
        let mut rng = Rng(seed);
        let rows: Vec<Vec<f64>> = (0..k).map(|_| (0..d).map(|_| rng.normal()).collect()).collect();
        let y = (0..k).map(|_| 2.0 * rng.unit() - 1.0).collect();
        (Data::new(&rows).unwrap(), y)
    }

    #[test]
    fn split_width_halves_and_ratios() {
        assert_eq!(split_width(4, 1, 1), (2, 2));
        assert_eq!(split_width(6, 1, 1), (3, 3));
        assert_eq!(split_width(12, 1, 2), (4, 8));
        assert_eq!(split_width(2, 1, 3), (1, 1));
    }

    #[test]
    fn same_seed_same_bits_and_reported_mse_is_recomputable() {
        single_threaded();
        let (data, y) = toy(40, 3, 1);
        let config = TrainConfig { hidden: vec![8, 8], epochs: 200, lr: 0.01, seed: 5, stop_below: None };
        let a = train(&data, &y, &config).unwrap();
        let b = train(&data, &y, &config).unwrap();
        assert_eq!(a.mse.to_bits(), b.mse.to_bits());
        assert_eq!(a.mse, mse(&a.outputs, &y));
        assert_eq!(a.epochs, 200);
        // Training lowers the loss below the zero network's.
        assert!(a.mse < mse(&vec![0.0; 40], &y));
    }

    #[test]
    fn bad_shapes_are_errors() {
        let (data, y) = toy(5, 2, 1);
        let config = TrainConfig { hidden: vec![0, 2], epochs: 1, lr: 0.01, seed: 0, stop_below: None };
        assert!(matches!(train(&data, &y, &config), Err(TrainError::Shape(_))));
        assert!(matches!(train(&data, &y[..3], &config), Err(TrainError::Shape(_))));
        assert!(Data::new(&[vec![1.0], vec![1.0, 2.0]]).is_err());
    }
}
