"""The config of a functional model, in Keras 3's format, and rebuilding a model from it.

``layers`` lists every operation with its config, its ``name`` and its ``inbound_nodes``
(one ``{"args", "kwargs"}`` entry per call inside this model, with symbolic tensors written
as ``__keras_tensor__`` entries that point at ``[layer name, node index, tensor index]``);
``input_layers``/``output_layers`` point at the model's inputs and outputs the same way.
Keras counts a nested functional model's calls from 1 in those two lists; so do we.
Keras 2 configs (calls as ``[[name, node, tensor, kwargs], ...]``) are read too.
"""

from __future__ import annotations

from cornu.backend.common.keras_tensor import KerasTensor
from cornu.saving.errors import SavingError
from cornu.utils import tree


def functional_config(model) -> dict:
    """``model.get_config()`` for a functional model."""
    from cornu.saving.serialization import serialize_keras_object
    from cornu.utils.summary_utils import _Graph

    own = {id(node) for node in model._nodes}
    operations = _Graph(model).layers

    def node_index_in_model(op, node_index):
        return sum(1 for n in op._inbound_nodes[:node_index] if id(n) in own)

    def tensor_entry(x):
        if not isinstance(x, KerasTensor):
            return x
        op, node_index, tensor_index = x._keras_history
        return {"class_name": "__keras_tensor__", "config": {
            "shape": list(x.shape), "dtype": x.dtype,
            "keras_history": [op.name, node_index_in_model(op, node_index), tensor_index]}}

    from cornu.layers.core.op_layer import OpLayer
    from cornu.saving.op_configs import op_layer_config

    layers = []
    for op in operations:
        nodes, layer_config = [], None
        for node in op._inbound_nodes:
            if id(node) not in own or not node.input_tensors:
                continue
            args, kwargs = list(node.call_args), dict(node.call_kwargs)
            if isinstance(op, OpLayer):
                layer_config, args, kwargs = op_layer_config(op, node)
            nodes.append({
                "args": serialize_keras_object(tree.map_structure(tensor_entry, args)),
                "kwargs": serialize_keras_object(tree.map_structure(tensor_entry, kwargs)),
            })
        if layer_config is None:
            layer_config = serialize_keras_object(op)
        layer_config["name"] = op.name
        layer_config["inbound_nodes"] = nodes
        layers.append(layer_config)

    def endpoint(x):
        op, node_index, tensor_index = x._keras_history
        offset = 1 if _is_functional(op) else 0
        return [op.name, node_index_in_model(op, node_index) + offset, tensor_index]

    return {
        "name": model.name,
        "trainable": model.trainable,
        "layers": layers,
        "input_layers": _map_endpoints(model._inputs_struct, endpoint),
        "output_layers": _map_endpoints(model._outputs_struct, endpoint),
    }


def _map_endpoints(structure, fn):
    if isinstance(structure, KerasTensor):
        return fn(structure)
    if isinstance(structure, dict):
        return {k: _map_endpoints(v, fn) for k, v in structure.items()}
    return [_map_endpoints(v, fn) for v in structure]


def _is_functional(op) -> bool:
    from cornu.models.functional import Functional

    return isinstance(op, Functional)


def functional_from_config(cls, config: dict, custom_objects=None):
    """Rebuilds a functional model (of class ``cls``) from ``functional_config`` output."""
    config = dict(config)
    try:
        layer_configs = config.pop("layers")
        input_spec = config.pop("input_layers")
        output_spec = config.pop("output_layers")
    except KeyError as err:
        raise SavingError(f"A functional model config needs 'layers', 'input_layers' and "
                          f"'output_layers'; {err} is missing.") from None
    if not isinstance(layer_configs, list):
        raise SavingError("A functional model config's 'layers' must be a list.")
    created: dict = {}
    pending: dict = {}
    order = []
    for layer_data in layer_configs:
        layer = _create_layer(layer_data, custom_objects)
        name = layer_data.get("name", layer.name)
        if name in created:
            raise SavingError(f"The model config has two layers named '{name}'.")
        created[name] = layer
        order.append(name)
        inbound = layer_data.get("inbound_nodes", [])
        if not isinstance(inbound, list):
            raise SavingError(f"Layer '{name}': 'inbound_nodes' must be a list.")
        if inbound:
            pending[name] = list(inbound)
    _replay_calls(order, created, pending)
    inputs = _endpoints(input_spec, created)
    outputs = _endpoints(output_spec, created)
    kwargs = {"name": config.get("name"), "trainable": config.get("trainable", True)}
    if kwargs["trainable"] is None:
        kwargs["trainable"] = True
    return cls(inputs=inputs, outputs=outputs, **kwargs)


