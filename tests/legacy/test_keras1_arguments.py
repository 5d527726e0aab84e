"""Every Keras 1/2 name of the legacy list works and warns once with its Keras 3 spelling.

(The renames themselves live with their layers/optimizers; this file checks them together.)
"""

import warnings

import numpy as np
import pytest

import cornu
from cornu import layers as L
from cornu.utils import legacy as legacy_utils


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch):
    from cornu.optimizers import legacy_arguments

    monkeypatch.setattr(legacy_utils, "_warned", set())
    monkeypatch.setattr(legacy_arguments, "_warned", set())  # the optimizers' own record


def _warnings(fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = fn()
    return value, [str(w.message) for w in caught if w.category is DeprecationWarning]


@pytest.mark.parametrize("build, check, modern", [
    (lambda: cornu.optimizers.SGD(lr=0.25),
     lambda o: float(o.learning_rate) == 0.25, "learning_rate="),
    (lambda: L.Dense(output_dim=3, input_dim=2, init="zero", W_regularizer="l2",
                     b_regularizer="l1"),
     lambda d: d.units == 3 and d._batch_input_shape == (None, 2), "units="),
    (lambda: L.Convolution2D(8, 3, 5, border_mode="same", subsample=(2, 1)),
     lambda c: c.kernel_size == (3, 5) and c.strides == (2, 1) and c.padding == "same",
     "Conv2D(filters, kernel_size"),
    (lambda: L.Convolution1D(4, 3, border_mode="valid"),
     lambda c: c.kernel_size == (3,) and c.filters == 4, "padding="),
    (lambda: L.LSTM(4, dropout_W=0.1, dropout_U=0.2),
     lambda r: r.dropout == 0.1 and r.recurrent_dropout == 0.2, "recurrent_dropout="),
    (lambda: L.Embedding(output_dim=8, input_dim=100, input_length=10),
     lambda e: e.output_dim == 8, "input_length"),
    (lambda: L.Dropout(p=0.3), lambda d: d.rate == 0.3, "rate="),
])
def test_renamed_arguments(build, check, modern):
    value, messages = _warnings(build)
    assert check(value)
    assert any(modern in m for m in messages), messages


def test_dense_keras1_arguments_compute_like_keras3():
    old, _ = _warnings(lambda: L.Dense(output_dim=2, input_dim=3, init="zero"))
    new = L.Dense(units=2, kernel_initializer="zeros")
    x = np.ones((1, 3), "float32")
    np.testing.assert_array_equal(cornu.ops.convert_to_numpy(old(x)),
                                  cornu.ops.convert_to_numpy(new(x)))


def test_max_pooling_positional_pool_size():
    x = np.arange(16, dtype="float32").reshape(1, 4, 4, 1)
    out = cornu.ops.convert_to_numpy(L.MaxPooling2D((2, 2))(x))
    np.testing.assert_array_equal(out[0, :, :, 0], [[5, 7], [13, 15]])


def test_model_methods_of_keras1():
    model = cornu.Sequential([L.Dense(3, input_dim=2, activation="softmax")])
    model.compile(loss="categorical_crossentropy", optimizer="sgd")
    x = np.random.RandomState(0).rand(5, 2)
    history, messages = _warnings(lambda: model.fit(x, np.eye(3)[[0, 1, 2, 0, 1]], nb_epoch=2,
                                                    verbose=0))
    assert len(history.history["loss"]) == 2 and any("epochs=" in m for m in messages)
    proba, messages = _warnings(lambda: model.predict_proba(x))
    assert any("use predict()" in m for m in messages)
    classes, messages = _warnings(lambda: model.predict_classes(x))
    np.testing.assert_array_equal(classes, proba.argmax(axis=-1))
    assert any("np.argmax" in m for m in messages)


def test_each_name_warns_only_once():
    _, first = _warnings(lambda: L.Dense(output_dim=1))
    _, second = _warnings(lambda: L.Dense(output_dim=1))
    assert first and not second
