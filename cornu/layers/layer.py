"""``Layer``: the base of every cornu layer and model.

A layer owns variables (made by ``add_weight`` in ``build``), computes in ``call`` with
``cornu.ops``, and is built lazily on its first call from the input shape. On the torch
backend it is also a ``torch.nn.Module``.
"""

from __future__ import annotations

import inspect
import warnings
import weakref

import numpy as np

from cornu import backend, dtype_policies
from cornu.backend.common.dtypes import FLOAT_TYPES
from cornu.backend.common.keras_tensor import KerasTensor
from cornu.backend.common.naming import to_snake_case, uniquify
from cornu.layers import autocast as _autocast
from cornu.layers import call_context
from cornu.layers.input_spec import assert_input_compatibility
from cornu.layers.node import Node
from cornu.legacy.layer_methods import LegacyLayerMixin
from cornu.utils import tree

_TENSOR_CLASS = backend.Tensor
_is_compiling = backend.is_compiling
_LOSS_HOLDERS = weakref.WeakSet()  # layers whose `add_loss` values are not collected yet
_CAST_ALL = object()
_TRAINABLE_VERSION = [0]


def trainable_version() -> int:
    """Changes whenever any layer's ``trainable`` flag is set (invalidates step caches)."""
    return _TRAINABLE_VERSION[0]


_LEGACY_KWARGS = ("input_shape", "batch_input_shape", "batch_size", "input_dim",
                  "input_length", "weights")


