"""Image layers against real Keras 3: the same random transformation in, the same images out.

Keras's layers draw their own random parameters; each test asks Keras for a transformation
and feeds it to both ``transform_images`` methods (the two share the transformation format).
"""

import numpy as np
import pytest

import cornu
from cornu import layers, ops

RNG = np.random.RandomState(0)
IMAGES = (RNG.rand(3, 9, 7, 3) * 255).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


CASES = [
    ("RandomFlip", {"mode": "horizontal"}),
    ("RandomFlip", {"mode": "vertical"}),
    ("RandomFlip", {}),
    ("RandomRotation", {"factor": 0.2}),
    ("RandomRotation", {"factor": 0.3, "fill_mode": "constant", "fill_value": 7.0}),
    ("RandomRotation", {"factor": (-0.1, 0.4), "fill_mode": "wrap", "interpolation": "nearest"}),
    ("RandomZoom", {"height_factor": 0.3}),
    ("RandomZoom", {"height_factor": (-0.4, 0.2), "width_factor": 0.3, "fill_mode": "nearest"}),
    ("RandomTranslation", {"height_factor": 0.2, "width_factor": 0.3}),
    ("RandomTranslation", {"height_factor": (-0.3, 0.1), "width_factor": 0.1,
                           "fill_mode": "constant"}),
    ("RandomContrast", {"factor": 0.5}),
    ("RandomBrightness", {"factor": 0.3}),
    ("RandomInvert", {"factor": 0.5}),
    ("RandomGrayscale", {"factor": 0.5}),
    ("Solarization", {"addition_factor": 0.3, "threshold_factor": 0.6}),
    ("RandomPosterization", {"factor": (2, 6)}),
    ("RandomShear", {"x_factor": 0.3, "y_factor": (0.1, 0.2)}),
    ("RandomShear", {"x_factor": 0.2, "fill_mode": "constant", "interpolation": "nearest"}),
    ("RandomColorDegeneration", {"factor": 0.7}),
    ("RandomSaturation", {"factor": 0.8, "value_range": (0, 1)}),
    ("MixUp", {"alpha": 0.4}),
]


