"""``plot_model`` and ``model_to_dot``: draw a model's layer graph with pydot and Graphviz.

Each layer is a box (its name and class, optionally shapes, dtype, activation and whether it
trains); arrows follow the tensors. Nested models can be drawn as dashed clusters of their
own layers (``expand_nested``).
"""

from __future__ import annotations

import html
import os
import sys
from typing import Any

_GRAPHVIZ_HELP = (
    "Graphviz's `dot` program, which draws the graph, was not found on the PATH. Install "
    "the Graphviz package: `apt-get install graphviz` (Debian/Ubuntu), `brew install "
    "graphviz` (macOS), `conda install graphviz`, or see https://graphviz.org/download/."
)
_WHITE_TEXT = ' color="white"'
_PYDOT_HELP = "plot_model/model_to_dot need the `pydot` package: `pip install pydot`."


def _pydot():
    try:
        import pydot
    except ImportError as error:
        raise ImportError(_PYDOT_HELP) from error
    return pydot


def check_pydot() -> bool:
    """Whether ``pydot`` can be imported."""
    try:
        _pydot()
    except ImportError:
        return False
    return True


def check_graphviz() -> bool:
    """Whether Graphviz's ``dot`` program runs (pydot must be installed too)."""
    if not check_pydot():
        return False
    pydot = _pydot()
    try:
        pydot.Dot.create(pydot.Dot())
    except (OSError, getattr(pydot, "PydotException", OSError)):
        return False
    return True


# --- what a box says ----------------------------------------------------------------------
def _nested_kind(layer: Any) -> str | None:
    from cornu.models.functional import Functional
    from cornu.models.sequential import Sequential

    if isinstance(layer, Sequential):
        return "sequential"
    if isinstance(layer, Functional):
        return "functional"
    return None


def _shape_text(tensors: list) -> str:
    if not tensors:
        return "?"
    shapes = [tuple(t.shape) for t in tensors]
    return html.escape(str(shapes[0]) if len(shapes) == 1 else str(shapes))


def _activation_name(activation: Any) -> str:
    for attribute in ("name", "__name__"):
        name = getattr(activation, attribute, None)
        if isinstance(name, str):
            return name
    return str(activation)


def _label(layer: Any, node: Any, options: dict) -> str:
    """Graphviz HTML-like label: a title row, then one row of the details asked for."""
    class_name = type(layer).__name__
    title = html.escape(layer.name)
    title = f"<b>{title}</b> ({class_name})" if options["show_layer_names"] else (
        f"<b>{class_name}</b>")
    cells = []
    if options["show_shapes"]:
        inputs = node.input_tensors if node is not None else []
        outputs = node.output_tensors if node is not None else []
        if class_name != "InputLayer":
            cells.append(("white", "", f"Input shape: <b>{_shape_text(inputs)}</b>"))
        cells.append(("white", "", f"Output shape: <b>{_shape_text(outputs)}</b>"))
    if options["show_dtype"]:
        outputs = node.output_tensors if node is not None else []
        dtypes = [str(t.dtype) for t in outputs] or ["?"]
        text = dtypes[0] if len(dtypes) == 1 else str(dtypes)
        cells.append(("white", "", f"Output dtype: <b>{html.escape(text)}</b>"))
    if options["show_trainable"] and layer.weights:
        if layer.trainable:
            cells.append(("forestgreen", _WHITE_TEXT, "<b>Trainable</b>"))
        else:
            cells.append(("firebrick", _WHITE_TEXT, "<b>Non-trainable</b>"))
    # The title spans the columns asked for, whether or not this layer fills them all.
    span = max(1, 2 * options["show_shapes"] + options["show_dtype"] + options["show_trainable"])
    rows = [f'<tr><td colspan="{span}" bgcolor="black"><font point-size="16" color="white">'
            f"{title}</font></td></tr>"]
    activation = getattr(layer, "activation", None)
    if options["show_layer_activations"] and activation is not None:
        name = html.escape(_activation_name(activation))
        rows.append(f'<tr><td bgcolor="white" colspan="{span}"><font point-size="14">'
                    f"Activation: <b>{name}</b></font></td></tr>")
    if cells:
        rows.append("<tr>" + "".join(
            f'<td bgcolor="{bg}"><font point-size="14"{font}>{text}</font></td>'
            for bg, font, text in cells) + "</tr>")
    return ('<<table border="0" cellborder="1" bgcolor="black" cellpadding="10">'
            + "".join(rows) + "</table>>")


