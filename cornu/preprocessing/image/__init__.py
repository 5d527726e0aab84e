"""Keras 2's ``keras.preprocessing.image``: ``ImageDataGenerator`` and image file helpers.

NumPy, SciPy (geometric transforms) and Pillow (files, brightness); no TensorFlow.
"""

from cornu.preprocessing.image.affine import apply_affine_transform as apply_affine_transform
from cornu.preprocessing.image.affine import apply_brightness_shift as apply_brightness_shift
from cornu.preprocessing.image.affine import apply_channel_shift as apply_channel_shift
from cornu.preprocessing.image.affine import flip_axis as flip_axis
from cornu.preprocessing.image.affine import random_brightness as random_brightness
from cornu.preprocessing.image.affine import random_channel_shift as random_channel_shift
from cornu.preprocessing.image.affine import random_rotation as random_rotation
from cornu.preprocessing.image.affine import random_shear as random_shear
from cornu.preprocessing.image.affine import random_shift as random_shift
from cornu.preprocessing.image.affine import random_zoom as random_zoom
from cornu.preprocessing.image.affine import (
    transform_matrix_offset_center as transform_matrix_offset_center,
)
from cornu.preprocessing.image.file_iterators import DataFrameIterator as DataFrameIterator
from cornu.preprocessing.image.file_iterators import DirectoryIterator as DirectoryIterator
from cornu.preprocessing.image.image_data_generator import (
    ImageDataGenerator as ImageDataGenerator,
)
from cornu.preprocessing.image.image_io import array_to_img as array_to_img
from cornu.preprocessing.image.image_io import img_to_array as img_to_array
from cornu.preprocessing.image.image_io import load_img as load_img
from cornu.preprocessing.image.image_io import save_img as save_img
from cornu.preprocessing.image.iterators import Iterator as Iterator
from cornu.preprocessing.image.iterators import NumpyArrayIterator as NumpyArrayIterator
from cornu.preprocessing.image.smart_resize import smart_resize as smart_resize
