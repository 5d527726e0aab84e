"""cornu.layers: the building blocks of models."""

# Normalization, regularization, merging, activation layers, Embedding, EinsumDense.
from cornu.layers.activations.elu import ELU as ELU
from cornu.layers.activations.leaky_relu import LeakyReLU as LeakyReLU
from cornu.layers.activations.prelu import PReLU as PReLU
from cornu.layers.activations.relu import ReLU as ReLU
from cornu.layers.activations.softmax import Softmax as Softmax

# Attention layers.
from cornu.layers.attention import AdditiveAttention as AdditiveAttention
from cornu.layers.attention import Attention as Attention
from cornu.layers.attention import GroupQueryAttention as GroupQueryAttention
from cornu.layers.attention import MultiHeadAttention as MultiHeadAttention

# Convolution, pooling and spatial reshaping layers (with their Keras aliases).
from cornu.layers.convolutional import Conv1D as Conv1D
from cornu.layers.convolutional import Conv1DTranspose as Conv1DTranspose
from cornu.layers.convolutional import Conv2D as Conv2D
from cornu.layers.convolutional import Conv2DTranspose as Conv2DTranspose
from cornu.layers.convolutional import Conv3D as Conv3D
from cornu.layers.convolutional import Conv3DTranspose as Conv3DTranspose
from cornu.layers.convolutional import Convolution1D as Convolution1D
from cornu.layers.convolutional import Convolution1DTranspose as Convolution1DTranspose
from cornu.layers.convolutional import Convolution2D as Convolution2D
from cornu.layers.convolutional import Convolution2DTranspose as Convolution2DTranspose
from cornu.layers.convolutional import Convolution3D as Convolution3D
from cornu.layers.convolutional import Convolution3DTranspose as Convolution3DTranspose
from cornu.layers.convolutional import DepthwiseConv1D as DepthwiseConv1D
from cornu.layers.convolutional import DepthwiseConv2D as DepthwiseConv2D
from cornu.layers.convolutional import SeparableConv1D as SeparableConv1D
from cornu.layers.convolutional import SeparableConv2D as SeparableConv2D
from cornu.layers.convolutional import SeparableConvolution1D as SeparableConvolution1D
from cornu.layers.convolutional import SeparableConvolution2D as SeparableConvolution2D
from cornu.layers.core.activation import Activation as Activation
from cornu.layers.core.dense import Dense as Dense
from cornu.layers.core.dropout import Dropout as Dropout
from cornu.layers.core.einsum_dense import EinsumDense as EinsumDense
from cornu.layers.core.embedding import Embedding as Embedding
from cornu.layers.core.input_layer import Input as Input
from cornu.layers.core.input_layer import InputLayer as InputLayer
from cornu.layers.core.misc import ActivityRegularization as ActivityRegularization
from cornu.layers.core.misc import Identity as Identity
from cornu.layers.core.misc import Lambda as Lambda
from cornu.layers.core.misc import Masking as Masking
from cornu.layers.core.reshaping import Flatten as Flatten
from cornu.layers.core.reshaping import Permute as Permute
from cornu.layers.core.reshaping import RepeatVector as RepeatVector
from cornu.layers.core.reshaping import Reshape as Reshape
from cornu.layers.core.reversible_embedding import ReversibleEmbedding as ReversibleEmbedding
from cornu.layers.core.torch_module_wrapper import TorchModuleWrapper as TorchModuleWrapper
from cornu.layers.input_spec import InputSpec as InputSpec
from cornu.layers.layer import Layer as Layer
from cornu.layers.merging.add import Add as Add
from cornu.layers.merging.add import add as add
from cornu.layers.merging.average import Average as Average
from cornu.layers.merging.average import average as average
from cornu.layers.merging.concatenate import Concatenate as Concatenate
from cornu.layers.merging.concatenate import concatenate as concatenate
from cornu.layers.merging.dot import Dot as Dot
from cornu.layers.merging.dot import dot as dot
from cornu.layers.merging.maximum import Maximum as Maximum
from cornu.layers.merging.maximum import maximum as maximum
from cornu.layers.merging.minimum import Minimum as Minimum
from cornu.layers.merging.minimum import minimum as minimum
from cornu.layers.merging.multiply import Multiply as Multiply
from cornu.layers.merging.multiply import multiply as multiply
from cornu.layers.merging.subtract import Subtract as Subtract
from cornu.layers.merging.subtract import subtract as subtract
from cornu.layers.normalization.batch_normalization import (
    BatchNormalization as BatchNormalization,
)
from cornu.layers.normalization.group_normalization import (
    GroupNormalization as GroupNormalization,
)
from cornu.layers.normalization.layer_normalization import (
    LayerNormalization as LayerNormalization,
)
from cornu.layers.normalization.rms_normalization import RMSNormalization as RMSNormalization
from cornu.layers.normalization.spectral_normalization import (
    SpectralNormalization as SpectralNormalization,
)
from cornu.layers.normalization.unit_normalization import (
    UnitNormalization as UnitNormalization,
)
from cornu.layers.pooling import AdaptiveAveragePooling1D as AdaptiveAveragePooling1D
from cornu.layers.pooling import AdaptiveAveragePooling2D as AdaptiveAveragePooling2D
from cornu.layers.pooling import AdaptiveAveragePooling3D as AdaptiveAveragePooling3D
from cornu.layers.pooling import AdaptiveMaxPooling1D as AdaptiveMaxPooling1D
from cornu.layers.pooling import AdaptiveMaxPooling2D as AdaptiveMaxPooling2D
from cornu.layers.pooling import AdaptiveMaxPooling3D as AdaptiveMaxPooling3D
from cornu.layers.pooling import AveragePooling1D as AveragePooling1D
from cornu.layers.pooling import AveragePooling2D as AveragePooling2D
from cornu.layers.pooling import AveragePooling3D as AveragePooling3D
from cornu.layers.pooling import AvgPool1D as AvgPool1D
from cornu.layers.pooling import AvgPool2D as AvgPool2D
from cornu.layers.pooling import AvgPool3D as AvgPool3D
from cornu.layers.pooling import GlobalAveragePooling1D as GlobalAveragePooling1D
from cornu.layers.pooling import GlobalAveragePooling2D as GlobalAveragePooling2D
from cornu.layers.pooling import GlobalAveragePooling3D as GlobalAveragePooling3D
from cornu.layers.pooling import GlobalAvgPool1D as GlobalAvgPool1D
from cornu.layers.pooling import GlobalAvgPool2D as GlobalAvgPool2D
from cornu.layers.pooling import GlobalAvgPool3D as GlobalAvgPool3D
from cornu.layers.pooling import GlobalMaxPool1D as GlobalMaxPool1D
from cornu.layers.pooling import GlobalMaxPool2D as GlobalMaxPool2D
from cornu.layers.pooling import GlobalMaxPool3D as GlobalMaxPool3D
from cornu.layers.pooling import GlobalMaxPooling1D as GlobalMaxPooling1D
from cornu.layers.pooling import GlobalMaxPooling2D as GlobalMaxPooling2D
from cornu.layers.pooling import GlobalMaxPooling3D as GlobalMaxPooling3D
from cornu.layers.pooling import MaxPool1D as MaxPool1D
from cornu.layers.pooling import MaxPool2D as MaxPool2D
from cornu.layers.pooling import MaxPool3D as MaxPool3D
from cornu.layers.pooling import MaxPooling1D as MaxPooling1D
from cornu.layers.pooling import MaxPooling2D as MaxPooling2D
from cornu.layers.pooling import MaxPooling3D as MaxPooling3D

