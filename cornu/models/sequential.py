"""``Sequential``: a plain stack of layers, each feeding the next."""

from __future__ import annotations

from cornu.backend.common.keras_tensor import KerasTensor
from cornu.layers.core.input_layer import Input, InputLayer
from cornu.layers.layer import Layer
from cornu.models.model import Model, adjust_input_rank


class Sequential(Model):
    """A model that applies its layers one after another.

    Give the input shape with an ``Input``/``InputLayer`` first, or with ``input_shape=``
    (Keras 1/2: ``input_dim=``, ``batch_input_shape=``) on the first layer; otherwise the
    model is built on its first call or ``fit``.

    Args:
        layers: a list of layers (more can be added with ``add``).
        name: the model name.

    Example:
        >>> import cornu
        >>> model = cornu.Sequential([cornu.layers.Dense(4, input_shape=(3,)),
        ...                           cornu.layers.Dense(1)])
        >>> model.output_shape
        (None, 1)
    """

    def __init__(self, layers=None, trainable=True, name=None, **kwargs):
        super().__init__(trainable=trainable, name=name, **kwargs)
        self._stack: list = []
        self._input_tensor = None
        self._output_tensor = None
        self.built = False
        for layer in layers or []:
            self.add(layer, rebuild=False)
        self._maybe_build_graph()

    def add(self, layer, rebuild=True) -> None:
        """Appends a layer (or an ``Input`` tensor) to the stack."""
        if isinstance(layer, KerasTensor):
            layer = layer._keras_history[0]
        if not isinstance(layer, Layer):
            from cornu.layers.core.torch_module_wrapper import wrap_engine_module

            wrapped = wrap_engine_module(layer)
            if wrapped is None:
                raise ValueError(
                    f"Sequential.add: expected a cornu layer, got {type(layer).__name__}: "
                    f"{layer!r}."
                )
            layer = wrapped
        if isinstance(layer, InputLayer):
            if self._stack and not isinstance(self._stack[0], InputLayer):
                raise ValueError(
                    "Sequential: an InputLayer can only be the first layer of the model."
                )
            if self._stack:
                raise ValueError("Sequential: the model already has an input layer.")
        if any(existing.name == layer.name for existing in self._stack):
            raise ValueError(
                f"Sequential: all layers must have unique names; '{layer.name}' is already in "
                f"model '{self.name}'."
            )
        self._stack.append(layer)
        if not isinstance(layer, InputLayer):
            self._track_sublayer(layer)
            self._register_sublayer(layer, layer.name)
        if rebuild:
            self._maybe_build_graph()

    def pop(self, rebuild=True):
        """Removes and returns the last layer."""
        layers = self.layers
        if not layers:
            raise ValueError("Sequential.pop: the model has no layers to remove.")
        layer = layers[-1]
        self._stack.remove(layer)
        self._sublayers = [s for s in self._sublayers if s is not layer]
        self._unregister_sublayer(layer)
        self.built = False
        self._input_tensor = self._output_tensor = None
        if rebuild:
            self._maybe_build_graph()
        return layer

    @property
    def layers(self) -> list:
        return [layer for layer in self._stack if not isinstance(layer, InputLayer)]

    def _batch_input_shape_of_stack(self):
        if not self._stack:
            return None
        first = self._stack[0]
        if isinstance(first, InputLayer):
            return first.batch_shape
        return first._batch_input_shape

    def _maybe_build_graph(self) -> None:
        shape = self._batch_input_shape_of_stack()
        if shape is not None:
            self._build_graph(shape)

    def _build_graph(self, batch_shape, dtype=None) -> None:
        first = self._stack[0] if self._stack else None
        if isinstance(first, InputLayer):
            x = first._output_tensor
        elif isinstance(batch_shape, list):  # Keras 1: a first Merge layer takes several inputs
            x = [Input(batch_shape=tuple(s), dtype=dtype) for s in batch_shape]
        else:
            x = Input(batch_shape=tuple(batch_shape), dtype=dtype)
        self._input_tensor = x
        for layer in self.layers:
            try:
                x = layer(x)
            except (ValueError, TypeError) as err:
                raise type(err)(
                    f"Sequential model '{self.name}': layer '{layer.name}' cannot take the "
                    f"output of the previous layer: {err}"
                ) from err
        self._output_tensor = x
        self.built = True

    def build(self, input_shape=None) -> None:
        if input_shape is None:
            input_shape = self._batch_input_shape_of_stack()
        if input_shape is None:
            raise ValueError(
                f"Sequential model '{self.name}' cannot be built without an input shape. "
                "Pass `input_shape=` to the first layer, start with `cornu.Input(shape=...)`, "
                "or call the model on data."
            )
        self._build_graph(tuple(input_shape))

    def call(self, inputs, training=None, mask=None):
        x = inputs
        if isinstance(self._input_tensor, KerasTensor):
            x = adjust_input_rank(x, self._input_tensor.shape)
        for layer in self._layers_for_call():
            x = layer(x)
        return x

    def _layers_for_call(self):
        return self.layers

    def __call__(self, *args, **kwargs):
        if not self.built and args and hasattr(args[0], "shape"):
            if not isinstance(args[0], KerasTensor):
                self._build_graph((None, *tuple(args[0].shape)[1:]),
                                  dtype=_dtype_name(args[0]))
        return super().__call__(*args, **kwargs)

    def compute_output_spec(self, inputs, training=None, mask=None):
        x = inputs
        for layer in self.layers:
            x = layer.compute_output_spec(x)
        return x

    def compute_output_shape(self, input_shape):
        from cornu.backend.common.keras_tensor import KerasTensor as KT

        return self.compute_output_spec(KT(input_shape)).shape

    @property
    def inputs(self):
        if isinstance(self._input_tensor, list):
            return list(self._input_tensor)
        return [self._input_tensor] if self._input_tensor is not None else []

    @property
    def outputs(self):
        return [self._output_tensor] if self._output_tensor is not None else []

    @property
    def input(self):
        if self._input_tensor is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined input yet.")
        return self._input_tensor

    @property
    def output(self):
        if self._output_tensor is None:
            raise AttributeError(f"Sequential model '{self.name}' has no defined output yet.")
        return self._output_tensor

    @property
    def input_shape(self):
        if isinstance(self.input, list):
            return [x.shape for x in self.input]
        return self.input.shape

    @property
    def output_shape(self):
        return self.output.shape

    def get_config(self) -> dict:
        from cornu.saving.serialization import serialize_keras_object

        layers = []
        if isinstance(self._stack[0] if self._stack else None, InputLayer) or (
                self._input_tensor is not None):
            layers.append(serialize_keras_object(self._input_tensor._keras_history[0]))
        layers.extend(serialize_keras_object(layer) for layer in self.layers)
        from cornu import dtype_policies

        return {"name": self.name, "trainable": self.trainable,
                "dtype": dtype_policies.serialize(self.dtype_policy), "layers": layers}

    @classmethod
    def from_config(cls, config, custom_objects=None):
        from cornu.layers import deserialize as deserialize_layer

        model = cls(name=config.get("name"), trainable=config.get("trainable", True))
        for layer_config in config["layers"]:
            layer = deserialize_layer(layer_config, custom_objects=custom_objects)
            model.add(layer, rebuild=False)
        model._maybe_build_graph()
        return model


def _dtype_name(x):
    from cornu import backend

    return backend.standardize_dtype(x.dtype)
