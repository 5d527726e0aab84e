"""Random rectangles, shared by ``CutMix`` and ``RandomErasing``."""

from __future__ import annotations

from cornu import ops


def crop_bounds(layer, batch, length, ratio, seed=None):
    """Per image, a segment of ``ratio * length`` pixels placed uniformly in ``[0, length]``:
    returns ``(start, end)`` as float vectors of size ``batch``."""
    crop = ratio * length
    start = layer.uniform((batch,), 0.0, 1.0, seed) * (length - crop)
    return start, start + crop


def box_masks(layer, shape, x0, x1, y0, y1):
    """A boolean mask of ``shape`` (a batch of images in the layer's data format): True inside
    each image's box ``x0 <= x < x1``, ``y0 <= y < y1`` (pixel indices), for every channel."""
    height, width = layer._height_width(shape)
    xs = ops.arange(width, dtype="float32")[None, :]
    ys = ops.arange(height, dtype="float32")[None, :]
    in_x = (xs >= x0[:, None]) & (xs < x1[:, None])  # (batch, width)
    in_y = (ys >= y0[:, None]) & (ys < y1[:, None])  # (batch, height)
    mask = in_y[:, :, None] & in_x[:, None, :]  # (batch, height, width)
    axis = 1 if layer.data_format == "channels_first" else -1
    return ops.broadcast_to(ops.expand_dims(mask, axis), tuple(shape))
