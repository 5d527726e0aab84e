"""The base of image preprocessing and augmentation layers.

A layer draws a *transformation* (random parameters for the whole batch) with
``get_random_transformation`` and applies it with ``transform_images``; dict inputs
``{"images": ..., "labels": ...}`` get their labels transformed by ``transform_labels``.
Random layers act only while training: called with ``training=False`` (as in ``predict`` and
``evaluate``), they return their input (cast to the layer's dtype).
"""

from __future__ import annotations

import math

from cornu import backend, ops
from cornu.layers.preprocessing.data_layer import DataLayer


class BaseImagePreprocessingLayer(DataLayer):
    """Base class; subclasses implement ``get_random_transformation`` and ``transform_images``.

    Args:
        factor: for layers that use it, a number ``f`` (the range ``[-f, f]``, clipped to the
            layer's bounds) or a pair ``(lower, upper)``.
        data_format: "channels_last" or "channels_first" (default: the configured one).
        **kwargs: base layer arguments.
    """

    _USE_BASE_FACTOR = True
    _FACTOR_BOUNDS = (-1, 1)

    def __init__(self, factor=None, data_format=None, **kwargs):
        super().__init__(**kwargs)
        self.data_format = backend.standardize_data_format(data_format)
        if self._USE_BASE_FACTOR:
            self._set_factor(factor or 0.0)
        elif factor is not None:
            raise ValueError(f"{type(self).__name__} takes no `factor` argument, got "
                             f"factor={factor!r}.")

    def _set_factor(self, factor) -> None:
        low_bound, high_bound = self._FACTOR_BOUNDS
        message = (f"{type(self).__name__}: `factor` must be a number or a pair of numbers in "
                   f"[{low_bound}, {high_bound}], got factor={factor!r}.")
        if isinstance(factor, (tuple, list)):
            if len(factor) != 2 or factor[0] > high_bound or factor[1] < low_bound:
                raise ValueError(message)
            self.factor = tuple(sorted(factor))
        elif isinstance(factor, (int, float)):
            if not low_bound <= factor <= high_bound:
                raise ValueError(message)
            factor = abs(factor)
            self.factor = (max(-factor, low_bound), factor)
        else:
            raise ValueError(message)

    # --- shapes ---------------------------------------------------------------------------
    @property
    def _hw_axes(self):
        return (-2, -1) if self.data_format == "channels_first" else (-3, -2)

    def _height_width(self, shape):
        h, w = self._hw_axes
        return shape[h], shape[w]

    @staticmethod
    def _images_of(data):
        return data["images"] if isinstance(data, dict) else data

    @staticmethod
    def _batch_size(shape) -> int:
        return shape[0] if len(shape) == 4 else 1

    # --- the protocol ---------------------------------------------------------------------
    def get_random_transformation(self, data, training=True, seed=None):
        """Random parameters for one call (None for deterministic layers)."""
        return None

    def transform_images(self, images, transformation, training=True):
        raise NotImplementedError

    def transform_labels(self, labels, transformation, training=True):
        return labels

    def call(self, data, training=True):
        if isinstance(data, dict):
            data = dict(data)
            unsupported = sorted(set(data) - {"images", "labels"})
            if unsupported:
                raise ValueError(
                    f"{type(self).__name__}: cornu's image layers transform 'images' and "
                    f"'labels'; got also {unsupported} (bounding boxes and segmentation masks "
                    "are not supported yet)."
                )
            images = self._as_images(data["images"])
            single = len(images.shape) == 3
            if single:
                images = ops.expand_dims(images, 0)
            transformation = self.get_random_transformation({**data, "images": images},
                                                            training=training)
            out = self.transform_images(images, transformation, training=training)
            data["images"] = out[0] if single else out
            if "labels" in data:
                labels = ops.convert_to_tensor(data["labels"])
                if single:
                    labels = ops.expand_dims(labels, 0)
                labels = self.transform_labels(labels, transformation, training=training)
                data["labels"] = labels[0] if single else labels
            return data
        images = self._as_images(data)
        if len(images.shape) == 3:
            batch = ops.expand_dims(images, 0)
            transformation = self.get_random_transformation(batch, training=training)
            return self.transform_images(batch, transformation, training=training)[0]
        if len(images.shape) != 4:
            raise ValueError(
                f"{type(self).__name__} expects images of rank 3 (one image) or 4 (a batch), "
                f"got shape {tuple(images.shape)}."
            )
        transformation = self.get_random_transformation(images, training=training)
        return self.transform_images(images, transformation, training=training)

    @staticmethod
    def _as_images(x):
        return x if backend.is_tensor(x) else ops.convert_to_tensor(x)

    def _cast(self, images):
        return ops.cast(images, self.compute_dtype)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config["data_format"] = self.data_format
        return config

    # --- helpers shared by the colour and geometry layers ---------------------------------
    @staticmethod
    def _rescale(images, source, target):
        """Maps values linearly from the range ``source`` to the range ``target``."""
        if tuple(source) == tuple(target):
            return images
        images = (images - source[0]) / (source[1] - source[0])
        return images * (target[1] - target[0]) + target[0]

    @staticmethod
    def affine_matrix(angle, translate_x, translate_y, scale, shear_x, shear_y, height, width,
                      center_x=0.5, center_y=0.5):
        """The (batch, 8) output-to-input transforms of rotations (degrees), shears (degrees),
        scalings and translations (pixels) about the point (center_x, center_y) in [0, 1]."""
        to_rad = math.pi / 180.0
        angle, shear_x, shear_y = angle * to_rad, shear_x * to_rad, shear_y * to_rad
        cx, cy = center_x * (width - 1), center_y * (height - 1)
        cos, sin = ops.cos(angle), ops.sin(angle)
        tx, ty = ops.tan(shear_x), ops.tan(shear_y)
        a0 = scale * (cos + tx * sin)
        a1 = scale * (-sin + tx * cos)
        a2 = translate_x + cx - cx * a0 - cy * a1
        b0 = scale * (ty * cos + sin)
        b1 = scale * (-ty * sin + cos)
        b2 = translate_y + cy - cx * b0 - cy * b1
        zeros = ops.zeros_like(a0)
        return ops.stack([a0, a1, a2, b0, b1, b2, zeros, zeros], axis=1)
