"""Spatial reshaping layers: Cropping, UpSampling and ZeroPadding in 1-3 D.

(Flatten, Reshape, Permute and RepeatVector live in ``cornu.layers.core.reshaping``.)
"""

from cornu.layers.reshaping.cropping1d import Cropping1D as Cropping1D
from cornu.layers.reshaping.cropping2d import Cropping2D as Cropping2D
from cornu.layers.reshaping.cropping3d import Cropping3D as Cropping3D
from cornu.layers.reshaping.up_sampling1d import UpSampling1D as UpSampling1D
from cornu.layers.reshaping.up_sampling2d import UpSampling2D as UpSampling2D
from cornu.layers.reshaping.up_sampling3d import UpSampling3D as UpSampling3D
from cornu.layers.reshaping.zero_padding1d import ZeroPadding1D as ZeroPadding1D
from cornu.layers.reshaping.zero_padding2d import ZeroPadding2D as ZeroPadding2D
from cornu.layers.reshaping.zero_padding3d import ZeroPadding3D as ZeroPadding3D
