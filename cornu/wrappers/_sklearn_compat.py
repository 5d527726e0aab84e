"""What the scikit-learn wrappers need from scikit-learn, across its versions (>= 1.3).

scikit-learn is optional: without it the wrapper classes still import, and constructing
one says how to install it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

try:
    import sklearn
    from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin, TransformerMixin
except ImportError:  # pragma: no cover - exercised only without scikit-learn
    sklearn = None

    class BaseEstimator:  # type: ignore[no-redef]
        """Stand-in when scikit-learn is absent (constructing a wrapper raises)."""

    class ClassifierMixin:  # type: ignore[no-redef]
        pass

    class RegressorMixin:  # type: ignore[no-redef]
        pass

    class TransformerMixin:  # type: ignore[no-redef]
        pass


__all__ = ["BaseEstimator", "ClassifierMixin", "RegressorMixin", "TransformerMixin"]


def require_sklearn(owner: str) -> None:
    """Raises ImportError with the install command when scikit-learn is missing."""
    if sklearn is None:
        raise ImportError(
            f"{owner} needs scikit-learn, which is not installed. Install it with "
            "`pip install scikit-learn`."
        )


def validate_data(estimator: Any, X: Any, y: Any = "no_validation", reset: bool = True) -> Any:
    """Checks ``X`` (and ``y``, unless "no_validation") the scikit-learn way; sets
    ``n_features_in_`` on ``reset``. A ``y`` of None is an error (fit needs targets)."""
    try:
        from sklearn.utils.validation import validate_data as _validate
    except ImportError:  # scikit-learn < 1.6
        return estimator._validate_data(X, y, reset=reset)
    return _validate(estimator, X, y, reset=reset)


def target_type(y: Any) -> str:
    """scikit-learn's ``type_of_target``; raises for targets it cannot classify."""
    from sklearn.utils.multiclass import type_of_target

    kind = type_of_target(y)
    if kind == "unknown":
        raise ValueError(
            f"Unknown label type for the target (dtype {np.asarray(y).dtype}, shape "
            f"{np.shape(y)}); expected numbers or class labels."
        )
    return kind


def set_tags(tags: Any, **values: Any) -> Any:
    """Sets ``tags.<group>.<field>`` for ``values`` given as ``group__field=value``."""
    for key, value in values.items():
        target = tags
        *path, field = key.split("__")
        for part in path:
            target = getattr(target, part, None)
            if target is None:
                break
        if target is not None:
            setattr(target, field, value)
    return tags


def model_to_state(model: Any) -> Any:
    """A picklable stand-in for a model. cornu models pickle themselves (through the bytes
    of their ``.keras`` file, optimizer state included), so they are kept as they are."""
    return model


def state_to_model(state: Any) -> Any:
    """The inverse of ``model_to_state``; also reads the ``.keras`` bytes that pickles of
    earlier cornu versions hold."""
    if not isinstance(state, _SavedModel):
        return state
    from cornu.saving.pickling import model_from_bytes

    return model_from_bytes(state.data, safe_mode=False)


class _SavedModel:
    """A model saved as ``.keras`` bytes inside a pickle."""

    def __init__(self, data: bytes):
        self.data = data

    def __repr__(self) -> str:
        return f"<saved cornu model, {len(self.data)} bytes>"
