"""``ReversibleEmbedding``: an embedding that also projects hidden states back to logits."""

from __future__ import annotations

from cornu import ops
from cornu.backend.common.keras_tensor import KerasTensor
from cornu.layers.core.embedding import Embedding


class ReversibleEmbedding(Embedding):
    """An ``Embedding`` that can be called in reverse to turn vectors into vocabulary logits.

    ``layer(ids)`` looks up embeddings as ``Embedding`` does; ``layer(hidden, reverse=True)``
    multiplies ``hidden`` (``(..., output_dim)``) by the transposed embedding matrix (weights
    tied, the language-model trick) or by a separate ``(output_dim, input_dim)`` matrix when
    ``tie_weights=False``, giving ``(..., input_dim)`` logits.

    Args:
        input_dim, output_dim, embeddings_initializer, embeddings_regularizer,
            embeddings_constraint, mask_zero: as ``Embedding``.
        tie_weights: reuse the embedding matrix for the reverse projection (default True).
        reverse_dtype: the dtype the reverse projection is computed in (default: the
            layer's compute dtype), e.g. "float32" for stable logits under mixed precision.
        logit_soft_cap: if set, reverse logits become ``tanh(logits / cap) * cap``.

    Example:
        >>> import numpy as np, cornu
        >>> emb = cornu.layers.ReversibleEmbedding(100, 8)
        >>> hidden = emb(np.array([[1, 2, 3]]))
        >>> tuple(emb(hidden, reverse=True).shape)
        (1, 3, 100)
    """

    def __init__(self, input_dim, output_dim, tie_weights=True,
                 embeddings_initializer="uniform", embeddings_regularizer=None,
                 embeddings_constraint=None, mask_zero=False, reverse_dtype=None,
                 logit_soft_cap=None, **kwargs):
        super().__init__(input_dim, output_dim, embeddings_initializer=embeddings_initializer,
                         embeddings_regularizer=embeddings_regularizer,
                         embeddings_constraint=embeddings_constraint, mask_zero=mask_zero,
                         **kwargs)
        self.tie_weights = bool(tie_weights)
        self.reverse_dtype = reverse_dtype
        self.logit_soft_cap = logit_soft_cap

    def build(self, input_shape=None) -> None:
        if self.built:
            return
        super().build(input_shape)
        if not self.tie_weights:
            self.reverse_embeddings = self.add_weight(
                shape=(self.output_dim, self.input_dim),
                initializer=self.embeddings_initializer, name="reverse_embeddings")

    def call(self, inputs, reverse=False):
        if not reverse:
            out = super().call(inputs)
            if self.mask_zero:
                out._keras_mask = ops.not_equal(inputs, 0)
            return out
        if inputs.shape[-1] != self.output_dim:
            raise ValueError(
                f"{self.name}: a reverse call takes vectors of size output_dim="
                f"{self.output_dim} on the last axis; got inputs of shape "
                f"{tuple(inputs.shape)}. Call with reverse=False to look up indices."
            )
        kernel = (ops.transpose(self._lora_matrix()) if self.tie_weights
                  else self.reverse_embeddings)
        if self.reverse_dtype is not None:
            inputs = ops.cast(inputs, self.reverse_dtype)
            kernel = ops.cast(kernel, self.reverse_dtype)
        elif ops.dtype(kernel) != ops.dtype(inputs):
            kernel = ops.cast(kernel, ops.dtype(inputs))
        logits = ops.matmul(inputs, kernel)
        if self.logit_soft_cap is not None:
            cap = self.logit_soft_cap
            logits = ops.tanh(logits / cap) * cap
        return logits

    def compute_mask(self, inputs, mask=None):
        return None  # the forward call attaches its own mask; reverse logits carry none

    def compute_output_shape(self, input_shape, reverse=False):
        if reverse:
            return (*input_shape[:-1], self.input_dim)
        return (*input_shape, self.output_dim)

    def compute_output_spec(self, inputs, reverse=False):
        dtype = self.reverse_dtype if (reverse and self.reverse_dtype) else self.compute_dtype
        out = KerasTensor(self.compute_output_shape(tuple(inputs.shape), reverse), dtype=dtype)
        if self.mask_zero and not reverse:
            out._keras_mask = KerasTensor(tuple(inputs.shape), dtype="bool")
        return out

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"tie_weights": self.tie_weights, "reverse_dtype": self.reverse_dtype,
                       "logit_soft_cap": self.logit_soft_cap})
        return config
