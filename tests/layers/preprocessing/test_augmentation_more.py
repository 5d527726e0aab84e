"""The newer Keras 3 augmentation layers (AugMix, CutMix, RandAugment, RandomErasing, ...)
against real Keras 3, plus the properties every augmentation layer must have.

Random layers are compared as in test_image_layers.py: Keras draws a transformation and both
layers' ``transform_images`` apply it. Deterministic layers are compared call for call.
"""

import json

import numpy as np
import pytest

import cornu
from cornu import layers, ops
from cornu.layers.preprocessing.image_preprocessing._sampling import sample_nhwc

RNG = np.random.RandomState(0)
IMAGES = (RNG.rand(3, 9, 7, 3) * 255).astype("float32")
BIG = (RNG.rand(2, 32, 24, 3) * 255).astype("float32")


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def _channels_first(kwargs, x):
    return x.transpose(0, 3, 1, 2) if kwargs.get("data_format") == "channels_first" else x


RANDOM_CASES = [
    ("CutMix", {}),
    ("CutMix", {"factor": (0.2, 0.6), "data_format": "channels_first"}),
    ("RandomErasing", {}),
    ("RandomErasing", {"factor": (1.0, 1.0), "scale": (0.1, 0.5), "fill_value": 7.0}),
    ("RandomErasing", {"factor": (1.0, 1.0), "data_format": "channels_first"}),
    ("RandomGaussianBlur", {"kernel_size": 5, "sigma": (0.2, 0.9)}),
    ("RandomGaussianBlur", {"factor": (1.0, 1.0), "data_format": "channels_first"}),
    ("RandomHue", {"factor": 0.7}),
    ("RandomHue", {"factor": (0.2, 0.9), "value_range": (0, 1),
                   "data_format": "channels_first"}),
    ("RandomSharpness", {"factor": 0.9}),
    ("RandomSharpness", {"factor": (0.0, 0.3), "data_format": "channels_first"}),
    ("RandomPerspective", {"scale": 0.6}),
    ("RandomPerspective", {"factor": (1.0, 1.0), "scale": 0.4, "interpolation": "nearest",
                           "fill_value": 5.0, "data_format": "channels_first"}),
    ("AugMix", {}),
    ("AugMix", {"all_ops": False, "num_chains": 2, "chain_depth": 4, "factor": 0.6,
                "data_format": "channels_first"}),
]


@pytest.mark.parametrize("name,kwargs", RANDOM_CASES)
def test_transform_matches_keras(keras, name, kwargs):
    x = _channels_first(kwargs, IMAGES)
    if kwargs.get("value_range") == (0, 1):
        x = x / 255.0
    ours = getattr(layers, name)(**kwargs)
    theirs = getattr(keras.layers, name)(**kwargs)
    for _ in range(3):
        kx = keras.ops.convert_to_tensor(x.copy())
        transformation = theirs.get_random_transformation(kx, training=True)
        # Keras's torch ops may edit the inputs and the transformation in place: ours first.
        got = _np(ours.transform_images(ops.convert_to_tensor(x.copy()), transformation))
        expected = _np(theirs.transform_images(kx, transformation, training=True))
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-3)


def test_cut_mix_labels_match_keras(keras):
    labels = np.eye(3, dtype="float32")
    theirs = keras.layers.CutMix()
    t = theirs.get_random_transformation(keras.ops.convert_to_tensor(IMAGES), training=True)
    got = layers.CutMix().transform_labels(ops.convert_to_tensor(labels), t)
    expected = theirs.transform_labels(keras.ops.convert_to_tensor(labels), t)
    np.testing.assert_allclose(_np(got), _np(expected), rtol=1e-6)
    # Our label weights are the fractions of the images that were not pasted over.
    for _ in range(3):
        ours = layers.CutMix().get_random_transformation(ops.convert_to_tensor(BIG))
        kept = 1.0 - _np(ours["batch_masks"])[..., 0].mean(axis=(1, 2))
        np.testing.assert_allclose(_np(ours["mix_weight"]), kept, atol=0.1)


