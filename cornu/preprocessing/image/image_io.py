"""Reading, writing and converting single images with Pillow (no TensorFlow needed)."""

from __future__ import annotations

import io
import pathlib
import warnings

import numpy as np

from cornu import backend

INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "hamming", "box", "lanczos")


def _pil():
    try:
        from PIL import Image
    except ImportError as error:  # pragma: no cover - Pillow is in the test extra
        raise ImportError(
            "cornu.preprocessing.image needs Pillow to read and write images: "
            "`pip install pillow`."
        ) from error
    return Image


def _data_format(data_format):
    return backend.standardize_data_format(data_format)


def array_to_img(x, data_format: str | None = None, scale: bool = True, dtype=None):
    """A Pillow image from a ``(height, width, channels)`` array (1, 3 or 4 channels).

    Args:
        x: the image array.
        data_format: ``"channels_last"`` or ``"channels_first"`` (default: the config's).
        scale: stretch the values to ``[0, 255]`` first.
        dtype: the float dtype used for the scaling (default ``floatx()``).

    Example:

    >>> import numpy as np
    >>> img = array_to_img(np.zeros((4, 6, 3)))
    >>> img.size, img.mode
    ((6, 4), 'RGB')
    """
    image = _pil()
    x = np.asarray(x, dtype=dtype or backend.floatx())
    if x.ndim != 3:
        raise ValueError(
            f"array_to_img: expected one image of rank 3 (height, width, channels), got an "
            f"array of shape {x.shape}."
        )
    if _data_format(data_format) == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        peak = np.max(x)
        if peak != 0:
            x /= peak
        x *= 255
    channels = x.shape[2]
    if channels == 4:
        return image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:  # 16/32-bit grey levels
            return image.fromarray(x[:, :, 0].astype("int32"), "I")
        return image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(
        f"array_to_img: images have 1, 3 or 4 channels; got {channels} (shape {x.shape})."
    )


def img_to_array(img, data_format: str | None = None, dtype=None) -> np.ndarray:
    """A ``(height, width, channels)`` float array from a Pillow image.

    Example:

    >>> import numpy as np
    >>> img_to_array(array_to_img(np.ones((2, 3, 1)), scale=False)).shape
    (2, 3, 1)
    """
    x = np.asarray(img, dtype=dtype or backend.floatx())
    channels_first = _data_format(data_format) == "channels_first"
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if channels_first else x
    if x.ndim == 2:
        return x.reshape((1,) + x.shape if channels_first else x.shape + (1,))
    raise ValueError(f"img_to_array: unsupported image shape {x.shape}.")


def save_img(path, x, data_format: str | None = None, file_format: str | None = None,
             scale: bool = True, **kwargs) -> None:
    """Saves an image array to a file (format from the extension unless ``file_format``).

    Example:

    >>> import numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "a.png")
    >>> save_img(path, np.random.rand(4, 4, 3))
    >>> load_img(path).size
    (4, 4)
    """
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower()
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format == "jpeg":
        warnings.warn("save_img: JPEG has no alpha channel; saving the RGB channels.",
                      stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format or None, **kwargs)


def _crop_box(size, target):
    """The centred box of the source with the target's aspect ratio (Pillow's order)."""
    width, height = size
    target_width, target_height = target
    crop_height = min(height, (width * target_height) // target_width)
    crop_width = min(width, (height * target_width) // target_height)
    top = (height - crop_height) // 2
    left = (width - crop_width) // 2
    return [left, top, left + crop_width, top + crop_height]


def load_img(path, color_mode: str = "rgb", target_size=None, interpolation: str = "nearest",
             keep_aspect_ratio: bool = False):
    """Loads an image file as a Pillow image.

    Args:
        path: a path (str or ``pathlib.Path``) or a binary file object.
        color_mode: ``"grayscale"``, ``"rgb"`` or ``"rgba"``.
        target_size: ``(height, width)`` to resize to, or ``None``.
        interpolation: ``"nearest"``, ``"bilinear"``, ``"bicubic"``, ``"hamming"``,
            ``"box"`` or ``"lanczos"``.
        keep_aspect_ratio: crop the centre to the target's aspect ratio before resizing.

    Returns:
        A ``PIL.Image.Image``.
    """
    image = _pil()
    if isinstance(path, io.IOBase):
        img = image.open(path)
    elif isinstance(path, (str, bytes, pathlib.Path)):
        with open(path, "rb") as f:
            img = image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(
            f"load_img: `path` must be a file path or a binary file object, got "
            f"{type(path).__name__}."
        )
    if color_mode == "grayscale":
        if img.mode not in ("L", "I;16", "I"):
            img = img.convert("L")
    elif color_mode in ("rgb", "rgba"):
        if img.mode != color_mode.upper():
            img = img.convert(color_mode.upper())
    else:
        raise ValueError(
            f"load_img: `color_mode` must be 'grayscale', 'rgb' or 'rgba', got {color_mode!r}."
        )
    if target_size is not None:
        wanted = (target_size[1], target_size[0])
        if img.size != wanted:
            if interpolation not in INTERPOLATIONS:
                raise ValueError(
                    f"load_img: unknown interpolation {interpolation!r}; expected one of "
                    f"{INTERPOLATIONS}."
                )
            resample = getattr(image.Resampling, interpolation.upper())
            box = _crop_box(img.size, wanted) if keep_aspect_ratio else None
            img = img.resize(wanted, resample, box=box)
    return img
