"""DTypePolicy, the global policy, and a layer's dtype properties and config, against Keras."""

import numpy as np
import pytest

import cornu
from cornu import dtype_policies, layers, mixed_precision

NAMES = ["float32", "float16", "bfloat16", "float64", "mixed_float16", "mixed_bfloat16"]


@pytest.mark.parametrize("name", NAMES)
def test_policy_dtypes_match_keras(keras, name):
    ours, theirs = dtype_policies.get(name), keras.dtype_policies.get(name)
    assert (ours.name, ours.compute_dtype, ours.variable_dtype) == (
        theirs.name, theirs.compute_dtype, theirs.variable_dtype)
    assert repr(ours) == repr(theirs)
    assert ours.quantization_mode is None


@pytest.mark.parametrize("name", NAMES)
def test_serialize_matches_keras_and_round_trips(keras, name):
    config = dtype_policies.serialize(dtype_policies.get(name))
    assert config == keras.dtype_policies.serialize(keras.dtype_policies.get(name))
    assert dtype_policies.deserialize(config) == dtype_policies.DTypePolicy(name)
    assert dtype_policies.get(config).name == name
    assert keras.dtype_policies.deserialize(config).name == name


def test_public_names():
    assert mixed_precision.Policy is mixed_precision.DTypePolicy is dtype_policies.DTypePolicy
    assert mixed_precision.global_policy is mixed_precision.dtype_policy
    assert mixed_precision.set_global_policy is mixed_precision.set_dtype_policy
    assert mixed_precision.LossScaleOptimizer is cornu.optimizers.LossScaleOptimizer
    assert cornu.DTypePolicy is dtype_policies.DTypePolicy
    assert isinstance(dtype_policies.FloatDTypePolicy("float32"), dtype_policies.DTypePolicy)


def test_get_accepts_dtype_objects_and_policies():
    policy = dtype_policies.DTypePolicy("mixed_float16")
    assert dtype_policies.get(policy) is policy
    assert dtype_policies.get(np.float64).name == "float64"
    assert dtype_policies.get(None) is mixed_precision.global_policy()
    assert dtype_policies.deserialize(  # tf.keras 2 files
        {"class_name": "Policy", "config": {"name": "mixed_float16"}}).compute_dtype == "float16"


def test_global_policy_sets_new_layers_only():
    before = layers.Dense(2)
    mixed_precision.set_global_policy("mixed_bfloat16")
    assert mixed_precision.global_policy() == dtype_policies.DTypePolicy("mixed_bfloat16")
    after = layers.Dense(2)
    assert (before.compute_dtype, after.compute_dtype) == ("float32", "bfloat16")
    assert after.dtype == after.variable_dtype == "float32"
    assert after.dtype_policy.name == "mixed_bfloat16"
    mixed_precision.set_global_policy(dtype_policies.DTypePolicy("float16"))
    assert layers.Dense(2).dtype == "float16"
    mixed_precision.set_global_policy(None)
    assert mixed_precision.global_policy().name == cornu.backend.floatx()


def test_layer_dtype_argument_forms():
    for dtype in ("mixed_float16", dtype_policies.DTypePolicy("mixed_float16"),
                  dtype_policies.serialize(dtype_policies.DTypePolicy("mixed_float16"))):
        layer = layers.Dense(2, dtype=dtype)
        assert (layer.compute_dtype, layer.variable_dtype) == ("float16", "float32")
    layer = layers.Dense(2, dtype="float32")
    layer.dtype_policy = "mixed_bfloat16"
    assert layer.compute_dtype == "bfloat16"
    out = layer(np.ones((1, 3), "float32"))
    assert cornu.ops.dtype(out) == "bfloat16" and cornu.ops.dtype(layer.kernel) == "float32"


def test_layer_config_writes_the_policy_as_keras_does(keras, policies):
    policies("mixed_float16")
    ours, theirs = layers.Dense(2).get_config(), keras.layers.Dense(2).get_config()
    assert ours["dtype"] == theirs["dtype"]
    clone = layers.Dense.from_config(ours)
    assert clone.dtype_policy.name == "mixed_float16"
    from_keras = layers.Dense.from_config(theirs)
    assert from_keras.compute_dtype == "float16"
    assert keras.layers.Dense.from_config(ours).dtype_policy.name == "mixed_float16"


def test_bad_policies_say_what_is_valid():
    with pytest.raises(ValueError, match="mixed_float16"):
        dtype_policies.get("mixed_float32")
    with pytest.raises(TypeError, match="must be a string"):
        dtype_policies.DTypePolicy(16)
    with pytest.raises(ValueError, match="Cannot interpret"):
        layers.Dense(2, dtype=object())
    with pytest.raises(ValueError, match="policy name"):
        mixed_precision.set_global_policy(3.5)
    with pytest.raises(ValueError, match="Unknown dtype policy class"):
        dtype_policies.deserialize({"class_name": "NoSuchPolicy", "config": {}})


def test_quantized_policies_are_not_implemented():
    with pytest.raises(NotImplementedError, match="quantiz"):
        mixed_precision.set_global_policy("int8_from_float32")
    with pytest.raises(NotImplementedError, match="quantiz"):
        layers.Dense(2, dtype="int4_from_mixed_bfloat16")
    with pytest.raises(NotImplementedError, match="quantiz"):
        dtype_policies.deserialize({"class_name": "QuantizedDTypePolicy",
                                    "config": {"mode": "int8", "source_name": "float32"}})
    assert mixed_precision.global_policy().name == "float32"  # unchanged by the failure


def test_convert_input_casts_floats_only():
    policy = dtype_policies.DTypePolicy("mixed_bfloat16")
    assert cornu.ops.dtype(policy.convert_input(np.ones(2, "float32"), True, "bfloat16")) == (
        "bfloat16")
    assert cornu.ops.dtype(policy.convert_input(np.ones(2, "float32"), False, "bfloat16")) == (
        "float32")
    assert cornu.ops.dtype(policy.convert_input(np.ones(2, "int32"), True, "bfloat16")) == (
        "int32")
    kt = cornu.Input((3,))
    assert policy.convert_input(kt, True, "bfloat16").dtype == "bfloat16"
