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
