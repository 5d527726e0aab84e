"""Keras 2's ``keras.backend`` functions against NumPy reference math."""

import warnings

import numpy as np
import pytest

import cornu
from cornu import ops
from cornu.legacy import backend as K
from cornu.utils import legacy as legacy_utils

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
RNG = np.random.RandomState(0)


def np_(x):
    return ops.convert_to_numpy(x)


def close(a, b, atol=1e-5):
    np.testing.assert_allclose(np_(a), np.asarray(b), rtol=1e-5, atol=atol)


# --- products ----------------------------------------------------------------------------
@pytest.mark.parametrize("shapes", [((3, 4), (4, 5)), ((2, 3, 4), (4, 5)), ((3, 4), (2, 4, 5)),
                                    ((2, 3, 4), (6, 4, 5)), ((4,), (4, 2))])
def test_dot_follows_numpy_dot(shapes):
    x, y = RNG.rand(*shapes[0]).astype("float32"), RNG.rand(*shapes[1]).astype("float32")
    close(K.dot(x, y), np.dot(x, y))


@pytest.mark.parametrize("x_shape, y_shape, axes, subscripts, expand", [
    ((4, 5), (4, 5), None, "bi,bi->b", True),  # two batches of vectors: (batch, 1)
    ((4, 5), (4, 5), 1, "bi,bi->b", True),
    ((4, 2, 3), (4, 3, 5), None, "bij,bjk->bik", False),  # batched matmul
    ((32, 20, 1), (32, 30, 20), (1, 2), "bij,bki->bjk", False),  # Keras 2's docs example
    ((4, 3), (4, 3, 5), (1, 1), "bi,bik->bk", False),
    ((4, 3, 5), (4, 5), None, "bij,bj->bi", False),
])
def test_batch_dot(x_shape, y_shape, axes, subscripts, expand):
    x, y = RNG.rand(*x_shape).astype("float32"), RNG.rand(*y_shape).astype("float32")
    expected = np.einsum(subscripts, x, y)
    if expand:
        expected = expected[:, None]
    close(K.batch_dot(x, y, axes=axes), expected)


def test_batch_dot_symbolic_shape_and_errors():
    a, b = cornu.Input((20, 1)), cornu.Input((30, 20))
    assert K.batch_dot(a, b, axes=(1, 2)).shape == (None, 1, 30)
    with pytest.raises(ValueError, match="batch axis"):
        K.batch_dot(np.ones((2, 3)), np.ones((2, 3)), axes=(0, 1))
    with pytest.raises(ValueError, match="at least 2"):
        K.batch_dot(np.ones(3), np.ones((2, 3)))


# --- reductions and element-wise -----------------------------------------------------------
@pytest.mark.parametrize("name", ["sum", "prod", "mean", "max", "min", "std", "var"])
@pytest.mark.parametrize("axis, keepdims", [(None, False), (1, True), ([0, 2], False)])
def test_reductions(name, axis, keepdims):
    x = RNG.rand(2, 3, 4).astype("float32")
    np_axis = tuple(axis) if isinstance(axis, list) else axis
    close(getattr(K, name)(x, axis=axis, keepdims=keepdims),
          getattr(np, name)(x, axis=np_axis, keepdims=keepdims))


def test_keras2_defaults():
    x = RNG.rand(3, 4).astype("float32")
    close(K.argmax(x), np.argmax(x, axis=-1))  # axis=-1 (ops.argmax flattens)
    close(K.argmin(x), np.argmin(x, axis=-1))
    close(K.concatenate([x, x]), np.concatenate([x, x], axis=-1))  # axis=-1
    close(K.expand_dims(x), x[..., None])
    close(K.cumsum(x), np.cumsum(x, axis=0))
    close(K.gather(x, np.array([2, 0])), x[[2, 0]])  # rows, not flat indices


