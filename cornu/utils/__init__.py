"""cornu.utils: data helpers, seeding, plotting and friends."""

from cornu.backend.common.keras_tensor import is_keras_tensor as is_keras_tensor
from cornu.config import disable_interactive_logging as disable_interactive_logging
from cornu.config import enable_interactive_logging as enable_interactive_logging
from cornu.config import is_interactive_logging_enabled as is_interactive_logging_enabled
from cornu.preprocessing.image.image_io import array_to_img as array_to_img
from cornu.preprocessing.image.image_io import img_to_array as img_to_array
from cornu.preprocessing.image.image_io import load_img as load_img
from cornu.preprocessing.image.image_io import save_img as save_img
from cornu.preprocessing.sequence import pad_sequences as pad_sequences
from cornu.trainers.compile_utils import pack_x_y_sample_weight as pack_x_y_sample_weight
from cornu.trainers.compile_utils import unpack_x_y_sample_weight as unpack_x_y_sample_weight
from cornu.trainers.data_adapters.py_dataset import PyDataset as PyDataset
from cornu.trainers.data_adapters.py_dataset import Sequence as Sequence
from cornu.utils.config_dict import Config as Config
from cornu.utils.dataset_utils import split_dataset as split_dataset
from cornu.utils.file_utils import get_file as get_file
from cornu.utils.history_plot import plot_history as plot_history
from cornu.utils.image_dataset_utils import (
    image_dataset_from_directory as image_dataset_from_directory,
)
from cornu.utils.model_visualization import model_to_dot as model_to_dot
from cornu.utils.model_visualization import plot_model as plot_model
from cornu.utils.numerical_utils import normalize as normalize
from cornu.utils.numerical_utils import to_categorical as to_categorical
from cornu.utils.progbar import Progbar as Progbar
from cornu.utils.rng_utils import set_random_seed as set_random_seed
from cornu.utils.text_dataset_utils import (
    text_dataset_from_directory as text_dataset_from_directory,
)
from cornu.utils.timeseries_dataset_utils import (
    timeseries_dataset_from_array as timeseries_dataset_from_array,
)


def clear_session(free_memory=True) -> None:
    """Resets the automatic names ("dense", "dense_1"...) and ``get_uid`` counters."""
    from cornu.backend import clear_session as clear

    clear()


def standardize_dtype(dtype) -> str:
    """The canonical dtype name ("float32", "int64", ...); None gives ``floatx()``."""
    from cornu.backend import floatx
    from cornu.backend import standardize_dtype as standardize

    return floatx() if dtype is None else standardize(dtype)


def get_source_inputs(tensor) -> list:
    """The ``Input`` tensors that the symbolic ``tensor`` was computed from."""
    from cornu.legacy.engine import get_source_inputs as find

    return find(tensor)


# Found in cornu.saving on first use (cornu.saving imports models, which import cornu.utils).
_FROM_SAVING = (
    "CustomObjectScope",
    "custom_object_scope",
    "deserialize_keras_object",
    "get_custom_objects",
    "get_registered_name",
    "get_registered_object",
    "register_keras_serializable",
    "serialize_keras_object",
)


def __getattr__(name):
    if name in _FROM_SAVING:
        from cornu import saving

        return getattr(saving, name)
    raise AttributeError(f"module 'cornu.utils' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_FROM_SAVING))
