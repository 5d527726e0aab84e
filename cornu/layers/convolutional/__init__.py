"""Convolution layers: Conv1D/2D/3D, their transposes, separable and depthwise variants."""

from cornu.layers.convolutional.conv1d import Conv1D as Conv1D
from cornu.layers.convolutional.conv1d_transpose import Conv1DTranspose as Conv1DTranspose
from cornu.layers.convolutional.conv2d import Conv2D as Conv2D
from cornu.layers.convolutional.conv2d_transpose import Conv2DTranspose as Conv2DTranspose
from cornu.layers.convolutional.conv3d import Conv3D as Conv3D
from cornu.layers.convolutional.conv3d_transpose import Conv3DTranspose as Conv3DTranspose
from cornu.layers.convolutional.depthwise_conv1d import DepthwiseConv1D as DepthwiseConv1D
from cornu.layers.convolutional.depthwise_conv2d import DepthwiseConv2D as DepthwiseConv2D
from cornu.layers.convolutional.legacy_convolution import Convolution1D as Convolution1D
from cornu.layers.convolutional.legacy_convolution import (
    Convolution1DTranspose as Convolution1DTranspose,
)
from cornu.layers.convolutional.legacy_convolution import Convolution2D as Convolution2D
from cornu.layers.convolutional.legacy_convolution import (
    Convolution2DTranspose as Convolution2DTranspose,
)
from cornu.layers.convolutional.legacy_convolution import Convolution3D as Convolution3D
from cornu.layers.convolutional.legacy_convolution import (
    Convolution3DTranspose as Convolution3DTranspose,
)
from cornu.layers.convolutional.legacy_convolution import (
    SeparableConvolution1D as SeparableConvolution1D,
)
from cornu.layers.convolutional.legacy_convolution import (
    SeparableConvolution2D as SeparableConvolution2D,
)
from cornu.layers.convolutional.separable_conv1d import SeparableConv1D as SeparableConv1D
from cornu.layers.convolutional.separable_conv2d import SeparableConv2D as SeparableConv2D
