"""``MaxNumBoundingBoxes``: pads or truncates bounding boxes to a fixed number per image."""

from __future__ import annotations

from cornu import ops
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

_KEYS = ("images", "labels", "bounding_boxes", "segmentation_masks")


class MaxNumBoundingBoxes(BaseImagePreprocessingLayer):
    """Makes the ``bounding_boxes`` of a dict input ``{"images": ..., "bounding_boxes":
    {"boxes": (batch, n, 4), "labels": (batch, n)}}`` hold exactly ``max_number`` boxes per
    image: extra boxes are dropped, missing ones are filled with ``fill_value``. Images,
    labels and segmentation masks pass through unchanged (at training and inference alike).

    Args:
        max_number: the number of boxes per image.
        fill_value: the value of padding boxes and their labels.

    Example:
        >>> import numpy as np, cornu
        >>> boxes = {"boxes": np.ones((2, 3, 4), "float32"), "labels": np.ones((2, 3))}
        >>> out = cornu.layers.MaxNumBoundingBoxes(5)(
        ...     {"images": np.zeros((2, 4, 4, 3), "float32"), "bounding_boxes": boxes})
        >>> tuple(out["bounding_boxes"]["boxes"].shape), out["bounding_boxes"]["labels"][0].tolist()
        ((2, 5, 4), [1.0, 1.0, 1.0, -1.0, -1.0])
    """

    _USE_BASE_FACTOR = False

    def __init__(self, max_number, fill_value=-1, **kwargs):
        super().__init__(**kwargs)
        if int(max_number) < 1:
            raise ValueError(f"MaxNumBoundingBoxes: `max_number` must be a positive integer, "
                             f"got max_number={max_number!r}.")
        self.max_number = int(max_number)
        self.fill_value = int(fill_value)

    def transform_images(self, images, transformation=None, training=True):
        return images

    def transform_bounding_boxes(self, bounding_boxes, transformation=None, training=True):
        """Pads or truncates ``{"boxes": (batch, n, 4), "labels": (batch, n)}`` to
        ``max_number`` boxes."""
        extra = sorted(set(bounding_boxes) - {"boxes", "labels"})
        if extra:
            raise KeyError(f"MaxNumBoundingBoxes: `bounding_boxes` may hold 'boxes' and "
                           f"'labels' only, got also {extra}.")
        out = dict(bounding_boxes)
        for key, rank in (("boxes", 3), ("labels", 2)):
            if key not in bounding_boxes:
                continue
            value = ops.convert_to_tensor(bounding_boxes[key])
            if len(value.shape) != rank:
                raise ValueError(
                    f"MaxNumBoundingBoxes: expected bounding_boxes[{key!r}] of rank {rank} "
                    f"(batch, boxes{', 4' if rank == 3 else ''}), got shape "
                    f"{tuple(value.shape)}; pass dense, padded boxes."
                )
            value = value[:, :self.max_number]
            missing = self.max_number - ops.shape(value)[1]
            if missing > 0:
                widths = [(0, 0), (0, missing)] + [(0, 0)] * (rank - 2)
                value = ops.pad(value, widths, constant_values=self.fill_value)
            out[key] = value
        return out

    def call(self, data, training=True):
        if not isinstance(data, dict):
            return data
        unsupported = sorted(set(data) - set(_KEYS))
        if unsupported:
            raise ValueError(f"MaxNumBoundingBoxes: unexpected keys {unsupported}; expected "
                             f"some of {list(_KEYS)}.")
        data = dict(data)
        if "bounding_boxes" in data:
            boxes = dict(data["bounding_boxes"])
            single = len(ops.shape(ops.convert_to_tensor(boxes["boxes"]))) == 2
            if single:
                boxes = {k: ops.expand_dims(ops.convert_to_tensor(v), 0)
                         for k, v in boxes.items()}
            boxes = self.transform_bounding_boxes(boxes)
            data["bounding_boxes"] = {k: v[0] for k, v in boxes.items()} if single else boxes
        return data

    def compute_output_shape(self, input_shape):
        if isinstance(input_shape, dict) and "bounding_boxes" in input_shape:
            input_shape = dict(input_shape)
            shapes = dict(input_shape["bounding_boxes"])
            for key in ("boxes", "labels"):
                if key in shapes:
                    shape = list(shapes[key])
                    shape[1] = self.max_number
                    shapes[key] = tuple(shape)
            input_shape["bounding_boxes"] = shapes
        return input_shape

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"max_number": self.max_number, "fill_value": self.fill_value})
        return config
