"""``IntegerLookup``: maps arbitrary integers to contiguous indices through a vocabulary."""

from __future__ import annotations

from cornu.layers.preprocessing.index_lookup import IndexLookup


class IntegerLookup(IndexLookup):
    """Turns integer tokens (e.g. ids) into indices ``[mask] + [OOV] + vocabulary``.

    Args:
        max_tokens: the largest vocabulary size (special tokens included).
        num_oov_indices: how many indices unknown tokens share.
        mask_token: an integer mapped to index 0 (None: no mask).
        oov_token: the integer returned for unknown indices with ``invert=True`` (-1).
        vocabulary: a list/array of integers or the path of a vocabulary file.
        vocabulary_dtype: "int64" or "int32".
        idf_weights: the IDF weight of each vocabulary token ("tf_idf" mode).
        invert: map indices back to tokens.
        output_mode: "int", "one_hot", "multi_hot", "count" or "tf_idf".
        sparse: not supported (dense outputs).
        pad_to_max_tokens: make the encoded outputs ``max_tokens`` wide.
        name: the layer name.

    Example:
        >>> import numpy as np, cornu
        >>> layer = cornu.layers.IntegerLookup(vocabulary=[12, 36, 1138, 42])
        >>> layer(np.array([[12, 1138, 42], [42, 1000, 36]])).tolist()
        [[1, 3, 4], [4, 0, 2]]
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1,
                 vocabulary=None, vocabulary_dtype="int64", idf_weights=None, invert=False,
                 output_mode="int", sparse=False, pad_to_max_tokens=False, name=None,
                 **kwargs):
        if vocabulary_dtype not in ("int32", "int64"):
            raise ValueError(f"IntegerLookup: `vocabulary_dtype` must be 'int32' or 'int64', "
                             f"got {vocabulary_dtype!r}.")
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=mask_token, oov_token=oov_token,
                         vocabulary_dtype=vocabulary_dtype, vocabulary=vocabulary,
                         idf_weights=idf_weights, invert=invert, output_mode=output_mode,
                         sparse=sparse, pad_to_max_tokens=pad_to_max_tokens, name=name,
                         **kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        config["vocabulary_dtype"] = self.vocabulary_dtype
        return config