# --- the graph ------------------------------------------------------------------------------
def _graph_nodes(model: Any) -> list:
    """The model's layer calls (nodes), inputs first, each after the nodes it reads."""
    if _nested_kind(model) == "functional":
        return list(model._nodes)
    nodes = []
    for tensor in model.inputs:
        layer, index, _ = tensor._keras_history
        nodes.append(layer._inbound_nodes[index])
    for layer in model.layers:  # Sequential: each layer's call on the model's own graph
        for node in layer._inbound_nodes:
            if node.input_tensors and any(
                    t._keras_history[0] is nodes[-1].operation for t in node.input_tensors):
                nodes.append(node)
                break
    return nodes


def _entry_layer(layer: Any, input_index: int) -> Any:
    """The first inner layer of a nested model that reads its ``input_index``-th input."""
    while _nested_kind(layer):
        tensor = layer.inputs[min(input_index, len(layer.inputs) - 1)]
        readers = [n.operation for n in tensor._keras_history[0]._outbound_nodes
                   if n.operation in layer.layers]
        if _nested_kind(layer) == "sequential" or not readers:
            layer = layer.layers[0]
        else:
            layer = readers[0]
        input_index = 0
    return layer


def _exit_layer(layer: Any, output_index: int) -> Any:
    """The inner layer that produces a nested model's ``output_index``-th output."""
    while _nested_kind(layer):
        tensor = layer.outputs[min(output_index, len(layer.outputs) - 1)]
        layer, _, output_index = tensor._keras_history
    return layer


def _add_edge(dot: Any, source: Any, destination: Any) -> None:
    pydot = _pydot()
    source_id, destination_id = str(id(source)), str(id(destination))
    if not dot.get_edge(source_id, destination_id):
        dot.add_edge(pydot.Edge(source_id, destination_id, penwidth="2"))


def _add_node(dot: Any, layer: Any, node: Any, options: dict) -> None:
    pydot = _pydot()
    dot.add_node(pydot.Node(str(id(layer)), label=_label(layer, node, options),
                            fontname="Helvetica", border="0", margin="0"))


def model_to_dot(
    model: Any,
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = True,
    rankdir: str = "TB",
    expand_nested: bool = False,
    dpi: int = 200,
    subgraph: bool = False,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
    splines: str = "ortho",
    **kwargs: Any,
) -> Any:
    """Converts a model to a ``pydot.Dot`` graph (needs ``pydot``, not Graphviz).

    Args:
        model: A built model.
        show_shapes: Show each layer's input and output shapes.
        show_dtype: Show each layer's output dtype.
        show_layer_names: Show layer names next to their class.
        rankdir: ``"TB"`` (top to bottom) or ``"LR"`` (left to right).
        expand_nested: Draw nested models as clusters of their layers.
        dpi: Resolution of rendered images.
        subgraph: Return a ``pydot.Cluster`` (used for nested models).
        show_layer_activations: Show the activation of layers that have one.
        show_trainable: Mark layers with weights as trainable or not.
        splines: Graphviz edge style (``"ortho"``, ``"spline"``, ...).

    Returns:
        A ``pydot.Dot`` (or ``pydot.Cluster`` with ``subgraph=True``); ``.create(prog="dot",
        format="svg")`` renders it, ``.to_string()`` gives its DOT source.

    Example:

    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2, name="hidden")])
    >>> dot = model_to_dot(model)
    >>> "hidden" in dot.to_string()
    True
    """
    if kwargs.pop("layer_range", None) is not None:
        raise ValueError("model_to_dot: `layer_range` is not supported; plot the whole model.")
    if kwargs:
        raise TypeError(f"model_to_dot: unexpected keyword argument(s) {sorted(kwargs)}.")
    if not model.built:
        raise ValueError(
            f"model_to_dot: model '{model.name}' is not built yet. Give it an Input (or "
            "`input_shape`), call `model.build(input_shape)`, or call it on a batch of data."
        )
    pydot = _pydot()
    options = {"show_shapes": show_shapes, "show_dtype": show_dtype,
               "show_layer_names": show_layer_names, "show_trainable": show_trainable,
               "show_layer_activations": show_layer_activations}
    if subgraph:
        dot = pydot.Cluster(graph_name=model.name, style="dashed", label=model.name,
                            labeljust="l")
    else:
        dot = pydot.Dot(rankdir=rankdir, concentrate=True, dpi=dpi, splines=splines)
        dot.set_node_defaults(shape="record")
    kind = _nested_kind(model)
    if kind is None or not model.inputs:  # subclassed: one box, its inside is Python code
        _add_node(dot, model, None, options)
        return dot
    nodes = _graph_nodes(model)
    if kind == "sequential":  # Keras leaves the input box out of a Sequential's plot
        nodes = [node for node in nodes if node.input_tensors]
    drawn = []
    for node in nodes:
        layer = node.operation
        if any(layer is seen for seen in drawn):
            continue  # a shared layer is one box
        drawn.append(layer)
        if expand_nested and _nested_kind(layer):
            dot.add_subgraph(model_to_dot(
                layer, show_shapes, show_dtype, show_layer_names, rankdir, expand_nested,
                subgraph=True, show_layer_activations=show_layer_activations,
                show_trainable=show_trainable))
        else:
            _add_node(dot, layer, node, options)
    in_graph = {id(layer) for layer in drawn}
    for node in nodes:
        for input_index, tensor in enumerate(node.input_tensors):
            source, _, output_index = tensor._keras_history
            if id(source) not in in_graph:
                continue
            destination = node.operation
            if expand_nested:
                source = _exit_layer(source, output_index)
                destination = _entry_layer(destination, input_index)
            _add_edge(dot, source, destination)
    return dot


