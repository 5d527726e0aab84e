"""``TorchModuleWrapper``: any engine module used as a cornu layer, its parameters trained."""

from __future__ import annotations

from cornu import backend
from cornu.layers.layer import Layer


class TorchModuleWrapper(Layer):
    """Wraps a ``torch.nn.Module`` so it can sit inside a cornu model.

    The module's parameters become cornu Variables (they stay the module's parameters too),
    so ``fit`` trains them and ``get_weights``/``set_weights`` see them.

    Args:
        module: the torch module.
        name: the layer name.

    Example:
        >>> import torch, cornu
        >>> layer = TorchModuleWrapper(torch.nn.Linear(4, 2))
        >>> [tuple(w.shape) for w in layer.weights]
        [(2, 4), (2,)]
    """

    def __init__(self, module, name=None, output_shape=None, **kwargs):
        super().__init__(name=name, **kwargs)
        self.module = module
        self._output_shape = output_shape
        for sub in module.modules():
            for key, param in list(sub._parameters.items()):
                if param is None or isinstance(param, backend.Variable):
                    continue
                variable = backend.Variable(
                    param.detach(), trainable=param.requires_grad, name=key,
                    path=f"{self.name}/{key}",
                )
                sub._parameters[key] = variable
                self._own_variables.append(variable)
        self.built = True

    def __setattr__(self, name, value):
        if name == "module":
            self._modules["module"] = value
            object.__setattr__(self, name, value)
            return
        super().__setattr__(name, value)

    def call(self, *args, **kwargs):
        kwargs.pop("training", None)
        return self.module(*args, **kwargs)

    def compute_output_shape(self, input_shape):
        if self._output_shape is not None:
            return (input_shape[0], *self._output_shape)
        spec = backend.compute_output_spec(self.module, backend.KerasTensor(input_shape))
        return spec.shape

    def get_config(self) -> dict:
        return {"name": self.name, "trainable": self.trainable}


def wrap_engine_module(obj):
    """A ``TorchModuleWrapper`` around ``obj`` if it is an engine module, else None."""
    if backend.is_engine_module(obj):
        return TorchModuleWrapper(obj)
    return None
