"""The Keras 3 top-level API outside ``ops``: names, config, tree, utils, backend helpers."""

import collections
import itertools
import os

import numpy as np
import pytest

import cornu

keras = pytest.importorskip("keras")

# What cornu deliberately leaves out, by module (``keras.ops`` is checked elsewhere).
ALLOWED_MISSING = {
    "keras": {
        "src",  # Keras's private implementation package
        "distribution",  # JAX/TF device meshes and sharding layouts
        "distillation",  # knowledge-distillation trainers: not implemented yet
        "export",  # TF SavedModel / ONNX export archives
        "quantizers",  # int8/float8 quantization kernels: not implemented yet
        "visualization",  # bounding-box plotting helpers
    },
    "keras.config": set(),
    "keras.tree": set(),
    "keras.utils": {
        "FeatureSpace",  # a tf.data preprocessing pipeline object
        "audio_dataset_from_directory",  # needs an audio decoder cornu does not ship
        "bounding_boxes",  # bounding-box format conversion package
    },
    "keras.backend": set(),
    "keras.preprocessing": set(),
}

# Further Keras modules and what they deliberately lack.
MORE_MODULES = {
    "layers": {"FlaxLayer", "JaxLayer", "TFSMLayer"},  # JAX / TensorFlow SavedModel wrappers
    "callbacks": {"OrbaxCheckpoint"},  # JAX's Orbax checkpointing
    "dtype_policies": {"AWQDTypePolicy", "GPTQDTypePolicy", "Int4DTypePolicy",
                       "QuantizedDTypePolicy", "QuantizedFloat8DTypePolicy"},  # quantization
    "losses": set(), "metrics": set(), "optimizers": set(), "optimizers.schedules": set(),
    "activations": set(), "initializers": set(), "regularizers": set(), "constraints": set(),
    "models": set(), "saving": set(), "random": set(), "mixed_precision": set(),
    "applications": set(), "datasets": set(), "wrappers": set(),
    "preprocessing.image": set(), "preprocessing.sequence": set(),
}


@pytest.mark.parametrize("sub", sorted(MORE_MODULES))
def test_every_name_of_the_other_keras_modules_exists(sub):
    import importlib

    public = {n for n in dir(importlib.import_module(f"keras.{sub}")) if not n.startswith("_")}
    cornu_module = importlib.import_module(f"cornu.{sub}")
    missing = sorted(n for n in public - MORE_MODULES[sub] if not hasattr(cornu_module, n))
    assert missing == [], f"keras.{sub}: missing in cornu: {missing}"


MODULES = [
    ("keras", keras, cornu),
    ("keras.config", keras.config, cornu.config),
    ("keras.tree", keras.tree, cornu.tree),
    ("keras.utils", keras.utils, cornu.utils),
    ("keras.backend", keras.backend, cornu.backend),
    ("keras.preprocessing", keras.preprocessing, cornu.preprocessing),
]


@pytest.mark.parametrize("name,keras_module,cornu_module", MODULES, ids=[m[0] for m in MODULES])
def test_every_public_keras_name_exists(name, keras_module, cornu_module):
    public = {n for n in dir(keras_module) if not n.startswith("_")}
    missing = sorted(n for n in public - ALLOWED_MISSING[name] if not hasattr(cornu_module, n))
    assert missing == [], f"{name}: missing in cornu: {missing}"
    listed = {n for n in dir(cornu_module) if not n.startswith("_")}
    assert not (public - ALLOWED_MISSING[name]) - listed, "dir() must list every name"
    stale = sorted(ALLOWED_MISSING[name] - public)
    assert stale == [], f"{name}: allow-list names Keras no longer has: {stale}"


def test_top_level_classes_are_cornus_own():
    assert cornu.Loss is cornu.losses.Loss
    assert cornu.Metric is cornu.metrics.Metric
    assert cornu.Optimizer is cornu.optimizers.Optimizer
    assert cornu.Initializer is cornu.initializers.Initializer
    assert cornu.Regularizer is cornu.regularizers.Regularizer
    assert cornu.KerasTensor is cornu.backend.KerasTensor
    assert isinstance(cornu.layers.Dense(2), cornu.Operation)
    assert isinstance(cornu.version(), str) and cornu.version() == cornu.__version__


