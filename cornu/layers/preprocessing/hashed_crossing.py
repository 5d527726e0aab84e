"""``HashedCrossing``: hashes the combination of two or more categorical features."""

from __future__ import annotations

import numpy as np

from cornu import backend
from cornu.layers.preprocessing import _strings
from cornu.layers.preprocessing._encoding import encode
from cornu.layers.preprocessing._hash import fingerprint64, fingerprint_cat64, to_bytes
from cornu.layers.preprocessing.data_layer import DataLayer

_HASH_KEY = 0xDECAFCAFFE
_INT64_MAX = (1 << 63) - 1


def _feature_hash(value) -> int:
    if isinstance(value, (str, bytes)):
        return fingerprint64(to_bytes(value))
    return int(value) & ((1 << 64) - 1)


class HashedCrossing(DataLayer):
    """Bins each combination of values (one per feature, same position) with the hash
    TensorFlow's ``sparse.cross_hashed`` uses, so the bins match Keras's.

    Args:
        num_bins: the number of bins.
        output_mode: "int" or "one_hot".
        sparse: not supported (dense outputs).
        name: the layer name.
        dtype: the output dtype (int64 by default for "int").

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.HashedCrossing(num_bins=5)
        >>> a = np.array(["A", "B", "A", "B", "A"])
        >>> b = np.array([101, 101, 101, 102, 102])
        >>> layer((a, b)).tolist()
        [1, 4, 1, 1, 3]
    """

    def __init__(self, num_bins, output_mode="int", sparse=False, name=None, dtype=None,
                 **kwargs):
        if output_mode == "int" and dtype is None:
            dtype = "int64"
        super().__init__(name=name, dtype=dtype, **kwargs)
        if output_mode not in ("int", "one_hot"):
            raise ValueError(f"HashedCrossing: `output_mode` must be 'int' or 'one_hot', got "
                             f"{output_mode!r}.")
        if sparse:
            raise ValueError("HashedCrossing: sparse=True is not supported by cornu's torch "
                             "backend.")
        self.num_bins, self.output_mode, self.sparse = num_bins, output_mode, sparse

    def __call__(self, inputs, *args, **kwargs):
        if _strings.is_symbolic(inputs):
            return super().__call__(inputs, *args, **kwargs)
        return self.call(inputs)

    def call(self, inputs):
        if not isinstance(inputs, (list, tuple)) or len(inputs) < 2:
            raise ValueError("HashedCrossing: pass a list or tuple of at least two features, "
                             f"got {type(inputs).__name__}.")
        arrays = [_strings.to_numpy(x) for x in inputs]
        shape = arrays[0].shape
        if len(shape) > 2 or (len(shape) == 2 and shape[-1] != 1):
            raise ValueError(f"HashedCrossing: each feature must have shape (batch,) or "
                             f"(batch, 1), got {shape}.")
        if any(a.shape != shape for a in arrays[1:]):
            raise ValueError(f"HashedCrossing: all features must have the same shape, got "
                             f"{[a.shape for a in arrays]}.")
        for a in arrays:
            if not (a.dtype.kind in "iu" or _strings.is_text(a)):
                raise ValueError("HashedCrossing: features must be integers or strings, got "
                                 f"dtype {a.dtype}.")
        columns = [a.reshape(-1).tolist() for a in arrays]
        out = np.empty(len(columns[0]), dtype="int64")
        for i, values in enumerate(zip(*columns)):
            h = _HASH_KEY
            for value in values:
                h = fingerprint_cat64(h, _feature_hash(value))
            out[i] = h % self.num_bins if self.num_bins > 0 else h % _INT64_MAX
        out = out.reshape(shape)
        if self.output_mode == "int":
            return _strings.to_tensor(out, self.compute_dtype)
        return encode(_strings.to_tensor(out, "int64"), "one_hot", self.num_bins,
                      dtype=self.compute_dtype if self.compute_dtype != "int64"
                      else backend.floatx())

    def compute_output_shape(self, input_shape):
        first = tuple(input_shape[0])
        if self.output_mode == "int":
            return first
        if first and first[-1] != 1:
            return first + (self.num_bins,)
        return first[:-1] + (self.num_bins,)

    def get_config(self) -> dict:
        return {"num_bins": self.num_bins, "output_mode": self.output_mode,
                "sparse": self.sparse, "name": self.name, "dtype": self.dtype}
