"""Finding constraints by name, and turning them into configs and back."""

from __future__ import annotations

import inspect
from typing import Any

from cornu.constraints._constraints import Constraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm
from cornu.saving import serialization
from cornu.utils.legacy import warn_once

ALL_OBJECTS_DICT: dict[str, type] = {
    "Constraint": Constraint,
    "MaxNorm": MaxNorm,
    "MinMaxNorm": MinMaxNorm,
    "NonNeg": NonNeg,
    "UnitNorm": UnitNorm,
    "constraint": Constraint,
    "max_norm": MaxNorm,
    "min_max_norm": MinMaxNorm,
    "non_neg": NonNeg,
    "unit_norm": UnitNorm,
}

# Keras 1/2 spellings, accepted with a one-time deprecation warning.
LEGACY_NAMES = {"maxnorm": "max_norm", "nonneg": "non_neg", "unitnorm": "unit_norm"}


def legacy_constraint(name: str) -> type:
    """The class behind a Keras 1/2 name such as ``maxnorm``, after a one-time warning."""
    modern = LEGACY_NAMES[name]
    warn_once(
        f"constraints.{name}",
        f"cornu.constraints: `{name}` is the Keras 1/2 name; use `{modern}`.",
    )
    return ALL_OBJECTS_DICT[modern]


def serialize(constraint: Constraint) -> dict:
    """Returns the config dict of a constraint.

    Args:
        constraint: a ``Constraint`` instance.

    Returns:
        ``{"module", "class_name", "config", "registered_name"}``.

    Example:
        >>> from cornu import constraints
        >>> constraints.serialize(constraints.MaxNorm(3))["config"]
        {'max_value': 3, 'axis': 0}
    """
    return serialization.serialize_keras_object(constraint)


def deserialize(config: dict | str, custom_objects: dict | None = None) -> Constraint:
    """Rebuilds a constraint from ``serialize`` output or a name.

    Args:
        config: a config dict, or a name such as ``"non_neg"``.
        custom_objects: optional mapping from names to custom constraint classes.

    Returns:
        A constraint instance.

    Example:
        >>> from cornu import constraints
        >>> constraints.deserialize({"class_name": "UnitNorm", "config": {"axis": 1}}).axis
        1
    """
    obj = serialization.deserialize_keras_object(
        config,
        module_objects=ALL_OBJECTS_DICT,
        custom_objects=custom_objects,
        printable_module_name="constraint",
    )
    return obj() if inspect.isclass(obj) else obj


def get(identifier: Any) -> Any:
    """Returns the constraint that ``identifier`` describes.

    Args:
        identifier: None, a name (``"max_norm"``, ``"non_neg"``...), a config dict, a
            constraint class or instance, or any callable ``w -> w``.

    Returns:
        A callable constraint, or None.

    Example:
        >>> from cornu import constraints
        >>> constraints.get("non_neg")
        NonNeg()
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        if identifier in LEGACY_NAMES:
            return legacy_constraint(identifier)()
        cls = ALL_OBJECTS_DICT.get(identifier) or serialization.get_registered_object(
            identifier
        )
        if cls is None:
            raise ValueError(
                f"Unknown constraint {identifier!r}. Valid names: "
                f"{', '.join(sorted(ALL_OBJECTS_DICT))}. For a custom constraint pass the "
                "object itself, or register it with `cornu.saving.register_keras_serializable`."
            )
        return cls() if inspect.isclass(cls) else cls
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret the constraint {identifier!r}: expected None, a name such as "
        "'non_neg', a config dict, a Constraint, or a callable."
    )
