"""Functional models: several inputs/outputs, shared layers, nesting, calling on tensors."""

import numpy as np
import pytest

import cornu
from cornu import layers, ops


def test_seed_functional_example():
    a = cornu.Input(shape=(32,))
    b = layers.Dense(32)(a)
    model = cornu.Model(inputs=a, outputs=b)
    assert isinstance(model, cornu.models.Functional)
    assert model.output_shape == (None, 32)
    x = np.random.rand(4, 32).astype("float32")
    dense = model.layers[1]
    want = x @ dense.get_weights()[0] + dense.get_weights()[1]
    np.testing.assert_allclose(model.predict(x, verbose=0), want, rtol=1e-5, atol=1e-6)


def test_two_inputs_two_outputs_shared_layer():
    shared = layers.Dense(4, name="shared")
    xa, xb = cornu.Input(shape=(3,), name="xa"), cornu.Input(shape=(3,), name="xb")
    ha, hb = shared(xa), shared(xb)
    merged = ops.add(ha, hb)
    out1 = layers.Dense(1, name="out1")(merged)
    out2 = layers.Dense(2, name="out2")(ha)
    model = cornu.Model([xa, xb], [out1, out2])
    assert len(shared._inbound_nodes) == 2
    a = np.random.rand(5, 3).astype("float32")
    b = np.random.rand(5, 3).astype("float32")
    y1, y2 = model.predict([a, b], verbose=0)
    k, bias = shared.get_weights()
    h = (a @ k + bias) + (b @ k + bias)
    k1, b1 = model.get_layer("out1").get_weights()
    np.testing.assert_allclose(y1, h @ k1 + b1, rtol=1e-5, atol=1e-5)
    assert y2.shape == (5, 2)
    by_name = model.predict({"xa": a, "xb": b}, verbose=0)
    np.testing.assert_allclose(by_name[0], y1, rtol=1e-6)


def test_nested_model_and_model_called_like_a_layer():
    inner_in = cornu.Input(shape=(3,))
    inner = cornu.Model(inner_in, layers.Dense(2)(inner_in), name="inner")
    outer_in = cornu.Input(shape=(3,))
    out = layers.Dense(1)(inner(outer_in))
    outer = cornu.Model(outer_in, out)
    assert outer.output_shape == (None, 1)
    assert len(outer.trainable_weights) == 4
    x = np.random.rand(2, 3).astype("float32")
    direct = ops.convert_to_numpy(outer(x))
    np.testing.assert_allclose(outer.predict(x, verbose=0), direct, rtol=1e-6)


def test_training_a_functional_model_with_dict_targets():
    inp = cornu.Input(shape=(2,), name="inp")
    reg = layers.Dense(1, name="reg")(inp)
    cls = layers.Dense(1, activation="sigmoid", name="cls")(inp)
    model = cornu.Model(inp, [reg, cls])
    model.compile(optimizer="adam", loss={"reg": "mse", "cls": "binary_crossentropy"},
                  loss_weights={"reg": 1.0, "cls": 0.5}, metrics={"cls": ["accuracy"]})
    x = np.random.rand(32, 2).astype("float32")
    hist = model.fit(x, {"reg": x.sum(1), "cls": (x[:, 0] > 0.5).astype("float32")},
                     epochs=2, verbose=0)
    assert {"loss", "reg_loss", "cls_loss", "cls_accuracy"} <= set(hist.history)
    labels = (x[:, 0] > 0.5).astype("float32")
    result = model.evaluate(x, {"cls": labels, "reg": x.sum(1)}, verbose=0, return_dict=True)
    reg_pred, cls_pred = model.predict(x, verbose=0)
    want_acc = np.mean((cls_pred[:, 0] > 0.5) == labels)
    np.testing.assert_allclose(result["cls_accuracy"], want_acc, rtol=1e-6)
    np.testing.assert_allclose(result["reg_loss"], np.mean((reg_pred[:, 0] - x.sum(1)) ** 2),
                               rtol=1e-5)


def test_errors():
    with pytest.raises(ValueError, match="symbolic tensor"):
        cornu.Model(np.ones(3), layers.Dense(1)(cornu.Input(shape=(3,))))
    x = cornu.Input(shape=(3,))
    model = cornu.Model(x, layers.Dense(1)(x))
    with pytest.raises(ValueError, match="expects 1 input"):
        model.predict([np.ones((1, 3)), np.ones((1, 3))], verbose=0)


def test_subclassed_model():
    class TwoLayer(cornu.Model):
        def __init__(self):
            super().__init__()
            self.hidden = layers.Dense(8, activation="relu")
            self.out = layers.Dense(1)

        def call(self, x):
            return self.out(self.hidden(x))

    model = TwoLayer()
    model.compile(optimizer="adam", loss="mse")
    x = np.random.rand(64, 3).astype("float32")
    y = x.sum(1, keepdims=True)
    first = model.evaluate(x, y, verbose=0)
    model.fit(x, y, epochs=30, verbose=0)
    assert model.evaluate(x, y, verbose=0) < first
    assert len(model.trainable_weights) == 4
    assert [layer.name for layer in model.layers] == [model.hidden.name, model.out.name]


def test_recorded_training_true_does_not_augment_at_inference(keras, tmp_path):
    """Keras records `training=True` for augmentation layers; predict must not augment,
    while a recorded `training=False` (a frozen base) stays inference during fit."""
    inputs = keras.Input((8, 8, 3))
    flipped = keras.layers.RandomFlip(seed=1)(inputs)
    keras.Model(inputs, keras.layers.Flatten()(flipped)).save(tmp_path / "k.keras")
    model = cornu.saving.load_model(tmp_path / "k.keras")
    x = np.random.default_rng(0).random((4, 8, 8, 3)).astype("float32")
    np.testing.assert_array_equal(model.predict(x, verbose=0), x.reshape(4, -1))
    trained = np.asarray(cornu.ops.convert_to_numpy(model(x, training=True)))
    assert not np.array_equal(trained, x.reshape(4, -1))  # still augments when training

    inner = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dropout(0.99)])
    outer_in = cornu.Input((3,))
    outer = cornu.Model(outer_in, inner(outer_in, training=False))
    ones = np.ones((2, 3), "float32")
    np.testing.assert_array_equal(cornu.ops.convert_to_numpy(outer(ones, training=True)), ones)


def test_data_that_does_not_fit_the_input_is_refused_as_in_keras(keras):
    def build(lib):
        inputs = lib.Input((8, 8, 3))
        x = lib.layers.Conv2D(2, 3)(inputs)
        return lib.Model(inputs, lib.layers.GlobalAveragePooling2D()(x))

    ours, theirs = build(cornu), build(keras)
    wrong = np.zeros((2, 16, 16, 3), "float32")
    with pytest.raises(ValueError):
        theirs(wrong)
    with pytest.raises(ValueError, match=r"expects data of shape \(None, 8, 8, 3\).*"
                                         r"\(2, 16, 16, 3\)"):
        ours(wrong)
    with pytest.raises(ValueError, match="expects data of shape"):
        ours.predict(np.zeros((2, 8, 8), "float32"), verbose=0)
    assert ours(np.zeros((2, 8, 8, 3), "float32")).shape == (2, 2)  # free batch size
    free = cornu.Model(*(lambda i: (i, layers.GlobalAveragePooling2D()(i)))(
        cornu.Input((None, None, 3))))
    assert free(np.zeros((1, 5, 7, 3), "float32")).shape == (1, 3)
