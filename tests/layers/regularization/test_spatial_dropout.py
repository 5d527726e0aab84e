"""SpatialDropout1D/2D/3D: whole channels dropped in training, identity at inference."""

import numpy as np
import pytest
from layers.layer_test_utils import check_layer

from cornu import layers, ops

CASES = [
    (layers.SpatialDropout1D, {}, (64, 20, 16), (1,)),
    (layers.SpatialDropout2D, {}, (32, 6, 6, 16), (1, 2)),
    (layers.SpatialDropout2D, {"data_format": "channels_first"}, (32, 16, 6, 6), (2, 3)),
    (layers.SpatialDropout3D, {}, (16, 3, 3, 3, 16), (1, 2, 3)),
    (layers.SpatialDropout3D, {"data_format": "channels_first"}, (16, 16, 3, 3, 3), (2, 3, 4)),
]


@pytest.mark.parametrize("cls,kwargs,shape,spatial", CASES)
def test_check_layer_and_identity_at_inference(cls, kwargs, shape, spatial):
    layer, out = check_layer(cls, {"rate": 0.5, **kwargs}, input_shape=shape,
                             expected_output_shape=shape, expected_num_trainable_weights=0)
    x = np.ones(shape, "float32")
    np.testing.assert_array_equal(ops.convert_to_numpy(layer(x, training=False)), x)


@pytest.mark.parametrize("cls,kwargs,shape,spatial", CASES)
def test_training_drops_whole_channels_at_the_rate(cls, kwargs, shape, spatial):
    rate = 0.4
    x = np.ones(shape, "float32")
    y = ops.convert_to_numpy(cls(rate, seed=3, **kwargs)(x, training=True))
    # Every feature map is either all zero or all 1 / (1 - rate).
    assert np.all(np.ptp(y, axis=spatial) == 0)
    values = np.unique(y)
    assert len(values) == 2 and values[0] == 0.0
    np.testing.assert_allclose(values[1], 1 / (1 - rate), rtol=1e-6)
    kept = (y.mean(axis=spatial) > 0).mean()
    n = y.mean(axis=spatial).size
    assert abs(kept - (1 - rate)) < 4 * np.sqrt(rate * (1 - rate) / n)
    assert abs(y.mean() - 1.0) < 4 * np.sqrt(rate / (1 - rate) / n)


def test_config_matches_keras(keras):
    ours = layers.SpatialDropout2D(0.3, data_format="channels_first", seed=2).get_config()
    theirs = keras.layers.SpatialDropout2D(0.3, data_format="channels_first",
                                           seed=2).get_config()
    for key in ("rate", "seed", "data_format"):
        assert ours[key] == theirs[key]
    assert "noise_shape" not in ours


def test_input_rank_is_checked():
    with pytest.raises(ValueError):
        layers.SpatialDropout1D(0.5)(np.ones((2, 3), "float32"), training=True)
