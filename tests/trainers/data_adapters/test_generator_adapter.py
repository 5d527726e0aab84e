"""fit/evaluate/predict on Python generators: same numerics as arrays, clear errors."""

import threading
import warnings

import numpy as np
import pytest
from _adapter_helpers import linear_data, make_model, same_weights

import cornu


def _batches(x, y=None, sw=None, batch_size=16):
    for start in range(0, len(x), batch_size):
        part = slice(start, start + batch_size)
        if y is None:
            yield x[part]
        elif sw is None:
            yield x[part], y[part]
        else:
            yield x[part], y[part], sw[part]


def _forever(*arrays, batch_size=16):
    while True:
        yield from _batches(*arrays, batch_size=batch_size)


def test_fit_on_a_generator_equals_fit_on_arrays():
    x, y = linear_data()
    on_arrays, on_gen = make_model(), make_model()
    h1 = on_arrays.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    h2 = on_gen.fit(_forever(x, y), steps_per_epoch=4, epochs=3, verbose=0)
    same_weights(on_arrays, on_gen)
    np.testing.assert_allclose(h1.history["loss"], h2.history["loss"], rtol=1e-5)


def test_sample_weights_and_class_weights_from_a_generator():
    x, y = linear_data()
    sw = np.linspace(0.5, 2.0, len(x)).astype("float32")
    a, b = make_model(), make_model()
    a.fit(x, y, sample_weight=sw, batch_size=16, shuffle=False, verbose=0)
    b.fit(_batches(x, y, sw), verbose=0)
    same_weights(a, b)
    labels = (y[:, 0] > np.median(y)).astype("float32")
    a, b = make_model(), make_model()
    a.fit(x, labels, class_weight={0: 1.0, 1: 4.0}, batch_size=16, shuffle=False, verbose=0)
    b.fit(_batches(x, labels), class_weight={0: 1.0, 1: 4.0}, verbose=0)
    same_weights(a, b)


def test_evaluate_and_predict_on_generators():
    x, y = linear_data()
    model = make_model(metrics=["mae"])
    want = model.evaluate(x, y, batch_size=16, verbose=0, return_dict=True)
    got = model.evaluate(_batches(x, y), verbose=0, return_dict=True)
    assert got.keys() == want.keys()
    for key in want:
        np.testing.assert_allclose(got[key], want[key], rtol=1e-5)
    np.testing.assert_allclose(model.predict(_batches(x), verbose=0),
                               model.predict(x, verbose=0), rtol=1e-6)
    # (x, y) batches: predict uses x only; steps bounds an endless generator.
    assert model.predict(_forever(x, y), steps=3, verbose=0).shape == (48, 1)


def test_validation_data_generator():
    x, y = linear_data()
    model = make_model()
    history = model.fit(_forever(x, y), steps_per_epoch=2, epochs=2, verbose=0,
                        validation_data=_forever(x, y), validation_steps=4)
    assert set(history.history) == {"loss", "val_loss"}
    want = model.evaluate(x, y, batch_size=16, verbose=0)
    model2 = make_model()
    model2.fit(_forever(x, y), steps_per_epoch=2, epochs=2, verbose=0)
    np.testing.assert_allclose(history.history["val_loss"][-1], want, rtol=1e-5)


def test_a_shared_generator_is_not_read_past_the_steps():
    x, y = linear_data()
    served = []

    def counting():
        for i, batch in enumerate(_forever(x, y, batch_size=8)):
            served.append(i)
            yield batch

    gen = counting()
    make_model().fit(gen, steps_per_epoch=3, epochs=2, verbose=0)
    assert served == list(range(6))
    next(gen)
    assert served[-1] == 6


def test_multi_input_dict_batches():
    inp_a, inp_b = cornu.Input((2,), name="a"), cornu.Input((3,), name="b")
    out = cornu.layers.Dense(1)(cornu.layers.Concatenate()([inp_a, inp_b]))
    model = cornu.Model({"a": inp_a, "b": inp_b}, out)
    model.compile("sgd", "mse")
    rng = np.random.default_rng(1)

    def gen():
        for _ in range(3):
            yield ({"a": rng.random((4, 2)), "b": rng.random((4, 3))}, rng.random((4, 1)))

    history = model.fit(gen(), epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


@pytest.mark.parametrize("batch,match", [
    ((np.zeros((4, 3)),) * 4, r"batch 0 is a tuple of 4 elements; expected each batch to be "
                              r"`x`, `\(x,\)`, `\(x, y\)` or `\(x, y, sample_weight\)`"),
    ("hello", r"unusable `x` \(str\)"),
    ((np.zeros((4, 3)), np.zeros((3, 1))), r"mixes sample counts \(x: 4, y: 3\)"),
    ((np.zeros((4, 3)), 1.0), r"scalar in `y`"),
    ((None, np.zeros((4, 1))), r"has no inputs"),
])
def test_wrong_structures_are_named(batch, match):
    def gen():
        yield batch

    with pytest.raises(ValueError, match=match):
        make_model().fit(gen(), verbose=0)


def test_a_bad_batch_later_in_the_stream():
    x, y = linear_data()

    def gen():
        yield x[:8], y[:8]
        yield x[:8], y[:8], y[:8], y[:8]

    model = make_model()
    with pytest.raises(ValueError, match="fit\\(\\) data \\(generator\\): batch 1 is a tuple"):
        model.fit(gen(), verbose=0)


def test_errors_inside_the_generator_propagate():
    def gen():
        yield np.zeros((4, 3)), np.zeros((4, 1))
        raise KeyError("broken record")

    with pytest.raises(KeyError, match="broken record"):
        make_model().fit(gen(), verbose=0)


def test_running_out_stops_training_with_a_warning():
    x, y = linear_data()
    model = make_model()
    with pytest.warns(UserWarning, match="ran out of data after 1 batch"):
        history = model.fit(_batches(x, y), steps_per_epoch=3, epochs=5, verbose=0)
    assert history.epoch == [0, 1]
    # Without steps_per_epoch an epoch is one pass; the second finds nothing.
    model = make_model()
    with pytest.warns(UserWarning, match="ran out of data after 0 batch"):
        history = model.fit(_batches(x, y), epochs=3, verbose=0)
    assert history.epoch == [0]


def test_loop_arguments_that_do_not_apply():
    x, y = linear_data()
    model = make_model()
    with pytest.raises(ValueError, match="`y` cannot be used when `x` is a generator"):
        model.fit(_batches(x, y), y, verbose=0)
    with pytest.raises(ValueError, match="`validation_split` cannot be used"):
        model.fit(_batches(x, y), validation_split=0.2, verbose=0)
    with pytest.warns(UserWarning, match="`batch_size` is ignored"):
        model.fit(_batches(x, y), batch_size=16, verbose=0)
    with pytest.raises(ValueError, match="produced no batches"):
        model.fit(iter([]), verbose=0)


def test_workers_zero_runs_on_the_calling_thread():
    x, y = linear_data()
    threads = set()

    def gen():
        for batch in _batches(x, y):
            threads.add(threading.current_thread().name)
            yield batch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        make_model().fit(gen(), workers=0, verbose=0)
    assert threads == {threading.current_thread().name}
    threads.clear()
    make_model().fit(gen(), verbose=0)
    assert threads == {"cornu-prefetch"}
