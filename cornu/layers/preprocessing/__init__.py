"""Preprocessing layers: feature normalization, lookups, hashing, text and image layers.

All of them run without TensorFlow; the string layers take NumPy arrays or lists of text.
"""

from cornu.layers.preprocessing.category_encoding import CategoryEncoding as CategoryEncoding
from cornu.layers.preprocessing.discretization import Discretization as Discretization
from cornu.layers.preprocessing.hashed_crossing import HashedCrossing as HashedCrossing
from cornu.layers.preprocessing.hashing import Hashing as Hashing
from cornu.layers.preprocessing.image_preprocessing import *  # noqa: F403
from cornu.layers.preprocessing.image_preprocessing import __all__ as _image_layers
from cornu.layers.preprocessing.integer_lookup import IntegerLookup as IntegerLookup
from cornu.layers.preprocessing.mel_spectrogram import MelSpectrogram as MelSpectrogram
from cornu.layers.preprocessing.normalization import Normalization as Normalization
from cornu.layers.preprocessing.pipeline import Pipeline as Pipeline
from cornu.layers.preprocessing.rescaling import Rescaling as Rescaling
from cornu.layers.preprocessing.stft_spectrogram import STFTSpectrogram as STFTSpectrogram
from cornu.layers.preprocessing.string_lookup import StringLookup as StringLookup
from cornu.layers.preprocessing.text_vectorization import (
    TextVectorization as TextVectorization,
)

__all__ = [
    "CategoryEncoding", "Discretization", "HashedCrossing", "Hashing", "IntegerLookup",
    "Normalization", "Rescaling", "StringLookup", "TextVectorization", *_image_layers,
    "MelSpectrogram", "Pipeline", "STFTSpectrogram",
]
