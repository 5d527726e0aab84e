"""LoRA on Dense, EinsumDense and Embedding: Keras oracle, training, saving both ways."""

import numpy as np
import pytest

import cornu
from cornu import layers, ops

RNG = np.random.default_rng(3)
X = RNG.standard_normal((4, 5)).astype("float32")
IDS = RNG.integers(0, 10, (2, 4))

CASES = [
    ("Dense", {"units": 3}, X),
    ("EinsumDense", {"equation": "ab,bcd->acd", "output_shape": (2, 3), "bias_axes": "d"}, X),
    ("Embedding", {"input_dim": 10, "output_dim": 3}, IDS),
]


@pytest.mark.parametrize("name,kwargs,inputs", CASES, ids=[c[0] for c in CASES])
def test_enable_lora_matches_keras(keras, name, kwargs, inputs):
    theirs, ours = getattr(keras.layers, name)(**kwargs), getattr(layers, name)(**kwargs)
    theirs(inputs)
    ours(inputs)
    ours.set_weights(theirs.get_weights())
    before = ops.convert_to_numpy(ours(inputs))
    theirs.enable_lora(2, lora_alpha=4)
    ours.enable_lora(2, lora_alpha=4)
    # B starts at zero: enabling LoRA changes nothing
    np.testing.assert_allclose(ops.convert_to_numpy(ours(inputs)), before, rtol=1e-6)
    assert [w.path.split("/")[-1] for w in theirs.weights] == [w.name for w in ours.weights]
    assert [w.trainable for w in theirs.weights] == [w.trainable for w in ours.weights]
    values = [RNG.standard_normal(w.shape).astype("float32") for w in theirs.get_weights()]
    theirs.set_weights(values)
    ours.set_weights(values)
    np.testing.assert_allclose(ops.convert_to_numpy(ours(inputs)),
                               keras.ops.convert_to_numpy(theirs(inputs)), rtol=1e-5, atol=1e-5)
    for key in ("lora_rank", "lora_alpha"):
        assert ours.get_config()[key] == theirs.get_config()[key]


def test_only_the_low_rank_factors_train():
    model = cornu.Sequential([cornu.Input((5,)), layers.Dense(8, activation="relu"),
                              layers.Dense(2)])
    for layer in model.layers:
        layer.enable_lora(2)
    assert [w.name for w in model.trainable_weights] == [
        "bias", "lora_kernel_a", "lora_kernel_b"] * 2
    kernels = [layer.kernel.numpy().copy() for layer in model.layers]
    model.compile("adam", "mse")
    history = model.fit(X, X[:, :2], epochs=20, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    for layer, kernel in zip(model.layers, kernels):
        np.testing.assert_array_equal(layer.kernel.numpy(), kernel)
        assert np.abs(layer.lora_kernel_b.numpy()).max() > 0


def test_lora_rank_argument_builds_with_lora_and_round_trips_config():
    layer = layers.Dense(3, lora_rank=2, lora_alpha=8)
    layer.build((None, 5))
    assert layer.lora_enabled and layer.lora_alpha == 8
    assert [w.shape for w in layer.trainable_weights] == [(3,), (5, 2), (2, 3)]
    clone = layers.Dense.from_config(layer.get_config())
    clone.build((None, 5))
    assert clone.lora_enabled and clone.lora_rank == 2 and clone.lora_alpha == 8


def test_saving_merges_the_update_into_the_kernel(tmp_path):
    model = cornu.Sequential([cornu.Input((5,)), layers.Dense(3)])
    model.layers[0].enable_lora(2)
    model.set_weights([RNG.standard_normal(w.shape).astype("float32")
                       for w in model.get_weights()])
    want = model.predict(X, verbose=0)
    model.save_weights(tmp_path / "w.weights.h5")
    plain = cornu.Sequential([cornu.Input((5,)), layers.Dense(3)])
    plain.load_weights(tmp_path / "w.weights.h5")
    np.testing.assert_allclose(plain.predict(X, verbose=0), want, rtol=1e-5, atol=1e-6)
    model.load_weights(tmp_path / "w.weights.h5")  # base = merged, update restarts at 0
    assert not np.any(model.layers[0].lora_kernel_b.numpy())
    np.testing.assert_allclose(model.predict(X, verbose=0), want, rtol=1e-5, atol=1e-6)


def test_keras_file_with_lora_loads_in_cornu_and_back(keras, tmp_path):
    theirs = keras.Sequential([keras.Input((5,)), keras.layers.Dense(3, lora_rank=2)])
    theirs.set_weights([RNG.standard_normal(w.shape).astype("float32")
                        for w in theirs.get_weights()])
    theirs.save(tmp_path / "k.keras")
    ours = cornu.saving.load_model(tmp_path / "k.keras")
    assert ours.layers[0].lora_enabled
    want = keras.ops.convert_to_numpy(theirs.predict(X, verbose=0))
    np.testing.assert_allclose(ours.predict(X, verbose=0), want, rtol=1e-5, atol=1e-5)
    ours.save(tmp_path / "c.keras")
    back = keras.saving.load_model(tmp_path / "c.keras")
    np.testing.assert_allclose(keras.ops.convert_to_numpy(back.predict(X, verbose=0)), want,
                               rtol=1e-5, atol=1e-5)


def test_lora_errors_are_clear():
    layer = layers.Dense(3)
    with pytest.raises(ValueError, match="build the layer"):
        layer.enable_lora(2)
    layer.build((None, 4))
    layer.enable_lora(2)
    with pytest.raises(ValueError, match="already enabled"):
        layer.enable_lora(2)
    constrained = layers.Dense(3, kernel_constraint="non_neg")
    constrained.build((None, 4))
    with pytest.raises(ValueError, match="constraint"):
        constrained.enable_lora(2)
    with pytest.raises(ValueError, match="positive integer"):
        layers.Dense(3, lora_rank=0)
