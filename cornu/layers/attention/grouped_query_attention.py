"""``GroupQueryAttention``: attention where groups of query heads share key/value heads."""

from __future__ import annotations

import math

from cornu import backend, constraints, initializers, ops, regularizers
from cornu.layers.attention import _attention_utils as au
from cornu.layers.layer import Layer


class GroupQueryAttention(au.QueryValueKeyInputs, Layer):
    """Grouped-query attention (Ainslie et al., 2023): ``num_query_heads`` query heads and
    ``num_key_value_heads`` key/value heads; consecutive groups of
    ``num_query_heads // num_key_value_heads`` query heads share one key/value head.

    Args:
        head_dim: size of each head.
        num_query_heads: number of query heads.
        num_key_value_heads: number of key and value heads (divides ``num_query_heads``).
        dropout: dropout rate on the attention weights while training.
        use_bias: whether the projections have biases.
        sliding_window: if set, each query attends only to keys less than this many
            positions away.
        flash_attention: True to require the flash kernel, None to let torch choose.
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        activity_regularizer, kernel_constraint, bias_constraint: for the projections.
        use_gate: multiply the attention output by a sigmoid gate computed from the query.
        seed: an int for repeatable dropout.

    Call arguments as ``MultiHeadAttention`` (inputs ``(batch, seq, dim)``).

    Example:
        >>> import cornu
        >>> gqa = cornu.layers.GroupQueryAttention(head_dim=4, num_query_heads=4,
        ...                                        num_key_value_heads=2)
        >>> x = cornu.ops.ones((2, 5, 8))
        >>> gqa(x, x).shape
        torch.Size([2, 5, 8])
    """

    # Keras's class and attribute names, so saved files match Keras's layout.
    _keras_class_name = "GroupedQueryAttention"
    _keras_saving_names = {"query_dense": "_query_dense", "key_dense": "_key_dense",
                           "value_dense": "_value_dense", "output_dense": "_output_dense",
                           "gate_dense": "_gate_dense"}

    def __init__(self, head_dim, num_query_heads, num_key_value_heads, dropout=0.0,
                 use_bias=True, sliding_window=None, flash_attention=None,
                 kernel_initializer="glorot_uniform", bias_initializer="zeros",
                 kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
                 kernel_constraint=None, bias_constraint=None, use_gate=False, seed=None,
                 **kwargs):
        if num_query_heads % num_key_value_heads != 0:
            raise ValueError(
                "GroupQueryAttention: `num_query_heads` must be divisible by "
                f"`num_key_value_heads`; got {num_query_heads} and {num_key_value_heads}.")
        if sliding_window is not None and (not isinstance(sliding_window, int)
                                           or sliding_window <= 0):
            raise ValueError("GroupQueryAttention: `sliding_window` must be None or a positive "
                             f"integer; got {sliding_window!r}.")
        if flash_attention and dropout > 0:
            raise ValueError("GroupQueryAttention: dropout is not supported with "
                             "flash_attention=True; set dropout=0.0.")
        super().__init__(**kwargs)
        self.supports_masking = True
        self.head_dim = head_dim
        self.num_query_heads = num_query_heads
        self.num_key_value_heads = num_key_value_heads
        self.num_repeats = num_query_heads // num_key_value_heads
        self.dropout = float(dropout)
        self.use_bias = bool(use_bias)
        self.use_gate = bool(use_gate)
        self.sliding_window = sliding_window
        self._flash_attention = flash_attention
        self.kernel_initializer = initializers.get(kernel_initializer)
        self.bias_initializer = initializers.get(bias_initializer)
        self.kernel_regularizer = regularizers.get(kernel_regularizer)
        self.bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self.kernel_constraint = constraints.get(kernel_constraint)
        self.bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._seed_state = seed
        self._inverse_sqrt_head_dim = 1.0 / math.sqrt(float(head_dim))

    def _dense(self, equation, output_shape, bias_axes, name, activation=None):
        return au.einsum_projection(
            equation, output_shape, bias_axes, name, activation, use_bias=self.use_bias,
            kernel_initializer=self.kernel_initializer, bias_initializer=self.bias_initializer,
            kernel_regularizer=self.kernel_regularizer, bias_regularizer=self.bias_regularizer,
            activity_regularizer=self._activity_regularizer,
            kernel_constraint=self.kernel_constraint, bias_constraint=self.bias_constraint,
            dtype=self.dtype_policy)

    def build(self, query_shape, value_shape, key_shape=None) -> None:
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        self.feature_dim = query_shape[-1]
        nq, nkv, hd = self.num_query_heads, self.num_key_value_heads, self.head_dim
        self.query_dense = self._dense("bqm,muh->bquh", (None, nq, hd), "uh", "query")
        self.query_dense.build(query_shape)
        self.key_dense = self._dense("bkm,mvh->bkvh", (None, nkv, hd), "vh", "key")
        self.key_dense.build(key_shape)
        if self.use_gate:
            self.gate_dense = self._dense("bqm,muh->bquh", (None, nq, hd), "uh", "gate",
                                          "sigmoid")
            self.gate_dense.build(query_shape)
        self.value_dense = self._dense("bkm,mvh->bkvh", (None, nkv, hd), "vh", "value")
        self.value_dense.build(value_shape)
        self.output_dense = self._dense("bquh,uhm->bqm", (None, self.feature_dim), "m",
                                        "attention_output")
        self.output_dense.build((None, None, nq, hd))
        self.built = True

    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        key, query_mask, value_mask, key_mask = au.call_masks(
            query, value, key, query_mask, value_mask, key_mask)
        causal_only = (use_causal_mask and query_mask is None and value_mask is None
                       and key_mask is None and attention_mask is None
                       and self.sliding_window is None)
        mask = None if causal_only else au.combined_mask(
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask,
            self.sliding_window)
        gate = self.gate_dense(query) if self.use_gate else None
        q, k, v = self.query_dense(query), self.key_dense(key), self.value_dense(value)
        rate = self.dropout if training else 0.0
        scores = None
        if return_attention_scores:
            if self._flash_attention:
                raise ValueError("GroupQueryAttention: attention scores cannot be returned "
                                 "with flash_attention=True.")
            output, scores = self._scored_attention(q, k, v, mask, rate, causal_only)
        else:
            output = self._fused_attention(q, k, v, mask, rate, causal_only)
        if gate is not None:
            output = output * gate
        output = self.output_dense(output)
        return (output, scores) if return_attention_scores else output

    def _fused_attention(self, q, k, v, mask, rate, is_causal):
        if mask is not None:
            mask = au.expand_mask(ops.cast(mask, "bool"), 4, 1)
        out = ops.dot_product_attention(
            q, k, v, mask=mask, scale=self._inverse_sqrt_head_dim, is_causal=is_causal,
            flash_attention=self._flash_attention, dropout_rate=rate)
        if mask is not None and self.dropout > 0:
            # As Keras's masked-softmax path: a query row attending to nothing outputs 0.
            attends = ops.transpose(ops.any(mask, axis=-1), (0, 2, 1))
            out = ops.where(ops.expand_dims(attends, -1), out, 0.0)
        return out

    def _scored_attention(self, q, k, v, mask, rate, is_causal):
        k = ops.repeat(k, self.num_repeats, axis=2)
        v = ops.repeat(v, self.num_repeats, axis=2)
        if is_causal:
            mask = au.causal_mask(ops.shape(q)[1], ops.shape(v)[1])
        scores = ops.einsum("bquh,bkuh->buqk", q * self._inverse_sqrt_head_dim, k)
        if mask is not None:
            mask = au.expand_mask(mask, 4, 1)
        scores = au.masked_softmax(scores, mask, (-1,))
        weights = scores
        if rate > 0:
            weights = backend.random.dropout(scores, rate, seed=self._next_seed())
        return ops.einsum("buqk,bkuh->bquh", weights, v), scores

    def _next_seed(self):
        if self.seed is None:
            return None
        self._seed_state += 1
        return self._seed_state

    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        if value_shape is not None and query_shape[-1] != value_shape[-1]:
            raise ValueError(
                "GroupQueryAttention: the last axes of `query` and `value` must be equal; got "
                f"query shape {tuple(query_shape)} and value shape {tuple(value_shape)}.")
        return tuple(query_shape)

    def compute_output_spec(self, query, value, key=None, return_attention_scores=False,
                            **kwargs):
        out = backend.KerasTensor(self.compute_output_shape(query.shape, value.shape),
                                  dtype=self.compute_dtype)
        if not return_attention_scores:
            return out
        source = value if key is None else key
        scores = (query.shape[0], self.num_query_heads, query.shape[1], source.shape[1])
        return out, backend.KerasTensor(scores, dtype=self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "head_dim": self.head_dim,
            "num_query_heads": self.num_query_heads,
            "num_key_value_heads": self.num_key_value_heads,
            "use_bias": self.use_bias,
            "use_gate": self.use_gate,
            "sliding_window": self.sliding_window,
            "dropout": self.dropout,
            "kernel_initializer": initializers.serialize(self.kernel_initializer),
            "bias_initializer": initializers.serialize(self.bias_initializer),
            "kernel_regularizer": regularizers.serialize(self.kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self.bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self.kernel_constraint),
            "bias_constraint": constraints.serialize(self.bias_constraint),
            "seed": self.seed,
        })
        return config
