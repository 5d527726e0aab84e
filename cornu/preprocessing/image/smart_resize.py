"""``smart_resize``: resize to a target size without distorting the aspect ratio."""

from __future__ import annotations

import numpy as np

from cornu import backend, ops


def smart_resize(x, size, interpolation="bilinear", data_format="channels_last",
                 backend_module=None):
    """Resizes images to ``size`` = (height, width), first cropping the largest centred
    window with the target's aspect ratio, so that nothing is stretched.

    Args:
        x: one image (3-D) or a batch (4-D), NumPy array or tensor.
        size: (height, width) of the result.
        interpolation: as ``ops.image.resize`` ("bilinear", "nearest", "bicubic", ...).
        data_format: "channels_last" or "channels_first".
        backend_module: accepted for Keras compatibility; unused.

    Returns:
        A NumPy array for NumPy input, else a tensor.

    Example:
        >>> import numpy as np
        >>> from cornu.preprocessing.image import smart_resize
        >>> smart_resize(np.zeros((6, 4, 3), "float32"), (3, 3)).shape
        (3, 3, 3)
    """
    if len(size) != 2:
        raise ValueError(f"smart_resize: `size` must be (height, width), got {size!r}.")
    was_numpy = isinstance(x, np.ndarray)
    images = ops.convert_to_tensor(x)
    if images.ndim not in (3, 4):
        raise ValueError(
            "smart_resize: expected an image (height, width, channels) or a batch "
            f"(batch, height, width, channels); got shape {tuple(images.shape)}.")
    channels_first = backend.standardize_data_format(data_format) == "channels_first"
    h_axis = images.ndim - (2 if channels_first else 3)
    height, width = int(images.shape[h_axis]), int(images.shape[h_axis + 1])
    target_h, target_w = int(size[0]), int(size[1])
    crop_h = min(height, int(width * target_h / target_w))
    crop_w = min(width, int(height * target_w / target_h))
    top, left = (height - crop_h) // 2, (width - crop_w) // 2
    index = [slice(None)] * images.ndim
    index[h_axis] = slice(top, top + crop_h)
    index[h_axis + 1] = slice(left, left + crop_w)
    cropped = images[tuple(index)]
    out = ops.image.resize(cropped, (target_h, target_w), interpolation=interpolation,
                           data_format="channels_first" if channels_first else "channels_last")
    return ops.convert_to_numpy(out) if was_numpy else out
