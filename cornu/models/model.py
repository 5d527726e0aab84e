"""``Model``: a layer with training (compile/fit/evaluate/predict) and saving."""

from __future__ import annotations

from cornu import ops
from cornu.layers.layer import Layer
from cornu.legacy.model_methods import LegacyModelMixin
from cornu.saving.model_methods import ModelSavingMixin
from cornu.trainers.trainer import Trainer

_IO_KEYS = frozenset(("inputs", "outputs", "input", "output"))  # input/output: Keras 1
_FUNCTIONAL_VARIANTS: dict = {}


def _functional_arguments(args, kwargs) -> bool:
    """Whether ``Model.__init__`` got ``(inputs, outputs)`` made of symbolic tensors."""
    from cornu.backend.common.keras_tensor import KerasTensor
    from cornu.utils import tree

    inputs = args[0] if args else kwargs.get("inputs", kwargs.get("input"))
    outputs = args[1] if len(args) > 1 else kwargs.get("outputs", kwargs.get("output"))
    if inputs is None or outputs is None:
        return False
    flat = list(inputs.values()) if isinstance(inputs, dict) else tree.flatten(inputs)
    return bool(flat) and all(isinstance(t, KerasTensor) for t in flat)


def _accepts_graph_arguments(cls) -> bool:
    import inspect

    try:
        params = inspect.signature(cls.__init__).parameters
    except (TypeError, ValueError):
        return False
    kinds = {p.kind for p in params.values()}
    takes_anything = inspect.Parameter.VAR_POSITIONAL in kinds and (
        inspect.Parameter.VAR_KEYWORD in kinds)
    return ("inputs" in params and "outputs" in params) or takes_anything


def _functional_variant(cls):
    """``cls`` (a Model subclass) with ``Functional`` mixed in after it, same name."""
    variant = _FUNCTIONAL_VARIANTS.get(cls)
    if variant is None:
        from cornu.models.functional import Functional

        variant = type(cls.__name__, (cls, Functional), {
            "__module__": cls.__module__, "__qualname__": cls.__qualname__,
            "_functional_base": cls})
        _FUNCTIONAL_VARIANTS[cls] = variant
    return variant


class Model(ModelSavingMixin, LegacyModelMixin, Trainer, Layer):
    """Groups layers into an object with training and inference features.

    Two ways to make one:

    - functional: ``Model(inputs, outputs)`` from ``cornu.Input`` tensors;
    - subclassing: define layers in ``__init__`` and the forward pass in ``call``.

    Example:
        >>> import cornu
        >>> inputs = cornu.Input(shape=(3,))
        >>> outputs = cornu.layers.Dense(2)(inputs)
        >>> model = cornu.Model(inputs, outputs)
        >>> model.output_shape
        (None, 2)
    """

    def __new__(cls, *args, **kwargs):
        if cls is Model and (len(args) >= 2 or not _IO_KEYS.isdisjoint(kwargs)):
            from cornu.models.functional import Functional

            return Functional.__new__(Functional, *args, **kwargs)
        return super().__new__(cls, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        if type(self) is Model and (len(args) >= 2 or "inputs" in kwargs):
            raise RuntimeError("unreachable: functional Model construction goes to Functional")
        if _functional_arguments(args, kwargs):
            from cornu.models.functional import Functional

            if not isinstance(self, Functional):
                # `class CustomModel(Model)` built as `CustomModel(inputs, outputs)` (the
                # Keras guides' custom train_step pattern): a functional model that keeps
                # the subclass's methods.
                object.__setattr__(self, "__class__", _functional_variant(type(self)))
                Functional.__init__(self, *args, **kwargs)
                return
        trainable = kwargs.pop("trainable", True)
        name = kwargs.pop("name", None)
        dtype = kwargs.pop("dtype", None)
        Layer.__init__(self, trainable=trainable, name=name, dtype=dtype, **kwargs)
        Trainer.__init__(self)

    def __setattr__(self, name, value):
        # Lets subclass __init__ assign layers before calling super().__init__().
        if "_sublayers" not in self.__dict__ and not name.startswith("_"):
            self.__dict__.setdefault("_sublayers", [])
            self.__dict__.setdefault("_own_variables", [])
        super().__setattr__(name, value)

    def get_layer(self, name=None, index=None):
        """Returns a layer by name or by index in ``model.layers``."""
        layers = self.layers
        if index is not None:
            if name is not None:
                raise ValueError("get_layer: pass either `name` or `index`, not both.")
            if not -len(layers) <= index < len(layers):
                raise ValueError(
                    f"get_layer: index {index} is out of range; the model has {len(layers)} "
                    "layers."
                )
            return layers[index]
        if name is None:
            raise ValueError("get_layer: pass a layer `name` or an `index`.")
        for layer in layers:
            if layer.name == name:
                return layer
        raise ValueError(
            f"No layer named '{name}' in model '{self.name}'. Layers: "
            f"{[layer.name for layer in layers]}."
        )

    def summary(self, line_length=None, positions=None, print_fn=None, expand_nested=False,
                show_trainable=False, layer_range=None):
        """Prints a table of the layers, their output shapes and parameter counts."""
        from cornu.utils.summary_utils import print_summary

        print_summary(self, line_length=line_length, positions=positions, print_fn=print_fn,
                      expand_nested=expand_nested, show_trainable=show_trainable,
                      layer_range=layer_range)

    def build(self, input_shape=None) -> None:
        if self.built:
            return
        if input_shape is not None:  # saved as the model's build_config
            self._build_shapes_dict = {"input_shape": input_shape}
        if input_shape is not None and type(self).call is not Model.call:
            from cornu.backend.common.keras_tensor import KerasTensor
            from cornu.utils import tree

            def as_tensor(shape):
                return KerasTensor(shape)

            if isinstance(input_shape, (list, tuple)) and input_shape and isinstance(
                    input_shape[0], (list, tuple)):
                specs = [as_tensor(s) for s in input_shape]
            else:
                specs = as_tensor(tuple(input_shape))
            _ = tree
            self.compute_output_spec(specs)
        self.built = True

    def call(self, *args, **kwargs):
        raise NotImplementedError(
            f"Model {type(self).__name__} has no call(): subclasses of Model must define "
            "call(), or build the model functionally with Model(inputs, outputs)."
        )

    @classmethod
    def from_config(cls, config, custom_objects=None):
        if "layers" in config and "input_layers" in config:
            from cornu.models.functional import Functional
            from cornu.models.functional_config import functional_from_config

            # A subclass built as `CustomModel(inputs, outputs)` comes back as itself when
            # its constructor still takes (inputs, outputs); otherwise as a Functional.
            takes_graph = cls is not Model and _accepts_graph_arguments(cls)
            return functional_from_config(cls if takes_graph else Functional, config,
                                          custom_objects)
        return cls(**config)


def adjust_input_rank(x, expected_shape):
    """Adds or drops a trailing axis of size 1 when ``x`` is off by one from the input rank.

    Keras accepts ``(batch,)`` data for an ``Input(shape=(1,))`` and the reverse.
    """
    ndim = getattr(x, "ndim", None)
    if ndim is None or ndim == len(expected_shape):
        return x

    if ndim == len(expected_shape) - 1 and expected_shape[-1] == 1:
        return ops.expand_dims(x, -1)
    if ndim == len(expected_shape) + 1 and x.shape[-1] == 1:
        return ops.squeeze(x, -1)
    return x