def test_elementwise():
    x = np.array([[-4.0, -1.0, 0.0, 2.0, 9.0]], dtype="float32")
    close(K.sqrt(x), np.sqrt(np.maximum(x, 0)))  # negatives count as 0
    close(K.clip(x, -1.0, None), np.clip(x, -1, np.inf))
    close(K.clip(x, 2.0, 1.0), np.full_like(x, 2.0))  # max < min: both are min
    close(K.pow(x, 2), x ** 2)
    close(K.abs(x), np.abs(x))
    close(K.hard_sigmoid(x), np.clip(0.2 * x + 0.5, 0, 1))
    close(K.l2_normalize(x, axis=1), x / np.sqrt(np.sum(x ** 2, axis=1, keepdims=True)))
    close(K.maximum(x, 1.0), np.maximum(x, 1))
    assert np_(K.greater(x, 0)).tolist() == (x > 0).tolist()


@pytest.mark.parametrize("alpha, max_value, threshold", [
    (0.0, None, 0.0), (0.1, None, 0.0), (0.0, 6.0, 0.0), (0.2, 3.0, 1.0), (0.0, None, 1.5)])
def test_relu_options(alpha, max_value, threshold):
    x = np.linspace(-5, 8, 27).astype("float32")
    expected = np.where(x > threshold, x, 0.0) if threshold else np.maximum(x, 0)
    if max_value is not None:
        expected = np.minimum(expected, max_value)
    if alpha:
        expected = expected - alpha * np.maximum(threshold - x, 0)
    close(K.relu(x, alpha=alpha, max_value=max_value, threshold=threshold), expected)


def test_crossentropies():
    target = np.eye(3, dtype="float32")[[0, 2, 1]]
    output = np.array([[.7, .2, .1], [.1, .1, .8], [.3, .4, .3]], dtype="float32")
    close(K.categorical_crossentropy(target, output), -np.sum(target * np.log(output), axis=1))
    close(K.sparse_categorical_crossentropy(np.array([0, 2, 1]), output),
          -np.log(output[[0, 1, 2], [0, 2, 1]]))
    p, t = np.array([.9, .2], "float32"), np.array([1.0, 0.0], "float32")
    close(K.binary_crossentropy(t, p), -(t * np.log(p) + (1 - t) * np.log(1 - p)))


def test_in_top_k():
    predictions = np.array([[.1, .5, .4], [.6, .3, .1]], "float32")
    assert np_(K.in_top_k(predictions, np.array([2, 2]), 2)).tolist() == [True, False]


def test_batch_normalization_and_bias_add():
    x = RNG.rand(4, 3).astype("float32")
    mean, var = x.mean(0), x.var(0)
    close(K.batch_normalization(x, mean, var, np.ones(3), np.full(3, 2.0), epsilon=1e-3),
          (x - mean) / np.sqrt(var + 1e-3) * 2 + 1, atol=1e-4)
    images = RNG.rand(2, 3, 4, 4).astype("float32")
    bias = np.array([1.0, 2.0, 3.0], "float32")
    close(K.bias_add(images, bias, data_format="channels_first"),
          images + bias[None, :, None, None])


# --- shapes ----------------------------------------------------------------------------------
def test_shape_functions():
    x = RNG.rand(2, 3, 4).astype("float32")
    assert K.int_shape(x) == (2, 3, 4) and K.ndim(x) == 3 and K.dtype(x) == "float32"
    assert K.int_shape(cornu.Input((5,))) == (None, 5)
    assert K.count_params(x) == 24
    close(K.permute_dimensions(x, (2, 0, 1)), np.transpose(x, (2, 0, 1)))
    close(K.batch_flatten(x), x.reshape(2, 12))
    close(K.repeat(x[:, 0], 3), np.repeat(x[:, None, 0], 3, axis=1))
    close(K.repeat_elements(x, 2, axis=1), np.repeat(x, 2, axis=1))
    close(K.reverse(x, axes=1), x[:, ::-1])
    close(K.flatten(x), x.ravel())
    close(K.one_hot(np.array([1, 0]), 3), np.eye(3)[[1, 0]])
    assert np_(K.arange(4)).dtype == np.int32
    assert K.cast_to_floatx([1, 2]).dtype == np.float32
    assert K.is_keras_tensor(cornu.Input((2,))) and not K.is_keras_tensor(x)


