"""Keras's transfer-learning recipe on cornu's applications: a frozen base keeps its weights
and its BatchNormalization statistics (it runs in inference mode), a new head learns, and
the unfrozen base trains; feature-extractor output shapes are Keras's."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

import cornu
from cornu import layers
from tests.applications._oracle import fresh_names

# base -> (image side, module under cornu.applications); InceptionV3 always exists here,
# the others run once their family lands.
_BASES = {"InceptionV3": (75, "inception_v3"), "MobileNetV2": (32, "mobilenet_v2"),
          "ResNet50": (32, "resnet")}
_CLASSES = 3


_fresh_names = pytest.fixture(autouse=True)(fresh_names)


def _side(name: str) -> int:
    side, module = _BASES[name]
    if importlib.util.find_spec(f"cornu.applications.{module}") is None:
        pytest.skip(f"cornu.applications.{module} ({name}) is not written yet")
    return side


def _data(side: int, n: int = 8):
    rng = np.random.RandomState(0)
    images = rng.uniform(-1, 1, (n, side, side, 3)).astype("float32")
    return images, rng.randint(0, _CLASSES, n)


def _transfer_model(lib, name: str, side: int, training):
    """Keras's recipe: frozen pretrained-style base, new classifier on top."""
    base = getattr(lib.applications, name)(include_top=False, pooling="avg", weights=None,
                                           input_shape=(side, side, 3))
    base.trainable = False
    inputs = lib.Input((side, side, 3))
    features = base(inputs) if training is None else base(inputs, training=training)
    outputs = lib.layers.Dense(_CLASSES, activation="softmax", name="head")(features)
    return base, lib.Model(inputs, outputs)


def _batch_norm_statistics(base) -> list:
    stats = [cornu.ops.convert_to_numpy(v) for layer in base.layers
             if isinstance(layer, layers.BatchNormalization)
             for v in (layer.moving_mean, layer.moving_variance)]
    assert stats, "the base has no BatchNormalization layer to check"
    return stats


def _numpy(variables) -> list:
    return [cornu.ops.convert_to_numpy(v) for v in variables]


def _changed(before: list, after: list) -> list:
    return [not np.array_equal(a, b) for a, b in zip(before, after, strict=True)]


@pytest.mark.parametrize("training", [None, False], ids=["base(x)", "base(x,training=False)"])
@pytest.mark.parametrize("name", list(_BASES))
def test_frozen_base_then_fine_tuning(name, training):
    side = _side(name)
    x, y = _data(side)
    base, model = _transfer_model(cornu, name, side, training)
    base_weights = base.get_weights()
    statistics = _batch_norm_statistics(base)
    head = model.get_layer("head")
    head_weights = head.get_weights()
    assert [w.name for w in model.trainable_weights] == [w.name for w in head.weights]

    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, batch_size=4, verbose=0)

    assert not any(_changed(base_weights, base.get_weights()))
    assert not any(_changed(statistics, _batch_norm_statistics(base)))
    assert all(_changed(head_weights, head.get_weights()))

    # Fine-tuning: unfreeze, recompile (so that the change takes effect), train gently.
    base.trainable = True
    assert len(model.trainable_weights) == len(base.trainable_weights) + 2
    trainable_before = _numpy(base.trainable_weights)
    model.compile(optimizer=cornu.optimizers.Adam(1e-4),
                  loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, batch_size=4, verbose=0)
    changed = _changed(trainable_before, _numpy(base.trainable_weights))
    if training is None or name != "MobileNetV2":
        assert all(changed)
    else:
        # With random weights and inference-mode normalization, MobileNetV2's ReLU6 units
        # saturate and the first blocks get no gradient (as in Keras); the rest trains.
        assert np.mean(changed) > 0.5 and all(changed[-10:])
    # Called with training=False, the base's BatchNormalization stays in inference mode
    # even when unfrozen (Keras's advice for fine-tuning); called plainly, it now learns.
    moved = _changed(statistics, _batch_norm_statistics(base))
    assert all(moved) if training is None else not any(moved)


@pytest.mark.parametrize("name", list(_BASES))
def test_frozen_training_matches_keras(name, keras):
    """The same recipe in Keras, from the same weights, ends with the same head: the
    frozen base ran in inference mode in both."""
    side = _side(name)
    x, y = _data(side)
    keras.backend.clear_session(free_memory=False)
    _, theirs = _transfer_model(keras, name, side, None)
    _, ours = _transfer_model(cornu, name, side, None)
    ours.set_weights(theirs.get_weights())
    for model, lib in ((theirs, keras), (ours, cornu)):
        model.compile(optimizer=lib.optimizers.SGD(0.1), loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=1, batch_size=4, shuffle=False, verbose=0)
    for got, expected in zip(ours.get_weights(), theirs.get_weights(), strict=True):
        np.testing.assert_allclose(got, expected, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("pooling", [None, "avg", "max"])
@pytest.mark.parametrize("name", list(_BASES) + ["ConvNeXtTiny"])
def test_feature_extractor_output_shape_matches_keras(name, pooling, keras):
    side = 32 if name == "ConvNeXtTiny" else _side(name)
    kwargs = {"include_top": False, "weights": None, "pooling": pooling,
              "input_shape": (side, side, 3)}
    ours = getattr(cornu.applications, name)(**kwargs)
    theirs = getattr(keras.applications, name)(**kwargs)
    assert tuple(ours.output.shape) == tuple(theirs.output.shape)
    assert len(ours.output.shape) == (4 if pooling is None else 2)
    features = ours.predict(_data(side, n=2)[0], verbose=0)
    assert features.shape == (2,) + tuple(theirs.output.shape[1:])