def test_function_runs_a_graph():
    a, b = cornu.Input((3,)), cornu.Input((3,))
    fn = cornu.Function([a, b], cornu.ops.add(a, b) * 2.0)
    out = fn([np.ones((2, 3), "float32"), np.full((2, 3), 2.0, "float32")])
    np.testing.assert_allclose(cornu.ops.convert_to_numpy(out), np.full((2, 3), 6.0))


def test_config_setters_restore():
    cfg = cornu.config
    before = (cfg.floatx(), cfg.epsilon(), cfg.image_data_format())
    try:
        cfg.set_floatx("float16")
        cfg.set_epsilon(1e-5)
        cfg.set_image_data_format("channels_first")
        assert cornu.backend.floatx() == "float16"
        assert cornu.backend.epsilon() == 1e-5
        assert cornu.backend.image_data_format() == "channels_first"
    finally:
        cfg.set_floatx(before[0])
        cfg.set_epsilon(before[1])
        cfg.set_image_data_format(before[2])
    assert (cfg.floatx(), cfg.epsilon(), cfg.image_data_format()) == before
    assert cfg.backend() == "torch"
    cfg.set_backend("torch")
    with pytest.raises(ValueError, match="CORNU_BACKEND"):
        cfg.set_backend("tensorflow")
    assert cfg.is_nnx_enabled() is False


def test_config_dtype_policy_is_the_mixed_precision_one():
    try:
        cornu.config.set_dtype_policy("mixed_bfloat16")
        assert cornu.mixed_precision.dtype_policy().name == "mixed_bfloat16"
        assert cornu.config.dtype_policy().name == "mixed_bfloat16"
        assert cornu.layers.Dense(2).compute_dtype == "bfloat16"
    finally:
        cornu.config.set_dtype_policy(None)
    assert cornu.config.dtype_policy().name == "float32"


def test_config_switches_match_keras_defaults():
    cfg = cornu.config
    assert cfg.is_flash_attention_enabled() is keras.config.is_flash_attention_enabled()
    assert cfg.is_traceback_filtering_enabled() is True
    assert cfg.max_epochs() is keras.config.max_epochs()
    assert cfg.max_steps_per_epoch() is keras.config.max_steps_per_epoch()
    try:
        cfg.disable_flash_attention()
        assert cfg.is_flash_attention_enabled() is False
        cfg.disable_traceback_filtering()
        assert cfg.is_traceback_filtering_enabled() is False
        cfg.set_max_epochs(2)
        cfg.set_max_steps_per_epoch(5)
        assert (cfg.max_epochs(), cfg.max_steps_per_epoch()) == (2, 5)
        with pytest.raises(ValueError, match="positive integer"):
            cfg.set_max_epochs(0)
    finally:
        cfg.enable_flash_attention()
        cfg.enable_traceback_filtering()
        cfg.set_max_epochs(None)
        cfg.set_max_steps_per_epoch(None)
    assert cfg.is_flash_attention_enabled() is None
    assert cfg.max_epochs() is None


def test_interactive_logging_switches_progbar_to_plain(monkeypatch, capsys):
    from cornu.utils import progbar

    monkeypatch.setattr(progbar, "_in_notebook_or_ide", lambda: True)  # pretend redraw works
    assert cornu.utils.is_interactive_logging_enabled()
    assert cornu.utils.Progbar(3)._dynamic_display
    try:
        cornu.config.disable_interactive_logging()
        assert not cornu.utils.is_interactive_logging_enabled()
        bar = cornu.utils.Progbar(2)
        assert not bar._dynamic_display
        bar.update(2, [("loss", 0.5)])
        out = capsys.readouterr().out
        assert "\r" not in out and "\x1b[" not in out and "loss: 0.5000" in out
    finally:
        cornu.utils.enable_interactive_logging()
    assert cornu.config.is_interactive_logging_enabled()


def test_unsafe_deserialization_switch():
    from cornu.saving import safe_mode

    saved = dict(safe_mode._state)
    try:
        cornu.config.enable_unsafe_deserialization()
        assert not safe_mode.in_safe_mode()
    finally:
        safe_mode._state.update(saved)
    assert safe_mode.in_safe_mode()


