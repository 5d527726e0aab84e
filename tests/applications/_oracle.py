"""Compares a cornu application with real Keras 3 (torch backend) built the same way."""

from __future__ import annotations

import numpy as np
import pytest


def keras_app(name: str, **kwargs):
    keras = pytest.importorskip("keras")
    return getattr(keras.applications, name)(**kwargs)


def assert_same_as_keras(name: str, images: np.ndarray | None = None, rtol=1e-4, atol=1e-5,
                         **kwargs):
    """Same layer names, parameter counts and weight shapes; with ``images``, the same
    predictions once Keras's weights are copied into cornu's model."""
    import cornu

    ours = getattr(cornu.applications, name)(weights=None, **kwargs)
    theirs = keras_app(name, weights=None, **kwargs)
    assert [layer.name for layer in ours.layers] == [layer.name for layer in theirs.layers]
    assert ours.count_params() == theirs.count_params()
    assert len(ours.trainable_weights) == len(theirs.trainable_weights)
    keras_weights = theirs.get_weights()
    assert [w.shape for w in ours.get_weights()] == [w.shape for w in keras_weights]
    if images is not None:
        ours.set_weights(keras_weights)
        expected = np.asarray(theirs.predict(images, verbose=0))
        got = np.asarray(ours.predict(images, verbose=0))
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol)
    return ours, theirs
