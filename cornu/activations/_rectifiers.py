"""Rectifier-like activations: ReLU and its smooth or exponential relatives.

Each function takes a tensor (or anything ``ops`` accepts, symbolic tensors included) and
returns a tensor of the same shape.
"""

from __future__ import annotations

from typing import Any

from cornu import ops


def relu(
    x: Any,
    negative_slope: float = 0.0,
    max_value: float | None = None,
    threshold: float = 0.0,
) -> Any:
    """Rectified linear unit, ``max(x, 0)`` by default.

    With its options, values at or below ``threshold`` become
    ``negative_slope * (x - threshold)`` and the output is capped at ``max_value``.

    Args:
        x: input tensor.
        negative_slope: slope used below ``threshold`` (0 means zero there).
        max_value: largest value returned, or None for no cap.
        threshold: the value below which the input is damped.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> x = [-10.0, -5.0, 0.0, 5.0, 10.0]
        >>> ops.convert_to_numpy(activations.relu(x)).tolist()
        [0.0, 0.0, 0.0, 5.0, 10.0]
        >>> ops.convert_to_numpy(activations.relu(x, negative_slope=0.5)).tolist()
        [-5.0, -2.5, 0.0, 5.0, 10.0]
        >>> ops.convert_to_numpy(activations.relu(x, max_value=5.0)).tolist()
        [0.0, 0.0, 0.0, 5.0, 5.0]
    """
    if negative_slope == 0.0 and max_value is None and threshold == 0.0:
        return ops.relu(x)
    if negative_slope != 0.0 and max_value is None and threshold == 0.0:
        return ops.leaky_relu(x, negative_slope=negative_slope)
    if threshold != 0.0:
        out = ops.where(ops.greater(x, threshold), x, 0.0)
    elif max_value == 6:
        out = ops.relu6(x)
        max_value = None
    else:
        out = ops.relu(x)
    if max_value is not None:
        out = ops.clip(out, 0.0, max_value)
    if negative_slope != 0.0:
        below = ops.relu(ops.negative(ops.subtract(x, threshold)))
        out = ops.subtract(out, ops.multiply(below, negative_slope))
    return out


def leaky_relu(x: Any, negative_slope: float = 0.2) -> Any:
    """Leaky ReLU: ``x`` for positive values, ``negative_slope * x`` otherwise.

    Args:
        x: input tensor.
        negative_slope: slope for negative inputs.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.leaky_relu([-5.0, 2.0], 0.5)).tolist()
        [-2.5, 2.0]
    """
    return ops.leaky_relu(x, negative_slope=negative_slope)


def relu6(x: Any) -> Any:
    """ReLU capped at 6: ``min(max(x, 0), 6)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.relu6([-1.0, 3.0, 9.0])).tolist()
        [0.0, 3.0, 6.0]
    """
    return ops.relu6(x)


def elu(x: Any, alpha: float = 1.0) -> Any:
    """Exponential linear unit: ``x`` if ``x > 0``, else ``alpha * (exp(x) - 1)``.

    Args:
        x: input tensor.
        alpha: the value the negative part saturates to is ``-alpha``.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.elu([0.0, 2.0])).tolist()
        [0.0, 2.0]
    """
    return ops.elu(x, alpha=alpha)


def selu(x: Any) -> Any:
    """Scaled ELU: ``scale * elu(x, alpha)`` with the self-normalizing constants.

    ``alpha`` is about 1.6733 and ``scale`` about 1.0507. Pair it with the
    ``lecun_normal`` initializer and ``AlphaDropout``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> round(float(activations.selu(1.0)), 4)
        1.0507
    """
    return ops.selu(x)


def celu(x: Any, alpha: float = 1.0) -> Any:
    """Continuously differentiable ELU: ``max(0, x) + min(0, alpha * (exp(x / alpha) - 1))``.

    Args:
        x: input tensor.
        alpha: scale of the negative part.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.celu([0.0, 3.0])).tolist()
        [0.0, 3.0]
    """
    return ops.celu(x, alpha=alpha)


def gelu(x: Any, approximate: bool = False) -> Any:
    """Gaussian error linear unit: ``x * P(X <= x)`` for a standard normal ``X``.

    Args:
        x: input tensor.
        approximate: use the tanh approximation instead of the exact ``erf`` form.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> round(float(activations.gelu(1.0)), 4)
        0.8413
    """
    return ops.gelu(x, approximate=approximate)


def silu(x: Any) -> Any:
    """SiLU, also called swish: ``x * sigmoid(x)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> round(float(activations.silu(1.0)), 4)
        0.7311
    """
    return ops.silu(x)


def hard_silu(x: Any) -> Any:
    """Hard SiLU (hard swish): ``x * relu6(x + 3) / 6``, a cheap stand-in for ``silu``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.hard_silu([-4.0, 0.0, 3.0])).tolist()
        [-0.0, 0.0, 3.0]
    """
    return ops.hard_silu(x)


def mish(x: Any) -> Any:
    """Mish: ``x * tanh(softplus(x))``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> round(float(activations.mish(1.0)), 4)
        0.8651
    """
    return ops.mish(x)


def softplus(x: Any) -> Any:
    """Softplus: ``log(exp(x) + 1)``, a smooth ReLU.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> round(float(activations.softplus(0.0)), 4)
        0.6931
    """
    return ops.softplus(x)


def squareplus(x: Any, b: float = 4) -> Any:
    """Squareplus: ``(x + sqrt(x ** 2 + b)) / 2``, a softplus made of square roots.

    Args:
        x: input tensor.
        b: smoothness; ``b = 0`` gives ReLU.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.squareplus([0.0, 1.5])).tolist()
        [1.0, 2.0]
    """
    return ops.squareplus(x, b=b)


def sparse_plus(x: Any) -> Any:
    """SparsePlus: 0 for ``x <= -1``, ``(x + 1) ** 2 / 4`` in between, ``x`` for ``x >= 1``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.sparse_plus([-2.0, 0.0, 2.0])).tolist()
        [0.0, 0.25, 2.0]
    """
    return ops.sparse_plus(x)


def threshold(x: Any, threshold: float, default_value: float) -> Any:
    """Keeps ``x`` where ``x > threshold`` and puts ``default_value`` elsewhere.

    Args:
        x: input tensor.
        threshold: values at or below it are replaced.
        default_value: the replacement.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.threshold([1.0, 3.0], 2.0, -1.0)).tolist()
        [-1.0, 3.0]
    """
    return ops.threshold(x, threshold, default_value)


def exponential(x: Any) -> Any:
    """Exponential activation: ``exp(x)``.

    Args:
        x: input tensor.

    Returns:
        A tensor of the same shape as ``x``.

    Example:
        >>> from cornu import activations, ops
        >>> ops.convert_to_numpy(activations.exponential([0.0])).tolist()
        [1.0]
    """
    return ops.exp(x)


def linear(x: Any) -> Any:
    """The identity: returns ``x`` unchanged (what ``activation=None`` means).

    Args:
        x: input tensor.

    Returns:
        ``x`` itself.

    Example:
        >>> from cornu import activations
        >>> activations.linear([1.0, -2.0])
        [1.0, -2.0]
    """
    return x
