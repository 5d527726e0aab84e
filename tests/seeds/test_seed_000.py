"""Seed 000 ("Tìm hiểu về thư viện keras trong deep learning", 2018): each code block through
``cornu run``, unchanged, in its own process (blocks stored in ``blocks/s000_bNN.txt``).

Blocks that cannot run as written, and why (each test also runs the corrected form):

- block 3: a template, ``from keras.datasets import name_data`` ("name_data" stands for a
  data set's name) and the outputs unpacked as ``(X_train, X_test), (y_train, y_test)``.
- block 4: a template, ``keras.applications.name_pre_train.Name_pre_train(weights='tên
  dataset')`` (placeholders for a model and a data-set name).
- block 5: the closing ``))`` of ``SVG(model_to_dot(model).create(...`` is missing (a
  SyntaxError).
"""

import importlib.util
import shutil

import pytest
from _seedlib import block, result, script

MNIST_CNN = """\
import keras
from keras.layers import Conv2D, Flatten, Dense
from keras.datasets import mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train = x_train.reshape(-1, 28, 28, 1).astype('float32') / 255
x_test = x_test.reshape(-1, 28, 28, 1).astype('float32') / 255
input_shape = (28, 28, 1)
num_classes = 10
y_train = keras.utils.to_categorical(y_train, num_classes)
y_test = keras.utils.to_categorical(y_test, num_classes)
batch_size = 128
epochs = 1
"""


def run_ok(runner, *parts, **kwargs) -> str:
    rc, output = runner.run(script(*parts), **kwargs)
    assert rc == 0, output[-4000:]
    return output


def test_b00_mnist_cnn(runner, mnist_setup):
    output = run_ok(runner, MNIST_CNN, block("000", 0),
                    "print('RESULT', model.output_shape[1])", setup=mnist_setup)
    assert "5/5" in output and "val_accuracy: " in output  # 600 samples, batch 128
    assert result(output) == 10


def test_b01_functional_api(runner):
    output = run_ok(runner, block("000", 1), "print('RESULT', list(model.output_shape))")
    assert result(output) == [None, 32]


def test_b02_custom_layer_with_k_dot(runner):
    check = """\
layer = MyLayer(4)
x = np.arange(6, dtype='float32').reshape(2, 3)
out = __import__('keras').ops.convert_to_numpy(layer(x))
kernel = layer.get_weights()[0]
model = __import__('keras').models.Sequential([MyLayer(5, input_shape=(3,))])
print('RESULT', [bool(np.allclose(out, x @ kernel, atol=1e-6)), list(model.output_shape),
                 float(np.abs(kernel).max()) <= 0.05])
"""
    output = run_ok(runner, block("000", 2), check)
    assert result(output) == [True, [None, 5], True]  # 'uniform' is U(-0.05, 0.05)


def test_b03_dataset_template(runner, mnist_setup):
    rc, output = runner.run(block("000", 3))
    assert rc != 0 and "cannot import name 'name_data'" in output
    corrected = ("from keras.datasets import mnist\n"
                 "(X_train, y_train), (X_test, y_test) = mnist.load_data()\n"
                 "print('RESULT', [X_train.shape[1], len(y_test)])\n")
    assert result(run_ok(runner, corrected, setup=mnist_setup)) == [28, 100]


@pytest.mark.skipif(importlib.util.find_spec("cornu.applications") is None,
                    reason="cornu.applications (the model zoo) has not landed yet")
def test_b04_applications_template(runner):
    rc, output = runner.run(block("000", 4))
    assert rc != 0 and "name_pre_train" in output
    corrected = """\
from keras.applications.mobilenet import MobileNet
from keras.applications.mobilenet import preprocess_input, decode_predictions
model = MobileNet(weights=None)
print('RESULT', list(model.output_shape))
"""
    assert result(run_ok(runner, corrected)) == [None, 1000]


MODEL = """\
from keras.models import Sequential
from keras.layers import Dense
model = Sequential([Dense(4, input_shape=(3,), name='hidden'), Dense(2, name='out')])
"""


def test_b05_model_to_dot_svg(runner):
    pytest.importorskip("pydot")
    pytest.importorskip("IPython")
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's `dot` program is not installed")
    rc, output = runner.run(script(MODEL, block("000", 5)))
    assert rc != 0 and "SyntaxError" in output  # the missing "))"
    corrected = block("000", 5).rstrip() + "))\n"
    output = run_ok(runner, MODEL, corrected,
                    "svg = SVG(model_to_dot(model).create(prog='dot', format='svg'))\n"
                    "print('RESULT', ['hidden' in svg.data, '<svg' in svg.data])")
    assert result(output) == [True, True]
