"""The operations that ``AugMix`` and ``RandAugment`` draw from, built as Keras builds them."""

from __future__ import annotations

from cornu.layers.preprocessing.image_preprocessing.auto_contrast import AutoContrast
from cornu.layers.preprocessing.image_preprocessing.equalization import Equalization
from cornu.layers.preprocessing.image_preprocessing.random_brightness import RandomBrightness
from cornu.layers.preprocessing.image_preprocessing.random_color_degeneration import (
    RandomColorDegeneration,
)
from cornu.layers.preprocessing.image_preprocessing.random_contrast import RandomContrast
from cornu.layers.preprocessing.image_preprocessing.random_posterization import (
    RandomPosterization,
)
from cornu.layers.preprocessing.image_preprocessing.random_rotation import RandomRotation
from cornu.layers.preprocessing.image_preprocessing.random_sharpness import RandomSharpness
from cornu.layers.preprocessing.image_preprocessing.random_shear import RandomShear
from cornu.layers.preprocessing.image_preprocessing.random_translation import RandomTranslation
from cornu.layers.preprocessing.image_preprocessing.solarization import Solarization

# Seeds of the operations are spread apart so that their draws differ.
_SEED_STRIDE = 10007


def _make(name, factor, value_range, interpolation, seed, data_format):
    shared = {"data_format": data_format}
    random = {"seed": seed, **shared}
    colour = {"value_range": value_range, **random}
    builders = {
        "random_shear": lambda: RandomShear(x_factor=factor, y_factor=factor,
                                            interpolation=interpolation, **random),
        "random_translation": lambda: RandomTranslation(
            height_factor=factor, width_factor=factor, interpolation=interpolation, **random),
        "random_rotation": lambda: RandomRotation(factor=factor, interpolation=interpolation,
                                                  **random),
        "random_brightness": lambda: RandomBrightness(factor=factor, **colour),
        "random_color_degeneration": lambda: RandomColorDegeneration(factor=factor, **colour),
        "random_contrast": lambda: RandomContrast(factor=factor, **colour),
        "random_sharpness": lambda: RandomSharpness(factor=factor, **colour),
        "random_posterization": lambda: RandomPosterization(factor=max(1, int(8 * factor[1])),
                                                            **colour),
        "solarization": lambda: Solarization(addition_factor=factor, threshold_factor=factor,
                                             **colour),
        "auto_contrast": lambda: AutoContrast(value_range=value_range, **shared),
        "equalization": lambda: Equalization(value_range=value_range, **shared),
    }
    return builders[name]()


def build_ops(layer, names, factor, value_range, interpolation, seed):
    """Sets ``layer.<name>`` for each name to its augmentation layer; each random one draws
    with strength ``factor`` (a pair) from its own seed stream."""
    for i, name in enumerate(names):
        own_seed = None if seed is None else seed + _SEED_STRIDE * (i + 1)
        setattr(layer, name, _make(name, factor, value_range, interpolation, own_seed,
                                   layer.data_format))
