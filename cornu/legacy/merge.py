"""Keras 1's ``Merge`` layer and ``merge`` function.

``Merge([branch_a, branch_b], mode="concat")`` joined whole models (typically two
``Sequential`` branches, each with its own input) into the first layer of a ``Sequential``
that then takes one array per branch. ``merge([x, y], mode="sum")`` joined symbolic tensors.
Keras 3 spells these with the merging layers (``Add``, ``Concatenate``, ``Dot``...) and the
functional API.
"""

from __future__ import annotations

import inspect
from typing import Any

from cornu import layers as _layers
from cornu.backend.common.keras_tensor import KerasTensor
from cornu.layers.layer import Layer
from cornu.utils.legacy import warn_once

_MODERN = {
    "sum": "cornu.layers.Add()", "mul": "cornu.layers.Multiply()",
    "ave": "cornu.layers.Average()", "max": "cornu.layers.Maximum()",
    "concat": "cornu.layers.Concatenate(axis=concat_axis)",
    "dot": "cornu.layers.Dot(axes=dot_axes)",
    "cos": "cornu.layers.Dot(axes=dot_axes, normalize=True)",
}


class Merge(Layer):
    """Keras 1's merge layer: combines a list of tensors, or the outputs of ``layers``.

    Args:
        layers: optional list of models/layers (branches). The merged layer then takes one
            input per branch input, runs each branch on its inputs and merges the results;
            as the first layer of a ``Sequential``, it makes that model take a list of arrays.
        mode: "sum" (default), "mul", "ave", "max", "concat", "dot", "cos", or a function of
            the list of tensors (a function of N arguments receives the N tensors).
        concat_axis: the axis of "concat".
        dot_axes: the axis (or pair of axes) summed over by "dot" and "cos".
        output_shape: for a function ``mode``, the output shape without the batch axis, or a
            function from the list of input shapes to the full output shape. By default it is
            inferred by tracing.
        arguments: keyword arguments passed to a function ``mode``.
        name: the layer name.

    Example:
        >>> import warnings
        >>> import numpy as np
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     layer = Merge(mode="concat", concat_axis=-1)
        >>> layer([np.ones((2, 3)), np.zeros((2, 1))]).shape
        torch.Size([2, 4])
    """

    def __init__(self, layers: Any = None, mode: Any = "sum", concat_axis: int = -1,
                 dot_axes: Any = -1, output_shape: Any = None, output_mask: Any = None,
                 arguments: dict | None = None, node_indices: Any = None,
                 tensor_indices: Any = None, name: str | None = None, **kwargs: Any):
        quiet = kwargs.pop("_quiet", False)  # merge() has warned already
        super().__init__(name=name, **kwargs)
        what = "Merge(layers, mode=...)" if layers else "Merge(mode=...)"
        modern = _MODERN.get(mode, "cornu.layers.Lambda(function)") if isinstance(
            mode, str) else "cornu.layers.Lambda(function)"
        if not quiet:
            warn_once(f"Merge.{'layers' if layers else mode}",
                      f"{what} is the Keras 1 merge layer; use {modern}([x1, x2]) on the "
                      "branch outputs and build the model with cornu.Model(inputs, outputs).")
        if isinstance(mode, str) and mode not in _MODERN:
            raise ValueError(
                f"Merge: unknown mode {mode!r}. Expected one of {sorted(_MODERN)} or a "
                "function of the list of tensors."
            )
        self.mode = mode
        self.concat_axis = concat_axis
        self.dot_axes = dot_axes
        self.arguments = dict(arguments or {})
        self._output_shape_arg = output_shape
        object.__setattr__(self, "_merger", _merger_for(mode, concat_axis, dot_axes, self.name))
        self.branches = list(layers or [])
        self._input_counts = [len(_branch_input_shapes(b)) for b in self.branches]
        if self.branches:
            self._batch_input_shape = [s for b in self.branches for s in _branch_input_shapes(b)]

    def call(self, inputs: Any) -> Any:
        if not isinstance(inputs, (list, tuple)):
            raise ValueError(
                f"Merge '{self.name}' must be called on a list of tensors, got a single "
                f"{type(inputs).__name__}. Pass e.g. `layer([x1, x2])`."
            )
        inputs = list(inputs)
        if self.branches:
            inputs = self._run_branches(inputs)
        if self._merger is not None:
            return self._merger(inputs)
        return _call_function(self.mode, inputs, self.arguments)

    def _run_branches(self, inputs: list) -> list:
        if len(inputs) != sum(self._input_counts):
            raise ValueError(
                f"Merge '{self.name}' joins {len(self.branches)} branches taking "
                f"{sum(self._input_counts)} input(s) in all, but got {len(inputs)}. Pass one "
                "array per branch input, e.g. `model.fit([x_left, x_right], y)`."
            )
        outputs, start = [], 0
        for branch, count in zip(self.branches, self._input_counts):
            args = inputs[start:start + count]
            outputs.append(branch(args[0] if count == 1 else args))
            start += count
        return outputs

    def compute_output_spec(self, inputs: Any, **kwargs: Any) -> Any:
        shape = self._output_shape_arg
        if shape is None:
            return super().compute_output_spec(inputs, **kwargs)
        if callable(shape):
            shape = shape([tuple(x.shape) for x in inputs])
        else:
            shape = (inputs[0].shape[0], *tuple(shape))
        return KerasTensor(tuple(shape), dtype=self.compute_dtype)

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        if callable(self.mode):
            raise NotImplementedError(
                f"Merge '{self.name}': a Python function `mode` cannot be serialized. Use "
                "cornu.layers.Lambda for custom merges that must be saved."
            )
        config = super().get_config()
        config.pop("batch_input_shape", None)
        config.update({"mode": self.mode, "concat_axis": self.concat_axis,
                       "dot_axes": self.dot_axes, "arguments": self.arguments})
        if isinstance(self._output_shape_arg, (list, tuple)):
            config["output_shape"] = list(self._output_shape_arg)
        if self.branches:
            config["layers"] = [serialize_keras_object(b) for b in self.branches]
        return config

    @classmethod
    def from_config(cls, config: dict) -> Merge:
        from cornu.saving.serialization import deserialize_keras_object

        config = dict(config)
        if config.get("layers"):
            config["layers"] = [deserialize_keras_object(c) for c in config["layers"]]
        return cls(**config)


