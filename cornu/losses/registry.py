"""Looking losses up by name: ``get``, ``serialize``, ``deserialize``."""

from __future__ import annotations

import difflib
import inspect
import warnings

from cornu.losses import (
    binary,
    categorical,
    margin,
    probabilistic,
    regression,
    segmentation,
    sequence,
    similarity,
    sparse,
)
from cornu.losses.loss import Loss
from cornu.losses.wrapper import LossFunctionWrapper
from cornu.saving.serialization import (
    deserialize_keras_object,
    get_registered_object,
    serialize_keras_object,
)

_WARNED: set = set()


def cosine_proximity(y_true, y_pred, axis: int = -1):
    """Keras 1/2 name of ``cosine_similarity``; warns once, then computes it.

    Args:
        y_true: the targets.
        y_pred: the predictions, same shape.
        axis: the axis holding the vectors.

    Returns:
        The negative cosine similarity of each vector.

    Example:
        >>> from cornu import losses, ops
        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     out = losses.cosine_proximity([[1.0, 0.0]], [[2.0, 0.0]])
        >>> ops.convert_to_numpy(out).tolist()
        [-1.0]
    """
    if "cosine_proximity" not in _WARNED:
        _WARNED.add("cosine_proximity")
        warnings.warn(
            "`cosine_proximity` is the Keras 1/2 name of `cosine_similarity`; use "
            "`cornu.losses.cosine_similarity` (or loss='cosine_similarity').",
            DeprecationWarning,
            stacklevel=2,
        )
    return similarity.cosine_similarity(y_true, y_pred, axis=axis)


_CLASSES = (
    Loss,
    LossFunctionWrapper,
    binary.BinaryCrossentropy,
    binary.BinaryFocalCrossentropy,
    categorical.CategoricalCrossentropy,
    categorical.CategoricalFocalCrossentropy,
    sparse.SparseCategoricalCrossentropy,
    sparse.CategoricalGeneralizedCrossEntropy,
    probabilistic.KLDivergence,
    probabilistic.Poisson,
    regression.MeanSquaredError,
    regression.MeanAbsoluteError,
    regression.MeanAbsolutePercentageError,
    regression.MeanSquaredLogarithmicError,
    regression.Huber,
    regression.LogCosh,
    similarity.CosineSimilarity,
    similarity.Circle,
    margin.Hinge,
    margin.SquaredHinge,
    margin.CategoricalHinge,
    segmentation.Dice,
    segmentation.Tversky,
    sequence.CTC,
)

_FUNCTIONS = (
    binary.binary_crossentropy,
    binary.binary_focal_crossentropy,
    categorical.categorical_crossentropy,
    categorical.categorical_focal_crossentropy,
    sparse.sparse_categorical_crossentropy,
    sparse.categorical_generalized_cross_entropy,
    probabilistic.kl_divergence,
    probabilistic.poisson,
    regression.mean_squared_error,
    regression.mean_absolute_error,
    regression.mean_absolute_percentage_error,
    regression.mean_squared_logarithmic_error,
    regression.huber,
    regression.log_cosh,
    similarity.cosine_similarity,
    similarity.circle,
    margin.hinge,
    margin.squared_hinge,
    margin.categorical_hinge,
    segmentation.dice,
    segmentation.tversky,
    sequence.ctc,
)

# Short and legacy names: Keras 3 knows the first group; the second comes from Keras 1/2.
ALIASES = {
    "bce": binary.binary_crossentropy,
    "BCE": binary.binary_crossentropy,
    "kld": probabilistic.kl_divergence,
    "KLD": probabilistic.kl_divergence,
    "mae": regression.mean_absolute_error,
    "MAE": regression.mean_absolute_error,
    "mse": regression.mean_squared_error,
    "MSE": regression.mean_squared_error,
    "mape": regression.mean_absolute_percentage_error,
    "MAPE": regression.mean_absolute_percentage_error,
    "msle": regression.mean_squared_logarithmic_error,
    "MSLE": regression.mean_squared_logarithmic_error,
    "kullback_leibler_divergence": probabilistic.kl_divergence,
    "logcosh": regression.log_cosh,
    "huber_loss": regression.huber,
    "cosine_proximity": cosine_proximity,
}

ALL_OBJECTS_DICT = {obj.__name__: obj for obj in _CLASSES + _FUNCTIONS}
ALL_OBJECTS_DICT.update(ALIASES)


