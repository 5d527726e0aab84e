"""``Embedding``: maps integer indices to dense vectors."""

from __future__ import annotations

import warnings

from cornu import constraints, initializers, ops, regularizers
from cornu.layers.core._lora import LoraMixin
from cornu.layers.layer import Layer
from cornu.utils.legacy import legacy_kwargs


class Embedding(LoraMixin, Layer):
    """Turns integer indices into rows of a learned ``(input_dim, output_dim)`` matrix.

    Args:
        input_dim: the vocabulary size (largest index + 1).
        output_dim: the size of each vector.
        embeddings_initializer: initializer of the matrix (default ``uniform``).
        embeddings_regularizer, embeddings_constraint: optional penalty and constraint.
        mask_zero: treat index 0 as padding: the layer outputs a mask (``inputs != 0``)
            that masking-aware layers downstream (RNNs, ...) follow. ``input_dim`` should
            then count index 0.
        weights: optional initial value of the matrix (an array, or a one-array list).
        input_length: Keras 2 only; accepted with a deprecation warning (it sets the
            input shape of a model's first layer).

    Input: integer indices of any shape (floats are cast to int32). Output: the input's
    shape plus ``(output_dim,)``.

    Example:
        >>> import cornu
        >>> emb = cornu.layers.Embedding(10, 4, mask_zero=True)
        >>> y = emb(cornu.ops.convert_to_tensor([[1, 2, 0]]))
        >>> tuple(y.shape), y._keras_mask.tolist()
        ((1, 3, 4), [[True, True, False]])
    """

    _lora_target = "embeddings"
    _lora_names = ("lora_embeddings_a", "lora_embeddings_b")

    def __init__(self, input_dim, output_dim, embeddings_initializer="uniform",
                 embeddings_regularizer=None, embeddings_constraint=None, mask_zero=False,
                 weights=None, lora_rank=None, lora_alpha=None,
                 quantization_config=None, **kwargs):
        for arg, value in (("input_dim", input_dim), ("output_dim", output_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(
                    f"Embedding: `{arg}` must be a positive integer, got {arg}={value!r} "
                    f"(of type {type(value).__name__})."
                )
        if quantization_config is not None:
            raise NotImplementedError(
                "Embedding: quantization (`quantization_config`) is not supported yet; leave "
                "it at None.")
        kwargs = legacy_kwargs("Embedding", kwargs, {
            "init": "embeddings_initializer", "W_regularizer": "embeddings_regularizer",
            "W_constraint": "embeddings_constraint",
        })
        embeddings_initializer = kwargs.pop("embeddings_initializer", embeddings_initializer)
        embeddings_regularizer = kwargs.pop("embeddings_regularizer", embeddings_regularizer)
        embeddings_constraint = kwargs.pop("embeddings_constraint", embeddings_constraint)
        input_length = kwargs.pop("input_length", None)
        if input_length is not None:
            warnings.warn(
                "Embedding: `input_length` is a Keras 2 argument; Keras 3 ignores it. Use "
                "`cornu.Input(shape=(input_length,))` to fix the sequence length.",
                DeprecationWarning, stacklevel=2,
            )
        super().__init__(**kwargs)
        # As in Keras: under a mixed policy, look rows up in the float32 table and cast
        # them (not the whole table).
        self.autocast = False
        if input_length is not None and self._batch_input_shape is None:
            self._batch_input_shape = (None, input_length)
        self.input_dim = input_dim
        self.output_dim = output_dim
        self.embeddings_initializer = initializers.get(embeddings_initializer)
        self.embeddings_regularizer = regularizers.get(embeddings_regularizer)
        self.embeddings_constraint = constraints.get(embeddings_constraint)
        self.mask_zero = bool(mask_zero)
        self.supports_masking = self.mask_zero
        self._init_lora(lora_rank, lora_alpha)
        if weights is not None:
            self.build()
            if not (isinstance(weights, list) and len(weights) == 1):
                weights = [weights]
            self.set_weights(weights)

    def build(self, input_shape=None) -> None:
        if self.built:
            return
        self.embeddings = self.add_weight(
            shape=(self.input_dim, self.output_dim), initializer=self.embeddings_initializer,
            name="embeddings", regularizer=self.embeddings_regularizer,
            constraint=self.embeddings_constraint)
        self.built = True
        self._build_lora_if_asked()

    def call(self, inputs):
        table = self._lora_matrix() if self.lora_enabled else self.embeddings
        out = ops.embedding_lookup(table, inputs)
        if ops.dtype(out) != self.compute_dtype:
            out = ops.cast(out, self.compute_dtype)
        return out

    def compute_mask(self, inputs, mask=None):
        if not self.mask_zero:
            return None
        return ops.not_equal(inputs, 0)

    def compute_output_shape(self, input_shape):
        return (*input_shape, self.output_dim)

    def get_config(self) -> dict:
        config = super().get_config()
        config.pop("weights", None)
        config.pop("input_length", None)
        config.update({
            "input_dim": self.input_dim,
            "output_dim": self.output_dim,
            "embeddings_initializer": initializers.serialize(self.embeddings_initializer),
            "embeddings_regularizer": regularizers.serialize(self.embeddings_regularizer),
            "activity_regularizer": regularizers.serialize(self.activity_regularizer),
            "embeddings_constraint": constraints.serialize(self.embeddings_constraint),
            "mask_zero": self.mask_zero,
            "quantization_config": None,
        })
        return self._lora_config(config)
