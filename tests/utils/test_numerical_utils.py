"""to_categorical and normalize, against NumPy math and real Keras 3."""

import numpy as np
import pytest

from cornu import backend, ops
from cornu.utils.numerical_utils import normalize, to_categorical


def test_to_categorical_basic():
    out = to_categorical(np.array([0, 2, 1, 2]))
    assert isinstance(out, np.ndarray) and out.dtype == np.float64
    np.testing.assert_array_equal(out, np.eye(3)[[0, 2, 1, 2]])


def test_to_categorical_num_classes_and_shapes():
    labels = np.array([[1], [3], [0]])
    out = to_categorical(labels, num_classes=5)
    assert out.shape == (3, 5)
    np.testing.assert_array_equal(out.argmax(-1), [1, 3, 0])
    grid = np.array([[0, 1], [2, 1]])
    assert to_categorical(grid, 3).shape == (2, 2, 3)
    assert to_categorical([1.0, 0.0], 2).tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_to_categorical_dtype_argument():
    assert to_categorical([0, 1], 2, dtype="float32").dtype == np.float32


def test_to_categorical_rejects_bad_labels():
    with pytest.raises(ValueError, match="num_classes=3"):
        to_categorical([0, 3], num_classes=3)
    with pytest.raises(ValueError, match=r"\[0, num_classes"):
        to_categorical([-1, 1], num_classes=3)
    with pytest.raises(ValueError, match="integer"):
        to_categorical([0.5, 1.0])


def test_to_categorical_tensor_in_tensor_out():
    labels = ops.convert_to_tensor(np.array([[2], [0]], dtype="int32"))
    out = to_categorical(labels, 3)
    assert backend.is_tensor(out) and ops.dtype(out) == "float32"
    np.testing.assert_array_equal(ops.convert_to_numpy(out), [[0, 0, 1], [1, 0, 0]])
    assert tuple(to_categorical(ops.convert_to_tensor([1, 3])).shape) == (2, 4)


def test_to_categorical_matches_keras(keras):
    labels = np.random.default_rng(0).integers(0, 7, size=(10, 1))
    np.testing.assert_array_equal(
        to_categorical(labels, 7), keras.utils.to_categorical(labels, 7)
    )
    np.testing.assert_array_equal(to_categorical(labels), keras.utils.to_categorical(labels))


@pytest.mark.parametrize("axis", [-1, 0, 1])
@pytest.mark.parametrize("order", [1, 2, 3])
def test_normalize_numpy(axis, order):
    x = np.random.default_rng(0).normal(size=(4, 5))
    x[1] = 0.0
    out = normalize(x, axis=axis, order=order)
    assert isinstance(out, np.ndarray)
    norm = np.sum(np.abs(x) ** order, axis=axis, keepdims=True) ** (1.0 / order)
    np.testing.assert_allclose(out, x / np.where(norm == 0, 1, norm), rtol=1e-12)


def test_normalize_list_and_whole_array():
    assert normalize([[3.0, 4.0], [0.0, 0.0]]).tolist() == [[0.6, 0.8], [0.0, 0.0]]
    np.testing.assert_allclose(normalize(np.array([[3.0], [4.0]]), axis=None), [[0.6], [0.8]])


@pytest.mark.parametrize("order", [1, 2])
def test_normalize_tensor(order):
    x = np.random.default_rng(1).normal(size=(3, 6)).astype("float32")
    out = normalize(ops.convert_to_tensor(x), axis=-1, order=order)
    assert backend.is_tensor(out)
    expected = x / np.linalg.norm(x.astype("float64"), ord=order, axis=-1, keepdims=True)
    np.testing.assert_allclose(ops.convert_to_numpy(out), expected, rtol=1e-5)
    zeros = normalize(ops.zeros((2, 3)))
    np.testing.assert_array_equal(ops.convert_to_numpy(zeros), np.zeros((2, 3)))


def test_normalize_rejects_bad_order():
    with pytest.raises(ValueError, match="order"):
        normalize([1.0, 2.0], order=0)


def test_normalize_matches_keras(keras):
    x = np.random.default_rng(2).normal(size=(4, 5))
    np.testing.assert_allclose(normalize(x), keras.utils.normalize(x), rtol=1e-12)
    np.testing.assert_allclose(normalize(x, order=1), keras.utils.normalize(x, order=1))
