"""``MultiHeadAttention``: attention with several learned projections of query, key, value."""

from __future__ import annotations

import math

from cornu import backend, constraints, initializers, ops, regularizers
from cornu.layers.attention import _attention_utils as au
from cornu.layers.core.dropout import Dropout
from cornu.layers.layer import Layer


class MultiHeadAttention(au.QueryValueKeyInputs, Layer):
    """Multi-head attention (Vaswani et al., 2017).

    ``query``, ``key`` and ``value`` are projected into ``num_heads`` heads (``query``,
    ``key``, ``value`` sub-layers), each head attends with scaled dot products, and the
    heads are projected back (``attention_output``). Without attention scores to return and
    with the default ``attention_axes``, the attention runs in torch's
    ``scaled_dot_product_attention`` (flash / memory-efficient kernels on a GPU).

    Args:
        num_heads: number of heads.
        key_dim: size of each query/key head.
        value_dim: size of each value head (default ``key_dim``).
        dropout: dropout rate on the attention weights while training.
        use_bias: whether the projections have biases.
        output_shape: the trailing output shape (default: the query's last axis).
        attention_axes: the axes attention runs over (default: all but batch, heads and
            features).
        sliding_window: if set, each query attends only to keys less than this many
            positions away.
        flash_attention: True to require the flash kernel, None to let torch choose.
        kernel_initializer, bias_initializer, kernel_regularizer, bias_regularizer,
        activity_regularizer, kernel_constraint, bias_constraint: for the projections.
        use_gate: multiply the attention output by a sigmoid gate computed from the query.
        seed: an int for repeatable dropout.

    Call arguments: ``query`` ``(B, T, dim)``, ``value`` ``(B, S, dim)``, ``key`` (default
    ``value``), ``attention_mask`` (booleans ``(B, T, S)``, True = attend),
    ``return_attention_scores``, ``training``, ``use_causal_mask``; the inputs' Keras masks
    are applied too.

    Example:
        >>> import cornu
        >>> mha = cornu.layers.MultiHeadAttention(num_heads=2, key_dim=4)
        >>> x = cornu.ops.ones((2, 5, 8))
        >>> out, scores = mha(x, x, return_attention_scores=True)
        >>> tuple(out.shape), tuple(scores.shape)
        ((2, 5, 8), (2, 2, 5, 5))
    """

    _keras_saving_names = {"gate_dense": "_gate_dense"}  # Keras keeps it private

    def __init__(self, num_heads, key_dim, value_dim=None, dropout=0.0, use_bias=True,
                 output_shape=None, attention_axes=None, sliding_window=None,
                 flash_attention=None, kernel_initializer="glorot_uniform",
                 bias_initializer="zeros", kernel_regularizer=None, bias_regularizer=None,
                 activity_regularizer=None, kernel_constraint=None, bias_constraint=None,
                 use_gate=False, seed=None, **kwargs):
        for name, value in (("num_heads", num_heads), ("key_dim", key_dim)):
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ValueError(f"MultiHeadAttention: `{name}` must be a positive integer; "
                                 f"got {value!r}.")
        if value_dim is not None and (not isinstance(value_dim, int) or value_dim <= 0):
            raise ValueError("MultiHeadAttention: `value_dim` must be a positive integer or "
                             f"None; got {value_dim!r}.")
        if sliding_window is not None and (not isinstance(sliding_window, int)
                                           or sliding_window <= 0):
            raise ValueError("MultiHeadAttention: `sliding_window` must be None or a positive "
                             f"integer; got {sliding_window!r}.")
        if flash_attention and dropout > 0:
            raise ValueError("MultiHeadAttention: dropout is not supported with "
                             "flash_attention=True; set dropout=0.0.")
        super().__init__(**kwargs)
        self.supports_masking = True
        self._num_heads, self._key_dim = num_heads, key_dim
        self._value_dim = value_dim or key_dim
        self._dropout = float(dropout)
        self._use_bias = bool(use_bias)
        self._use_gate = bool(use_gate)
        if isinstance(output_shape, int):
            output_shape = (output_shape,)
        self._output_shape = tuple(output_shape) if output_shape else None
        if isinstance(attention_axes, int):
            attention_axes = (attention_axes,)
        elif attention_axes is not None and not isinstance(attention_axes, (list, tuple)):
            raise ValueError("MultiHeadAttention: `attention_axes` must be an int, a list or a "
                             f"tuple; got {attention_axes!r}.")
        self._attention_axes = tuple(attention_axes) if attention_axes is not None else None
        self._sliding_window = sliding_window
        self._flash_attention = flash_attention
        self._kernel_initializer = initializers.get(kernel_initializer)
        self._bias_initializer = initializers.get(bias_initializer)
        self._kernel_regularizer = regularizers.get(kernel_regularizer)
        self._bias_regularizer = regularizers.get(bias_regularizer)
        self._activity_regularizer = regularizers.get(activity_regularizer)
        self._kernel_constraint = constraints.get(kernel_constraint)
        self._bias_constraint = constraints.get(bias_constraint)
        self.seed = seed
        self._inverse_sqrt_key_dim = 1.0 / math.sqrt(float(key_dim))

    num_heads = property(lambda self: self._num_heads)
    key_dim = property(lambda self: self._key_dim)
    value_dim = property(lambda self: self._value_dim)
    dropout = property(lambda self: self._dropout)
    use_bias = property(lambda self: self._use_bias)
    attention_axes = property(lambda self: self._attention_axes)

    # --- building -----------------------------------------------------------------------------
    def _dense(self, equation, output_shape, bias_axes, name, activation=None):
        return au.einsum_projection(
            equation, output_shape, bias_axes, name, activation, use_bias=self._use_bias,
            kernel_initializer=self._kernel_initializer, bias_initializer=self._bias_initializer,
            kernel_regularizer=self._kernel_regularizer, bias_regularizer=self._bias_regularizer,
            activity_regularizer=self._activity_regularizer,
            kernel_constraint=self._kernel_constraint, bias_constraint=self._bias_constraint,
            dtype=self.dtype_policy)

    def _projection(self, shape, dims, name, activation=None):
        equation, bias_axes, rank = au.projection_equation(len(shape) - 1, 1, 2)
        layer = self._dense(equation, au.partial_shape(rank - 1, [self._num_heads, dims]),
                            bias_axes, name, activation)
        layer.build(tuple(shape))
        return layer

    def build(self, query_shape, value_shape, key_shape=None) -> None:
        query_shape, value_shape = tuple(query_shape), tuple(value_shape)
        key_shape = value_shape if key_shape is None else tuple(key_shape)
        if value_shape[1:-1] != key_shape[1:-1]:
            raise ValueError(
                "MultiHeadAttention: `value` and `key` must have the same shape except for the "
                f"last axis; got value shape {value_shape} and key shape {key_shape}.")
        self.query_dense = self._projection(query_shape, self._key_dim, "query")
        self.key_dense = self._projection(key_shape, self._key_dim, "key")
        if self._use_gate:
            self.gate_dense = self._projection(query_shape, self._value_dim, "gate", "sigmoid")
        self.value_dense = self._projection(value_shape, self._value_dim, "value")
        rank = len(query_shape) + 1  # of the projected tensors
        axes = self._attention_axes
        axes = tuple(range(1, rank - 2)) if axes is None else tuple(
            a if a >= 0 else rank - 1 + a for a in axes)
        self._attention_axes = axes
        self._dot_product_equation, self._combine_equation, scores_rank = (
            au.attention_equations(rank, axes))
        self._scores_rank = scores_rank
        self._norm_axes = tuple(range(scores_rank - len(axes), scores_rank))
        self._fused = rank == 4 and axes == (1,)
        self._dropout_layer = Dropout(self._dropout, seed=self.seed, dtype=self.dtype_policy)
        out_shape = self._output_shape or (query_shape[-1],)
        equation, bias_axes, out_rank = au.projection_equation(len(query_shape) - 1, 2,
                                                               len(out_shape))
        self.output_dense = self._dense(equation, au.partial_shape(out_rank - 1, out_shape),
                                        bias_axes, "attention_output")
        self.output_dense.build((*query_shape[:-1], self._num_heads, self._value_dim))
        self.built = True

    # --- calling ------------------------------------------------------------------------------
    def call(self, query, value, key=None, query_mask=None, value_mask=None, key_mask=None,
             attention_mask=None, return_attention_scores=False, training=None,
             use_causal_mask=False):
        key, query_mask, value_mask, key_mask = au.call_masks(
            query, value, key, query_mask, value_mask, key_mask)
        # A causal mask alone goes to the fused kernel's causal mode (unless a subclass
        # computes attention its own way).
        causal_only = (use_causal_mask and query_mask is None and value_mask is None
                       and key_mask is None and attention_mask is None
                       and self._sliding_window is None
                       and type(self)._compute_attention is MultiHeadAttention._compute_attention)
        mask = None if causal_only else self._compute_attention_mask(
            query, value, query_mask, value_mask, key_mask, attention_mask, use_causal_mask)
        gate = self.gate_dense(query) if self._use_gate else None
        q, k, v = self.query_dense(query), self.key_dense(key), self.value_dense(value)
        extra = {"use_causal_mask": True} if causal_only else {}
        output, scores = self._compute_attention(q, k, v, mask, training,
                                                 return_attention_scores, **extra)
        if gate is not None:
            output = output * gate
        output = self.output_dense(output)
        return (output, scores) if return_attention_scores else output

    def _compute_attention(self, query, key, value, attention_mask=None, training=None,
                           return_attention_scores=False, use_causal_mask=False):
        """Attention of projected ``(B, T, heads, dim)`` tensors: ``(output, scores)``
        (``scores`` is None on the fused path)."""
        if self._flash_attention and return_attention_scores:
            raise ValueError("MultiHeadAttention: attention scores cannot be returned with "
                             "flash_attention=True.")
        rate = self._dropout if training else 0.0
        if self._fused and not return_attention_scores:
            return self._fused_attention(query, key, value, attention_mask, rate,
                                         use_causal_mask), None
        if use_causal_mask:
            causal = au.causal_mask(ops.shape(query)[1], ops.shape(value)[1])
            attention_mask = causal if attention_mask is None else ops.logical_and(
                ops.cast(attention_mask, "bool"), causal)
        query = query * self._inverse_sqrt_key_dim
        scores = self._masked_softmax(ops.einsum(self._dot_product_equation, key, query),
                                      attention_mask)
        weights = self._dropout_layer(scores, training=training) if rate > 0 else scores
        return ops.einsum(self._combine_equation, weights, value), scores

    def _masked_softmax(self, attention_scores, attention_mask=None):
        """Softmax over the key axes; ``attention_mask`` (True = attend) gets expanded to
        the scores' rank."""
        if attention_mask is not None:
            attention_mask = au.expand_mask(attention_mask, self._scores_rank,
                                            len(self._attention_axes))
        return au.masked_softmax(attention_scores, attention_mask, self._norm_axes)

    def _compute_attention_mask(self, query, value, query_mask=None, value_mask=None,
                                key_mask=None, attention_mask=None, use_causal_mask=False):
        """The boolean ``(B, T, S)`` mask combining the input masks, ``attention_mask``,
        the causal mask and the sliding window (None when nothing is masked)."""
        return au.combined_mask(query, value, query_mask, value_mask, key_mask,
                                attention_mask, use_causal_mask, self._sliding_window)

    def _compute_causal_mask(self, query, value=None):
        """``(1, T, S)`` booleans, True where key position <= query position."""
        q_len = ops.shape(query)[1]
        return au.causal_mask(q_len, q_len if value is None else ops.shape(value)[1])

    # Keras's private names for the projections (used by subclasses written for Keras).
    _query_dense = property(lambda self: self.query_dense)
    _key_dense = property(lambda self: self.key_dense)
    _value_dense = property(lambda self: self.value_dense)
    _output_dense = property(lambda self: self.output_dense)

    def _fused_attention(self, query, key, value, mask, rate, is_causal):
        if mask is not None:
            mask = au.expand_mask(ops.cast(mask, "bool"), 4, 1)
        out = ops.dot_product_attention(
            query, key, value, mask=mask, scale=self._inverse_sqrt_key_dim, is_causal=is_causal,
            flash_attention=self._flash_attention, dropout_rate=rate)
        if mask is not None and self._dropout > 0:
            # Keras computes these layers with a masked softmax, where a query row with
            # nothing to attend to gets all-zero weights (the fused kernel's are uniform).
            attends = ops.transpose(ops.any(mask, axis=-1), (0, 2, 1))
            out = ops.where(ops.expand_dims(attends, -1), out, 0.0)
        return out

    # --- shapes and config ------------------------------------------------------------------
    def compute_output_shape(self, query_shape, value_shape=None, key_shape=None):
        query_shape = tuple(query_shape)
        if self._output_shape:
            return query_shape[:-1] + self._output_shape
        return query_shape

    def compute_output_spec(self, query, value, key=None, return_attention_scores=False,
                            **kwargs):
        out = backend.KerasTensor(self.compute_output_shape(query.shape),
                                  dtype=self.compute_dtype)
        if not return_attention_scores:
            return out
        source = value if key is None else key
        scores = (query.shape[0], self._num_heads, *query.shape[1:-1], *source.shape[1:-1])
        return out, backend.KerasTensor(scores, dtype=self.compute_dtype)

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({
            "num_heads": self._num_heads,
            "key_dim": self._key_dim,
            "value_dim": self._value_dim,
            "dropout": self._dropout,
            "use_bias": self._use_bias,
            "use_gate": self._use_gate,
            "output_shape": self._output_shape,
            "attention_axes": self._attention_axes,
            "sliding_window": self._sliding_window,
            "kernel_initializer": initializers.serialize(self._kernel_initializer),
            "bias_initializer": initializers.serialize(self._bias_initializer),
            "kernel_regularizer": regularizers.serialize(self._kernel_regularizer),
            "bias_regularizer": regularizers.serialize(self._bias_regularizer),
            "activity_regularizer": regularizers.serialize(self._activity_regularizer),
            "kernel_constraint": constraints.serialize(self._kernel_constraint),
            "bias_constraint": constraints.serialize(self._bias_constraint),
            "seed": self.seed,
        })
        return config
