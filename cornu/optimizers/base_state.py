"""The optimizer's own variables: the step counter, slots, their order, saving and loading.

Variables are kept in creation order, which is Keras 3's order (``iteration``,
``learning_rate``, then the slots), so that ``optimizer/vars/<i>`` in a ``.keras`` file means
the same variable in both libraries.
"""

from __future__ import annotations

import warnings

from cornu import backend, ops
from cornu.optimizers.schedules.learning_rate_schedule import python_value_fn


class ScalarMirror:
    """A Python copy of a scalar Variable, re-read only after the Variable changed.

    The version comes from the engine (``variable_version``): in-place writes through any
    path (``assign``, loading a checkpoint) bump it, so ``get`` never syncs the device on
    a training step where nobody touched the Variable.
    """

    __slots__ = ("variable", "value", "_handle", "_version", "_engine", "_cast")

    def __init__(self, variable, value, cast=float):
        self._engine = backend.optimizer_module()
        self._cast = cast
        self.variable = variable
        self._handle = self._engine.fast_handle(variable)
        self.value = cast(value)
        self._version = self._engine.variable_version(self._handle)

    def get(self):
        version = self._engine.variable_version(self._handle)
        if version != self._version:
            self.value = self._cast(backend.convert_to_numpy(self._handle))
            self._version = version
        return self.value

    def set(self, value) -> None:
        self._engine.fill_(self._handle, value)
        self.value = self._cast(value)
        self._version = self._engine.variable_version(self._handle)

    def increment(self) -> None:
        self._engine.increment_(self._handle)
        self.value += 1
        self._version = self._engine.variable_version(self._handle)


def python_schedule(value):
    """A float-valued twin of a built-in schedule (None for other callables)."""
    return python_value_fn(value)


def initial_value(initializer, shape, dtype):
    """The starting value of an optimizer variable."""
    if isinstance(initializer, str) and initializer in ("zeros", "ones"):
        fn = ops.zeros if initializer == "zeros" else ops.ones
        return fn(tuple(shape), dtype=dtype)
    if isinstance(initializer, (int, float)) and not isinstance(initializer, bool):
        return ops.full(tuple(shape), float(initializer), dtype=dtype)
    if isinstance(initializer, str) or not callable(initializer):
        from cornu import initializers

        initializer = initializers.get(initializer)
    return initializer(tuple(shape), dtype=dtype)


