"""cornu.losses: the Keras 3 losses, as classes and as per-sample functions.

Example:
    >>> import cornu
    >>> loss = cornu.losses.get("binary_crossentropy")
    >>> [round(v, 4) for v in loss([[1.0], [0.0]], [[0.9], [0.2]]).tolist()]
    [0.1054, 0.2231]
"""

from cornu.losses.binary import BinaryCrossentropy as BinaryCrossentropy
from cornu.losses.binary import BinaryFocalCrossentropy as BinaryFocalCrossentropy
from cornu.losses.binary import binary_crossentropy as binary_crossentropy
from cornu.losses.binary import binary_focal_crossentropy as binary_focal_crossentropy
from cornu.losses.categorical import CategoricalCrossentropy as CategoricalCrossentropy
from cornu.losses.categorical import (
    CategoricalFocalCrossentropy as CategoricalFocalCrossentropy,
)
from cornu.losses.categorical import categorical_crossentropy as categorical_crossentropy
from cornu.losses.categorical import (
    categorical_focal_crossentropy as categorical_focal_crossentropy,
)
from cornu.losses.loss import Loss as Loss
from cornu.losses.loss import reduce_weighted_values as reduce_weighted_values
from cornu.losses.margin import CategoricalHinge as CategoricalHinge
from cornu.losses.margin import Hinge as Hinge
from cornu.losses.margin import SquaredHinge as SquaredHinge
from cornu.losses.margin import categorical_hinge as categorical_hinge
from cornu.losses.margin import hinge as hinge
from cornu.losses.margin import squared_hinge as squared_hinge
from cornu.losses.probabilistic import KLDivergence as KLDivergence
from cornu.losses.probabilistic import Poisson as Poisson
from cornu.losses.probabilistic import kl_divergence as kl_divergence
from cornu.losses.probabilistic import poisson as poisson
from cornu.losses.registry import ALL_OBJECTS_DICT as ALL_OBJECTS_DICT
from cornu.losses.registry import cosine_proximity as cosine_proximity
from cornu.losses.registry import deserialize as deserialize
from cornu.losses.registry import get as get
from cornu.losses.registry import serialize as serialize
from cornu.losses.regression import Huber as Huber
from cornu.losses.regression import LogCosh as LogCosh
from cornu.losses.regression import MeanAbsoluteError as MeanAbsoluteError
from cornu.losses.regression import (
    MeanAbsolutePercentageError as MeanAbsolutePercentageError,
)
from cornu.losses.regression import MeanSquaredError as MeanSquaredError
from cornu.losses.regression import (
    MeanSquaredLogarithmicError as MeanSquaredLogarithmicError,
)
from cornu.losses.regression import huber as huber
from cornu.losses.regression import log_cosh as log_cosh
from cornu.losses.regression import mean_absolute_error as mean_absolute_error
from cornu.losses.regression import (
    mean_absolute_percentage_error as mean_absolute_percentage_error,
)
from cornu.losses.regression import mean_squared_error as mean_squared_error
from cornu.losses.regression import (
    mean_squared_logarithmic_error as mean_squared_logarithmic_error,
)
from cornu.losses.segmentation import Dice as Dice
from cornu.losses.segmentation import Tversky as Tversky
from cornu.losses.segmentation import dice as dice
from cornu.losses.segmentation import tversky as tversky
from cornu.losses.sequence import CTC as CTC
from cornu.losses.sequence import ctc as ctc
from cornu.losses.similarity import Circle as Circle
from cornu.losses.similarity import CosineSimilarity as CosineSimilarity
from cornu.losses.similarity import circle as circle
from cornu.losses.similarity import cosine_similarity as cosine_similarity
from cornu.losses.sparse import (
    CategoricalGeneralizedCrossEntropy as CategoricalGeneralizedCrossEntropy,
)
from cornu.losses.sparse import (
    SparseCategoricalCrossentropy as SparseCategoricalCrossentropy,
)
from cornu.losses.sparse import (
    categorical_generalized_cross_entropy as categorical_generalized_cross_entropy,
)
from cornu.losses.sparse import (
    sparse_categorical_crossentropy as sparse_categorical_crossentropy,
)
from cornu.losses.wrapper import LossFunctionWrapper as LossFunctionWrapper

# Short names (Keras 3 keeps them as legacy aliases) and Keras 1/2 names.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kullback_leibler_divergence = kl_divergence
bce = BCE = binary_crossentropy
logcosh = log_cosh


def __getattr__(name: str):
    # Tutorials sometimes misspell a loss in letter case (``losses.meanSquaredError``).
    if not name.startswith("_"):
        from cornu.losses.registry import resolve_misspelling

        obj = resolve_misspelling(name, stacklevel=3)
        if obj is not None:
            return obj
    raise AttributeError(f"module 'cornu.losses' has no attribute {name!r}")
