"""fit/evaluate/predict call the hooks in Keras 3's order, checked against real Keras."""

import numpy as np
import pytest

import cornu

_HOOKS = (
    "on_train_begin", "on_train_end", "on_epoch_begin", "on_epoch_end", "on_test_begin",
    "on_test_end", "on_predict_begin", "on_predict_end", "on_train_batch_begin",
    "on_train_batch_end", "on_test_batch_begin", "on_test_batch_end",
    "on_predict_batch_begin", "on_predict_batch_end",
)


def _recorder(base):
    """A callback class (subclass of ``base``) that records every hook call."""

    def make(name):
        def hook(self, *args, **kwargs):
            index = args[0] if args and isinstance(args[0], int) else None
            self.calls.append(name if index is None else f"{name}({index})")
        return hook

    namespace = {name: make(name) for name in _HOOKS}
    namespace["calls"] = None

    def init(self):
        base.__init__(self)
        self.calls = []

    namespace["__init__"] = init
    return type("Recorder", (base,), namespace)


def _run(library, recorder_cls):
    x = np.random.default_rng(0).random((10, 3)).astype("float32")
    y = x.sum(axis=1, keepdims=True)
    model = library.Sequential([library.Input((3,)), library.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    recorder = recorder_cls()
    model.fit(x, y, batch_size=4, epochs=2, validation_data=(x[:6], y[:6]),
              callbacks=[recorder], verbose=0)
    model.fit(x, y, batch_size=4, epochs=3, initial_epoch=2, validation_split=0.2,
              validation_freq=2, callbacks=[recorder], verbose=0, shuffle=False)
    model.evaluate(x, y, batch_size=5, callbacks=[recorder], verbose=0)
    model.predict(x, batch_size=8, callbacks=[recorder], verbose=0)
    return recorder.calls


def test_hook_order_matches_keras(keras):
    ours = _run(cornu, _recorder(cornu.callbacks.Callback))
    theirs = _run(keras, _recorder(keras.callbacks.Callback))
    assert ours == theirs
    assert ours[:4] == ["on_train_begin", "on_epoch_begin(0)", "on_train_batch_begin(0)",
                        "on_train_batch_end(0)"]


def test_validation_inside_fit_calls_test_hooks():
    calls = _run(cornu, _recorder(cornu.callbacks.Callback))
    first_epoch_end = calls.index("on_epoch_end(0)")
    assert calls[first_epoch_end - 4:first_epoch_end] == [
        "on_test_batch_end(0)", "on_test_batch_begin(1)", "on_test_batch_end(1)",
        "on_test_end"]


@pytest.mark.parametrize("verbose", [0, 2])
def test_epoch_only_callbacks_skip_batch_hooks(verbose):
    """A callback list whose members ignore batches is not called per batch."""
    from cornu.callbacks import CallbackList

    callbacks = CallbackList([cornu.callbacks.EarlyStopping(monitor="loss"),
                              cornu.callbacks.CSVLogger(__file__ + ".unused")],
                             add_history=True, add_progbar=verbose != 0, verbose=verbose,
                             epochs=1, steps=3)
    assert not callbacks.needs_batch_hooks("train")
    assert not callbacks.needs_batch_logs
