"""Global configuration: which engine, default float type, epsilon, image layout.

The values come, in order of precedence, from the environment (``CORNU_BACKEND``,
``CORNU_FLOATX``...), from ``~/.cornu/cornu.json`` (``$CORNU_HOME/cornu.json``), and from the
defaults below. They are read once, when cornu is imported.
"""

from __future__ import annotations

import json
import os

_BACKENDS = ("torch", "jax")
_FLOATX_CHOICES = ("float16", "bfloat16", "float32", "float64")
_FORMATS = ("channels_last", "channels_first")

_state = {
    "backend": "torch",
    "floatx": "float32",
    "epsilon": 1e-7,
    "image_data_format": "channels_last",
}


def cornu_home() -> str:
    """The folder holding cornu's config file and caches (``~/.cornu`` by default)."""
    return os.path.expanduser(os.environ.get("CORNU_HOME", os.path.join("~", ".cornu")))


def _read_config_file() -> dict:
    path = os.path.join(cornu_home(), "cornu.json")
    if not os.path.exists(path):
        return {}
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _load() -> None:
    data = _read_config_file()
    for key in _state:
        if key in data:
            _state[key] = data[key]
    env = {
        "backend": os.environ.get("CORNU_BACKEND"),
        "floatx": os.environ.get("CORNU_FLOATX"),
        "epsilon": os.environ.get("CORNU_EPSILON"),
        "image_data_format": os.environ.get("CORNU_IMAGE_DATA_FORMAT"),
    }
    for key, value in env.items():
        if value:
            _state[key] = float(value) if key == "epsilon" else value
    if _state["backend"] not in _BACKENDS:
        raise ValueError(
            f"Unknown cornu backend {_state['backend']!r} (from CORNU_BACKEND or "
            f"{os.path.join(cornu_home(), 'cornu.json')}). Expected one of {_BACKENDS}."
        )


def backend() -> str:
    """The name of the engine cornu runs on: ``"torch"`` or ``"jax"``."""
    return _state["backend"]


def floatx() -> str:
    """The default float dtype for weights and inputs, e.g. ``"float32"``."""
    return _state["floatx"]


def set_floatx(value: str) -> None:
    """Sets the default float dtype (one of float16, bfloat16, float32, float64)."""
    value = str(value)
    if value not in _FLOATX_CHOICES:
        raise ValueError(f"set_floatx: expected one of {_FLOATX_CHOICES}, got {value!r}.")
    _state["floatx"] = value


def epsilon() -> float:
    """The fuzz factor used to avoid divisions by zero (default 1e-7)."""
    return _state["epsilon"]


def set_epsilon(value: float) -> None:
    """Sets the fuzz factor used in numeric expressions."""
    _state["epsilon"] = float(value)


def image_data_format() -> str:
    """``"channels_last"`` (default) or ``"channels_first"``."""
    return _state["image_data_format"]


def set_image_data_format(value: str) -> None:
    """Sets the default image layout: ``"channels_last"`` or ``"channels_first"``."""
    value = str(value).lower()
    if value not in _FORMATS:
        raise ValueError(f"set_image_data_format: expected one of {_FORMATS}, got {value!r}.")
    _state["image_data_format"] = value


def standardize_data_format(data_format: str | None) -> str:
    """Returns ``data_format`` checked, or the global default when it is None."""
    if data_format is None:
        return image_data_format()
    value = str(data_format).lower()
    if value not in _FORMATS:
        raise ValueError(f"data_format: expected one of {_FORMATS}, got {data_format!r}.")
    return value


_load()
