"""``pickle`` and ``copy.deepcopy`` of models go through the bytes of a ``.keras`` file, as in
Keras 3: the copy has the same architecture, weights, training config and optimizer state.

A pickle is code you trust (unpickling can run anything), so the ``.keras`` bytes inside one
are loaded with ``safe_mode=False``. The classes and functions of the model that are not
cornu's (custom layers, models, losses...) travel with it by reference, so an unregistered
custom class is found again as long as its module can be imported where the pickle is read.
"""

from __future__ import annotations

import io

from cornu.utils import tree

_LIBRARY_ROOTS = ("cornu", "builtins", "numpy", "torch", "jax", "keras")


def model_to_bytes(model) -> bytes:
    """The bytes of ``model`` saved as a ``.keras`` file.

    Example:
        >>> import cornu
        >>> from cornu.saving.pickling import model_from_bytes, model_to_bytes
        >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
        >>> model_from_bytes(model_to_bytes(model)).output_shape
        (None, 2)
    """
    from cornu.saving.saving_lib import save_model

    buffer = io.BytesIO()
    save_model(model, buffer)
    return buffer.getvalue()


def model_from_bytes(data: bytes, custom_objects=None, safe_mode: bool = True):
    """Rebuilds the model that ``model_to_bytes`` saved (compiled, with optimizer state)."""
    from cornu.saving.saving_lib import load_model

    return load_model(io.BytesIO(data), custom_objects=custom_objects, compile=True,
                      safe_mode=safe_mode)


def reduce_model(model) -> tuple:
    """``Model.__reduce__``: rebuild from the ``.keras`` bytes and the custom objects."""
    custom = {name: obj for name, obj in custom_objects_of(model).items() if _importable(obj)}
    return _unpickle_model, (model_to_bytes(model), custom)


def deepcopy_model(model):
    """``Model.__deepcopy__``: a save/load round trip in memory."""
    return model_from_bytes(model_to_bytes(model), custom_objects_of(model), safe_mode=False)


def _unpickle_model(data: bytes, custom_objects: dict):
    # Referenced by name from pickles: keep this function's name and module stable.
    return model_from_bytes(data, custom_objects, safe_mode=False)


def custom_objects_of(model) -> dict:
    """The classes and functions outside cornu that ``model``'s config refers to: its own
    class, its layers', its optimizer's, and the compiled losses and metrics."""
    from cornu.saving import state_walk

    found: dict = {}

    def add(obj) -> None:
        if obj is None or isinstance(obj, (str, int, float, bool, dict, list, tuple)):
            return
        target = obj if isinstance(obj, type) or callable(obj) and hasattr(
            obj, "__qualname__") else type(obj)
        module = getattr(target, "__module__", None) or ""
        if module.split(".")[0] in _LIBRARY_ROOTS:
            return
        name = getattr(target, "__name__", None)
        if isinstance(name, str):
            found.setdefault(name, target)

    state_walk.visit(model, "", lambda obj, path: add(obj), set())
    for holder, attr in (("_compile_loss", "_config"), ("_compile_metrics", "_metrics_config"),
                         ("_compile_metrics", "_weighted_config")):
        config = getattr(getattr(model, holder, None), attr, None)
        for item in tree.flatten(config) if config is not None else ():
            add(item)
    return found


def _importable(obj) -> bool:
    """Whether pickle can store ``obj`` by reference (not a local class or a lambda)."""
    qualname = getattr(obj, "__qualname__", "")
    return "<locals>" not in qualname and "<lambda>" not in qualname