def test_rand_augment_applies_the_drawn_operations(keras):
    """Keras's RandAugment runs every operation and keeps one with ``where``; on torch its
    in-place ops leak between them, so we compare with Keras's operations run one by one."""
    theirs = keras.layers.RandAugment(num_ops=3, factor=0.8)
    ours = layers.RandAugment(num_ops=3, factor=0.8)
    names = list(theirs._AUGMENT_LAYERS)
    for picks in ([0, 4, 8], [1, 6, 10], [2, 3, 9], [5, 7, 7]):
        kx = keras.ops.convert_to_tensor(IMAGES.copy())
        t = theirs.get_random_transformation(kx, training=True)
        t["layer_idxes"] = keras.ops.convert_to_tensor(np.array(picks, "int32"))
        got = _np(ours.transform_images(ops.convert_to_tensor(IMAGES), t))
        expected = kx
        for i in picks:
            expected = getattr(theirs, names[i]).transform_images(
                keras.ops.copy(expected), t["transforms"][names[i]])
        np.testing.assert_allclose(got, _np(expected), rtol=1e-5, atol=1e-3)


def test_elastic_transform_matches_keras_with_the_same_noise(keras):
    # Keras's torch elastic_transform draws its noise from the global generator (it ignores
    # the seed); an unseeded cornu layer does the same, so equal global states match.
    for kwargs in ({}, {"fill_mode": "constant", "fill_value": 9.0, "interpolation": "nearest"},
                   {"scale": 0.5, "fill_mode": "wrap", "data_format": "channels_first"}):
        kwargs = {"factor": (1.0, 1.0), **kwargs}
        x = _channels_first(kwargs, BIG[:, :20, :16])
        ours = layers.RandomElasticTransform(**kwargs)
        theirs = keras.layers.RandomElasticTransform(**kwargs)
        kx = keras.ops.convert_to_tensor(x.copy())
        t = theirs.get_random_transformation(kx, training=True)
        cornu.utils.set_random_seed(5)
        got = _np(ours.transform_images(ops.convert_to_tensor(x), t))
        cornu.utils.set_random_seed(5)
        expected = _np(theirs.transform_images(kx, t))
        np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-3)
        assert np.abs(expected - x).max() > 1.0


@pytest.mark.parametrize("fill_mode", ["reflect", "wrap", "constant", "nearest", "mirror"])
@pytest.mark.parametrize("interpolation,order", [("nearest", 0), ("bilinear", 1)])
def test_sampling_matches_keras_map_coordinates(keras, fill_mode, interpolation, order):
    image = RNG.rand(2, 5, 6, 2).astype("float32")
    y = (RNG.rand(2, 5, 6) * 14 - 5).astype("float32")
    x = (RNG.rand(2, 5, 6) * 16 - 5).astype("float32")
    got = _np(sample_nhwc(ops.convert_to_tensor(image), ops.convert_to_tensor(y),
                          ops.convert_to_tensor(x), interpolation, fill_mode, 3.0))
    expected = np.stack([np.stack([_np(keras.ops.image.map_coordinates(
        image[b, ..., c], [y[b], x[b]], order, fill_mode=fill_mode, fill_value=3.0))
        for c in range(2)], -1) for b in range(2)])
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("kwargs,x", [
    ({}, IMAGES), ({}, IMAGES[0]), ({}, np.round(IMAGES)), ({"bins": 32}, IMAGES),
    ({"value_range": (0, 1)}, IMAGES / 255.0),
    ({"data_format": "channels_first"}, IMAGES.transpose(0, 3, 1, 2)),
])
def test_equalization_matches_keras(keras, kwargs, x):
    got = _np(layers.Equalization(**kwargs)(x))
    expected = _np(keras.layers.Equalization(**kwargs)(x))
    np.testing.assert_allclose(got, expected, rtol=1e-6, atol=1e-4)
    assert np.abs(got - x).max() > 0.01 * np.ptp(x)


CLAHE = "ContrastLimitedAdaptiveHistogramEqualization"


