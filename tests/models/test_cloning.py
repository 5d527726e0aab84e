"""``clone_model``: same architecture, new layers and weights."""

import numpy as np
import pytest

import cornu
from cornu.models import clone_model
from tests.saving.model_zoo import ZOO, assert_same_outputs, inputs_for, predict


@pytest.mark.parametrize("name", ["sequential", "multi_io", "nested", "ops_graph",
                                  "subclassed", "custom_layer"])
def test_clone_has_same_architecture_and_new_weights(name):
    model = ZOO[name][0](cornu)
    clone = clone_model(model)
    x = inputs_for(name)
    assert type(clone) is type(model)
    assert [tuple(v.shape) for v in clone.weights] == [tuple(v.shape) for v in model.weights]
    assert not any(a is b for a in clone.weights for b in model.weights)
    clone.set_weights(model.get_weights())
    assert_same_outputs(predict(model, x), predict(clone, x))


def test_shared_layers_are_cloned_once():
    model = ZOO["nested"][0](cornu)
    clone = clone_model(model)
    assert len(clone.get_layer("shared")._inbound_nodes) == 2
    assert clone.get_layer("shared") is not model.get_layer("shared")


def test_clone_function_can_share_or_change_layers():
    model = ZOO["sequential"][0](cornu)

    def clone_function(layer):
        if isinstance(layer, cornu.layers.Dropout):
            return cornu.layers.Dropout(0.5)
        return layer  # share everything else

    clone = clone_model(model, clone_function=clone_function)
    assert clone.layers[0] is model.layers[0]
    assert clone.layers[1].rate == 0.5


def test_input_tensors_and_call_function():
    model = ZOO["multi_io"][0](cornu)
    new_a = cornu.Input((3,), name="new_a")
    new_b = cornu.Input((2,), name="new_b")
    calls = []

    def call_function(layer, *args, **kwargs):
        calls.append(layer.name)
        return layer(*args, **kwargs)

    clone = clone_model(model, input_tensors=[new_a, new_b], call_function=call_function)
    assert [t is u for t, u in zip(clone.inputs, [new_a, new_b])] == [True, True]
    assert "o1" in calls and "o2" in calls
    with pytest.raises(cornu.saving.SavingError, match="2 input"):
        clone_model(model, input_tensors=[new_a])


def test_recursive_clones_nested_models_layer_by_layer():
    model = ZOO["nested"][0](cornu)
    seen = []

    def clone_function(layer):
        seen.append(type(layer).__name__)
        return type(layer).from_config(layer.get_config())

    clone_model(model, clone_function=clone_function, recursive=True)
    assert "Functional" not in seen and "Sequential" not in seen
    seen.clear()
    clone_model(model, clone_function=clone_function)
    assert "Functional" in seen


def test_sequential_without_input_layer_is_built_like_the_original():
    model = cornu.Sequential([cornu.layers.Dense(2)])
    model(np.ones((1, 3), "float32"))
    clone = clone_model(model)
    assert clone.built and clone.layers[0].kernel.shape == (3, 2)
