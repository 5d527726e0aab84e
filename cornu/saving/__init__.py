"""cornu.saving: saving and loading models, weights and configs (Keras 3 formats)."""

from cornu.saving.errors import SavingError as SavingError
from cornu.saving.file_editor import KerasFileEditor as KerasFileEditor
from cornu.saving.object_registration import CustomObjectScope as CustomObjectScope
from cornu.saving.object_registration import custom_object_scope as custom_object_scope
from cornu.saving.object_registration import get_custom_objects as get_custom_objects
from cornu.saving.object_registration import get_registered_name as get_registered_name
from cornu.saving.object_registration import get_registered_object as get_registered_object
from cornu.saving.object_registration import (
    register_keras_serializable as register_keras_serializable,
)
from cornu.saving.safe_mode import (
    enable_unsafe_deserialization as enable_unsafe_deserialization,
)
from cornu.saving.saving_api import load_model as load_model
from cornu.saving.saving_api import load_weights as load_weights
from cornu.saving.saving_api import save_model as save_model
from cornu.saving.saving_api import save_weights as save_weights
from cornu.saving.serialization import deserialize_keras_object as deserialize_keras_object
from cornu.saving.serialization import serialize_keras_object as serialize_keras_object
