"""Keras 1/2 generator methods, ``Model(input=, output=)`` and ``Dropout(p=)``."""

import warnings

import numpy as np
import pytest

import cornu
from cornu.layers import Dense, Input
from cornu.utils import legacy as legacy_utils

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
RNG = np.random.RandomState(0)
X = RNG.rand(40, 3).astype("float32")
Y = (X @ np.array([[1.0], [-2.0], [0.5]], "float32")).astype("float32")


def _model(seed=0):
    cornu.utils.set_random_seed(seed)
    model = cornu.Sequential([Input((3,)), Dense(4, activation="tanh"), Dense(1)])
    model.compile(loss="mse", optimizer="sgd", metrics=["mae"])
    return model


def _batches(batch=8, forever=True):
    while True:
        for i in range(0, len(X), batch):
            yield X[i:i + batch], Y[i:i + batch]
        if not forever:
            return


class _CountBatches(cornu.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.per_epoch = []

    def on_epoch_begin(self, epoch, logs=None):
        self.per_epoch.append(0)

    def on_train_batch_end(self, batch, logs=None):
        self.per_epoch[-1] += 1


def test_fit_generator_matches_fit_on_the_same_batches():
    a, b = _model(), _model()
    a.fit_generator(_batches(), steps_per_epoch=5, epochs=2, verbose=0)
    b.fit(_batches(), steps_per_epoch=5, epochs=2, verbose=0, shuffle=False)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, rtol=1e-6)


def test_keras1_samples_per_epoch_counts_samples():
    model, counter = _model(), _CountBatches()
    history = model.fit_generator(_batches(batch=8), samples_per_epoch=20, nb_epoch=3,
                                  verbose=0, callbacks=[counter],
                                  validation_data=_batches(batch=10), nb_val_samples=20,
                                  nb_worker=1, pickle_safe=False, max_q_size=4)
    assert counter.per_epoch == [3, 3, 3]  # ceil(20 samples / 8 per batch)
    assert len(history.history["loss"]) == 3 and "val_loss" in history.history


def test_validation_arrays_and_keras2_worker_arguments():
    model = _model()
    history = model.fit_generator(_batches(), steps_per_epoch=2, epochs=1, verbose=0,
                                  validation_data=(X, Y), workers=1,
                                  use_multiprocessing=False, max_queue_size=2)
    assert set(history.history) == {"loss", "mae", "val_loss", "val_mae"}


def test_evaluate_and_predict_generator_match_the_array_methods():
    model = _model()
    expected = model.evaluate(X, Y, batch_size=8, verbose=0)
    np.testing.assert_allclose(model.evaluate_generator(_batches(), steps=5), expected,
                               rtol=1e-5)
    np.testing.assert_allclose(model.evaluate_generator(_batches(), val_samples=40), expected,
                               rtol=1e-5)
    inputs = (x for x, _ in _batches(forever=False))
    np.testing.assert_allclose(model.predict_generator(inputs), model.predict(X, verbose=0),
                               rtol=1e-5)
    inputs = (x for x, _ in _batches())
    assert model.predict_generator(inputs, val_samples=16).shape == (16, 1)


def test_sequence_input_and_errors():
    class Batches(cornu.utils.Sequence):
        def __len__(self):
            return 5

        def __getitem__(self, i):
            return X[i * 8:(i + 1) * 8], Y[i * 8:(i + 1) * 8]

    model = _model()
    history = model.fit_generator(Batches(), samples_per_epoch=24, epochs=1, verbose=0)
    assert len(history.history["loss"]) == 1
    with pytest.raises(TypeError, match="not both"):
        model.fit_generator(_batches(), steps_per_epoch=2, samples_per_epoch=16, verbose=0)
    with pytest.raises(TypeError, match="unexpected keyword"):
        model.fit_generator(_batches(), steps_per_epoch=2, colour="red")


def test_generator_methods_warn_once(monkeypatch):
    monkeypatch.setattr(legacy_utils, "_warned", set())
    model = _model()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit_generator(_batches(), samples_per_epoch=8, epochs=1, verbose=0)
        model.fit_generator(_batches(), samples_per_epoch=8, epochs=1, verbose=0)
    messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert len(messages) == 2
    assert "use fit()" in messages[0] and "counts batches, not samples" in messages[1]


def test_model_input_output_keywords():
    a, b = Input((3,)), Input((2,))
    y = cornu.layers.Concatenate()([a, b])
    model = cornu.Model(input=[a, b], output=y)
    assert model.output_shape == (None, 5)
    single = cornu.Model(input=a, output=Dense(2)(a), name="m")
    assert single.name == "m" and single.output_shape == (None, 2)
    with pytest.raises(TypeError, match="not both"):
        cornu.Model(input=a, inputs=a, outputs=y)
    with pytest.raises(TypeError, match="needs both"):
        cornu.models.Functional(inputs=a)


def test_dropout_p():
    layer = cornu.layers.Dropout(p=0.25)
    assert layer.rate == 0.25 and layer.get_config()["rate"] == 0.25
    with pytest.raises(ValueError, match="rate"):
        cornu.layers.Dropout()
