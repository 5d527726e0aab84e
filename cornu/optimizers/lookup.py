"""Finding optimizers by name or config: ``get``, ``serialize``, ``deserialize``."""

from __future__ import annotations

from cornu.optimizers.adadelta import Adadelta
from cornu.optimizers.adafactor import Adafactor
from cornu.optimizers.adagrad import Adagrad
from cornu.optimizers.adam import Adam
from cornu.optimizers.adamax import Adamax
from cornu.optimizers.adamw import AdamW
from cornu.optimizers.ftrl import Ftrl
from cornu.optimizers.lamb import Lamb
from cornu.optimizers.lion import Lion
from cornu.optimizers.loss_scale_optimizer import LossScaleOptimizer
from cornu.optimizers.nadam import Nadam
from cornu.optimizers.optimizer import Optimizer
from cornu.optimizers.rmsprop import RMSprop
from cornu.optimizers.sgd import SGD
from cornu.saving import serialization

ALL_OBJECTS = (
    Optimizer, SGD, RMSprop, Adagrad, Adadelta, Adam, AdamW, Adamax, Nadam, Adafactor, Ftrl,
    Lion, Lamb, LossScaleOptimizer,
)
ALL_OBJECTS_DICT = {cls.__name__.lower(): cls for cls in ALL_OBJECTS}


def serialize(optimizer) -> dict:
    """The config dict of an optimizer (``{"class_name": ..., "config": ...}``).

    Example:
        >>> from cornu import optimizers
        >>> optimizers.serialize(optimizers.SGD(0.1))["config"]["learning_rate"]
        0.1
    """
    return serialization.serialize_keras_object(optimizer)


def deserialize(config: dict, custom_objects=None):
    """Rebuilds an optimizer from ``serialize`` output (built-in class names match in any
    case).

    Example:
        >>> from cornu import optimizers
        >>> opt = optimizers.deserialize({"class_name": "adam", "config": {"beta_1": 0.8}})
        >>> type(opt).__name__, opt.beta_1
        ('Adam', 0.8)
    """
    config = dict(config)
    name = config.get("class_name")
    if isinstance(name, str) and name.lower() in ALL_OBJECTS_DICT and not (
        custom_objects and name in custom_objects
    ):
        config["class_name"] = name.lower()
        config["registered_name"] = None
    return serialization.deserialize_keras_object(
        config,
        module_objects=ALL_OBJECTS_DICT,
        custom_objects=custom_objects,
        printable_module_name="optimizer",
    )


def get(identifier):
    """An optimizer from a name ("adam", any case), a config dict, or an instance.

    Args:
        identifier: None, a name, a dict from ``serialize``, or an ``Optimizer``.

    Returns:
        An ``Optimizer`` (a new one with default arguments for a name), or None.

    Example:
        >>> from cornu import optimizers
        >>> type(optimizers.get("RMSprop")).__name__
        'RMSprop'
    """
    if identifier is None:
        return None
    if isinstance(identifier, Optimizer):
        return identifier
    if isinstance(identifier, str):
        cls = ALL_OBJECTS_DICT.get(identifier.lower())
        if cls is None or cls is Optimizer:
            valid = ", ".join(repr(k) for k in ALL_OBJECTS_DICT if k != "optimizer")
            raise ValueError(
                f"Could not interpret optimizer identifier: {identifier!r}. Valid names: "
                f"{valid}; or pass an Optimizer instance or a config dict."
            )
        return cls()
    if isinstance(identifier, dict):
        obj = deserialize(identifier)
        if isinstance(obj, Optimizer):
            return obj
    raise ValueError(
        f"Could not interpret optimizer identifier: {identifier!r}. Expected a name such as "
        "'adam', a config dict, or an Optimizer instance."
    )
