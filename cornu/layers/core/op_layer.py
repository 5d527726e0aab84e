"""A layer that replays one ``cornu.ops`` call, so ops on symbolic tensors join the graph."""

from __future__ import annotations

from cornu import backend
from cornu.backend.common.keras_tensor import KerasTensor
from cornu.layers.layer import Layer
from cornu.utils import tree


class OpLayer(Layer):
    """Wraps ``fn`` (an engine op) called with fixed non-tensor arguments."""

    def __init__(self, op_name: str, fn, **kwargs):
        super().__init__(name=kwargs.pop("name", None) or _unique(op_name), **kwargs)
        self.op_name = op_name
        self.fn = fn
        self.built = True

    def call(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def compute_output_spec(self, *args, **kwargs):
        return backend.compute_output_spec(self.fn, *args, **kwargs)

    def get_config(self) -> dict:
        return {"name": self.name, "op_name": self.op_name}

    @classmethod
    def from_config(cls, config):
        from cornu import ops

        return cls(config["op_name"], getattr(ops, config["op_name"]), name=config["name"])


def _unique(op_name):
    from cornu.backend.common.naming import uniquify

    return uniquify(op_name)


def has_symbolic(structure) -> bool:
    return any(isinstance(x, KerasTensor) for x in tree.flatten(structure))
