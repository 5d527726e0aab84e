"""Oracle helper: a cornu layer and the same Keras 3 layer, same weights, same outputs."""

import numpy as np

import cornu
from cornu import ops


def compare_with_keras(keras, name, kwargs, input_shape, seed=0, rtol=1e-5, atol=1e-5,
                       mask=None):
    """Builds ``name(**kwargs)`` in both libraries, gives both the same random weights
    (non-zero biases included) and inputs, and checks weight names/shapes/order, outputs and
    config keys. Returns (cornu_layer, keras_layer, cornu_output)."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(input_shape).astype("float32")
    k_layer = getattr(keras.layers, name)(**kwargs)
    c_layer = getattr(cornu.layers, name)(**kwargs)
    k_layer.build(input_shape)
    c_layer.build(input_shape)
    k_names = [w.path.split("/")[-1] for w in k_layer.weights]
    c_names = [w.path.split("/")[-1] for w in c_layer.weights]
    assert c_names == k_names
    assert [tuple(w.shape) for w in c_layer.weights] == [tuple(w.shape) for w in k_layer.weights]
    weights = [rng.standard_normal(w.shape).astype("float32") * 0.5 for w in k_layer.weights]
    k_layer.set_weights(weights)
    c_layer.set_weights(weights)
    extra = {} if mask is None else {"mask": mask}
    want = keras.ops.convert_to_numpy(k_layer(x, **extra))
    got = ops.convert_to_numpy(c_layer(x, **extra))
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=rtol, atol=atol)
    assert tuple(c_layer.compute_output_shape(input_shape)) == tuple(
        k_layer.compute_output_shape(input_shape))
    assert set(c_layer.get_config()) == set(k_layer.get_config())
    return c_layer, k_layer, got


def keras_config_round_trip(keras, layer):
    """Keras 3 can rebuild ``layer`` from cornu's config (values compare equal)."""
    config = layer.get_config()
    plain = {k: v for k, v in config.items() if not isinstance(v, dict) and k != "name"}
    clone = getattr(keras.layers, type(layer).__name__).from_config(plain)
    theirs = clone.get_config()
    for key, value in plain.items():
        if key in theirs and key != "dtype":
            assert _norm(theirs[key]) == _norm(value), key


def _norm(value):
    if isinstance(value, (list, tuple)):
        return tuple(_norm(v) for v in value)
    return value
