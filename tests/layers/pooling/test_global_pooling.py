"""GlobalMax/GlobalAveragePooling 1D-3D: keepdims, channels_first, masks, Keras oracle."""

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from tests.layers.convolutional.conv_test_utils import compare_with_keras
from tests.layers.layer_test_utils import check_layer

NAMES = [f"Global{kind}Pooling{r}D" for kind in ("Max", "Average") for r in (1, 2, 3)]
SHAPES = {1: (2, 5, 3), 2: (2, 4, 5, 3), 3: (2, 3, 4, 2, 3)}


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("keepdims", [False, True])
def test_check_layer(name, keepdims):
    rank = int(name[-2])
    shape = SHAPES[rank]
    expected = (2, *(1,) * rank, 3) if keepdims else (2, 3)
    check_layer(getattr(layers, name), {"keepdims": keepdims}, input_shape=shape,
                expected_output_shape=expected, expected_num_trainable_weights=0)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
@pytest.mark.parametrize("keepdims", [False, True])
def test_matches_keras(keras, name, data_format, keepdims):
    compare_with_keras(keras, name, {"data_format": data_format, "keepdims": keepdims},
                       SHAPES[int(name[-2])])


@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_average_1d_mask_matches_keras(keras, data_format):
    mask = np.array([[True, True, False, True, False], [False, True, True, True, True]])
    shape = (2, 5, 3) if data_format == "channels_last" else (2, 3, 5)
    _, _, got = compare_with_keras(keras, "GlobalAveragePooling1D",
                                   {"data_format": data_format}, shape, mask=mask)
    x = np.random.default_rng(0).standard_normal(shape).astype("float32")
    steps = x if data_format == "channels_last" else x.transpose(0, 2, 1)
    want = np.stack([steps[i][mask[i]].mean(axis=0) for i in range(2)])
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


def test_mask_from_masking_layer_is_used_and_consumed():
    x = np.random.default_rng(0).standard_normal((2, 4, 3)).astype("float32")
    x[0, 2:] = 0.0
    inputs = cornu.Input(shape=(4, 3))
    pooled = layers.GlobalAveragePooling1D()(layers.Masking(0.0)(inputs))
    model = cornu.Model(inputs, pooled)
    got = model.predict(x, verbose=0)
    np.testing.assert_allclose(got[0], x[0, :2].mean(axis=0), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(got[1], x[1].mean(axis=0), rtol=1e-5, atol=1e-6)
    out = layers.GlobalAveragePooling1D()(ops.convert_to_tensor(x), mask=np.ones((2, 4), bool))
    assert getattr(out, "_keras_mask", None) is None


def test_aliases():
    assert layers.GlobalMaxPool1D is layers.GlobalMaxPooling1D
    assert layers.GlobalAvgPool2D is layers.GlobalAveragePooling2D
    assert layers.GlobalAvgPool3D is layers.GlobalAveragePooling3D
    assert layers.GlobalMaxPool3D is layers.GlobalMaxPooling3D
