"""``CategoryEncoding``: integer categories to one-hot, multi-hot or count vectors."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.preprocessing._encoding import encode, encoded_shape
from cornu.layers.preprocessing.data_layer import DataLayer


class CategoryEncoding(DataLayer):
    """Encodes integer category ids in ``[0, num_tokens)`` as dense vectors.

    Args:
        num_tokens: the number of categories.
        output_mode: "multi_hot" (1 where a sample has the id; rank-2 inputs are reduced over
            axis 1), "one_hot" (one vector per id), or "count" (how often each id occurs).
        sparse: not supported (dense outputs only).
        **kwargs: base layer arguments.

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.CategoryEncoding(num_tokens=4, output_mode="count")
        >>> layer(np.array([[0, 1, 1], [3, 3, 2]])).tolist()
        [[1.0, 2.0, 0.0, 0.0], [0.0, 0.0, 1.0, 2.0]]
    """

    def __init__(self, num_tokens=None, output_mode="multi_hot", sparse=False, **kwargs):
        super().__init__(**kwargs)
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode not in ("count", "one_hot", "multi_hot"):
            raise ValueError(
                "CategoryEncoding: `output_mode` must be 'one_hot', 'multi_hot' or 'count', got "
                f"output_mode={output_mode!r}."
            )
        if num_tokens is None or num_tokens < 1:
            raise ValueError(
                f"CategoryEncoding: `num_tokens` must be an int >= 1, got {num_tokens!r}. When "
                "the categories are not known in advance, use IntegerLookup."
            )
        if sparse:
            raise ValueError("CategoryEncoding: sparse=True is not supported by cornu's torch "
                             "backend; use dense outputs.")
        self.num_tokens, self.output_mode, self.sparse = num_tokens, output_mode, sparse

    def __call__(self, inputs, *args, **kwargs):
        if not backend.is_tensor(inputs) and not isinstance(inputs, backend.KerasTensor):
            inputs = ops.convert_to_tensor(inputs)
        return super().__call__(inputs, *args, **kwargs)

    def call(self, inputs, count_weights=None):
        if count_weights is not None:
            if self.output_mode != "count":
                raise ValueError("CategoryEncoding: `count_weights` needs output_mode='count'.")
            count_weights = ops.cast(ops.convert_to_tensor(count_weights), self.compute_dtype)
        return encode(inputs, self.output_mode, self.num_tokens, dtype=self.compute_dtype,
                      count_weights=count_weights)

    def compute_output_shape(self, input_shape):
        return encoded_shape(input_shape, self.output_mode, self.num_tokens)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"num_tokens": self.num_tokens, "output_mode": self.output_mode,
                       "sparse": self.sparse})
        return config