class Layer(LegacyLayerMixin, backend.layer_base()):
    """Base class of layers. Subclass it and override ``build`` and ``call``.

    Args:
        trainable: whether the layer's variables are updated by training.
        name: a unique name; by default the snake_case class name ("dense", "dense_1").
        dtype: the layer's dtype policy: a ``DTypePolicy`` or its name ("float32",
            "mixed_float16", "mixed_bfloat16", ...); default: the global policy
            (``cornu.mixed_precision.global_policy()``).
        autocast: under a mixed policy, cast float inputs and (inside ``call``) the float
            variables created with ``autocast=True`` to the compute dtype.
        activity_regularizer: a regularizer applied to the layer's output.

    Example:
        >>> import cornu
        >>> class Scale(cornu.layers.Layer):
        ...     def build(self, input_shape):
        ...         self.w = self.add_weight(shape=(input_shape[-1],), initializer="ones")
        ...     def call(self, x):
        ...         return x * self.w
        >>> Scale()(cornu.ops.ones((2, 3))).shape
        torch.Size([2, 3])
    """

    def __new__(cls, *args, **kwargs):
        obj = super().__new__(cls, *args, **kwargs)
        object.__setattr__(obj, "_init_args", (args, dict(kwargs)))
        return obj

    def __init__(self, *, activity_regularizer=None, trainable=True, dtype=None,
                 autocast=True, name=None, **kwargs):
        self._engine_init()
        legacy = {k: kwargs.pop(k) for k in _LEGACY_KWARGS if k in kwargs}
        if kwargs:
            raise TypeError(
                f"{type(self).__name__}: unexpected keyword argument(s) "
                f"{sorted(kwargs)}. Check the spelling against the layer's documentation."
            )
        if name is None:
            name = uniquify(to_snake_case(type(self).__name__))
        elif not isinstance(name, str) or "/" in name:
            raise ValueError(f"Layer name must be a string without '/', got {name!r}.")
        self.name = name
        self._trainable = bool(trainable)
        self._dtype_policy = dtype_policies.get(dtype)
        self._convert_input_args = True
        self.autocast = autocast
        if "_compute_dtype" not in self.__dict__:  # a subclass shadowed the property
            self._refresh_dtype_cache()
        self.built = False
        self._own_variables: list = []
        self._sublayers: list = []
        self._call_losses: list = []
        self._inbound_nodes: list = []
        self._outbound_nodes: list = []
        self._initial_weights = legacy.pop("weights", None)
        self._batch_input_shape = _legacy_input_shape(legacy)
        if not hasattr(self, "supports_masking"):
            self.supports_masking = False
        if not hasattr(self, "input_spec"):
            self.input_spec = None
        from cornu import regularizers

        self.activity_regularizer = regularizers.get(activity_regularizer)
        self._inspect_call_signature()

    # --- attribute tracking ------------------------------------------------------------
    def __setattr__(self, name, value):
        if isinstance(value, (list, tuple)) and not name.startswith("_"):
            for i, item in enumerate(value):
                if isinstance(item, Layer):
                    self._track_sublayer(item)
                    self._register_sublayer(item, f"{name}.{i}")
        elif isinstance(value, dict) and not name.startswith("_"):
            for key, item in value.items():
                if isinstance(item, Layer):
                    self._track_sublayer(item)
                    self._register_sublayer(item, f"{name}.{key}")
        super().__setattr__(name, value)

    def _on_set_sublayer(self, name, value):
        """Called by the engine mixin when a module is assigned as an attribute."""
        if not isinstance(value, Layer):
            from cornu.layers.core.torch_module_wrapper import TorchModuleWrapper

            value = TorchModuleWrapper(value, name=name)
        self._track_sublayer(value)
        return value

    def _on_set_variable(self, name, variable):
        if "_own_variables" not in self.__dict__:
            raise AttributeError(
                f"{type(self).__name__}: call super().__init__() before creating variables."
            )
        if not any(v is variable for v in self._own_variables):
            self._own_variables.append(variable)
            self._register_variable(variable, name)
        _autocast.bump()

    def _track_sublayer(self, layer) -> None:
        if "_sublayers" not in self.__dict__:
            raise AttributeError(
                f"{type(self).__name__}: call super().__init__() before assigning layers."
            )
        if layer is not self and not any(s is layer for s in self._sublayers):
            self._sublayers.append(layer)
            _autocast.bump()

    # --- properties ------------------------------------------------------------------------
    @property
    def trainable(self) -> bool:
        return self._trainable

    @trainable.setter
    def trainable(self, value: bool) -> None:
        value = bool(value)
        _TRAINABLE_VERSION[0] += 1
        self._trainable = value
        for layer in self._flatten_layers(include_self=False):
            layer._trainable = value

    @property
    def dtype_policy(self):
        """The layer's ``DTypePolicy``; set it to a policy or a policy name."""
        return self._dtype_policy

    @dtype_policy.setter
    def dtype_policy(self, value) -> None:
        self._dtype_policy = dtype_policies.get(value)
        self._refresh_dtype_cache()

    @property
    def autocast(self) -> bool:
        """Whether a mixed policy casts inputs and variables to the compute dtype."""
        return self._autocast

    @autocast.setter
    def autocast(self, value: bool) -> None:
        self._autocast = bool(value)
        self._refresh_dtype_cache()

    def _refresh_dtype_cache(self) -> None:
        # Plain attributes, so that __call__ reads them without going through the policy.
        d = self.__dict__
        policy = d["_dtype_policy"]
        compute, variable = policy.compute_dtype, policy.variable_dtype
        floating = compute in FLOAT_TYPES
        d["_compute_dtype"], d["_variable_dtype"] = compute, variable
        d["_mixed"] = compute != variable
        autocast = bool(d.get("_autocast", getattr(self, "autocast", True)))
        d["_scope_dtype"] = compute if (autocast and floating) else None
        casts = floating and autocast and d.get("_convert_input_args", True)
        cast_all = casts and compute in ("float16", "bfloat16")
        d["_cast_all_inputs"] = cast_all
        # What __call__ compares the first input's dtype with: never equal for a 16-bit
        # layer, which casts all its float inputs (and keyword arguments).
        d["_input_cast"] = _CAST_ALL if cast_all else (
            backend.to_engine_dtype(compute) if casts else None)
        # Float arrays given to the layer become tensors of this dtype (None: floatx()).
        d["_array_dtype"] = compute if (casts or not floating) else None
        _autocast.bump()

    @property
    def dtype(self) -> str:
        """The dtype of the layer's variables (``variable_dtype``)."""
        return self._variable_dtype

    @property
    def compute_dtype(self) -> str:
        """The dtype of the layer's computations and outputs."""
        return self._compute_dtype

    @property
    def variable_dtype(self) -> str:
        """The dtype the layer creates its variables in."""
        return self._variable_dtype

    @property
    def input_dtype(self) -> str:
        """The dtype float inputs are cast to (the compute dtype)."""
        return self._compute_dtype

    @property
    def layers(self) -> list:
        return list(self._sublayers)

    def _flatten_layers(self, include_self=True, recursive=True) -> list:
        out, seen = [], set()
        stack = [self] if include_self else list(reversed(self._sublayers))
        while stack:
            layer = stack.pop()
            if id(layer) in seen:
                continue
            seen.add(id(layer))
            out.append(layer)
            if recursive or layer is self:
                stack.extend(reversed(layer._sublayers))
        return out

    @property
    def variables(self) -> list:
        out, seen = [], set()
        for layer in self._flatten_layers():
            for v in layer._own_trainable_first():
                if id(v) not in seen:
                    seen.add(id(v))
                    out.append(v)
        return out

    def _own_trainable_first(self) -> list:
        own = self._own_variables
        return [v for v in own if v.trainable] + [v for v in own if not v.trainable]

    @property
    def weights(self) -> list:
        return self.variables

    @property
    def trainable_weights(self) -> list:
        if not self.trainable:
            return []
        out, seen = [], set()
        for layer in self._flatten_layers():
            if not layer.trainable:
                continue
            for v in layer._own_variables:
                if v.trainable and id(v) not in seen:
                    seen.add(id(v))
                    out.append(v)
        return out

    @property
    def non_trainable_weights(self) -> list:
        trainable = {id(v) for v in self.trainable_weights}
        return [v for v in self.variables if id(v) not in trainable]

    trainable_variables = trainable_weights
    non_trainable_variables = non_trainable_weights

    # --- weights ----------------------------------------------------------------------------
    def add_weight(self, shape=None, initializer=None, dtype=None, trainable=True,
                   autocast=True, regularizer=None, constraint=None, aggregation="none",
                   overwrite_with_gradient=False, name=None, **kwargs):
        """Creates a variable owned by this layer and returns it.

        Args:
            shape: the variable's shape (a tuple of ints).
            initializer: an initializer name or object (default ``glorot_uniform`` for
                floats, ``zeros`` for integers).
            dtype: the variable's dtype (default: the layer's).
            trainable: whether training updates it.
            regularizer: a regularizer whose penalty joins ``layer.losses``.
            constraint: a function applied to the variable after each optimizer step.
            name: a short name ("kernel"); the path is ``"<layer>/<name>"``.
        """
        from cornu import constraints, initializers, regularizers

        if isinstance(shape, str):  # Keras 1/2: add_weight(name, shape, ...)
            shape, name = initializer, shape
            initializer = kwargs.pop("initializer", None)
        if kwargs:
            raise TypeError(
                f"{self.name}.add_weight: unexpected keyword argument(s) {sorted(kwargs)}."
            )
        dtype = backend.standardize_dtype(_dtype_name(dtype)) or self.variable_dtype
        if initializer is None:
            initializer = "glorot_uniform" if dtype.startswith(("float", "bfloat")) else "zeros"
        init = initializers.get(initializer)
        name = name or uniquify(f"{self.name}_variable")
        shape = () if shape is None else shape
        try:
            variable = backend.Variable(
                init, shape=shape, dtype=dtype, trainable=trainable, autocast=autocast,
                aggregation=aggregation, name=name, constraint=constraints.get(constraint),
                path=f"{self.name}/{name}",
            )
        except ValueError as err:
            raise ValueError(f"Layer '{self.name}': cannot create weight '{name}': {err}") from None
        variable.regularizer = regularizers.get(regularizer)
        variable.overwrite_with_gradient = overwrite_with_gradient
        self._own_variables.append(variable)
        self._register_variable(variable, name)
        _autocast.bump()
        return variable

    def get_weights(self) -> list:
        """The values of ``weights`` as a list of NumPy arrays."""
        return [backend.convert_to_numpy(v) for v in self.weights]

    def set_weights(self, weights) -> None:
        """Sets ``weights`` from a list of arrays of the same shapes; changes nothing on error."""
        params = self.weights
        if len(weights) != len(params):
            raise ValueError(
                f"Layer '{self.name}' set_weights: expected a list of {len(params)} arrays "
                f"(shapes {[tuple(p.shape) for p in params]}), got {len(weights)}."
            )
        values = []
        for p, w in zip(params, weights):
            w = np.asarray(w)
            if tuple(w.shape) != tuple(p.shape):
                raise ValueError(
                    f"Layer '{self.name}' set_weights: weight '{p.path}' has shape "
                    f"{tuple(p.shape)}, but the array given has shape {tuple(w.shape)}."
                )
            values.append(w)
        for p, w in zip(params, values):
            p.assign(w.astype(backend.standardize_dtype(p.dtype), copy=False))

    def count_params(self) -> int:
        """The number of scalars in the layer's weights."""
        if not self.built and not self.weights:
            raise ValueError(
                f"Layer '{self.name}' is not built yet, so it has no weights to count. Call "
                "it on data or call `build(input_shape)` first."
            )
        return int(sum(int(np.prod(tuple(v.shape))) for v in self.weights))

    # --- losses -------------------------------------------------------------------------------
    def add_loss(self, loss) -> None:
        """Adds a scalar loss (e.g. a penalty computed in ``call``) to ``layer.losses``.

        The losses of a forward pass last until the next outermost call of a layer holding
        them (or until a training step collects them).
        """
        self._call_losses.append(loss)
        if not _is_compiling():  # a compiled step collects its losses itself
            _LOSS_HOLDERS.add(self)

    @property
    def losses(self) -> list:
        """Losses added in the last call plus the weight-regularization penalties."""
        out = []
        for layer in self._flatten_layers():
            out.extend(layer._call_losses)
            for v in layer._own_variables:
                if v.regularizer is not None and v.trainable:
                    out.append(v.regularizer(v))
        return out

    def _clear_losses(self) -> None:
        for layer in self._flatten_layers():
            if layer._call_losses:
                layer._call_losses = []
            _LOSS_HOLDERS.discard(layer)

    # --- building ----------------------------------------------------------------------
    def build(self, input_shape=None) -> None:
        """Creates the layer's variables for ``input_shape``. Override in subclasses."""
        self.built = True

    def _inspect_call_signature(self) -> None:
        params = inspect.signature(self.call).parameters
        self._call_has_training = "training" in params
        self._call_has_mask = "mask" in params
        self._call_arg_names = [
            p.name for p in params.values()
            if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        self._build_params = list(inspect.signature(self.build).parameters)
        self._computes_mask = type(self).compute_mask is not Layer.compute_mask
        self._checked_shape = None

    def _maybe_build(self, args, kwargs) -> None:
        if self.built:
            return
        if not args:
            raise ValueError(f"Layer '{self.name}' was called without inputs.")
        if len(self._build_params) <= 1 or len(args) == 1:
            shapes = tree.map_structure(_shape_of, args[0])
            self._run_build(shapes)
        else:
            shapes = {}
            for arg_name, value in zip(self._call_arg_names, args):
                shapes[f"{arg_name}_shape"] = tree.map_structure(_shape_of, value)
            shapes = {k: v for k, v in shapes.items() if k in self._build_params}
            self._run_build(**shapes)

    def _run_build(self, *args, **kwargs) -> None:
        self.build(*args, **kwargs)
        self.built = True
        if self._initial_weights is not None:
            weights, self._initial_weights = self._initial_weights, None
            self.set_weights(weights)

    # --- calling ------------------------------------------------------------------------
    def call(self, *args, **kwargs):
        raise NotImplementedError(f"Layer {type(self).__name__} does not implement call().")

    def __call__(self, *args, **kwargs):
        ctx = call_context.state
        if not ctx.in_call:
            return self._outermost_call(ctx, args, kwargs)
        first = args[0] if args else None
        cast_to = self._input_cast  # an engine dtype; _CAST_ALL for 16-bit layers
        if first.__class__ is not _TENSOR_CLASS:
            if _has_symbolic(args, kwargs):
                return self._symbolic_call(args, kwargs)
            if args and not isinstance(first, backend.Tensor):
                first = _to_tensors(first, self._array_dtype)
                args = (first,) + args[1:]
            if cast_to is not None:
                args, kwargs = _autocast.cast_inputs(args, kwargs, self._compute_dtype,
                                                     self._cast_all_inputs)
                first = args[0] if args else None
        elif cast_to is not None and (first.dtype is not cast_to or len(args) > 1):
            args, kwargs = _autocast.cast_inputs(args, kwargs, self._compute_dtype,
                                                 self._cast_all_inputs)
            first = args[0]
        if not self.built:
            self._maybe_build(args, kwargs)
        if self.input_spec is not None and first is not None:
            shape = getattr(first, "shape", None)
            if shape is None or _is_compiling():
                assert_input_compatibility(self.input_spec, first, self.name)
            elif shape != self._checked_shape:
                assert_input_compatibility(self.input_spec, first, self.name)
                self._checked_shape = shape
        outer_training = ctx.training
        training = kwargs.get("training")
        if self._call_has_training:
            if training is None and outer_training is not None:
                kwargs["training"] = training = outer_training
        elif "training" in kwargs:
            kwargs.pop("training")
        mask = None
        if self._call_has_mask and kwargs.get("mask") is None and first is not None:
            mask = _get_mask(first)
            if mask is not None:
                kwargs["mask"] = mask
        if self._mixed or ctx.autocast is not None:
            outputs = self._call_autocast(ctx, args, kwargs, training, outer_training)
        elif training is not None and training is not outer_training:
            ctx.training = training
            try:
                outputs = self.call(*args, **kwargs)
            finally:
                ctx.training = outer_training
        else:
            outputs = self.call(*args, **kwargs)
        if self.activity_regularizer is not None:
            self._add_activity_penalty(outputs)
        if self._computes_mask:
            self._set_output_mask(first, outputs, kwargs.get("mask", mask))
        elif self.supports_masking and first is not None:
            in_mask = kwargs.get("mask", mask)
            if in_mask is None:
                in_mask = _get_mask(first)
            if in_mask is not None:
                self._set_output_mask(first, outputs, in_mask)
        return outputs

    def _outermost_call(self, ctx, args, kwargs):
        """A call from outside any layer: ``losses`` then hold what this forward pass adds
        (as Keras), and the layers it calls know they are nested."""
        if _LOSS_HOLDERS and not _is_compiling():
            self._clear_losses()
        ctx.in_call = True
        try:
            # Layer's own body, not `self(...)`: a subclass's __call__ has already run once.
            return Layer.__call__(self, *args, **kwargs)
        finally:
            ctx.in_call = False

    def _call_autocast(self, ctx, args, kwargs, training, outer_training):
        """``call`` with the autocast scope Keras 3 gives it: a mixed layer opens one in its
        compute dtype; inside a scope, a layer computing in another dtype (or with
        ``autocast=False``, or a non-float policy) opens its own."""
        scope = ctx.autocast
        target = self._compute_dtype if scope is None else self._scope_dtype
        if target == scope:
            _autocast.join_scope(ctx, self)
            return self._call_with_training(ctx, args, kwargs, training, outer_training)
        return _autocast.run_in_scope(ctx, target, self, self._call_with_training, ctx, args,
                                      kwargs, training, outer_training)

    def _call_with_training(self, ctx, args, kwargs, training, outer_training):
        if training is not None and training is not outer_training:
            ctx.training = training
            try:
                return self.call(*args, **kwargs)
            finally:
                ctx.training = outer_training
        return self.call(*args, **kwargs)

    def _add_activity_penalty(self, outputs) -> None:
        for out in tree.flatten(outputs):
            batch = out.shape[0] if out.ndim else 1  # an int: no tensor made for it
            self.add_loss(self.activity_regularizer(out) / batch)

    def _set_output_mask(self, inputs, outputs, mask) -> None:
        if mask is None and inputs is not None:
            mask = _get_mask(inputs)
        out_mask = self.compute_mask(inputs, mask)
        if out_mask is None:
            return
        flat_out = tree.flatten(outputs)
        flat_mask = tree.flatten(out_mask)
        if len(flat_mask) == 1:
            flat_mask = flat_mask * len(flat_out)
        for out, m in zip(flat_out, flat_mask):
            try:
                out._keras_mask = m
            except AttributeError:
                pass

    def compute_mask(self, inputs, mask=None):
        """The output mask for ``inputs``/``mask``: passes it through when masking is supported."""
        if not self.supports_masking:
            return None
        return mask

    def _symbolic_call(self, args, kwargs):
        if not self.built:
            self._maybe_build(args, kwargs)
        if self.input_spec is not None and args:
            assert_input_compatibility(self.input_spec, args[0], self.name)
        if self._input_cast is not None:
            specs, spec_kwargs = _autocast.cast_specs(args, kwargs, self._compute_dtype)
            outputs = self.compute_output_spec(*specs, **spec_kwargs)
        else:
            outputs = self.compute_output_spec(*args, **kwargs)
        first = args[0] if args else None
        if first is not None and (self.supports_masking or self._computes_mask):
            self._set_symbolic_mask(first, outputs, kwargs.get("mask"))
        Node(self, args, kwargs, outputs)
        return outputs

    def _set_symbolic_mask(self, inputs, outputs, mask) -> None:
        """Symbolic output masks (informational: real masks are computed on real calls)."""
        if mask is None:
            mask = _get_mask(inputs)
        if mask is None and not self._computes_mask:
            return
        try:
            out_mask = self.compute_mask(inputs, mask)
        except Exception:  # a compute_mask that needs values cannot run symbolically
            return
        if out_mask is None:
            return
        flat_out = tree.flatten(outputs)
        flat_mask = tree.flatten(out_mask)
        if len(flat_mask) == 1:
            flat_mask = flat_mask * len(flat_out)
        for out, m in zip(flat_out, flat_mask):
            out._keras_mask = m

    def compute_output_shape(self, *args, **kwargs):
        """Output shape(s) for given input shape(s). Override when ``call`` can't be traced."""
        specs = [KerasTensor(s, dtype=self.compute_dtype) for s in args[:1]]
        out = self.compute_output_spec(*specs)
        return tree.map_structure(lambda t: t.shape, out)

    def compute_output_spec(self, *args, **kwargs):
        """Output KerasTensor(s) for KerasTensor input(s)."""
        if type(self).compute_output_shape is not Layer.compute_output_shape:
            shapes = [tree.map_structure(_shape_of, a) for a in args]
            out_shapes = self.compute_output_shape(*shapes)
            return _shapes_to_tensors(out_shapes, self.compute_dtype)
        kwargs.pop("mask", None)
        if not self._call_has_training:
            kwargs.pop("training", None)

        def run(*a, **k):
            ctx = call_context.state
            if self._mixed or ctx.autocast is not None:
                return self._call_autocast(ctx, a, k, None, ctx.training)
            return self.call(*a, **k)

        before = {id(layer): len(layer._call_losses) for layer in self._flatten_layers()}
        try:
            return backend.compute_output_spec(run, *args, **kwargs)
        except Exception as err:
            raise type(err)(
                f"Could not infer the output shape of layer '{self.name}' "
                f"({type(self).__name__}) from inputs {_describe(args)}: {err}. If call() "
                "cannot run on shape-only tensors, implement compute_output_shape()."
            ) from err
        finally:
            # `add_loss` values of a shape-only trace are not losses of any forward pass.
            for layer in self._flatten_layers():
                del layer._call_losses[before.get(id(layer), 0):]

    # --- symbolic history ----------------------------------------------------------------
    def _single_node_tensor(self, attr: str):
        if not self._inbound_nodes:
            raise AttributeError(
                f"Layer '{self.name}' has never been called on symbolic inputs, so it has no "
                f"defined {attr}."
            )
        node = self._inbound_nodes[0]
        value = node.call_args[0] if attr == "input" else node.outputs
        return value

    @property
    def input(self):
        return self._single_node_tensor("input")

    @property
    def output(self):
        return self._single_node_tensor("output")

    @property
    def input_shape(self):
        return tree.map_structure(lambda t: t.shape, self.input)

    @property
    def output_shape(self):
        return tree.map_structure(lambda t: t.shape, self.output)

    # --- saving -------------------------------------------------------------------------------
    def save_own_variables(self, store) -> None:
        """Writes this layer's own variables to ``store["0"]``, ``store["1"]``... (the
        ``.keras`` weights layout). Override it for state that is not plain variables."""
        from cornu.saving.variable_io import save_own_variables

        save_own_variables(self, store)

    def load_own_variables(self, store) -> None:
        """Reads back what ``save_own_variables`` wrote (shapes are checked first)."""
        from cornu.saving.variable_io import load_own_variables

        load_own_variables(self, store)

    # --- config -------------------------------------------------------------------------------
    def get_config(self) -> dict:
        """A JSON-friendly dict that ``from_config`` turns back into an equal layer."""
        config = {"name": self.name, "trainable": self.trainable,
                  "dtype": dtype_policies.serialize(self._dtype_policy)}
        if self._batch_input_shape is not None:
            config["batch_input_shape"] = self._batch_input_shape
        if type(self).get_config is Layer.get_config:
            # A subclass without get_config: record its plain constructor arguments.
            args, kwargs = self.__dict__.get("_init_args", ((), {}))
            extra = {k: v for k, v in kwargs.items()
                     if k not in config and k not in _LEGACY_KWARGS and _is_plain(v)}
            params = list(inspect.signature(type(self).__init__).parameters)[1:]
            for key, value in zip(params, args):
                if _is_plain(value):
                    extra.setdefault(key, value)
            config.update(extra)
        return config

    @classmethod
    def from_config(cls, config: dict):
        return cls(**config)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} name={self.name}, built={self.built}>"

    def extra_repr(self) -> str:
        return f"name={self.name}"


