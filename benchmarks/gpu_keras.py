"""The GPU workloads written as a Keras 3 user writes them; run by real Keras 3 and by cornu.

Every function takes the `keras` module to use (real `keras` with the torch or JAX backend,
or `cornu`), so those columns run the same program. The user's path: NumPy arrays in host
memory into `fit`, `verbose=0`; bf16 is the "mixed_bfloat16" policy.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import ModuleType

import gpu_workloads as gw
from gpu_workloads import GPT, Case

# Extra `model.compile` arguments (run_gpu.py sets jit_compile=True for "cornu-jit").
COMPILE_OPTIONS: dict = {}

# The layers each workload needs; a cell reads "not available" when one is missing.
REQUIRED = {
    "mlp": ["Dense"],
    "cnn": ["Conv2D", "MaxPooling2D", "GlobalAveragePooling2D", "Dense"],
    "lstm": ["Embedding", "LSTM", "Dense"],
    "gpt": ["Embedding", "MultiHeadAttention", "LayerNormalization", "Dense", "Add", "Layer"],
}


def missing(keras: ModuleType, case: Case) -> list[str]:
    """The names `case` needs that `keras` does not have."""
    names = [f"layers.{n}" for n in REQUIRED[case.workload] if not hasattr(keras.layers, n)]
    policy = getattr(getattr(keras, "mixed_precision", None), "set_global_policy", None)
    if case.precision == "bf16" and policy is None:
        names.append("mixed_precision.set_global_policy")
    return names


def _mlp(keras: ModuleType):
    layers = keras.layers
    model = keras.Sequential(
        [keras.Input(shape=(784,))]
        + [layers.Dense(units, activation="relu") for units in gw.MLP_UNITS]
        + [layers.Dense(10)]
    )
    return model, keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def _cnn(keras: ModuleType):
    layers = keras.layers
    stack = [keras.Input(shape=(32, 32, 3))]
    for filters in gw.CNN_FILTERS:
        stack += [
            layers.Conv2D(filters, 3, padding="same", activation="relu"),
            layers.Conv2D(filters, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(),
        ]
    stack += [layers.GlobalAveragePooling2D(), layers.Dense(10)]
    return keras.Sequential(stack), keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def _lstm(keras: ModuleType):
    layers = keras.layers
    model = keras.Sequential(
        [
            keras.Input(shape=(gw.LSTM_LENGTH,), dtype="int32"),
            layers.Embedding(gw.LSTM_VOCAB, 128),
            layers.LSTM(gw.LSTM_UNITS),
            layers.Dense(1),
        ]
    )
    return model, keras.losses.BinaryCrossentropy(from_logits=True)


def _position_embedding(keras: ModuleType):
    """A learned `(length, dim)` table added to the token embeddings: a custom layer."""

    class PositionEmbedding(keras.layers.Layer):
        def build(self, input_shape):
            self.positions = self.add_weight(
                shape=tuple(input_shape[1:]), initializer="random_normal", name="positions"
            )

        def call(self, x):
            return x + keras.ops.cast(self.positions, x.dtype)

    return PositionEmbedding()


def _gpt(keras: ModuleType):
    """Decoder-only transformer: pre-LayerNorm blocks, causal attention, untied output head."""
    layers = keras.layers
    tokens = keras.Input(shape=(GPT.length,), dtype="int32")
    x = _position_embedding(keras)(layers.Embedding(GPT.vocab, GPT.dim)(tokens))
    for _ in range(GPT.layers):
        h = layers.LayerNormalization(epsilon=1e-5)(x)
        h = layers.MultiHeadAttention(GPT.heads, GPT.dim // GPT.heads)(h, h, use_causal_mask=True)
        x = layers.Add()([x, h])
        h = layers.LayerNormalization(epsilon=1e-5)(x)
        h = layers.Dense(4 * GPT.dim, activation="gelu")(h)
        x = layers.Add()([x, layers.Dense(GPT.dim)(h)])
    logits = layers.Dense(GPT.vocab)(layers.LayerNormalization(epsilon=1e-5)(x))
    model = keras.Model(tokens, logits)
    return model, keras.losses.SparseCategoricalCrossentropy(from_logits=True)


BUILDERS = {"mlp": _mlp, "cnn": _cnn, "lstm": _lstm, "gpt": _gpt}


def run_case(keras: ModuleType, case: Case, sync: Callable[[], None]) -> dict:
    """One warm-up fit of `WARMUP_STEPS` steps, then one timed epoch of `case.steps` steps.

    Args:
        keras: the module to build and train with (`keras` or `cornu`).
        case: the workload and precision.
        sync: waits for the device to finish queued work (`torch.cuda.synchronize`).

    Returns:
        `gpu_workloads.rates(...)`, or `{"skip": "not available", ...}` when a layer is missing.
    """
    absent = missing(keras, case)
    if absent:
        return {"skip": "not available", "missing": absent}
    if case.precision == "bf16":
        keras.mixed_precision.set_global_policy("mixed_bfloat16")
    try:
        model, loss = BUILDERS[case.workload](keras)
        model.compile(optimizer=keras.optimizers.Adam(learning_rate=gw.LEARNING_RATE), loss=loss,
                      **COMPILE_OPTIONS)
        x, y = gw.data(case)
        warm = gw.WARMUP_STEPS * case.batch_size
        model.fit(x[:warm], y[:warm], batch_size=case.batch_size, epochs=1, verbose=0)
        sync()
        start = time.perf_counter()
        history = model.fit(x, y, batch_size=case.batch_size, epochs=1, verbose=0)
        float(history.history["loss"][-1])  # waits for asynchronous engines (JAX)
        sync()
        seconds = time.perf_counter() - start
    finally:
        if case.precision == "bf16":
            keras.mixed_precision.set_global_policy("float32")
        clear = getattr(getattr(keras, "backend", None), "clear_session", None)
        if clear is not None:
            clear()
    return gw.rates(case, seconds)
