"""Keras 1/2 node API (``get_output_at``...), ``keras.utils.np_utils`` and ``keras.engine``."""

import warnings

import numpy as np
import pytest

import cornu
from cornu.layers import LSTM, Dense, Input
from cornu.legacy import engine, np_utils
from cornu.utils import legacy as legacy_utils

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_shared_layer_nodes():
    shared = Dense(4, name="shared")
    a, b = Input((3,)), Input((3,))
    out_a, out_b = shared(a), shared(b)
    assert len(shared.inbound_nodes) == 2
    assert shared.get_input_at(1) is b and shared.get_output_at(0) is out_a
    assert shared.get_output_at(-1) is out_b
    assert shared.get_input_shape_at(0) == (None, 3)
    assert shared.get_output_shape_at(1) == (None, 4)
    assert shared.get_output_mask_at(0) is None and shared.output_mask is None
    assert a._keras_history[0].outbound_nodes[0] is shared.inbound_nodes[0]
    assert shared.get_output() is out_a  # Keras 0.x/1: the first node's output


def test_node_attributes():
    x, y = Input((3,), name="x"), Input((3,), name="y")
    merged = cornu.layers.Add(name="add")([Dense(3, name="d")(x), y])
    node = merged._keras_history[0].inbound_nodes[0]
    assert node.outbound_layer.name == "add"
    assert [layer.name for layer in node.inbound_layers] == ["d", "y"]
    assert node.node_indices == [0, 0] and node.tensor_indices == [0, 0]
    assert node.input_shapes == [(None, 3), (None, 3)] and node.output_shapes == [(None, 3)]
    assert node.arguments == {}


def test_lstm_shared_across_two_sequences():
    lstm = LSTM(5)
    a, b = Input((7, 2)), Input((4, 2))
    lstm(a), lstm(b)
    assert lstm.get_input_shape_at(1) == (None, 4, 2)
    assert lstm.get_output_shape_at(1) == (None, 5)


def test_errors_say_what_is_missing():
    with pytest.raises(RuntimeError, match="never been called on symbolic inputs"):
        Dense(2).get_output_at(0)
    layer = Dense(2)
    layer(Input((3,)))
    with pytest.raises(ValueError, match="only 1 node"):
        layer.get_input_at(3)


def test_methods_warn_once(monkeypatch):
    monkeypatch.setattr(legacy_utils, "_warned", set())
    layer = Dense(2)
    layer(Input((3,)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layer.get_output_shape_at(0)
        layer.get_output_shape_at(0)
    messages = sorted(str(w.message) for w in caught)
    assert len(messages) == 2
    assert "use layer.get_output_at(i).shape" in messages[0]


# --- np_utils -------------------------------------------------------------------------------
def test_np_utils():
    np.testing.assert_array_equal(np_utils.to_categorical([2, 0], nb_classes=4),
                                  np.eye(4)[[2, 0]])
    np.testing.assert_array_equal(np_utils.to_categorical([1, 0]), np.eye(2)[[1, 0]])
    assert np_utils.to_categorical([1], 2, dtype="int32").dtype == np.int32
    with pytest.raises(TypeError, match="unexpected"):
        np_utils.to_categorical([1], classes=2)
    proba = np.array([[0.1, 0.7, 0.2], [0.8, 0.1, 0.1]])
    assert np_utils.probas_to_classes(proba).tolist() == [1, 0]
    assert np_utils.probas_to_classes(np.array([[0.7], [0.2]])).tolist() == [1, 0]
    assert np_utils.categorical_probas_to_classes(proba).tolist() == [1, 0]
    kernel = np.arange(2 * 3 * 4 * 5).reshape(2, 3, 4, 5)
    np.testing.assert_array_equal(np_utils.convert_kernel(kernel),
                                  kernel[::-1, ::-1, :, :])
    np.testing.assert_allclose(np_utils.normalize(np.array([[3.0, 4.0]])), [[0.6, 0.8]])


# --- engine ---------------------------------------------------------------------------------
def test_engine_names():
    a, b = Input((2,)), Input((2,))
    y = Dense(3)(cornu.layers.Add()([a, b]))
    assert engine.get_source_inputs(y) == [a, b]
    assert engine.get_source_inputs(a) == [a]
    with pytest.raises(ValueError, match="symbolic tensor"):
        engine.get_source_inputs(np.ones(2))
    assert engine.Container is cornu.Model and engine.Network is cornu.models.Functional
    layer = engine.layer_from_config({"class_name": "Dense", "config": {"units": 3}})
    assert isinstance(layer, Dense) and layer.units == 3
    model = cornu.Sequential([Input((2,)), Dense(1)])
    lines = []
    engine.print_summary(model, print_fn=lines.append)
    assert any("Total params" in line for line in lines)