def serialize(loss):
    """Returns the config of a ``Loss`` (a dict) or the name of a loss function.

    Args:
        loss: a ``Loss`` instance or a loss function.

    Returns:
        A JSON-friendly config that ``deserialize`` turns back into the loss.

    Example:
        >>> import cornu
        >>> cornu.losses.serialize(cornu.losses.Huber(delta=2.0))["config"]["delta"]
        2.0
    """
    return serialize_keras_object(loss)


def deserialize(config, custom_objects: dict | None = None):
    """Rebuilds a loss from ``serialize`` output, a Keras 3 config, or a name.

    Args:
        config: a name (``"mse"``), a ``{"class_name": ..., "config": ...}`` dict, or Keras
            3's form of a serialized function (``{"class_name": "function", ...}``).
        custom_objects: extra name -> class or function mapping for custom losses.

    Returns:
        A ``Loss`` instance or a loss function.

    Example:
        >>> import cornu
        >>> config = cornu.losses.serialize(cornu.losses.BinaryCrossentropy(from_logits=True))
        >>> cornu.losses.deserialize(config).from_logits
        True
    """
    if isinstance(config, dict) and config.get("class_name") == "function":
        config = config.get("config")
    if isinstance(config, str):
        return _lookup(config, custom_objects)
    return deserialize_keras_object(
        config,
        module_objects=ALL_OBJECTS_DICT,
        custom_objects=custom_objects,
        printable_module_name="loss",
    )


def get(identifier):
    """Returns the loss an identifier stands for.

    Args:
        identifier: ``None``; a name (``"mse"``, ``"categorical_crossentropy"``, or a class
            name such as ``"MeanSquaredError"``, which is instantiated); a config dict; a
            loss function; or a ``Loss`` instance.

    Returns:
        A loss function or a ``Loss`` instance (``None`` for ``None``).

    Example:
        >>> import cornu
        >>> cornu.losses.get("mse").__name__
        'mean_squared_error'
        >>> cornu.losses.get("CategoricalCrossentropy").name
        'categorical_crossentropy'
    """
    if identifier is None:
        return None
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
    elif isinstance(identifier, str):
        obj = _lookup(identifier, None)
    else:
        obj = identifier
    if inspect.isclass(obj):
        obj = obj()
    if callable(obj):
        return obj
    raise ValueError(
        f"Could not interpret loss identifier {identifier!r}: expected a loss name such "
        "as 'mse', a Loss instance, a loss function, or a config dict."
    )


def _lookup(name: str, custom_objects: dict | None):
    obj = get_registered_object(name, custom_objects, ALL_OBJECTS_DICT)
    if obj is not None:
        return obj
    obj = resolve_misspelling(name)
    if obj is not None:
        return obj
    known = sorted(ALL_OBJECTS_DICT)
    close = difflib.get_close_matches(name, known, n=3)
    hint = f" Did you mean {' or '.join(repr(c) for c in close)}?" if close else ""
    raise ValueError(
        f"Unknown loss {name!r}.{hint} Known losses: {', '.join(known)}. A custom loss "
        "can be passed as a function or Loss instance, or registered with "
        "`cornu.saving.register_keras_serializable`."
    )


# Misspellings found in published tutorials; accepted with a warning naming the real name.
_MISSPELLINGS = {"mean_square_error": "mean_squared_error"}


def resolve_misspelling(name: str, stacklevel: int = 4):
    """The loss a tutorial misspelling stands for (with a one-time warning), else None.

    Accepted: the names in ``_MISSPELLINGS``, and names that differ from a known one only
    in letter case (``meanSquaredError`` for ``MeanSquaredError``).

    Args:
        name: the misspelled name.
        stacklevel: where the warning points, counted from this function.

    Returns:
        The loss class or function, or ``None`` when ``name`` matches nothing.

    Example:
        >>> import warnings
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     resolve_misspelling("meanAbsoluteError").__name__
        'MeanAbsoluteError'
    """
    target = _MISSPELLINGS.get(name)
    if target is None:
        matches = {k for k in ALL_OBJECTS_DICT if k.lower() == name.lower()}
        objects = {id(ALL_OBJECTS_DICT[k]) for k in matches}
        if len(objects) != 1:
            return None
        target = min(matches)
    if name not in _WARNED:
        _WARNED.add(name)
        warnings.warn(
            f"Loss name {name!r} is a misspelling; using {target!r}. Write {target!r} to "
            "silence this warning (real Keras rejects the misspelled name).",
            UserWarning,
            stacklevel=stacklevel,
        )
    return ALL_OBJECTS_DICT[target]