# --- tree -------------------------------------------------------------------------------

Point = collections.namedtuple("Point", "y x")
STRUCTURES = [
    1,
    None,
    "leaf",
    [],
    {"b": 1, "a": [2, (3, None)], "c": {"z": 4, "y": 5}},
    [1, [2, [3, [4]]], (5,), {"k": 6}],
    (Point(1, 2), [Point(3, [4, 5])]),
    {"m": collections.OrderedDict([("q", 1), ("p", 2)]),
     "d": collections.defaultdict(int, {"f": 3, "e": 4})},
    [np.zeros(2), {"w": np.ones(3), "v": None}],
]


def _same(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape
    if isinstance(a, dict):
        return type(a) is type(b) and list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    return a == b


def _keras_tree():
    """Keras's optree-based tree (its JAX/TF/NumPy one). On torch, ``keras.tree`` skips
    sorting dicts nested inside dicts; the optree one sorts every dict, as documented."""
    try:
        from keras.src.tree import optree_impl
    except ImportError:
        pytest.skip("optree is not installed")
    return optree_impl


@pytest.mark.parametrize("structure", STRUCTURES)
def test_tree_matches_keras(structure):
    ktree = _keras_tree()
    flat = cornu.tree.flatten(structure)
    assert _same(flat, ktree.flatten(structure))
    assert cornu.tree.is_nested(structure) == ktree.is_nested(structure)
    numbers = list(range(len(flat)))
    assert _same(cornu.tree.pack_sequence_as(structure, numbers),
                 ktree.pack_sequence_as(structure, numbers))

    def bump(x):
        return x if x is None or isinstance(x, (str, np.ndarray)) else x + 1

    assert _same(cornu.tree.map_structure(bump, structure), ktree.map_structure(bump, structure))
    assert _same(cornu.tree.lists_to_tuples(structure), ktree.lists_to_tuples(structure))
    assert [p for p, _ in cornu.tree.flatten_with_path(structure)] == [
        p for p, _ in ktree.flatten_with_path(structure)]
    cornu.tree.assert_same_structure(structure, structure)


@pytest.mark.parametrize("structure", [STRUCTURES[5], [{"b": 1, "a": [2, (3, None)]}, 4]])
def test_tree_matches_public_keras_tree(structure):
    """Structures without a dict inside a dict: the torch ``keras.tree`` agrees too."""
    assert _same(cornu.tree.flatten(structure), keras.tree.flatten(structure))
    assert cornu.tree.flatten_with_path(structure) == keras.tree.flatten_with_path(structure)
    numbers = list(range(len(cornu.tree.flatten(structure))))
    # (dict key order of the result differs between Keras's own backends: compare with ==)
    assert cornu.tree.pack_sequence_as(structure, numbers) == keras.tree.pack_sequence_as(
        structure, numbers)


def test_tree_multi_structure_and_up_to():
    a = {"b": [1, 2], "a": (3, 4)}
    b = {"a": (30, 40), "b": [10, 20]}
    assert cornu.tree.map_structure(lambda x, y: x + y, a, b) == keras.tree.map_structure(
        lambda x, y: x + y, a, b)
    shallow, deep = [1, (2, 3)], [[1, 2], (3, [4])]
    assert cornu.tree.map_structure_up_to(shallow, lambda x: x, deep) == \
        keras.tree.map_structure_up_to(shallow, lambda x: x, deep)
    assert cornu.tree.map_structure(lambda x: x, [1, None], none_is_leaf=False) == [1, None]
    shapes = [(), (1, None), [2, 3], {"x": (4,)}]
    assert cornu.tree.map_shape_structure(len, shapes) == keras.tree.map_shape_structure(
        len, shapes)


def test_tree_traverse_matches_keras():
    s = [1, [2], (3, [4, 5])]

    def top(x):
        return "X" if isinstance(x, list) and len(x) == 1 else None

    def bottom(x):
        return x * 2 if isinstance(x, int) else None

    def drop(x):
        return cornu.tree.MAP_TO_NONE if x == 2 else None

    def keras_drop(x):
        return keras.tree.MAP_TO_NONE if x == 2 else None

    assert cornu.tree.traverse(top, s) == keras.tree.traverse(top, s)
    assert cornu.tree.traverse(bottom, s, top_down=False) == keras.tree.traverse(
        bottom, s, top_down=False)
    assert cornu.tree.traverse(drop, s) == keras.tree.traverse(keras_drop, s)


@pytest.mark.parametrize("a,b", [
    ([1, 2], [1, [2]]),
    ([1, 2], (1, 2)),
    ({"a": 1}, {"b": 1}),
    (Point(1, 2), (1, 2)),
    ([1], 2),
])
def test_tree_mismatches_raise_like_keras(a, b):
    with pytest.raises(ValueError):
        keras.tree.assert_same_structure(a, b)
    with pytest.raises(ValueError):
        cornu.tree.assert_same_structure(a, b)
    with pytest.raises(ValueError):
        cornu.tree.map_structure(lambda *x: x, a, b)


def test_tree_pack_errors():
    with pytest.raises(ValueError, match="3 elements"):
        cornu.tree.pack_sequence_as([1, [2]], [5, 6, 7])
    with pytest.raises(TypeError, match="flat_sequence"):
        cornu.tree.pack_sequence_as(1, 5)
    assert cornu.tree.pack_sequence_as(1, [5]) == 5
    cornu.tree.assert_same_paths([1, [2]], (3, (4,)))
    with pytest.raises(ValueError, match="paths"):
        cornu.tree.assert_same_paths({"a": 1}, {"b": 1})


# --- utils ------------------------------------------------------------------------------


def test_utils_reexports_are_the_saving_ones():
    for name in ("CustomObjectScope", "custom_object_scope", "deserialize_keras_object",
                 "get_custom_objects", "get_registered_name", "get_registered_object",
                 "register_keras_serializable", "serialize_keras_object"):
        assert getattr(cornu.utils, name) is getattr(cornu.saving, name)
    assert cornu.preprocessing.timeseries_dataset_from_array is (
        cornu.utils.timeseries_dataset_from_array)
    assert cornu.utils.standardize_dtype(None) == keras.utils.standardize_dtype(None)
    assert cornu.utils.standardize_dtype(np.int8) == "int8"
    x = cornu.Input((2,))
    assert cornu.utils.is_keras_tensor(x) and not cornu.utils.is_keras_tensor(np.ones(2))
    y = cornu.layers.Dense(1)(x)
    assert cornu.utils.get_source_inputs(y) == [x]


def test_config_class_matches_keras():
    for cls in (cornu.utils.Config, keras.utils.Config):
        c = cls(a=1, b=2)
        c.c = 3
        c["d"] = 4
        assert (c.a, c["c"], len(c), list(c), c.get("zz", 9)) == (1, 3, 4, list("abcd"), 9)
        assert c.as_dict() == {"a": 1, "b": 2, "c": 3, "d": 4}
        assert c.to_json() == '{"a": 1, "b": 2, "c": 3, "d": 4}'
        c.freeze()
        assert c.frozen
        with pytest.raises(ValueError, match="frozen"):
            c.a = 5
        with pytest.raises(AttributeError):
            c.missing  # noqa: B018
        c.unfreeze()
        c.a = 5
        assert c.pop("a") == 5 and "a" not in c


@cornu.utils.register_keras_serializable(package="PublicApiTest")
class Scale(cornu.layers.Layer):
    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, x):
        return x * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


