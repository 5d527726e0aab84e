"""``Functional``: a model defined by a graph of layer calls on symbolic tensors."""

from __future__ import annotations

from cornu import backend
from cornu.backend.common.keras_tensor import KerasTensor
from cornu.layers.core.input_layer import InputLayer
from cornu.layers.layer import _get_mask
from cornu.legacy.model_methods import legacy_model_io
from cornu.models.model import Model, adjust_input_rank
from cornu.utils import tree


class Functional(Model):
    """A model built as ``Model(inputs, outputs)`` from ``Input`` tensors.

    Calls run the recorded layer calls in topological order. Inputs and outputs may be a
    single tensor, a list, or a dict.
    """

    def __init__(self, inputs=None, outputs=None, name=None, trainable=True, **kwargs):
        inputs, outputs = legacy_model_io(inputs, outputs, kwargs)  # Keras 1: input=, output=
        super().__init__(name=name, trainable=trainable, **kwargs)
        self._convert_input_args = False  # call() casts each input to its Input's dtype
        self._refresh_dtype_cache()
        self._checked_input_shapes: dict = {}
        self._init_graph(inputs, outputs)

    def _init_graph(self, inputs, outputs) -> None:
        if isinstance(inputs, dict):
            flat_inputs = list(inputs.values())
        else:
            flat_inputs = tree.flatten(inputs)
        for x in flat_inputs:
            if not isinstance(x, KerasTensor):
                raise ValueError(
                    "Model(inputs, outputs): every input must be a symbolic tensor from "
                    f"`cornu.Input(...)`, got {type(x).__name__}: {x!r}."
                )
            layer = x._keras_history[0]
            if not isinstance(layer, InputLayer):
                raise ValueError(
                    "Model(inputs, outputs): inputs must come straight from `cornu.Input`, "
                    f"but {x!r} is the output of layer '{layer.name}'."
                )
        flat_outputs = tree.flatten(outputs)
        for y in flat_outputs:
            if not isinstance(y, KerasTensor) or y._keras_history is None:
                raise ValueError(
                    "Model(inputs, outputs): every output must be a symbolic tensor computed "
                    f"from the inputs, got {y!r}."
                )
        self._inputs_struct = inputs
        self._outputs_struct = outputs
        self._inputs = flat_inputs
        self._outputs = flat_outputs
        self._nodes = _topological_nodes(flat_inputs, flat_outputs)
        from cornu.layers.core.op_layer import OpLayer
        from cornu.utils.summary_utils import _Graph

        layers = []
        for node in self._nodes:
            if not any(node.operation is seen for seen in layers):
                layers.append(node.operation)
        # Keras's order for ``model.layers``: by depth from the inputs; raw ops are not layers.
        self._graph_layers = [
            layer for layer in _Graph(self).layers if not isinstance(layer, OpLayer)]
        # Keras's variable order (and so its optimizer-state order) follows ``layers``.
        ordered = self._graph_layers + [
            op for op in layers if not any(op is g for g in self._graph_layers)]
        for layer in ordered:
            if not isinstance(layer, InputLayer):
                self._track_sublayer(layer)
                self._register_sublayer(layer, layer.name)
        self._input_names = [x._keras_history[0].name for x in flat_inputs]
        self.built = True

    @property
    def layers(self) -> list:
        return list(self._graph_layers)

    @property
    def inputs(self):
        return list(self._inputs)

    @property
    def outputs(self):
        return list(self._outputs)

    @property
    def input(self):
        return self._inputs_struct

    @property
    def output(self):
        return self._outputs_struct

    @property
    def input_shape(self):
        shapes = [x.shape for x in self._inputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def output_shape(self):
        shapes = [y.shape for y in self._outputs]
        return shapes[0] if len(shapes) == 1 else shapes

    @property
    def input_names(self):
        return list(self._input_names)

    @property
    def output_names(self):
        return [y._keras_history[0].name for y in self._outputs]

    def build(self, input_shape=None) -> None:
        self.built = True

    def _standardize_inputs(self, inputs) -> list:
        n = len(self._inputs)
        if isinstance(inputs, dict):
            if isinstance(self._inputs_struct, dict):
                keys = list(self._inputs_struct)
            else:
                keys = self._input_names
            missing = [k for k in keys if k not in inputs]
            if missing:
                raise ValueError(
                    f"Model '{self.name}' expects inputs named {keys}; missing {missing}, "
                    f"got keys {sorted(inputs)}."
                )
            return [inputs[k] for k in keys]
        flat = tree.flatten(inputs)
        if len(flat) != n:
            raise ValueError(
                f"Model '{self.name}' expects {n} input(s) ({self._input_names}), but it "
                f"received {len(flat)} input tensor(s)."
            )
        return flat

    def _check_input_shape(self, kt, x) -> None:
        """Data must fit the ``Input`` it feeds (fixed sizes equal, same rank), as Keras."""
        expected, got = tuple(kt.shape), tuple(x.shape)
        if len(got) != len(expected) or any(
                e is not None and e != g for e, g in zip(expected[1:], got[1:])):
            name = kt._keras_history[0].name if kt._keras_history else "input"
            raise ValueError(
                f"Model '{self.name}': input '{name}' expects data of shape {expected} (None "
                f"= any size), got data of shape {got}. Reshape or resize the data, or build "
                "the model with an Input of the data's shape."
            )
        if not backend.is_compiling():
            self._checked_input_shapes[id(kt)] = x.shape

    def call(self, inputs, training=None, mask=None):
        flat = self._standardize_inputs(inputs)
        values = {}
        for kt, x in zip(self._inputs, flat):
            if not hasattr(x, "shape"):
                from cornu import ops

                x = ops.convert_to_tensor(x)
            if kt.dtype != _dtype_name(x) and kt.dtype.startswith("float") and str(
                _dtype_name(x)).startswith(("float", "int", "uint", "bool")):
                from cornu import ops

                x = ops.cast(x, kt.dtype)
            x = adjust_input_rank(x, kt.shape)
            if backend.is_compiling() or x.shape != self._checked_input_shapes.get(id(kt)):
                self._check_input_shape(kt, x)
            values[id(kt)] = x
        if mask is not None:
            for x, m in zip(flat, tree.flatten(mask)):
                if m is not None:
                    x._keras_mask = m
        for node in self._nodes:
            if not node.input_tensors:
                continue
            args = _fill(node.call_args, values)
            kwargs = _fill(node.call_kwargs, values)
            if training is False and kwargs.get("training") is True:
                # Inference wins over a recorded `training=True` (Keras writes one for its
                # augmentation layers): predict/evaluate never augment. A recorded
                # `training=False` (a frozen base in the fine-tuning recipe) is kept.
                kwargs["training"] = False
            outputs = node.operation(*args, **kwargs)
            for kt, y in zip(node.output_tensors, tree.flatten(outputs)):
                values[id(kt)] = y
        outputs = tree.pack_sequence_as(self._outputs_struct,
                                         [values[id(y)] for y in self._outputs])
        # As Keras: `Model(inputs, [y])` called on data returns the tensor, not [tensor].
        return _unpack_singleton(outputs)

    def compute_output_spec(self, inputs, training=None, mask=None):
        from cornu.layers.layer import Layer

        spec = Layer.compute_output_spec(self, inputs)
        # ...but called on symbolic tensors it keeps the declared structure (as Keras).
        if _is_singleton(self._outputs_struct) and not _is_singleton(spec):
            return type(self._outputs_struct)([spec])
        return spec

    def compute_output_shape(self, input_shape):
        return tree.map_structure(lambda y: y.shape, self._outputs_struct)

    def compute_mask(self, inputs, mask=None):
        return None

    def get_config(self) -> dict:
        from cornu.models.functional_config import functional_config

        return functional_config(self)

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from cornu.models.functional_config import functional_from_config

        return functional_from_config(cls, config, custom_objects)


def _is_singleton(x) -> bool:
    return isinstance(x, (list, tuple)) and len(x) == 1


def _unpack_singleton(x):
    return x[0] if _is_singleton(x) else x


def _dtype_name(x):
    from cornu import backend

    return backend.standardize_dtype(x.dtype)


def _fill(structure, values):
    if isinstance(structure, KerasTensor):
        return values[id(structure)]
    if isinstance(structure, (list, tuple)):
        return type(structure)(_fill(s, values) for s in structure)
    if isinstance(structure, dict):
        return {k: _fill(v, values) for k, v in structure.items()}
    return structure


def _topological_nodes(inputs, outputs) -> list:
    """Nodes between ``inputs`` and ``outputs``, each after the nodes it depends on."""
    input_ids = {id(x) for x in inputs}
    order, state = [], {}

    def visit(tensor):
        op, node_index, _ = tensor._keras_history
        node = op._inbound_nodes[node_index]
        key = id(node)
        if state.get(key) == "done":
            return
        if state.get(key) == "active":
            raise ValueError("The functional graph has a cycle.")
        state[key] = "active"
        if id(tensor) not in input_ids:
            if node.is_input:
                raise ValueError(
                    f"Model(inputs, outputs): output depends on input '{op.name}' that is not "
                    "in `inputs`. Add it to the model's inputs."
                )
            for t in node.input_tensors:
                visit(t)
        state[key] = "done"
        order.append(node)

    for y in outputs:
        visit(y)
    _ = _get_mask
    return order
