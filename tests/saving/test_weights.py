"""``save_weights``/``load_weights``: `.weights.h5` and `.keras` sources, mismatches."""

import h5py
import numpy as np
import pytest

import cornu
from cornu.saving import SavingError


def _mlp(hidden=4, seed=0, out=2):
    cornu.utils.set_random_seed(seed)
    return cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(hidden, name="hidden"),
                             cornu.layers.BatchNormalization(name="norm"),
                             cornu.layers.Dense(out, name="head")])


def _same(a, b):
    for x, y in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(x, y)


def test_round_trip_and_layout(tmp_path):
    source, target = _mlp(seed=1), _mlp(seed=2)
    path = tmp_path / "w.weights.h5"
    source.save_weights(path)
    target.load_weights(path)
    _same(source, target)
    with h5py.File(path, "r") as h5:
        assert h5["layers/dense/vars"].attrs["name"] == "hidden"
        assert sorted(h5["layers/batch_normalization/vars"]) == ["0", "1", "2", "3"]
        np.testing.assert_array_equal(h5["layers/dense_1/vars/0"][()],
                                      source.layers[2].kernel.numpy())


def test_load_weights_from_a_keras_file(tmp_path):
    source, target = _mlp(seed=1), _mlp(seed=2)
    path = tmp_path / "m.keras"
    source.save(path)
    target.load_weights(path)
    _same(source, target)


def test_shape_mismatch_names_the_layer_and_changes_nothing(tmp_path):
    path = tmp_path / "w.weights.h5"
    _mlp(hidden=4).save_weights(path)
    target = _mlp(hidden=5, seed=3)
    before = target.get_weights()
    with pytest.raises(SavingError, match=r"Dense 'hidden'.*\(3, 5\).*\(3, 4\)"):
        target.load_weights(path)
    for a, b in zip(before, target.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_skip_mismatch_loads_the_rest(tmp_path):
    path = tmp_path / "w.weights.h5"
    source = _mlp(seed=1)
    source.save_weights(path)
    target = _mlp(seed=3, out=3)
    head_before = target.layers[2].kernel.numpy().copy()
    with pytest.warns(UserWarning, match="head"):
        target.load_weights(path, skip_mismatch=True)
    np.testing.assert_array_equal(target.layers[2].kernel.numpy(), head_before)
    np.testing.assert_array_equal(target.layers[0].kernel.numpy(),
                                  source.layers[0].kernel.numpy())


def test_missing_layer_in_file_is_an_error(tmp_path):
    path = tmp_path / "w.weights.h5"
    cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2)]).save_weights(path)
    with pytest.raises(SavingError, match="holds 0"):
        _mlp().load_weights(path)


def test_unbuilt_model_cannot_save_or_load(tmp_path):
    model = cornu.Sequential([cornu.layers.Dense(2)])
    with pytest.raises(SavingError, match="not built"):
        model.save_weights(tmp_path / "w.weights.h5")
    _mlp().save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(SavingError, match="not built"):
        model.load_weights(tmp_path / "w.weights.h5")


def test_file_names_are_checked(tmp_path):
    with pytest.raises(SavingError, match=r"\.weights\.h5"):
        _mlp().save_weights(tmp_path / "weights.bin")
    with pytest.raises(SavingError, match="No file"):
        _mlp().load_weights(tmp_path / "missing.weights.h5")


def test_subclassed_model_weights(tmp_path):
    class Net(cornu.Model):
        def __init__(self):
            super().__init__()
            self.blocks = [cornu.layers.Dense(4), cornu.layers.Dense(2)]

        def call(self, x):
            for block in self.blocks:
                x = block(x)
            return x

    source, target = Net(), Net()
    x = np.ones((2, 3), "float32")
    source(x)
    target(x)
    path = tmp_path / "net.weights.h5"
    source.save_weights(path)
    with h5py.File(path, "r") as h5:
        assert "blocks/dense/vars/0" in h5 and "blocks/dense_1/vars/0" in h5
    target.load_weights(path)
    _same(source, target)


def test_optimizer_state_is_part_of_the_weights(tmp_path):
    model = _mlp()
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.ones((8, 3)), np.ones((8, 2)), verbose=0)
    path = tmp_path / "w.weights.h5"
    model.save_weights(path)
    with h5py.File(path, "r") as h5:
        assert int(h5["optimizer/vars/0"][()]) == 1
        assert len(h5["optimizer/vars"]) == len(model.optimizer.variables)


class CountingDense(cornu.layers.Dense):
    """Keeps extra state next to its variables, as Keras layers with tables do."""

    def __init__(self, units, **kwargs):
        super().__init__(units, **kwargs)
        self.seen = np.zeros((), "int64")

    def save_own_variables(self, store):
        super().save_own_variables(store)
        store["seen"] = self.seen

    def load_own_variables(self, store):
        self.seen = np.asarray(store["seen"])
        super().load_own_variables({k: store[k] for k in store.keys() if k != "seen"})


def test_layers_can_extend_their_saved_state(tmp_path):
    source = cornu.Sequential([cornu.Input((3,)), CountingDense(2)])
    source.layers[0].seen = np.array(41, "int64")
    path = tmp_path / "w.weights.h5"
    source.save_weights(path)
    with h5py.File(path, "r") as h5:
        assert sorted(h5["layers/counting_dense/vars"]) == ["0", "1", "seen"]
    target = cornu.Sequential([cornu.Input((3,)), CountingDense(2)])
    target.load_weights(path)
    assert int(target.layers[0].seen) == 41
    _same(source, target)
