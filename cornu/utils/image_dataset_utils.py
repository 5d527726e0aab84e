"""``image_dataset_from_directory``: batches of decoded, resized images and their labels."""

from __future__ import annotations

import numpy as np

from cornu.backend.config import standardize_data_format
from cornu.utils import dataset_utils

ALLOWLIST_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
_INTERPOLATIONS = ("bilinear", "nearest", "bicubic", "area", "lanczos3", "lanczos5",
                   "gaussian", "mitchellcubic")
_CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}


def _decode(path: str, num_channels: int) -> np.ndarray:
    try:
        from PIL import Image
    except ImportError as err:  # pragma: no cover - depends on the machine
        raise ImportError("image_dataset_from_directory needs Pillow to decode images: "
                          "`pip install pillow`.") from err
    try:
        with Image.open(path) as img:
            img.seek(0)  # animated GIFs: the first frame
            mode = {1: "L", 3: "RGB", 4: "RGBA"}[num_channels]
            array = np.asarray(img.convert(mode), dtype="float32")
    except OSError as err:
        raise ValueError(f"Cannot decode the image {path}: {err}.") from err
    return array.reshape(array.shape[0], array.shape[1], num_channels)


def _loader(paths, labels, label_mode, num_classes, image_size, num_channels, interpolation,
            crop_to_aspect_ratio, pad_to_aspect_ratio, data_format):
    from cornu import ops

    resize_mode = {"lanczos3": "bicubic", "lanczos5": "bicubic", "gaussian": "bilinear",
                   "mitchellcubic": "bicubic"}.get(interpolation, interpolation)
    encoded = (dataset_utils.encode_labels(np.asarray(labels), label_mode, num_classes)
               if labels is not None else None)

    def load(indices):
        images = []
        for i in indices:
            image = ops.image.resize(
                _decode(paths[i], num_channels), image_size, interpolation=resize_mode,
                crop_to_aspect_ratio=crop_to_aspect_ratio,
                pad_to_aspect_ratio=pad_to_aspect_ratio, data_format="channels_last")
            images.append(np.asarray(ops.convert_to_numpy(image), dtype="float32"))
        batch = np.stack(images) if images else np.zeros((0, *image_size, num_channels),
                                                         "float32")
        if data_format == "channels_first":
            batch = batch.transpose(0, 3, 1, 2)
        return batch if encoded is None else (batch, encoded[np.asarray(indices)])

    return load


def image_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                 class_names=None, color_mode="rgb", batch_size=32,
                                 image_size=(256, 256), shuffle=True, seed=None,
                                 validation_split=None, subset=None, interpolation="bilinear",
                                 follow_links=False, crop_to_aspect_ratio=False,
                                 pad_to_aspect_ratio=False, data_format=None, format="tf",
                                 verbose=True):
    """Batches of images from a folder with one subfolder per class.

    ``main/class_a/*.jpg`` and ``main/class_b/*.jpg`` give labels 0 and 1. Images are read
    with Pillow (jpeg, png, bmp, gif), converted to ``color_mode`` and resized to
    ``image_size`` as float32 pixels in [0, 255].

    Args:
        directory: the folder.
        labels: "inferred" (from the subfolders), None, or a list of integer labels in the
            sorted order of the file paths.
        label_mode: "int", "categorical" (one-hot), "binary" (float 0/1 column), or None.
        class_names: the subfolders to use, in label order (default: all, sorted).
        color_mode: "grayscale", "rgb" or "rgba".
        batch_size: images per batch; None for single images.
        image_size: ``(height, width)`` after resizing.
        shuffle: shuffle the files (and again every epoch); False keeps sorted order.
        seed: the shuffling seed (required with ``validation_split`` and shuffling).
        validation_split: the fraction of the files kept for validation.
        subset: "training", "validation", or "both" (returns both data sets).
        interpolation: the resize method ("bilinear", "nearest", "bicubic", "area"; the
            others fall back to the closest of these).
        follow_links: follow symbolic links to subfolders.
        crop_to_aspect_ratio: crop to the target aspect ratio before resizing.
        pad_to_aspect_ratio: pad to the target aspect ratio before resizing.
        data_format: "channels_last" or "channels_first" (default: configured).
        format: accepted for Keras compatibility ("tf" or "grain"); the result is always a
            cornu ``BatchDataset``.
        verbose: print how many files and classes were found.

    Returns:
        A ``BatchDataset`` yielding ``(images, labels)`` (or images alone), with
        ``class_names`` and ``file_paths`` attributes; a pair of them with ``subset="both"``.

    Example:
        >>> import os, tempfile, numpy as np
        >>> from PIL import Image
        >>> root = tempfile.mkdtemp()
        >>> for name in ("cats", "dogs"):
        ...     os.makedirs(os.path.join(root, name))
        ...     Image.new("RGB", (8, 6)).save(os.path.join(root, name, "a.png"))
        >>> ds = image_dataset_from_directory(root, image_size=(4, 4), batch_size=2)
        Found 2 files belonging to 2 classes.
        >>> images, labels = ds[0]
        >>> images.shape, ds.class_names
        ((2, 4, 4, 3), ['cats', 'dogs'])
    """
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` must be 'inferred', None, or a list/tuple of integer "
                             f"labels (one per file), got {labels!r}.")
        if class_names:
            raise ValueError("`class_names` can only be passed with labels='inferred'.")
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(f"`label_mode` must be 'int', 'categorical', 'binary' or None, got "
                         f"{label_mode!r}.")
    if labels is None or label_mode is None:
        labels = label_mode = None
    if color_mode not in _CHANNELS:
        raise ValueError(f"`color_mode` must be 'grayscale', 'rgb' or 'rgba', got "
                         f"{color_mode!r}.")
    if isinstance(image_size, int):
        image_size = (image_size, image_size)
    if not isinstance(image_size, (list, tuple)) or len(image_size) != 2:
        raise ValueError(f"`image_size` must be (height, width), got {image_size!r}.")
    interpolation = interpolation.lower()
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(f"`interpolation` must be one of {_INTERPOLATIONS}, got "
                         f"{interpolation!r}.")
    if format not in ("tf", "grain"):
        raise ValueError(f"`format` must be 'tf' or 'grain', got {format!r}.")
    dataset_utils.check_validation_split_arg(validation_split, subset, shuffle, seed)
    seed = np.random.randint(1e6) if seed is None else seed
    paths, labels, class_names = dataset_utils.index_directory(
        directory, labels, ALLOWLIST_FORMATS, class_names=class_names, shuffle=shuffle,
        seed=seed, follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f"label_mode='binary' needs exactly 2 classes, got {class_names}.")
    data_format = standardize_data_format(data_format)

    def make(subset_name, shuffle_it):
        p, lab = dataset_utils.training_or_validation_split(paths, labels, validation_split,
                                                            subset_name)
        if not p:
            raise ValueError(f"No images found in directory {directory!r}"
                             f"{' for ' + subset_name if subset_name else ''}. Allowed "
                             f"formats: {ALLOWLIST_FORMATS}.")
        load = _loader(p, lab, label_mode, len(class_names) if class_names else 0,
                       tuple(image_size), _CHANNELS[color_mode], interpolation,
                       crop_to_aspect_ratio, pad_to_aspect_ratio, data_format)
        ds = dataset_utils.BatchDataset(len(p), load, batch_size, shuffle=shuffle_it,
                                        seed=seed)
        ds.class_names, ds.file_paths = class_names, p
        return ds

    if subset == "both":
        return [make("training", shuffle), make("validation", False)]
    return make(subset, shuffle)
