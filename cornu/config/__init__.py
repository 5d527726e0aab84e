"""cornu.config: global settings, as ``keras.config``.

The float type, epsilon and image layout live in ``cornu.backend.config``, the dtype policy
in ``cornu.dtype_policies`` and safe mode in ``cornu.saving.safe_mode``; this module only
gathers them. The switches below that Keras keeps globally (interactive logging, traceback
filtering, flash attention, epoch limits) are kept here.
"""

from __future__ import annotations

import os

from cornu.backend.config import backend as backend
from cornu.backend.config import epsilon as epsilon
from cornu.backend.config import floatx as floatx
from cornu.backend.config import image_data_format as image_data_format
from cornu.backend.config import set_epsilon as set_epsilon
from cornu.backend.config import set_floatx as set_floatx
from cornu.backend.config import set_image_data_format as set_image_data_format


def _limit_from_env(*names):
    for name in names:
        value = os.environ.get(name)
        if value:
            try:
                return int(value)
            except ValueError:
                raise ValueError(
                    f"Environment variable {name} must be an integer, got {value!r}."
                ) from None
    return None


_state = {
    "interactive_logging": True,
    "traceback_filtering": True,
    "flash_attention": None,  # None: let the engine choose; False: never
    "max_epochs": _limit_from_env("CORNU_MAX_EPOCHS", "KERAS_MAX_EPOCHS"),
    "max_steps_per_epoch": _limit_from_env("CORNU_MAX_STEPS_PER_EPOCH",
                                           "KERAS_MAX_STEPS_PER_EPOCH"),
}


def enable_unsafe_deserialization():
    """Allows loading Lambda layers (stored Python bytecode) everywhere in this process."""
    from cornu.saving.safe_mode import enable_unsafe_deserialization as enable

    enable()


def set_backend(backend):
    """Accepts the engine cornu already runs on; another one needs ``CORNU_BACKEND``."""
    from cornu.backend.config import backend as current

    if backend == current():
        return
    raise ValueError(
        f"set_backend: cornu is running on {current()!r} and cannot switch engines at run "
        f"time. Set the environment variable CORNU_BACKEND={backend} before importing "
        f"cornu. Received: backend={backend!r}"
    )


def dtype_policy():
    """The global dtype policy (what layers created without a ``dtype`` use)."""
    from cornu.dtype_policies.dtype_policy import dtype_policy as get

    return get()


def set_dtype_policy(policy):
    """Sets the global dtype policy (a name such as "mixed_float16" or a DTypePolicy)."""
    from cornu.dtype_policies.dtype_policy import set_dtype_policy as set_

    set_(policy)


def enable_interactive_logging():
    """Progress bars redraw in place on a terminal (the default)."""
    _state["interactive_logging"] = True


def disable_interactive_logging():
    """Progress bars print plain lines (no ``\\r``, no colours), as in a log file."""
    _state["interactive_logging"] = False


def is_interactive_logging_enabled() -> bool:
    """Whether progress bars may redraw in place."""
    return _state["interactive_logging"]


def enable_traceback_filtering():
    """Records the Keras switch; cornu shows tracebacks unfiltered either way."""
    _state["traceback_filtering"] = True


def disable_traceback_filtering():
    """Records the Keras switch; cornu shows tracebacks unfiltered either way."""
    _state["traceback_filtering"] = False


def is_traceback_filtering_enabled() -> bool:
    """The value of the traceback-filtering switch (True by default)."""
    return _state["traceback_filtering"]


def enable_flash_attention():
    """Lets attention use a flash kernel where the engine offers one (the default)."""
    _state["flash_attention"] = None


def disable_flash_attention():
    """Asks attention not to use flash kernels."""
    _state["flash_attention"] = False


def is_flash_attention_enabled():
    """None when the engine may choose a flash kernel (the default), False when disabled."""
    return _state["flash_attention"]


def is_nnx_enabled() -> bool:
    """False: Flax NNX is a JAX feature."""
    return False


def _check_limit(name, value):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{name}: expected a positive integer or None. Received: {value!r}")
    return value


def max_epochs():
    """The cap on the number of epochs that ``fit`` runs, or None (no cap)."""
    return _state["max_epochs"]


def set_max_epochs(max_epochs):
    """Caps the epochs of every ``fit`` (None removes the cap); also ``CORNU_MAX_EPOCHS``."""
    _state["max_epochs"] = _check_limit("set_max_epochs", max_epochs)


def max_steps_per_epoch():
    """The cap on the steps of each epoch, or None (no cap)."""
    return _state["max_steps_per_epoch"]


def set_max_steps_per_epoch(max_steps_per_epoch):
    """Caps the steps of each epoch (None removes the cap)."""
    _state["max_steps_per_epoch"] = _check_limit("set_max_steps_per_epoch",
                                                 max_steps_per_epoch)


__all__ = [
    "backend",
    "disable_flash_attention",
    "disable_interactive_logging",
    "disable_traceback_filtering",
    "dtype_policy",
    "enable_flash_attention",
    "enable_interactive_logging",
    "enable_traceback_filtering",
    "enable_unsafe_deserialization",
    "epsilon",
    "floatx",
    "image_data_format",
    "is_flash_attention_enabled",
    "is_interactive_logging_enabled",
    "is_nnx_enabled",
    "is_traceback_filtering_enabled",
    "max_epochs",
    "max_steps_per_epoch",
    "set_backend",
    "set_dtype_policy",
    "set_epsilon",
    "set_floatx",
    "set_image_data_format",
    "set_max_epochs",
    "set_max_steps_per_epoch",
]
