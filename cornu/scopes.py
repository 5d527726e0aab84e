"""Keras 3's top-level scopes and helpers: ``version``, ``device``, ``name_scope``,
``SymbolicScope``, ``StatelessScope``, ``RematScope``/``remat``, ``Quantizer``."""

from __future__ import annotations

import threading as _threading

from cornu import backend

_scopes = _threading.local()


def _stack(name: str) -> list:
    stack = getattr(_scopes, name, None)
    if stack is None:
        stack = []
        setattr(_scopes, name, stack)
    return stack


def version() -> str:
    """The version of cornu, as a string."""
    import cornu

    return cornu.__version__


_DEVICE_KINDS = ("cpu", "gpu", "cuda", "mps", "xpu", "meta")


def device(device_name):
    """A context manager placing the tensors created inside on ``device_name`` ("gpu:0"...)."""
    name = str(device_name).lower()
    kind, _, index = name.partition(":")
    if kind not in _DEVICE_KINDS or (index and not index.isdigit()):
        raise ValueError(
            f"device: expected a device name such as 'cpu', 'gpu', 'gpu:0' or 'cuda:1'. "
            f"Received: device_name={device_name!r}"
        )
    if kind == "gpu":
        name = "cuda" + name[3:]
    return backend.core.device_scope(name)


class name_scope:  # noqa: N801 - the Keras name
    """A context manager naming a block; ``current_path()`` gives the nested names.

    The scope is recorded only: cornu does not prefix variable paths with it.
    """

    def __init__(self, name, caller=None, deduplicate=True, override_parent=None):
        if not isinstance(name, str) or "/" in name:
            raise ValueError(
                f"name_scope: `name` must be a string without '/'. Received: name={name!r}"
            )
        self.name = name
        self.caller = caller
        self.deduplicate = deduplicate
        self.override_parent = override_parent
        self._pushed = False

    def __enter__(self):
        stack = _stack("names")
        if self.override_parent is not None:
            stack.append(self.override_parent)  # a new root for the names inside
            self._pushed_parent = True
        else:
            self._pushed_parent = False
        if not (self.deduplicate and stack and stack[-1] == self.name):
            stack.append(self.name)
            self._pushed = True
        return self

    def __exit__(self, *exc):
        stack = _stack("names")
        if self._pushed:
            stack.pop()
        if self._pushed_parent:
            stack.pop()
        self._pushed = False
        return False

    @staticmethod
    def current_path() -> str:
        """The names of the open scopes, joined by '/'."""
        return "/".join(_stack("names"))


class SymbolicScope:
    """A context manager marking a block as symbolic tracing (``in_symbolic_scope()``)."""

    def __enter__(self):
        _stack("symbolic").append(self)
        return self

    def __exit__(self, *exc):
        _stack("symbolic").pop()
        return False


def in_symbolic_scope() -> bool:
    """Whether a ``SymbolicScope`` is open in this thread."""
    return bool(_stack("symbolic"))


class StatelessScope:
    """Runs a block with variables set to the values of ``state_mapping``, then restores them.

    Inside the block the variables of ``state_mapping`` hold the given values, and
    assignments to them are kept aside: ``get_current_value(variable)`` returns the latest
    value (also after the block), while the variables themselves come back unchanged.
    Variables left out of ``state_mapping`` are not protected.

    Args:
        state_mapping: ``(variable, value)`` pairs.
        collect_losses: whether ``add_loss`` calls made in the block are collected in
            ``losses``.
        initialize_variables: accepted for compatibility (cornu variables always start
            initialized).
    """

    def __init__(self, state_mapping=None, collect_losses=False, initialize_variables=True):
        self.collect_losses = collect_losses
        self.initialize_variables = initialize_variables
        self.losses = []
        self._mapping = {}
        self._saved = {}
        self._final = {}
        for pair in state_mapping or ():
            try:
                variable, value = pair
            except (TypeError, ValueError):
                raise ValueError(
                    "StatelessScope: `state_mapping` must hold (variable, value) pairs. "
                    f"Received an entry: {pair!r}"
                ) from None
            if not isinstance(variable, backend.Variable):
                raise ValueError(
                    "StatelessScope: every key of `state_mapping` must be a cornu Variable. "
                    f"Received: {type(variable).__name__}"
                )
            value = backend.convert_to_tensor(value, dtype=variable.dtype).to(variable.device)
            if tuple(value.shape) != tuple(variable.shape):
                raise ValueError(
                    f"StatelessScope: the value for variable '{variable.path}' has shape "
                    f"{tuple(value.shape)}; the variable has shape {tuple(variable.shape)}."
                )
            self._mapping[id(variable)] = (variable, value)

    def __enter__(self):
        for key, (variable, value) in self._mapping.items():
            self._saved[key] = variable.data
            variable.data = value.clone()  # assignments in the block land on this copy
        _stack("stateless").append(self)
        return self

    def __exit__(self, *exc):
        _stack("stateless").pop()
        for key, (variable, _) in self._mapping.items():
            self._final[key] = variable.data
            variable.data = self._saved.pop(key)
        return False

    def add_loss(self, loss):
        if self.collect_losses:
            self.losses.append(loss)

    def add_update(self, update):
        variable, value = update
        variable.assign(value)

    def get_current_value(self, variable):
        """The value ``variable`` has in this scope, or None if it is not in the mapping."""
        key = id(variable)
        if key not in self._mapping:
            return None
        if key in self._final:
            return self._final[key]
        if key in self._saved:
            return variable.data
        return self._mapping[key][1]


def in_stateless_scope() -> bool:
    """Whether a ``StatelessScope`` is open in this thread."""
    return bool(_stack("stateless"))


_REMAT_MODES = ("full", "activations", "larger_than", "list_of_layers", None)


class RematScope:
    """Records a rematerialization (gradient checkpointing) setting for a block.

    Layers do not read it yet; wrap a function with ``cornu.remat`` to checkpoint it.
    """

    def __init__(self, mode="full", output_size_threshold=1024, layer_names=None):
        if mode not in _REMAT_MODES:
            raise ValueError(
                f"RematScope: `mode` must be one of {_REMAT_MODES}. Received: mode={mode!r}"
            )
        self.mode = mode
        self.output_size_threshold = output_size_threshold
        self.layer_names = list(layer_names or [])

    def __enter__(self):
        _stack("remat").append(self)
        return self

    def __exit__(self, *exc):
        _stack("remat").pop()
        return False


def remat(f):
    """``f`` recomputing its intermediate activations during backprop (less memory)."""
    if not callable(f):
        raise TypeError(f"remat: expected a callable. Received: {type(f).__name__}")
    return backend._remat(f)


class Quantizer:
    """Base class of quantizers: subclasses implement ``__call__(x)`` and ``get_config``."""

    def __init__(self, output_dtype="int8"):
        self.output_dtype = output_dtype

    def __call__(self, x):
        raise NotImplementedError(f"{type(self).__name__} must implement `__call__(x)`.")

    def get_config(self):
        raise NotImplementedError(f"{type(self).__name__} must implement `get_config()`.")

    @classmethod
    def from_config(cls, config):
        return cls(**config)