def _has_symbolic(args, kwargs) -> bool:
    for a in args:
        if isinstance(a, KerasTensor):
            return True
        if isinstance(a, (list, tuple)):
            for b in a:
                if isinstance(b, KerasTensor):
                    return True
        elif isinstance(a, dict):
            for b in a.values():
                if isinstance(b, KerasTensor):
                    return True
    return False


def _to_tensors(x, dtype=None):
    """NumPy/Python inputs -> tensors; float arrays take the layer's dtype (autocast)."""
    if isinstance(x, np.ndarray) and x.dtype.kind == "f":
        return backend.convert_to_tensor(x, dtype=dtype or backend.floatx())
    if isinstance(x, (np.ndarray, np.generic, float, int)):
        return backend.convert_to_tensor(x)
    if isinstance(x, (list, tuple)):
        return type(x)(_to_tensors(e) for e in x)
    if isinstance(x, dict):
        return {k: _to_tensors(v) for k, v in x.items()}
    return x


def _get_mask(x):
    if isinstance(x, (list, tuple)):
        masks = [getattr(e, "_keras_mask", None) for e in x]
        return None if all(m is None for m in masks) else masks
    return getattr(x, "_keras_mask", None)


def _shape_of(x):
    if x is None:
        return None
    if hasattr(x, "shape"):
        return tuple(None if d is None else int(d) for d in x.shape)
    return x


