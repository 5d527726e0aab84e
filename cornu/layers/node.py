"""A node of the functional graph: one call of a layer on symbolic tensors."""

from __future__ import annotations

from cornu.backend.common.keras_tensor import KerasTensor
from cornu.legacy.layer_methods import LegacyNodeMixin
from cornu.utils import tree


class Node(LegacyNodeMixin):
    """Records ``outputs = operation(*call_args, **call_kwargs)`` on KerasTensors."""

    def __init__(self, operation, call_args=(), call_kwargs=None, outputs=None):
        self.operation = operation
        self.call_args = call_args
        self.call_kwargs = call_kwargs or {}
        self.outputs = outputs
        self.input_tensors = [
            x for x in tree.flatten((call_args, self.call_kwargs)) if isinstance(x, KerasTensor)
        ]
        self.output_tensors = [x for x in tree.flatten(outputs) if isinstance(x, KerasTensor)]
        node_index = len(operation._inbound_nodes)
        operation._inbound_nodes.append(self)
        for i, t in enumerate(self.output_tensors):
            t._keras_history = (operation, node_index, i)
        for t in self.input_tensors:
            if t._keras_history is not None:
                t._keras_history[0]._outbound_nodes.append(self)

    @property
    def parent_nodes(self) -> list:
        """The nodes that produced this node's inputs."""
        out = []
        for t in self.input_tensors:
            op, node_index, _ = t._keras_history
            out.append(op._inbound_nodes[node_index])
        return out

    @property
    def is_input(self) -> bool:
        return not self.input_tensors
