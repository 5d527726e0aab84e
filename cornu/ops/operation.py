"""How a public op runs: straight to the engine on values, as a graph node on KerasTensors."""

from __future__ import annotations

import functools

from cornu.backend.common.keras_tensor import KerasTensor


def _has_symbolic(args, kwargs) -> bool:
    for a in args:
        if isinstance(a, KerasTensor):
            return True
        if isinstance(a, (list, tuple)):
            for b in a:
                if isinstance(b, KerasTensor):
                    return True
    for a in kwargs.values():
        if isinstance(a, KerasTensor):
            return True
    return False


def symbolic_call(name, fn, args, kwargs):
    """Records ``fn(*args, **kwargs)`` as a node of the functional graph."""
    from cornu.layers.core.op_layer import OpLayer

    return OpLayer(name, fn)(*args, **kwargs)


def make_op(name: str, fn):
    """Wraps the engine function ``fn`` as the public op ``name``."""

    @functools.wraps(fn)
    def op(*args, **kwargs):
        if _has_symbolic(args, kwargs):
            return symbolic_call(name, fn, args, kwargs)
        return fn(*args, **kwargs)

    op.__name__ = name
    op.__qualname__ = name
    op.__module__ = "cornu.ops"
    return op