# --- variables ---------------------------------------------------------------------------------
def test_variables_and_values():
    v = K.variable(np.array([[1.0, 2.0]]), name="v")
    assert isinstance(v, cornu.Variable) and K.dtype(v) == cornu.backend.floatx()
    K.set_value(v, np.array([[3.0, 4.0]]))
    assert K.get_value(v).tolist() == [[3.0, 4.0]]
    K.update_add(v, np.ones((1, 2), "float32"))
    assert K.eval(v).tolist() == [[4.0, 5.0]]
    K.moving_average_update(v, np.zeros((1, 2), "float32"), 0.5)
    assert K.eval(v).tolist() == [[2.0, 2.5]]
    z, o, e = K.zeros((2, 2)), K.ones((2,)), K.eye(3)
    K.batch_set_value([(z, np.full((2, 2), 7.0)), (o, np.zeros(2))])
    assert [a.tolist() for a in K.batch_get_value([z, o])] == [[[7.0, 7.0], [7.0, 7.0]],
                                                               [0.0, 0.0]]
    close(e, np.eye(3))
    close(K.constant(2.0, shape=(2, 3)), np.full((2, 3), 2.0))
    assert K.placeholder(shape=(None, 4)).shape == (None, 4)


def test_random_functions_are_seeded():
    a = np_(K.random_normal((1000,), mean=2.0, stddev=0.5, seed=3))
    assert abs(a.mean() - 2.0) < 0.1 and abs(a.std() - 0.5) < 0.05
    assert np.array_equal(a, np_(K.random_normal((1000,), mean=2.0, stddev=0.5, seed=3)))
    u = np_(K.random_uniform((1000,), minval=-1.0, maxval=3.0, seed=1))
    assert u.min() >= -1.0 and u.max() < 3.0
    b = np_(K.random_binomial((1000,), p=0.3, seed=2))
    assert set(np.unique(b)) <= {0.0, 1.0} and abs(b.mean() - 0.3) < 0.06
    assert np.abs(np_(K.truncated_normal((500,), seed=0))).max() <= 2.0
    kept = np_(K.dropout(np.ones((1000,), "float32"), 0.5, seed=4))
    assert set(np.unique(kept)) <= {0.0, 2.0}


# --- learning phase, switch, K.function -------------------------------------------------------
def test_switch_and_phases():
    cond = np.array([True, False])
    then, other = np.ones((2, 3), "float32"), np.zeros((2, 3), "float32")
    close(K.switch(cond, then, other), [[1, 1, 1], [0, 0, 0]])  # condition broadcast right
    assert K.switch(True, lambda: 1, lambda: 2) == 1
    assert K.learning_phase() == 0
    assert K.in_train_phase("train", "test") == "test"
    assert K.in_train_phase("train", "test", training=1) == "train"
    assert K.in_test_phase("test", "train", training=0) == "test"


def test_learning_phase_inside_fit_and_predict():
    seen = []

    class Probe(cornu.layers.Layer):
        def call(self, x, training=None):
            seen.append(K.learning_phase())
            return K.in_train_phase(x * 2.0, x)

    model = cornu.Sequential([cornu.Input((1,)), cornu.layers.Dense(1, use_bias=False,
                                                                    kernel_initializer="ones"),
                              Probe()])
    model.compile(loss="mse", optimizer="sgd")
    model.fit(np.ones((2, 1)), np.ones((2, 1)), verbose=0)
    model.layers[0].set_weights([np.ones((1, 1))])
    assert model.predict(np.ones((1, 1)), verbose=0).tolist() == [[1.0]]
    assert 1 in seen and seen[-1] == 0


def test_set_learning_phase():
    try:
        K.set_learning_phase(1)
        assert K.learning_phase() == 1 and K.in_train_phase(1, 2) == 1
        with pytest.raises(ValueError, match="0 or 1"):
            K.set_learning_phase(2)
    finally:
        K._graph._PHASE[0] = None


