"""``RandAugment``: applies a few augmentations picked at random from a fixed list."""

from __future__ import annotations

from cornu import backend, ops
from cornu.layers.preprocessing.image_preprocessing._augment_ops import build_ops
from cornu.layers.preprocessing.image_preprocessing._geometry import INTERPOLATIONS
from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)

# The candidate operations, in Keras's order (``layer_idxes`` index this tuple).
OPERATIONS = (
    "random_shear", "random_translation", "random_rotation", "random_brightness",
    "random_color_degeneration", "random_contrast", "random_sharpness", "random_posterization",
    "solarization", "auto_contrast", "equalization",
)


class RandAugment(BaseImagePreprocessingLayer):
    """While training, applies ``num_ops`` operations drawn (with repetition) from shear,
    translation, rotation, brightness, colour degeneration, contrast, sharpness,
    posterization, solarization, auto-contrast and equalization, each with strength
    ``factor``. One draw per call: the whole batch gets the same operations.

    Args:
        value_range: the range of the pixel values.
        num_ops: how many operations to apply.
        factor: the strength: ``f`` for ``[0, f]`` or a pair ``(lower, upper)``, in [0, 1].
        interpolation: "bilinear" or "nearest", for the geometric operations.
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = (np.random.rand(2, 8, 8, 3) * 255).astype("float32")
        >>> y = cornu.layers.RandAugment(seed=1)(x)
        >>> tuple(y.shape), bool(0 <= float(y.min()) and float(y.max()) <= 255)
        ((2, 8, 8, 3), True)
    """

    _USE_BASE_FACTOR = False
    _FACTOR_BOUNDS = (0, 1)

    def __init__(self, value_range=(0, 255), num_ops=2, factor=0.5, interpolation="bilinear",
                 seed=None, data_format=None, **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        if not isinstance(num_ops, int) or num_ops < 0:
            raise ValueError(f"RandAugment: `num_ops` must be a non-negative integer, got "
                             f"num_ops={num_ops!r}.")
        if interpolation not in INTERPOLATIONS:
            raise NotImplementedError(f"RandAugment: unknown interpolation={interpolation!r}; "
                                      f"expected one of {INTERPOLATIONS}.")
        self.value_range = value_range
        self.num_ops = num_ops
        self._set_factor(factor)
        self.interpolation = interpolation
        self.seed = seed
        build_ops(self, OPERATIONS, self.factor, value_range, interpolation, seed)

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        picks = backend.random.randint((self.num_ops,), 0, len(OPERATIONS), dtype="int32",
                                       seed=seed if seed is not None else self._seeds_next())
        chosen = dict.fromkeys(OPERATIONS[i] for i in ops.convert_to_numpy(picks).tolist())
        transforms = {name: getattr(self, name).get_random_transformation(data, training=True)
                      for name in chosen}
        return {"transforms": transforms, "layer_idxes": picks}

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        transforms = transformation["transforms"]
        for index in ops.convert_to_numpy(transformation["layer_idxes"]).tolist():
            name = OPERATIONS[index]
            images = self._cast(getattr(self, name).transform_images(images, transforms[name]))
        return images

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range, "num_ops": self.num_ops,
                       "factor": self.factor, "interpolation": self.interpolation,
                       "seed": self.seed})
        return config
