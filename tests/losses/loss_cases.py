"""The table of loss cases the loss tests run through: inputs, arguments, references."""

from __future__ import annotations

import dataclasses

import loss_reference as ref
import numpy as np


@dataclasses.dataclass(frozen=True)
class Case:
    cls: str  # the class name, in cornu.losses and keras.losses
    fn: str  # the function name
    kind: str  # which inputs (see make_inputs)
    kwargs: tuple = ()  # constructor / function keyword arguments, as (key, value) pairs
    reference: object = None  # the NumPy reference of the function form

    @property
    def id(self) -> str:
        args = ",".join(f"{k}={v}" for k, v in self.kwargs)
        return f"{self.cls}({args})"

    @property
    def kw(self) -> dict:
        return dict(self.kwargs)


def _c(cls, fn, kind, reference, **kwargs):
    return Case(cls, fn, kind, tuple(kwargs.items()), reference)


CASES = [
    _c("MeanSquaredError", "mean_squared_error", "real", ref.mse),
    _c("MeanAbsoluteError", "mean_absolute_error", "real", ref.mae),
    _c("MeanAbsolutePercentageError", "mean_absolute_percentage_error", "real", ref.mape),
    _c("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error", "positive", ref.msle),
    _c("CosineSimilarity", "cosine_similarity", "real", ref.cosine_similarity),
    _c("CosineSimilarity", "cosine_similarity", "real", ref.cosine_similarity, axis=0),
    _c("Huber", "huber", "real", ref.huber),
    _c("Huber", "huber", "real", ref.huber, delta=0.5),
    _c("LogCosh", "log_cosh", "real", ref.log_cosh),
    _c("Hinge", "hinge", "binary_scores", ref.hinge),
    _c("Hinge", "hinge", "signed_scores", ref.hinge),
    _c("SquaredHinge", "squared_hinge", "binary_scores", ref.squared_hinge),
    _c("SquaredHinge", "squared_hinge", "signed_scores", ref.squared_hinge),
    _c("CategoricalHinge", "categorical_hinge", "onehot_logits", ref.categorical_hinge),
    _c("KLDivergence", "kl_divergence", "distributions", ref.kl_divergence),
    _c("Poisson", "poisson", "positive", ref.poisson),
    _c("BinaryCrossentropy", "binary_crossentropy", "binary_probs", ref.binary_crossentropy),
    _c(
        "BinaryCrossentropy",
        "binary_crossentropy",
        "binary_logits",
        ref.binary_crossentropy,
        from_logits=True,
    ),
    _c(
        "BinaryCrossentropy",
        "binary_crossentropy",
        "binary_probs",
        ref.binary_crossentropy,
        label_smoothing=0.2,
    ),
    _c(
        "BinaryCrossentropy",
        "binary_crossentropy",
        "binary_logits",
        ref.binary_crossentropy,
        from_logits=True,
        label_smoothing=0.1,
        axis=0,
    ),
    _c(
        "BinaryFocalCrossentropy",
        "binary_focal_crossentropy",
        "binary_probs",
        ref.binary_focal_crossentropy,
    ),
    _c(
        "BinaryFocalCrossentropy",
        "binary_focal_crossentropy",
        "binary_logits",
        ref.binary_focal_crossentropy,
        apply_class_balancing=True,
        alpha=0.3,
        gamma=1.5,
        from_logits=True,
        label_smoothing=0.1,
    ),
    _c(
        "CategoricalCrossentropy",
        "categorical_crossentropy",
        "onehot_probs",
        ref.categorical_crossentropy,
    ),
    _c(
        "CategoricalCrossentropy",
        "categorical_crossentropy",
        "onehot_logits",
        ref.categorical_crossentropy,
        from_logits=True,
        label_smoothing=0.2,
    ),
    _c(
        "CategoricalCrossentropy",
        "categorical_crossentropy",
        "onehot_probs",
        ref.categorical_crossentropy,
        label_smoothing=0.1,
    ),
    _c(
        "CategoricalFocalCrossentropy",
        "categorical_focal_crossentropy",
        "onehot_probs",
        ref.categorical_focal_crossentropy,
    ),
    _c(
        "CategoricalFocalCrossentropy",
        "categorical_focal_crossentropy",
        "onehot_logits",
        ref.categorical_focal_crossentropy,
        alpha=0.5,
        gamma=1.0,
        from_logits=True,
        label_smoothing=0.2,
    ),
    _c(
        "SparseCategoricalCrossentropy",
        "sparse_categorical_crossentropy",
        "sparse_probs",
        ref.sparse_categorical_crossentropy,
    ),
    _c(
        "SparseCategoricalCrossentropy",
        "sparse_categorical_crossentropy",
        "sparse_logits",
        ref.sparse_categorical_crossentropy,
        from_logits=True,
    ),
    _c(
        "SparseCategoricalCrossentropy",
        "sparse_categorical_crossentropy",
        "sparse_column",
        ref.sparse_categorical_crossentropy,
        from_logits=True,
    ),
    _c(
        "SparseCategoricalCrossentropy",
        "sparse_categorical_crossentropy",
        "sparse_probs",
        ref.sparse_categorical_crossentropy,
        ignore_class=1,
    ),
    _c(
        "SparseCategoricalCrossentropy",
        "sparse_categorical_crossentropy",
        "sparse_sequence",
        ref.sparse_categorical_crossentropy,
        from_logits=True,
        ignore_class=2,
    ),
    _c(
        "CategoricalGeneralizedCrossEntropy",
        "categorical_generalized_cross_entropy",
        "sparse_probs",
        ref.categorical_generalized_cross_entropy,
        q=0.3,
    ),
    _c("Dice", "dice", "masks", ref.dice),
    _c("Dice", "dice", "masks", ref.dice, axis=(1, 2, 3)),
    _c("Tversky", "tversky", "masks", ref.tversky, alpha=0.3, beta=0.7),
    _c("Tversky", "tversky", "masks", ref.tversky, axis=(1, 2, 3)),
    _c("Circle", "circle", "embeddings", ref.circle),
    _c(
        "Circle", "circle", "embeddings", ref.circle, gamma=10.0, margin=0.25, remove_diagonal=False
    ),
    _c("CTC", "ctc", "ctc", ref.ctc),
]