@pytest.mark.parametrize("kwargs,x", [
    # Grids chosen so that the bin limit clip_limit * tile pixels / 256 is a whole number.
    ({"tile_grid_size": (2, 3)}, BIG),  # tiles of 16 x 8 pixels: limit 2
    ({"tile_grid_size": (2, 2), "clip_limit": 8.0}, BIG[0]),  # 16 x 12: limit 6
    ({"clip_limit": 0.0, "tile_grid_size": (4, 4)}, BIG),
    ({"tile_grid_size": (2, 3), "data_format": "channels_first"}, BIG.transpose(0, 3, 1, 2)),
    ({"tile_grid_size": (2, 3), "value_range": (0, 1)}, BIG / 255.0),
])
def test_clahe_matches_keras(keras, kwargs, x):
    got = _np(getattr(layers, CLAHE)(**kwargs)(x))
    expected = _np(getattr(keras.layers, CLAHE)(**kwargs)(x))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-3 * np.ptp(x))


@pytest.mark.parametrize("kwargs,x", [
    ({}, BIG), ({"tile_grid_size": (3, 5), "clip_limit": 2.5}, BIG),
    ({"tile_grid_size": (8, 8)}, BIG[:, :5, :6]),  # tiles of one pixel, symmetric padding
    ({"tile_grid_size": (3, 3), "data_format": "channels_first"}, BIG.transpose(0, 3, 1, 2)),
])
def test_clahe_fractional_clip_limit_matches_keras_float_histograms(keras, monkeypatch,
                                                                     kwargs, x):
    """Keras's torch one_hot returns integers, which truncates the clip limit to a whole
    count; on JAX and TensorFlow (float one_hot) it is not truncated, and neither is ours."""
    import keras.src.backend.torch.nn as keras_torch_nn

    one_hot = keras_torch_nn.one_hot
    monkeypatch.setattr(keras_torch_nn, "one_hot", lambda *a, **k: one_hot(*a, **k).float())
    got = _np(getattr(layers, CLAHE)(**kwargs)(x))
    expected = _np(getattr(keras.layers, CLAHE)(**kwargs)(x))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-2)


def test_color_jitter_with_fixed_factors_matches_keras(keras):
    kwargs = {"brightness_factor": (0.1, 0.1), "saturation_factor": (0.7, 0.7)}
    got = _np(layers.RandomColorJitter(**kwargs)(IMAGES))
    expected = _np(keras.layers.RandomColorJitter(**kwargs)(IMAGES))
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-3)
    # Each step is the matching layer: brightness then saturation.
    steps = layers.RandomSaturation((0.7, 0.7))(layers.RandomBrightness((0.1, 0.1))(IMAGES))
    np.testing.assert_allclose(got, _np(steps), rtol=1e-5, atol=1e-3)


@pytest.mark.parametrize("max_number", [2, 5])
def test_max_num_bounding_boxes_matches_keras(keras, max_number):
    boxes = {"boxes": RNG.rand(2, 3, 4).astype("float32"),
             "labels": np.array([[1, 2, 3], [4, 5, 6]], "float32")}
    got = layers.MaxNumBoundingBoxes(max_number)({"images": IMAGES[:2],
                                                  "bounding_boxes": dict(boxes)})
    expected = keras.layers.MaxNumBoundingBoxes(max_number, bounding_box_format="xyxy")(
        {"images": IMAGES[:2], "bounding_boxes": dict(boxes)})
    for key in ("boxes", "labels"):
        np.testing.assert_array_equal(_np(got["bounding_boxes"][key]),
                                      _np(expected["bounding_boxes"][key]))
    np.testing.assert_array_equal(_np(got["images"]), IMAGES[:2])
    single = layers.MaxNumBoundingBoxes(max_number)(
        {"images": IMAGES[0], "bounding_boxes": {k: v[0] for k, v in boxes.items()}})
    assert tuple(single["bounding_boxes"]["boxes"].shape) == (max_number, 4)


