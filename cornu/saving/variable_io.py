"""Writing every object's variables to a store, and reading them back all-or-nothing.

A layer's own variables are stored as ``0..n-1`` (trainable ones first, in creation order,
as Keras does). A layer or optimizer with its own ``save_own_variables(store)`` /
``load_own_variables(store)`` methods takes over its entry. Loading first reads and checks
every value, and only then assigns them, so a file that does not fit the model changes no
weight.
"""

from __future__ import annotations

import warnings

import numpy as np

from cornu.saving import state_walk
from cornu.saving.errors import SavingError


def own_variables(obj) -> list:
    """The variables stored at ``obj``'s own entry (trainable first, creation order)."""
    own = getattr(obj, "_own_trainable_first", None)
    if callable(own):
        return list(own())
    return list(getattr(obj, "variables", []))


def _custom_method(obj, name: str):
    """``obj``'s own ``save_own_variables``/``load_own_variables``, unless it is ``Layer``'s
    default (which the walk runs itself, checking every layer before assigning anything)."""
    from cornu.layers.layer import Layer
    from cornu.optimizers.base_state import OptimizerState

    method = getattr(obj, name, None)
    if not callable(method):
        return None
    for base in (Layer, OptimizerState):
        if isinstance(obj, base) and getattr(type(obj), name, None) is getattr(base, name, None):
            return None
    # A class whose override defers to the default at times (a LoRA layer with LoRA off)
    # says so with `_default_variable_io`; a subclass overriding the method again does not.
    owner = next((k for k in type(obj).__mro__ if name in k.__dict__), object)
    if "_default_variable_io" in owner.__dict__ and getattr(obj, "_default_variable_io", False):
        return None
    return method


def save_own_variables(layer, store) -> None:
    """``Layer.save_own_variables``: the own variables as ``store["0"]``, ``store["1"]``..."""
    for i, variable in enumerate(own_variables(layer)):
        store[str(i)] = variable


def load_own_variables(layer, store) -> None:
    """``Layer.load_own_variables``: checks every saved value, then assigns them all."""
    for variable, value in _plan_default(layer, store, ""):
        variable.assign(value)


def save_state(model, writer, objects_to_skip=()) -> None:
    """Writes the variables of ``model`` and everything below it."""

    def on_object(obj, path):
        name = getattr(obj, "name", None)
        entry = writer.make(path, name if isinstance(name, str) else None)
        method = _custom_method(obj, "save_own_variables")
        if method is not None:
            method(entry)
            return
        save_own_variables(obj, entry)

    visited = {id(o) for o in objects_to_skip}
    state_walk.visit(model, "", on_object, visited)


def load_state(model, reader, skip_mismatch=False, objects_to_skip=()) -> None:
    """Reads the variables of ``model`` and everything below it from ``reader``.

    Raises ``SavingError`` naming every object whose saved variables do not fit (nothing
    is assigned then); with ``skip_mismatch=True`` those objects are skipped with a warning
    and the others load.
    """
    assignments: list = []
    custom: list = []
    problems: list[str] = []

    def on_object(obj, path):
        entry = reader.get(path)
        method = _custom_method(obj, "load_own_variables")
        if method is not None:
            custom.append((obj, method, entry, path))
            return
        try:
            if state_walk.obj_type(obj) == "Optimizer":
                assignments.extend(_plan_optimizer(obj, entry, path, model))
            else:
                assignments.extend(_plan_default(obj, entry, path))
        except SavingError as err:
            problems.append(str(err))

    visited = {id(o) for o in objects_to_skip}
    state_walk.visit(model, "", on_object, visited)
    if problems and not skip_mismatch:
        raise SavingError(_summary(problems))
    if problems:
        warnings.warn(_summary(problems) + " These were skipped (skip_mismatch=True).",
                      stacklevel=3)
    for variable, value in assignments:
        variable.assign(value)
    for obj, method, entry, path in custom:
        try:
            method(entry)
        except Exception as err:  # noqa: BLE001 - reported with the object's path
            message = (f"'{path or '<model>'}' ({type(obj).__name__}): its "
                       f"load_own_variables failed: {err}")
            if not skip_mismatch:
                raise SavingError(message) from err
            warnings.warn(message, stacklevel=3)


