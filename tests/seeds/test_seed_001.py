"""Seed 001 ("Bài 36. Giới thiệu về Keras", machinelearningcoban): each code block through
``cornu run``, unchanged, in its own process.

The page is plain text; its 13 code blocks are stored verbatim in ``blocks/s001_bNN.txt``
(``test_blocks_verbatim.py`` checks them against the page). Fragments get the definitions
the tutorial implies as a preamble; postambles print what the assertions check. Block 7
(logistic regression, 3000 epochs) is in ``test_seed_001_logistic.py``.
"""

import pytest
from _seedlib import block, result, script

IMPORTS = """\
import numpy as np
from keras.models import Sequential
from keras.layers.core import Dense, Activation
from keras import optimizers
"""
LINEAR_DATA = """\
X = np.random.rand(100, 2)
y = 2 * X[:, 0] + 3 * X[:, 1] + 4 + .2 * np.random.randn(100)
"""
LINEAR_MODEL = "model = Sequential([Dense(1, input_shape=(2,), activation='linear')])\n"
COMPILE = "model.compile(loss='mse', optimizer=optimizers.SGD(learning_rate=0.1))\n"
WEIGHTS = """\
import json
print("RESULT " + json.dumps([w.tolist() for w in model.get_weights()]))
"""


def run_ok(runner, *parts, **kwargs) -> str:
    rc, output = runner.run(script(*parts), **kwargs)
    assert rc == 0, output[-4000:]
    return output


def assert_linear_solution(output: str) -> None:
    kernel, bias = result(output)
    assert abs(kernel[0][0] - 2) < 0.2 and abs(kernel[1][0] - 3) < 0.2, kernel
    assert abs(bias[0] - 4) < 0.2, bias


def test_b00_linear_regression_finds_2_3_4(runner):
    output = run_ok(runner, block("001", 0), WEIGHTS)
    assert "Epoch 1/100" in output and "Epoch 100/100" in output
    assert " - loss: " in output
    assert "`lr=` is the Keras 1/2 name; use `learning_rate=`" in output  # warned once
    assert output.count("use `learning_rate=`") == 1
    assert_linear_solution(output)


@pytest.mark.parametrize("index", [1, 2, 3])
def test_b01_b03_model_definitions(runner, index):
    output = run_ok(runner, IMPORTS, block("001", index),
                    "print('RESULT', '[%d, %d]' % (model.output_shape[1], len(model.layers)))")
    units, n_layers = result(output)
    assert units == 1 and n_layers == (2 if index == 3 else 1)


def test_b04_sgd_lr(runner):
    output = run_ok(runner, IMPORTS, LINEAR_MODEL, block("001", 4),
                    "print('RESULT', float(model.optimizer.learning_rate))")
    assert result(output) == pytest.approx(0.1)


def test_b05_fit(runner):
    output = run_ok(runner, IMPORTS, LINEAR_DATA, LINEAR_MODEL, COMPILE, block("001", 5),
                    WEIGHTS)
    assert "Epoch 100/100" in output
    assert_linear_solution(output)


@pytest.mark.parametrize("index", [6, 8])
def test_b06_b08_get_weights(runner, index):
    # The tutorial's model: the linear one (block 6) or the logistic one (block 8).
    model = LINEAR_MODEL if index == 6 else "model = Sequential([Dense(1, input_shape=(1,)), " \
        "Activation('sigmoid')])\n"
    output = run_ok(runner, IMPORTS, model, block("001", index),
                    "print('RESULT', len(model.get_weights()))")
    assert result(output) == 2


def test_b09_fashion_mnist_from_the_mirror(runner):
    # ``from __future__`` must come first: the block runs with no preamble at all.
    output = run_ok(runner, block("001", 9))
    assert "x_train shape:\t (600, 28, 28)" in output
    assert "y_test shape:\t (100,)" in output


FASHION = """\
import keras
from keras.datasets import fashion_mnist
(x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
"""
NORMALIZED = """\
x_train = x_train / 255.
x_test = x_test / 255.
num_classes = 10
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)
"""
MLP = """\
from keras.models import Sequential
from keras.layers import Dense, Flatten
model = Sequential([Flatten(input_shape=(28, 28)), Dense(128, activation='relu'),
                    Dense(256, activation='relu'), Dense(512, activation='relu'),
                    Dense(num_classes, activation='softmax')])
model.compile(loss=keras.losses.categorical_crossentropy,
              optimizer=keras.optimizers.SGD(learning_rate=0.1), metrics=['accuracy'])
"""


def test_b10_normalize_and_one_hot(runner):
    output = run_ok(runner, FASHION, block("001", 10),
                    "print('RESULT', [float(x_train.max()), list(y_train.shape)])")
    assert result(output) == [pytest.approx(250 / 255), [600, 10]]


def test_b11_mlp_builds_and_trains(runner):
    # The tutorial then trains for 20 epochs ("Epoch 1/20 ... loss ... acc").
    output = run_ok(runner, FASHION, NORMALIZED, block("001", 11),
                    "history = model.fit(x_train, y_train, epochs=3, batch_size=32)\n"
                    "print('RESULT', [model.count_params(), history.history['loss'][0], "
                    "history.history['loss'][-1], history.history['accuracy'][-1]])")
    params, first_loss, last_loss, accuracy = result(output)
    assert params == 784 * 128 + 128 + 128 * 256 + 256 + 256 * 512 + 512 + 512 * 10 + 10
    assert "Epoch 3/3" in output and "accuracy: " in output
    assert last_loss < first_loss and accuracy > 0.5


def test_b12_evaluate_prints_loss_and_accuracy(runner):
    output = run_ok(runner, FASHION, NORMALIZED, MLP,
                    "model.fit(x_train, y_train, epochs=3, batch_size=32, verbose=0)\n",
                    block("001", 12))
    lines = [line for line in output.splitlines() if line.startswith("Test ")]
    assert lines[0].startswith("Test loss: ") and lines[1].startswith("Test accuracy ")
    assert float(lines[1].split()[-1]) > 0.5
