"""``Normalization``: standardizes features with a mean and variance set or learned by
``adapt``."""

from __future__ import annotations

import itertools
import math

import numpy as np

from cornu import backend, ops
from cornu.layers.preprocessing.data_layer import DataLayer


def _first(batch):
    return batch[0] if isinstance(batch, tuple) else batch


class Normalization(DataLayer):
    """Computes ``(x - mean) / sqrt(var)`` (or the inverse with ``invert=True``), with one
    mean and variance per index of the kept ``axis``.

    Args:
        axis: the axis or axes that keep separate statistics (default -1, the features);
            None for a single mean and variance over everything.
        mean: the mean to use (then ``variance`` too); None to learn it with ``adapt``.
        variance: the variance to use.
        invert: compute ``x * sqrt(var) + mean`` instead (undo a normalization).
        **kwargs: base layer arguments.

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.Normalization()
        >>> layer.adapt(np.array([[1.0], [2.0], [3.0]]))
        >>> [round(v, 4) for v in layer(np.array([[1.0], [3.0]]))[:, 0].tolist()]
        [-1.2247, 1.2247]
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert=False, **kwargs):
        super().__init__(**kwargs)
        self.axis = () if axis is None else ((axis,) if isinstance(axis, int) else tuple(axis))
        self.input_mean, self.input_variance = mean, variance
        self.invert = invert
        self.supports_masking = True
        self._build_input_shape = None
        if (mean is None) != (variance is None):
            raise ValueError(
                "Normalization: pass both `mean` and `variance`, or neither (then call "
                f"`adapt`); got mean={mean!r}, variance={variance!r}."
            )
        if mean is not None:
            if np.shape(mean) != np.shape(variance):
                raise ValueError(
                    f"Normalization: `mean` and `variance` must have the same shape, got "
                    f"{np.shape(mean)} and {np.shape(variance)}."
                )
            if len(np.shape(mean)) > len(self.axis):
                raise ValueError(
                    f"Normalization: `mean` has rank {np.ndim(mean)}, more than the number of "
                    f"kept axes {self.axis}."
                )

    def build(self, input_shape):
        if input_shape is None:
            return
        ndim = len(input_shape)
        if any(a < -ndim or a >= ndim for a in self.axis):
            raise ValueError(f"Normalization: `axis` {self.axis} is out of range for inputs "
                             f"of rank {ndim}.")
        self._build_input_shape = tuple(input_shape)
        self._keep_axis = tuple(sorted(a % ndim for a in self.axis))
        for d in self._keep_axis:
            if input_shape[d] is None:
                raise ValueError(
                    f"Normalization: the kept axis {d} of inputs {tuple(input_shape)} must have "
                    "a known size."
                )
        self._reduce_axis = tuple(d for d in range(ndim) if d not in self._keep_axis)
        self._broadcast_shape = [input_shape[d] if d in self._keep_axis else 1
                                 for d in range(ndim)]
        stats_shape = tuple(input_shape[d] for d in self._keep_axis)
        self._mean_and_var_shape = stats_shape
        if self.input_mean is None:
            self.adapt_mean = self.add_weight(name="mean", shape=stats_shape,
                                              initializer="zeros", trainable=False)
            self.adapt_variance = self.add_weight(name="variance", shape=stats_shape,
                                                  initializer="ones", trainable=False)
            self.count = self.add_weight(name="count", shape=(), dtype="int64",
                                         initializer="zeros", trainable=False)
            self._fixed = None
        else:
            self._fixed = (self._expand(self.input_mean), self._expand(self.input_variance))
        self.built = True

    def _expand(self, value):
        value = np.asarray(value, dtype="float64")
        shape = [1] * len(self._broadcast_shape)
        for i in range(1, value.ndim + 1):
            shape[self._keep_axis[-i]] = value.shape[-i]
        value = np.broadcast_to(value.reshape(shape), self._broadcast_shape)
        return ops.cast(ops.convert_to_tensor(np.array(value)), self.compute_dtype)

    def adapt(self, data):
        """Learns the mean and variance of ``data`` (an array, a tensor, a ``PyDataset`` or
        any iterable of batches; ``(x, y)`` batches use ``x``)."""
        if isinstance(data, np.ndarray) or backend.is_tensor(data):
            batches, shape = None, tuple(data.shape)
        elif hasattr(data, "__iter__"):
            it = iter(data)
            first = next(it, None)
            if first is None:
                raise ValueError("Normalization.adapt: got an empty iterable; pass at least "
                                 "one batch.")
            first = _first(first)
            if not hasattr(first, "shape"):
                first = np.asarray(first)
            batches, shape = itertools.chain([first], it), tuple(first.shape)
        else:
            raise TypeError(
                f"Normalization.adapt: expected an array, a tensor or an iterable of batches, "
                f"got {type(data).__name__}."
            )
        if not self.built:
            self.build(shape)
        elif any(shape[d] != self._build_input_shape[d] for d in self._keep_axis):
            raise ValueError(f"Normalization.adapt: data of shape {shape} does not match the "
                             f"built input shape {self._build_input_shape}.")
        if self.input_mean is not None:
            raise ValueError("Normalization.adapt: this layer was given a fixed mean and "
                             "variance.")
        if batches is None:
            x = np.asarray(ops.convert_to_numpy(data), dtype="float64")
            mean, var = x.mean(axis=self._reduce_axis), x.var(axis=self._reduce_axis)
        else:
            mean = np.zeros(self._mean_and_var_shape)
            var = np.zeros(self._mean_and_var_shape)
            total = 0
            for batch in batches:
                x = np.asarray(ops.convert_to_numpy(_first(batch)), dtype="float64")
                count = math.prod(x.shape[d] for d in self._reduce_axis)
                total += count
                w = count / total
                b_mean, b_var = x.mean(axis=self._reduce_axis), x.var(axis=self._reduce_axis)
                new_mean = mean * (1 - w) + b_mean * w
                var = (var + (mean - new_mean) ** 2) * (1 - w) + (
                    b_var + (b_mean - new_mean) ** 2) * w
                mean = new_mean
        self.adapt_mean.assign(ops.cast(ops.convert_to_tensor(mean), "float32"))
        self.adapt_variance.assign(ops.cast(ops.convert_to_tensor(var), "float32"))

    def _stats(self):
        if self._fixed is not None:
            return self._fixed
        mean = ops.cast(ops.reshape(self.adapt_mean, self._broadcast_shape), self.compute_dtype)
        var = ops.cast(ops.reshape(self.adapt_variance, self._broadcast_shape),
                       self.compute_dtype)
        return mean, var

    def call(self, inputs):
        mean, variance = self._stats()
        inputs = ops.cast(inputs, self.compute_dtype)
        scale = ops.maximum(ops.sqrt(variance), backend.epsilon())
        if self.invert:
            return mean + inputs * scale
        return (inputs - mean) / scale

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"axis": self.axis, "invert": self.invert,
                       "mean": np.array(self.input_mean).tolist(),
                       "variance": np.array(self.input_variance).tolist()})
        return config

    def get_build_config(self):
        if self._build_input_shape:
            return {"input_shape": self._build_input_shape}
        return None

    def build_from_config(self, config):
        if config:
            self.build(config["input_shape"])