class OptimizerState:
    """Variable bookkeeping shared by every optimizer."""

    def _init_state(self) -> None:
        self._engine = backend.optimizer_module()
        self._variables: list = []
        self._trainable_variables: list = []
        self._trainable_variables_indices: dict = {}
        self._exclude_from_weight_decay: set = set()
        self._exclude_from_weight_decay_pattern = None
        self._exclude_from_weight_decay_cache: dict = {}
        self._constrained: list = []
        self.built = False
        self._iterations = self._make_variable(
            0, "iteration", "int64", aggregation="only_first_replica"
        )
        self._step = ScalarMirror(self._iterations, 0, int)

    def _make_variable(self, value, name, dtype, shape=None, aggregation="none"):
        variable = backend.Variable(
            value, shape=shape, dtype=dtype, trainable=False, aggregation=aggregation,
            name=name, path=f"{self.name}/{name}",
        )
        self._track_variable(variable)
        return variable

    def _track_variable(self, variable) -> None:
        self._variables.append(variable)

    def _untrack_variable(self, variable) -> None:
        self._variables = [v for v in self._variables if v is not variable]

    @property
    def variables(self) -> list:
        """All the optimizer's variables, in creation order (a copy of the list)."""
        return self._variables[:]

    @property
    def iterations(self):
        """The number of updates applied so far (an int64 Variable).

        With ``gradient_accumulation_steps``, it counts updates, not ``apply`` calls.
        """
        if self.gradient_accumulation_steps:
            return ops.floor_divide(self._iterations, self.gradient_accumulation_steps)
        return self._iterations

    def add_variable(self, shape, initializer="zeros", dtype=None, aggregation="none",
                     layout=None, name=None):
        """Creates and tracks an optimizer variable.

        Args:
            shape: the full shape.
            initializer: "zeros", "ones", a number, an initializer name or a callable.
            dtype: the dtype, default ``floatx()``.
            aggregation: multi-replica aggregation mode (kept for Keras compatibility).
            layout: ignored (distribution layouts are not supported yet).
            name: the variable's name; its path is ``<optimizer name>/<name>``.

        Returns:
            The new non-trainable Variable.
        """
        dtype = dtype or backend.floatx()
        value = initial_value(initializer, shape, dtype)
        return self._make_variable(value, name or "variable", dtype, aggregation=aggregation)

    def add_variable_from_reference(self, reference_variable, name=None, initializer="zeros"):
        """Creates a variable shaped like ``reference_variable``, named
        ``<reference path with "/" as "_">_<name>`` (e.g. ``dense_kernel_momentum``).
        """
        prefix = getattr(reference_variable, "path", None) or str(reference_variable.name)
        prefix = prefix.replace("/", "_").replace(":", "_")
        return self.add_variable(
            shape=tuple(reference_variable.shape),
            initializer=initializer,
            dtype=backend.standardize_dtype(reference_variable.dtype),
            name=f"{prefix}_{name or 'var'}",
        )

    def add_optimizer_variables(self, trainable_variables, name, initializer="zeros"):
        """One slot per variable for each name, created variable by variable (interleaved).

        Args:
            trainable_variables: the model variables.
            name: a slot name, or a list of them.
            initializer: one initializer, or one per name.

        Returns:
            A list of slots (None for ``overwrite_with_gradient`` variables) for a single
            name, or a tuple of such lists for a list of names.
        """
        names = [name] if isinstance(name, str) else list(name)
        inits = initializer if isinstance(initializer, (list, tuple)) else [initializer] * len(
            names
        )
        if len(inits) != len(names):
            raise ValueError(
                f"{self.name}: got {len(names)} slot names but {len(inits)} initializers; "
                "pass one initializer, or one per name."
            )
        slots = tuple([] for _ in names)
        for variable in trainable_variables:
            skip = getattr(variable, "overwrite_with_gradient", False)
            for out, slot_name, init in zip(slots, names, inits):
                out.append(
                    None if skip
                    else self.add_variable_from_reference(variable, slot_name, init)
                )
        return slots[0] if isinstance(name, str) else slots

    def _var_key(self, variable) -> int:
        return id(variable)

    def _get_variable_index(self, variable) -> int:
        return self._trainable_variables_indices[id(variable)]

    def assign(self, variable, value) -> None:
        """Sets ``variable`` to ``value`` (for use in ``update_step``)."""
        variable.assign(value)

    def assign_add(self, variable, value) -> None:
        """Adds ``value`` to ``variable`` (for use in ``update_step``)."""
        variable.assign_add(value)

    def assign_sub(self, variable, value) -> None:
        """Subtracts ``value`` from ``variable`` (for use in ``update_step``)."""
        variable.assign_sub(value)

    def get_weights(self) -> list:
        """The values of ``variables`` as NumPy arrays."""
        return [backend.convert_to_numpy(v) for v in self._variables]

    def set_weights(self, weights) -> None:
        """Sets ``variables`` from a list of arrays (the optimizer must be built)."""
        if not self.built:
            raise ValueError(
                f"{self.name}: set_weights() needs a built optimizer; call "
                "`optimizer.build(trainable_variables)` first."
            )
        for variable, weight in zip(self._variables, weights):
            if tuple(variable.shape) != tuple(weight.shape):
                raise ValueError(
                    f"{self.name}: variable {variable.path} has shape {tuple(variable.shape)}"
                    f", but the given weight has shape {tuple(weight.shape)}."
                )
            variable.assign(_as_value(weight, variable))

    def save_own_variables(self, store) -> None:
        """Writes each variable to ``store["<index>"]`` (the ``.keras`` layout)."""
        for i, variable in enumerate(self._variables):
            store[str(i)] = backend.convert_to_numpy(variable)

    def load_own_variables(self, store) -> None:
        """Reads the variables back from ``save_own_variables`` output."""
        if len(store.keys()) != len(self._variables):
            hint = " (it has not been built yet)" if not self.built else ""
            warnings.warn(
                f"Skipping variable loading for optimizer '{self.name}': it has "
                f"{len(self._variables)} variables{hint}, the saved optimizer has "
                f"{len(store.keys())}.",
                stacklevel=2,
            )
            return
        for i, variable in enumerate(self._variables):
            variable.assign(_as_value(store[str(i)], variable))


def _as_value(value, variable):
    """``value`` as a tensor of ``variable``'s shape (0-d arrays included)."""
    return ops.reshape(ops.convert_to_tensor(value), tuple(variable.shape))
