"""Pipeline: layers applied in turn, dict inputs, training, configs Keras can read."""

import json

import numpy as np

import cornu
from cornu import layers, ops

IMAGES = (np.random.RandomState(0).rand(4, 8, 8, 3) * 255).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _pipeline():
    return layers.Pipeline([layers.RandomFlip(seed=1), layers.RandomBrightness(0.2, seed=2),
                            layers.CutMix(seed=3)])


def test_pipeline_applies_layers_in_order():
    pipeline = layers.Pipeline([layers.Rescaling(2.0), layers.Rescaling(1.0, offset=1.0)])
    np.testing.assert_array_equal(_np(pipeline(np.array([[1.0, 2.0]], "float32"))),
                                  [[3.0, 5.0]])
    reversed_order = layers.Pipeline(pipeline.layers[::-1])
    np.testing.assert_array_equal(_np(reversed_order(np.array([[1.0, 2.0]], "float32"))),
                                  [[4.0, 6.0]])


def test_pipeline_dicts_training_and_seeds():
    out = _pipeline()({"images": IMAGES, "labels": np.eye(4, dtype="float32")})
    assert tuple(out["images"].shape) == IMAGES.shape
    np.testing.assert_allclose(_np(out["labels"]).sum(1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(_np(_pipeline()(IMAGES, training=False)), IMAGES)
    np.testing.assert_array_equal(_np(_pipeline()(IMAGES)), _np(_pipeline()(IMAGES)))
    assert not np.array_equal(_np(_pipeline()(IMAGES)), IMAGES)


def test_pipeline_config_round_trip_and_keras(keras):
    config = json.loads(json.dumps(_pipeline().get_config()))
    clone = layers.Pipeline.from_config(config)
    assert [type(layer).__name__ for layer in clone.layers] == ["RandomFlip",
                                                                 "RandomBrightness", "CutMix"]
    np.testing.assert_array_equal(_np(clone(IMAGES)), _np(_pipeline()(IMAGES)))
    theirs = keras.layers.Pipeline([keras.layers.RandomFlip(), keras.layers.Rescaling(0.5)])
    ours = layers.Pipeline.from_config(json.loads(json.dumps(theirs.get_config())))
    assert [type(layer).__name__ for layer in ours.layers] == ["RandomFlip", "Rescaling"]


def test_pipeline_in_a_model_saves_for_keras(tmp_path, keras):
    inputs = cornu.Input((8, 8, 3))
    x = layers.Pipeline([layers.RandomFlip(), layers.Rescaling(1 / 255.0)])(inputs)
    model = cornu.Model(inputs, layers.Dense(1)(layers.Flatten()(x)))
    model.compile("sgd", "mse")
    model.fit(IMAGES, np.zeros((4, 1)), verbose=0)
    path = str(tmp_path / "pipeline.keras")
    model.save(path)
    expected = model.predict(IMAGES, verbose=0)
    np.testing.assert_allclose(cornu.saving.load_model(path).predict(IMAGES, verbose=0),
                               expected, rtol=1e-6)
    np.testing.assert_allclose(keras.saving.load_model(path).predict(IMAGES, verbose=0),
                               expected, rtol=1e-5, atol=1e-6)
