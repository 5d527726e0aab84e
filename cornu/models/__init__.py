"""cornu.models: Model, Sequential and friends."""

from cornu.models.cloning import clone_model as clone_model
from cornu.models.functional import Functional as Functional
from cornu.models.model import Model as Model
from cornu.models.sequential import Sequential as Sequential
from cornu.saving.saving_api import load_model as load_model
from cornu.saving.saving_api import save_model as save_model
from cornu.saving.serialization_api import model_from_json as model_from_json
