"""``clone_model``: the same architecture with new layers (and so new, fresh weights)."""

from __future__ import annotations

from cornu.backend.common.keras_tensor import KerasTensor
from cornu.saving.errors import SavingError
from cornu.utils import tree


def _default_clone(layer):
    return type(layer).from_config(layer.get_config())


def clone_model(model, input_tensors=None, clone_function=None, call_function=None,
                recursive: bool = False, **kwargs):
    """Returns a copy of ``model`` built from new layers (weights are not copied).

    Args:
        model: a ``Sequential``, functional, or subclassed model (the last is rebuilt
            from its config and accepts no other argument).
        input_tensors: ``Input`` tensors (or ``InputLayer``s) the clone is built on,
            instead of new ones like the original's.
        clone_function: ``layer -> new layer``; default rebuilds the layer from its config.
            Return the layer itself to share it between the two models.
        call_function: ``(layer, *args, **kwargs) -> outputs``, how each layer is called in a
            functional clone (to insert or change calls); default ``layer(*args, **kwargs)``.
        recursive: True clones nested models layer by layer with the same functions;
            False hands a nested model to ``clone_function`` as a whole.

    Returns:
        The new model (not compiled; weights freshly initialized).

    Example:
        >>> import cornu
        >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
        >>> clone = cornu.models.clone_model(model)
        >>> clone.output_shape, clone.layers[0] is model.layers[0]
        ((None, 2), False)
    """
    from cornu.models.functional import Functional
    from cornu.models.sequential import Sequential

    if kwargs:
        raise TypeError(f"clone_model: unexpected argument(s) {sorted(kwargs)}.")
    clone_function = clone_function or _default_clone
    if recursive:
        inner = clone_function

        def clone_function(layer):
            if isinstance(layer, (Sequential, Functional)):
                return clone_model(layer, clone_function=inner, call_function=call_function,
                                   recursive=True)
            return inner(layer)

    if isinstance(model, Sequential):
        if call_function is not None:
            raise SavingError("clone_model: `call_function` applies to functional models; "
                              "a Sequential model calls its layers itself.")
        return _clone_sequential(model, input_tensors, clone_function)
    if isinstance(model, Functional):
        return _clone_functional(model, input_tensors, clone_function, call_function)
    if input_tensors is not None or call_function is not None or (
            clone_function is not _default_clone and not recursive):
        raise SavingError(
            f"clone_model: model '{model.name}' is a subclassed model, which is cloned from "
            "its config; `input_tensors`, `clone_function` and `call_function` only apply "
            "to Sequential and functional models."
        )
    from cornu.saving.serialization import deserialize_keras_object, serialize_keras_object

    config = serialize_keras_object(model)
    config.pop("compile_config", None)
    return deserialize_keras_object(config)


def _input_tensor(value):
    from cornu.layers.core.input_layer import InputLayer

    if isinstance(value, InputLayer):
        return value._output_tensor
    if not isinstance(value, KerasTensor):
        raise SavingError(f"clone_model: input_tensors must be `cornu.Input` tensors or "
                          f"InputLayers, got {type(value).__name__}.")
    return value


def _clone_sequential(model, input_tensors, clone_function):
    from cornu.layers.core.input_layer import Input, InputLayer
    from cornu.models.sequential import Sequential

    layers = [clone_function(layer) for layer in model.layers]
    clone = Sequential(name=model.name, trainable=model.trainable)
    first = model._stack[0] if model._stack else None
    if input_tensors is not None:
        flat = tree.flatten(input_tensors)
        if len(flat) != 1:
            raise SavingError(f"clone_model: a Sequential model takes one input, got "
                              f"{len(flat)} input tensors.")
        clone.add(_input_tensor(flat[0])._keras_history[0], rebuild=False)
    elif isinstance(first, InputLayer):
        clone.add(Input(batch_shape=first.batch_shape, dtype=first.dtype,
                        name=first.name)._keras_history[0], rebuild=False)
    for layer in layers:
        clone.add(layer, rebuild=False)
    clone._maybe_build_graph()
    if not clone.built and model.built and isinstance(model._input_tensor, KerasTensor):
        clone.build(model._input_tensor.shape)
    return clone


def _clone_functional(model, input_tensors, clone_function, call_function):
    from cornu.layers.core.input_layer import Input, InputLayer
    from cornu.models.functional import Functional

    mapping: dict = {}  # id(original tensor) -> new tensor
    new_inputs = []
    if input_tensors is not None:
        given = [_input_tensor(t) for t in tree.flatten(input_tensors)]
        if len(given) != len(model.inputs):
            raise SavingError(f"clone_model: model '{model.name}' has {len(model.inputs)} "
                              f"input(s), but {len(given)} input tensor(s) were given.")
    for i, original in enumerate(model.inputs):
        if input_tensors is not None:
            tensor = given[i]
        else:
            layer = original._keras_history[0]
            tensor = Input(batch_shape=original.shape, dtype=original.dtype,
                           name=layer.name if isinstance(layer, InputLayer) else None)
        mapping[id(original)] = tensor
        new_inputs.append(tensor)
    clones: dict = {}

    def swap(x):
        return mapping[id(x)] if isinstance(x, KerasTensor) else x

    for node in model._nodes:
        op = node.operation
        if not node.input_tensors:
            continue
        if id(op) not in clones:
            clones[id(op)] = clone_function(op)
        layer = clones[id(op)]
        args = tree.map_structure(swap, list(node.call_args))
        kwargs = tree.map_structure(swap, dict(node.call_kwargs))
        if call_function is not None:
            outputs = call_function(layer, *args, **kwargs)
        else:
            outputs = layer(*args, **kwargs)
        for old, new in zip(node.output_tensors, tree.flatten(outputs)):
            mapping[id(old)] = new
    if isinstance(model._inputs_struct, dict):
        inputs = dict(zip(model._inputs_struct, new_inputs))
    else:
        inputs = tree.pack_sequence_as(model._inputs_struct, new_inputs)
    outputs = tree.map_structure(swap, model._outputs_struct)
    return Functional(inputs, outputs, name=model.name, trainable=model.trainable)
