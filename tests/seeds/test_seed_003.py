"""Seed 003 ("Keras 深度学习库", 2016, Keras 1): each code block through ``cornu run``,
unchanged, in its own process (blocks stored in ``blocks/s003_bNN.txt``).

The page quotes Keras 1's guides; most blocks are fragments, so each test gives the
definitions the page implies (the model of the previous block, random data of the right
shapes) as a preamble. Blocks that cannot run as written, and why:

- block 15: ``y = Convolution2D(3, 3, 3, border_mode='same')`` is a layer that is never
  called (Keras 1's guide has ``(x)`` at the end), so ``merge([x, y], mode='sum')`` gets a
  layer where a tensor belongs. The corrected form calls it; the 3x256x256 input is
  channels-first, the Theano ordering of the time (``K.set_image_dim_ordering('th')``).
"""

import shutil

import pytest
from _seedlib import block, result, script

DENSE_IMPORTS = "import numpy as np\nfrom keras.models import Sequential\n" \
    "from keras.layers import Dense, Activation\n"
STEP1_MODEL = DENSE_IMPORTS + block("003", 0)  # the page's Step 1 model
COMPILED = STEP1_MODEL + block("003", 1)


def run_ok(runner, *parts, **kwargs) -> str:
    rc, output = runner.run(script(*parts), **kwargs)
    assert rc == 0, output[-4000:]
    return output


def test_b00_sequential_with_keras1_arguments(runner):
    output = run_ok(runner, block("003", 0),
                    "print('RESULT', [list(model.input_shape), list(model.output_shape)])")
    assert result(output) == [[None, 100], [None, 10]]
    assert "`output_dim=` is the Keras 1/2 name; use `units=`" in output


def test_b01_compile(runner):
    output = run_ok(runner, STEP1_MODEL, block("003", 1),
                    "print('RESULT', [model.loss, type(model.optimizer).__name__])")
    assert result(output) == ["categorical_crossentropy", "SGD"]


def test_b02_fit_nb_epoch(runner):
    output = run_ok(runner, COMPILED, block("003", 2),
                    "print('RESULT', len(model.history.history['loss']))")
    assert "Epoch 5/5" in output and "50/50" in output  # 1000 samples in batches of 20
    assert result(output) == 5
    assert "fit: `nb_epoch=` is the Keras 1 name; use `epochs=`." in output


def test_b03_predict_classes_and_proba(runner):
    output = run_ok(runner, COMPILED, block("003", 3),
                    "print('RESULT', [list(classes.shape), list(proba.shape), "
                    "bool((classes == proba.argmax(axis=-1)).all()), "
                    "bool(np.allclose(proba.sum(axis=1), 1, atol=1e-5))])")
    assert result(output) == [[1000], [1000, 10], True, True]


def test_b04_sequential_constructors(runner):
    output = run_ok(runner, DENSE_IMPORTS, block("003", 4),
                    "print('RESULT', [list(model.output_shape), len(model.layers)])")
    assert result(output) == [[None, 32], 2]


def test_b05_input_shape_arguments(runner):
    output = run_ok(runner, DENSE_IMPORTS + "from keras.layers import LSTM\n", block("003", 5),
                    "print('RESULT', [list(model.input_shape), list(model.output_shape)])")
    assert result(output) == [[None, 10, 64], [None, 32]]


BRANCH_DATA = """\
input_data_1 = np.random.random((64, 784))
input_data_2 = np.random.random((64, 784))
targets = np.eye(10)[np.random.randint(0, 10, 64)]
"""


def test_b06_merge_two_sequential_branches(runner):
    check = """\
out = final_model.predict([input_data_1[:4], input_data_2[:4]], verbose=0)
left = left_branch.predict(input_data_1[:4], verbose=0)
right = right_branch.predict(input_data_2[:4], verbose=0)
w, b = final_model.layers[-1].get_weights()
z = np.concatenate([left, right], axis=1) @ w + b
expected = np.exp(z - z.max(axis=1, keepdims=True))
expected /= expected.sum(axis=1, keepdims=True)
print('RESULT', [len(final_model.inputs), len(final_model.trainable_weights),
                 bool(np.allclose(out, expected, atol=1e-5))])
"""
    output = run_ok(runner, DENSE_IMPORTS, BRANCH_DATA, block("003", 6), check)
    assert result(output) == [2, 6, True]  # both branches are trained with the head
    assert "Merge(layers, mode=...) is the Keras 1 merge layer" in output


def test_b07_merge_with_a_function(runner):
    branches = block("003", 6).split("merged = Merge")[0]  # the two branches of block 6
    check = """\
left = left_branch.predict(input_data_1[:3], verbose=0)
right = right_branch.predict(input_data_2[:3], verbose=0)
out = merged([input_data_1[:3], input_data_2[:3]])
print('RESULT', bool(np.allclose(__import__('keras').ops.convert_to_numpy(out), left - right,
                                 atol=1e-5)))
"""
    output = run_ok(runner, DENSE_IMPORTS, BRANCH_DATA, branches, block("003", 7), check)
    assert result(output) is True


def test_b08_compile_variants(runner):
    output = run_ok(runner, DENSE_IMPORTS,
                    "model = Sequential([Dense(10, input_dim=784, activation='softmax')])\n",
                    block("003", 8), "print('RESULT', [model.loss, model.metrics_names])")
    assert result(output) == ["mse", ["loss"]]


