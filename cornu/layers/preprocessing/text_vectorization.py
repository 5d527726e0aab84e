"""``TextVectorization``: raw strings to token indices or bag-of-words vectors, no TF."""

from __future__ import annotations

import re

import numpy as np

from cornu import backend
from cornu.layers.preprocessing import _strings
from cornu.layers.preprocessing.data_layer import DataLayer
from cornu.layers.preprocessing.string_lookup import StringLookup

# The characters Keras strips (a range ",-." included), and TF's ASCII-only lowercasing.
_PUNCTUATION = re.compile(r'[!"#$%&()\*\+,-\./:;<=>?@\[\\\]^_`{|}~\']')
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_WHITESPACE = re.compile(r"[ \t\n\r\v\f]+")
_STANDARDIZE = (None, "lower_and_strip_punctuation", "lower", "strip_punctuation")
_SPLIT = (None, "whitespace", "character")


class TextVectorization(DataLayer):
    """Standardizes, splits and n-grams text, then looks the tokens up in a vocabulary.

    In "int" mode index 0 is padding (the empty token) and index 1 is out-of-vocabulary; the
    other modes ("multi_hot", "count", "tf_idf") give one vector per text, OOV at index 0.
    Inputs are strings (a list, or a NumPy array of shape ``(batch,)`` or ``(batch, 1)``);
    the output is a tensor.

    Args:
        max_tokens: the largest vocabulary size (padding and OOV included).
        standardize: "lower_and_strip_punctuation", "lower", "strip_punctuation", None, or a
            callable taking and returning a NumPy array of strings.
        split: "whitespace", "character", None (the inputs are tokens already), or a callable
            taking a 1-D array of strings and returning one list of tokens per string.
        ngrams: None, an int ``n`` (all 1..n-grams) or a tuple of n-gram sizes.
        output_mode: "int", "multi_hot", "count" or "tf_idf".
        output_sequence_length: "int" mode: pad or truncate every sequence to this length.
        pad_to_max_tokens: encoded modes: make the output ``max_tokens`` wide.
        vocabulary: a list of tokens or the path of a file with one token per line.
        idf_weights: "tf_idf" mode with a fixed vocabulary: one weight per token.
        sparse: not supported (dense outputs).
        ragged: not supported (dense, zero-padded outputs).
        encoding: the encoding of ``bytes`` inputs ("utf-8").
        name: the layer name.

    Example:
        >>> import cornu
        >>> layer = cornu.layers.TextVectorization(output_sequence_length=4)
        >>> layer.adapt(["The cat sat.", "The dog sat on the mat!"])
        >>> layer(["the cat", "a dog sat"]).tolist()
        [[2, 7, 0, 0], [1, 6, 3, 0]]
    """

    def __init__(self, max_tokens=None, standardize="lower_and_strip_punctuation",
                 split="whitespace", ngrams=None, output_mode="int",
                 output_sequence_length=None, pad_to_max_tokens=False, vocabulary=None,
                 idf_weights=None, sparse=False, ragged=False, encoding="utf-8", name=None,
                 **kwargs):
        if not (standardize in _STANDARDIZE or callable(standardize)):
            raise ValueError(f"TextVectorization: `standardize` must be one of {_STANDARDIZE} or "
                             f"a callable, got {standardize!r}.")
        if not (split in _SPLIT or callable(split)):
            raise ValueError(f"TextVectorization: `split` must be one of {_SPLIT} or a "
                             f"callable, got {split!r}.")
        if output_mode == "binary":
            output_mode = "multi_hot"
        if output_mode == "tf-idf":
            output_mode = "tf_idf"
        if output_mode not in ("int", "multi_hot", "count", "tf_idf"):
            raise ValueError("TextVectorization: `output_mode` must be 'int', 'multi_hot', "
                             f"'count' or 'tf_idf', got {output_mode!r}.")
        if not (ngrams is None or isinstance(ngrams, int) or (
                isinstance(ngrams, (tuple, list)) and all(isinstance(n, int) for n in ngrams))):
            raise ValueError(f"TextVectorization: `ngrams` must be None, an int or a tuple of "
                             f"ints, got {ngrams!r}.")
        if output_sequence_length is not None and output_mode != "int":
            raise ValueError("TextVectorization: `output_sequence_length` is only used with "
                             f"output_mode='int', got output_mode={output_mode!r}.")
        if ragged or sparse:
            raise ValueError("TextVectorization: ragged and sparse outputs are not supported; "
                             "outputs are dense and zero-padded.")
        vocabulary_size = kwargs.pop("vocabulary_size", None)  # Keras's config records it
        for key in ("has_input_vocabulary", "vocabulary_dtype"):
            kwargs.pop(key, None)
        kwargs.pop("dtype", None)
        super().__init__(name=name, **kwargs)
        self._standardize, self._split = standardize, split
        self._ngrams_arg = tuple(ngrams) if isinstance(ngrams, list) else ngrams
        self._ngrams = (tuple(range(1, ngrams + 1)) if isinstance(ngrams, int)
                        else self._ngrams_arg)
        self._output_mode = output_mode
        self._output_sequence_length = output_sequence_length
        self._encoding = encoding
        self._lookup_layer = StringLookup(
            max_tokens=max_tokens, vocabulary=vocabulary, idf_weights=idf_weights,
            pad_to_max_tokens=pad_to_max_tokens, mask_token="", output_mode=output_mode,
            encoding=encoding, vocabulary_size=vocabulary_size)
        self.built = True

    # --- text processing ------------------------------------------------------------------
    def _standardize_array(self, arr: np.ndarray) -> np.ndarray:
        mode = self._standardize
        if callable(mode):
            return _strings.to_numpy(mode(arr.astype(str)))
        out = np.empty(arr.shape, dtype=object)
        flat, flat_out = arr.reshape(-1), out.reshape(-1)
        for i, text in enumerate(flat.tolist()):
            if mode in ("lower", "lower_and_strip_punctuation"):
                text = text.translate(_ASCII_LOWER)
            if mode in ("strip_punctuation", "lower_and_strip_punctuation"):
                text = _PUNCTUATION.sub("", text)
            flat_out[i] = text
        return out

    def _split_array(self, arr: np.ndarray) -> list:
        if arr.ndim > 1:
            if arr.shape[-1] != 1:
                raise ValueError(
                    "TextVectorization: to split strings, inputs must have shape (batch,) or "
                    f"(batch, 1), got {arr.shape}."
                )
            arr = arr.reshape(arr.shape[:-1])
        if callable(self._split):
            return [[str(t) for t in tokens] for tokens in self._split(arr)]
        if self._split == "character":
            return [list(text) for text in arr.tolist()]
        return [[t for t in _WHITESPACE.split(text) if t] for text in arr.tolist()]

    def _make_ngrams(self, tokens: list) -> list:
        if not self._ngrams:
            return tokens
        out = []
        for n in self._ngrams:
            out.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return out

    def _preprocess(self, inputs) -> list:
        """The token lists of the batch (one list per text)."""
        arr = _strings.to_numpy(inputs)
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if not _strings.is_text(arr):
            raise ValueError(f"TextVectorization: expected strings, got an array of "
                             f"{arr.dtype}.")
        arr = self._standardize_array(arr)
        if self._split is None:
            rows = arr.reshape(arr.shape[0], -1) if arr.ndim > 1 else arr.reshape(-1, 1)
            return [self._make_ngrams(list(r)) for r in rows.tolist()]
        return [self._make_ngrams(tokens) for tokens in self._split_array(arr)]

    # --- vocabulary -----------------------------------------------------------------------
    def adapt(self, data, batch_size=None, steps=None) -> None:
        """Builds the vocabulary from texts: an array/list of strings or batches of them."""
        lookup = self._lookup_layer
        lookup.reset_state()
        if isinstance(data, (str, bytes, list, tuple, np.ndarray)) or backend.is_tensor(data):
            batches = [data]
        else:
            batches = data
        for i, batch in enumerate(batches):
            if steps is not None and i >= steps:
                break
            batch = batch[0] if isinstance(batch, tuple) else batch
            for tokens in self._preprocess(batch):
                lookup.update_state([tokens] if tokens else [[""]])
        lookup.finalize_state()

    def update_state(self, data) -> None:
        for tokens in self._preprocess(data):
            self._lookup_layer.update_state([tokens] if tokens else [[""]])

    def finalize_state(self) -> None:
        self._lookup_layer.finalize_state()

    def reset_state(self) -> None:
        self._lookup_layer.reset_state()

    def get_vocabulary(self, include_special_tokens=True) -> list:
        return self._lookup_layer.get_vocabulary(include_special_tokens)

    def vocabulary_size(self) -> int:
        return self._lookup_layer.vocabulary_size()

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        self._lookup_layer.set_vocabulary(vocabulary, idf_weights=idf_weights)

    # --- call -----------------------------------------------------------------------------
    def __call__(self, inputs, *args, **kwargs):
        if _strings.is_symbolic(inputs):
            return super().__call__(inputs, *args, **kwargs)
        return self.call(inputs)

    def call(self, inputs):
        token_lists = self._preprocess(inputs)
        width = max((len(t) for t in token_lists), default=0)
        if self._output_mode == "int" and self._output_sequence_length is not None:
            width = self._output_sequence_length
        padded = np.full((len(token_lists), max(width, 1)), "", dtype=object)
        for row, tokens in enumerate(token_lists):
            tokens = tokens[:padded.shape[1]]
            padded[row, :len(tokens)] = tokens
        if self._output_mode == "int" and width == 0:
            padded = padded[:, :0]
        return self._lookup_layer.call(padded)

    def compute_output_shape(self, input_shape):
        if self._output_mode == "int":
            return (input_shape[0], self._output_sequence_length)
        return self._lookup_layer.compute_output_shape((input_shape[0], None))

    def compute_output_spec(self, inputs, **kwargs):
        dtype = "int64" if self._output_mode == "int" else backend.floatx()
        return backend.KerasTensor(self.compute_output_shape(inputs.shape), dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        lookup = self._lookup_layer.get_config()
        config.update({
            "max_tokens": lookup["max_tokens"],
            "standardize": self._standardize if not callable(self._standardize) else None,
            "split": self._split if not callable(self._split) else None,
            "ngrams": self._ngrams_arg, "output_mode": self._output_mode,
            "output_sequence_length": self._output_sequence_length,
            "pad_to_max_tokens": lookup["pad_to_max_tokens"], "sparse": False,
            "ragged": False, "vocabulary": lookup["vocabulary"],
            "idf_weights": lookup["idf_weights"], "encoding": self._encoding,
            "vocabulary_size": lookup["vocabulary_size"],
        })
        return config

    # --- saving: the inner lookup's vocabulary asset and IDF weights (Keras's layout) --------
    def save_own_variables(self, store) -> None:
        self._lookup_layer.save_own_variables(store)

    def load_own_variables(self, store) -> None:
        self._lookup_layer.load_own_variables(store)

    def save_assets(self, dir_path) -> None:
        """Writes the vocabulary to ``dir_path/vocabulary.txt`` unless the config holds it."""
        self._lookup_layer.save_assets(dir_path)

    def load_assets(self, dir_path) -> None:
        """Reads the vocabulary ``save_assets`` wrote."""
        self._lookup_layer.load_assets(dir_path)
