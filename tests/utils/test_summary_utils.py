"""model.summary(): the printed text against real Keras 3 for the same model."""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

import cornu
from cornu.utils import summary_utils


# --- models, written once for both libraries (`lib` is cornu or keras) ---------------------
def mlp(lib):
    L = lib.layers
    return lib.Sequential([L.Input((784,)), L.Dense(128, activation="relu"), L.Dense(256),
                           L.Dense(512, activation="relu"), L.Dense(10, activation="softmax")])


def mlp_flatten(lib):
    L = lib.layers
    return lib.Sequential([L.Input((28, 28)), L.Flatten(), L.Dense(128), L.Dense(10)])


def unbuilt(lib):
    return lib.Sequential([lib.layers.Dense(3), lib.layers.Dense(1)])


def two_inputs(lib):
    L = lib.layers
    a, b = lib.Input((4,), name="a"), lib.Input((3,), name="b")
    x, y = L.Dense(5)(a), L.Dense(5)(b)
    merged = lib.ops.concatenate([x, y], axis=-1)
    return lib.Model([a, b], [L.Dense(1)(merged), lib.ops.add(x, y)], name="two_inputs")


def chain(lib):
    a = lib.Input((4,), name="a")
    return lib.Model(a, lib.layers.Dense(2)(lib.layers.Dense(3)(a)), name="chain")


def shared(lib):
    a, dense = lib.Input((4,), name="a"), lib.layers.Dense(4, name="shared")
    return lib.Model(a, dense(dense(a)), name="shared_twice")


def diamond(lib):
    L = lib.layers
    a = lib.Input((4,), name="a")
    h = L.Dense(4, name="h")(a)
    left, right = L.Dense(3, name="left")(h), L.Dense(3, name="right")(L.Dense(2, name="r0")(h))
    return lib.Model(a, lib.ops.add(left, right), name="diamond")


def unused_input(lib):
    a, b = lib.Input((4,), name="a"), lib.Input((2,), name="b")
    return lib.Model([a, b], lib.layers.Dense(1, name="out")(a), name="unused")


def frozen(lib):
    L = lib.layers
    first = L.Dense(5, name="frozen")
    model = lib.Sequential([L.Input((3,)), first, L.Dense(2, name="tail")], name="fz")
    first.trainable = False
    return model


def long_names(lib):
    L = lib.layers
    a = lib.Input((4,), name="a_very_long_input_name_that_wraps_around")
    b = L.Dense(2, name="dense_with_quite_a_long_name_indeed")(a)
    c = L.Dense(2, name="another_dense_with_long_name")(a)
    return lib.Model(a, lib.ops.concatenate([b, c], axis=-1), name="long")


def mixed_dtypes(lib):
    L = lib.layers
    return lib.Sequential([L.Input((3,)), L.Dense(2, dtype="float16", name="half"),
                           L.Dense(1, dtype="float64", name="double")], name="dtypes")


def nested_sequential(lib):
    L = lib.layers
    inner = lib.Sequential([L.Input((4,)), L.Dense(3, name="inner_dense"),
                            L.Dense(2, name="inner_out")], name="inner")
    x = lib.Input((4,), name="x")
    return lib.Model(x, L.Dense(1, name="head")(inner(x)), name="outer")


def nested_functional(lib):
    L = lib.layers
    g_in = lib.Input((4,), name="g_in")
    g_out = lib.ops.add(L.Dense(4, name="gd")(g_in), g_in)  # an op: hidden when expanded
    inner = lib.Model(g_in, g_out, name="g")
    p, q = lib.Input((4,), name="p"), lib.Input((4,), name="q")
    return lib.Model([p, q], lib.ops.add(inner(p), q), name="m2")


def sequential_in_sequential(lib):
    L = lib.layers
    inner = lib.Sequential([L.Dense(3, name="i1"), L.Dense(2, name="i2")], name="inner")
    return lib.Sequential([L.Input((5,)), L.Dense(4, name="o1"), inner, L.Dense(1, name="o2")],
                          name="outer")


def two_outputs(lib):
    class Split(lib.layers.Layer):
        def call(self, x):
            return x, x[:, :2]

        def compute_output_shape(self, shape):
            return shape, (shape[0], 2)

    a = lib.Input((4,), name="a")
    return lib.Model(a, list(Split(name="split")(a)), name="split_model")


def _clear_names(lib) -> None:
    """Same automatic names ("dense", "dense_1", ...) on both sides; skips Keras's slow gc."""
    if lib is cornu:
        cornu.backend.clear_session()
    else:
        lib.backend.clear_session(free_memory=False)


