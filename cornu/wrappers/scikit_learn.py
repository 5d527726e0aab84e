"""Keras 2's ``keras.wrappers.scikit_learn``: ``KerasClassifier`` and ``KerasRegressor``.

``KerasClassifier(build_fn=create_model, epochs=10, batch_size=32, units=64)``: every
keyword (an "sk_param") goes to whichever of ``build_fn``, ``fit``, ``predict`` and
``evaluate`` takes an argument of that name. ``get_params``/``set_params`` expose them, so
scikit-learn's ``GridSearchCV`` can tune ``units`` as well as ``epochs``. As in Keras 2,
``fit`` returns the training ``History`` and the fitted model is ``self.model``.

Keras 3 replaced these with ``cornu.wrappers.SKLearnClassifier``/``SKLearnRegressor``.

Example:
    >>> import warnings
    >>> import numpy as np
    >>> import cornu
    >>> def create_model(units=4):
    ...     model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(units, "relu"),
    ...                               cornu.layers.Dense(1, activation="sigmoid")])
    ...     model.compile(loss="binary_crossentropy", optimizer="adam", metrics=["accuracy"])
    ...     return model
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     clf = KerasClassifier(build_fn=create_model, units=8, epochs=2, verbose=0)
    >>> X, y = np.random.RandomState(0).rand(12, 3), np.array([0, 1] * 6)
    >>> _ = clf.fit(X, y)
    >>> clf.predict(X[:4]).shape, clf.predict_proba(X[:4]).shape
    ((4,), (4, 2))
"""

from __future__ import annotations

import inspect
import types
from typing import Any

import numpy as np

from cornu.utils.legacy import warn_once
from cornu.wrappers import _sklearn_compat as compat
from cornu.wrappers._sklearn_compat import BaseEstimator, ClassifierMixin, RegressorMixin

# Keras 1 spellings that sk_params may use for fit arguments.
_LEGACY_FIT_PARAMS = ("nb_epoch",)


def _arg_names(fn: Any) -> set:
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return set()
    return {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}


class BaseWrapper(BaseEstimator):
    """The shared part of ``KerasClassifier`` and ``KerasRegressor``.

    Args:
        build_fn: a function (or an object with ``__call__``) returning a compiled model;
            None to use the wrapper's own ``__call__`` (subclass and define it).
        **sk_params: model-building arguments (passed to ``build_fn`` when it takes them)
            and ``fit``/``predict``/``evaluate`` arguments (``epochs``, ``batch_size``,
            ``verbose``...).
    """

    def __init__(self, build_fn: Any = None, **sk_params: Any):
        compat.require_sklearn(type(self).__name__)
        warn_once(f"scikit_learn.{type(self).__name__}",
                  f"keras.wrappers.scikit_learn.{type(self).__name__}(build_fn, **sk_params) is "
                  "Keras 2; use cornu.wrappers.SKLearn"
                  f"{'Classifier' if 'Class' in type(self).__name__ else 'Regressor'}(model, "
                  "model_kwargs=..., fit_kwargs=...).")
        self.build_fn = build_fn
        self.sk_params = sk_params
        self.check_params(sk_params)

    def _build_callable(self) -> Any:
        """What builds the model: ``build_fn``, or the wrapper's own ``__call__``."""
        return self.__call__ if self.build_fn is None else self.build_fn

    def _build_signature(self) -> Any:
        """The function whose arguments ``build_fn`` takes (``__call__`` for an object)."""
        fn = self._build_callable()
        if isinstance(fn, (types.FunctionType, types.MethodType)) or not callable(fn):
            return fn
        return fn.__call__

    def check_params(self, params: dict) -> None:
        """Raises ValueError for a parameter that no function of the wrapper takes."""
        from cornu.models import Sequential

        legal = set(_LEGACY_FIT_PARAMS)
        for fn in (Sequential.fit, Sequential.predict, Sequential.evaluate,
                   self._build_signature()):
            legal |= _arg_names(fn)
        for name in params:
            if name not in legal:
                raise ValueError(
                    f"{name!r} is not a legal parameter of {type(self).__name__}: it is not an "
                    "argument of build_fn, fit, predict or evaluate."
                )

    def get_params(self, deep: bool = True) -> dict:
        """``build_fn`` and the sk_params."""
        return {**self.sk_params, "build_fn": self.build_fn}

    def set_params(self, **params: Any) -> BaseWrapper:
        """Updates sk_params (or ``build_fn``); returns the wrapper."""
        if "build_fn" in params:
            self.build_fn = params.pop("build_fn")
        self.check_params(params)
        self.sk_params.update(params)
        return self

    def filter_sk_params(self, fn: Any, override: dict | None = None) -> dict:
        """The sk_params that ``fn`` takes, updated with ``override``."""
        names = _arg_names(fn)
        if fn is self._fit_target():
            names |= set(_LEGACY_FIT_PARAMS)
        found = {k: v for k, v in self.sk_params.items() if k in names}
        found.update(override or {})
        return found

    @staticmethod
    def _fit_target() -> Any:
        from cornu.models import Sequential

        return Sequential.fit

    def fit(self, x: Any, y: Any, **kwargs: Any) -> Any:
        """Builds a new model with ``build_fn`` and trains it; returns the ``History``."""
        self.model = self._build_callable()(**self.filter_sk_params(self._build_signature()))
        if _loss_name(self.model) == "categorical_crossentropy" and np.ndim(y) != 2:
            y = _one_hot(y)
        fit_args = self.filter_sk_params(self._fit_target(), kwargs)
        return self.model.fit(x, y, **fit_args)

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        if "model" in state:
            state["model"] = compat.model_to_state(state["model"])
        return state

    def __setstate__(self, state: dict) -> None:
        state = dict(state)
        if "model" in state:
            state["model"] = compat.state_to_model(state["model"])
        self.__dict__.update(state)

    def _predict_args(self, kwargs: dict) -> dict:
        from cornu.models import Sequential

        return {"verbose": 0, **self.filter_sk_params(Sequential.predict, kwargs)}


