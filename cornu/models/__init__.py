"""cornu.models: Model, Sequential and friends."""

from cornu.models.functional import Functional as Functional
from cornu.models.model import Model as Model
from cornu.models.sequential import Sequential as Sequential
