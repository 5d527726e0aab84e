"""``IndexLookup``: the vocabulary table shared by ``StringLookup`` and ``IntegerLookup``.

Indices are laid out as Keras's: ``[mask token] + [OOV indices] + vocabulary``. Lookups run
in NumPy on the CPU (text never becomes a tensor); the output is an integer (or encoded
float) tensor.
"""

from __future__ import annotations

import numpy as np

from cornu import backend
from cornu.layers.preprocessing import _strings
from cornu.layers.preprocessing._encoding import OUTPUT_MODES, encode, encoded_shape
from cornu.layers.preprocessing._hash import fingerprint64, to_bytes
from cornu.layers.preprocessing.data_layer import DataLayer


def _read_vocabulary_file(path: str) -> list:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").rstrip("\r") for line in f]


class IndexLookup(DataLayer):
    """Maps tokens to indices (or indices back to tokens with ``invert=True``).

    See ``StringLookup`` and ``IntegerLookup`` for the arguments.
    """

    def __init__(self, max_tokens, num_oov_indices, mask_token, oov_token, vocabulary_dtype,
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int",
                 sparse=False, pad_to_max_tokens=False, **kwargs):
        name = type(self).__name__
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(f"{name}: `max_tokens` must be > 1 when set, got {max_tokens}.")
        if pad_to_max_tokens and max_tokens is None:
            raise ValueError(f"{name}: pad_to_max_tokens=True needs `max_tokens`.")
        if num_oov_indices < 0:
            raise ValueError(f"{name}: `num_oov_indices` must be >= 0, got {num_oov_indices}.")
        output_mode = "tf_idf" if output_mode == "tf-idf" else output_mode
        if output_mode not in OUTPUT_MODES:
            raise ValueError(f"{name}: `output_mode` must be one of {OUTPUT_MODES}, got "
                             f"output_mode={output_mode!r}.")
        if invert and output_mode != "int":
            raise ValueError(f"{name}: invert=True needs output_mode='int', got "
                             f"{output_mode!r}.")
        if idf_weights is not None and output_mode != "tf_idf":
            raise ValueError(f"{name}: `idf_weights` is only used with output_mode='tf_idf'.")
        if sparse:
            raise ValueError(f"{name}: sparse=True is not supported by cornu's torch backend.")
        kwargs.setdefault("dtype", "int64" if output_mode == "int" else None)
        # Keras records these too: the vocabulary size lets a model rebuilt from its config
        # know its output width before the vocabulary asset loads.
        frozen_size = kwargs.pop("vocabulary_size", None)
        for key in ("oov_method", "salt", "has_input_vocabulary"):
            kwargs.pop(key, None)
        super().__init__(**kwargs)
        self._frozen_vocab_size = frozen_size
        self.max_tokens, self.num_oov_indices = max_tokens, num_oov_indices
        self.mask_token, self.oov_token = mask_token, oov_token
        self.vocabulary_dtype = vocabulary_dtype
        self.invert, self.output_mode = invert, output_mode
        self.sparse, self.pad_to_max_tokens = sparse, pad_to_max_tokens
        # A vocabulary given inline stays in the config; one adapted, set later or read from
        # a file is saved as an asset (``vocabulary.txt``), as Keras does.
        self.input_vocabulary = None if isinstance(vocabulary, str) else vocabulary
        self.input_idf_weights = idf_weights
        self._tokens: list = []
        self._idf = None
        self._has_input_vocabulary = False
        self._counts: dict = {}
        self._doc_counts: dict = {}
        self._num_documents = 0
        if vocabulary is not None:
            self.set_vocabulary(vocabulary, idf_weights)
        self.built = True

    # --- vocabulary -----------------------------------------------------------------------
    def _has_mask_index(self) -> bool:
        # Only the "int" output reserves index 0 for the mask; the encoded outputs drop masks.
        return self.mask_token is not None and self.output_mode == "int"

    def _token_start(self) -> int:
        return (1 if self._has_mask_index() else 0) + self.num_oov_indices

    def _coerce(self, token):
        if self.vocabulary_dtype == "string":
            return token.decode("utf-8") if isinstance(token, bytes) else str(token)
        return int(token)

    def set_vocabulary(self, vocabulary, idf_weights=None) -> None:
        """Sets the vocabulary (a list, an array, or the path of a one-token-per-line file)
        and, for "tf_idf", its IDF weights."""
        name = type(self).__name__
        if self.output_mode == "tf_idf" and idf_weights is None:
            raise ValueError(f"{name}: output_mode='tf_idf' needs `idf_weights` with a fixed "
                             "vocabulary.")
        if isinstance(vocabulary, str):
            vocabulary = _read_vocabulary_file(vocabulary)
        tokens = [self._coerce(t) for t in _strings.to_numpy(vocabulary).reshape(-1).tolist()]
        start = self._token_start()
        specials = ([self.mask_token] if self._has_mask_index() else []) + [
            self.oov_token] * self.num_oov_indices
        specials = [self._coerce(t) for t in specials]
        if tokens[:start] == specials and start:
            tokens = tokens[start:]
            if idf_weights is not None:
                idf_weights = np.asarray(idf_weights)[start:]
        if self.mask_token is not None and self._coerce(self.mask_token) in tokens:
            raise ValueError(f"{name}: the mask token {self.mask_token!r} is in the vocabulary; "
                             "remove it (the layer adds it at index 0).")
        if self.invert and self.oov_token is not None and self._coerce(self.oov_token) in tokens:
            raise ValueError(f"{name}: the OOV token {self.oov_token!r} is in the vocabulary.")
        if len(set(tokens)) != len(tokens):
            raise ValueError(f"{name}: the vocabulary has repeated tokens.")
        if self.max_tokens is not None and len(tokens) + start > self.max_tokens:
            raise ValueError(f"{name}: a vocabulary of {len(tokens) + start} entries (with the "
                             f"special tokens) is more than max_tokens={self.max_tokens}.")
        self._tokens = tokens
        self._has_input_vocabulary = True
        if idf_weights is not None:
            idf = np.asarray(idf_weights, dtype="float32").reshape(-1)
            if len(idf) != len(tokens):
                raise ValueError(f"{name}: `idf_weights` must have one weight per vocabulary "
                                 f"token ({len(tokens)}), got {len(idf)}.")
            self._set_idf(idf)
        self._rebuild()

    def _set_idf(self, idf) -> None:
        idf = np.concatenate([np.full(self._token_start(), idf.mean() if idf.size else 0.0),
                              idf]).astype("float32")
        if self.pad_to_max_tokens and self.max_tokens is not None:
            idf = np.pad(idf, (0, self.max_tokens - len(idf)))
        self._idf = idf

    def _rebuild(self) -> None:
        start = self._token_start()
        self._index = {t: i + start for i, t in enumerate(self._tokens)}

    def get_vocabulary(self, include_special_tokens=True) -> list:
        """The tokens by index; the mask and OOV entries first unless excluded."""
        if not include_special_tokens:
            return list(self._tokens)
        specials = ([self.mask_token] if self._has_mask_index() else []) + [
            self.oov_token] * self.num_oov_indices
        return [self._coerce(t) if t is not None else t for t in specials] + list(self._tokens)

    def vocabulary_size(self) -> int:
        """The number of indices, special tokens included."""
        return self._token_start() + len(self._tokens)

    # --- adapt ----------------------------------------------------------------------------
    def adapt(self, data, steps=None) -> None:
        """Builds the vocabulary from ``data`` (an array/list of tokens or an iterable of
        batches): tokens sorted by frequency, then in reverse order, at most ``max_tokens``."""
        self.reset_state()
        if isinstance(data, (list, tuple, np.ndarray)) or backend.is_tensor(data):
            self.update_state(data)
        else:
            for i, batch in enumerate(data):
                if steps is not None and i >= steps:
                    break
                self.update_state(batch[0] if isinstance(batch, tuple) else batch)
        self.finalize_state()

    def reset_state(self) -> None:
        self._counts, self._doc_counts, self._num_documents = {}, {}, 0

    def _tokenize_for_adapt(self, data) -> list:
        arr = _strings.to_numpy(data)
        if arr.ndim == 0:
            arr = arr.reshape(1, 1)
        elif arr.ndim == 1:
            arr = arr.reshape(1, -1)
        return [[self._coerce(t) for t in row.reshape(-1).tolist()] for row in arr]

    def update_state(self, data) -> None:
        if self._has_input_vocabulary:
            raise ValueError(f"{type(self).__name__}: cannot adapt a layer given a fixed "
                             "vocabulary.")
        for doc in self._tokenize_for_adapt(data):
            for token in doc:
                self._counts[token] = self._counts.get(token, 0) + 1
            if self.output_mode == "tf_idf":
                for token in set(doc):
                    self._doc_counts[token] = self._doc_counts.get(token, 0) + 1
                self._num_documents += 1

    def finalize_state(self) -> None:
        if self._has_input_vocabulary or not self._counts:
            return
        counts = dict(self._counts)
        for special in (self.mask_token, self.oov_token):
            if special is not None:
                counts.pop(self._coerce(special), None)
        order = sorted(counts, key=lambda t: (counts[t], _sort_key(t)), reverse=True)
        if self.max_tokens:
            order = order[:self.max_tokens - self._token_start()]
        self._tokens = order
        if self.output_mode == "tf_idf":
            df = np.array([self._doc_counts.get(t, 0) for t in order], dtype="float64")
            self._set_idf(np.log(1 + self._num_documents / (1 + df)).astype("float32"))
        self._rebuild()

    # --- lookup ---------------------------------------------------------------------------
    def _oov_index(self, token) -> int:
        offset = 1 if self._has_mask_index() else 0
        if self.num_oov_indices <= 1:
            return offset if self.num_oov_indices == 1 else -1
        return offset + fingerprint64(to_bytes(token)) % self.num_oov_indices

    def _lookup(self, arr: np.ndarray) -> np.ndarray:
        mask = self._coerce(self.mask_token) if self.mask_token is not None else None
        mask_value = 0 if self.output_mode == "int" else -1
        index = self._index
        out = np.empty(arr.shape, dtype="int64")
        flat, flat_out = arr.reshape(-1), out.reshape(-1)
        for i, raw in enumerate(flat.tolist()):
            token = self._coerce(raw)
            if mask is not None and token == mask:
                flat_out[i] = mask_value
            else:
                found = index.get(token)
                flat_out[i] = found if found is not None else self._oov_index(token)
        if self.num_oov_indices == 0 and mask is None and (out < 0).any():
            raise KeyError(f"{type(self).__name__}: a token is not in the vocabulary and "
                           "num_oov_indices=0.")
        return out

    def _invert(self, arr: np.ndarray) -> np.ndarray:
        vocab = self.get_vocabulary()
        oov = self.oov_token
        out = np.empty(arr.shape, dtype=object)
        flat, flat_out = arr.reshape(-1), out.reshape(-1)
        for i, idx in enumerate(flat.tolist()):
            idx = int(idx)
            flat_out[i] = vocab[idx] if 0 <= idx < len(vocab) else oov
        if self.vocabulary_dtype != "string":
            return out.astype(self.vocabulary_dtype)
        return out

    def __call__(self, inputs, *args, **kwargs):
        if _strings.is_symbolic(inputs):
            return super().__call__(inputs, *args, **kwargs)
        return self.call(inputs)

    def call(self, inputs):
        arr = _strings.to_numpy(inputs)
        if self.invert:
            return self._invert(arr)
        indices = self._lookup(arr)
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        if self.output_mode == "int":
            return _strings.to_tensor(indices, self.compute_dtype)
        return encode(_strings.to_tensor(indices, "int64"), self.output_mode, depth,
                      dtype=backend.floatx(), idf_weights=self._idf)

    def compute_output_shape(self, input_shape):
        depth = self.max_tokens if self.pad_to_max_tokens else self.vocabulary_size()
        if not self._tokens and self._frozen_vocab_size:  # rebuilt, vocabulary not loaded yet
            depth = self._frozen_vocab_size
        return encoded_shape(input_shape, self.output_mode, depth)

    def compute_output_spec(self, inputs, **kwargs):
        dtype = self.compute_dtype if self.output_mode == "int" else backend.floatx()
        return backend.KerasTensor(self.compute_output_shape(inputs.shape), dtype=dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "invert": self.invert, "max_tokens": self.max_tokens,
            "num_oov_indices": self.num_oov_indices, "oov_token": self.oov_token,
            "mask_token": self.mask_token, "output_mode": self.output_mode,
            "sparse": self.sparse, "pad_to_max_tokens": self.pad_to_max_tokens,
            "vocabulary": _listify(self.input_vocabulary),
            "idf_weights": _listify(self.input_idf_weights),
            "vocabulary_size": self.vocabulary_size(),
        })
        return config

    # --- saving: the vocabulary as an asset, the IDF weights as a variable (Keras's layout) -
    def save_own_variables(self, store) -> None:
        if self.output_mode == "tf_idf" and self._idf is not None:
            store["idf_weights"] = self._idf

    def load_own_variables(self, store) -> None:
        if self.output_mode == "tf_idf" and "idf_weights" in store:
            self._idf = np.asarray(store["idf_weights"], dtype="float32").reshape(-1)

    def save_assets(self, dir_path) -> None:
        """Writes the vocabulary to ``dir_path/vocabulary.txt`` unless the config holds it."""
        from cornu.saving.assets import write_vocabulary

        if self.input_vocabulary is None:
            write_vocabulary(dir_path, self.get_vocabulary())

    def load_assets(self, dir_path) -> None:
        """Reads the vocabulary ``save_assets`` wrote (the layer can still be adapted)."""
        from cornu.saving.assets import read_vocabulary

        if self.input_vocabulary is not None:
            return
        tokens = read_vocabulary(dir_path, self.vocabulary_dtype != "string",
                                 f"{type(self).__name__} '{self.name}'")
        idf = None
        if self.output_mode == "tf_idf" and self._idf is not None:
            idf = self._idf[:len(tokens)]
        fixed = self._has_input_vocabulary
        self.set_vocabulary(tokens, idf)
        self._has_input_vocabulary = fixed


def _listify(value):
    if value is None:
        return None
    return _strings.to_numpy(value).reshape(-1).tolist()


def _sort_key(token):
    return token.encode("utf-8") if isinstance(token, str) else token
