"""``Model(inputs=[x], outputs=[y])``: one-entry lists behave as in Keras 3 (the oracle):
data in gives a bare array/tensor out, symbolic calls keep the list, and fit/evaluate name
the losses and metrics as for a single output."""

import numpy as np
import pytest

import cornu


def _model(lib, container=list):
    x = lib.Input((3,), name="x")
    y = lib.layers.Dense(2, name="d")(x)
    return lib.Model(inputs=container([x]), outputs=container([y]))


def _same_weights(src, dst):
    dst.set_weights([np.asarray(w) for w in src.get_weights()])


@pytest.mark.parametrize("container", [list, tuple])
def test_predict_and_call_unpack_like_keras(keras, container):
    ours, theirs = _model(cornu, container), _model(keras, container)
    _same_weights(theirs, ours)
    x = np.random.default_rng(0).standard_normal((4, 3)).astype("float32")
    expected = theirs.predict(x, verbose=0)
    got = ours.predict(x, verbose=0)
    assert type(expected) is np.ndarray
    assert type(got) is np.ndarray
    np.testing.assert_allclose(got, expected, rtol=1e-6)
    np.testing.assert_allclose(np.asarray(ours.predict_on_batch(x)), expected, rtol=1e-6)
    for arg in (x, [x]):
        out = ours(arg)
        assert cornu.ops.is_tensor(out), type(out)
        np.testing.assert_allclose(cornu.ops.convert_to_numpy(out), expected, rtol=1e-6)
    assert ours.output_shape == theirs.output_shape == (None, 2)
    assert ours.input_shape == theirs.input_shape == (None, 3)


def test_symbolic_call_keeps_the_list(keras):
    for lib in (cornu, keras):
        out = _model(lib)(lib.Input((3,)))
        assert isinstance(out, list) and len(out) == 1, lib.__name__


@pytest.mark.parametrize("loss, metrics", [("mse", ["mae"]), (["mse"], [["mae"]]),
                                           ({"d": "mse"}, {"d": "mae"})])
def test_fit_and_evaluate_name_a_single_output(keras, loss, metrics):
    x = np.random.default_rng(1).standard_normal((8, 3)).astype("float32")
    y = np.random.default_rng(2).standard_normal((8, 2)).astype("float32")
    results, start = {}, None
    for lib in (keras, cornu):
        model = _model(lib)
        if start is None:
            start = [np.asarray(w) for w in model.get_weights()]
        model.set_weights(start)
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss=loss, metrics=metrics)
        history = model.fit(x, [y], batch_size=8, epochs=2, shuffle=False, verbose=0).history
        scores = model.evaluate(x, y, verbose=0, return_dict=True)
        results[lib.__name__] = (history, scores)
    (h_k, s_k), (h_c, s_c) = results["keras"], results["cornu"]
    assert sorted(h_c) == sorted(h_k) == ["loss", "mae"]
    assert sorted(s_c) == sorted(s_k)
    for key in h_k:
        np.testing.assert_allclose(h_c[key], h_k[key], rtol=1e-5)
    for key in s_k:
        np.testing.assert_allclose(s_c[key], s_k[key], rtol=1e-5)


def test_two_outputs_still_give_a_list(keras):
    for lib in (cornu, keras):
        x = lib.Input((3,))
        model = lib.Model([x], [lib.layers.Dense(2)(x), lib.layers.Dense(1)(x)])
        out = model.predict(np.ones((2, 3), "float32"), verbose=0)
        assert isinstance(out, list) and [o.shape for o in out] == [(2, 2), (2, 1)]