# Preprocessing layers (no TensorFlow needed): cornu/layers/preprocessing/.
from cornu.layers.preprocessing import *  # noqa: E402, F403
from cornu.layers.regularization.alpha_dropout import AlphaDropout as AlphaDropout
from cornu.layers.regularization.gaussian_dropout import GaussianDropout as GaussianDropout
from cornu.layers.regularization.gaussian_noise import GaussianNoise as GaussianNoise
from cornu.layers.regularization.spatial_dropout import SpatialDropout1D as SpatialDropout1D
from cornu.layers.regularization.spatial_dropout import SpatialDropout2D as SpatialDropout2D
from cornu.layers.regularization.spatial_dropout import SpatialDropout3D as SpatialDropout3D
from cornu.layers.reshaping import Cropping1D as Cropping1D
from cornu.layers.reshaping import Cropping2D as Cropping2D
from cornu.layers.reshaping import Cropping3D as Cropping3D
from cornu.layers.reshaping import UpSampling1D as UpSampling1D
from cornu.layers.reshaping import UpSampling2D as UpSampling2D
from cornu.layers.reshaping import UpSampling3D as UpSampling3D
from cornu.layers.reshaping import ZeroPadding1D as ZeroPadding1D
from cornu.layers.reshaping import ZeroPadding2D as ZeroPadding2D
from cornu.layers.reshaping import ZeroPadding3D as ZeroPadding3D
from cornu.layers.rnn import GRU as GRU
from cornu.layers.rnn import LSTM as LSTM

# Recurrent layers, their cells and wrappers.
from cornu.layers.rnn import RNN as RNN
from cornu.layers.rnn import Bidirectional as Bidirectional
from cornu.layers.rnn import ConvLSTM1D as ConvLSTM1D
from cornu.layers.rnn import ConvLSTM2D as ConvLSTM2D
from cornu.layers.rnn import ConvLSTM3D as ConvLSTM3D
from cornu.layers.rnn import GRUCell as GRUCell
from cornu.layers.rnn import LSTMCell as LSTMCell
from cornu.layers.rnn import SimpleRNN as SimpleRNN
from cornu.layers.rnn import SimpleRNNCell as SimpleRNNCell
from cornu.layers.rnn import StackedRNNCells as StackedRNNCells
from cornu.layers.rnn import TimeDistributed as TimeDistributed
from cornu.layers.rnn import Wrapper as Wrapper


def serialize(layer) -> dict:
    """The config dict of ``layer`` (class name + ``get_config()``)."""
    from cornu.saving.serialization import serialize_keras_object

    return serialize_keras_object(layer)


def deserialize(config, custom_objects=None):
    """Rebuilds a layer from ``serialize`` output."""
    from cornu.saving.serialization import deserialize_keras_object

    return deserialize_keras_object(config, module_objects=_all_layers(),
                                    custom_objects=custom_objects,
                                    printable_module_name="layer")


def _all_layers() -> dict:
    import cornu.models as models

    objects = {k: v for k, v in globals().items() if isinstance(v, type)}
    objects.update({"Sequential": models.Sequential, "Functional": models.Functional,
                    "Model": models.Model})
    return objects

# Keras 1's Merge layer and merge function (they warn once; see cornu/legacy/).
from cornu.legacy.merge import Merge as Merge  # noqa: E402
from cornu.legacy.merge import merge as merge  # noqa: E402
