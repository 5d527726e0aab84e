"""AdaptiveMax/AdaptiveAveragePooling 1D-3D against Keras 3 and reference bins."""

import numpy as np
import pytest

from cornu import layers, ops
from tests.layers.convolutional.conv_test_utils import compare_with_keras, keras_config_round_trip
from tests.layers.layer_test_utils import check_layer

NAMES = [f"Adaptive{kind}Pooling{r}D" for kind in ("Max", "Average") for r in (1, 2, 3)]


@pytest.mark.parametrize("name", NAMES)
def test_check_layer(name):
    rank = int(name[-2])
    shape = (2, *(7, 5, 4)[:rank], 3)
    check_layer(getattr(layers, name), {"output_size": 2}, input_shape=shape,
                expected_output_shape=(2, *(2,) * rank, 3), expected_num_trainable_weights=0)


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_matches_keras(keras, name, data_format):
    rank = int(name[-2])
    spatial = (7, 5, 6)[:rank]
    shape = (2, *spatial, 3) if data_format == "channels_last" else (2, 3, *spatial)
    size = (3, 2, 4)[:rank]
    layer, _, _ = compare_with_keras(keras, name, {"output_size": size,
                                                   "data_format": data_format}, shape)
    keras_config_round_trip(keras, layer)


def test_bins_follow_floor_ceil_rule():
    x = np.arange(7, dtype="float32").reshape(1, 7, 1)
    got = ops.convert_to_numpy(layers.AdaptiveAveragePooling1D(3)(x))[0, :, 0]
    bins = [(i * 7 // 3, -(-(i + 1) * 7 // 3)) for i in range(3)]
    np.testing.assert_allclose(got, [x[0, a:b, 0].mean() for a, b in bins])
    got = ops.convert_to_numpy(layers.AdaptiveMaxPooling1D(3)(x))[0, :, 0]
    np.testing.assert_allclose(got, [x[0, a:b, 0].max() for a, b in bins])


def test_output_size_is_standardized_and_checked():
    assert layers.AdaptiveMaxPooling2D(3).output_size == (3, 3)
    assert layers.AdaptiveAveragePooling1D(4).get_config()["output_size"] == (4,)
    with pytest.raises(ValueError, match="output_size"):
        layers.AdaptiveAveragePooling2D((2, 2, 2))
