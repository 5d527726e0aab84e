"""Names of Keras 1/2's ``keras.engine`` and ``keras.utils.layer_utils`` modules.

``keras.engine.topology`` held ``Layer``, ``InputSpec``, ``Input``, ``Merge`` and the model
container; under ``cornu run`` those come from ``cornu.layers``/``cornu.models`` and this
module fills in the rest.
"""

from __future__ import annotations

from typing import Any

from cornu.backend.common.keras_tensor import KerasTensor
from cornu.layers.core.input_layer import InputLayer
from cornu.legacy.merge import Merge as Merge
from cornu.legacy.merge import merge as merge
from cornu.models.functional import Functional
from cornu.models.model import Model
from cornu.utils.legacy import warn_once

# Keras 1 called the functional model class ``Container``, Keras 2.1-2.3 ``Network``.
Container = Model
Network = Functional


def get_source_inputs(tensor: Any, layer: Any = None, node_index: Any = None) -> list:
    """The ``Input`` tensors that ``tensor`` was computed from, in first-seen order.

    Example:
        >>> import cornu
        >>> a, b = cornu.Input((2,)), cornu.Input((2,))
        >>> y = cornu.layers.Add()([a, b])
        >>> get_source_inputs(y) == [a, b]
        True
    """
    if not isinstance(tensor, KerasTensor) or tensor._keras_history is None:
        raise ValueError(
            f"get_source_inputs: expected a symbolic tensor from the functional API, got "
            f"{type(tensor).__name__}."
        )
    found: list = []
    seen: set = set()
    stack = [tensor]
    while stack:
        t = stack.pop()
        op, index, _ = t._keras_history
        node = op._inbound_nodes[index]
        if isinstance(op, InputLayer) or node.is_input:
            if id(t) not in seen:
                seen.add(id(t))
                found.append(t)
            continue
        stack.extend(reversed(node.input_tensors))
    return found


def layer_from_config(config: dict, custom_objects: dict | None = None) -> Any:
    """Keras 1: a layer (or model) from ``{"class_name": ..., "config": ...}``."""
    from cornu.layers import deserialize

    warn_once("layer_from_config", "layer_from_config(config) is Keras 1; use "
              "keras.layers.deserialize(config).")
    return deserialize(config, custom_objects=custom_objects)


def print_summary(model: Any, line_length: int | None = None, positions: Any = None,
                  print_fn: Any = None) -> None:
    """Keras 1/2: prints ``model.summary()``."""
    warn_once("print_summary", "layer_utils.print_summary(model) is Keras 1/2; use "
              "model.summary().")
    model.summary(line_length=line_length, positions=positions, print_fn=print_fn)
