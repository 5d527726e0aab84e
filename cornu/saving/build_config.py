"""``build_config``: the input shapes a layer was built for, so loading can create its
variables before reading their values (Keras writes ``{"input_shape": [...]}``)."""

from __future__ import annotations

from cornu.utils import tree


def layer_build_config(layer) -> dict | None:
    """``{"input_shape": ...}`` for a built layer that was called on symbolic inputs.

    Layers without a recorded shape return None (they are built by the graph on load).
    """
    if not getattr(layer, "built", False):
        return None
    recorded = getattr(layer, "_build_shapes_dict", None)
    if recorded:
        return _shape_config(recorded)
    from cornu.backend.common.keras_tensor import KerasTensor

    for node in getattr(layer, "_inbound_nodes", ()):
        if not node.input_tensors or len(node.call_args) != 1 or node.call_kwargs:
            continue
        arg = node.call_args[0]
        if all(isinstance(x, KerasTensor) for x in tree.flatten(arg)):
            return {"input_shape": tree.map_structure(lambda t: list(t.shape), arg)}
    return None


def _shape_config(shapes: dict) -> dict:
    if len(shapes) == 1:
        return {"input_shape": next(iter(shapes.values()))}
    return {"shapes_dict": dict(shapes)}


def as_shape(value):
    """JSON lists of ints/None -> tuples (nested structures of shapes keep their lists)."""
    if isinstance(value, (list, tuple)):
        if all(v is None or isinstance(v, int) for v in value):
            return tuple(value)
        return [as_shape(v) for v in value]
    if isinstance(value, dict):
        return {k: as_shape(v) for k, v in value.items()}
    return value


def build_from_config(obj, config) -> None:
    """Builds ``obj`` from a ``build_config`` (its own ``build_from_config`` if it has one).

    A plain layer that cannot be built from the recorded shape is left unbuilt: the model
    graph builds it on its first call, as for a freshly constructed layer.
    """
    method = getattr(obj, "build_from_config", None)
    if callable(method):
        method(config)
        return
    if not isinstance(config, dict):
        return
    try:
        if "input_shape" in config:
            obj.build(as_shape(config["input_shape"]))
        elif isinstance(config.get("shapes_dict"), dict):
            obj.build(**{k: as_shape(v) for k, v in config["shapes_dict"].items()})
        else:
            return
    except Exception:  # noqa: BLE001 - the graph builds it later, as for a new layer
        return
    obj.built = True
