"""CSVLogger: the rows written, appending, separators; same file as real Keras."""

import csv

import numpy as np
import pytest

import cornu
from cornu.callbacks import CSVLogger


def _fit(library, path, epochs=2, validation=True, **kwargs):
    x = np.ones((8, 1), "float32")
    model = library.Sequential([library.Input((1,)), library.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    model.fit(x, x, epochs=epochs, verbose=0, validation_data=(x, x) if validation else None,
              callbacks=[library.callbacks.CSVLogger(str(path), **kwargs)])
    return model


def _rows(path, separator=","):
    with open(path, newline="") as stream:
        return list(csv.reader(stream, delimiter=separator))


def test_one_row_per_epoch(tmp_path):
    path = tmp_path / "log.csv"
    _fit(cornu, path, epochs=3)
    rows = _rows(path)
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert [row[0] for row in rows[1:]] == ["0", "1", "2"]
    assert all(float(value) >= 0 for row in rows[1:] for value in row)


def test_append_keeps_one_header(tmp_path):
    path = tmp_path / "log.csv"
    _fit(cornu, path, epochs=2)
    _fit(cornu, path, epochs=1, append=True)
    rows = _rows(path)
    assert [row[0] for row in rows] == ["epoch", "0", "1", "0"]


def test_overwrite_without_append(tmp_path):
    path = tmp_path / "log.csv"
    _fit(cornu, path, epochs=3)
    _fit(cornu, path, epochs=1)
    assert len(_rows(path)) == 2


def test_separator_and_missing_validation(tmp_path):
    path = tmp_path / "log.tsv"
    _fit(cornu, path, epochs=1, validation=False, separator="\t")
    rows = _rows(path, "\t")
    assert rows[0] == ["epoch", "loss", "mae", "val_loss", "val_mae"]
    assert rows[1][3:] == ["NA", "NA"]


def test_sequence_values_are_one_cell(tmp_path):
    path = tmp_path / "log.csv"
    logger = CSVLogger(path)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5, "per_class": np.array([1.0, 2.0])})
    logger.on_train_end()
    assert '"[1.0, 2.0]"' in open(path).read()


@pytest.mark.parametrize("validation", [True, False])
def test_same_layout_as_keras(keras, tmp_path, validation):
    _fit(cornu, tmp_path / "ours.csv", epochs=3, validation=validation)
    _fit(keras, tmp_path / "keras.csv", epochs=3, validation=validation)
    ours, theirs = _rows(tmp_path / "ours.csv"), _rows(tmp_path / "keras.csv")
    assert ours[0] == theirs[0]
    assert [row[0] for row in ours] == [row[0] for row in theirs]
    assert [row.count("NA") for row in ours] == [row.count("NA") for row in theirs]
