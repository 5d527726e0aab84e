"""Finding initializers by name, and turning them into configs and back."""

from __future__ import annotations

import inspect
from typing import Any

import numpy as np

from cornu import backend, ops
from cornu.initializers._constant_initializers import Constant, Identity, Ones, Zeros
from cornu.initializers._initializer import Initializer
from cornu.initializers._orthogonal import Orthogonal
from cornu.initializers._random_initializers import RandomNormal, RandomUniform, TruncatedNormal
from cornu.initializers._stft import STFT
from cornu.initializers._variance_scaling import (
    GlorotNormal,
    GlorotUniform,
    HeNormal,
    HeUniform,
    LecunNormal,
    LecunUniform,
    VarianceScaling,
)
from cornu.saving import serialization

_SNAKE_NAMES = {
    Initializer: "initializer",
    Constant: "constant",
    Identity: "identity",
    Ones: "ones",
    Zeros: "zeros",
    STFT: "stft",
    GlorotNormal: "glorot_normal",
    GlorotUniform: "glorot_uniform",
    HeNormal: "he_normal",
    HeUniform: "he_uniform",
    LecunNormal: "lecun_normal",
    LecunUniform: "lecun_uniform",
    Orthogonal: "orthogonal",
    RandomNormal: "random_normal",
    RandomUniform: "random_uniform",
    TruncatedNormal: "truncated_normal",
    VarianceScaling: "variance_scaling",
}

ALL_OBJECTS_DICT: dict[str, type] = {cls.__name__: cls for cls in _SNAKE_NAMES}
ALL_OBJECTS_DICT.update({name: cls for cls, name in _SNAKE_NAMES.items()})
# Older spellings (Keras 1/2 strings such as init="uniform").
ALL_OBJECTS_DICT.update(
    {
        "normal": RandomNormal,
        "uniform": RandomUniform,
        "one": Ones,
        "zero": Zeros,
        "IdentityInitializer": Identity,
        "OrthogonalInitializer": Orthogonal,
        "STFTInitializer": STFT,
    }
)


def serialize(initializer: Initializer) -> dict:
    """Returns the config dict of an initializer.

    Args:
        initializer: an ``Initializer`` instance.

    Returns:
        ``{"module", "class_name", "config", "registered_name"}``.

    Example:
        >>> from cornu import initializers
        >>> initializers.serialize(initializers.Ones())["class_name"]
        'Ones'
    """
    return serialization.serialize_keras_object(initializer)


def deserialize(config: dict | str, custom_objects: dict | None = None) -> Initializer:
    """Rebuilds an initializer from ``serialize`` output or a name.

    Args:
        config: a config dict, or a name such as ``"glorot_uniform"``.
        custom_objects: optional mapping from names to custom initializer classes.

    Returns:
        An initializer instance.

    Example:
        >>> from cornu import initializers
        >>> init = initializers.deserialize(
        ...     {"class_name": "RandomUniform", "config": {"minval": -1.0, "maxval": 1.0}})
        >>> init.maxval
        1.0
    """
    if isinstance(config, str):
        config = {"class_name": config, "config": {}}
    obj = serialization.deserialize_keras_object(
        config,
        module_objects=ALL_OBJECTS_DICT,
        custom_objects=custom_objects,
        printable_module_name="initializer",
    )
    return obj() if inspect.isclass(obj) else obj


def get(identifier: Any) -> Any:
    """Returns the initializer that ``identifier`` describes.

    Args:
        identifier: None (returns None), a name (``"he_normal"``, ``"uniform"``...), a
            config dict, an initializer class or instance, any callable
            ``(shape, dtype=None)``, or an array / tensor to copy (its shape must then
            match the requested one).

    Returns:
        A callable ``(shape, dtype=None) -> tensor``, or None.

    Example:
        >>> from cornu import initializers
        >>> initializers.get("glorot_uniform")
        GlorotUniform(seed=None, input_axes=None, output_axes=None)
    """
    if identifier is None:
        return None
    if isinstance(identifier, str):
        cls = ALL_OBJECTS_DICT.get(identifier)
        if cls is None:
            cls = serialization.get_registered_object(identifier)
        if cls is None:
            raise ValueError(
                f"Unknown initializer {identifier!r}. Valid names: "
                f"{', '.join(sorted(ALL_OBJECTS_DICT))}. For a custom initializer pass the "
                "object itself, or register it with `cornu.saving.register_keras_serializable`."
            )
        return cls() if inspect.isclass(cls) else cls
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if backend.is_tensor(identifier) or isinstance(identifier, (np.ndarray, np.generic)):
        return _from_value(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        return identifier
    raise ValueError(
        f"Could not interpret the initializer {identifier!r}: expected a name such as "
        "'glorot_uniform', a config dict, an Initializer, a callable (shape, dtype=None), "
        "or an array."
    )


def _from_value(value: Any):
    expected = tuple(value.shape)

    def initialize_from_value(shape, dtype=None):
        if tuple(shape) != expected:
            raise ValueError(
                f"This initializer copies an array of shape {expected}; it was asked for "
                f"shape={tuple(shape)}. Pass an array of the weight's shape."
            )
        return ops.cast(value, dtype or backend.floatx())

    return initialize_from_value
