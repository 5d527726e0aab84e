"""Finding regularizers by name, and turning them into configs and back."""

from __future__ import annotations

import inspect
from typing import Any

from cornu.regularizers._regularizers import L1, L1L2, L2, OrthogonalRegularizer, Regularizer
from cornu.saving import serialization

ALL_OBJECTS_DICT: dict[str, type] = {
    "Regularizer": Regularizer,
    "L1": L1,
    "L2": L2,
    "L1L2": L1L2,
    "OrthogonalRegularizer": OrthogonalRegularizer,
    "regularizer": Regularizer,
    "l1": L1,
    "l2": L2,
    "l1l2": L1L2,
    "orthogonal_regularizer": OrthogonalRegularizer,
}


def serialize(regularizer: Regularizer) -> dict:
    """Returns the config dict of a regularizer.

    Args:
        regularizer: a ``Regularizer`` instance.

    Returns:
        ``{"module", "class_name", "config", "registered_name"}``.

    Example:
        >>> from cornu import regularizers
        >>> regularizers.serialize(regularizers.L2(0.1))["config"]
        {'l2': 0.1}
    """
    return serialization.serialize_keras_object(regularizer)


def deserialize(config: dict | str, custom_objects: dict | None = None) -> Regularizer:
    """Rebuilds a regularizer from ``serialize`` output or a name.

    Args:
        config: a config dict, or a name such as ``"l2"``.
        custom_objects: optional mapping from names to custom regularizer classes.

    Returns:
        A regularizer instance.

    Example:
        >>> from cornu import regularizers
        >>> regularizers.deserialize({"class_name": "L1", "config": {"l1": 0.5}}).l1
        0.5
    """
    obj = serialization.deserialize_keras_object(
        config,
        module_objects=ALL_OBJECTS_DICT,
        custom_objects=custom_objects,
        printable_module_name="regularizer",
    )
    return obj() if inspect.isclass(obj) else obj


def get(identifier: Any) -> Any:
    """Returns the regularizer that ``identifier`` describes.

    Args:
        identifier: None, a name (``"l1"``, ``"l2"``, ``"l1_l2"``: factors 0.01), a
            config dict, a regularizer class or instance, or any callable ``x -> scalar``.

    Returns:
        A callable regularizer, or None.

    Example:
        >>> from cornu import regularizers
        >>> regularizers.get("l2")
        L2(l2=0.01)
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        if identifier == "l1_l2":
            # The Keras 2 name; as a string it means 0.01 for both factors.
            return L1L2(l1=0.01, l2=0.01)
        cls = ALL_OBJECTS_DICT.get(identifier) or serialization.get_registered_object(
            identifier
        )
        if cls is None:
            raise ValueError(
                f"Unknown regularizer {identifier!r}. Valid names: "
                f"{', '.join(sorted([*ALL_OBJECTS_DICT, 'l1_l2']))}. For a custom "
                "regularizer pass the object itself, or register it with "
                "`cornu.saving.register_keras_serializable`."
            )
        return cls() if inspect.isclass(cls) else cls
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret the regularizer {identifier!r}: expected None, a name such as "
        "'l2', a config dict, a Regularizer, or a callable."
    )