def _probs(rng, shape):
    p = rng.uniform(0.05, 1.0, shape)
    return p / p.sum(-1, keepdims=True)


def make_inputs(kind: str, seed: int = 0):
    """Returns ``(y_true, y_pred)`` float32/int NumPy arrays for an input ``kind``."""
    rng = np.random.default_rng(seed)
    f32 = np.float32
    batch = 6
    if kind == "real":
        return rng.normal(size=(batch, 5)).astype(f32), rng.normal(size=(batch, 5)).astype(f32)
    if kind == "positive":
        return (
            rng.uniform(0.0, 4.0, (batch, 5)).astype(f32),
            rng.uniform(0.1, 4.0, (batch, 5)).astype(f32),
        )
    if kind in ("binary_probs", "binary_logits", "binary_scores", "signed_scores"):
        t = rng.integers(0, 2, (batch, 5)).astype(f32)
        if kind == "signed_scores":
            t = 2 * t - 1
        if kind == "binary_probs":
            return t, rng.uniform(0.02, 0.98, (batch, 5)).astype(f32)
        return t, (2 * rng.normal(size=(batch, 5))).astype(f32)
    if kind in ("onehot_probs", "onehot_logits"):
        t = np.eye(4, dtype=f32)[rng.integers(0, 4, batch)]
        if kind == "onehot_probs":
            return t, _probs(rng, (batch, 4)).astype(f32)
        return t, (2 * rng.normal(size=(batch, 4))).astype(f32)
    if kind == "distributions":
        return _probs(rng, (batch, 4)).astype(f32), _probs(rng, (batch, 4)).astype(f32)
    if kind == "sparse_probs":
        return rng.integers(0, 4, batch), _probs(rng, (batch, 4)).astype(f32)
    if kind == "sparse_logits":
        return rng.integers(0, 4, batch), rng.normal(size=(batch, 4)).astype(f32)
    if kind == "sparse_column":
        return rng.integers(0, 4, (batch, 1)), rng.normal(size=(batch, 4)).astype(f32)
    if kind == "sparse_sequence":
        return rng.integers(0, 4, (3, 5)), rng.normal(size=(3, 5, 4)).astype(f32)
    if kind == "masks":
        return (
            rng.integers(0, 2, (3, 4, 4, 1)).astype(f32),
            rng.uniform(0.0, 1.0, (3, 4, 4, 1)).astype(f32),
        )
    if kind == "embeddings":
        e = rng.normal(size=(8, 5))
        e /= np.linalg.norm(e, axis=1, keepdims=True)
        return np.array([0, 1, 2, 0, 1, 2, 0, 1]), e.astype(f32)
    if kind == "ctc":
        labels = np.array([[1, 2, 2, 0], [3, 1, 0, 0], [4, 4, 3, 2]])
        return labels, rng.normal(size=(3, 8, 5)).astype(f32)
    raise ValueError(kind)


def sample_weight_for(loss_shape: tuple, batch: int, mode: str = "per_sample"):
    """Weights for a batch: one per sample, or one per entry of the unreduced loss.

    ``loss_shape`` is the shape of the unreduced loss; ``None`` stands for no weights.
    Per-sample weights need a loss of rank 0 or 1 (Keras 3 accepts nothing else).
    """
    if mode == "none":
        return None
    if mode == "per_sample":
        return np.linspace(0.0, 2.0, batch).astype(np.float32)
    shape = tuple(loss_shape) or (batch,)
    rng = np.random.default_rng(7)
    weights = rng.uniform(0.0, 2.0, shape).astype(np.float32)
    weights.reshape(-1)[::3] = 0.0
    return weights
