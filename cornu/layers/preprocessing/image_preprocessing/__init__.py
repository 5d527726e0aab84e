"""Image preprocessing (Resizing, CenterCrop) and augmentation layers."""

from cornu.layers.preprocessing.image_preprocessing.aug_mix import AugMix as AugMix
from cornu.layers.preprocessing.image_preprocessing.auto_contrast import (
    AutoContrast as AutoContrast,
)
from cornu.layers.preprocessing.image_preprocessing.center_crop import CenterCrop as CenterCrop
from cornu.layers.preprocessing.image_preprocessing.clahe import (
    ContrastLimitedAdaptiveHistogramEqualization as ContrastLimitedAdaptiveHistogramEqualization,
)
from cornu.layers.preprocessing.image_preprocessing.cut_mix import CutMix as CutMix
from cornu.layers.preprocessing.image_preprocessing.equalization import Equalization as Equalization
from cornu.layers.preprocessing.image_preprocessing.max_num_bounding_boxes import (
    MaxNumBoundingBoxes as MaxNumBoundingBoxes,
)
from cornu.layers.preprocessing.image_preprocessing.mix_up import MixUp as MixUp
from cornu.layers.preprocessing.image_preprocessing.rand_augment import RandAugment as RandAugment
from cornu.layers.preprocessing.image_preprocessing.random_brightness import (
    RandomBrightness as RandomBrightness,
)
from cornu.layers.preprocessing.image_preprocessing.random_color_degeneration import (
    RandomColorDegeneration as RandomColorDegeneration,
)
from cornu.layers.preprocessing.image_preprocessing.random_color_jitter import (
    RandomColorJitter as RandomColorJitter,
)
from cornu.layers.preprocessing.image_preprocessing.random_contrast import (
    RandomContrast as RandomContrast,
)
from cornu.layers.preprocessing.image_preprocessing.random_crop import RandomCrop as RandomCrop
from cornu.layers.preprocessing.image_preprocessing.random_elastic_transform import (
    RandomElasticTransform as RandomElasticTransform,
)
from cornu.layers.preprocessing.image_preprocessing.random_erasing import (
    RandomErasing as RandomErasing,
)
from cornu.layers.preprocessing.image_preprocessing.random_flip import RandomFlip as RandomFlip
from cornu.layers.preprocessing.image_preprocessing.random_gaussian_blur import (
    RandomGaussianBlur as RandomGaussianBlur,
)
from cornu.layers.preprocessing.image_preprocessing.random_grayscale import (
    RandomGrayscale as RandomGrayscale,
)
from cornu.layers.preprocessing.image_preprocessing.random_hue import RandomHue as RandomHue
from cornu.layers.preprocessing.image_preprocessing.random_invert import (
    RandomInvert as RandomInvert,
)
from cornu.layers.preprocessing.image_preprocessing.random_perspective import (
    RandomPerspective as RandomPerspective,
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
from cornu.layers.preprocessing.image_preprocessing.random_sharpness import (
    RandomSharpness as RandomSharpness,
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
    # Added with the newer Keras 3 augmentation layers.
    "AugMix", "ContrastLimitedAdaptiveHistogramEqualization", "CutMix", "Equalization",
    "MaxNumBoundingBoxes", "RandAugment", "RandomColorJitter", "RandomElasticTransform",
    "RandomErasing", "RandomGaussianBlur", "RandomHue", "RandomPerspective", "RandomSharpness",
]
