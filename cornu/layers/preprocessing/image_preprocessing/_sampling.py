"""Reading a batch of images at arbitrary (per-pixel) source coordinates, engine-free.

Fill modes follow ``ops.image.affine_transform`` (and SciPy's ``map_coordinates``):
"reflect" (d c b a | a b c d | d c b a), "mirror" (d c b | a b c d | c b a), "wrap",
"nearest" and "constant".
"""

from __future__ import annotations

from cornu import ops

FILL_MODES = ("reflect", "wrap", "constant", "nearest", "mirror")


def _mirror(index, size):
    if size == 1:
        return ops.zeros_like(index)
    period = size - 1
    return ops.abs(ops.mod(index + period, 2 * period) - period)


def _reflect(index, size):
    return ops.floor_divide(_mirror(2 * index + 1, 2 * size + 1) - 1, 2)


def _fix(index, size, fill_mode):
    if fill_mode in ("constant", "nearest"):
        return ops.clip(index, 0, size - 1)
    if fill_mode == "wrap":
        return ops.mod(index, size)
    if fill_mode == "mirror":
        return _mirror(index, size)
    return _reflect(index, size)


def _corners(coord, interpolation):
    if interpolation == "nearest":
        return [(ops.cast(ops.round(coord), "int64"), None)]
    low = ops.floor(coord)
    frac = coord - low
    low = ops.cast(low, "int64")
    return [(low, 1.0 - frac), (low + 1, frac)]


def sample_nhwc(images, y, x, interpolation="bilinear", fill_mode="reflect", fill_value=0.0):
    """``images`` (N, H, W, C) read at float coordinates ``y``, ``x`` of shape (N, h, w):
    returns (N, h, w, C)."""
    n, height, width, channels = ops.shape(images)
    flat = ops.reshape(images, (n * height * width, channels))
    offsets = ops.reshape(ops.arange(n, dtype="int64") * (height * width), (n, 1, 1))
    out = 0.0
    for iy, wy in _corners(y, interpolation):
        for ix, wx in _corners(x, interpolation):
            index = offsets + _fix(iy, height, fill_mode) * width + _fix(ix, width, fill_mode)
            values = ops.take(flat, index, axis=0)
            if fill_mode == "constant":
                inside = (iy >= 0) & (iy < height) & (ix >= 0) & (ix < width)
                values = ops.where(inside[..., None], values,
                                   ops.cast(fill_value, values.dtype))
            if wy is not None:
                values = values * ops.cast(wy * wx, values.dtype)[..., None]
            out = out + values
    return out
