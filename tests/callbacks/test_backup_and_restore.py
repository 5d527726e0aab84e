"""BackupAndRestore: an interrupted and resumed run ends with the uninterrupted weights."""

import json
import os

import numpy as np
import pytest

import cornu
from cornu.callbacks import BackupAndRestore


class Crash(cornu.callbacks.Callback):
    """Raises at the start of epoch ``epoch``, or after batch ``batch`` of it."""

    def __init__(self, epoch, batch=None):
        super().__init__()
        self.epoch, self.batch = epoch, batch
        self.current = None

    def on_epoch_begin(self, epoch, logs=None):
        self.current = epoch
        if epoch == self.epoch and self.batch is None:
            raise KeyboardInterrupt(f"killed at epoch {epoch}")

    def on_train_batch_end(self, batch, logs=None):
        if self.current == self.epoch and batch == self.batch:
            raise KeyboardInterrupt(f"killed at epoch {self.current}, batch {batch}")


def _data():
    rng = np.random.default_rng(0)
    x = rng.random((50, 4)).astype("float32")
    y = (x @ rng.random((4, 1)).astype("float32") > 1.0).astype("float32")
    return x, y


def _model(seed):
    cornu.utils.set_random_seed(seed)
    model = cornu.Sequential([
        cornu.Input((4,)), cornu.layers.Dense(8, activation="relu"), cornu.layers.Dropout(0.3),
        cornu.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=cornu.optimizers.Adam(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    return model


def _fit(model, callbacks, epochs=4):
    x, y = _data()
    return model.fit(x, y, batch_size=8, epochs=epochs, validation_data=(x, y), verbose=0,
                     callbacks=callbacks)


def _uninterrupted():
    model = _model(seed=7)
    cornu.utils.set_random_seed(99)
    _fit(model, [])
    return model.get_weights(), model.optimizer.get_weights()


def _assert_same(model, expected):
    weights, optimizer_weights = expected
    for ours, theirs in zip(model.get_weights(), weights):
        np.testing.assert_array_equal(ours, theirs)
    for ours, theirs in zip(model.optimizer.get_weights(), optimizer_weights):
        np.testing.assert_array_equal(ours, theirs)


@pytest.mark.parametrize("fresh_model", [False, True])
def test_resume_after_a_crash_between_epochs(tmp_path, fresh_model):
    expected = _uninterrupted()
    backup = BackupAndRestore(tmp_path / "backup")
    model = _model(seed=7)
    cornu.utils.set_random_seed(99)
    with pytest.raises(KeyboardInterrupt):
        _fit(model, [backup, Crash(epoch=2)])
    metadata = json.loads((tmp_path / "backup" / "training_metadata.json").read_text())
    assert metadata == {"epoch": 2, "batch": None}
    if fresh_model:  # a new process: other initial weights, other random state
        model = _model(seed=123)
    history = _fit(model, [backup])
    assert history.epoch == [2, 3]
    _assert_same(model, expected)
    assert not os.path.exists(tmp_path / "backup")  # deleted after a completed fit


@pytest.mark.parametrize(("save_freq", "crash_batch"), [(2, 4), (3, 6), (1, 5)])
def test_resume_after_a_crash_mid_epoch(tmp_path, save_freq, crash_batch):
    expected = _uninterrupted()
    backup = BackupAndRestore(tmp_path / "backup", save_freq=save_freq)
    model = _model(seed=7)
    cornu.utils.set_random_seed(99)
    with pytest.raises(KeyboardInterrupt):
        _fit(model, [backup, Crash(epoch=1, batch=crash_batch)])
    metadata = json.loads((tmp_path / "backup" / "training_metadata.json").read_text())
    assert metadata["epoch"] == 1 and metadata["batch"] is not None
    model = _model(seed=5)
    seen = []
    history = _fit(model, [backup, cornu.callbacks.LambdaCallback(
        on_train_batch_begin=lambda batch, logs: seen.append(batch))])
    assert history.epoch == [1, 2, 3]
    assert seen[0] == metadata["batch"] + 1  # the batches done before are skipped
    _assert_same(model, expected)


def test_crash_on_the_last_batch_of_an_epoch(tmp_path):
    expected = _uninterrupted()
    backup = BackupAndRestore(tmp_path / "backup", save_freq=1)
    model = _model(seed=7)
    cornu.utils.set_random_seed(99)
    with pytest.raises(KeyboardInterrupt):
        _fit(model, [backup, Crash(epoch=1, batch=6)])  # 7 batches: 6 is the last
    history = _fit(_model(seed=3), [backup])
    assert history.epoch == [1, 2, 3]
    model = backup.model
    _assert_same(model, expected)


def test_double_checkpoint_falls_back_to_the_previous_backup(tmp_path):
    backup = BackupAndRestore(tmp_path / "backup", double_checkpoint=True,
                              delete_checkpoint=False)
    model = _model(seed=7)
    with pytest.raises(KeyboardInterrupt):
        _fit(model, [backup, Crash(epoch=3)])
    assert os.path.exists(tmp_path / "backup" / "latest.weights.npz.bkp")
    (tmp_path / "backup" / "latest.weights.npz").write_bytes(b"corrupt")
    history = _fit(_model(seed=7), [backup])
    assert history.epoch == [2, 3]  # the previous backup was taken after epoch 2 (index 1)
    assert os.path.exists(tmp_path / "backup")  # delete_checkpoint=False


def test_backup_holds_weights_optimizer_and_position(tmp_path):
    backup = BackupAndRestore(tmp_path, delete_checkpoint=False)
    model = _model(seed=7)
    _fit(model, [backup], epochs=2)
    with np.load(tmp_path / "latest.weights.npz") as arrays:
        for i, weight in enumerate(model.get_weights()):
            np.testing.assert_array_equal(arrays[f"model/{i}"], weight)
        assert int(arrays["optimizer/0"]) == 14  # iterations: 2 epochs of 7 batches


def test_invalid_arguments():
    with pytest.raises(ValueError, match="backup_dir"):
        BackupAndRestore("")
    with pytest.raises(ValueError, match="save_freq"):
        BackupAndRestore("somewhere", save_freq="sometimes")


def test_optimizer_mismatch_is_explained(tmp_path):
    model = _model(seed=7)
    with pytest.raises(KeyboardInterrupt):
        _fit(model, [BackupAndRestore(tmp_path), Crash(epoch=1)])
    other = _model(seed=7)
    other.compile(optimizer="sgd", loss="binary_crossentropy")
    with pytest.raises(ValueError, match="optimizer the backup was made with"):
        _fit(other, [BackupAndRestore(tmp_path)])
