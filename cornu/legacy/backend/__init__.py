"""Keras 2's ``keras.backend`` (``from keras import backend as K``) on ``cornu.ops``.

Keras 2 code calls ``K.dot``, ``K.sum``, ``K.variable``, ``K.function``... These names work
on tensors, NumPy arrays and symbolic tensors alike. Each warns once (a
``DeprecationWarning``) with its Keras 3 spelling; the names Keras 3 kept (``epsilon``,
``floatx``, ``image_data_format``...) do not warn. ``cornu.backend.<name>`` falls back to
this module, and ``keras.backend`` under ``cornu run`` is served from it.

Example:
    >>> import warnings
    >>> import numpy as np
    >>> from cornu.legacy import backend as K
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     x = K.variable(np.array([[1.0, 2.0], [3.0, 4.0]]))
    ...     total = K.eval(K.sum(K.dot(x, x), axis=1))
    >>> total.tolist()
    [17.0, 37.0]
"""

from __future__ import annotations

import importlib
from typing import Any

from cornu.backend import backend as backend
from cornu.backend import clear_session as clear_session
from cornu.backend import epsilon as epsilon
from cornu.backend import floatx as floatx
from cornu.backend import image_data_format as image_data_format
from cornu.backend import is_keras_tensor as is_keras_tensor
from cornu.backend import set_epsilon as set_epsilon
from cornu.backend import set_floatx as set_floatx
from cornu.backend import set_image_data_format as set_image_data_format
from cornu.backend import standardize_dtype as standardize_dtype
from cornu.legacy.backend._graph import get_uid as get_uid
from cornu.legacy.backend._graph import name_scope as name_scope
from cornu.legacy.backend._names import LEGACY_NAMES, MODULE_OF, OPS_ALIASES, modern_spelling
from cornu.utils.legacy import warn_once


def resolve(name: str) -> Any:
    """The function for the legacy name ``name``, without a warning (AttributeError if none)."""
    if name in OPS_ALIASES:
        from cornu import ops

        return getattr(ops, OPS_ALIASES[name])
    if name in MODULE_OF:
        module = importlib.import_module(f"cornu.legacy.backend.{MODULE_OF[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'keras.backend' (cornu) has no attribute {name!r}")


def __getattr__(name: str) -> Any:
    if name not in LEGACY_NAMES:
        raise AttributeError(f"module 'cornu.legacy.backend' has no attribute {name!r}")
    function = resolve(name)
    warn_once(f"keras.backend.{name}",
              f"`keras.backend.{name}` (K.{name}) is the Keras 2 spelling; use "
              f"{modern_spelling(name)}.")
    return function


def __dir__() -> list:
    return sorted(set(globals()) | LEGACY_NAMES)