class KerasClassifier(ClassifierMixin, BaseWrapper):
    """Keras 2's scikit-learn classifier: see ``BaseWrapper`` for the arguments.

    Labels may be any sortable values (``classes_``) or one-hot rows. The model ends with a
    softmax over the classes (or one sigmoid unit for two classes).
    """

    def fit(self, x: Any, y: Any, sample_weight: Any = None, **kwargs: Any) -> Any:
        """Trains on ``x`` and labels ``y``; returns the ``History``."""
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] > 1:
            self.classes_ = np.arange(y.shape[1])
        elif y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            self.classes_ = np.unique(y)
            y = np.searchsorted(self.classes_, y.reshape(-1))
        else:
            raise ValueError(f"KerasClassifier: invalid shape for y: {y.shape}.")
        self.n_classes_ = len(self.classes_)
        if sample_weight is not None:
            kwargs["sample_weight"] = sample_weight
        return super().fit(x, y, **kwargs)

    def predict(self, x: Any, **kwargs: Any) -> np.ndarray:
        """The class label of each sample."""
        proba = self.model.predict(x, **self._predict_args(kwargs))
        if proba.shape[-1] > 1:
            index = proba.argmax(axis=-1)
        else:
            index = (proba > 0.5).astype("int32").reshape(-1)
        return self.classes_[index]

    def predict_proba(self, x: Any, **kwargs: Any) -> np.ndarray:
        """Class probabilities, one column per class (two for a single sigmoid unit)."""
        probs = self.model.predict(x, **self._predict_args(kwargs))
        if probs.shape[1] == 1:
            probs = np.hstack([1 - probs, probs])
        return probs

    def score(self, x: Any, y: Any, **kwargs: Any) -> float:
        """The accuracy on ``x``, ``y`` (the model must be compiled with ``"accuracy"``)."""
        from cornu.models import Sequential

        y = np.asarray(y)
        if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            y = np.searchsorted(self.classes_, y.reshape(-1))
        if _loss_name(self.model) == "categorical_crossentropy" and y.ndim != 2:
            y = _one_hot(y, len(self.classes_))
        args = {"verbose": 0, **self.filter_sk_params(Sequential.evaluate, kwargs)}
        results = self.model.evaluate(x, y, return_dict=True, **args)
        for name in ("accuracy", "acc"):
            if name in results:
                return float(results[name])
        raise ValueError(
            "KerasClassifier.score: the model does not compute accuracy. Pass "
            "`metrics=['accuracy']` to `model.compile()` in build_fn."
        )


class KerasRegressor(RegressorMixin, BaseWrapper):
    """Keras 2's scikit-learn regressor: see ``BaseWrapper`` for the arguments.

    ``score`` is the negated loss (greater is better), as in Keras 2.
    """

    def predict(self, x: Any, **kwargs: Any) -> np.ndarray:
        """The predictions, with axes of size 1 removed."""
        preds = np.squeeze(self.model.predict(x, **self._predict_args(kwargs)))
        return preds.reshape(1) if preds.shape == () else preds

    def score(self, x: Any, y: Any, **kwargs: Any) -> float:
        """Minus the loss on ``x``, ``y``."""
        from cornu.models import Sequential

        args = {"verbose": 0, **self.filter_sk_params(Sequential.evaluate, kwargs)}
        loss = self.model.evaluate(x, y, **args)
        return -float(loss[0] if isinstance(loss, list) else loss)


def _loss_name(model: Any) -> str | None:
    loss = getattr(model, "loss", None)
    return getattr(loss, "__name__", loss) if not isinstance(loss, str) else loss


def _one_hot(y: Any, num_classes: int | None = None) -> np.ndarray:
    from cornu.utils import to_categorical

    return to_categorical(np.asarray(y), num_classes)
