"""plot_history: one panel per metric, training against validation, saved as a PNG."""

import numpy as np
import pytest

import cornu

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

from cornu.utils import plot_history  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def _history(epochs=4):
    x = np.random.default_rng(0).random((32, 3)).astype("float32")
    y = (x.sum(axis=1, keepdims=True) > 1.5).astype("float32")
    model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model, model.fit(x, y, epochs=epochs, validation_split=0.25, verbose=0)


def test_panels_and_curves():
    _, history = _history()
    figure = plot_history(history)
    assert [ax.get_title() for ax in figure.axes] == ["loss", "accuracy"]
    loss_ax = figure.axes[0]
    lines = {line.get_label(): line for line in loss_ax.get_lines()}
    assert set(lines) == {"training", "validation"}
    np.testing.assert_array_equal(lines["training"].get_xdata(), [1, 2, 3, 4])
    np.testing.assert_allclose(lines["training"].get_ydata(), history.history["loss"])
    np.testing.assert_allclose(lines["validation"].get_ydata(), history.history["val_loss"])


def test_saves_a_png(tmp_path):
    _, history = _history()
    path = tmp_path / "history.png"
    plot_history(history, to_file=path, dpi=80, title="run 1")
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (800, 280)  # 2 panels of 5 x 3.5 inches at 80 dpi


def test_accepts_model_dict_and_resumed_epochs():
    model, history = _history(epochs=2)
    assert len(plot_history(model).axes) == 2
    figure = plot_history({"loss": [3.0, 2.0]})
    assert [line.get_label() for line in figure.axes[0].get_lines()] == ["training"]
    history = model.fit(np.ones((4, 3)), np.ones((4, 1)), epochs=5, initial_epoch=3, verbose=0)
    line = plot_history(history).axes[0].get_lines()[0]
    np.testing.assert_array_equal(line.get_xdata(), [4, 5])


def test_choose_metrics_and_errors():
    _, history = _history(epochs=1)
    assert [ax.get_title() for ax in plot_history(history, metrics=["accuracy"]).axes] == [
        "accuracy"]
    with pytest.raises(ValueError, match="no record of"):
        plot_history(history, metrics=["auc"])
    with pytest.raises(ValueError, match="empty"):
        plot_history({})
    with pytest.raises(TypeError, match="History"):
        plot_history(42)
