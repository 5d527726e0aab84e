"""cornu.metrics: stateful metrics (Keras 3 names, defaults and numerics) and metric functions.

Example:
    >>> from cornu import metrics
    >>> m = metrics.get("accuracy")
    >>> m.update_state([1, 2, 3, 4], [1, 2, 0, 4])
    >>> float(m.result())
    0.75
"""

from __future__ import annotations

import inspect

from cornu.backend.common.naming import to_snake_case
from cornu.metrics.accuracy_metrics import Accuracy as Accuracy
from cornu.metrics.accuracy_metrics import BinaryAccuracy as BinaryAccuracy
from cornu.metrics.accuracy_metrics import CategoricalAccuracy as CategoricalAccuracy
from cornu.metrics.accuracy_metrics import SparseCategoricalAccuracy as SparseCategoricalAccuracy
from cornu.metrics.accuracy_metrics import (
    SparseTopKCategoricalAccuracy as SparseTopKCategoricalAccuracy,
)
from cornu.metrics.accuracy_metrics import TopKCategoricalAccuracy as TopKCategoricalAccuracy
from cornu.metrics.accuracy_metrics import accuracy as accuracy
from cornu.metrics.accuracy_metrics import binary_accuracy as binary_accuracy
from cornu.metrics.accuracy_metrics import categorical_accuracy as categorical_accuracy
from cornu.metrics.accuracy_metrics import (
    sparse_categorical_accuracy as sparse_categorical_accuracy,
)
from cornu.metrics.accuracy_metrics import (
    sparse_top_k_categorical_accuracy as sparse_top_k_categorical_accuracy,
)
from cornu.metrics.accuracy_metrics import (
    top_k_categorical_accuracy as top_k_categorical_accuracy,
)
from cornu.metrics.auc import AUC as AUC
from cornu.metrics.confusion_metrics import FalseNegatives as FalseNegatives
from cornu.metrics.confusion_metrics import FalsePositives as FalsePositives
from cornu.metrics.confusion_metrics import Precision as Precision
from cornu.metrics.confusion_metrics import Recall as Recall
from cornu.metrics.confusion_metrics import TrueNegatives as TrueNegatives
from cornu.metrics.confusion_metrics import TruePositives as TruePositives
from cornu.metrics.correlation_metrics import ConcordanceCorrelation as ConcordanceCorrelation
from cornu.metrics.correlation_metrics import PearsonCorrelation as PearsonCorrelation
from cornu.metrics.correlation_metrics import concordance_correlation as concordance_correlation
from cornu.metrics.correlation_metrics import pearson_correlation as pearson_correlation
from cornu.metrics.f_score_metrics import F1Score as F1Score
from cornu.metrics.f_score_metrics import FBetaScore as FBetaScore
from cornu.metrics.hinge_metrics import CategoricalHinge as CategoricalHinge
from cornu.metrics.hinge_metrics import Hinge as Hinge
from cornu.metrics.hinge_metrics import SquaredHinge as SquaredHinge
from cornu.metrics.iou_metrics import BinaryIoU as BinaryIoU
from cornu.metrics.iou_metrics import IoU as IoU
from cornu.metrics.iou_metrics import MeanIoU as MeanIoU
from cornu.metrics.iou_metrics import OneHotIoU as OneHotIoU
from cornu.metrics.iou_metrics import OneHotMeanIoU as OneHotMeanIoU
from cornu.metrics.loss_functions import categorical_hinge as categorical_hinge
from cornu.metrics.loss_functions import hinge as hinge
from cornu.metrics.loss_functions import huber as huber
from cornu.metrics.loss_functions import kl_divergence as kl_divergence
from cornu.metrics.loss_functions import log_cosh as log_cosh
from cornu.metrics.loss_functions import mean_absolute_error as mean_absolute_error
from cornu.metrics.loss_functions import (
    mean_absolute_percentage_error as mean_absolute_percentage_error,
)
from cornu.metrics.loss_functions import mean_squared_error as mean_squared_error
from cornu.metrics.loss_functions import (
    mean_squared_logarithmic_error as mean_squared_logarithmic_error,
)
from cornu.metrics.loss_functions import poisson as poisson
from cornu.metrics.loss_functions import squared_hinge as squared_hinge
from cornu.metrics.metric import Metric as Metric
from cornu.metrics.probabilistic_metrics import BinaryCrossentropy as BinaryCrossentropy
from cornu.metrics.probabilistic_metrics import (
    CategoricalCrossentropy as CategoricalCrossentropy,
)
from cornu.metrics.probabilistic_metrics import KLDivergence as KLDivergence
from cornu.metrics.probabilistic_metrics import Poisson as Poisson
from cornu.metrics.probabilistic_metrics import (
    SparseCategoricalCrossentropy as SparseCategoricalCrossentropy,
)
from cornu.metrics.probabilistic_metrics import binary_crossentropy as binary_crossentropy
from cornu.metrics.probabilistic_metrics import (
    binary_focal_crossentropy as binary_focal_crossentropy,
)
from cornu.metrics.probabilistic_metrics import (
    categorical_crossentropy as categorical_crossentropy,
)
from cornu.metrics.probabilistic_metrics import (
    categorical_focal_crossentropy as categorical_focal_crossentropy,
)
from cornu.metrics.probabilistic_metrics import (
    sparse_categorical_crossentropy as sparse_categorical_crossentropy,
)
from cornu.metrics.r2_score import R2Score as R2Score
from cornu.metrics.reduction_metrics import Mean as Mean
from cornu.metrics.reduction_metrics import MeanMetricWrapper as MeanMetricWrapper
from cornu.metrics.reduction_metrics import Reduce as Reduce
from cornu.metrics.reduction_metrics import Sum as Sum
from cornu.metrics.regression_metrics import CosineSimilarity as CosineSimilarity
from cornu.metrics.regression_metrics import LogCoshError as LogCoshError
from cornu.metrics.regression_metrics import MeanAbsoluteError as MeanAbsoluteError
from cornu.metrics.regression_metrics import (
    MeanAbsolutePercentageError as MeanAbsolutePercentageError,
)
from cornu.metrics.regression_metrics import MeanSquaredError as MeanSquaredError
from cornu.metrics.regression_metrics import (
    MeanSquaredLogarithmicError as MeanSquaredLogarithmicError,
)
from cornu.metrics.regression_metrics import RootMeanSquaredError as RootMeanSquaredError
from cornu.metrics.sensitivity_specificity import PrecisionAtRecall as PrecisionAtRecall
from cornu.metrics.sensitivity_specificity import RecallAtPrecision as RecallAtPrecision
from cornu.metrics.sensitivity_specificity import (
    SensitivityAtSpecificity as SensitivityAtSpecificity,
)
from cornu.metrics.sensitivity_specificity import (
    SpecificityAtSensitivity as SpecificityAtSensitivity,
)
from cornu.saving import serialization as _serialization