def _create_layer(layer_data, custom_objects):
    from cornu.layers.layer import Layer
    from cornu.saving.serialization import deserialize_keras_object

    if not isinstance(layer_data, dict) or "class_name" not in layer_data:
        raise SavingError(f"Each entry of a model config's 'layers' must be a layer config "
                          f"dict, got {str(layer_data)[:200]}.")
    from cornu.saving.op_configs import is_op_config, op_layer_from_config

    if is_op_config(layer_data):
        return op_layer_from_config(layer_data)
    if "module" not in layer_data:
        from cornu.saving.legacy_config import legacy_layer_from_config

        layer = legacy_layer_from_config(layer_data, custom_objects)
    else:
        layer = deserialize_keras_object(
            {k: v for k, v in layer_data.items() if k not in ("inbound_nodes", "name")},
            custom_objects=custom_objects, printable_module_name="layer")
    if not isinstance(layer, Layer):
        raise SavingError(f"'{layer_data.get('name')}' in the model config is a "
                          f"{type(layer).__name__}, not a layer.")
    return layer


def _replay_calls(order, created, pending) -> None:
    while pending:
        progressed = False
        for name in order:
            if name not in pending:
                continue
            queue = pending[name]
            done = 0
            for node_data in queue:
                try:
                    args, kwargs = _node_arguments(node_data, created)
                except IndexError:
                    break
                created[name](*args, **kwargs)
                done += 1
            if done:
                progressed = True
                if done == len(queue):
                    del pending[name]
                else:
                    pending[name] = queue[done:]
        if not progressed:
            raise SavingError(
                "Invalid functional model config: these layer calls refer to outputs that "
                f"never exist (a cycle or a missing layer): {sorted(pending)}."
            )


def _node_arguments(node_data, created):
    from cornu.saving.serialization import deserialize_keras_object

    if isinstance(node_data, list):  # Keras 2: [[layer, node, tensor(, kwargs)], ...]
        tensors, kwargs = [], {}
        for entry in node_data:
            if not isinstance(entry, (list, tuple)) or len(entry) not in (3, 4):
                raise SavingError(f"Invalid inbound node entry {entry!r} in a model config.")
            tensors.append(_output_of(created, entry[0], entry[1], entry[2]))
            if len(entry) == 4 and isinstance(entry[3], dict):
                kwargs = dict(entry[3])
        return [tensors[0] if len(tensors) == 1 else tensors], kwargs
    if not isinstance(node_data, dict):
        raise SavingError(f"Invalid inbound node {str(node_data)[:200]} in a model config.")
    args = deserialize_keras_object(node_data.get("args", []))
    kwargs = deserialize_keras_object(node_data.get("kwargs", {}))
    if not isinstance(args, list) or not isinstance(kwargs, dict):
        raise SavingError("A node's 'args' must be a list and its 'kwargs' a dict.")

    def revive(x):
        if isinstance(x, KerasTensor):
            history = getattr(x, "_pre_serialization_keras_history", None)
            if history is None:
                return x
            if not isinstance(history, (list, tuple)) or len(history) != 3:
                raise SavingError(f"Invalid keras_history {history!r} in a model config.")
            return _output_of(created, *history)
        return x

    return tree.map_structure(revive, args), tree.map_structure(revive, kwargs)


def _output_of(created, layer_name, node_index, tensor_index):
    layer = created.get(layer_name) if isinstance(layer_name, str) else None
    if layer is None:
        raise SavingError(f"The model config refers to a layer '{layer_name}' it does not "
                          "define.")
    if not isinstance(node_index, int) or not isinstance(tensor_index, int) or (
            node_index < 0 or tensor_index < 0):
        raise SavingError(f"Invalid node/tensor index ({node_index!r}, {tensor_index!r}) "
                          f"for layer '{layer_name}' in a model config.")
    if node_index >= len(layer._inbound_nodes):
        raise IndexError(node_index)  # not created yet: retried after other calls
    outputs = layer._inbound_nodes[node_index].output_tensors
    if tensor_index >= len(outputs):
        raise SavingError(f"Layer '{layer_name}' has {len(outputs)} output(s); the model "
                          f"config asks for output {tensor_index}.")
    return outputs[tensor_index]


def _endpoints(spec, created):
    if (isinstance(spec, list) and len(spec) == 3 and isinstance(spec[0], str)
            and not isinstance(spec[1], (list, dict))):
        name, node_index, tensor_index = spec
        if isinstance(node_index, int) and _is_functional(created.get(name)):
            node_index -= 1
        try:
            return _output_of(created, name, node_index, tensor_index)
        except IndexError:
            raise SavingError(f"The model config's inputs/outputs refer to call {spec[1]} of "
                              f"layer '{name}', which never happens.") from None
    if isinstance(spec, dict):
        return {k: _endpoints(v, created) for k, v in spec.items()}
    if isinstance(spec, (list, tuple)):
        return [_endpoints(v, created) for v in spec]
    raise SavingError(f"Invalid input/output entry {spec!r} in a model config.")
