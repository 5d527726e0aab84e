"""Helpers shared by the application tests: cornu's applications against real Keras 3
(torch backend) built the same way, test images, the image data format of both, and
stand-ins for the download of the published weights."""

from __future__ import annotations

import contextlib

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


def images(shape: tuple, low: float = -1.0, high: float = 1.0, n: int = 2,
           seed: int = 0) -> np.ndarray:
    """``n`` float32 images of ``shape`` drawn uniformly from [low, high)."""
    return np.random.RandomState(seed).uniform(low, high, (n,) + shape).astype("float32")


@contextlib.contextmanager
def image_data_format(data_format: str):
    """``data_format`` in cornu and (where installed) Keras, restored afterwards."""
    import cornu

    try:
        import keras
    except ImportError:
        keras = None
    previous = cornu.backend.image_data_format()
    previous_keras = keras.config.image_data_format() if keras is not None else None
    cornu.backend.set_image_data_format(data_format)
    if keras is not None:
        keras.config.set_image_data_format(data_format)
    try:
        yield
    finally:
        cornu.backend.set_image_data_format(previous)
        if keras is not None:
            keras.config.set_image_data_format(previous_keras)


def fresh_names():
    """Both libraries number unnamed layers from zero again ("conv2d", "conv2d_1", ...); an
    autouse fixture of each test module: ``_fresh_names = pytest.fixture(autouse=True)(
    fresh_names)``."""
    import cornu

    cornu.backend.clear_session()
    try:
        import keras
    except ImportError:
        keras = None
    if keras is not None:
        keras.backend.clear_session(free_memory=False)  # a full gc here costs ~0.4 s a test
    yield


def assert_channels_first_like_channels_last(name: str, side: int, perturb=None) -> None:
    """Built for channels_first images, application ``name`` computes with the same
    weights (``perturb``-ed, if given) what it computes for channels_last ones."""
    import cornu

    build = getattr(cornu.applications, name)
    last = build(weights=None, include_top=False, input_shape=(side, side, 3))
    weights = last.get_weights() if perturb is None else perturb(last.get_weights())
    last.set_weights(weights)
    x = images((side, side, 3))
    expected = last.predict(x, verbose=0)
    with image_data_format("channels_first"):
        first = build(weights=None, include_top=False, input_shape=(3, side, side))
        assert tuple(first.output.shape)[1] == tuple(last.output.shape)[-1]  # channels
        first.set_weights(weights)
        got = first.predict(x.transpose(0, 3, 1, 2), verbose=0)
    np.testing.assert_allclose(got.transpose(0, 2, 3, 1), expected, rtol=1e-4,
                               atol=1e-4 * max(1.0, np.abs(expected).max()))


# --- weights="imagenet" without a download --------------------------------------------------

class Requested(Exception):
    """Stops a constructor at its download: what it would load is not under test there."""


def record_get_file(monkeypatch, module, requests: dict, key: str, path=None) -> None:
    """``module.get_file`` records ``(fname, origin, file_hash, cache_subdir)`` under
    ``requests[key]``, then returns ``path`` (or raises :class:`Requested`)."""
    def get_file(fname=None, origin=None, **options):
        requests[key] = (fname, origin, options.get("file_hash"), options.get("cache_subdir"))
        if path is None:
            raise Requested
        return path

    monkeypatch.setattr(module, "get_file", get_file)


def assert_requests_keras_file(name: str, kwargs: dict, keras, monkeypatch) -> None:
    """``weights="imagenet"`` asks for the same file name, origin URL, hash and cache
    folder ("models") as Keras does."""
    import keras.src.utils.file_utils as keras_file_utils

    import cornu
    import cornu.utils.file_utils as cornu_file_utils

    requests = {}
    record_get_file(monkeypatch, keras_file_utils, requests, "keras")
    record_get_file(monkeypatch, cornu_file_utils, requests, "cornu")
    for library in (keras, cornu):
        with pytest.raises(Requested):
            getattr(library.applications, name)(weights="imagenet", **kwargs)
    assert requests["cornu"] == requests["keras"]
    assert requests["cornu"][3] == "models"


def assert_weights_path_loads(name: str, path, **kwargs) -> None:
    """Weights that a cornu application saved to ``path`` load into a new one built with
    ``weights=path``; every saved value moved from its initial one first (BatchNormalization
    statistics too), so that each must come from the file."""
    import cornu

    build = getattr(cornu.applications, name)
    source = build(weights=None, **kwargs)
    rng = np.random.RandomState(4)
    source.set_weights([w + rng.uniform(0.5, 1.5, w.shape).astype(w.dtype)
                        for w in source.get_weights()])
    source.save_weights(str(path))
    loaded = build(weights=str(path), **kwargs)
    for got, expected in zip(loaded.get_weights(), source.get_weights(), strict=True):
        np.testing.assert_array_equal(got, expected)


def write_keras_h5(keras_model, path) -> str:
    """``keras_model``'s weights in the layout of Keras's published files (top-level
    ``layer_names``, one group per layer listing its ``weight_names``), written by Keras's
    own legacy writer."""
    import h5py
    from keras.src.legacy.saving import legacy_h5_format

    with h5py.File(path, "w") as f:
        legacy_h5_format.save_weights_to_hdf5_group(f, keras_model)
    return str(path)