# Keras 1/2 short names of the functions.
mse = MSE = mean_squared_error
mae = MAE = mean_absolute_error
mape = MAPE = mean_absolute_percentage_error
msle = MSLE = mean_squared_logarithmic_error
kld = KLD = kl_divergence
logcosh = log_cosh

ALL_OBJECTS = (
    Metric, Mean, Sum, MeanMetricWrapper,
    MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, CosineSimilarity, LogCoshError, R2Score,
    AUC, FalseNegatives, FalsePositives, Precision, PrecisionAtRecall, Recall,
    RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity, TrueNegatives,
    TruePositives,
    ConcordanceCorrelation, PearsonCorrelation,
    Hinge, SquaredHinge, CategoricalHinge,
    KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy,
    F1Score, FBetaScore,
    IoU, BinaryIoU, MeanIoU, OneHotIoU, OneHotMeanIoU,
)

# Names that `get` / `deserialize` accept: class names, their snake_case, short aliases.
ALL_OBJECTS_DICT: dict = {cls.__name__: cls for cls in ALL_OBJECTS}
ALL_OBJECTS_DICT.update({to_snake_case(cls.__name__): cls for cls in ALL_OBJECTS})
ALL_OBJECTS_DICT.update({
    "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy,
    "mse": MeanSquaredError, "MSE": MeanSquaredError,
    "mae": MeanAbsoluteError, "MAE": MeanAbsoluteError,
    "mape": MeanAbsolutePercentageError, "MAPE": MeanAbsolutePercentageError,
    "msle": MeanSquaredLogarithmicError, "MSLE": MeanSquaredLogarithmicError,
    # Keras 1/2 spellings.
    "acc": Accuracy, "kld": KLDivergence, "KLD": KLDivergence,
    "logcosh": LogCoshError, "log_cosh": LogCoshError,
})

