"""cornu.wrappers: cornu models as scikit-learn estimators.

- ``SKLearnClassifier``, ``SKLearnRegressor``, ``SKLearnTransformer`` (Keras 3);
- ``KerasClassifier``, ``KerasRegressor`` (Keras 2's ``keras.wrappers.scikit_learn``).

scikit-learn is imported on first use of a wrapper, not with cornu.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "SKLearnClassifier": "sklearn_wrapper",
    "SKLearnRegressor": "sklearn_wrapper",
    "SKLearnTransformer": "sklearn_wrapper",
    "KerasClassifier": "scikit_learn",
    "KerasRegressor": "scikit_learn",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'cornu.wrappers' has no attribute {name!r}")
    return getattr(importlib.import_module(f"cornu.wrappers.{_WHERE[name]}"), name)


def __dir__() -> list:
    return sorted(set(globals()) | set(_WHERE))
