"""serialize/deserialize_keras_object, registration, scopes, and the Keras config form."""

import json

import numpy as np
import pytest

import cornu
from cornu.saving import SavingError, keras_format


def test_layer_round_trip_keeps_config():
    layer = cornu.layers.Dense(3, activation="relu", kernel_regularizer="l2", name="d")
    config = cornu.saving.serialize_keras_object(layer)
    assert set(config) >= {"module", "class_name", "config", "registered_name"}
    clone = cornu.saving.deserialize_keras_object(json.loads(json.dumps(config)))
    assert type(clone) is cornu.layers.Dense
    assert clone.get_config() == layer.get_config()


def test_built_layers_and_models_carry_build_and_compile_configs():
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    config = cornu.saving.serialize_keras_object(model)
    assert config["build_config"] == {"input_shape": [None, 3]}
    assert config["compile_config"]["loss"] == "mse"
    assert config["compile_config"]["metrics"] == ["mae"]
    assert config["compile_config"]["optimizer"]["class_name"] == "SGD"
    assert config["config"]["layers"][1]["build_config"] == {"input_shape": [None, 3]}
    clone = cornu.saving.deserialize_keras_object(config)
    assert clone.compiled and type(clone.optimizer).__name__ == "SGD"


def test_keras_names_in_files():
    model = cornu.Sequential([cornu.layers.Dense(2, input_shape=(3,))])
    exported = keras_format.export(cornu.saving.serialize_keras_object(model))
    assert exported["module"] == "keras" and exported["registered_name"] is None
    dense = exported["config"]["layers"][1]
    assert dense["module"] == "keras.layers" and dense["registered_name"] is None
    assert "batch_input_shape" not in dense["config"]
    assert dense["config"]["kernel_initializer"]["module"] == "keras.initializers"
    inputs = cornu.Input((3,))
    functional = cornu.Model(inputs, cornu.layers.Dense(1)(inputs))
    exported = keras_format.export(cornu.saving.serialize_keras_object(functional))
    assert exported["module"] == "keras.src.models.functional"
    assert exported["registered_name"] == "Functional"


@pytest.mark.parametrize("module", ["keras.layers", "keras.src.layers.core.dense",
                                    "cornu.layers.core", None])
def test_keras_module_names_resolve_to_cornu_classes(module):
    config = {"module": module, "class_name": "Dense", "config": {"units": 2},
              "registered_name": None}
    assert type(cornu.saving.deserialize_keras_object(config)) is cornu.layers.Dense


def test_optimizer_from_keras_torch_module():
    config = {"module": "keras.src.backend.torch.optimizers.torch_adam", "class_name": "Adam",
              "config": {"learning_rate": 0.01, "beta_1": 0.8}, "registered_name": "Adam"}
    optimizer = cornu.saving.deserialize_keras_object(config)
    assert type(optimizer).__name__ == "Adam" and optimizer.beta_1 == 0.8


def test_registered_and_custom_objects():
    @cornu.saving.register_keras_serializable(package="ser_tests")
    class Doubler(cornu.layers.Layer):
        def call(self, x):
            return 2 * x

    config = cornu.saving.serialize_keras_object(Doubler(name="twice"))
    assert config["registered_name"] == "ser_tests>Doubler"
    assert type(cornu.saving.deserialize_keras_object(config)) is Doubler

    class Local(cornu.layers.Layer):
        def call(self, x):
            return x

    config = cornu.saving.serialize_keras_object(Local())
    with pytest.raises(SavingError, match="custom_objects"):
        cornu.saving.deserialize_keras_object(config)
    assert type(cornu.saving.deserialize_keras_object(
        config, custom_objects={"Local": Local})) is Local
    with cornu.saving.CustomObjectScope({"Local": Local}):
        assert type(cornu.saving.deserialize_keras_object(config)) is Local
    with pytest.raises(SavingError):
        cornu.saving.deserialize_keras_object(config)


def test_custom_objects_reach_nested_configs():
    class Inner(cornu.layers.Layer):
        def call(self, x):
            return x + 1.0

    model = cornu.Sequential([cornu.Input((2,)), Inner(name="inner")])
    config = json.loads(model.to_json())
    clone = cornu.saving.deserialize_keras_object(config, custom_objects={"Inner": Inner})
    np.testing.assert_allclose(clone.predict(np.zeros((1, 2)), verbose=0), [[1.0, 1.0]])


def test_special_values_round_trip():
    values = {"array": np.arange(4, dtype="float32").reshape(2, 2), "raw": b"bytes",
              "cut": slice(1, None, 2), "dots": Ellipsis, "scalar": np.float32(1.5)}
    config = json.loads(json.dumps(cornu.saving.serialize_keras_object(values)))
    back = cornu.saving.deserialize_keras_object(config)
    np.testing.assert_array_equal(back["array"], values["array"])
    assert back["raw"] == b"bytes" and back["cut"] == slice(1, None, 2)
    assert back["dots"] is Ellipsis and back["scalar"] == 1.5


def test_hostile_numpy_dtype_is_refused():
    config = {"class_name": "__numpy__", "config": {"value": [0], "dtype": "V1000000000"}}
    with pytest.raises(SavingError):
        cornu.saving.deserialize_keras_object(config)


def test_lambda_values_need_unsafe_mode():
    with pytest.warns(UserWarning, match="lambda"):
        config = cornu.saving.serialize_keras_object(lambda x: x + 1)
    with pytest.raises(SavingError, match="safe_mode"):
        cornu.saving.deserialize_keras_object(config)
    fn = cornu.saving.deserialize_keras_object(config, safe_mode=False)
    assert fn(1) == 2


def test_module_objects_limit_the_choice():
    with pytest.raises(SavingError, match="Unknown initializer"):
        cornu.initializers.deserialize({"class_name": "Dense", "config": {}})


def test_model_from_json_reads_keras_2_json():
    legacy = {"class_name": "Sequential", "config": [
        {"class_name": "Dense", "config": {"name": "d", "units": 2, "activation": "relu",
                                           "batch_input_shape": [None, 3],
                                           "kernel_initializer": {"class_name": "Ones",
                                                                  "config": {}}}}]}
    model = cornu.models.model_from_json(json.dumps(legacy))
    np.testing.assert_allclose(model.predict(np.ones((1, 3)), verbose=0), [[3.0, 3.0]])


def test_model_from_json_errors():
    with pytest.raises(SavingError, match="not valid JSON"):
        cornu.models.model_from_json("{not json")
    with pytest.raises(SavingError, match="JSON object"):
        cornu.models.model_from_json("[1, 2]")