def _summary(lib, build, **kwargs) -> str:
    _clear_names(lib)
    calls = []
    build(lib).summary(print_fn=calls.append, **kwargs)
    assert len(calls) == 1
    return calls[0]


ALL_MODELS = [mlp, mlp_flatten, unbuilt, two_inputs, chain, shared, diamond, unused_input,
              frozen, long_names, mixed_dtypes, nested_sequential, nested_functional,
              sequential_in_sequential, two_outputs]


@pytest.mark.parametrize("build", ALL_MODELS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("options", [
    {}, {"show_trainable": True}, {"expand_nested": True},
    {"expand_nested": True, "show_trainable": True}, {"line_length": 64},
], ids=lambda o: "-".join(o) or "default")
def test_matches_keras(keras, build, options):
    assert _summary(cornu, build, **options) == _summary(keras, build, **options)


def test_mlp_text():
    text = _summary(cornu, mlp)
    assert text.splitlines()[0] == 'Model: "sequential"'
    assert "│ dense_1 (Dense)" in text and "33,024 │" in text
    assert text.splitlines()[-3:] == [" Total params: 270,218 (1.03 MB)",
                                      " Trainable params: 270,218 (1.03 MB)",
                                      " Non-trainable params: 0 (0.00 B)"]


def test_unbuilt_rows():
    rows = [line for line in _summary(cornu, unbuilt).splitlines() if "(Dense)" in line]
    assert len(rows) == 2
    assert all("│ ?" in row and "0 (unbuilt) │" in row for row in rows)


def test_connected_to_only_for_branching_graphs():
    assert "Connected to" in _summary(cornu, two_inputs)
    assert "Connected to" in _summary(cornu, shared)
    assert "Connected to" not in _summary(cornu, chain)
    assert "concatenate[0][0]" in _summary(cornu, two_inputs)


def test_prints_to_stdout_like_keras(keras):
    def printed(lib):
        _clear_names(lib)
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            two_inputs(lib).summary()
        return buffer.getvalue()

    assert printed(cornu) == printed(keras)


def test_optimizer_params_like_keras(keras):
    def text(lib):
        _clear_names(lib)
        model = mlp(lib)
        model.compile(optimizer="adam", loss="mse")
        before = _capture(model)
        model.optimizer.build(model.trainable_variables)
        return before, _capture(model)

    before, after = text(cornu)
    assert "Optimizer params" not in before
    assert after.splitlines()[-1] == " Optimizer params: 540,438 (2.06 MB)"
    assert (before, after) == text(keras)


def _capture(model, **kwargs) -> str:
    calls = []
    model.summary(print_fn=calls.append, **kwargs)
    return calls[0]


@pytest.mark.parametrize("layer_range", [["dense_1", "dense_2"], ["dense_2", "dense"], ["de.*_3",
                                                                                       "de.*_3"]])
def test_layer_range_like_keras(keras, layer_range):
    assert (_summary(cornu, mlp, layer_range=layer_range)
            == _summary(keras, mlp, layer_range=layer_range))


@pytest.mark.parametrize("layer_range, match", [
    (["nope", "dense"], "no layer name matches 'nope'"),
    (["dense"], "two strings"),
    ([0, 1], "two strings"),
])
def test_layer_range_errors(layer_range, match):
    with pytest.raises(ValueError, match=match):
        _summary(cornu, mlp, layer_range=layer_range)


def test_too_narrow():
    with pytest.raises(ValueError, match="larger `line_length`"):
        _summary(cornu, mlp, line_length=10)


def test_absolute_positions_equal_relative():
    assert (_summary(cornu, mlp, line_length=80, positions=[36, 64, 80])
            == _summary(cornu, mlp, line_length=80, positions=[0.45, 0.8, 1.0]))


def test_helpers():
    weights = [np.zeros((3, 4), "float32"), np.zeros((4,), "float16"), np.zeros((8,), "bool")]
    assert summary_utils.count_params(weights) == 24
    assert summary_utils.weight_memory_size(weights) == 48 + 8 + 1
    assert summary_utils.weight_memory_size(weights[:1] * 2) == 48  # counted once
    assert summary_utils.readable_memory_size(12) == "12.00 B"
    assert summary_utils.readable_memory_size(2048) == "2.00 KB"
    assert summary_utils.readable_memory_size(1080872) == "1.03 MB"
    assert summary_utils.readable_memory_size(3 * 1024**3) == "3.00 GB"
