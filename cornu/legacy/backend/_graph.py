"""Keras 2 ``K.*`` graph-era functions: the learning phase, ``switch``, ``K.function``.

Keras 2 built symbolic graphs (TensorFlow 1 / Theano). cornu runs eagerly, so these work on
values; ``K.function`` compiles its symbolic inputs and outputs into a functional model.
"""

from __future__ import annotations

import contextlib
from collections import defaultdict
from typing import Any

from cornu import backend, ops
from cornu.backend.common.keras_tensor import KerasTensor
from cornu.layers import call_context

_PHASE: list = [None]
_UIDS: dict = defaultdict(int)


def learning_phase() -> int:
    """1 while training, 0 otherwise (``training=`` of the current layer call in Keras 3)."""
    if _PHASE[0] is not None:
        return _PHASE[0]
    return int(bool(call_context.state.training))


def set_learning_phase(value: int) -> None:
    """Fixes the learning phase to 0 (test) or 1 (train); pass ``training=`` in Keras 3."""
    if value not in (0, 1):
        raise ValueError(f"set_learning_phase: expected 0 or 1, got {value!r}.")
    _PHASE[0] = int(value)


def _value(x: Any) -> Any:
    return x() if callable(x) else x


def switch(condition: Any, then_expression: Any, else_expression: Any) -> Any:
    """``then_expression`` where ``condition`` holds, else ``else_expression``.

    A Python bool picks one branch (callables are called); a tensor condition selects element
    by element, its missing trailing axes broadcast. Keras 3: ``cornu.ops.where``/``ops.cond``.
    """
    if isinstance(condition, (bool, int)):
        return _value(then_expression) if condition else _value(else_expression)
    then_value, else_value = _value(then_expression), _value(else_expression)
    rank = len(ops.shape(then_value))
    while len(ops.shape(condition)) < rank:
        condition = ops.expand_dims(condition, -1)
    return ops.where(condition, then_value, else_value)


def in_train_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """``x`` in the training phase, ``alt`` otherwise (callables are called)."""
    if training is None:
        training = learning_phase()
    if training is True or training is False or isinstance(training, int):
        return _value(x) if training else _value(alt)
    return switch(training, x, alt)


def in_test_phase(x: Any, alt: Any, training: Any = None) -> Any:
    """``x`` outside the training phase, ``alt`` while training."""
    return in_train_phase(alt, x, training=training)


class Function:
    """The callable that ``K.function(inputs, outputs)`` returns.

    Calling it with a list of arrays (one per input) returns the outputs as NumPy arrays.
    An input that is not a symbolic tensor (``K.learning_phase()``) is the training flag.
    """

    def __init__(self, inputs: Any, outputs: Any, updates: Any = None, name: str | None = None):
        from cornu.models import Model

        if updates:
            raise NotImplementedError(
                "K.function(updates=...) is not supported: cornu runs eagerly. Assign the "
                "variables yourself (`variable.assign(...)`) after calling the function."
            )
        self.inputs = list(inputs) if isinstance(inputs, (list, tuple)) else [inputs]
        self._phase_slots = [i for i, x in enumerate(self.inputs)
                             if not isinstance(x, KerasTensor)]
        tensors = [x for x in self.inputs if isinstance(x, KerasTensor)]
        self._single = not isinstance(outputs, (list, tuple))
        self.outputs = [outputs] if self._single else list(outputs)
        self._model = Model(inputs=tensors, outputs=self.outputs, name=name)

    def __call__(self, values: Any) -> Any:
        values = list(values) if isinstance(values, (list, tuple)) else [values]
        if len(values) != len(self.inputs):
            raise ValueError(
                f"K.function: expected {len(self.inputs)} input value(s), got {len(values)}."
            )
        training = any(bool(values[i]) for i in self._phase_slots)
        arrays = [v for i, v in enumerate(values) if i not in self._phase_slots]
        model = self._model
        results = model._run_no_grad(lambda: model(arrays, training=training))
        results = list(results) if isinstance(results, (list, tuple)) else [results]
        arrays = [backend.convert_to_numpy(r) for r in results]
        return arrays[0] if self._single else arrays


def function(inputs: Any, outputs: Any, updates: Any = None, name: str | None = None,
             **kwargs: Any) -> Function:
    """A callable computing ``outputs`` from ``inputs`` (symbolic tensors of a model).

    Keras 3: ``cornu.Model(inputs, outputs).predict(x)``.
    """
    return Function(inputs, outputs, updates=updates, name=name)


def gradients(loss: Any, variables: Any) -> Any:
    """Not available: symbolic gradients need a graph engine."""
    raise NotImplementedError(
        "K.gradients(loss, variables) builds a symbolic gradient graph (TensorFlow 1 / "
        "Theano); cornu runs eagerly. Compute the loss from real values inside a custom "
        "`train_step` (or a custom training loop) and take gradients there."
    )


def image_dim_ordering() -> str:
    """Keras 1's image layout name: "tf" (channels last) or "th" (channels first)."""
    return "th" if backend.image_data_format() == "channels_first" else "tf"


def set_image_dim_ordering(dim_ordering: str) -> None:
    """Sets the image layout from Keras 1's "tf"/"th"; ``set_image_data_format`` in Keras 3."""
    formats = {"tf": "channels_last", "th": "channels_first"}
    if dim_ordering not in formats:
        raise ValueError(f"set_image_dim_ordering: expected 'tf' or 'th', got {dim_ordering!r}.")
    backend.set_image_data_format(formats[dim_ordering])


def get_uid(prefix: str = "") -> int:
    """1, 2, 3... for each call with the same ``prefix``."""
    _UIDS[prefix] += 1
    return _UIDS[prefix]


def reset_uids() -> None:
    """Restarts the automatic layer names and ``get_uid`` counters."""
    from cornu.backend.common.naming import reset_uids as _reset

    _UIDS.clear()
    _reset()


def get_session(*args: Any) -> Any:
    """Not available: cornu has no TensorFlow session."""
    raise RuntimeError(
        "K.get_session(): cornu runs on PyTorch and has no TensorFlow session. Device and "
        "memory settings need no session; remove this call."
    )


def set_session(session: Any) -> None:
    """Does nothing: cornu has no TensorFlow session to set."""


def manual_variable_initialization(value: bool) -> None:
    """Does nothing: cornu variables are initialized when created."""


def name_scope(name: str) -> Any:
    """A context manager kept for compatibility; names are not scoped."""
    return contextlib.nullcontext()


def map_fn(fn: Any, elems: Any, name: str | None = None, dtype: Any = None) -> Any:
    """``fn`` applied to each slice ``elems[i]``, the results stacked."""
    return ops.stack([fn(elems[i]) for i in range(int(ops.shape(elems)[0]))])
