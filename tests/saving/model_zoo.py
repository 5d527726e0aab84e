"""Small models built the same way with cornu or real Keras (``lib`` is either module)."""

import numpy as np

_CUSTOM = {}


def custom_classes(lib):
    """A registered custom layer (own weight + a nested Dense) and a subclassed model, for
    ``lib``; registered once per library under the same names."""
    key = lib.__name__
    if key in _CUSTOM:
        return _CUSTOM[key]
    register = lib.saving.register_keras_serializable

    @register(package="saving_tests", name="Scale")
    class Scale(lib.layers.Layer):
        def __init__(self, factor=1.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), initializer="random_normal",
                                     name="w")
            self.inner = lib.layers.Dense(3, name=f"{self.name}_inner")
            self.inner.build(input_shape)

        def call(self, x):
            return self.inner(x * self.w * self.factor)

        def get_config(self):
            return {**super().get_config(), "factor": self.factor}

    @register(package="saving_tests", name="Net")
    class Net(lib.Model):
        def __init__(self, units=2, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.d1 = lib.layers.Dense(4, activation="relu")
            self.blocks = [lib.layers.Dense(4), lib.layers.Dense(units)]

        def call(self, x):
            x = self.d1(x)
            for block in self.blocks:
                x = block(x)
            return x

        def get_config(self):
            return {"units": self.units, "name": self.name}

    _CUSTOM[key] = (Scale, Net)
    return Scale, Net


def sequential(lib):
    return lib.Sequential([lib.Input((6,)), lib.layers.Dense(8, activation="relu"),
                           lib.layers.Dropout(0.1), lib.layers.BatchNormalization(),
                           lib.layers.Dense(3, activation="softmax")])


def multi_io(lib):
    a = lib.Input((3,), name="a")
    b = lib.Input((2,), name="b")
    shared = lib.layers.Dense(4, activation="relu")
    x = lib.layers.Concatenate()([shared(a), b])
    out1 = lib.layers.Dense(1, name="o1")(x)
    out2 = lib.layers.Dense(2, name="o2")(shared(lib.layers.Dense(3)(a)))
    return lib.Model([a, b], [out1, out2])


def nested(lib):
    i = lib.Input((3,))
    inner = lib.Model(i, lib.layers.Dense(2, name="inner_dense")(i), name="inner")
    a = lib.Input((3,), name="a")
    b = lib.Input((3,), name="b")
    shared = lib.layers.Dense(3, name="shared")
    x, y = inner(shared(a)), inner(shared(b))
    head = lib.Sequential([lib.layers.Dense(2)], name="head")
    z = head(lib.layers.Concatenate()([x, y]))
    return lib.Model({"a": a, "b": b}, {"out": z, "mid": lib.layers.Multiply()([x, y])})


def conv(lib):
    return lib.Sequential([
        lib.Input((8, 8, 3)), lib.layers.Conv2D(4, 3, padding="same", activation="relu"),
        lib.layers.MaxPooling2D(), lib.layers.SeparableConv2D(4, 3),
        lib.layers.DepthwiseConv2D(1), lib.layers.Conv2DTranspose(2, 3),
        lib.layers.BatchNormalization(), lib.layers.GlobalAveragePooling2D(),
        lib.layers.Dense(2)])


def recurrent(lib):
    return lib.Sequential([
        lib.Input((5,), dtype="int32"), lib.layers.Embedding(10, 4),
        lib.layers.LSTM(3, return_sequences=True),
        lib.layers.Bidirectional(lib.layers.GRU(2, return_sequences=True)),
        lib.layers.TimeDistributed(lib.layers.Dense(2)), lib.layers.SimpleRNN(2),
        lib.layers.Dense(1)])


def attention(lib):
    q = lib.Input((4, 6))
    v = lib.Input((5, 6))
    mha = lib.layers.MultiHeadAttention(2, 3)(q, v)
    dot = lib.layers.Attention()([q, v])
    add = lib.layers.AdditiveAttention()([q, v])
    x = lib.layers.LayerNormalization()(lib.layers.Add()([mha, dot, add]))
    return lib.Model([q, v], lib.layers.EinsumDense("abc,cd->abd", (4, 2), bias_axes="d")(x))


def grouped_attention(lib):
    q = lib.Input((4, 8))
    v = lib.Input((5, 8))
    x = lib.layers.GroupQueryAttention(4, 4, 2)(q, v)
    return lib.Model([q, v], lib.layers.MultiHeadAttention(2, 3, use_gate=True)(x, v))


def assorted(lib):
    x_in = lib.Input((4, 6))
    x = lib.layers.Reshape((6, 4))(x_in)
    x = lib.layers.Permute((2, 1))(x)
    x = lib.layers.Conv1D(4, 2)(x)
    x = lib.layers.GroupNormalization(2)(x)
    x = lib.layers.PReLU()(x)
    x = lib.layers.Flatten()(x)
    x = lib.layers.UnitNormalization()(lib.layers.Dense(4)(x))
    y = lib.layers.Subtract()([x, lib.layers.LeakyReLU()(x)])
    return lib.Model(x_in, lib.layers.Dot(axes=1)([x, y]))


def ops_graph(lib):
    a = lib.Input((4,))
    b = lib.Input((4,))
    x = lib.ops.add(a, b) * 2.0
    x = lib.ops.mean(lib.ops.expand_dims(x, 1), axis=1)
    y = lib.ops.concatenate([x, a[:, :2]], axis=-1)
    return lib.Model([a, b], lib.layers.Dense(2)(lib.ops.tanh(y)))


def custom_layer(lib):
    scale, _ = custom_classes(lib)
    return lib.Sequential([lib.Input((3,)), scale(2.0), lib.layers.Dense(1)])


def subclassed(lib):
    _, net = custom_classes(lib)
    model = net(units=2)
    model(np.zeros((1, 3), "float32"))
    return model


ZOO = {
    "sequential": (sequential, [(6,)]),
    "multi_io": (multi_io, [(3,), (2,)]),
    "nested": (nested, {"a": (3,), "b": (3,)}),
    "conv": (conv, [(8, 8, 3)]),
    "recurrent": (recurrent, "tokens"),
    "attention": (attention, [(4, 6), (5, 6)]),
    "grouped_attention": (grouped_attention, [(4, 8), (5, 8)]),
    "assorted": (assorted, [(4, 6)]),
    "ops_graph": (ops_graph, [(4,), (4,)]),
    "custom_layer": (custom_layer, [(3,)]),
    "subclassed": (subclassed, [(3,)]),
}


def inputs_for(name, batch=3, seed=0):
    rng = np.random.default_rng(seed)
    spec = ZOO[name][1]
    if spec == "tokens":
        return rng.integers(0, 10, (batch, 5)).astype("int32")
    if isinstance(spec, dict):
        return {k: rng.standard_normal((batch, *s)).astype("float32") for k, s in spec.items()}
    arrays = [rng.standard_normal((batch, *s)).astype("float32") for s in spec]
    return arrays[0] if len(arrays) == 1 else arrays


def predict(model, x):
    out = model.predict(x, verbose=0)
    if isinstance(out, dict):
        return {k: np.asarray(v) for k, v in out.items()}
    if isinstance(out, (list, tuple)):
        return [np.asarray(v) for v in out]
    return np.asarray(out)


def assert_same_outputs(a, b, rtol=1e-5, atol=1e-5):
    if isinstance(a, dict):
        assert sorted(a) == sorted(b)
        for key in a:
            np.testing.assert_allclose(b[key], a[key], rtol=rtol, atol=atol)
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            np.testing.assert_allclose(y, x, rtol=rtol, atol=atol)
    else:
        np.testing.assert_allclose(b, a, rtol=rtol, atol=atol)