# The stateless metric functions, by name (used to rebuild a MeanMetricWrapper's `fn`).
FUNCTIONS: dict = {
    fn.__name__: fn
    for fn in (
        accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
        top_k_categorical_accuracy, sparse_top_k_categorical_accuracy,
        binary_crossentropy, binary_focal_crossentropy, categorical_crossentropy,
        categorical_focal_crossentropy, sparse_categorical_crossentropy,
        hinge, squared_hinge, categorical_hinge, huber, kl_divergence, log_cosh, poisson,
        mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
        mean_squared_logarithmic_error, pearson_correlation, concordance_correlation,
    )
}
FUNCTIONS.update({"mse": mse, "mae": mae, "mape": mape, "msle": msle, "kld": kld,
                  "logcosh": logcosh})


def serialize(metric):
    """Returns the JSON-friendly config of a ``Metric`` (or the name of a function).

    Args:
        metric: a ``Metric`` instance or a metric function.

    Returns:
        A dict ``{"module", "class_name", "config", "registered_name"}`` or a name.

    Example:
        >>> from cornu import metrics
        >>> metrics.serialize(metrics.BinaryAccuracy(threshold=0.7))["config"]["threshold"]
        0.7
    """
    return _serialization.serialize_keras_object(metric)


def deserialize(config, custom_objects: dict | None = None):
    """Rebuilds a metric (or returns a metric class/function) from ``serialize`` output.

    Args:
        config: a dict from ``serialize``, or a name.
        custom_objects: extra names -> classes/functions to consider.

    Returns:
        A ``Metric`` instance for a dict; the class or function for a name.

    Example:
        >>> from cornu import metrics
        >>> m = metrics.deserialize(metrics.serialize(metrics.AUC(curve="PR")))
        >>> m.curve
        'PR'
    """
    return _serialization.deserialize_keras_object(
        config, module_objects=ALL_OBJECTS_DICT, custom_objects=custom_objects,
        printable_module_name="metric",
    )


def get(identifier):
    """Resolves a metric identifier to a ``Metric`` instance or a metric function.

    Args:
        identifier: None, a name (``"accuracy"``, ``"acc"``, ``"mse"``, ``"AUC"``,
            ``"precision"``...; a name gives a new instance of its class), a config dict,
            a ``Metric`` class (instantiated), a ``Metric`` instance or a function.

    Returns:
        A ``Metric`` instance, a callable, or None.

    Example:
        >>> from cornu import metrics
        >>> type(metrics.get("mse")).__name__
        'MeanSquaredError'
        >>> metrics.get("auc").name.startswith("auc")
        True
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = ALL_OBJECTS_DICT.get(identifier)
        if obj is None:
            obj = _serialization.get_registered_object(identifier)
        if obj is None:
            known = ", ".join(sorted(ALL_OBJECTS_DICT, key=str.lower))
            raise ValueError(
                f"Unknown metric {identifier!r}. Valid metric names are: {known}. Pass a "
                "Metric instance or a function fn(y_true, y_pred) for anything else."
            )
    else:
        obj = identifier
    if inspect.isclass(obj):
        return obj()
    if callable(obj):
        return obj
    raise ValueError(
        f"Could not interpret metric identifier {identifier!r}: expected a name, a config "
        "dict, a Metric or a function fn(y_true, y_pred)."
    )
