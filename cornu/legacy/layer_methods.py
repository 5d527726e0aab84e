"""Keras 1/2 node API: ``get_output_at``, ``get_input_shape_at``, ``inbound_nodes``...

A layer called several times (a shared layer) has one node per call; these methods read
the inputs and outputs of node ``node_index``. Keras 3 keeps ``get_input_at`` /
``get_output_at`` on its operations; the shape and mask variants and the public
``inbound_nodes`` are Keras 1/2.
"""

from __future__ import annotations

from typing import Any

from cornu.utils import tree
from cornu.utils.legacy import warn_once


def _shape_of(x: Any) -> Any:
    return tree.map_structure(lambda t: t.shape, x)


class LegacyLayerMixin:
    """Mixed into ``cornu.layers.Layer``."""

    def _node(self, node_index: int, what: str) -> Any:
        nodes = self._inbound_nodes
        if not nodes:
            raise RuntimeError(
                f"Layer '{self.name}' has never been called on symbolic inputs, so it has no "
                f"{what}. Call it on a cornu.Input (or a tensor derived from one) first."
            )
        if not -len(nodes) <= node_index < len(nodes):
            raise ValueError(
                f"Layer '{self.name}': asked for node {node_index}, but it has only "
                f"{len(nodes)} node(s) (one per call on symbolic inputs)."
            )
        return nodes[node_index]

    def get_input_at(self, node_index: int) -> Any:
        """Keras 1/2: the input tensor(s) of the layer's ``node_index``-th call."""
        warn_once("get_input_at", "layer.get_input_at(i) is Keras 1/2; keep the tensors you "
                  "call the layer on (Keras 3 has no public node API).")
        return self._node(node_index, "input").call_args[0]

    def get_output_at(self, node_index: int) -> Any:
        """Keras 1/2: the output tensor(s) of the layer's ``node_index``-th call."""
        warn_once("get_output_at", "layer.get_output_at(i) is Keras 1/2; keep the tensors "
                  "that calling the layer returns (Keras 3 has no public node API).")
        return self._node(node_index, "output").outputs

    def get_input_shape_at(self, node_index: int) -> Any:
        """Keras 1/2: the input shape(s) of the ``node_index``-th call."""
        warn_once("get_input_shape_at", "get_input_shape_at(i) is Keras 1/2; use "
                  "layer.get_input_at(i).shape.")
        return _shape_of(self.get_input_at(node_index))

    def get_output_shape_at(self, node_index: int) -> Any:
        """Keras 1/2: the output shape(s) of the ``node_index``-th call."""
        warn_once("get_output_shape_at", "get_output_shape_at(i) is Keras 1/2; use "
                  "layer.get_output_at(i).shape.")
        return _shape_of(self.get_output_at(node_index))

    def get_input_mask_at(self, node_index: int) -> Any:
        """Keras 1/2: the input mask(s) of the ``node_index``-th call (None if unmasked)."""
        return tree.map_structure(lambda t: getattr(t, "_keras_mask", None),
                                  self.get_input_at(node_index))

    def get_output_mask_at(self, node_index: int) -> Any:
        """Keras 1/2: the output mask(s) of the ``node_index``-th call (None if unmasked)."""
        return tree.map_structure(lambda t: getattr(t, "_keras_mask", None),
                                  self.get_output_at(node_index))

    def get_output(self, train: bool = False) -> Any:
        """Keras 0.x/1: the symbolic output of the layer; ``layer.output`` in Keras 3."""
        warn_once("get_output", "layer.get_output() is Keras 0.x/1; use layer.output.")
        return self.output

    @property
    def inbound_nodes(self) -> list:
        """Keras 1/2: one node per call of the layer on symbolic inputs."""
        return self._inbound_nodes

    @property
    def outbound_nodes(self) -> list:
        """Keras 1/2: the nodes of the layers that consumed this layer's outputs."""
        return self._outbound_nodes

    @property
    def input_mask(self) -> Any:
        """Keras 1/2: the mask of the layer's single input (None if unmasked)."""
        return self.get_input_mask_at(0)

    @property
    def output_mask(self) -> Any:
        """Keras 1/2: the mask of the layer's single output (None if unmasked)."""
        return self.get_output_mask_at(0)


class LegacyNodeMixin:
    """Mixed into ``cornu.layers.node.Node``: the attributes of Keras 1/2 nodes."""

    @property
    def outbound_layer(self) -> Any:
        """The layer that this node is a call of."""
        return self.operation

    @property
    def inbound_layers(self) -> list:
        """The layers that produced this node's input tensors."""
        return [t._keras_history[0] for t in self.input_tensors]

    @property
    def node_indices(self) -> list:
        """For each input tensor, the index of the node of its layer that produced it."""
        return [t._keras_history[1] for t in self.input_tensors]

    @property
    def tensor_indices(self) -> list:
        """For each input tensor, its position among the outputs of that node."""
        return [t._keras_history[2] for t in self.input_tensors]

    @property
    def input_shapes(self) -> list:
        """The shapes of the input tensors."""
        return [t.shape for t in self.input_tensors]

    @property
    def output_shapes(self) -> list:
        """The shapes of the output tensors."""
        return [t.shape for t in self.output_tensors]

    @property
    def arguments(self) -> dict:
        """The keyword arguments of the call."""
        return self.call_kwargs