def test_k_function_with_learning_phase():
    model = cornu.Sequential([cornu.Input((4,)), cornu.layers.Dense(8, name="d"),
                              cornu.layers.Dropout(0.5), cornu.layers.Dense(2)])
    x = RNG.rand(3, 4).astype("float32")
    hidden = K.function([model.layers[0].input], [model.layers[0].output])
    w, b = model.layers[0].get_weights()
    close(hidden([x])[0], x @ w + b)
    both = K.function([model.input, K.learning_phase()], model.output)
    test_out = both([x, 0])
    close(test_out, model.predict(x, verbose=0))
    assert not np.allclose(both([x, 1]), test_out)  # dropout runs in the training phase


def test_unsupported_graph_functions_explain():
    with pytest.raises(NotImplementedError, match="train_step"):
        K.gradients(None, [])
    with pytest.raises(RuntimeError, match="no TensorFlow session"):
        K.get_session()
    with pytest.raises(NotImplementedError, match="updates"):
        K.function([cornu.Input((2,))], [cornu.Input((2,))], updates=[1])


def test_image_dim_ordering():
    before = cornu.backend.image_data_format()
    try:
        K.set_image_dim_ordering("th")
        assert cornu.backend.image_data_format() == "channels_first"
        assert K.image_dim_ordering() == "th"
    finally:
        cornu.backend.set_image_data_format(before)
    with pytest.raises(ValueError, match="'tf' or 'th'"):
        K.set_image_dim_ordering("nhwc")


def test_get_uid_and_map_fn():
    assert [K.get_uid("legacy_test"), K.get_uid("legacy_test")] == [1, 2]
    close(K.map_fn(lambda row: row * 2, np.ones((3, 2), "float32")), np.full((3, 2), 2.0))


# --- lookup and warnings --------------------------------------------------------------------
def test_legacy_names_warn_once_with_the_modern_spelling(monkeypatch):
    monkeypatch.setattr(legacy_utils, "_warned", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        K.batch_dot  # noqa: B018
        K.batch_dot  # noqa: B018
        K.epsilon  # noqa: B018  (a Keras 3 name: no warning)
    messages = [str(w.message) for w in caught if w.category is DeprecationWarning]
    assert len(messages) == 1 and "cornu.ops.einsum" in messages[0]


def test_cornu_backend_falls_back_to_the_legacy_functions():
    assert cornu.backend.int_shape is K.int_shape
    close(cornu.backend.dot(np.eye(2, dtype="float32"), np.ones((2, 2), "float32")),
          np.ones((2, 2)))
    with pytest.raises(AttributeError, match="no attribute 'not_a_function'"):
        cornu.backend.not_a_function  # noqa: B018
    with pytest.raises(AttributeError):
        K.not_a_function  # noqa: B018
    assert "batch_dot" in dir(K)


@pytest.mark.parametrize("name, reference", [
    ("abs", np.abs), ("square", np.square), ("exp", np.exp), ("log", np.log),
    ("round", np.round), ("sign", np.sign), ("sin", np.sin), ("cos", np.cos),
    ("tanh", np.tanh), ("sigmoid", lambda x: 1 / (1 + np.exp(-x))),
    ("softplus", lambda x: np.log1p(np.exp(x))), ("softsign", lambda x: x / (1 + np.abs(x))),
    ("transpose", np.transpose), ("stop_gradient", lambda x: x),
])
def test_aliases_of_cornu_ops(name, reference):
    x = RNG.rand(2, 3).astype("float32") + 0.1
    close(getattr(K, name)(x), reference(x))


def test_aliases_with_arguments():
    x = RNG.rand(2, 3).astype("float32")
    close(K.reshape(x, (3, 2)), x.reshape(3, 2))
    close(K.stack([x, x], axis=1), np.stack([x, x], axis=1))
    close(K.squeeze(x[:, :1], 1), x[:, 0])
    close(K.tile(x, (2, 1)), np.tile(x, (2, 1)))
    assert K.dtype(K.cast(x, "float16")) == "float16"
    close(K.softmax(x), np.exp(x) / np.exp(x).sum(axis=-1, keepdims=True))
    close(K.elu(x - 0.5, 0.5), np.where(x > 0.5, x - 0.5, 0.5 * (np.exp(x - 0.5) - 1)))
    assert np_(K.equal(x, x)).all() and not np_(K.not_equal(x, x)).any()