def _plan_optimizer(optimizer, entry, path, model) -> list:
    """The optimizer's share of the plan. Files hold either its full state or, when it was
    saved before its first step (unbuilt), only the variables it has before ``build``
    (``iteration``, ``learning_rate``): those load into a built optimizer and its slots
    keep their starting values. A built model's unbuilt optimizer is built to take a full
    state. Anything else is skipped with a warning, as Keras does."""
    saved = len(entry.keys())
    variables = own_variables(optimizer)
    if saved > len(variables) and not optimizer.built and getattr(
            model, "optimizer", None) is optimizer and getattr(model, "built", False):
        optimizer.build(model.trainable_variables)
        variables = own_variables(optimizer)
    if saved < len(variables) and optimizer.built and saved == _unbuilt_count(optimizer):
        variables = variables[:saved]
    if saved != len(variables):
        warnings.warn(
            f"Skipping the state of optimizer '{optimizer.name}': it has {len(variables)} "
            f"variables, the file holds {saved} for it (saved from another model or "
            "optimizer configuration). Training restarts from a fresh optimizer state.",
            stacklevel=4,
        )
        return []
    return _plan_variables(optimizer, variables, entry, path)


def _unbuilt_count(optimizer):
    """How many variables ``optimizer``'s configuration has before ``build``."""
    try:
        return len(type(optimizer).from_config(optimizer.get_config()).variables)
    except Exception:  # noqa: BLE001 - an optimizer that cannot be re-created: no match
        return None


def _plan_default(obj, entry, path) -> list:
    return _plan_variables(obj, own_variables(obj), entry, path)


def _plan_variables(obj, variables, entry, path) -> list:
    keys = [str(k) for k in entry.keys()]
    label = _label(obj, path)
    if len(keys) != len(variables):
        if not variables and not getattr(obj, "built", True):
            raise SavingError(
                f"{label} was never built, so it has no variables yet, but the file holds "
                f"{len(keys)} for it. Build the model first (call it on data, or "
                "`model.build(input_shape)`), then load the weights."
            )
        raise SavingError(
            f"{label} has {len(variables)} variable(s) "
            f"{[tuple(v.shape) for v in variables]}, but the file holds {len(keys)} for it "
            f"({_shapes(entry, keys)}). The file was saved from a different architecture."
        )
    planned = []
    for i, variable in enumerate(variables):
        key = str(i)
        if key not in keys:
            raise SavingError(f"{label}: the file has no variable '{key}' (it has {keys}).")
        expected = tuple(variable.shape)
        got = entry.shape(key) if hasattr(entry, "shape") else np.shape(entry[key])
        if tuple(got) != expected:
            raise SavingError(
                f"{label}: variable '{getattr(variable, 'path', key)}' has shape {expected}, "
                f"but the file's value has shape {tuple(got)}. Pass `skip_mismatch=True` to "
                "load the other weights anyway."
            )
        planned.append((variable, entry[key]))
    return planned


def _label(obj, path: str) -> str:
    name = getattr(obj, "name", "?")
    where = f" at '{path}'" if path else ""
    return f"{type(obj).__name__} '{name}'{where}"


def _shapes(entry, keys) -> str:
    try:
        return ", ".join(str(tuple(entry.shape(k))) for k in keys[:8]) or "nothing"
    except Exception:  # noqa: BLE001
        return f"{len(keys)} entries"


def _summary(problems: list) -> str:
    head = "Cannot load the weights: " if len(problems) == 1 else (
        f"Cannot load the weights ({len(problems)} objects do not fit): ")
    return head + " | ".join(problems)
