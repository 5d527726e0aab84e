"""Which cornu modules serve each ``keras`` module name.

A name listed in ``EXPLICIT`` is served from its cornu modules (searched in order) and, when
it is a Keras 1/2 path, warns once with the Keras 3 spelling. Any other ``keras.<path>`` is
served from ``cornu.<path>`` when that module exists.
"""

from __future__ import annotations

import importlib.util

_K12 = "`{name}` is a Keras 1/2 module path; {advice}."

_LAYER_MODULES = (
    "core convolutional pooling recurrent embeddings normalization advanced_activations noise "
    "wrappers merge local convolutional_recurrent cudnn_recurrent experimental "
    "experimental.preprocessing"
).split()
_ENGINE_MODULES = (
    "topology training base_layer input_layer sequential network functional input_spec node"
).split()
_UTILS_MODULES = "data_utils generic_utils layer_utils io_utils conv_utils".split()
_BACKEND_MODULES = "tensorflow_backend theano_backend cntk_backend common load_backend".split()

_ENGINE = ("cornu.layers", "cornu.models", "cornu.legacy.engine")
_BACKEND = ("cornu.legacy.backend", "cornu.backend")

EXPLICIT: dict[str, tuple[tuple[str, ...], str | None]] = {
    "keras": (("cornu",), None),
    "keras.layers": (("cornu.layers",), None),
    "keras.models": (("cornu.models", "cornu.saving"), None),
    "keras.backend": (_BACKEND, None),
    "keras.utils": (("cornu.utils", "cornu.saving"), None),
    "keras.wrappers": (("cornu.wrappers",), None),
    "keras.engine": (_ENGINE, _K12.format(
        name="keras.engine", advice="use keras.layers.Layer, keras.layers.InputSpec and "
        "keras.Model")),
    "keras.objectives": (("cornu.losses",), _K12.format(
        name="keras.objectives", advice="use keras.losses")),
    "keras.initializations": (("cornu.initializers",), _K12.format(
        name="keras.initializations", advice="use keras.initializers")),
    "keras.utils.np_utils": (("cornu.legacy.np_utils",), _K12.format(
        name="keras.utils.np_utils", advice="use keras.utils.to_categorical and "
        "keras.utils.normalize")),
    "keras.utils.vis_utils": (("cornu.utils.vis_utils",), _K12.format(
        name="keras.utils.vis_utils", advice="use keras.utils.plot_model and "
        "keras.utils.model_to_dot")),
    "keras.utils.visualize_util": (("cornu.utils.visualize_util",), _K12.format(
        name="keras.utils.visualize_util", advice="use keras.utils.plot_model (Keras 1's "
        "`plot`) and keras.utils.model_to_dot")),
    "keras.wrappers.scikit_learn": (("cornu.wrappers.scikit_learn",), _K12.format(
        name="keras.wrappers.scikit_learn", advice="use keras.wrappers.SKLearnClassifier and "
        "keras.wrappers.SKLearnRegressor")),
}
for _name in _LAYER_MODULES:
    EXPLICIT[f"keras.layers.{_name}"] = (("cornu.layers",), _K12.format(
        name=f"keras.layers.{_name}", advice="import the layers from keras.layers"))
for _name in _ENGINE_MODULES:
    EXPLICIT[f"keras.engine.{_name}"] = (_ENGINE, EXPLICIT["keras.engine"][1].replace(
        "`keras.engine`", f"`keras.engine.{_name}`"))
for _name in _UTILS_MODULES:
    EXPLICIT[f"keras.utils.{_name}"] = (("cornu.utils", "cornu.legacy.engine", "cornu.saving"),
                                        _K12.format(name=f"keras.utils.{_name}",
                                                    advice="import from keras.utils"))
for _name in _BACKEND_MODULES:
    EXPLICIT[f"keras.backend.{_name}"] = (_BACKEND, _K12.format(
        name=f"keras.backend.{_name}", advice="use keras.backend and keras.ops"))
del _name

_GENERIC_CACHE: dict[str, bool] = {}


def _cornu_module_exists(name: str) -> bool:
    if name not in _GENERIC_CACHE:
        try:
            _GENERIC_CACHE[name] = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            _GENERIC_CACHE[name] = False
    return _GENERIC_CACHE[name]


def is_keras_name(fullname: str) -> bool:
    """True for ``keras`` and the names of its submodules."""
    return fullname == "keras" or fullname.startswith("keras.")


def lookup(fullname: str) -> tuple[tuple[str, ...], str | None] | None:
    """``(cornu modules, deprecation message or None)`` serving ``fullname``, or None."""
    if fullname in EXPLICIT:
        return EXPLICIT[fullname]
    if not is_keras_name(fullname) or fullname.startswith("keras.src"):
        return None
    target = "cornu" + fullname[len("keras"):]
    if _cornu_module_exists(target):
        return (target,), None
    return None
