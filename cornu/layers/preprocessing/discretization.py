"""``Discretization``: buckets numbers by boundaries, given or learned by ``adapt``."""

from __future__ import annotations

import numpy as np

from cornu import backend, ops
from cornu.layers.preprocessing._encoding import encode, encoded_shape
from cornu.layers.preprocessing.data_layer import DataLayer


def _summarize(values, epsilon):
    """A weighted sample of the sorted values: roughly ``1/epsilon`` quantile points."""
    values = np.sort(np.reshape(values, [-1]))
    step = max(values.size * epsilon, 1)
    points = values[int(step - 1)::int(step)]
    return np.stack([points, np.full_like(points, step)])


def _compress(summary, epsilon):
    if summary.shape[1] * epsilon < 1:
        return summary
    percents = epsilon + np.arange(0.0, 1.0, epsilon)
    cum = summary[1].cumsum()
    fractions = cum / cum[-1]
    points = np.interp(percents, fractions, summary[0])
    cum = np.interp(percents, fractions, cum)
    weights = cum - np.concatenate(([0], cum[:-1]))
    return np.stack((points, weights)).astype("float32")


def _merge(a, b, epsilon):
    merged = np.concatenate((a, b), axis=1)
    return _compress(np.take(merged, np.argsort(merged[0]), axis=1), epsilon)


class Discretization(DataLayer):
    """Maps each number to the index of its bucket: ``i`` such that
    ``boundaries[i-1] <= x < boundaries[i]``, optionally one-hot/multi-hot/count encoded.

    Args:
        bin_boundaries: the sorted boundaries (``n`` boundaries give ``n + 1`` buckets).
        num_bins: the number of buckets to learn with ``adapt`` (quantiles of the data).
        epsilon: the error tolerance of the learned quantiles.
        output_mode: "int", "one_hot", "multi_hot" or "count".
        sparse: not supported (dense outputs only).
        dtype: the output dtype of the encoded modes.
        name: the layer name.

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.Discretization(bin_boundaries=[0.0, 1.0, 2.0])
        >>> layer(np.array([[-1.5, 1.0, 3.4, 0.5]])).tolist()
        [[0, 2, 3, 1]]
    """

    def __init__(self, bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int",
                 sparse=False, dtype=None, name=None):
        super().__init__(name=name, dtype=dtype)
        if output_mode not in ("int", "one_hot", "multi_hot", "count"):
            raise ValueError(
                "Discretization: `output_mode` must be 'int', 'one_hot', 'multi_hot' or "
                f"'count', got output_mode={output_mode!r}."
            )
        if sparse:
            raise ValueError("Discretization: sparse=True is not supported by cornu's torch "
                             "backend.")
        if num_bins is not None and num_bins < 0:
            raise ValueError(f"Discretization: `num_bins` must be >= 0, got {num_bins}.")
        if (num_bins is None) == (bin_boundaries is None):
            raise ValueError(
                "Discretization: pass exactly one of `bin_boundaries` (fixed buckets) and "
                f"`num_bins` (learned by adapt); got bin_boundaries={bin_boundaries!r}, "
                f"num_bins={num_bins!r}."
            )
        self.bin_boundaries = list(bin_boundaries) if bin_boundaries is not None else None
        self.num_bins, self.epsilon = num_bins, epsilon
        self.output_mode, self.sparse = output_mode, sparse
        self.summary = None if self.bin_boundaries else np.array([[], []], dtype="float32")

    def adapt(self, data, steps=None):
        """Learns ``num_bins`` quantile buckets from ``data`` (an array or batches)."""
        if self.num_bins is None:
            raise ValueError("Discretization.adapt: this layer has fixed `bin_boundaries`; "
                             "create it with `num_bins` to learn them.")
        self.reset_state()
        if isinstance(data, np.ndarray) or backend.is_tensor(data):
            self.update_state(data)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch[0] if isinstance(batch, tuple) else batch)
        self.finalize_state()

    def update_state(self, data):
        data = np.asarray(ops.convert_to_numpy(data) if backend.is_tensor(data) else data,
                          dtype="float32")
        self.summary = _merge(_summarize(data, self.epsilon), self.summary, self.epsilon)

    def finalize_state(self):
        if self.num_bins is not None:
            self.bin_boundaries = _compress(self.summary, 1.0 / self.num_bins)[0, :-1].tolist()

    def reset_state(self):
        if self.num_bins is not None:
            self.summary = np.array([[], []], dtype="float32")

    def call(self, inputs):
        if self.bin_boundaries is None:
            raise ValueError("Discretization: pass `bin_boundaries` or call `adapt` before "
                             "using the layer.")
        indices = ops.digitize(inputs, ops.convert_to_tensor(
            np.asarray(self.bin_boundaries, dtype="float32")))
        dtype = "int32" if self.output_mode == "int" else self.compute_dtype
        return encode(indices, self.output_mode, len(self.bin_boundaries) + 1, dtype=dtype)

    def compute_output_shape(self, input_shape):
        depth = (len(self.bin_boundaries) + 1 if self.bin_boundaries is not None
                 else self.num_bins)
        return encoded_shape(input_shape, self.output_mode, depth)

    def compute_output_spec(self, inputs, **kwargs):
        dtype = "int32" if self.output_mode == "int" else self.compute_dtype
        return backend.KerasTensor(self.compute_output_shape(inputs.shape), dtype=dtype)

    def get_config(self) -> dict:
        return {"bin_boundaries": self.bin_boundaries, "num_bins": self.num_bins,
                "epsilon": self.epsilon, "output_mode": self.output_mode,
                "sparse": self.sparse, "name": self.name, "dtype": self.dtype}

    @classmethod
    def from_config(cls, config):
        config = dict(config)
        if config.get("bin_boundaries") is not None and config.get("num_bins") is not None:
            boundaries = config.pop("bin_boundaries")
            layer = cls(**config)
            layer.bin_boundaries = boundaries
            return layer
        return cls(**config)
