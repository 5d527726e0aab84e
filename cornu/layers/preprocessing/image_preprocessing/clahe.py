"""``ContrastLimitedAdaptiveHistogramEqualization`` (CLAHE): local histogram equalization."""

from __future__ import annotations

import numpy as np

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

_LEVELS = 256


def _pad_symmetric(x, pad, axis):
    """Pads ``x`` after its end along ``axis`` by mirroring it, edge included (NumPy's
    "symmetric" mode: ... c b a | a b c | c b a ...)."""
    if not pad:
        return x
    size = ops.shape(x)[axis]
    index = np.arange(size + pad) % (2 * size)
    index = np.where(index < size, index, 2 * size - 1 - index)
    return ops.take(x, ops.convert_to_tensor(index, dtype="int64"), axis=axis)


def _tile_lookup_tables(tiles, clip_limit, tile_pixels):
    """(N, gh, gw, C, pixels) int levels -> (N, gh, gw, C, 256) equalization tables."""
    n, grid_h, grid_w, channels, _ = ops.shape(tiles)
    groups = n * grid_h * grid_w * channels
    offsets = ops.reshape(ops.arange(groups, dtype="int64") * _LEVELS,
                          (n, grid_h, grid_w, channels, 1))
    counts = ops.bincount(ops.reshape(ops.cast(tiles, "int64") + offsets, (-1,)),
                          minlength=groups * _LEVELS)
    hists = ops.cast(ops.reshape(counts, (n, grid_h, grid_w, channels, _LEVELS)), "float32")
    if clip_limit > 0:
        limit = clip_limit * tile_pixels / float(_LEVELS)
        clipped = ops.clip(hists, 0, limit)
        excess = ops.sum(hists - clipped, axis=-1, keepdims=True)
        hists = clipped + excess / float(_LEVELS)
    cdf = ops.cumsum(hists, axis=-1)
    cdf_min = ops.min(cdf, axis=-1, keepdims=True)
    span = float(tile_pixels) - cdf_min
    span = ops.where(span == 0, ops.ones_like(span), span)
    return ops.clip((cdf - cdf_min) * 255.0 / span, 0, 255)


def _edge_pad_grid(tables):
    """Repeats the outer rows and columns of tiles once: (N, gh + 2, gw + 2, C, 256)."""
    tables = ops.concatenate([tables[:, :1], tables, tables[:, -1:]], axis=1)
    return ops.concatenate([tables[:, :, :1], tables, tables[:, :, -1:]], axis=2)


def _neighbours(length, tile, grid):
    """For each pixel along an axis: the two tiles around it (in the edge-padded grid) and
    the weight of the second one."""
    pos = (ops.arange(length, dtype="float32") - tile / 2.0) / tile + 1.0
    low = ops.floor(pos)
    weight = pos - low
    first = ops.cast(ops.clip(low, 0, grid + 1), "int64")
    second = ops.cast(ops.clip(low + 1.0, 0, grid + 1), "int64")
    return first, second, weight


