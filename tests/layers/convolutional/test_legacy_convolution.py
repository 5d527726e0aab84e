"""Keras 1/2 spellings of the convolution layers and the Keras 3 aliases."""

import warnings

import numpy as np
import pytest

import cornu
from cornu import layers
from cornu.utils import legacy


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch):
    monkeypatch.setattr(legacy, "_warned", set())


def test_keras1_convolution2d_signature():
    with pytest.warns(DeprecationWarning) as record:
        layer = layers.Convolution2D(32, 3, 3, border_mode="same", subsample=(2, 2),
                                     init="he_normal", W_regularizer="l2", bias=False)
    messages = " ".join(str(w.message) for w in record)
    for old in ("nb_row", "border_mode", "subsample", "init", "W_regularizer", "bias"):
        assert old in messages
    assert type(layer) is layers.Conv2D
    assert (layer.filters, layer.kernel_size, layer.padding, layer.strides) == (
        32, (3, 3), "same", (2, 2))
    assert not layer.use_bias
    assert type(layer.kernel_initializer).__name__ == "HeNormal"
    out = layer(np.zeros((1, 8, 8, 3), "float32"))
    assert tuple(out.shape) == (1, 4, 4, 32)
    config = layer.get_config()
    assert "border_mode" not in config and "init" not in config
    assert layers.Conv2D.from_config(config).padding == "same"


def test_warnings_are_emitted_once_per_spelling():
    with pytest.warns(DeprecationWarning):
        layers.Convolution2D(4, 3, 3, border_mode="valid")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layers.Convolution2D(4, 3, 3, border_mode="valid")


def test_keyword_forms_and_dim_ordering():
    with pytest.warns(DeprecationWarning):
        layer = layers.Convolution2D(nb_filter=3, nb_row=2, nb_col=4, dim_ordering="th")
    assert (layer.filters, layer.kernel_size, layer.data_format) == (3, (2, 4), "channels_first")
    inputs = cornu.Input(shape=(3, 16, 16))
    assert layer(inputs).shape == (None, 3, 15, 13)
    with pytest.warns(DeprecationWarning):
        layer = layers.Convolution1D(nb_filter=8, filter_length=5, subsample_length=2)
    assert (layer.filters, layer.kernel_size, layer.strides) == (8, (5,), (2,))


def test_keras1_positional_tail_and_other_ranks():
    with pytest.warns(DeprecationWarning):
        conv1 = layers.Convolution1D(4, 3, "glorot_normal", "relu")
    assert type(conv1.kernel_initializer).__name__ == "GlorotNormal"
    assert conv1.activation is cornu.activations.relu
    with pytest.warns(DeprecationWarning):
        conv3 = layers.Convolution3D(2, 3, 3, 1, border_mode="same")
    assert type(conv3) is layers.Conv3D and conv3.kernel_size == (3, 3, 1)


def test_keras3_calls_through_the_aliases_are_unchanged():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        layer = layers.Convolution2D(8, (3, 3), strides=2, padding="same")
        conv1 = layers.Convolution1D(4, 3, 2)  # Keras 3: the third argument is strides
    assert layer.kernel_size == (3, 3) and layer.strides == (2, 2)
    assert conv1.strides == (2,)
    assert layers.Conv2D(4, 3, 3).strides == (3, 3)  # Conv2D keeps the Keras 3 meaning


def test_plain_aliases():
    assert layers.Convolution2DTranspose is layers.Conv2DTranspose
    assert layers.Convolution1DTranspose is layers.Conv1DTranspose
    assert layers.Convolution3DTranspose is layers.Conv3DTranspose
    assert layers.SeparableConvolution2D is layers.SeparableConv2D
    assert layers.SeparableConvolution1D is layers.SeparableConv1D
    assert issubclass(layers.Convolution2D, layers.Conv2D)


def test_subclassing_an_alias_keeps_the_subclass():
    class MyConv(layers.Convolution2D):
        pass

    with pytest.warns(DeprecationWarning):
        layer = MyConv(4, 3, 3)
    assert type(layer) is MyConv and layer.kernel_size == (3, 3)


def test_the_tutorial_snippet_runs():
    x = cornu.Input(shape=(3, 16, 16))
    with pytest.warns(DeprecationWarning):
        y = layers.Convolution2D(3, 3, 3, border_mode="same", dim_ordering="th")(x)
    assert y.shape == (None, 3, 16, 16)


def test_errors():
    with pytest.raises(TypeError, match="nb_filter"):
        layers.Convolution2D(3, nb_filter=3, nb_row=2, nb_col=2)
    with pytest.raises(TypeError, match="nb_row"):
        layers.Convolution2D(3, nb_row=2)
