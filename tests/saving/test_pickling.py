"""``pickle`` and ``copy.deepcopy`` of models go through the ``.keras`` bytes, as in Keras 3:
same predictions, same training config, same optimizer state."""

import copy
import pickle

import numpy as np
import pytest

import cornu
from tests.saving.model_zoo import ZOO, assert_same_outputs, custom_classes, inputs_for, predict


class Doubler(cornu.layers.Layer):
    """Not registered: pickle finds it again by module and name."""

    def call(self, x):
        return x * 2.0


def _pickle(model):
    return pickle.loads(pickle.dumps(model))


COPIERS = {"pickle": _pickle, "deepcopy": copy.deepcopy}
NAMES = ["sequential", "multi_io", "nested", "subclassed", "custom_layer"]


@pytest.mark.parametrize("copier", sorted(COPIERS))
@pytest.mark.parametrize("name", NAMES)
def test_copy_predicts_the_same(name, copier):
    custom_classes(cornu)
    model = ZOO[name][0](cornu)
    copied = COPIERS[copier](model)
    assert type(copied) is type(model) and copied is not model
    x = inputs_for(name)
    assert_same_outputs(predict(model, x), predict(copied, x), rtol=0, atol=0)
    for a, b in zip(model.weights, copied.weights):
        assert a is not b


@pytest.mark.parametrize("copier", sorted(COPIERS))
def test_compiled_trained_model_keeps_optimizer_state(copier):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((16, 3)).astype("float32")
    y = [rng.standard_normal((16, 1)).astype("float32"),
         rng.standard_normal((16, 2)).astype("float32")]
    model = ZOO["multi_io"][0](cornu)
    model.compile(optimizer=cornu.optimizers.Adam(0.01), loss=["mse", "mae"], metrics=[["mae"],
                                                                                       []])
    xs = [x, x[:, :2]]
    model.fit(xs, y, batch_size=8, epochs=2, shuffle=False, verbose=0)
    copied = COPIERS[copier](model)
    assert int(np.asarray(copied.optimizer.iterations)) == 4
    assert len(copied.optimizer.variables) == len(model.optimizer.variables)
    for a, b in zip(model.optimizer.variables, copied.optimizer.variables):
        np.testing.assert_array_equal(np.asarray(b), np.asarray(a))
    ours, theirs = copied.get_compile_config(), model.get_compile_config()
    lr = "learning_rate"
    assert ours["optimizer"]["config"].pop(lr) == pytest.approx(
        theirs["optimizer"]["config"].pop(lr))
    assert ours == theirs
    model.fit(xs, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    copied.fit(xs, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    for a, b in zip(model.get_weights(), copied.get_weights()):
        np.testing.assert_allclose(b, a, rtol=1e-6, atol=1e-7)


def test_unregistered_custom_layer_travels_by_reference():
    model = cornu.Sequential([cornu.Input((2,)), Doubler(), cornu.layers.Dense(1)])
    x = np.ones((2, 2), "float32")
    for copier in COPIERS.values():
        copied = copier(model)
        assert isinstance(copied.layers[0], Doubler)
        np.testing.assert_array_equal(predict(copied, x), predict(model, x))


def test_pickled_bytes_are_a_keras_file(keras, tmp_path):
    # The pickle carries the .keras file itself: real Keras reads it.
    model = ZOO["conv"][0](cornu)
    _, (data, _) = model.__reduce__()
    (tmp_path / "from_pickle.keras").write_bytes(data)
    loaded = keras.saving.load_model(tmp_path / "from_pickle.keras")
    x = inputs_for("conv")
    assert_same_outputs(predict(model, x), predict(loaded, x))


def test_keras_pickles_the_same_way(keras):
    # Keras 3 also pickles through .keras bytes: optimizer state survives there too.
    for lib in (cornu, keras):
        model = lib.Sequential([lib.Input((3,)), lib.layers.Dense(2)])
        model.compile(optimizer="adam", loss="mse")
        model.fit(np.ones((4, 3)), np.zeros((4, 2)), verbose=0)
        copied = pickle.loads(pickle.dumps(model))
        assert int(np.asarray(copied.optimizer.iterations)) == 1, lib.__name__
