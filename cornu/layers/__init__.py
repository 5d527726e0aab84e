"""cornu.layers: the building blocks of models."""

from cornu.layers.core.activation import Activation as Activation
from cornu.layers.core.dense import Dense as Dense
from cornu.layers.core.dropout import Dropout as Dropout
from cornu.layers.core.misc import ActivityRegularization as ActivityRegularization
from cornu.layers.core.misc import Identity as Identity
from cornu.layers.core.misc import Lambda as Lambda
from cornu.layers.core.misc import Masking as Masking
from cornu.layers.core.reshaping import Flatten as Flatten
from cornu.layers.core.reshaping import Permute as Permute
from cornu.layers.core.reshaping import RepeatVector as RepeatVector
from cornu.layers.core.reshaping import Reshape as Reshape
from cornu.layers.core.input_layer import Input as Input
from cornu.layers.core.input_layer import InputLayer as InputLayer
from cornu.layers.core.torch_module_wrapper import TorchModuleWrapper as TorchModuleWrapper
from cornu.layers.input_spec import InputSpec as InputSpec
from cornu.layers.layer import Layer as Layer

# Normalization, regularization, merging, activation layers, Embedding, EinsumDense.
from cornu.layers.activations.elu import ELU as ELU
from cornu.layers.activations.leaky_relu import LeakyReLU as LeakyReLU
from cornu.layers.activations.prelu import PReLU as PReLU
from cornu.layers.activations.relu import ReLU as ReLU
from cornu.layers.activations.softmax import Softmax as Softmax
from cornu.layers.core.einsum_dense import EinsumDense as EinsumDense
from cornu.layers.core.embedding import Embedding as Embedding
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
from cornu.layers.regularization.alpha_dropout import AlphaDropout as AlphaDropout
from cornu.layers.regularization.gaussian_dropout import GaussianDropout as GaussianDropout
from cornu.layers.regularization.gaussian_noise import GaussianNoise as GaussianNoise
from cornu.layers.regularization.spatial_dropout import SpatialDropout1D as SpatialDropout1D
from cornu.layers.regularization.spatial_dropout import SpatialDropout2D as SpatialDropout2D
from cornu.layers.regularization.spatial_dropout import SpatialDropout3D as SpatialDropout3D


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
