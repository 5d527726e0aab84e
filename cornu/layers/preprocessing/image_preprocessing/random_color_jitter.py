"""``RandomColorJitter``: random brightness, contrast, saturation and hue in one layer."""

from __future__ import annotations

from cornu.layers.preprocessing.image_preprocessing.base_image_preprocessing_layer import (
    BaseImagePreprocessingLayer,
)
from cornu.layers.preprocessing.image_preprocessing.random_brightness import RandomBrightness
from cornu.layers.preprocessing.image_preprocessing.random_contrast import RandomContrast
from cornu.layers.preprocessing.image_preprocessing.random_hue import RandomHue
from cornu.layers.preprocessing.image_preprocessing.random_saturation import RandomSaturation

# The order Keras applies them in.
_STEPS = ("brightness", "contrast", "saturation", "hue")
_SEED_STRIDE = 10007


class RandomColorJitter(BaseImagePreprocessingLayer):
    """Applies, in this order, ``RandomBrightness``, ``RandomContrast``, ``RandomSaturation``
    and ``RandomHue`` with the given factors; a factor left as None skips that step.

    Args:
        value_range: the range of the pixel values.
        brightness_factor: ``RandomBrightness``'s ``factor``.
        contrast_factor: ``RandomContrast``'s ``factor``.
        saturation_factor: ``RandomSaturation``'s ``factor``.
        hue_factor: ``RandomHue``'s ``factor``.
        seed: an int for repeatable draws.
        data_format: "channels_last" or "channels_first".

    Example:
        >>> import numpy as np, cornu
        >>> x = np.full((1, 2, 2, 3), 100.0, "float32")
        >>> layer = cornu.layers.RandomColorJitter(brightness_factor=(0.2, 0.2))
        >>> float(layer(x)[0, 0, 0, 0])  # 100 + 0.2 * 255
        151.0
    """

    _USE_BASE_FACTOR = False

    def __init__(self, value_range=(0, 255), brightness_factor=None, contrast_factor=None,
                 saturation_factor=None, hue_factor=None, seed=None, data_format=None,
                 **kwargs):
        super().__init__(data_format=data_format, **kwargs)
        self.value_range = value_range
        self.brightness_factor = brightness_factor
        self.contrast_factor = contrast_factor
        self.saturation_factor = saturation_factor
        self.hue_factor = hue_factor
        self.seed = seed
        common = {"value_range": value_range, "data_format": self.data_format}
        # Each step gets its own seed so that their draws are not the same numbers.
        seeds = [None if seed is None else seed + _SEED_STRIDE * (i + 1) for i in range(4)]
        self.random_brightness = (None if brightness_factor is None else RandomBrightness(
            brightness_factor, seed=seeds[0], **common))
        self.random_contrast = (None if contrast_factor is None else RandomContrast(
            contrast_factor, seed=seeds[1], **common))
        self.random_saturation = (None if saturation_factor is None else RandomSaturation(
            saturation_factor, seed=seeds[2], **common))
        self.random_hue = (None if hue_factor is None else RandomHue(
            hue_factor, seed=seeds[3], **common))

    def _steps(self):
        for step in _STEPS:
            layer = getattr(self, f"random_{step}")
            if layer is not None:
                yield step, layer

    def get_random_transformation(self, data, training=True, seed=None):
        if not training:
            return None
        return {step: layer.get_random_transformation(data, training=True)
                for step, layer in self._steps()}

    def transform_images(self, images, transformation=None, training=True):
        images = self._cast(images)
        if not training or transformation is None:
            return images
        for step, layer in self._steps():
            images = self._cast(layer.transform_images(images, transformation[step]))
        return images

    def get_config(self) -> dict:
        config = super().get_config()
        config.update({"value_range": self.value_range,
                       "brightness_factor": self.brightness_factor,
                       "contrast_factor": self.contrast_factor,
                       "saturation_factor": self.saturation_factor,
                       "hue_factor": self.hue_factor, "seed": self.seed})
        return config
