"""Image preprocessing (Resizing, CenterCrop) and augmentation layers."""

from cornu.layers.preprocessing.image_preprocessing.auto_contrast import (
    AutoContrast as AutoContrast,
)
from cornu.layers.preprocessing.image_preprocessing.center_crop import CenterCrop as CenterCrop
from cornu.layers.preprocessing.image_preprocessing.mix_up import MixUp as MixUp
from cornu.layers.preprocessing.image_preprocessing.random_brightness import (
    RandomBrightness as RandomBrightness,
)
from cornu.layers.preprocessing.image_preprocessing.random_color_degeneration import (
    RandomColorDegeneration as RandomColorDegeneration,
)
from cornu.layers.preprocessing.image_preprocessing.random_contrast import (
    RandomContrast as RandomContrast,
)
from cornu.layers.preprocessing.image_preprocessing.random_crop import RandomCrop as RandomCrop
from cornu.layers.preprocessing.image_preprocessing.random_flip import RandomFlip as RandomFlip
from cornu.layers.preprocessing.image_preprocessing.random_grayscale import (
    RandomGrayscale as RandomGrayscale,
)
from cornu.layers.preprocessing.image_preprocessing.random_invert import (
    RandomInvert as RandomInvert,
)
from cornu.layers.preprocessing.image_preprocessing.random_posterization import (
    RandomPosterization as RandomPosterization,
)
from cornu.layers.preprocessing.image_preprocessing.random_rotation import (
    RandomRotation as RandomRotation,
)
from cornu.layers.preprocessing.image_preprocessing.random_saturation import (
    RandomSaturation as RandomSaturation,
)
from cornu.layers.preprocessing.image_preprocessing.random_shear import RandomShear as RandomShear
from cornu.layers.preprocessing.image_preprocessing.random_translation import (
    RandomTranslation as RandomTranslation,
)
from cornu.layers.preprocessing.image_preprocessing.random_zoom import RandomZoom as RandomZoom
from cornu.layers.preprocessing.image_preprocessing.resizing import Resizing as Resizing
from cornu.layers.preprocessing.image_preprocessing.solarization import (
    Solarization as Solarization,
)

__all__ = [
    "AutoContrast", "CenterCrop", "MixUp", "RandomBrightness", "RandomColorDegeneration",
    "RandomContrast", "RandomCrop", "RandomSaturation", "RandomShear",
    "RandomFlip", "RandomGrayscale", "RandomInvert", "RandomPosterization", "RandomRotation",
    "RandomTranslation", "RandomZoom", "Resizing", "Solarization",
]
