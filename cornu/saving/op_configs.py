"""``cornu.ops`` calls inside functional models, in Keras 3's config form.

Keras records ``keras.ops.mean(x, axis=1)`` on symbolic tensors as an operation entry
``{"module": "keras.src.ops.numpy", "class_name": "Mean", "config": {"name": "mean",
"axis": 1, ...}}`` whose node holds only the call's positional arguments. cornu records the
same call as an ``OpLayer``; this module converts between the two, resolving the op only
among cornu's public ops.
"""

from __future__ import annotations

import functools
import re

from cornu.backend.common.keras_tensor import KerasTensor
from cornu.saving.errors import SavingError
from cornu.utils import tree

_OPS_MODULE_PREFIXES = ("keras.src.ops", "keras.ops", "cornu.ops")
_RENAMED = {"get_item": "getitem"}


def is_op_config(layer_data: dict) -> bool:
    module = layer_data.get("module")
    return isinstance(module, str) and module.startswith(_OPS_MODULE_PREFIXES)


def _camel(op_name: str) -> str:
    if op_name == "getitem":
        return "GetItem"
    return "".join(part[:1].upper() + part[1:] for part in op_name.split("_"))


def _snake(class_name: str) -> str:
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", class_name)
    return re.sub("([a-z0-9])([A-Z])", r"\1_\2", name).lower()


def _keras_module(op_name: str) -> str:
    from cornu import ops

    if op_name in getattr(ops, "_NN_OPS", ()):
        return "keras.src.ops.nn"
    return "keras.src.ops.numpy"


# Parameters that are operands (call arguments in Keras) even when given a plain number.
_OPERANDS = frozenset({"x", "x1", "x2", "x3", "y", "a", "b", "inputs", "xs", "tensors",
                       "condition", "arrays", "key"})


def op_layer_config(op, node) -> tuple[dict, list, dict]:
    """``(layer config, node args, node kwargs)`` for an ``OpLayer`` call: arguments that are
    not operands move into the config, as Keras keeps them on the operation."""
    args, static = _split_static(op.op_name, list(node.call_args))
    static.update({k: v for k, v in node.call_kwargs.items() if not _has_tensor(v)})
    static.update(getattr(op, "_op_config_kwargs", {}))
    tensor_kwargs = {k: v for k, v in node.call_kwargs.items() if k not in static}
    class_name = _camel(op.op_name)
    config = {"module": _keras_module(op.op_name), "class_name": class_name,
              "config": {"name": op.name, **static}, "registered_name": class_name}
    return config, args, tensor_kwargs


def _split_static(op_name: str, args: list) -> tuple[list, dict]:
    import inspect

    from cornu import ops

    try:
        params = list(inspect.signature(getattr(ops, op_name)).parameters.values())
    except (AttributeError, TypeError, ValueError):
        return args, {}
    for i, value in enumerate(args):
        if i >= len(params) or params[i].kind not in (params[i].POSITIONAL_ONLY,
                                                      params[i].POSITIONAL_OR_KEYWORD):
            return args, {}
        if not _has_tensor(value) and params[i].name not in _OPERANDS:
            return args[:i], {p.name: v for p, v in zip(params[i:], args[i:])}
    return args, {}


def _has_tensor(value) -> bool:
    return any(isinstance(x, KerasTensor) for x in tree.flatten(value))


def op_layer_from_config(layer_data: dict):
    """An ``OpLayer`` for a Keras (or cornu) operation entry of a functional config."""
    from cornu import ops
    from cornu.layers.core.op_layer import OpLayer

    class_name = layer_data.get("class_name")
    config = layer_data.get("config") or {}
    if not isinstance(class_name, str) or not isinstance(config, dict):
        raise SavingError(f"Invalid operation entry {str(layer_data)[:200]} in a model config.")
    op_name = _snake(class_name)
    op_name = _RENAMED.get(op_name, op_name)
    fn = getattr(ops, op_name, None) if not op_name.startswith("_") else None
    if fn is None or not callable(fn) or getattr(fn, "__module__", "") != "cornu.ops":
        raise SavingError(
            f"The model config uses the operation {class_name!r} ({layer_data.get('module')}), "
            "which cornu.ops does not provide."
        )
    from cornu.saving.serialization import deserialize_keras_object

    kwargs = deserialize_keras_object({k: v for k, v in config.items() if k != "name"})
    engine_fn = functools.partial(fn, **kwargs) if kwargs else fn
    if op_name == "getitem":
        engine_fn = functools.partial(_getitem, fn)
    layer = OpLayer(op_name, engine_fn, name=config.get("name") or None)
    layer._op_config_kwargs = kwargs
    return layer


def _getitem(fn, x, key):
    # JSON turns the index tuple ``x[:, :2]`` into a list; NumPy-style indexing needs a tuple.
    return fn(x, tuple(key) if isinstance(key, list) else key)
