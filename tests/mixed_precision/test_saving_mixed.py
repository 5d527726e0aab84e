"""A model saved under a mixed policy reloads with its policies (whatever the global policy
is at load time), in cornu and in real Keras 3 both ways; the loss-scale state comes back."""

import numpy as np
import pytest

import cornu

X = np.random.default_rng(5).standard_normal((6, 4)).astype("float32")
Y = np.random.default_rng(6).standard_normal((6, 1)).astype("float32")


def _model(lib):
    return lib.Sequential([
        lib.Input((4,)),
        lib.layers.Dense(8, activation="relu"),
        lib.layers.BatchNormalization(),
        lib.layers.Dense(1),
        lib.layers.Activation("linear", dtype="float32"),
    ])


def _policies(model):
    return [layer.dtype_policy.name for layer in model.layers]


@pytest.mark.parametrize("direction", ["cornu_to_cornu", "cornu_to_keras", "keras_to_cornu"])
def test_mixed_model_reloads_with_its_policies(keras, policies, tmp_path, direction):
    writer = keras if direction == "keras_to_cornu" else cornu
    reader = cornu if direction.endswith("cornu") else keras
    policies("mixed_float16")
    model = _model(writer)
    model.compile(optimizer=writer.optimizers.SGD(0.01), loss="mse")
    model.fit(X, Y, epochs=2, batch_size=3, verbose=0)
    expected = model.predict(X, verbose=0)
    path = str(tmp_path / "mixed.keras")
    model.save(path)
    policies("float32")
    loaded = reader.saving.load_model(path)
    assert _policies(loaded) == ["mixed_float16"] * 3 + ["float32"]
    assert [str(w.dtype).replace("torch.", "") for w in loaded.weights] == ["float32"] * len(
        loaded.weights)
    got = loaded.predict(X, verbose=0)
    assert got.dtype == expected.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=4e-3, atol=4e-3)


def test_loss_scale_state_survives_a_round_trip(tmp_path):
    cornu.mixed_precision.set_global_policy("mixed_float16")
    model = _model(cornu)
    model.compile(optimizer=cornu.optimizers.SGD(0.01), loss="mse")
    model.fit(X, Y, epochs=1, batch_size=3, verbose=0)
    model.optimizer.dynamic_scale.assign(1024.0)
    state = [np.asarray(v.numpy()) for v in model.optimizer.variables]
    path = str(tmp_path / "scaled.keras")
    model.save(path)
    cornu.mixed_precision.set_global_policy("float32")
    loaded = cornu.saving.load_model(path)
    assert isinstance(loaded.optimizer, cornu.optimizers.LossScaleOptimizer)
    assert float(loaded.optimizer.dynamic_scale.numpy()) == 1024.0
    assert [np.asarray(v.numpy()) for v in loaded.optimizer.variables] == state
    assert int(loaded.optimizer.iterations.numpy()) == int(model.optimizer.iterations.numpy())
    assert float(loaded.optimizer.scale_loss(1.0)) == 1024.0


def test_weights_file_layout_matches_keras(keras, policies, tmp_path):
    import h5py

    policies("mixed_float16")
    paths = {}
    for lib in (cornu, keras):
        model = _model(lib)
        model.compile(optimizer=lib.optimizers.SGD(0.01), loss="mse")
        model.fit(X, Y, epochs=1, batch_size=3, verbose=0)
        path = str(tmp_path / f"{lib.__name__}.weights.h5")
        model.save_weights(path)
        found = {}
        with h5py.File(path, "r") as h5:
            h5.visititems(lambda k, o, found=found: found.__setitem__(
                k, o.shape) if isinstance(o, h5py.Dataset) else None)
        paths[lib.__name__] = found
    assert paths["cornu"] == paths["keras"]
    assert "optimizer/inner_optimizer/vars/1" in paths["cornu"]


@pytest.mark.parametrize("copier", ["deepcopy", "pickle"])
def test_copies_keep_the_autocast_flags(copier):
    import copy
    import pickle

    cornu.mixed_precision.set_global_policy("mixed_float16")
    model = _model(cornu)
    model(X)
    copied = copy.deepcopy(model) if copier == "deepcopy" else pickle.loads(pickle.dumps(model))
    dense, norm = copied.layers[0], copied.layers[1]
    assert dense.kernel.autocast and not norm.moving_mean.autocast
    assert _policies(copied) == _policies(model)
    copied.compile(optimizer=cornu.optimizers.SGD(0.01), loss="mse")
    copied.fit(X, Y, epochs=1, batch_size=3, verbose=0)  # BN assigns its float32 statistics
    assert str(norm.moving_mean.dtype) == "torch.float32"
    assert not np.allclose(norm.moving_mean.numpy(), model.layers[1].moving_mean.numpy())
