"""Makes every cornu Layer a ``torch.nn.Module`` without slowing attribute access."""

from __future__ import annotations

import torch

from cornu.backend.torch.core import Variable


class LayerMixin(torch.nn.Module):
    """Registers variables as parameters and sub-layers as sub-modules.

    Variables and sub-layers also stay in the instance ``__dict__``, so ``self.kernel`` is a
    plain attribute read on the hot path, not ``Module.__getattr__``.
    """

    def __new__(cls, *args, **kwargs):
        obj = super().__new__(cls)
        torch.nn.Module.__init__(obj)
        return obj

    def _engine_init(self) -> None:
        """Called by ``Layer.__init__``; the module state already exists (see __new__)."""

    def __setattr__(self, name, value):
        if isinstance(value, torch.nn.Module) and not name.startswith("_"):
            value = self._on_set_sublayer(name, value)
            self._modules[name] = value
        elif isinstance(value, Variable) and not name.startswith("_"):
            self._on_set_variable(name, value)
        object.__setattr__(self, name, value)

    def __delattr__(self, name):
        self._modules.pop(name, None)
        object.__delattr__(self, name)

    def _register_variable(self, variable, key: str) -> None:
        key = key.replace(".", "_").replace("/", "_")
        base, i = key, 1
        while key in self._parameters and self._parameters[key] is not variable:
            key = f"{base}_{i}"
            i += 1
        self._parameters[key] = variable

    def _register_sublayer(self, layer, key: str) -> None:
        self._modules[key] = layer

    def _unregister_sublayer(self, layer) -> None:
        for key, value in list(self._modules.items()):
            if value is layer:
                del self._modules[key]

    def forward(self, *args, **kwargs):
        return self.__call__(*args, **kwargs)

    # torch's Module.__call__ is replaced by Layer.__call__; keep hash/eq by identity.
    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other


def is_engine_module(value) -> bool:
    return isinstance(value, torch.nn.Module)


def engine_module_parameters(module):
    return list(module.parameters())