@pytest.mark.parametrize("name,kwargs", CASES)
def test_transform_matches_keras(keras, name, kwargs):
    ours = getattr(layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    for _ in range(3):
        x = keras.ops.convert_to_tensor(IMAGES.copy())  # Keras may add in place
        transformation = theirs.get_random_transformation(x, training=True)
        # Keras's torch affine_transform edits the transform in place: ours goes first.
        got = ours.transform_images(ops.convert_to_tensor(IMAGES), transformation,
                                    training=True)
        expected = theirs.transform_images(x, transformation, training=True)
        np.testing.assert_allclose(_np(got), _np(expected), rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("name,kwargs", [
    ("Resizing", {"height": 4, "width": 5}),
    ("Resizing", {"height": 5, "width": 3, "interpolation": "nearest"}),
    ("Resizing", {"height": 6, "width": 6, "interpolation": "bicubic",
                  "crop_to_aspect_ratio": True}),
    ("Resizing", {"height": 4, "width": 8, "pad_to_aspect_ratio": True, "fill_value": 3.0}),
    ("CenterCrop", {"height": 5, "width": 5}),
    ("CenterCrop", {"height": 12, "width": 4}),
    ("AutoContrast", {}),
    ("AutoContrast", {"value_range": (0, 1)}),
])
def test_deterministic_layers_match_keras(keras, name, kwargs):
    ours = getattr(layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    x = IMAGES / 255.0 if kwargs.get("value_range") == (0, 1) else IMAGES
    np.testing.assert_allclose(_np(ours(x)), _np(theirs(x)), rtol=1e-5, atol=1e-3)
    np.testing.assert_allclose(_np(ours(x[0])), _np(theirs(x[0])), rtol=1e-5, atol=1e-3)


def test_channels_first_matches_keras(keras):
    x = IMAGES.transpose(0, 3, 1, 2)
    theirs = keras.layers.RandomRotation(0.3, data_format="channels_first")
    ours = layers.RandomRotation(0.3, data_format="channels_first")
    t = theirs.get_random_transformation(keras.ops.convert_to_tensor(x), training=True)
    got = _np(ours.transform_images(ops.convert_to_tensor(x), t))
    expected = _np(theirs.transform_images(keras.ops.convert_to_tensor(x), t))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-3)


RANDOM_LAYERS = [
    layers.RandomFlip(), layers.RandomRotation(0.3), layers.RandomZoom(0.3),
    layers.RandomTranslation(0.2, 0.2), layers.RandomContrast(0.5),
    layers.RandomBrightness(0.3), layers.RandomInvert(), layers.RandomGrayscale(),
    layers.Solarization(0.2, 0.5), layers.RandomPosterization((2, 5)),
    layers.RandomShear(0.3, 0.3), layers.RandomColorDegeneration(0.5),
    layers.RandomSaturation(0.5), layers.MixUp(),
]


@pytest.mark.parametrize("layer", RANDOM_LAYERS, ids=lambda l: type(l).__name__)
def test_inactive_at_inference(layer):
    out = layer(IMAGES, training=False)
    np.testing.assert_array_equal(_np(out), IMAGES)
    assert tuple(out.shape) == IMAGES.shape


def test_random_crop_train_and_inference():
    layer = layers.RandomCrop(4, 5, seed=3)
    train = _np(layer(IMAGES, training=True))
    assert train.shape == (3, 4, 5, 3)
    # Training crops are windows of the input.
    found = any(np.allclose(train[0], IMAGES[0, i:i + 4, j:j + 5])
                for i in range(6) for j in range(3))
    assert found
    infer = _np(layer(IMAGES, training=False))
    assert infer.shape == (3, 4, 5, 3)  # centred crop to the aspect ratio, then resized


def test_seeded_layers_repeat():
    a = layers.RandomRotation(0.4, seed=11)
    b = layers.RandomRotation(0.4, seed=11)
    np.testing.assert_array_equal(_np(a(IMAGES)), _np(b(IMAGES)))
    assert not np.array_equal(_np(a(IMAGES)), _np(a(IMAGES)))


def test_augmentation_in_a_model_trains_and_predicts_deterministically():
    model = cornu.Sequential([
        cornu.Input((9, 7, 3)), layers.RandomFlip(), layers.RandomRotation(0.1),
        layers.RandomZoom(0.1), layers.Rescaling(1 / 255.0), layers.Flatten(),
        layers.Dense(2),
    ])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(IMAGES, np.array([0, 1, 0]), epochs=1, verbose=0)
    np.testing.assert_array_equal(model.predict(IMAGES, verbose=0),
                                  model.predict(IMAGES, verbose=0))


def test_mixup_labels_match_keras(keras):
    labels = np.eye(3, dtype="float32")
    theirs = keras.layers.MixUp(alpha=0.3)
    t = theirs.get_random_transformation(keras.ops.convert_to_tensor(IMAGES), training=True)
    got = layers.MixUp().transform_labels(ops.convert_to_tensor(labels), t)
    expected = theirs.transform_labels(keras.ops.convert_to_tensor(labels), t)
    np.testing.assert_allclose(_np(got), _np(expected), rtol=1e-6)


def test_dict_inputs_and_errors():
    out = layers.RandomFlip(seed=1)({"images": IMAGES, "labels": np.array([0, 1, 2])})
    assert _np(out["labels"]).tolist() == [0, 1, 2]
    with pytest.raises(ValueError, match="bounding"):
        layers.RandomFlip()({"images": IMAGES, "bounding_boxes": {}})
    with pytest.raises(ValueError, match="factor"):
        layers.RandomContrast(1.5)
    with pytest.raises(NotImplementedError, match="fill_mode"):
        layers.RandomRotation(0.1, fill_mode="bogus")
    with pytest.raises(ValueError, match="rank"):
        layers.RandomFlip()(np.zeros((2, 3)))


def test_config_round_trip():
    for layer in [layers.RandomRotation(0.2, fill_mode="constant", seed=1),
                  layers.RandomZoom((-0.2, 0.1), 0.3), layers.Resizing(3, 4, "nearest"),
                  layers.RandomCrop(2, 2), layers.Rescaling([1.0, 2.0, 3.0], 0.5)]:
        clone = type(layer).from_config(layer.get_config())
        assert clone.get_config() == layer.get_config()


def test_resizing_symbolic_shape():
    inputs = cornu.Input((9, 7, 3))
    assert tuple(layers.Resizing(4, 5)(inputs).shape) == (None, 4, 5, 3)
    assert tuple(layers.CenterCrop(3, 3)(inputs).shape) == (None, 3, 3, 3)
