"""Every application module's ``preprocess_input`` and ``decode_predictions`` against real
Keras 3, and the ImageNet class index that ships with cornu."""

from __future__ import annotations

import json

import numpy as np
import pytest

import cornu
from cornu.applications import _MODULES, imagenet_utils

_APPLICATIONS = [m for m in _MODULES if m != "imagenet_utils"]
# the modules whose models normalize their inputs themselves
_IDENTITY = ["convnext", "efficientnet", "efficientnet_v2", "mobilenet_v3"]


@pytest.mark.parametrize("module", _APPLICATIONS)
@pytest.mark.parametrize("data_format", [None, "channels_last", "channels_first"])
def test_preprocess_input_matches_keras(module, data_format, keras):
    ours = getattr(cornu.applications, module).preprocess_input
    theirs = getattr(keras.applications, module).preprocess_input
    rng = np.random.RandomState(1)
    for x in (rng.randint(0, 256, (2, 5, 5, 3)).astype("uint8"),
              rng.uniform(0, 255, (2, 3, 5, 5)), rng.uniform(0, 255, (3, 5, 5)),
              rng.uniform(0, 255, (5, 5, 3)).astype("float32")):
        original = x.copy()
        expected = theirs(x.copy(), data_format=data_format)
        got = ours(x, data_format=data_format)
        np.testing.assert_array_equal(x, original)  # the input is left as it was
        assert np.asarray(got).dtype == np.asarray(expected).dtype
        np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-5)
    # tensors: Keras's tensor path needs the channel axis to hold the 3 channels
    first = data_format == "channels_first"
    for shape in ((2, 3, 4, 4), (3, 4, 4)) if first else ((2, 4, 4, 3), (4, 4, 3)):
        tensor = rng.uniform(0, 255, shape).astype("float32")
        got = ours(cornu.ops.convert_to_tensor(tensor), data_format=data_format)
        expected = theirs(keras.ops.convert_to_tensor(tensor), data_format=data_format)
        np.testing.assert_allclose(cornu.ops.convert_to_numpy(got),
                                   keras.ops.convert_to_numpy(expected), rtol=1e-6,
                                   atol=1e-5)
        # inside a model, on a symbolic input (the fine-tuning recipe)
        inputs = cornu.Input(shape[1:] if len(shape) == 4 else shape)
        model = cornu.Model(inputs, ours(inputs, data_format=data_format))
        batch = tensor if len(shape) == 4 else tensor[None]
        np.testing.assert_allclose(model.predict(batch, verbose=0),
                                   theirs(batch.copy(), data_format=data_format), rtol=1e-6,
                                   atol=1e-5)


@pytest.mark.parametrize("module", _IDENTITY)
def test_preprocess_input_is_the_identity_where_models_normalize(module, keras):
    x = np.random.RandomState(2).uniform(0, 255, (2, 4, 4, 3))
    assert getattr(cornu.applications, module).preprocess_input(x) is x
    assert getattr(keras.applications, module).preprocess_input(x) is x


def test_preprocess_input_belongs_to_its_module():
    import pickle

    from cornu.applications import densenet, efficientnet, vgg16

    assert "for VGG16" in vgg16.preprocess_input.__doc__
    assert '"torch" mode' in densenet.preprocess_input.__doc__
    assert "unchanged" in efficientnet.preprocess_input.__doc__
    for module in (vgg16, efficientnet):
        assert module.preprocess_input.__module__ == module.__name__
        assert pickle.loads(pickle.dumps(module.preprocess_input)) is module.preprocess_input


def test_class_index_is_the_imagenet_table():
    with open(imagenet_utils._CLASS_INDEX_FILE, encoding="utf-8") as f:
        table = json.load(f)
    assert sorted(table, key=int) == [str(i) for i in range(1000)]
    wnids = [table[str(i)][0] for i in range(1000)]
    assert wnids == sorted(set(wnids))  # the classes are the sorted synset ids
    assert all(len(w) == 9 and w[0] == "n" and w[1:].isdigit() for w in wnids)
    assert table["0"] == ["n01440764", "tench"]
    assert table["1"] == ["n01443537", "goldfish"]
    assert table["2"] == ["n01484850", "great_white_shark"]
    assert table["281"] == ["n02123045", "tabby"]
    assert table["999"] == ["n15075141", "toilet_tissue"]


@pytest.mark.parametrize("module", _APPLICATIONS)
def test_decode_predictions_matches_keras(module, keras, monkeypatch):
    from keras.src.applications import imagenet_utils as keras_imagenet_utils

    # Keras downloads the same table; hand it cornu's copy so that nothing is downloaded.
    with open(imagenet_utils._CLASS_INDEX_FILE, encoding="utf-8") as f:
        monkeypatch.setattr(keras_imagenet_utils, "CLASS_INDEX", json.load(f))
    preds = np.random.RandomState(2).dirichlet(np.ones(1000), size=3).astype("float32")
    preds[0, 281] = 0.9  # one confident answer
    expected = getattr(keras.applications, module).decode_predictions(preds, top=4)
    got = getattr(cornu.applications, module).decode_predictions(preds, top=4)
    assert got[0][0][:2] == ("n02123045", "tabby")
    assert [[row[:2] for row in image] for image in got] == [
        [tuple(row[:2]) for row in image] for image in expected]
    np.testing.assert_allclose([[row[2] for row in image] for image in got],
                               [[row[2] for row in image] for image in expected])
    with pytest.raises(ValueError, match=r"\(samples, 1000\)"):
        getattr(cornu.applications, module).decode_predictions(preds[:, :10])
