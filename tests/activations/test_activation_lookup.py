"""activations.get / serialize / deserialize."""

import numpy as np
import pytest

from cornu import activations, ops, saving


def test_get_none_is_linear():
    assert activations.get(None) is activations.linear


@pytest.mark.parametrize("name", sorted(activations.ALL_OBJECTS_DICT))
def test_get_by_name(name):
    assert activations.get(name) is getattr(activations, name)


def test_swish_aliases():
    assert activations.get("swish") is activations.silu
    assert activations.get("hard_swish") is activations.hard_silu


def test_get_callable_is_returned_as_is():
    def custom(x):
        return x

    assert activations.get(custom) is custom


def test_get_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="'rleu'") as info:
        activations.get("rleu")
    assert "relu" in str(info.value) and "softmax" in str(info.value)


def test_get_rejects_non_callables():
    with pytest.raises(ValueError, match="activation"):
        activations.get(3)


def test_get_from_dict_configs():
    assert activations.get({"class_name": "relu", "config": {}}) is activations.relu
    keras_style = {
        "module": "keras.activations",
        "class_name": "function",
        "config": "tanh",
        "registered_name": "function",
    }
    assert activations.get(keras_style) is activations.tanh


@pytest.mark.parametrize("name", sorted(activations.ALL_OBJECTS_DICT))
def test_serialize_round_trip(name):
    fn = activations.get(name)
    config = activations.serialize(fn)
    assert isinstance(config, str)
    assert activations.deserialize(config) is fn


def test_registered_custom_function_round_trip():
    @saving.register_keras_serializable(package="test_activations")
    def doubled(x):
        return ops.multiply(x, 2.0)

    config = activations.serialize(doubled)
    assert config == {
        "module": "builtins",
        "class_name": "function",
        "config": "test_activations>doubled",
        "registered_name": "function",
    }
    assert activations.deserialize(config) is doubled
    assert activations.get("test_activations>doubled") is doubled


def test_custom_objects_name_resolves():
    def scaled(x):
        return x

    assert activations.deserialize("scaled", custom_objects={"scaled": scaled}) is scaled
    with pytest.raises(ValueError, match="scaled"):
        activations.deserialize("scaled")


def test_legacy_custom_objects_registry_lookup():
    def my_act(x):
        return ops.multiply(x, 3.0)

    saving.get_custom_objects()["my_legacy_act"] = my_act
    try:
        fn = activations.get("my_legacy_act")
        np.testing.assert_allclose(ops.convert_to_numpy(fn([1.0])), [3.0])
    finally:
        del saving.get_custom_objects()["my_legacy_act"]


def test_deserializes_keras_configs(keras):
    for name in ("relu", "softmax", "swish", "gelu"):
        config = keras.activations.serialize(keras.activations.get(name))
        assert activations.deserialize(config) is activations.get(name)
