"""Initializers whose spread depends on the kernel's fan-in and fan-out: VarianceScaling
and its named presets (Glorot, He, LeCun)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from cornu import backend
from cornu.initializers._initializer import check_shape, float_dtype
from cornu.initializers._random_initializers import RandomInitializer

# The standard deviation of a unit normal truncated to [-2, 2]; dividing by it gives the
# truncated draw the intended variance.
_TRUNCATED_STDDEV = 0.87962566103423978
_MODES = ("fan_in", "fan_out", "fan_avg")
_DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")


def compute_fans(
    shape: Sequence[int],
    input_axes: Sequence[int] | None = None,
    output_axes: Sequence[int] | None = None,
) -> tuple[int, int]:
    """Returns ``(fan_in, fan_out)`` of a kernel of ``shape``.

    A ``Dense`` kernel ``(in, out)`` has fans ``in`` and ``out``; a convolution kernel
    ``(*window, in_channels, out_channels)`` multiplies both by the window size. Vectors
    use their length for both; scalars count as 1.

    Args:
        shape: the kernel shape.
        input_axes: axes whose sizes multiply to fan_in (overrides the rule above when
            given together with ``output_axes``).
        output_axes: axes whose sizes multiply to fan_out.

    Returns:
        The pair of ints ``(fan_in, fan_out)``.

    Example:
        >>> from cornu.initializers import compute_fans
        >>> compute_fans((3, 3, 16, 32))
        (144, 288)
    """
    shape = tuple(shape)
    if input_axes is not None and output_axes is not None:
        return math.prod(shape[a] for a in input_axes), math.prod(shape[a] for a in output_axes)
    if not shape:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = math.prod(shape[:-2])
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class VarianceScaling(RandomInitializer):
    """Draws with variance ``scale / n``, ``n`` being the fan-in, fan-out or their mean.

    ``"truncated_normal"`` draws a normal truncated at two standard deviations (rescaled so
    the variance is exact), ``"untruncated_normal"`` a plain normal, and ``"uniform"``
    draws from ``[-limit, limit]`` with ``limit = sqrt(3 * scale / n)``.

    Args:
        scale: positive scaling factor.
        mode: ``"fan_in"``, ``"fan_out"`` or ``"fan_avg"``.
        distribution: ``"truncated_normal"`` (``"normal"`` is accepted for it),
            ``"untruncated_normal"`` or ``"uniform"``.
        seed: None, an int, or a ``SeedGenerator``.
        input_axes: optional axes that make up the fan-in (with ``output_axes``).
        output_axes: optional axes that make up the fan-out.

    Example:
        >>> from cornu import initializers, ops
        >>> init = initializers.VarianceScaling(scale=3.0, distribution="uniform", seed=0)
        >>> float(ops.max(ops.abs(init((100, 4))))) <= 0.3
        True
    """

    def __init__(
        self,
        scale: float = 1.0,
        mode: str = "fan_in",
        distribution: str = "truncated_normal",
        seed: Any = None,
        input_axes: Sequence[int] | None = None,
        output_axes: Sequence[int] | None = None,
    ) -> None:
        if not scale > 0.0:
            raise ValueError(
                f"VarianceScaling: `scale` must be a positive float, got scale={scale!r}."
            )
        if mode not in _MODES:
            raise ValueError(f"VarianceScaling: `mode` must be one of {_MODES}, got {mode!r}.")
        distribution = str(distribution).lower()
        if distribution == "normal":
            distribution = "truncated_normal"
        if distribution not in _DISTRIBUTIONS:
            raise ValueError(
                f"VarianceScaling: `distribution` must be one of {_DISTRIBUTIONS}, got "
                f"{distribution!r}."
            )
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape: tuple[int, ...], dtype: str | None = None) -> Any:
        who = type(self).__name__
        shape = check_shape(shape, who)
        dtype = float_dtype(dtype, who)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        fan = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}
        variance = self.scale / max(1.0, fan[self.mode])
        if self.distribution == "uniform":
            limit = math.sqrt(3.0 * variance)
            return backend.random.uniform(shape, -limit, limit, dtype=dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            stddev = math.sqrt(variance)
            return backend.random.normal(shape, 0.0, stddev, dtype=dtype, seed=self.seed)
        stddev = math.sqrt(variance) / _TRUNCATED_STDDEV
        return backend.random.truncated_normal(shape, 0.0, stddev, dtype=dtype, seed=self.seed)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "scale": self.scale,
            "mode": self.mode,
            "distribution": self.distribution,
            "input_axes": self.input_axes,
            "output_axes": self.output_axes,
        }


class _Preset(VarianceScaling):
    """A VarianceScaling with fixed scale, mode and distribution."""

    _preset: tuple[float, str, str] = (1.0, "fan_in", "truncated_normal")

    def __init__(
        self,
        seed: Any = None,
        input_axes: Sequence[int] | None = None,
        output_axes: Sequence[int] | None = None,
    ) -> None:
        scale, mode, distribution = self._preset
        super().__init__(scale, mode, distribution, seed, input_axes, output_axes)

    def get_config(self) -> dict:
        config = super().get_config()
        return {k: config[k] for k in ("seed", "input_axes", "output_axes")}


class GlorotUniform(_Preset):
    """Glorot (Xavier) uniform: ``U(-limit, limit)``, ``limit = sqrt(6 / (fan_in +
    fan_out))``.

    Args:
        seed: None, an int, or a ``SeedGenerator``.
        input_axes: optional axes that make up the fan-in.
        output_axes: optional axes that make up the fan-out.

    Example:
        >>> from cornu import initializers, ops
        >>> w = initializers.GlorotUniform(seed=0)((4, 2))
        >>> float(ops.max(ops.abs(w))) <= 1.0
        True
    """

    _preset = (1.0, "fan_avg", "uniform")


class GlorotNormal(_Preset):
    """Glorot (Xavier) normal: truncated normal with variance ``2 / (fan_in + fan_out)``.

    Args:
        seed: None, an int, or a ``SeedGenerator``.
        input_axes: optional axes that make up the fan-in.
        output_axes: optional axes that make up the fan-out.

    Example:
        >>> from cornu import initializers
        >>> tuple(initializers.GlorotNormal(seed=0)((4, 2)).shape)
        (4, 2)
    """

    _preset = (1.0, "fan_avg", "truncated_normal")


class HeUniform(_Preset):
    """He uniform: ``U(-limit, limit)``, ``limit = sqrt(6 / fan_in)``; suits ReLU layers.

    Args:
        seed: None, an int, or a ``SeedGenerator``.
        input_axes: optional axes that make up the fan-in.
        output_axes: optional axes that make up the fan-out.

    Example:
        >>> from cornu import initializers, ops
        >>> w = initializers.HeUniform(seed=0)((6, 3))
        >>> float(ops.max(ops.abs(w))) <= 1.0
        True
    """

    _preset = (2.0, "fan_in", "uniform")


class HeNormal(_Preset):
    """He normal: truncated normal with variance ``2 / fan_in``; suits ReLU layers.

    Args:
        seed: None, an int, or a ``SeedGenerator``.
        input_axes: optional axes that make up the fan-in.
        output_axes: optional axes that make up the fan-out.

    Example:
        >>> from cornu import initializers
        >>> tuple(initializers.HeNormal(seed=0)((3, 3, 8, 16)).shape)
        (3, 3, 8, 16)
    """

    _preset = (2.0, "fan_in", "truncated_normal")


class LecunUniform(_Preset):
    """LeCun uniform: ``U(-limit, limit)``, ``limit = sqrt(3 / fan_in)``.

    Args:
        seed: None, an int, or a ``SeedGenerator``.
        input_axes: optional axes that make up the fan-in.
        output_axes: optional axes that make up the fan-out.

    Example:
        >>> from cornu import initializers, ops
        >>> w = initializers.LecunUniform(seed=0)((3, 5))
        >>> float(ops.max(ops.abs(w))) <= 1.0
        True
    """

    _preset = (1.0, "fan_in", "uniform")


class LecunNormal(_Preset):
    """LeCun normal: truncated normal with variance ``1 / fan_in``; pairs with ``selu``.

    Args:
        seed: None, an int, or a ``SeedGenerator``.
        input_axes: optional axes that make up the fan-in.
        output_axes: optional axes that make up the fan-out.

    Example:
        >>> from cornu import initializers
        >>> tuple(initializers.LecunNormal(seed=0)((3, 5)).shape)
        (3, 5)
    """

    _preset = (1.0, "fan_in", "truncated_normal")