def _shapes_to_tensors(shapes, dtype):
    if isinstance(shapes, tuple) and all(d is None or isinstance(d, int) for d in shapes):
        return KerasTensor(shapes, dtype=dtype)
    if isinstance(shapes, (list, tuple)):
        return type(shapes)(_shapes_to_tensors(s, dtype) for s in shapes)
    if isinstance(shapes, dict):
        return {k: _shapes_to_tensors(s, dtype) for k, s in shapes.items()}
    return KerasTensor(tuple(shapes), dtype=dtype)


def _describe(args) -> str:
    return str(tree.map_structure(lambda t: getattr(t, "shape", t), list(args)))


def _dtype_name(dtype):
    """A variable dtype from a dtype, a policy or a serialized policy."""
    if dtype is None or (isinstance(dtype, str) and not dtype.startswith("mixed_")):
        return dtype
    return dtype_policies.get(dtype).variable_dtype


def _is_plain(value) -> bool:
    if value is None or isinstance(value, (str, int, float, bool)):
        return True
    if isinstance(value, (list, tuple)):
        return all(_is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _is_plain(v) for k, v in value.items())
    return False


def _legacy_input_shape(legacy: dict):
    """Keras 1/2 shape arguments (input_shape, input_dim, ...) -> a batch input shape."""
    if not legacy:
        return None
    if "batch_input_shape" in legacy:
        return tuple(legacy["batch_input_shape"])
    batch = legacy.get("batch_size")
    if "input_shape" in legacy:
        shape = legacy["input_shape"]
        shape = (shape,) if isinstance(shape, int) else tuple(shape)
        return (batch, *shape)
    if "input_dim" in legacy:
        if "input_length" in legacy:
            return (batch, legacy["input_length"], legacy["input_dim"])
        return (batch, legacy["input_dim"])
    if "input_length" in legacy:
        warnings.warn("`input_length` without `input_dim` has no effect.", stacklevel=3)
    return None
