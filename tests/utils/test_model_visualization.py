"""plot_model / model_to_dot: the graph matches real Keras's; rendered files open."""

import re
import sys

import pytest

import cornu
from cornu.utils import model_visualization
from cornu.utils.model_visualization import model_to_dot, plot_model

pydot = pytest.importorskip("pydot")
needs_graphviz = pytest.mark.skipif(not model_visualization.check_graphviz(),
                                    reason="Graphviz's `dot` program is not installed")


def _functional(library):
    inputs = library.Input((6,), name="features")
    left = library.layers.Dense(4, activation="relu", name="left")(inputs)
    right = library.layers.Dense(4, name="right")(inputs)
    merged = library.layers.Concatenate(name="merge")([left, right])
    inner = library.Sequential([library.Input((8,)), library.layers.Dense(3, name="inner_a"),
                                library.layers.Dense(2, name="inner_b")], name="inner")
    outputs = library.layers.Dense(1, activation="sigmoid", name="head")(inner(merged))
    return library.Model(inputs, outputs, name="net")


def _sequential(library):
    return library.Sequential([library.Input((5,)), library.layers.Dense(4, name="hidden"),
                               library.layers.Dropout(0.5, name="drop"),
                               library.layers.Dense(2, name="out")], name="seq")


def _structure(dot):
    """(layer names, edges as name pairs, cluster names) of a pydot graph."""
    names = {}

    def collect(graph):
        for node in graph.get_nodes():
            match = re.search(r"<b>([^<]+)</b> \(", node.get("label") or "")
            if match:
                names[node.get_name()] = match.group(1)
        for sub in graph.get_subgraphs():
            collect(sub)

    collect(dot)
    edges = set()

    def collect_edges(graph):
        for edge in graph.get_edges():
            edges.add((names[edge.get_source()], names[edge.get_destination()]))
        for sub in graph.get_subgraphs():
            collect_edges(sub)

    collect_edges(dot)
    clusters = sorted(sub.get_name() for sub in dot.get_subgraphs())
    return sorted(names.values()), sorted(edges), clusters


@pytest.mark.parametrize("build", [_functional, _sequential])
@pytest.mark.parametrize("expand_nested", [False, True])
def test_same_graph_as_keras(keras, build, expand_nested):
    ours = _structure(model_to_dot(build(cornu), expand_nested=expand_nested))
    theirs = _structure(keras.utils.model_to_dot(build(keras), expand_nested=expand_nested))
    assert ours == theirs


def test_labels_show_what_is_asked():
    dot = model_to_dot(_functional(cornu), show_shapes=True, show_dtype=True,
                       show_layer_activations=True, show_trainable=True)
    text = dot.to_string()
    assert "Input shape: <b>[(None, 4), (None, 4)]</b>" in text
    assert "Output shape: <b>(None, 1)</b>" in text
    assert "Output dtype: <b>float32</b>" in text
    assert "Activation: <b>sigmoid</b>" in text
    assert "Trainable" in text


def test_labels_match_keras_text(keras):
    settings = dict(show_shapes=True, show_dtype=True, show_layer_activations=True,
                    show_trainable=True)
    ours = model_to_dot(_sequential(cornu), **settings)
    theirs = keras.utils.model_to_dot(_sequential(keras), **settings)
    labels = [sorted(n.get("label") for n in dot.get_nodes() if n.get("label"))
              for dot in (ours, theirs)]
    assert labels[0] == labels[1]


def test_names_or_classes():
    text = model_to_dot(_sequential(cornu), show_layer_names=False).to_string()
    assert "hidden" not in text and "<b>Dense</b>" in text


def test_subclassed_model_is_one_box():
    class Net(cornu.Model):
        def __init__(self):
            super().__init__()
            self.dense = cornu.layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    model = Net()
    model(cornu.ops.ones((1, 3)))
    dot = model_to_dot(model)
    assert len(dot.get_nodes()) == 2  # the node defaults entry and the model's box


def test_unbuilt_model_is_explained():
    model = cornu.Sequential([cornu.layers.Dense(2)])
    with pytest.raises(ValueError, match="not built"):
        model_to_dot(model)


@needs_graphviz
def test_png_of_sensible_size(tmp_path):
    from PIL import Image

    path = tmp_path / "model.png"
    plot_model(_functional(cornu), to_file=path, show_shapes=True, dpi=96)
    with Image.open(path) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert 200 < width < 5000 and 300 < height < 5000  # 6 boxes stacked by depth


@needs_graphviz
def test_svg_names_every_layer(tmp_path):
    path = tmp_path / "model.svg"
    model = _functional(cornu)
    plot_model(model, to_file=str(path), show_layer_names=True, expand_nested=True)
    svg = path.read_text()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for name in ("features", "left", "right", "merge", "inner_a", "inner_b", "head"):
        assert f">{name}<" in svg


@needs_graphviz
def test_pdf_and_no_extension(tmp_path, monkeypatch):
    plot_model(_sequential(cornu), to_file=tmp_path / "model.pdf")
    assert (tmp_path / "model.pdf").read_bytes().startswith(b"%PDF")
    plot_model(_sequential(cornu), to_file=tmp_path / "model")
    assert (tmp_path / "model").read_bytes().startswith(b"\x89PNG")


def test_dot_source_needs_no_graphviz(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    path = tmp_path / "model.dot"
    plot_model(_sequential(cornu), to_file=path, show_layer_names=True)
    assert path.read_text().startswith("digraph") and "hidden" in path.read_text()


def test_missing_graphviz_names_the_package(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", "")
    with pytest.raises(ImportError, match="apt-get install graphviz"):
        plot_model(_sequential(cornu), to_file=tmp_path / "model.png")


def test_missing_pydot_names_the_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "pydot", None)
    with pytest.raises(ImportError, match="pip install pydot"):
        plot_model(_sequential(cornu))


@needs_graphviz
def test_seed_tutorial_svg_through_create():
    """The Keras 2 tutorial line: SVG(model_to_dot(model).create(prog='dot', format='svg'))."""
    from cornu.utils.vis_utils import model_to_dot as legacy_model_to_dot

    svg = legacy_model_to_dot(_sequential(cornu)).create(prog="dot", format="svg")
    assert b"<svg" in svg and b"hidden" in svg


@needs_graphviz
def test_keras1_visualize_util_plot(tmp_path, monkeypatch):
    from cornu.utils.visualize_util import plot

    monkeypatch.chdir(tmp_path)
    plot(_sequential(cornu), show_shapes=True)  # Keras 1 default file: model.png
    assert (tmp_path / "model.png").read_bytes().startswith(b"\x89PNG")
