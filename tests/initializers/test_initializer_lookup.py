"""initializers.get / serialize / deserialize, and interoperability with Keras configs."""

import numpy as np
import pytest

from cornu import initializers, ops, saving

CLASSES = [
    initializers.Constant, initializers.Zeros, initializers.Ones, initializers.Identity,
    initializers.RandomNormal, initializers.RandomUniform, initializers.TruncatedNormal,
    initializers.VarianceScaling, initializers.GlorotUniform, initializers.GlorotNormal,
    initializers.HeUniform, initializers.HeNormal, initializers.LecunUniform,
    initializers.LecunNormal, initializers.Orthogonal, initializers.STFT,
]


@pytest.mark.parametrize(
    "name, cls",
    [
        ("zeros", initializers.Zeros), ("zero", initializers.Zeros),
        ("ones", initializers.Ones), ("one", initializers.Ones),
        ("constant", initializers.Constant), ("identity", initializers.Identity),
        ("orthogonal", initializers.Orthogonal), ("normal", initializers.RandomNormal),
        ("random_normal", initializers.RandomNormal), ("uniform", initializers.RandomUniform),
        ("random_uniform", initializers.RandomUniform),
        ("truncated_normal", initializers.TruncatedNormal),
        ("variance_scaling", initializers.VarianceScaling),
        ("glorot_uniform", initializers.GlorotUniform),
        ("glorot_normal", initializers.GlorotNormal), ("he_normal", initializers.HeNormal),
        ("he_uniform", initializers.HeUniform), ("lecun_normal", initializers.LecunNormal),
        ("lecun_uniform", initializers.LecunUniform), ("GlorotUniform", initializers.GlorotUniform),
        ("IdentityInitializer", initializers.Identity),
        ("OrthogonalInitializer", initializers.Orthogonal),
    ],
)
def test_get_by_name(name, cls):
    init = initializers.get(name)
    assert type(init) is cls
    assert getattr(initializers, name) is cls


def test_legacy_uniform_range():
    init = initializers.get("uniform")
    assert (init.minval, init.maxval) == (-0.05, 0.05)
    w = ops.convert_to_numpy(init((1000,)))
    assert w.min() >= -0.05 and w.max() < 0.05


def test_get_none_class_instance_and_callable():
    assert initializers.get(None) is None
    assert type(initializers.get(initializers.HeNormal)) is initializers.HeNormal
    init = initializers.Ones()
    assert initializers.get(init) is init

    def fn(shape, dtype=None):
        return ops.zeros(shape, dtype=dtype)

    assert initializers.get(fn) is fn


def test_get_from_array_copies_it():
    value = np.arange(6, dtype="float32").reshape(2, 3)
    init = initializers.get(value)
    np.testing.assert_array_equal(ops.convert_to_numpy(init((2, 3))), value)
    assert ops.dtype(init((2, 3), dtype="float64")) == "float64"
    with pytest.raises(ValueError, match=r"\(2, 3\)"):
        init((3, 2))


def test_get_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="'glorot_unifrom'") as info:
        initializers.get("glorot_unifrom")
    assert "glorot_uniform" in str(info.value)


def test_get_rejects_other_values():
    with pytest.raises(ValueError, match="initializer"):
        initializers.get(3)


@pytest.mark.parametrize("cls", CLASSES)
def test_serialize_round_trip(cls):
    init = cls()
    config = initializers.serialize(init)
    assert config["class_name"] == cls.__name__
    assert config["module"] == "cornu.initializers"
    rebuilt = initializers.deserialize(config)
    assert type(rebuilt) is cls and rebuilt.get_config() == init.get_config()
    assert type(init.clone()) is cls


def test_seeded_round_trip_repeats_values():
    init = initializers.VarianceScaling(2.0, "fan_out", "uniform", seed=5)
    rebuilt = initializers.get(initializers.serialize(init))
    np.testing.assert_array_equal(
        ops.convert_to_numpy(init((4, 3))), ops.convert_to_numpy(rebuilt((4, 3)))
    )


def test_custom_initializer_registration():
    @saving.register_keras_serializable(package="test_init")
    class Twos(initializers.Initializer):
        def __call__(self, shape, dtype=None):
            return ops.full(shape, 2.0, dtype=dtype)

    config = initializers.serialize(Twos())
    assert type(initializers.deserialize(config)) is Twos
    assert type(initializers.get("test_init>Twos")) is Twos


@pytest.mark.parametrize("cls_name", [cls.__name__ for cls in CLASSES])
def test_reads_keras_configs(cls_name, keras):
    theirs = getattr(keras.initializers, cls_name)()
    config = keras.initializers.serialize(theirs)
    ours = initializers.deserialize(config)
    assert type(ours).__name__ == cls_name
    # Keras's Identity leaves `gain` out of its config; every key it writes must agree.
    assert {k: ours.get_config()[k] for k in theirs.get_config()} == theirs.get_config()


def test_writes_configs_keras_reads(keras):
    init = initializers.VarianceScaling(0.5, "fan_avg", "untruncated_normal", seed=3)
    config = initializers.serialize(init)
    config["module"] = "keras.initializers"
    theirs = keras.initializers.deserialize(config)
    assert theirs.get_config() == init.get_config()