# --- properties shared by all the new layers ----------------------------------------------
LAYERS = [
    ("AugMix", {}), ("CutMix", {}), ("Equalization", {}), (CLAHE, {"tile_grid_size": (2, 2)}),
    ("RandAugment", {}), ("RandomElasticTransform", {}), ("RandomErasing", {}),
    ("RandomGaussianBlur", {}), ("RandomHue", {"factor": 0.5}), ("RandomPerspective", {}),
    ("RandomSharpness", {"factor": 0.8}), ("MaxNumBoundingBoxes", {"max_number": 3}),
    ("RandomColorJitter", {"brightness_factor": 0.2, "contrast_factor": 0.3,
                           "saturation_factor": 0.5, "hue_factor": 0.3}),
]
RANDOM = {"AugMix", "CutMix", "RandAugment", "RandomElasticTransform", "RandomErasing",
          "RandomGaussianBlur", "RandomHue", "RandomPerspective", "RandomSharpness",
          "RandomColorJitter"}


def _make(name, kwargs, **extra):
    cls = getattr(layers, name)
    if "seed" in extra and name not in RANDOM:
        extra.pop("seed")
    if name == "MaxNumBoundingBoxes":
        extra.pop("data_format", None)
    return cls(**kwargs, **extra)


@pytest.mark.parametrize("name,kwargs", LAYERS, ids=[c[0] for c in LAYERS])
@pytest.mark.parametrize("data_format", ["channels_last", "channels_first"])
def test_shapes_inference_and_config(name, kwargs, data_format):
    x = BIG[:, :12, :10] if data_format == "channels_last" else BIG[:, :12, :10].transpose(
        0, 3, 1, 2)
    layer = _make(name, kwargs, seed=3, data_format=data_format)
    batch, single = _np(layer(x)), _np(layer(x[0]))
    assert batch.shape == x.shape and single.shape == x[0].shape
    assert batch.dtype == np.float32
    inference = _np(layer(x, training=False))
    if name == CLAHE:  # always active, as in Keras
        assert np.abs(inference - x).max() > 1.0
    else:
        np.testing.assert_array_equal(inference, x)
    config = json.loads(json.dumps(layer.get_config()))  # as stored in a .keras file
    clone = type(layer).from_config(config)
    assert json.loads(json.dumps(clone.get_config())) == config


@pytest.mark.parametrize("name,kwargs", [c for c in LAYERS if c[0] in RANDOM],
                         ids=[c[0] for c in LAYERS if c[0] in RANDOM])
def test_seeds(name, kwargs):
    x = BIG[:, :12, :10]
    first, second = _make(name, kwargs, seed=7), _make(name, kwargs, seed=7)
    runs = [_np(first(x)) for _ in range(3)]
    np.testing.assert_array_equal(runs[0], _np(second(x)))  # the same seed repeats
    assert any(not np.array_equal(runs[0], r) for r in runs[1:])  # successive draws differ
    other = _make(name, kwargs, seed=8)
    assert any(not np.array_equal(r, _np(other(x))) for r in runs)


def test_identity_at_zero_strength():
    x = BIG[:, :12, :10]
    identities = [
        layers.RandomHue((0.0, 0.0)), layers.RandomSharpness((0.5, 0.5)),
        layers.RandomPerspective(scale=0.0), layers.RandomElasticTransform(scale=0.0),
        layers.RandomErasing(factor=0.0), layers.RandomGaussianBlur(factor=0.0),
        layers.RandomErasing(factor=(1.0, 1.0), scale=(0.0, 0.0)),
        layers.RandomColorJitter(brightness_factor=0.0, saturation_factor=(0.5, 0.5)),
    ]
    for layer in identities:
        np.testing.assert_allclose(_np(layer(x)), x, rtol=1e-5, atol=1e-2,
                                   err_msg=type(layer).__name__)


