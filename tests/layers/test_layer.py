"""The Layer engine: building, weights, training flag, masks, losses, config, errors."""

import numpy as np
import pytest

import cornu
from cornu import layers, ops


class Scale(layers.Layer):
    def __init__(self, units=3, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="ones",
                                 name="w")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros", trainable=False,
                                 name="b")

    def call(self, x):
        return ops.matmul(x, self.w) + self.b


def test_lazy_build_on_first_call():
    layer = Scale(4)
    assert not layer.built
    out = layer(np.ones((2, 5), dtype="float32"))
    assert layer.built
    assert tuple(out.shape) == (2, 4)
    np.testing.assert_allclose(ops.convert_to_numpy(out), np.full((2, 4), 5.0))


def test_weights_lists_and_paths():
    layer = Scale(2, name="scale")
    layer.build((None, 3))
    assert [w.path for w in layer.weights] == ["scale/w", "scale/b"]
    assert [w.path for w in layer.trainable_weights] == ["scale/w"]
    assert [w.path for w in layer.non_trainable_weights] == ["scale/b"]
    layer.trainable = False
    assert layer.trainable_weights == []
    assert len(layer.non_trainable_weights) == 2


def test_get_set_weights_roundtrip_and_shape_error():
    layer = Scale(2)
    layer.build((None, 3))
    new = [np.arange(6, dtype="float32").reshape(3, 2), np.array([1.0, 2.0], "float32")]
    layer.set_weights(new)
    for got, want in zip(layer.get_weights(), new):
        np.testing.assert_array_equal(got, want)
    before = layer.get_weights()
    with pytest.raises(ValueError, match=r"shape \(3, 2\).*shape \(2, 2\)"):
        layer.set_weights([np.zeros((2, 2)), np.zeros(2)])
    for got, want in zip(layer.get_weights(), before):  # nothing changed on error
        np.testing.assert_array_equal(got, want)
    with pytest.raises(ValueError, match="expected a list of 2"):
        layer.set_weights([np.zeros((3, 2))])


def test_unique_names():
    cornu.backend.clear_session()
    a, b, c = layers.Dense(1), layers.Dense(1), layers.Dense(1, name="mine")
    assert (a.name, b.name, c.name) == ("dense", "dense_1", "mine")


def test_layer_is_a_torch_module():
    torch = pytest.importorskip("torch")
    layer = layers.Dense(3)
    layer(np.ones((1, 4), "float32"))
    assert isinstance(layer, torch.nn.Module)
    params = list(layer.parameters())
    assert len(params) == 2 and params[0] is layer.kernel
    assert set(layer.state_dict()) == {"kernel", "bias"}
    model = cornu.Sequential([layers.Dense(2, input_shape=(3,)), layers.Dense(1)])
    assert len(list(model.parameters())) == 4
    assert len(model.state_dict()) == 4
    moved = model.to("cpu")
    assert moved is model


def test_torch_module_inside_model_trains():
    torch = pytest.importorskip("torch")
    lin = torch.nn.Linear(3, 1)
    model = cornu.Sequential([cornu.Input(shape=(3,)), lin])
    assert len(model.trainable_weights) == 2
    before = lin.weight.detach().clone()
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.rand(16, 3).astype("float32")
    model.fit(x, x.sum(1, keepdims=True), epochs=2, verbose=0)
    assert not torch.equal(before, lin.weight.detach())


def test_training_flag_propagates_to_nested_layers():
    seen = []

    class Probe(layers.Layer):
        def call(self, x, training=None):
            seen.append(training)
            return x

    class Outer(layers.Layer):
        def __init__(self):
            super().__init__()
            self.probe = Probe()

        def call(self, x):
            return self.probe(x)

    outer = Outer()
    x = np.ones((1, 2), "float32")
    outer(x, training=True)
    outer(x, training=False)
    outer(x)
    assert seen == [True, False, None]


def test_input_spec_error_names_layer():
    dense = layers.Dense(2, name="fc")
    dense(np.ones((1, 3), "float32"))
    with pytest.raises(ValueError, match=r"layer 'fc'.*axis -1.*value 3.*\(1, 4\)"):
        dense(np.ones((1, 4), "float32"))


def test_add_loss_and_regularizer_losses():
    class Penalty(layers.Layer):
        def call(self, x):
            self.add_loss(ops.sum(x))
            return x

    p = Penalty()
    p(np.ones((2, 2), "float32"))
    assert len(p.losses) == 1
    np.testing.assert_allclose(ops.convert_to_numpy(p.losses[0]), 4.0)
    d = layers.Dense(1, kernel_regularizer=cornu.regularizers.l2(0.5), kernel_initializer="ones")
    d(np.ones((1, 3), "float32"))
    np.testing.assert_allclose(ops.convert_to_numpy(d.losses[0]), 0.5 * 3, rtol=1e-6)


def test_config_roundtrip():
    layer = layers.Dense(5, activation="relu", name="d")
    config = layer.get_config()
    clone = layers.Dense.from_config(config)
    assert clone.get_config() == config
    custom = Scale(7, name="s")
    assert Scale.from_config(custom.get_config()).units == 7


def test_mask_propagation_hooks():
    class NeedsMask(layers.Layer):
        def call(self, x, mask=None):
            self.mask_seen = mask
            return x

    x = np.array([[[1.0], [0.0], [2.0]]], dtype="float32")
    masked = layers.Masking(0.0)(x)
    probe = NeedsMask()
    probe(masked)
    assert ops.convert_to_numpy(probe.mask_seen).tolist() == [[True, False, True]]


def test_unknown_kwarg_error():
    with pytest.raises(TypeError, match=r"Dense: unexpected keyword argument\(s\) \['unitz'\]"):
        layers.Dense(3, unitz=4)


def test_keras2_style_custom_layer_from_seed():
    from cornu import backend as K

    class MyLayer(layers.Layer):
        def __init__(self, output_dim, **kwargs):
            self.output_dim = output_dim
            super().__init__(**kwargs)

        def build(self, input_shape):
            self.kernel = self.add_weight(name="kernel", shape=(input_shape[1], self.output_dim),
                                          initializer="uniform", trainable=True)
            super().build(input_shape)

        def call(self, x):
            return K.dot(x, self.kernel)

        def compute_output_shape(self, input_shape):
            return (input_shape[0], self.output_dim)

    inputs = cornu.Input(shape=(4,))
    out = MyLayer(3)(inputs)
    assert out.shape == (None, 3)
    model = cornu.Model(inputs, out)
    assert model.predict(np.ones((2, 4), "float32"), verbose=0).shape == (2, 3)
