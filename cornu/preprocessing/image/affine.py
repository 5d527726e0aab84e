"""Geometric and colour transforms of one image array (NumPy + SciPy), as Keras 2.

The random helpers draw from NumPy's global generator in the same order as Keras 2, so a
seeded run (``np.random.seed``) gives Keras's images.
"""

from __future__ import annotations

import numpy as np

from cornu.preprocessing.image.image_io import array_to_img, img_to_array


def _ndimage():
    try:
        from scipy import ndimage
    except ImportError as error:  # pragma: no cover - SciPy is in the test extra
        raise ImportError(
            "Image transforms (rotation, shifts, shear, zoom) need SciPy: `pip install scipy`."
        ) from error
    return ndimage


def flip_axis(x, axis: int) -> np.ndarray:
    """``x`` reversed along ``axis``.

    Example:

    >>> flip_axis(np.arange(3).reshape(1, 3), 1).tolist()
    [[2, 1, 0]]
    """
    return np.flip(np.asarray(x), axis=axis)


def transform_matrix_offset_center(matrix, x, y) -> np.ndarray:
    """``matrix`` re-centred so that it acts around the middle of an ``x`` by ``y`` image."""
    center_x, center_y = float(x) / 2 - 0.5, float(y) / 2 - 0.5
    to_center = np.array([[1, 0, center_x], [0, 1, center_y], [0, 0, 1]])
    from_center = np.array([[1, 0, -center_x], [0, 1, -center_y], [0, 0, 1]])
    return to_center @ matrix @ from_center


def _compose(matrix, step):
    return step if matrix is None else matrix @ step


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1, row_axis=1,
                           col_axis=2, channel_axis=0, fill_mode="nearest", cval=0.0,
                           order=1) -> np.ndarray:
    """Rotates, shifts, shears and zooms one 3-D image array.

    Args:
        x: the image, rank 3.
        theta: rotation in degrees.
        tx, ty: shifts along the row and the column axis, in pixels.
        shear: shear angle in degrees.
        zx, zy: zoom factors along the row and the column axis.
        row_axis, col_axis, channel_axis: the axes of ``x`` (channels first or last).
        fill_mode: ``"constant"``, ``"nearest"``, ``"reflect"`` or ``"wrap"``.
        cval: the fill value for ``"constant"``.
        order: spline interpolation order.

    Example:

    >>> img = np.arange(9, dtype="float32").reshape(1, 3, 3)
    >>> apply_affine_transform(img, theta=90).astype(int).tolist()
    [[[2, 5, 8], [1, 4, 7], [0, 3, 6]]]
    """
    axes = {row_axis, col_axis, channel_axis}
    if len(axes) != 3 or axes != {0, 1, 2}:
        raise ValueError(
            f"apply_affine_transform: row_axis, col_axis and channel_axis must be 0, 1 and 2 "
            f"in some order, got {row_axis}, {col_axis}, {channel_axis}."
        )
    if x.ndim != 3:
        raise ValueError(
            f"apply_affine_transform: expected one image of rank 3, got shape {x.shape}."
        )
    if channel_axis not in (0, 2):
        raise ValueError("apply_affine_transform: channels must be the first or last axis.")
    matrix = None
    if theta != 0:
        angle = np.deg2rad(theta)
        matrix = np.array([[np.cos(angle), -np.sin(angle), 0],
                           [np.sin(angle), np.cos(angle), 0], [0, 0, 1]])
    if tx != 0 or ty != 0:
        matrix = _compose(matrix, np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]]))
    if shear != 0:
        angle = np.deg2rad(shear)
        matrix = _compose(matrix, np.array([[1, -np.sin(angle), 0],
                                            [0, np.cos(angle), 0], [0, 0, 1]]))
    if zx != 1 or zy != 1:
        matrix = _compose(matrix, np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]]))
    if matrix is None:
        return x
    matrix = transform_matrix_offset_center(matrix, x.shape[row_axis], x.shape[col_axis])
    if col_axis > row_axis:
        matrix[:, [0, 1]] = matrix[:, [1, 0]]
        matrix[[0, 1]] = matrix[[1, 0]]
    ndimage = _ndimage()
    planes = np.moveaxis(x, channel_axis, 0)
    out = np.stack([
        ndimage.affine_transform(plane, matrix[:2, :2], matrix[:2, 2], order=order,
                                 mode=fill_mode, cval=cval)
        for plane in planes
    ])
    return np.moveaxis(out, 0, channel_axis)


def apply_channel_shift(x, intensity: float, channel_axis: int = 0) -> np.ndarray:
    """Adds ``intensity`` to every channel, clipped to the image's original range."""
    planes = np.moveaxis(x, channel_axis, 0)
    low, high = np.min(planes), np.max(planes)
    shifted = np.stack([np.clip(plane + intensity, low, high) for plane in planes])
    return np.moveaxis(shifted, 0, channel_axis)


def apply_brightness_shift(x, brightness: float, scale: bool = True) -> np.ndarray:
    """Changes the brightness by ``brightness`` (1 = unchanged) with Pillow's enhancer."""
    from PIL import ImageEnhance

    low, high = np.min(x), np.max(x)
    outside_byte_range = (low < 0) or (high > 255)
    img = array_to_img(x, scale=outside_byte_range or scale)
    out = img_to_array(ImageEnhance.Brightness(img).enhance(brightness))
    if not scale and outside_byte_range:
        out = out / 255 * (high - low) + low
    return out


def random_rotation(x, rg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                    cval=0.0, interpolation_order=1) -> np.ndarray:
    """Rotates by a random angle in ``[-rg, rg]`` degrees."""
    theta = np.random.uniform(-rg, rg)
    return apply_affine_transform(x, theta=theta, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shift(x, wrg, hrg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                 cval=0.0, interpolation_order=1) -> np.ndarray:
    """Shifts by random fractions of the width (``wrg``) and height (``hrg``)."""
    tx = np.random.uniform(-hrg, hrg) * x.shape[row_axis]
    ty = np.random.uniform(-wrg, wrg) * x.shape[col_axis]
    return apply_affine_transform(x, tx=tx, ty=ty, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shear(x, intensity, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                 cval=0.0, interpolation_order=1) -> np.ndarray:
    """Shears by a random angle in ``[-intensity, intensity]`` degrees."""
    shear = np.random.uniform(-intensity, intensity)
    return apply_affine_transform(x, shear=shear, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_zoom(x, zoom_range, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                cval=0.0, interpolation_order=1) -> np.ndarray:
    """Zooms each axis by a random factor in ``zoom_range = (low, high)``."""
    if len(zoom_range) != 2:
        raise ValueError(f"random_zoom: `zoom_range` must be two floats, got {zoom_range!r}.")
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
    return apply_affine_transform(x, zx=zx, zy=zy, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_channel_shift(x, intensity_range, channel_axis=0) -> np.ndarray:
    """Shifts the channels by a random amount in ``[-intensity_range, intensity_range]``."""
    intensity = np.random.uniform(-intensity_range, intensity_range)
    return apply_channel_shift(x, intensity, channel_axis=channel_axis)


def random_brightness(x, brightness_range, scale=True) -> np.ndarray:
    """Changes the brightness by a random factor in ``brightness_range = (low, high)``."""
    if len(brightness_range) != 2:
        raise ValueError(
            f"random_brightness: `brightness_range` must be two floats, got "
            f"{brightness_range!r}."
        )
    factor = np.random.uniform(brightness_range[0], brightness_range[1])
    return apply_brightness_shift(x, factor, scale)
