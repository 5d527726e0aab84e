"""DTypePolicyMap: lookups, mapping behaviour and configs, checked against Keras 3."""

from __future__ import annotations

import copy
import json
import pickle

import numpy as np
import pytest

import cornu
from cornu import dtype_policies

keras = pytest.importorskip("keras")

SPEC = {"dense": "bfloat16", "dense/kernel": "float16", "enc.*/attn": "float64"}
PATHS = ["dense", "dense/kernel", "model/dense", "dense_1", "xx", "dense/kernel/x",
         "enc1/attn", "enc1/attn/q", "x/enc1/attn", "encoder/attn"]


def _pair(default="mixed_float16", spec=SPEC):
    ours = dtype_policies.DTypePolicyMap(default, dict(spec))
    theirs = keras.dtype_policies.DTypePolicyMap(
        default, {k: keras.dtype_policies.DTypePolicy(v) for k, v in spec.items()})
    return ours, theirs


def test_lookup_matches_keras():
    ours, theirs = _pair()
    for path in PATHS:
        assert ours[path].name == theirs[path].name, path
    assert ours.get("nothing").name == theirs.get("nothing").name == "mixed_float16"
    assert list(ours) == list(theirs) and len(ours) == len(theirs) == 3
    assert "dense" in ours and "encoder/attn" not in ours


@pytest.mark.parametrize("default", ["float32", "mixed_bfloat16", "float16"])
def test_policy_attributes_follow_the_default(default):
    ours, theirs = _pair(default)
    assert isinstance(ours, dtype_policies.DTypePolicy)
    assert ours.name == theirs.name == f"map_{default}"
    assert ours.default_policy.name == theirs.default_policy.name
    assert ours.compute_dtype == theirs.compute_dtype
    assert ours.variable_dtype == theirs.variable_dtype
    assert ours.quantization_mode is theirs.quantization_mode is None
    assert repr(ours).split(" default_policy=")[1] == repr(theirs).split(" default_policy=")[1]


def test_default_is_the_global_policy_when_made():
    cornu.mixed_precision.set_global_policy("mixed_bfloat16")
    made = dtype_policies.DTypePolicyMap()
    assert made.default_policy.name == "mixed_bfloat16"
    cornu.mixed_precision.set_global_policy(None)
    assert made.default_policy.name == "mixed_bfloat16"
    assert dtype_policies.DTypePolicyMap().name == "map_float32"
    assert made.get_config() == {"default_policy": None, "policy_map": {}}


def test_editing_the_map():
    ours, theirs = _pair("float32", {})
    for policies in (ours, theirs):
        policies["a"] = "float16"
        with pytest.raises(ValueError, match="a"):
            policies["a"] = "float32"
        assert policies["a"].name == "float16"
        del policies["a"]
        assert "a" not in policies and len(policies) == 0
        with pytest.raises(KeyError):
            del policies["zz"]
        with pytest.raises(ValueError):
            policies["b"] = 3
    ambiguous = dtype_policies.DTypePolicyMap(None, {"a.*": "float16", ".*b": "bfloat16"})
    with pytest.raises(ValueError, match="more than one"):
        ambiguous["ab"]
    assert ambiguous["a"].name == "float16" and ambiguous["b"].name == "bfloat16"
    with pytest.raises(TypeError, match="policy_map"):
        dtype_policies.DTypePolicyMap(policy_map=[1])
    with pytest.raises(ValueError, match="default_policy"):
        dtype_policies.DTypePolicyMap(default_policy=3)
    odd = dtype_policies.DTypePolicyMap(None, {"[x": "float16"})  # not a valid pattern
    assert odd["[x"].name == "float16" and odd["y"].name == "float32"


def test_config_matches_keras_and_round_trips():
    ours, theirs = _pair()
    assert ours.get_config() == theirs.get_config()
    rebuilt = dtype_policies.DTypePolicyMap.from_config(ours.get_config())
    assert rebuilt == ours and rebuilt is not ours
    config = json.loads(json.dumps(dtype_policies.serialize(ours)))
    assert config["class_name"] == "DTypePolicyMap"
    assert dtype_policies.deserialize(config) == ours
    assert dtype_policies.get(config) == ours
    assert dtype_policies.get(ours) is ours
    # each library rebuilds the other's config
    from_keras = dtype_policies.deserialize(
        json.loads(json.dumps(keras.dtype_policies.serialize(theirs))))
    assert from_keras == ours
    to_keras = keras.dtype_policies.deserialize(config)
    assert [to_keras[p].name for p in PATHS] == [ours[p].name for p in PATHS]
    # a DTypePolicy as the default is written as a (JSON-safe) config
    with_object = dtype_policies.DTypePolicyMap(dtype_policies.DTypePolicy("float16"))
    json.dumps(with_object.get_config())
    assert dtype_policies.DTypePolicyMap.from_config(
        with_object.get_config()).default_policy.name == "float16"
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert copy.deepcopy(ours) == ours
    assert ours != dtype_policies.DTypePolicyMap("float32", dict(SPEC))
    assert ours != dtype_policies.DTypePolicy("mixed_float16")


def test_as_a_layer_dtype():
    """A layer given a map keeps it (config round trip); cornu computes in its default."""
    policies, _ = _pair("mixed_float16", {"other": "float64"})
    layer = cornu.layers.Dense(3, dtype=policies)
    assert layer.dtype_policy is policies
    assert layer.compute_dtype == "float16" and layer.variable_dtype == "float32"
    out = layer(np.ones((2, 4), "float32"))
    assert cornu.ops.dtype(out) == "float16"
    assert cornu.backend.standardize_dtype(layer.kernel.dtype) == "float32"
    config = json.loads(json.dumps(layer.get_config()))
    assert config["dtype"]["class_name"] == "DTypePolicyMap"
    assert cornu.layers.Dense.from_config(config).dtype_policy == policies
    theirs = keras.layers.Dense.from_config(config)
    assert type(theirs.dtype_policy).__name__ == "DTypePolicyMap"
    assert theirs.dtype_policy.default_policy.name == "mixed_float16"