def test_register_keras_serializable_round_trip(tmp_path):
    assert cornu.utils.get_registered_name(Scale) == "PublicApiTest>Scale"
    assert cornu.utils.get_registered_object("PublicApiTest>Scale") is Scale
    inputs = cornu.Input((3,))
    model = cornu.Model(inputs, Scale(3.0)(cornu.layers.Dense(2)(inputs)))
    path = os.path.join(tmp_path, "m.keras")
    model.save(path)
    loaded = cornu.saving.load_model(path)
    assert isinstance(loaded.layers[-1], Scale) and loaded.layers[-1].factor == 3.0
    x = np.random.default_rng(0).normal(size=(4, 3)).astype("float32")
    np.testing.assert_allclose(cornu.ops.convert_to_numpy(loaded(x)),
                               cornu.ops.convert_to_numpy(model(x)), rtol=1e-6)
    config = cornu.utils.serialize_keras_object(Scale(5.0))
    assert cornu.utils.deserialize_keras_object(config).factor == 5.0


def test_clear_session_restarts_uids():
    cornu.utils.clear_session()
    assert cornu.backend.get_uid("thing") == 1
    assert cornu.backend.get_uid("thing") == 2
    assert cornu.backend.get_uid("other") == 1
    cornu.backend.clear_session()
    assert cornu.backend.get_uid("thing") == 1
    assert cornu.layers.Dense(1).name == "dense"


