"""Keras 2 ``K.*`` neural-network functions: activations, losses, normalization."""

from __future__ import annotations

from typing import Any

from cornu import backend, ops


def relu(x: Any, alpha: float = 0.0, max_value: float | None = None,
         threshold: float = 0.0) -> Any:
    """Rectifier with Keras 2's options: ``alpha`` slope below ``threshold``, ``max_value`` cap.

    Keras 3: ``cornu.activations.relu(x, negative_slope, max_value, threshold)``.
    """
    negative = None
    if alpha != 0:
        negative = ops.relu(threshold - x) if threshold != 0 else ops.relu(-x)
    if threshold != 0:
        x = ops.multiply(x, ops.cast(ops.greater(x, threshold), backend.floatx()))
    else:
        x = ops.relu(x)
    if max_value is not None:
        x = ops.clip(x, 0.0, max_value)
    if negative is not None:
        x = ops.subtract(x, ops.multiply(alpha, negative))
    return x


def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit; ``cornu.ops.elu``."""
    return ops.elu(x, alpha)


def softmax(x: Any, axis: int = -1) -> Any:
    """Softmax over ``axis``; ``cornu.ops.softmax``."""
    return ops.softmax(x, axis=axis)


def hard_sigmoid(x: Any) -> Any:
    """Keras 2's piecewise-linear sigmoid ``clip(0.2 * x + 0.5, 0, 1)``."""
    return ops.clip(ops.add(ops.multiply(x, 0.2), 0.5), 0.0, 1.0)


def categorical_crossentropy(target: Any, output: Any, from_logits: bool = False,
                             axis: int = -1) -> Any:
    """Per-sample crossentropy of one-hot ``target`` and ``output``; ``cornu.ops`` same name."""
    return ops.categorical_crossentropy(target, output, from_logits=from_logits, axis=axis)


def sparse_categorical_crossentropy(target: Any, output: Any, from_logits: bool = False,
                                    axis: int = -1) -> Any:
    """Per-sample crossentropy of integer ``target`` and ``output``; ``cornu.ops`` same name."""
    return ops.sparse_categorical_crossentropy(target, output, from_logits=from_logits,
                                               axis=axis)


def binary_crossentropy(target: Any, output: Any, from_logits: bool = False) -> Any:
    """Element-wise binary crossentropy; ``cornu.ops.binary_crossentropy``."""
    return ops.binary_crossentropy(target, output, from_logits=from_logits)


def batch_normalization(x: Any, mean: Any, var: Any, beta: Any, gamma: Any, axis: int = -1,
                        epsilon: float = 1e-3) -> Any:
    """``(x - mean) / sqrt(var + epsilon) * gamma + beta`` (None beta/gamma are skipped)."""
    out = ops.multiply(ops.subtract(x, mean), ops.rsqrt(ops.add(var, epsilon)))
    if gamma is not None:
        out = ops.multiply(out, gamma)
    if beta is not None:
        out = ops.add(out, beta)
    return out


def bias_add(x: Any, bias: Any, data_format: str | None = None) -> Any:
    """Adds ``bias`` on the channel axis (last, or 1 for ``"channels_first"``)."""
    data_format = backend.standardize_data_format(data_format)
    if data_format == "channels_first" and len(ops.shape(x)) > 2:
        bias_shape = tuple(ops.shape(bias))
        bias = ops.reshape(bias, (1, bias_shape[-1] if len(bias_shape) == 1 else bias_shape[0])
                           + (1,) * (len(ops.shape(x)) - 2))
    return ops.add(x, bias)


def in_top_k(predictions: Any, targets: Any, k: int) -> Any:
    """Per sample, whether the score of class ``targets`` is among the ``k`` largest."""
    targets = ops.expand_dims(ops.cast(targets, "int32"), -1)
    target_score = ops.take_along_axis(predictions, targets, axis=-1)
    higher = ops.sum(ops.cast(ops.greater(predictions, target_score), "int32"), axis=-1)
    return ops.less(higher, k)
