"""Seed 004 ("[AI] 3-6. Keras API", 2024, tf.keras style): each code block through
``cornu run``, unchanged, in its own process (blocks stored in ``blocks/s004_bNN.txt``).

Blocks that cannot run as written, and why (each test also runs the corrected form):

- block 0: ``from tensorflow import tf`` (TensorFlow has no ``tf`` attribute; the intent is
  ``import tensorflow as tf``), methods indented with tabs after spaces (a TabError), and
  ``tf.matmul``. cornu does not run TensorFlow code: the corrected form uses
  ``keras.ops.matmul``, the Keras 3 spelling that runs on any backend.
- block 1: ``activation=tf.nn.relu`` needs the ``tf`` of block 0; corrected:
  ``keras.activations.relu``.
- block 4: ``keras.optimizer.RMSprop`` (for ``keras.optimizers``) and
  ``keras.losses.meanSquaredError`` (for ``MeanSquaredError``).
- block 5: ``keras.optimizer.RMSprop`` (for ``keras.optimizers``).
- block 7: ``keras.optimizer``; a missing comma after ``epochs=5`` (a SyntaxError);
  ``shuffled_inputs[num_validation_samples]`` picks one sample where the slice
  ``[num_validation_samples:]`` is meant (same for the targets); ``training_target`` is
  later used as ``training_targets``; ``val_targets0`` for ``val_targets``.

Block 3 runs as written: it only compiles, and the misspelled loss "mean_square_error" is
resolved (with a warning) when training starts.
"""

import pytest
from _seedlib import block, result, script

SIMPLE_DEMO = """\
import keras

class SimpleDemo(keras.layers.Layer):
    def __init__(self, units, activation=None):
        super().__init__()
        self.units = units
        self.activation = activation

    def build(self, input_shape):
        input_dim = input_shape[-1]
        self.W = self.add_weight(shape=(input_dim, self.units), initializer="random_normal")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def call(self, inputs):
        y = keras.ops.matmul(inputs, self.W) + self.b
        if self.activation is not None:
            y = self.activation(y)
        return y
"""
DATA = """\
import numpy as np
import keras
inputs = np.random.rand(500, 3).astype('float32')
targets = (inputs.sum(axis=1, keepdims=True) > 1.5).astype('float32')
"""
MODEL = "model = keras.Sequential([keras.layers.Dense(1)])\n"


def run_ok(runner, *parts, **kwargs) -> str:
    rc, output = runner.run(script(*parts), **kwargs)
    assert rc == 0, output[-4000:]
    return output


def run_fails(runner, *parts, error: str) -> None:
    rc, output = runner.run(script(*parts))
    assert rc != 0 and error in output, output[-3000:]


def test_b00_custom_layer(runner):
    run_fails(runner, "import keras\n", block("004", 0), error="TabError")
    check = """\
import numpy as np
layer = SimpleDemo(4, activation=keras.activations.relu)
x = np.random.rand(2, 3).astype('float32')
out = keras.ops.convert_to_numpy(layer(x))
w, b = layer.get_weights()
print('RESULT', bool(np.allclose(out, np.maximum(x @ w + b, 0), atol=1e-6)))
"""
    assert result(run_ok(runner, SIMPLE_DEMO, check)) is True


def test_b01_instantiate(runner):
    run_fails(runner, SIMPLE_DEMO, block("004", 1), error="NameError: name 'tf'")
    corrected = block("004", 1).replace("tf.nn.relu", "keras.activations.relu")
    output = run_ok(runner, SIMPLE_DEMO, corrected,
                    "print('RESULT', [sample_layer.units, sample_layer.built])")
    assert result(output) == [32, False]


def test_b02_sequential_of_simple_dense(runner):
    # SimpleDense is the name the author's source (Chollet's book) gives block 0's layer.
    output = run_ok(runner, SIMPLE_DEMO, "SimpleDense = SimpleDemo\n", block("004", 2),
                    "print('RESULT', [len(model.layers), model.built])")
    assert result(output) == [4, False]


def test_b03_compile_with_strings(runner):
    output = run_ok(runner, "import keras\n", block("004", 3), DATA,
                    "history = model.fit(inputs, targets, epochs=1, verbose=0)\n"
                    "print('RESULT', sorted(history.history))")
    assert result(output) == ["accuracy", "loss"]
    assert "mean_square_error' is a misspelling" in output


def test_b04_compile_with_objects(runner):
    run_fails(runner, DATA, MODEL, block("004", 4),
              error="has no attribute 'optimizer'")
    corrected = block("004", 4).replace("keras.optimizer.", "keras.optimizers.").replace(
        "meanSquaredError", "MeanSquaredError")
    output = run_ok(runner, DATA, MODEL, corrected,
                    "print('RESULT', [type(model.optimizer).__name__, "
                    "type(model.loss).__name__])")
    assert result(output) == ["RMSprop", "MeanSquaredError"]


CUSTOM = """\
def my_custom_loss(y_true, y_pred):
    return keras.ops.mean(keras.ops.abs(y_true - y_pred), axis=-1)

def my_custom_metric_1(y_true, y_pred):
    return keras.ops.mean(keras.ops.square(y_true - y_pred), axis=-1)

def my_custom_metric_2(y_true, y_pred):
    return keras.ops.max(keras.ops.abs(y_true - y_pred), axis=-1)
"""


def test_b05_compile_with_custom_functions(runner):
    run_fails(runner, DATA, MODEL, CUSTOM, block("004", 5), error="has no attribute 'optimizer'")
    corrected = block("004", 5).replace("keras.optimizer.", "keras.optimizers.")
    output = run_ok(runner, DATA, MODEL, CUSTOM, corrected,
                    "history = model.fit(inputs, targets, epochs=2, verbose=0)\n"
                    "print('RESULT', [sorted(history.history), "
                    "float(model.optimizer.learning_rate)])")
    keys, learning_rate = result(output)
    assert keys == ["loss", "my_custom_metric_1", "my_custom_metric_2"]
    assert learning_rate == pytest.approx(1e-4)


def test_b06_fit_returns_history(runner):
    output = run_ok(runner, DATA, MODEL,
                    "model.compile(optimizer='rmsprop', loss='mse', metrics=['mae'])\n",
                    block("004", 6), "print('RESULT', [sorted(history.history), "
                    "len(history.history['loss'])])")
    assert result(output) == [["loss", "mae"], 5]
    assert "Epoch 5/5" in output and "4/4" in output  # 500 samples in batches of 128


def test_b07_validation_split_by_hand(runner):
    run_fails(runner, DATA, block("004", 7), error="SyntaxError")
    corrected = (block("004", 7)
                 .replace("keras.optimizer.", "keras.optimizers.")
                 .replace("epochs=5\n", "epochs=5,\n")
                 .replace("shuffled_inputs[num_validation_samples]",
                          "shuffled_inputs[num_validation_samples:]")
                 .replace("training_target = shuffled_targets[num_validation_samples]",
                          "training_targets = shuffled_targets[num_validation_samples:]")
                 .replace("val_targets0", "val_targets"))
    output = run_ok(runner, DATA, corrected,
                    "print('RESULT', [len(training_inputs), len(val_inputs), "
                    "sorted(model.history.history)])")
    assert result(output) == [350, 150, ["binary_accuracy", "loss", "val_binary_accuracy",
                                         "val_loss"]]
    assert "Epoch 5/5" in output and "22/22" in output  # 350 samples in batches of 16