def test_ranges_and_statistics():
    x = BIG[:, :16, :16]
    many = np.repeat(x, 8, axis=0)
    always = _np(layers.RandomErasing(factor=(1.0, 1.0), fill_value=0.0, seed=1)(many))
    assert (always != many).any(axis=(1, 2, 3)).all()
    erased = _np(layers.RandomErasing(fill_value=0.0, seed=1)(many))
    changed = (erased != many).any(axis=(1, 2, 3))
    assert 0.2 < changed.mean() < 0.8  # factor=1.0: about half of the images, as Keras
    area = (erased == 0).all(-1).mean(axis=(1, 2))[changed]
    assert area.max() <= 0.33 + 0.15 and area.min() > 0
    for layer in (layers.AugMix(seed=2), layers.RandAugment(factor=1.0, seed=2),
                  layers.RandomHue(1.0, seed=2), layers.RandomSharpness(1.0, seed=2),
                  layers.RandomGaussianBlur(seed=2), layers.RandomElasticTransform(seed=2)):
        out = _np(layer(many))
        assert out.min() >= 0.0 and out.max() <= 255.0, type(layer).__name__
    blurred = _np(layers.RandomGaussianBlur(factor=(1.0, 1.0), kernel_size=5, seed=2)(many))
    assert blurred.std() < many.std()  # a blur lowers the variance
    cut = _np(layers.CutMix(seed=4)(many))
    # Each pixel comes from some image of the batch, at the same place.
    assert np.all(np.any(cut[:, None] == many[None, :], axis=1))


def test_hue_turns_red_to_cyan_and_back():
    red = np.array([[[[255.0, 0.0, 0.0]]]], "float32")
    np.testing.assert_allclose(_np(layers.RandomHue((1.0, 1.0))(red)), [[[[0, 255, 255]]]],
                               atol=1e-3)


def test_layers_in_models_and_predict_unchanged():
    x = BIG[:, :12, :10]
    augment = cornu.Sequential([
        layers.RandAugment(seed=1), layers.AugMix(seed=1), layers.RandomErasing(seed=1),
        layers.CutMix(seed=1), layers.RandomPerspective(seed=1), layers.Equalization(),
    ])
    model = cornu.Sequential([cornu.Input((12, 10, 3)), augment, layers.Rescaling(1 / 255.0),
                              layers.Flatten(), layers.Dense(2)])
    model.compile("adam", "sparse_categorical_crossentropy")
    model.fit(x, np.array([0, 1]), epochs=1, verbose=0)
    np.testing.assert_array_equal(_np(augment.predict(x, verbose=0)), x)
    inputs = cornu.Input((12, 10, 3))
    clahe = getattr(layers, CLAHE)(tile_grid_size=(2, 2))
    functional = cornu.Model(inputs, clahe(layers.RandomSharpness(0.5)(inputs)))
    np.testing.assert_allclose(functional.predict(x, verbose=0), _np(clahe(x)), rtol=1e-6)


def test_errors():
    with pytest.raises(ValueError, match="kernel_size"):
        layers.RandomGaussianBlur(kernel_size=4)
    with pytest.raises(ValueError, match="sigma"):
        layers.RandomGaussianBlur(sigma=2.0)
    with pytest.raises(ValueError, match="fill_value"):
        layers.RandomErasing(fill_value=(1, 2))
    with pytest.raises(ValueError, match="scale"):
        layers.RandomPerspective(scale=1.5)
    with pytest.raises(NotImplementedError, match="fill_mode"):
        layers.RandomElasticTransform(fill_mode="bogus")
    with pytest.raises(ValueError, match="tile_grid_size"):
        getattr(layers, CLAHE)(tile_grid_size=8)
    with pytest.raises(ValueError, match="bins"):
        layers.Equalization(bins=1)
    with pytest.raises(ValueError, match="num_ops"):
        layers.RandAugment(num_ops=-1)
    with pytest.raises(ValueError, match="factor"):
        layers.AugMix(factor=2.0)
    with pytest.raises(KeyError, match="boxes"):
        layers.MaxNumBoundingBoxes(2)({"images": IMAGES, "bounding_boxes": {
            "boxes": np.zeros((3, 1, 4)), "labels": np.zeros((3, 1)), "scores": 1}})