class ContrastLimitedAdaptiveHistogramEqualization(BaseImagePreprocessingLayer):
    """Equalizes the histogram of each tile of a ``tile_grid_size`` grid, with each bin capped
    at ``clip_limit`` times the average count (the excess spread over all bins), and blends
    the tables of the four nearest tiles bilinearly for each pixel. Applies at training and
    inference alike, as Keras.

    Args:
        value_range: the range of the pixel values.
        clip_limit: the cap on each histogram bin, in multiples of the average count; 0 turns
            the cap off.
        tile_grid_size: ``(rows, columns)`` of tiles.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = np.tile(np.linspace(100, 140, 16, dtype="float32"), (16, 1))[None, :, :, None]
        >>> y = cornu.layers.ContrastLimitedAdaptiveHistogramEqualization(
        ...     tile_grid_size=(2, 2))(x)
        >>> float(y.min()) < 100 and float(y.max()) > 140  # the contrast is stretched
        True
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), clip_limit=4.0, tile_grid_size=(8, 8),
                 data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if (not isinstance(value_range, (tuple, list)) or len(value_range) != 2
                or value_range[0] == value_range[1]):
            raise ValueError(
                "ContrastLimitedAdaptiveHistogramEqualization: `value_range` must be a pair "
                f"(low, high) such as (0, 255), got value_range={value_range!r}."
            )
        if (not isinstance(tile_grid_size, (tuple, list)) or len(tile_grid_size) != 2
                or not all(isinstance(g, int) and g > 0 for g in tile_grid_size)):
            raise ValueError(
                "ContrastLimitedAdaptiveHistogramEqualization: `tile_grid_size` must be a pair "
                f"of positive integers such as (8, 8), got tile_grid_size={tile_grid_size!r}."
            )
        self.value_range = value_range
        self.clip_limit = clip_limit
        self.tile_grid_size = tile_grid_size

    def transform_images(self, images, transformation=None, training=True):
        dtype = self._cast(images).dtype
        x = ops.cast(images, "float32")
        if self.data_format == "channels_first":
            x = ops.transpose(x, (0, 2, 3, 1))
        x = self._rescale(x, self.value_range, (0, 255))
        x = self._rescale(self._clahe(x), (0, 255), self.value_range)
        if self.data_format == "channels_first":
            x = ops.transpose(x, (0, 3, 1, 2))
        return ops.cast(x, dtype)

    def _clahe(self, images):
        n, height, width, channels = ops.shape(images)
        grid_h, grid_w = self.tile_grid_size
        tile_h, tile_w = -(-height // grid_h), -(-width // grid_w)
        padded = _pad_symmetric(images, tile_h * grid_h - height, axis=1)
        padded = _pad_symmetric(padded, tile_w * grid_w - width, axis=2)
        tiles = ops.reshape(padded, (n, grid_h, tile_h, grid_w, tile_w, channels))
        tiles = ops.reshape(ops.transpose(tiles, (0, 1, 3, 5, 2, 4)),
                            (n, grid_h, grid_w, channels, tile_h * tile_w))
        tiles = ops.clip(ops.cast(tiles, "int32"), 0, _LEVELS - 1)
        tables = _edge_pad_grid(_tile_lookup_tables(tiles, self.clip_limit, tile_h * tile_w))
        flat = ops.reshape(tables, (-1,))

        y0, y1, wy = _neighbours(tile_h * grid_h, tile_h, grid_h)
        x0, x1, wx = _neighbours(tile_w * grid_w, tile_w, grid_w)
        stride_x = _LEVELS * channels
        stride_y = stride_x * (grid_w + 2)
        stride_n = stride_y * (grid_h + 2)
        levels = ops.cast(ops.clip(padded, 0, _LEVELS - 1), "int64")
        base = (ops.reshape(ops.arange(n, dtype="int64"), (-1, 1, 1, 1)) * stride_n
                + ops.reshape(ops.arange(channels, dtype="int64"), (1, 1, 1, -1)) * _LEVELS
                + levels)
        rows = [ops.reshape(y * stride_y, (1, -1, 1, 1)) for y in (y0, y1)]
        cols = [ops.reshape(x * stride_x, (1, 1, -1, 1)) for x in (x0, x1)]
        wy = ops.reshape(wy, (1, -1, 1, 1))
        wx = ops.reshape(wx, (1, 1, -1, 1))
        top = (ops.take(flat, base + rows[0] + cols[0]) * (1.0 - wx)
               + ops.take(flat, base + rows[0] + cols[1]) * wx)
        bottom = (ops.take(flat, base + rows[1] + cols[0]) * (1.0 - wx)
                  + ops.take(flat, base + rows[1] + cols[1]) * wx)
        out = top * (1.0 - wy) + bottom * wy
        return out[:, :height, :width, :]

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range, "clip_limit": self.clip_limit,
                       "tile_grid_size": self.tile_grid_size})
        return config
