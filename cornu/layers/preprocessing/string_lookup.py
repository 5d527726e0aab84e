"""``StringLookup``: maps strings to integer indices through a vocabulary."""

from __future__ import annotations

from cornu.layers.preprocessing.index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Turns string tokens into indices: ``[mask] + [OOV] * num_oov_indices + vocabulary``.

    The vocabulary is given (a list, or a text file with one token per line) or learned with
    ``adapt`` (tokens by decreasing frequency). Works on NumPy arrays and lists of ``str`` or
    ``bytes``; no TensorFlow needed.

    Args:
        max_tokens: the largest vocabulary size (special tokens included); None for no limit.
        num_oov_indices: how many indices unknown tokens share (hashed among them).
        mask_token: a token mapped to index 0 (None: no mask).
        oov_token: the token returned for unknown indices with ``invert=True``.
        vocabulary: a list/array of tokens or the path of a vocabulary file.
        idf_weights: the IDF weight of each vocabulary token ("tf_idf" mode).
        invert: map indices back to tokens.
        output_mode: "int", "one_hot", "multi_hot", "count" or "tf_idf".
        pad_to_max_tokens: make the encoded outputs ``max_tokens`` wide.
        sparse: not supported (dense outputs).
        encoding: the text encoding of ``bytes`` inputs ("utf-8").
        name: the layer name.

    Example:
        >>> import cornu
        >>> layer = cornu.layers.StringLookup(vocabulary=["a", "b", "c"])
        >>> layer([["a", "c", "d"], ["d", "z", "b"]]).tolist()
        [[1, 3, 0], [0, 0, 2]]
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 pad_to_max_tokens=False, sparse=False, encoding="utf-8", name=None, **kwargs):
        kwargs.pop("vocabulary_dtype", None)
        self.encoding = encoding
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices,
                         mask_token=mask_token, oov_token=oov_token, vocabulary_dtype="string",
                         vocabulary=vocabulary, idf_weights=idf_weights, invert=invert,
                         output_mode=output_mode, sparse=sparse,
                         pad_to_max_tokens=pad_to_max_tokens, name=name, **kwargs)

    def get_config(self) -> dict:
        config = super().get_config()
        config["encoding"] = self.encoding
        return config
