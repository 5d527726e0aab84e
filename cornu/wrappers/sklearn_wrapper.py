"""Keras 3's scikit-learn wrappers: ``SKLearnClassifier``, ``SKLearnRegressor``,
``SKLearnTransformer``.

A wrapper holds a compiled cornu model, or a function building one from the data, and
behaves as a scikit-learn estimator: ``fit``/``predict``/``score``, ``get_params`` and
``set_params``, ``clone``, pickling, and use inside ``Pipeline``, ``GridSearchCV`` or
``cross_val_score``.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np

from cornu.wrappers import _sklearn_compat as compat
from cornu.wrappers._sklearn_compat import (
    BaseEstimator,
    ClassifierMixin,
    RegressorMixin,
    TransformerMixin,
)


class SKLBase(BaseEstimator):
    """The shared part of the three wrappers.

    Args:
        model: a compiled cornu ``Model`` (cloned, with fresh weights, at each ``fit``), or a
            function ``model(X=X, y=y, **model_kwargs)`` returning a compiled model.
        warm_start: True to keep training the model of the previous ``fit`` instead of
            starting from a new one.
        model_kwargs: keyword arguments for a ``model`` function.
        fit_kwargs: keyword arguments for ``model.fit`` (``epochs``, ``batch_size``...);
            arguments given to ``fit`` itself take precedence.

    Attributes:
        model_: the fitted cornu model.
        history_: the training history, a dict metric name -> list of values per epoch.
    """

    def __init__(self, model: Any, warm_start: bool = False, model_kwargs: dict | None = None,
                 fit_kwargs: dict | None = None):
        compat.require_sklearn(type(self).__name__)
        self.model = model
        self.warm_start = warm_start
        self.model_kwargs = model_kwargs
        self.fit_kwargs = fit_kwargs

    # --- scikit-learn protocol --------------------------------------------------------------
    def __sklearn_clone__(self) -> SKLBase:
        # ``fit`` never changes ``self.model`` (it trains a clone), so clones may share it.
        return type(self)(**self.get_params(deep=False))

    def __sklearn_tags__(self) -> Any:
        return compat.set_tags(super().__sklearn_tags__(), non_deterministic=True)

    def _more_tags(self) -> dict:  # scikit-learn < 1.6
        return {"non_deterministic": True}

    def __getstate__(self) -> dict:
        state = dict(super().__getstate__() if hasattr(super(), "__getstate__")
                     else self.__dict__)
        for key in ("model", "model_"):
            if key in state:
                state[key] = compat.model_to_state(state[key])
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        for key in ("model", "model_"):
            if key in state:
                state[key] = compat.state_to_model(state[key])
        if hasattr(super(), "__setstate__"):
            super().__setstate__(state)
        else:
            self.__dict__.update(state)

    @property
    def epoch_(self) -> int:
        """The number of epochs trained so far."""
        history = getattr(self, "history_", None) or {}
        return len(next(iter(history.values()), []))

    # --- fitting ------------------------------------------------------------------------------
    def _get_model(self, X: np.ndarray, y: np.ndarray) -> Any:
        from cornu.models import Model

        if self.warm_start and hasattr(self, "model_"):
            return self.model_
        if isinstance(self.model, Model):
            return _clone_compiled(self.model)
        if not callable(self.model):
            raise TypeError(
                f"{type(self).__name__}: `model` must be a compiled cornu Model or a function "
                f"returning one, got {type(self.model).__name__}."
            )
        return self.model(X=X, y=y, **(self.model_kwargs or {}))

    def fit(self, X: Any, y: Any, **kwargs: Any) -> SKLBase:
        """Trains a model on ``X``, ``y``; ``kwargs`` go to ``model.fit`` (``epochs``...).

        Returns:
            The wrapper itself.
        """
        X, y = compat.validate_data(self, X, y, reset=True)
        y = self._process_target(y, reset=True)
        model = self._get_model(X, y)
        _check_compiled(model, type(self).__name__)
        fit_kwargs = {**(self.fit_kwargs or {}), **kwargs}
        history = model.fit(X, y, **fit_kwargs)
        self.history_ = dict(getattr(history, "history", {}) or {})
        self.model_ = model
        return self

    def _raw_predict(self, X: Any) -> np.ndarray:
        from sklearn.utils.validation import check_is_fitted

        check_is_fitted(self)
        X = compat.validate_data(self, X, reset=False)
        return self.model_.predict(X, verbose=0)

    def predict(self, X: Any) -> np.ndarray:
        """The model's predictions for ``X``, in the form of the training targets."""
        return self._reverse_process_target(self._raw_predict(X))

    # --- targets (regressors and transformers: 1-d <-> column) ----------------------------
    def _process_target(self, y: np.ndarray, reset: bool = False) -> np.ndarray:
        compat.target_type(y)
        if reset:
            self._target_ndim = y.ndim
        return y.reshape(-1, 1) if y.ndim == 1 else y

    def _reverse_process_target(self, y: np.ndarray) -> np.ndarray:
        if getattr(self, "_target_ndim", 2) == 1 and y.ndim == 2 and y.shape[1] == 1:
            return y[:, 0]
        return y


