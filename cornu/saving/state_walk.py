"""Which object's variables go where in a weights file: Keras 3's walk over a model.

An object's own variables live at ``<path>/vars``. Its children are found like Keras finds
them: a ``Sequential``/``Functional`` model first lists ``layers``; then the attributes of
the object, public ones in sorted order before private ones, that hold a layer or an
optimizer (path ``<path>/<attribute>``) or a list/dict of them (path
``<path>/<attribute>/<snake_case class>[_<n>]``). Attributes every layer (or model, or
optimizer) has are skipped. An object reached twice is saved once, at its first path.
"""

from __future__ import annotations

import functools
import re

_CONTAINERS = (list, tuple, dict)
_FUNCTIONAL_INTERNALS = {"operations", "_operations", "_nodes", "_graph_layers", "_inputs",
                         "_outputs", "_inputs_struct", "_outputs_struct", "_input_names"}
_SEQUENTIAL_INTERNALS = {"_stack", "_input_tensor", "_output_tensor", "_functional"}


def snake_case(name: str) -> str:
    """Keras's snake_case of a class name (``Conv2D`` -> ``conv2d``)."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def keras_class_name(cls) -> str:
    """The class name Keras gives ``cls`` (``_keras_class_name`` where cornu's differs)."""
    return cls.__dict__.get("_keras_class_name") or cls.__name__


def obj_type(obj) -> str | None:
    """"Functional", "Sequential", "Layer", "Optimizer", or None (nothing to save)."""
    from cornu.layers.layer import Layer
    from cornu.models.functional import Functional
    from cornu.models.sequential import Sequential
    from cornu.optimizers.base_optimizer import BaseOptimizer

    if isinstance(obj, Functional):
        return "Functional"
    if isinstance(obj, Sequential):
        return "Sequential"
    if isinstance(obj, Layer):
        return "Layer"
    if isinstance(obj, BaseOptimizer):
        return "Optimizer"
    return None


@functools.cache
def _skipset(kind: str) -> frozenset:
    from cornu.layers.layer import Layer
    from cornu.models.model import Model

    if kind == "Optimizer":
        from cornu.optimizers import SGD

        names = set(dir(SGD(learning_rate=1.0, name="cornu_saving_probe")))
        names.discard("variables")
        return frozenset(names)
    names = set(dir(Layer(name="cornu_saving_probe")))
    model_names = set(dir(Model(name="cornu_saving_probe"))) - {"optimizer"}
    names |= model_names
    if kind == "Functional":
        names |= _FUNCTIONAL_INTERNALS
    elif kind == "Sequential":
        names |= _SEQUENTIAL_INTERNALS
    return frozenset(names)


def _name_key(name: str) -> str:
    return f"~{name}" if name.startswith("_") else name


def walk_children(obj):
    """Yields ``(name, value)`` pairs of ``obj`` in Keras's order.

    A class whose sub-layers live under other attribute names than in Keras declares
    ``_keras_saving_names = {"cornu_attribute": "keras_attribute"}``; the Keras names are
    then used for the paths and their order.
    """
    kind = obj_type(obj)
    skip = _skipset(kind)
    if kind in ("Sequential", "Functional"):
        yield "layers", obj.layers
    renames = getattr(type(obj), "_keras_saving_names", None) or {}
    names = [(renames.get(attr, attr), attr) for attr in dir(obj)
             if not attr.startswith("__") and attr not in skip]
    for saved, attr in sorted(names, key=lambda pair: _name_key(pair[0])):
        try:
            value = getattr(obj, attr)
        except Exception:  # noqa: BLE001 - properties that need state the object lacks
            continue
        if obj_type(value) is not None or isinstance(value, _CONTAINERS):
            yield saved, value


def join(path: str, name: str) -> str:
    return f"{path}/{name}" if path else name


def visit(obj, path: str, on_object, visited: set) -> None:
    """Calls ``on_object(obj, path)`` for ``obj`` and every saveable object below it."""
    if id(obj) in visited:
        return
    on_object(obj, path)
    visited.add(id(obj))
    for attr, child in walk_children(obj):
        if obj_type(child) is not None:
            visit(child, join(path, attr), on_object, visited)
        else:
            _visit_container(child, join(path, attr), on_object, visited, set())


def _visit_container(container, path, on_object, visited, seen_containers) -> None:
    if id(container) in seen_containers:
        return
    seen_containers.add(id(container))
    items = list(container.values()) if isinstance(container, dict) else list(container)
    used: dict[str, int] = {}
    for item in items:
        if obj_type(item) is not None:
            name = _unique(snake_case(keras_class_name(type(item))), used)
            visit(item, join(path, name), on_object, visited)
        elif isinstance(item, _CONTAINERS):
            name = _unique("container", used)
            _visit_container(item, join(path, name), on_object, visited, seen_containers)


def _unique(name: str, used: dict) -> str:
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name