BINARY = DENSE_IMPORTS + """\
model = Sequential([Dense(1, input_dim=784, activation='sigmoid')])
model.compile(optimizer='rmsprop', loss='binary_crossentropy', metrics=['accuracy'])
data = np.random.random((256, 784))
labels = np.random.randint(2, size=(256, 1))
"""


def test_b09_fit_nb_epoch(runner):
    output = run_ok(runner, BINARY, block("003", 9))
    assert "Epoch 10/10" in output and "8/8" in output and "accuracy: " in output


def test_b10_predict_classes_binary(runner):
    output = run_ok(runner, BINARY, "X_test = np.random.random((40, 784))\n", block("003", 10),
                    "print('RESULT', [list(classes.shape), sorted(set(classes.ravel().tolist()))"
                    " <= [0, 1], bool(((proba > 0.5) == classes).all())])")
    assert result(output) == [[40, 1], True, True]


CLASSES = """\
import numpy as np
data = np.random.random((128, 784))
labels = np.eye(10)[np.random.randint(0, 10, 128)]
"""


def test_b11_functional_model_input_output(runner):
    output = run_ok(runner, CLASSES, block("003", 11),
                    "print('RESULT', [list(model.output_shape), len(model.layers)])")
    assert result(output) == [[None, 10], 4]
    assert "Model: `input=` is the Keras 1 name; use `inputs=`." in output


def test_b12_models_are_callable_and_time_distributed(runner):
    model_only = block("003", 11).split("model.compile")[0]  # block 11's model
    check = """\
import keras
seq = np.random.random((2, 20, 784)).astype('float32')
out = keras.ops.convert_to_numpy(TimeDistributed(model)(seq))
step = model.predict(seq[:, 3], verbose=0)
print('RESULT', [list(y.shape), list(processed_sequences.shape),
                 bool(np.allclose(out[:, 3], step, atol=1e-5))])
"""
    output = run_ok(runner, CLASSES, model_only, block("003", 12), check)
    assert result(output) == [[None, 10], [None, 20, 10], True]


def test_b13_multi_input_multi_output(runner):
    data = """\
import numpy as np
headline_data = np.random.randint(1, 10000, size=(32, 100))
additional_data = np.random.random((32, 5))
labels = np.random.randint(0, 2, size=(32, 1))
"""
    check = """\
history = model.history.history
print('RESULT', [sorted(history), len(history['loss']), [list(s) for s in model.output_shape]])
"""
    output = run_ok(runner, data, block("003", 13), check, timeout=300)
    keys, epochs, shapes = result(output)
    assert "aux_output_loss" in keys and "main_output_loss" in keys and epochs == 50
    assert shapes == [[None, 1], [None, 1]]
    assert "Epoch 50/50" in output


def test_b14_shared_lstm(runner):
    data = """\
import numpy as np
data_a = np.random.random((16, 140, 256))
data_b = np.random.random((16, 140, 256))
labels = np.random.randint(0, 2, size=(16, 1))
"""
    check = """\
print('RESULT', [len(shared_lstm.inbound_nodes), list(shared_lstm.get_output_shape_at(1)),
                 list(merged_vector.shape), len(model.history.history['loss'])])
"""
    output = run_ok(runner, data, block("003", 14), check, timeout=300)
    assert result(output) == [2, [None, 64], [None, 128], 10]


def test_b15_residual_connection_with_the_uncalled_layer(runner):
    rc, output = runner.run(block("003", 15))
    assert rc != 0 and "merge: expected a list of tensors" in output
    corrected = block("003", 15).replace(
        "border_mode='same')\n", "border_mode='same')(x)\n")
    output = run_ok(runner, "from keras import backend as K\nK.set_image_dim_ordering('th')\n",
                    corrected, "print('RESULT', list(z.shape))")
    assert result(output) == [None, 3, 256, 256]


@pytest.mark.parametrize("index, layer, expected", [
    (16, "Permute", [None, 64, 10]), (17, "RepeatVector", [None, 3, 32])])
def test_b16_b17_permute_and_repeat_vector(runner, index, layer, expected):
    output = run_ok(runner, f"from keras.models import Sequential\n"
                    f"from keras.layers import Dense, {layer}\n", block("003", index),
                    "print('RESULT', list(model.output_shape))")
    assert result(output) == expected


def test_b18_lambda_square(runner):
    output = run_ok(runner, DENSE_IMPORTS + "from keras.layers import Lambda\n"
                    "model = Sequential([Activation('linear', input_shape=(3,))])\n",
                    block("003", 18),
                    "x = np.array([[1., -2., 3.]])\n"
                    "print('RESULT', model.predict(x, verbose=0).tolist())")
    assert result(output) == [[1.0, 4.0, 9.0]]


def test_b19_plot_and_model_to_dot(runner):
    pytest.importorskip("pydot")
    pytest.importorskip("IPython")
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's `dot` program is not installed")
    model = DENSE_IMPORTS + "model = Sequential([Dense(8, input_dim=4, name='hidden'), " \
        "Dense(1, name='out')])\n"
    check = """\
import os
svg = SVG(model_to_dot(model, show_shapes=True).create(prog='dot', format='svg'))
print('RESULT', [os.path.getsize('model.png') > 0, 'hidden' in svg.data, '(None, 8)' in
                 svg.data])
"""
    output = run_ok(runner, model, block("003", 19), check)
    assert result(output) == [True, True, True]
