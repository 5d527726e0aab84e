"""``Attention``: dot-product (Luong-style) attention between a query and a value sequence."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.layer import Layer
from cornu.utils.legacy import warn_once


class Attention(Layer):
    """Dot-product attention: ``softmax(query @ key^T) @ value``.

    Args:
        use_scale: learn a scalar ``scale`` that multiplies the scores.
        score_mode: "dot" (``query . key``) or "concat" (``sum(tanh(query + key))``, times a
            learned scalar ``concat_score_weight``).
        dropout: dropout rate on the attention weights while training.
        seed: an int for repeatable dropout.

    Call arguments: ``inputs`` = ``[query, value]`` or ``[query, value, key]`` (shapes
    ``(batch, Tq, dim)``, ``(batch, Tv, dim)``; ``key`` defaults to ``value``); ``mask`` =
    ``[query_mask, value_mask]`` (masked values get no weight, masked queries output 0);
    ``return_attention_scores``; ``training``; ``use_causal_mask`` (query ``i`` attends to
    values ``<= i`` only).

    Example:
        >>> import cornu
        >>> q, v = cornu.ops.ones((2, 3, 4)), cornu.ops.ones((2, 5, 4))
        >>> out, scores = cornu.layers.Attention()([q, v], return_attention_scores=True)
        >>> tuple(out.shape), tuple(scores.shape)
        ((2, 3, 4), (2, 3, 5))
    """

    def __init__(self, use_scale=False, score_mode="dot", dropout=0.0, seed=None, **kwargs):
        causal = kwargs.pop("causal", False)
        if causal:
            warn_once(f"{type(self).__name__}.causal",
                      f"{type(self).__name__}: `causal=True` (Keras 2) is deprecated; pass "
                      "`use_causal_mask=True` when calling the layer.")
        super().__init__(**kwargs)
        self._causal = bool(causal)
        if score_mode not in ("dot", "concat"):
            raise ValueError(
                f"{type(self).__name__}: `score_mode` must be 'dot' or 'concat'; got "
                f"{score_mode!r}.")
        self.use_scale = bool(use_scale)
        self.score_mode = score_mode
        self.dropout = float(dropout)
        self.seed = seed
        self._seed_state = seed
        self.supports_masking = True

    def build(self, input_shape) -> None:
        self._validate_inputs(input_shape)
        self.scale = None
        self.concat_score_weight = None
        if self.use_scale:
            self.scale = self.add_weight(name="scale", shape=(), initializer="ones")
        if self.score_mode == "concat":
            self.concat_score_weight = self.add_weight(name="concat_score_weight", shape=(),
                                                       initializer="ones")
        self.built = True

    def _calculate_scores(self, query, key):
        """``(batch, Tq, Tv)`` scores of every query step against every key step."""
        if self.score_mode == "dot":
            scores = ops.matmul(query, ops.swapaxes(key, -2, -1))
            return scores if self.scale is None else scores * self.scale
        summed = ops.expand_dims(query, -2) + ops.expand_dims(key, -3)
        if self.scale is not None:
            summed = self.scale * summed
        return self.concat_score_weight * ops.sum(ops.tanh(summed), axis=-1)

    def _apply_scores(self, scores, value, scores_mask=None, training=False):
        """Softmax of ``scores`` (masked-out positions lowered by 1e9, so they get ~0
        weight), dropout, and the weighted sum of ``value``: ``(output, weights)``."""
        if scores_mask is not None:
            big = 65504.0 if ops.dtype(scores) == "float16" else 1.0e9
            if len(ops.shape(scores_mask)) == 2:
                scores_mask = ops.expand_dims(scores_mask, -2)
            scores = ops.where(scores_mask, scores, scores - big)
        weights = ops.softmax(scores, axis=-1)
        applied = weights
        if training and self.dropout > 0:
            applied = backend.random.dropout(weights, self.dropout, seed=self._next_seed())
        return ops.matmul(applied, value), weights

    def _next_seed(self):
        if self.seed is None:
            return None
        self._seed_state += 1
        return self._seed_state

    @staticmethod
    def _score_mask(scores, value_mask, use_causal_mask):
        if not use_causal_mask:
            return value_mask
        tq, tv = ops.shape(scores)[-2], ops.shape(scores)[-1]
        rows = ops.reshape(ops.arange(tq, dtype="int32"), (1, tq, 1))
        cols = ops.reshape(ops.arange(tv, dtype="int32"), (1, 1, tv))
        causal = ops.greater_equal(rows, cols)
        if value_mask is None:
            return causal
        return ops.logical_and(ops.expand_dims(ops.cast(value_mask, "bool"), -2), causal)

    def call(self, inputs, mask=None, training=False, return_attention_scores=False,
             use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        query, value = inputs[0], inputs[1]
        key = inputs[2] if len(inputs) > 2 else value
        q_mask = mask[0] if mask else None
        v_mask = mask[1] if mask else None
        if v_mask is not None:
            v_mask = ops.cast(v_mask, "bool")
        scores = self._calculate_scores(query, key)
        scores_mask = self._score_mask(scores, v_mask, use_causal_mask or self._causal)
        output, weights = self._apply_scores(scores, value, scores_mask, training)
        if q_mask is not None:
            output = ops.where(ops.expand_dims(ops.cast(q_mask, "bool"), -1), output, 0.0)
        return (output, weights) if return_attention_scores else output

    def compute_mask(self, inputs, mask=None):
        if mask is None or mask[0] is None:
            return None
        return ops.convert_to_tensor(mask[0])

    def compute_output_shape(self, input_shape):
        return (*tuple(input_shape[0])[:-1], tuple(input_shape[1])[-1])

    def compute_output_spec(self, inputs, mask=None, return_attention_scores=False,
                            training=None, use_causal_mask=False):
        self._validate_inputs(inputs, mask)
        shape = self.compute_output_shape([t.shape for t in inputs])
        out = backend.KerasTensor(shape, dtype=self.compute_dtype)
        if not return_attention_scores:
            return out
        key = inputs[2] if len(inputs) > 2 else inputs[1]
        return out, backend.KerasTensor((*inputs[0].shape[:-1], key.shape[-2]),
                                        dtype=self.compute_dtype)

    def _validate_inputs(self, inputs, mask=None) -> None:
        name = type(self).__name__
        if not isinstance(inputs, (list, tuple)) or not 2 <= len(inputs) <= 3:
            given = (f"a list of {len(inputs)}" if isinstance(inputs, (list, tuple))
                     else type(inputs).__name__)
            raise ValueError(
                f"{name} must be called on a list [query, value] or [query, value, key]; got "
                f"{given}.")
        if mask is not None and (not isinstance(mask, (list, tuple))
                                 or not 2 <= len(mask) <= 3):
            raise ValueError(
                f"{name}: `mask` must be a list [query_mask, value_mask]; got {mask!r}.")

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"use_scale": self.use_scale, "score_mode": self.score_mode,
                       "dropout": self.dropout, "seed": self.seed})
        return config
