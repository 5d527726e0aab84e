"""cornu for W1-W5, written exactly as a Keras 3 user writes it: `import cornu as keras`.

The user's path: NumPy arrays into `fit`, `verbose=0`. This is the code of `impl_keras.py`
with only the import changed, so the two columns run the same program. `COMPILE_OPTIONS` is
passed to `model.compile`.
"""

from __future__ import annotations

import time

import workloads
from workloads import Spec

import cornu as keras

COMPILE_OPTIONS: dict = {}


def _mlp(input_shape: tuple[int, ...]) -> keras.Sequential:
    """Flatten -> 128 -> 256 -> 512 relu -> 10 softmax."""
    return keras.Sequential(
        [
            keras.Input(shape=input_shape),
            keras.layers.Flatten(),
            keras.layers.Dense(128, activation="relu"),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(512, activation="relu"),
            keras.layers.Dense(workloads.NUM_CLASSES, activation="softmax"),
        ]
    )


def _epoch_timer() -> keras.callbacks.Callback:
    """A callback that records each epoch's wall time in its `times` list."""

    class EpochTimer(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.times: list[float] = []

        def on_epoch_begin(self, epoch, logs=None):
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch, logs=None):
            for value in (logs or {}).values():
                float(value)  # waits for asynchronous engines (JAX) to finish the epoch
            self.times.append(time.perf_counter() - self._start)

    return EpochTimer()


def _fit_seconds(model, x, y, epochs: int, batch_size: int) -> float:
    start = time.perf_counter()
    model.fit(x, y, epochs=epochs, batch_size=batch_size, verbose=0)
    return time.perf_counter() - start


def _timed_fits(model, x, y, spec: Spec, between=None) -> dict:
    """A cold fit of `spec.epochs`, then a steady fit of `spec.steady_epochs`: us per step."""
    steps = workloads.steps_per_epoch(len(x), spec.batch_size)
    cold = _fit_seconds(model, x, y, spec.epochs, spec.batch_size)
    result = {"us_step": 1e6 * cold / (steps * spec.epochs)}
    if between is not None:
        result.update(between())
    if spec.steady_epochs:
        steady = _fit_seconds(model, x, y, spec.steady_epochs, spec.batch_size)
        result["steady_us_step"] = 1e6 * steady / (steps * spec.steady_epochs)
    return result


def run_w1(spec: Spec) -> dict:
    x, y = workloads.w1_data()
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    optimizer = keras.optimizers.SGD(learning_rate=spec.learning_rate)
    model.compile(loss="mse", optimizer=optimizer, **COMPILE_OPTIONS)
    return _timed_fits(model, x, y, spec)


def run_w2(spec: Spec) -> dict:
    x, y = workloads.w2_data()
    model = keras.Sequential(
        [keras.Input(shape=(1,)), keras.layers.Dense(1), keras.layers.Activation("sigmoid")]
    )
    optimizer = keras.optimizers.SGD(learning_rate=spec.learning_rate)
    model.compile(loss="binary_crossentropy", optimizer=optimizer, **COMPILE_OPTIONS)
    return _timed_fits(model, x, y, spec)


def run_w3(spec: Spec) -> dict:
    x_train, y_train, x_test, y_test = workloads.w3_data()
    y_train, y_test = workloads.one_hot(y_train), workloads.one_hot(y_test)
    model = _mlp(workloads.DIGITS_SHAPE)
    model.compile(
        loss="categorical_crossentropy",
        optimizer=keras.optimizers.SGD(learning_rate=spec.learning_rate),
        metrics=["accuracy"],
        **COMPILE_OPTIONS,
    )

    def test_accuracy() -> dict:
        _, accuracy = model.evaluate(x_test, y_test, verbose=0)
        return {"test_accuracy": float(accuracy)}

    return _timed_fits(model, x_train, y_train, spec, test_accuracy)


def run_w4(spec: Spec) -> dict:
    x, y = workloads.w4_data()
    model = _mlp((workloads.W4_FEATURES,))
    model.compile(
        loss="sparse_categorical_crossentropy",
        optimizer=keras.optimizers.Adam(learning_rate=spec.learning_rate),
        **COMPILE_OPTIONS,
    )
    timer = _epoch_timer()
    model.fit(x, y, epochs=spec.epochs, batch_size=spec.batch_size, verbose=0, callbacks=[timer])
    return {"samples_per_s": len(x) / timer.times[1]}


def run_w5(spec: Spec) -> dict:
    x = workloads.w5_input()
    model = _mlp(workloads.DIGITS_SHAPE)
    model.compile(loss="categorical_crossentropy", optimizer="sgd", **COMPILE_OPTIONS)
    model.predict(x, verbose=0), model(x)  # warm-up
    start = time.perf_counter()
    for _ in range(spec.calls):
        model.predict(x, verbose=0)
    predict_s = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(spec.calls):
        output = model(x)
    keras.ops.convert_to_numpy(output)  # waits for asynchronous engines (JAX)
    call_s = time.perf_counter() - start
    return {"predict_us": 1e6 * predict_s / spec.calls, "call_us": 1e6 * call_s / spec.calls}