# --- backend ----------------------------------------------------------------------------

DTYPES = ["bool", "uint8", "uint16", "uint32", "uint64", "int8", "int16", "int32", "int64",
          "bfloat16", "float16", "float32", "float64", "complex64", "complex128", int, float,
          bool, None]


def test_result_type_pairs_match_keras():
    wrong = []
    for a, b in itertools.product(DTYPES, DTYPES):
        try:
            expected = keras.backend.result_type(a, b)
        except ValueError:
            expected = "error"
        try:
            got = cornu.backend.result_type(a, b)
        except ValueError:
            got = "error"
        if got != expected:
            wrong.append((a, b, expected, got))
    assert wrong == []


@pytest.mark.parametrize("dtypes", [(), ("int8",), (int,), (float, int), ("int32", "float16",
                                    "uint8"), ("int8", "uint8", float), (np.float32, "int8"),
                                    ("uint64", int), ("bool", bool, int)])
def test_result_type_other_arities(dtypes):
    assert cornu.backend.result_type(*dtypes) == keras.backend.result_type(*dtypes)


def test_result_type_follows_floatx():
    try:
        cornu.backend.set_floatx("float16")
        keras.backend.set_floatx("float16")
        for dtypes in [(int,), (float,), ("int8", float), (None,), ()]:
            assert cornu.backend.result_type(*dtypes) == keras.backend.result_type(*dtypes)
    finally:
        cornu.backend.set_floatx("float32")
        keras.backend.set_floatx("float32")
    with pytest.raises(ValueError, match="string"):
        cornu.backend.result_type("string", "int8")


def test_dtype_predicates_match_keras():
    for dtype in DTYPES[:15]:
        assert cornu.backend.is_float_dtype(dtype) == keras.backend.is_float_dtype(dtype)
        assert cornu.backend.is_int_dtype(dtype) == keras.backend.is_int_dtype(dtype)


# --- scopes -----------------------------------------------------------------------------


def test_stateless_scope_keeps_variables_unchanged():
    v = cornu.Variable(np.ones((2,), "float32"), name="v")
    w = cornu.Variable(np.zeros((2,), "float32"), name="w")
    with cornu.StatelessScope(state_mapping=[(v, np.full((2,), 5.0, "float32"))]) as scope:
        np.testing.assert_allclose(v.numpy(), [5.0, 5.0])
        v.assign(v * 2.0)
        np.testing.assert_allclose(cornu.ops.convert_to_numpy(scope.get_current_value(v)),
                                   [10.0, 10.0])
    np.testing.assert_allclose(v.numpy(), [1.0, 1.0])
    np.testing.assert_allclose(cornu.ops.convert_to_numpy(scope.get_current_value(v)),
                               [10.0, 10.0])
    assert scope.get_current_value(w) is None
    with pytest.raises(ValueError, match="shape"):
        cornu.StatelessScope(state_mapping=[(v, np.ones((3,)))])


def test_layer_in_stateless_scope():
    layer = cornu.layers.Dense(1, use_bias=False, kernel_initializer="ones")
    x = np.ones((1, 2), "float32")
    layer(x)
    with cornu.StatelessScope(state_mapping=[(layer.kernel, np.full((2, 1), 3.0))]):
        np.testing.assert_allclose(cornu.ops.convert_to_numpy(layer(x)), [[6.0]])
    np.testing.assert_allclose(cornu.ops.convert_to_numpy(layer(x)), [[2.0]])