def merge(inputs: Any, mode: Any = "sum", concat_axis: int = -1, dot_axes: Any = -1,
          output_shape: Any = None, output_mask: Any = None, arguments: dict | None = None,
          name: str | None = None) -> Any:
    """Keras 1's functional merge: ``merge([x, y], mode="concat")``.

    Args:
        inputs: a list of tensors (symbolic or real), or a list of layers/models.
        mode, concat_axis, dot_axes, output_shape, arguments, name: as for ``Merge``.

    Returns:
        The merged tensor; a ``Merge`` layer when ``inputs`` are layers.

    Example:
        >>> import warnings
        >>> import cornu
        >>> a, b = cornu.Input(shape=(4,)), cornu.Input(shape=(4,))
        >>> with warnings.catch_warnings():
        ...     warnings.simplefilter("ignore")
        ...     merge([a, b], mode="concat").shape
        (None, 8)
    """
    kwargs = dict(mode=mode, concat_axis=concat_axis, dot_axes=dot_axes,
                  output_shape=output_shape, output_mask=output_mask, arguments=arguments,
                  name=name)
    if isinstance(inputs, (list, tuple)) and inputs and all(isinstance(x, Layer) for x in inputs):
        return Merge(list(inputs), **kwargs)
    if not isinstance(inputs, (list, tuple)) or any(isinstance(x, Layer) for x in inputs):
        kinds = [type(x).__name__ for x in inputs] if isinstance(
            inputs, (list, tuple)) else type(inputs).__name__
        raise ValueError(
            f"merge: expected a list of tensors (or a list of layers), got {kinds}. Call each "
            "layer on a tensor first, e.g. `merge([x, Dense(8)(x)], mode='sum')`."
        )
    warn_once("merge", "merge(inputs, mode=...) is the Keras 1 function; use the merging "
              "functions: cornu.layers.add / multiply / average / maximum / concatenate / dot.")
    return Merge(**kwargs, _quiet=True)(list(inputs))


def _merger_for(mode: Any, concat_axis: int, dot_axes: Any, name: str) -> Layer | None:
    """The Keras 3 layer that computes ``mode`` (None for a function)."""
    if callable(mode):
        return None
    name = f"{name}_{mode}"
    if mode == "concat":
        return _layers.Concatenate(axis=concat_axis, name=name)
    if mode in ("dot", "cos"):
        return _layers.Dot(axes=dot_axes, normalize=mode == "cos", name=name)
    kind = {"sum": _layers.Add, "mul": _layers.Multiply, "ave": _layers.Average,
            "max": _layers.Maximum}[mode]
    return kind(name=name)


def _call_function(function: Any, inputs: list, arguments: dict) -> Any:
    """``function(inputs)``; a function of exactly N positional arguments gets N tensors."""
    try:
        params = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return function(inputs, **arguments)
    required = [p for p in params if p.default is p.empty and p.name not in arguments
                and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(inputs) > 1 and len(required) == len(inputs):
        return function(*inputs, **arguments)
    return function(inputs, **arguments)


def _branch_input_shapes(branch: Any) -> list:
    """The batch input shape(s) of a branch (a model or a layer that knows its input)."""
    inputs = getattr(branch, "inputs", None) if hasattr(branch, "_stack") or hasattr(
        branch, "_inputs") else None
    if inputs:
        return [tuple(x.shape) for x in inputs]
    shape = getattr(branch, "_batch_input_shape", None)
    if shape is not None:
        return list(shape) if isinstance(shape, list) else [tuple(shape)]
    if getattr(branch, "_inbound_nodes", None):
        value = branch._inbound_nodes[0].call_args[0]
        values = value if isinstance(value, (list, tuple)) else [value]
        return [tuple(v.shape) for v in values]
    raise ValueError(
        f"Merge: cannot tell the input shape of branch '{getattr(branch, 'name', branch)}'. "
        "Give its first layer `input_shape=` (or `input_dim=`), or start it with cornu.Input."
    )
