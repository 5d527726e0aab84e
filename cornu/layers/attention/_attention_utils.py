"""Shared pieces of the multi-head attention layers: einsum equations, masks, softmax."""

from __future__ import annotations

import string

from cornu import ops
from cornu.layers.core.einsum_dense import EinsumDense

_LETTERS = string.ascii_lowercase


def projection_equation(free_dims: int, bound_dims: int, output_dims: int):
    """Einsum of a dense projection that contracts ``bound_dims`` trailing input axes into
    ``output_dims`` new ones: ``(equation, bias_axes, output_rank)``."""
    free = _LETTERS[:free_dims]
    bound = _LETTERS[free_dims:free_dims + bound_dims]
    out = _LETTERS[free_dims + bound_dims:free_dims + bound_dims + output_dims]
    return f"{free}{bound},{bound}{out}->{free}{out}", out, free_dims + output_dims


def partial_shape(rank: int, known) -> list:
    """``known`` trailing sizes, preceded by None up to ``rank`` axes (batch excluded)."""
    known = list(known)
    return [None] * (rank - len(known)) + known


def attention_equations(rank: int, attn_axes: tuple):
    """Einsums for attention over ``attn_axes`` of projected ``(batch, ..., heads, dim)``
    tensors of ``rank``: ``(scores_equation(key, query), combine_equation(weights, value),
    scores_rank)``; the scores put batch-like axes (heads included) first, then the query's
    attention axes, then the key's."""
    target = _LETTERS[:rank]
    source = list(target)
    for n, axis in enumerate(attn_axes):
        source[axis] = _LETTERS[rank + n]
    source = "".join(source)
    batch = [i for i in range(rank) if i not in attn_axes and i != rank - 1]
    product = "".join([target[i] for i in batch] + [target[i] for i in attn_axes]
                      + [source[i] for i in attn_axes])
    return f"{source},{target}->{product}", f"{product},{source}->{target}", len(product)


def causal_mask(q_len, v_len):
    """``(1, q_len, v_len)`` booleans, True where the key position <= the query position."""
    rows = ops.reshape(ops.arange(q_len, dtype="int32"), (1, q_len, 1))
    cols = ops.reshape(ops.arange(v_len, dtype="int32"), (1, 1, v_len))
    return ops.greater_equal(rows, cols)


def sliding_window_mask(q_len, v_len, window: int):
    """``(1, q_len, v_len)`` booleans, True where the positions differ by less than
    ``window``."""
    rows = ops.reshape(ops.arange(q_len, dtype="int32"), (1, q_len, 1))
    cols = ops.reshape(ops.arange(v_len, dtype="int32"), (1, 1, v_len))
    return ops.less(ops.abs(rows - cols), window)


def einsum_projection(equation, output_shape, bias_axes, name, activation, *, use_bias,
                      kernel_initializer, bias_initializer, kernel_regularizer,
                      bias_regularizer, activity_regularizer, kernel_constraint,
                      bias_constraint, dtype):
    """An ``EinsumDense`` projection of an attention layer, with fresh copies of its
    initializers (each projection draws its own weights)."""
    kernel_init, bias_init = (type(i).from_config(i.get_config())
                              for i in (kernel_initializer, bias_initializer))
    return EinsumDense(
        equation, output_shape=output_shape, bias_axes=bias_axes if use_bias else None,
        activation=activation, name=name, kernel_initializer=kernel_init,
        bias_initializer=bias_init, kernel_regularizer=kernel_regularizer,
        bias_regularizer=bias_regularizer, activity_regularizer=activity_regularizer,
        kernel_constraint=kernel_constraint, bias_constraint=bias_constraint, dtype=dtype)


def call_masks(query, value, key, query_mask, value_mask, key_mask):
    """``(key, query_mask, value_mask, key_mask)`` of an attention call: ``key`` defaults
    to ``value``, and each mask not given is taken from its tensor's ``_keras_mask``."""
    if query_mask is None:
        query_mask = getattr(query, "_keras_mask", None)
    if value_mask is None:
        value_mask = getattr(value, "_keras_mask", None)
    if key is None:
        key = value
    elif key_mask is None:
        key_mask = getattr(key, "_keras_mask", None)
    return key, query_mask, value_mask, key_mask


def combined_mask(query, value, query_mask=None, value_mask=None, key_mask=None,
                  attention_mask=None, use_causal_mask=False, sliding_window=None):
    """The boolean ``(batch, T, S)`` mask that the given masks allow together (None if no
    mask applies): query positions ``[B, T, 1]``, value/key positions ``[B, 1, S]``, the
    causal and sliding-window bands, and ``attention_mask``."""
    mask = None

    def both(a, b):
        return b if a is None else ops.logical_and(a, b)

    if query_mask is not None:
        mask = ops.expand_dims(ops.cast(query_mask, "bool"), -1)
    for m in (value_mask, key_mask):
        if m is not None:
            mask = both(mask, ops.expand_dims(ops.cast(m, "bool"), -2))
    q_len, v_len = ops.shape(query)[1], ops.shape(value)[1]
    if use_causal_mask:
        mask = both(mask, causal_mask(q_len, v_len))
    if sliding_window is not None:
        mask = both(mask, sliding_window_mask(q_len, v_len, sliding_window))
    if attention_mask is not None:
        mask = both(ops.cast(attention_mask, "bool"), mask) if mask is not None else ops.cast(
            attention_mask, "bool")
    return mask


def expand_mask(mask, rank: int, n_attn_axes: int):
    """``mask`` with axes inserted before its attention axes until it has ``rank`` axes."""
    axis = -2 * n_attn_axes - 1
    while len(ops.shape(mask)) < rank:
        mask = ops.expand_dims(mask, axis)
    return mask


def masked_softmax(scores, mask, axes: tuple):
    """Softmax over ``axes`` where masked-out scores count as -1e9 and get weight 0."""
    if mask is not None:
        scores = ops.where(mask, scores, -3e4 if ops.dtype(scores) == "float16" else -1e9)
    if len(axes) == 1:
        weights = ops.softmax(scores, axis=axes[0])
    else:
        weights = ops.exp(scores - ops.logsumexp(scores, axis=axes, keepdims=True))
    if mask is not None:
        weights = ops.where(mask, weights, 0.0)
    return weights


class QueryValueKeyInputs:
    """For layers called as ``layer(query, value, key=None, ...)``: accepts the three by
    keyword too, and builds from all three shapes (the engine only sees positional inputs).
    """

    def __call__(self, *args, **kwargs):
        args = list(args)
        for position, name in enumerate(("query", "value", "key")):
            if len(args) == position and name in kwargs:
                args.append(kwargs.pop(name))
        return super().__call__(*args, **kwargs)

    def _maybe_build(self, args, kwargs) -> None:
        if self.built or len(args) < 2:
            return super()._maybe_build(args, kwargs)
        shapes = [None if a is None else tuple(a.shape) for a in args[:3]]
        if len(shapes) == 2 and kwargs.get("key") is not None:
            shapes.append(tuple(kwargs["key"].shape))
        self.build(*shapes)
        self.built = True
