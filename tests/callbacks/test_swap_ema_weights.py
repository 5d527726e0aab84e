"""SwapEMAWeights: validation and prediction use the moving averages, training does not."""

import numpy as np
import pytest

import cornu
from cornu.callbacks import SwapEMAWeights


def _data():
    rng = np.random.default_rng(0)
    x = rng.random((32, 3)).astype("float32")
    y = x @ np.array([[1.0], [-2.0], [0.5]], "float32") + 0.25
    return x, y


def _model(library=cornu, weights=None):
    model = library.Sequential([library.Input((3,)), library.layers.Dense(1)])
    model.compile(optimizer=library.optimizers.SGD(0.1, use_ema=True, ema_momentum=0.9),
                  loss="mse")
    if weights is not None:
        model.set_weights(weights)
    return model


class Probe(cornu.callbacks.Callback):
    def __init__(self):
        super().__init__()
        self.at_test_begin, self.averages, self.before_test, self.after_test = [], [], [], []

    def on_train_batch_end(self, batch, logs=None):
        self.last_raw = self.model.get_weights()

    def on_test_begin(self, logs=None):
        self.at_test_begin.append(self.model.get_weights())
        averages = self.model.optimizer._model_variables_moving_average
        self.averages.append([cornu.ops.convert_to_numpy(a) for a in averages])
        self.before_test.append(self.last_raw)

    def on_test_end(self, logs=None):
        self.after_test.append(self.model.get_weights())


def test_validation_runs_on_the_averages():
    x, y = _data()
    probe = Probe()
    history = _model().fit(x, y, batch_size=8, epochs=3, validation_data=(x, y), verbose=0,
                           shuffle=False, callbacks=[SwapEMAWeights(), probe])
    for epoch in range(3):
        raw = probe.before_test[epoch]
        # Swapped: the model holds the averages, the average slots hold the raw weights.
        for held, slot in zip(raw, probe.averages[epoch]):
            np.testing.assert_array_equal(held, slot)
        assert not np.array_equal(probe.at_test_begin[epoch][0], raw[0])
        for back, before in zip(probe.after_test[epoch], raw):
            np.testing.assert_array_equal(back, before)
        kernel, bias = probe.at_test_begin[epoch]
        expected = np.mean((x @ kernel + bias - y) ** 2)
        assert history.history["val_loss"][epoch] == pytest.approx(expected, rel=1e-5)


def test_without_the_callback_validation_uses_raw_weights():
    x, y = _data()
    probe = Probe()
    _model().fit(x, y, batch_size=8, epochs=1, validation_data=(x, y), verbose=0,
                 shuffle=False, callbacks=[probe])
    for seen, raw in zip(probe.at_test_begin[0], probe.before_test[0]):
        np.testing.assert_array_equal(seen, raw)


def test_predict_with_averages_then_swap_back():
    x, y = _data()
    model = _model()
    model.fit(x, y, batch_size=8, epochs=1, verbose=0)
    raw = model.get_weights()
    averages = [cornu.ops.convert_to_numpy(a)
                for a in model.optimizer._model_variables_moving_average]
    averages = [a + 1.0 for a in averages]  # make them clearly different from the weights
    for variable, value in zip(model.optimizer._model_variables_moving_average, averages):
        variable.assign(value)
    predictions = model.predict(x, verbose=0, callbacks=[SwapEMAWeights()])
    np.testing.assert_allclose(predictions, x @ averages[0] + averages[1], rtol=1e-5)
    for now, before in zip(model.get_weights(), raw):
        np.testing.assert_array_equal(now, before)


def test_swap_on_epoch_shows_averages_to_later_callbacks():
    x, y = _data()
    seen = []
    model = _model()
    model.fit(x, y, batch_size=8, epochs=2, verbose=0, callbacks=[
        SwapEMAWeights(swap_on_epoch=True),
        cornu.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(
            (model.get_weights(), [cornu.ops.convert_to_numpy(a) for a in
                                   model.optimizer._model_variables_moving_average])))])
    weights, slots = seen[0]
    for w, slot in zip(weights, slots):  # after epoch 1 the model holds the averages
        assert not np.array_equal(w, slot)
    weights, slots = seen[-1]  # last epoch: the averages stay, and the slots agree
    for w, slot, final in zip(weights, slots, model.get_weights()):
        np.testing.assert_array_equal(w, slot)
        np.testing.assert_array_equal(w, final)


def test_needs_an_ema_optimizer():
    x, y = _data()
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match="use_ema=True"):
        model.fit(x, y, epochs=1, validation_data=(x, y), verbose=0,
                  callbacks=[SwapEMAWeights()])


def test_same_validation_losses_as_keras(keras):
    x, y = _data()
    start = _model().get_weights()
    losses = {}
    for library in (cornu, keras):
        model = _model(library, start)
        history = model.fit(x, y, batch_size=8, epochs=3, validation_data=(x, y), verbose=0,
                            shuffle=False, callbacks=[library.callbacks.SwapEMAWeights()])
        losses[library.__name__] = history.history["val_loss"]
    np.testing.assert_allclose(losses["cornu"], losses["keras"], rtol=1e-5)