def test_small_scopes():
    from cornu import in_stateless_scope, in_symbolic_scope

    assert not in_symbolic_scope()
    with cornu.SymbolicScope():
        assert in_symbolic_scope()
    assert not in_stateless_scope()
    with cornu.name_scope("outer"):
        with cornu.name_scope("inner"):
            assert cornu.name_scope.current_path() == "outer/inner"
    assert cornu.name_scope.current_path() == ""
    with pytest.raises(ValueError, match="name"):
        cornu.name_scope("a/b")
    with cornu.RematScope(mode="activations"):
        pass
    with pytest.raises(ValueError, match="mode"):
        cornu.RematScope(mode="everything")


def test_device_scope():
    with cornu.device("cpu"):
        x = cornu.ops.ones((2,))
    assert "cpu" in str(x.device)
    with pytest.raises(ValueError, match="device_name"):
        cornu.device("tpu:zero")


def test_remat_gives_the_same_values_and_gradients():
    from cornu.backend import torch as engine

    torch = engine.core.torch

    def f(x):
        return cornu.ops.sum(cornu.ops.sin(x) * x)

    x1 = torch.linspace(0.0, 1.0, 5, requires_grad=True)
    x2 = x1.detach().clone().requires_grad_(True)
    y1, y2 = f(x1), cornu.remat(f)(x2)
    y1.backward()
    y2.backward()
    np.testing.assert_allclose(y1.item(), y2.item(), rtol=1e-6)
    np.testing.assert_allclose(x1.grad.numpy(), x2.grad.numpy(), rtol=1e-6)
    with pytest.raises(TypeError, match="callable"):
        cornu.remat(3)


def test_quantizer_base():
    q = cornu.Quantizer(output_dtype="int8")
    assert q.output_dtype == "int8"
    with pytest.raises(NotImplementedError):
        q(np.ones(2))


OPS_MODULES = ["ops", "ops.nn", "ops.numpy", "ops.linalg", "ops.image"]


@pytest.mark.parametrize("sub", OPS_MODULES)
def test_every_keras_op_exists(sub):
    import importlib

    keras_module = importlib.import_module(f"keras.{sub}")
    cornu_module = importlib.import_module(f"cornu.{sub}")
    public = {n for n in dir(keras_module) if not n.startswith("_")}
    missing = sorted(n for n in public if not hasattr(cornu_module, n))
    assert missing == [], f"keras.{sub}: missing in cornu: {missing}"


def test_disable_flash_attention_keeps_attention_results():
    from cornu import layers

    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 5, 8)).astype("float32")
    mha = layers.MultiHeadAttention(2, 4)
    default = cornu.ops.convert_to_numpy(mha(x, x))
    try:
        cornu.config.disable_flash_attention()
        assert cornu.config.is_flash_attention_enabled() is False
        no_flash = cornu.ops.convert_to_numpy(mha(x, x))
        explicit = cornu.ops.convert_to_numpy(cornu.ops.dot_product_attention(
            x.reshape(2, 5, 2, 4), x.reshape(2, 5, 2, 4), x.reshape(2, 5, 2, 4),
            flash_attention=False))
    finally:
        cornu.config.enable_flash_attention()
    np.testing.assert_allclose(no_flash, default, rtol=1e-5, atol=1e-6)
    assert explicit.shape == (2, 5, 2, 4)


@pytest.mark.parametrize("shape,size,data_format", [
    ((2, 6, 4, 3), (3, 3), "channels_last"), ((7, 5, 3), (4, 6), "channels_last"),
    ((2, 3, 8, 5), (4, 4), "channels_first"), ((9, 9, 1), (3, 3), "channels_last")])
def test_smart_resize_matches_keras(shape, size, data_format):
    x = np.random.default_rng(0).random(shape).astype("float32")
    want = np.asarray(keras.preprocessing.image.smart_resize(x, size, data_format=data_format))
    got = cornu.preprocessing.image.smart_resize(x, size, data_format=data_format)
    assert isinstance(got, np.ndarray)
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)
