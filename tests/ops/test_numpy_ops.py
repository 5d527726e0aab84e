"""cornu.ops against NumPy: values on tensors and arrays, shapes on symbolic tensors."""

import numpy as np
import pytest

import cornu
from cornu import ops

rng = np.random.default_rng(0)
A = rng.standard_normal((3, 4)).astype("float32")
B = rng.standard_normal((3, 4)).astype("float32")
P = rng.uniform(0.1, 2.0, (3, 4)).astype("float32")
M = rng.standard_normal((4, 5)).astype("float32")

UNARY = {
    "abs": np.abs, "negative": np.negative, "square": np.square, "exp": np.exp,
    "sin": np.sin, "cos": np.cos, "tanh": np.tanh, "floor": np.floor, "ceil": np.ceil,
    "sign": np.sign, "expm1": np.expm1, "arctan": np.arctan, "sinh": np.sinh,
    "cosh": np.cosh, "trunc": np.trunc,
}
POSITIVE = {"sqrt": np.sqrt, "log": np.log, "log1p": np.log1p, "log2": np.log2,
            "log10": np.log10, "reciprocal": np.reciprocal, "rsqrt": lambda x: 1 / np.sqrt(x)}
BINARY = {
    "add": np.add, "subtract": np.subtract, "multiply": np.multiply, "divide": np.divide,
    "maximum": np.maximum, "minimum": np.minimum, "power": np.power,
    "arctan2": np.arctan2, "logaddexp": np.logaddexp, "equal": np.equal,
    "not_equal": np.not_equal, "less": np.less, "greater_equal": np.greater_equal,
}
REDUCE = {"sum": np.sum, "mean": np.mean, "max": np.max, "min": np.min, "var": np.var,
          "std": np.std, "prod": np.prod}


def close(got, want, rtol=1e-5, atol=1e-6):
    np.testing.assert_allclose(ops.convert_to_numpy(got), want, rtol=rtol, atol=atol)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary(name):
    close(getattr(ops, name)(A), UNARY[name](A))
    close(getattr(ops, name)(ops.convert_to_tensor(A)), UNARY[name](A))


@pytest.mark.parametrize("name", sorted(POSITIVE))
def test_unary_positive(name):
    close(getattr(ops, name)(P), POSITIVE[name](P))


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary(name):
    a, b = (np.abs(A), P) if name == "power" else (A, B)
    close(getattr(ops, name)(a, b), BINARY[name](a, b))


@pytest.mark.parametrize("name", sorted(REDUCE))
@pytest.mark.parametrize("axis", [None, 0, 1, (0, 1)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_reductions(name, axis, keepdims):
    close(getattr(ops, name)(A, axis=axis, keepdims=keepdims),
          REDUCE[name](A, axis=axis, keepdims=keepdims), rtol=1e-5, atol=1e-5)


def test_linear_algebra_and_shapes():
    close(ops.matmul(A, M), A @ M)
    close(ops.dot(A, M), A @ M)
    close(ops.tensordot(A, M, axes=1), np.tensordot(A, M, axes=1))
    close(ops.einsum("ij,jk->ik", A, M), A @ M)
    close(ops.transpose(A), A.T)
    close(ops.reshape(A, (2, 6)), A.reshape(2, 6))
    close(ops.expand_dims(A, 1), A[:, None])
    close(ops.squeeze(A[:, None], 1), A)
    close(ops.concatenate([A, B], axis=1), np.concatenate([A, B], axis=1))
    close(ops.stack([A, B], axis=0), np.stack([A, B]))
    close(ops.tile(A, (2, 1)), np.tile(A, (2, 1)))
    close(ops.repeat(A, 2, axis=0), np.repeat(A, 2, axis=0))
    close(ops.flip(A, 1), np.flip(A, 1))
    close(ops.cumsum(A, axis=1), np.cumsum(A, axis=1))
    close(ops.clip(A, -0.5, 0.5), np.clip(A, -0.5, 0.5))
    close(ops.where(A > 0, A, B), np.where(A > 0, A, B))
    close(ops.pad(A, ((1, 0), (0, 2))), np.pad(A, ((1, 0), (0, 2))))
    close(ops.take(A, [2, 0], axis=1), np.take(A, [2, 0], axis=1))
    close(ops.argmax(A, axis=1), np.argmax(A, axis=1))
    close(ops.sort(A, axis=1), np.sort(A, axis=1))
    close(ops.logsumexp(A, axis=1), np.log(np.exp(A).sum(1)), rtol=1e-5)
    close(ops.linspace(0, 1, 5), np.linspace(0, 1, 5))
    close(ops.arange(5), np.arange(5))
    close(ops.eye(3, 4, k=1), np.eye(3, 4, k=1))
    assert ops.shape(A) == (3, 4)


def test_nn_ops():
    e = np.exp(A - A.max(1, keepdims=True))
    close(ops.softmax(A), e / e.sum(1, keepdims=True))
    close(ops.log_softmax(A), np.log(e / e.sum(1, keepdims=True)), atol=1e-5)
    close(ops.sigmoid(A), 1 / (1 + np.exp(-A)))
    close(ops.relu(A), np.maximum(A, 0))
    close(ops.one_hot([0, 2], 3), np.eye(3)[[0, 2]])
    mean, var = ops.moments(A, axes=(0,))
    close(mean, A.mean(0))
    close(var, A.var(0))
    labels = np.array([1, 0, 3])
    logits = A
    ref = -np.log((e / e.sum(1, keepdims=True))[np.arange(3), labels])
    close(ops.sparse_categorical_crossentropy(labels, logits, from_logits=True), ref, rtol=1e-5)


def test_python_scalars_keep_tensor_dtype():
    x = ops.convert_to_tensor(np.ones(3, "float32"))
    assert ops.dtype(ops.add(x, 1)) == "float32"
    assert ops.dtype(ops.multiply(2.5, x)) == "float32"
    assert ops.dtype(ops.convert_to_tensor(np.ones(2))) == "float64"  # arrays keep dtype
    assert ops.dtype(ops.convert_to_tensor(np.float64(2.0))) == "float32"  # scalars: floatx
    assert ops.dtype(cornu.layers.Dense(2)(np.ones((1, 3)))) == "float32"  # layers autocast
    assert ops.dtype(ops.convert_to_tensor([1, 2])) == "int32"


@pytest.mark.parametrize("call,shape", [
    (lambda x: ops.add(x, 1.0), (None, 4)),
    (lambda x: ops.matmul(x, np.ones((4, 2), "float32")), (None, 2)),
    (lambda x: ops.sum(x, axis=1), (None,)),
    (lambda x: ops.reshape(x, (-1, 2, 2)), (None, 2, 2)),
    (lambda x: ops.concatenate([x, x], axis=-1), (None, 8)),
    (lambda x: ops.softmax(x), (None, 4)),
    (lambda x: ops.expand_dims(x, 1), (None, 1, 4)),
    (lambda x: x * 2 + 1, (None, 4)),
    (lambda x: x[:, :2], (None, 2)),
])
def test_symbolic_shape_inference(call, shape):
    out = call(cornu.Input(shape=(4,)))
    assert isinstance(out, cornu.backend.KerasTensor)
    assert out.shape == shape


def test_symbolic_ops_build_a_working_model():
    x = cornu.Input(shape=(4,))
    y = ops.sum(ops.square(x), axis=-1, keepdims=True) + 1.0
    model = cornu.Model(x, y)
    np.testing.assert_allclose(model.predict(A, verbose=0), (A ** 2).sum(1, keepdims=True) + 1,
                               rtol=1e-5)