def plot_model(
    model: Any,
    to_file: str | os.PathLike = "model.png",
    show_shapes: bool = False,
    show_dtype: bool = False,
    show_layer_names: bool = False,
    rankdir: str = "TB",
    expand_nested: bool = False,
    dpi: int = 200,
    show_layer_activations: bool = False,
    show_trainable: bool = False,
    splines: str = "ortho",
    **kwargs: Any,
) -> Any:
    """Draws a model's graph to an image file (PNG, SVG, PDF, JPG or DOT source).

    Needs the ``pydot`` package and Graphviz's ``dot`` program.

    Args:
        model: A built model.
        to_file: Output file; its extension picks the format (no extension: PNG).
        show_shapes, show_dtype, show_layer_names, rankdir, expand_nested, dpi,
            show_layer_activations, show_trainable, splines: As in ``model_to_dot``.

    Returns:
        An ``IPython.display.Image`` of the file in a notebook (not for PDF), else ``None``.

    Example:

    >>> import os, tempfile
    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2, name="hidden")])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.dot")
    >>> _ = plot_model(model, to_file=path, show_layer_names=True)
    >>> "hidden" in open(path).read()
    True
    """
    if not check_pydot():
        return _missing(_PYDOT_HELP)
    to_file = os.fspath(to_file)
    extension = os.path.splitext(to_file)[1][1:].lower() or "png"
    if extension not in ("dot", "raw") and not check_graphviz():
        return _missing(_GRAPHVIZ_HELP)
    dot = model_to_dot(
        model, show_shapes=show_shapes, show_dtype=show_dtype,
        show_layer_names=show_layer_names, rankdir=rankdir, expand_nested=expand_nested,
        dpi=dpi, show_layer_activations=show_layer_activations,
        show_trainable=show_trainable, splines=splines, **kwargs)
    directory = os.path.dirname(to_file)
    if directory:
        os.makedirs(directory, exist_ok=True)
    # A .dot file gets the DOT source itself, which needs no Graphviz to write.
    dot.write(to_file, format="raw" if extension == "dot" else extension)
    if extension not in ("pdf", "dot", "raw", "svg") and _in_notebook():
        from IPython import display

        return display.Image(filename=to_file)
    return None


def _in_notebook() -> bool:
    return "ipykernel" in sys.modules


def _missing(message: str) -> None:
    """In a notebook, say what is missing and go on; elsewhere raise ``ImportError``."""
    if _in_notebook():
        print(message)
        return None
    raise ImportError(message)
