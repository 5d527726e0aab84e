"""Turning integer indices into one-hot, multi-hot, count or TF-IDF vectors (as Keras)."""

from __future__ import annotations

from cornu import ops

OUTPUT_MODES = ("int", "one_hot", "multi_hot", "count", "tf_idf")


def encode(indices, output_mode: str, depth: int, dtype="float32", count_weights=None,
           idf_weights=None):
    """Encodes ``indices`` (any int tensor) along a new last axis of size ``depth``.

    ``multi_hot``/``count``/``tf_idf`` reduce a rank-2+ input over its axis 1 (the tokens of
    one sample); ``one_hot`` drops a trailing axis of size 1 first.
    """
    if output_mode == "int":
        return ops.cast(indices, dtype)
    indices = ops.convert_to_tensor(indices)
    if len(ops.shape(indices)) == 0:
        indices = ops.expand_dims(indices, -1)
    shape = ops.shape(indices)
    if output_mode == "one_hot":
        if len(shape) > 1 and shape[-1] == 1:
            indices = ops.reshape(indices, shape[:-1])
        return ops.one_hot(indices, depth, dtype=dtype)
    axis = 1 if len(shape) > 1 else 0
    if output_mode == "multi_hot":
        return ops.max(ops.one_hot(indices, depth, dtype=dtype), axis=axis)
    if count_weights is not None:
        dtype = ops.dtype(count_weights)
    hot = ops.one_hot(indices, depth, dtype=dtype)
    if count_weights is not None:
        hot = hot * ops.expand_dims(count_weights, -1)
    counts = ops.sum(hot, axis=axis)
    if output_mode == "count":
        return counts
    if output_mode == "tf_idf":
        return counts * ops.cast(idf_weights, ops.dtype(counts))
    raise ValueError(f"Unknown output_mode {output_mode!r}; expected one of {OUTPUT_MODES}.")


def encoded_shape(input_shape, output_mode: str, depth: int):
    input_shape = tuple(input_shape)
    if output_mode == "int":
        return input_shape
    if not input_shape:
        return (depth,)
    if output_mode == "one_hot":
        if len(input_shape) > 1 and input_shape[-1] == 1:
            return input_shape[:-1] + (depth,)
        return input_shape + (depth,)
    if len(input_shape) >= 2:
        return (input_shape[0],) + input_shape[2:] + (depth,)
    return (depth,)
