"""``Hashing``: hashes strings or integers into a fixed number of bins."""

from __future__ import annotations

import numpy as np

from cornu import backend
from cornu.layers.preprocessing import _strings
from cornu.layers.preprocessing._encoding import encode
from cornu.layers.preprocessing._hash import fingerprint64, siphash, to_bytes
from cornu.layers.preprocessing.data_layer import DataLayer


class Hashing(DataLayer):
    """Maps each value to ``hash(value) % num_bins`` with the same hashes as TensorFlow
    (FarmHash Fingerprint64; SipHash-2-4 keyed by ``salt``), so bins match Keras's.

    Integers are hashed as their decimal text, floats are truncated to integers first.

    Args:
        num_bins: the number of bins (including the mask bin, if any).
        mask_value: a value mapped to bin 0 (the others then use bins 1..num_bins-1).
        salt: an int or a pair of ints: use the keyed (strong) hash.
        output_mode: "int", "one_hot", "multi_hot" or "count".
        sparse: not supported (dense outputs).
        **kwargs: base layer arguments.

    Example:
        >>> import cornu
        >>> cornu.layers.Hashing(num_bins=3)([["A"], ["B"], ["C"], ["D"], ["E"]]).tolist()
        [[1], [0], [1], [1], [2]]
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False,
                 **kwargs):
        if kwargs.get("dtype") is None:
            kwargs["dtype"] = "int64" if output_mode == "int" else backend.floatx()
        super().__init__(**kwargs)
        if num_bins is None or num_bins <= 0:
            raise ValueError(f"Hashing: `num_bins` must be a positive int, got {num_bins!r}.")
        if output_mode not in ("int", "one_hot", "multi_hot", "count"):
            raise ValueError("Hashing: `output_mode` must be 'int', 'one_hot', 'multi_hot' or "
                             f"'count', got {output_mode!r}.")
        if sparse:
            raise ValueError("Hashing: sparse=True is not supported by cornu's torch backend.")
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = [int(salt[0]), int(salt[1])]
            elif isinstance(salt, int):
                salt = [salt, salt]
            else:
                raise ValueError(f"Hashing: `salt` must be an int or a pair of ints, got "
                                 f"{salt!r}.")
        self.num_bins, self.mask_value, self.salt = num_bins, mask_value, salt
        self.strong_hash = salt is not None
        self.output_mode, self.sparse = output_mode, sparse

    def hash_values(self, arr: np.ndarray) -> np.ndarray:
        """The bin of every value of ``arr`` (int64, same shape)."""
        bins = self.num_bins
        mask_value = self.mask_value
        use_mask = mask_value is not None and bins > 1
        if use_mask:
            bins -= 1
        out = np.empty(arr.shape, dtype="int64")
        flat_out = out.reshape(-1)
        for i, value in enumerate(arr.reshape(-1).tolist()):
            if use_mask and value == mask_value:
                flat_out[i] = 0
                continue
            data = to_bytes(value)
            h = siphash(self.salt[0], self.salt[1], data) if self.strong_hash else fingerprint64(
                data)
            flat_out[i] = h % bins + (1 if use_mask else 0)
        return out

    def __call__(self, inputs, *args, **kwargs):
        if _strings.is_symbolic(inputs):
            return super().__call__(inputs, *args, **kwargs)
        return self.call(inputs)

    def call(self, inputs):
        arr = _strings.to_numpy(inputs)
        if self.output_mode == "one_hot" and arr.ndim and arr.shape[-1] == 1:
            arr = arr.reshape(arr.shape[:-1])
        indices = self.hash_values(arr)
        if self.output_mode == "int":
            return _strings.to_tensor(indices, self.compute_dtype)
        return encode(_strings.to_tensor(indices, "int64"), self.output_mode, self.num_bins,
                      dtype=self.compute_dtype)

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        return tuple(input_shape[:-1]) + (self.num_bins,) if input_shape else (self.num_bins,)

    def compute_output_spec(self, inputs, **kwargs):
        return backend.KerasTensor(self.compute_output_shape(inputs.shape),
                                   dtype=self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"num_bins": self.num_bins, "salt": self.salt,
                       "mask_value": self.mask_value, "output_mode": self.output_mode,
                       "sparse": self.sparse})
        return config