class SKLearnClassifier(ClassifierMixin, SKLBase):
    """A scikit-learn classifier around a cornu model.

    Targets are class labels (binary or multiclass); the model is trained on their one-hot
    encoding (so its last layer has one unit per class, e.g. a softmax) and ``predict``
    returns the label of the largest output. Arguments as ``SKLBase``.

    Attributes:
        classes_: the class labels seen by ``fit``.

    Example:
        >>> import numpy as np
        >>> import cornu
        >>> def build(X, y):
        ...     model = cornu.Sequential([cornu.Input((X.shape[1],)),
        ...                               cornu.layers.Dense(y.shape[1], activation="softmax")])
        ...     model.compile(loss="categorical_crossentropy", optimizer="adam")
        ...     return model
        >>> X = np.random.RandomState(0).rand(20, 3)
        >>> y = np.array(["a", "b"] * 10)
        >>> clf = SKLearnClassifier(build, fit_kwargs={"epochs": 2, "verbose": 0}).fit(X, y)
        >>> clf.classes_.tolist(), clf.predict(X[:3]).shape
        (['a', 'b'], (3,))
    """

    def _process_target(self, y: np.ndarray, reset: bool = False) -> np.ndarray:
        kind = compat.target_type(y)
        if kind not in ("binary", "multiclass"):
            raise ValueError(
                f"{type(self).__name__}: only binary and multiclass targets are supported; "
                f"got a {kind!r} target."
            )
        y = y.reshape(-1) if y.ndim == 2 else y
        if reset:
            self.classes_ = np.unique(y)
            if len(self.classes_) == 1:
                raise ValueError(
                    f"{type(self).__name__}: the target has only one class "
                    f"({self.classes_[0]!r}); a classifier needs at least two."
                )
        index = np.searchsorted(self.classes_, y)
        if np.any(index >= len(self.classes_)) or np.any(self.classes_[
                np.minimum(index, len(self.classes_) - 1)] != y):
            raise ValueError(f"{type(self).__name__}: the target has labels not seen in fit.")
        return np.eye(len(self.classes_), dtype="float32")[index]

    def _reverse_process_target(self, y: np.ndarray) -> np.ndarray:
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            return self.classes_[(y[:, 0] > 0.5).astype(int)]
        return self.classes_[np.argmax(y, axis=-1)]

    def decision_function(self, X: Any) -> np.ndarray:
        """The model's raw outputs for ``X`` (one column per class)."""
        return self._raw_predict(X)

    def __sklearn_tags__(self) -> Any:
        return compat.set_tags(super().__sklearn_tags__(), classifier_tags__poor_score=True)

    def _more_tags(self) -> dict:
        return {"non_deterministic": True, "poor_score": True}


class SKLearnRegressor(RegressorMixin, SKLBase):
    """A scikit-learn regressor around a cornu model (``score`` is R^2).

    Arguments as ``SKLBase``. A 1-d target is fed to the model as a column and predictions
    come back 1-d.

    Example:
        >>> import numpy as np
        >>> import cornu
        >>> def build(X, y):
        ...     model = cornu.Sequential([cornu.Input((X.shape[1],)), cornu.layers.Dense(1)])
        ...     model.compile(loss="mse", optimizer="sgd")
        ...     return model
        >>> X = np.random.RandomState(0).rand(16, 2)
        >>> reg = SKLearnRegressor(build, fit_kwargs={"verbose": 0}).fit(X, X.sum(axis=1))
        >>> reg.predict(X).shape
        (16,)
    """

    def __sklearn_tags__(self) -> Any:
        return compat.set_tags(super().__sklearn_tags__(), regressor_tags__poor_score=True)

    def _more_tags(self) -> dict:
        return {"non_deterministic": True, "poor_score": True}


class SKLearnTransformer(TransformerMixin, SKLBase):
    """A scikit-learn transformer around a cornu model: ``transform(X)`` is the model's
    output (an embedding, say) after ``fit(X, y)`` trained it. Arguments as ``SKLBase``.

    Example:
        >>> import numpy as np
        >>> import cornu
        >>> def build(X, y):
        ...     model = cornu.Sequential([cornu.Input((X.shape[1],)), cornu.layers.Dense(1)])
        ...     model.compile(loss="mse", optimizer="sgd")
        ...     return model
        >>> X = np.random.RandomState(0).rand(8, 3)
        >>> SKLearnTransformer(build, fit_kwargs={"verbose": 0}).fit(X, X[:, 0]).transform(
        ...     X).shape
        (8, 1)
    """

    def transform(self, X: Any) -> np.ndarray:
        """The model's outputs for ``X``."""
        return self._raw_predict(X)

    def __sklearn_tags__(self) -> Any:
        return compat.set_tags(super().__sklearn_tags__(), transformer_tags__preserves_dtype=[])

    def _more_tags(self) -> dict:
        return {"non_deterministic": True, "preserves_dtype": []}


def _clone_compiled(model: Any) -> Any:
    """A fresh copy of ``model`` (new weights), compiled like it."""
    from cornu.models import clone_model

    clone = clone_model(model)
    if getattr(model, "compiled", False) and not getattr(clone, "compiled", False):
        clone.compile_from_config(copy.deepcopy(model.get_compile_config()))
    return clone


def _check_compiled(model: Any, owner: str) -> None:
    if not getattr(model, "compiled", False) or not model.loss or not model.optimizer:
        raise RuntimeError(
            f"{owner}: the model must be compiled with a loss and an optimizer; call "
            "`model.compile(optimizer=..., loss=...)` (in your model function too)."
        )
