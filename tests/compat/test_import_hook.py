"""``cornu.compat``: ``import keras`` (and every ``keras.*`` path of Keras 1/2/3) gets cornu."""

import importlib
import sys
import types
import warnings

import pytest

import cornu
import cornu.compat
from cornu.compat import _finder

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def hook():
    """The hook installed for one test, and every served module forgotten afterwards."""
    cornu.compat.install()
    try:
        yield
    finally:
        cornu.compat.uninstall()


def test_modern_and_legacy_paths_serve_cornu_objects(hook):
    import keras
    import keras.backend as K
    from keras.engine.topology import InputSpec, Layer
    from keras.layers import LSTM, Dense
    from keras.layers.core import Activation, Dropout
    from keras.models import Model, Sequential, load_model
    from keras.utils import np_utils, to_categorical
    from keras.utils.visualize_util import plot
    from keras.wrappers.scikit_learn import KerasClassifier

    assert keras.layers.Dense is Dense is cornu.layers.Dense
    assert LSTM is cornu.layers.LSTM and Activation is cornu.layers.Activation
    assert Dropout is cornu.layers.Dropout and Layer is cornu.layers.Layer
    assert InputSpec is cornu.layers.InputSpec
    assert Sequential is cornu.Sequential and Model is cornu.Model
    assert load_model is cornu.saving.load_model
    assert to_categorical is cornu.utils.to_categorical
    assert np_utils.to_categorical([1], 2).tolist() == [[0.0, 1.0]]
    assert plot is cornu.utils.visualize_util.plot
    assert KerasClassifier is cornu.wrappers.KerasClassifier
    assert K.epsilon is cornu.backend.epsilon
    assert keras.backend.int_shape(cornu.Input((3,))) == (None, 3)
    assert keras.__version__ == cornu.__version__
    assert keras.optimizers.SGD is cornu.optimizers.SGD
    assert keras.objectives.get("mse") is cornu.losses.get("mse")
    assert keras.initializations.get("zeros").__class__ is cornu.initializers.Zeros
    assert keras.preprocessing.sequence.pad_sequences is cornu.preprocessing.sequence.pad_sequences
    assert keras.datasets.mnist.load_data is cornu.datasets.mnist.load_data
    assert keras.callbacks.EarlyStopping is cornu.callbacks.EarlyStopping


def test_keras1_merge_function_wins_over_keras2_module(hook):
    from keras.layers import merge

    assert merge is cornu.layers.merge
    from keras.layers.merge import Concatenate  # Keras 2's module path still imports

    assert Concatenate is cornu.layers.Concatenate
    import keras

    assert keras.layers.merge is cornu.layers.merge


def test_star_import(hook):
    namespace = {}
    exec("from keras.layers import *", namespace)
    assert namespace["Dense"] is cornu.layers.Dense and "Merge" in namespace


def test_cornu_modules_are_not_changed(hook):
    import keras.layers.core  # noqa: F401  (binds "core" on the keras.layers proxy)

    assert isinstance(cornu.layers.core, types.ModuleType)
    assert cornu.layers.core.__name__ == "cornu.layers.core"
    assert sys.modules["keras.layers.core"] is not cornu.layers


def test_unknown_paths_fail_clearly(hook):
    with pytest.raises(ModuleNotFoundError, match="no module matching 'keras.contrib'"):
        importlib.import_module("keras.contrib")
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("keras.src.layers")  # Keras 3 internals are not served
    import keras

    with pytest.raises(AttributeError, match="has no attribute 'NotALayer'"):
        keras.layers.NotALayer  # noqa: B018


def test_legacy_paths_warn_once_at_the_import(hook, monkeypatch):
    monkeypatch.setattr(_finder, "_WARNED", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        importlib.import_module("keras.layers.convolutional")
        importlib.import_module("keras.layers.pooling")  # same advice: no second warning
        importlib.import_module("keras.layers")  # a Keras 3 path: no warning
    messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert messages == ["`keras.layers.convolutional` is a Keras 1/2 module path; import the "
                        "layers from keras.layers."]


def test_install_sets_aside_and_restores_a_real_keras(monkeypatch):
    real = types.ModuleType("keras")
    real_layers = types.ModuleType("keras.layers")
    monkeypatch.setitem(sys.modules, "keras", real)
    monkeypatch.setitem(sys.modules, "keras.layers", real_layers)
    cornu.compat.install()
    try:
        assert cornu.compat.is_installed()
        import keras

        assert keras is not real and keras.Sequential is cornu.Sequential
    finally:
        cornu.compat.uninstall()
    assert not cornu.compat.is_installed()
    assert sys.modules["keras"] is real and sys.modules["keras.layers"] is real_layers


def test_installed_context_manager_and_idempotence():
    with cornu.compat.installed():
        cornu.compat.install()  # twice is harmless
        assert sys.meta_path.count(cornu.compat._FINDER) == 1
        with cornu.compat.installed():
            pass
        assert cornu.compat.is_installed()  # the inner block leaves it installed
    assert not cornu.compat.is_installed()
    assert not any(isinstance(m, cornu.compat.KerasProxyModule) for m in sys.modules.values())


def test_proxy_repr_and_dir(hook):
    import keras.layers.core as core

    assert "cornu.layers" in repr(core)
    assert "Dense" in dir(core)
