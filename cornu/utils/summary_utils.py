"""``model.summary()``: the table of layers, output shapes and parameter counts.

The table is drawn by ``rich`` (the same renderer Keras 3 uses), so the text, the column
widths and the line wrapping are the ones a Keras user knows. Functional models are laid out
the way Keras orders them: by depth from the outputs, deepest first.
"""

from __future__ import annotations

import math
import re
import shutil

import rich.console
import rich.markup
import rich.table

from cornu import backend

# Keras's themes (only visible on a colour terminal).
_NUMBER, _NONE, _SYMBOL, _YES, _NO = 34, 45, 33, 34, 9


def _num(value) -> str:
    return f"[color({_NONE if value is None else _NUMBER})]{value}[/]"


def _bold(text: str, color: int | None = None) -> str:
    return f"[bold][color({color})]{text}[/][/]" if color else f"[bold]{text}[/]"


# --- parameters and their memory ---------------------------------------------------------
def count_params(weights) -> int:
    """The number of scalars in ``weights``.

    Args:
        weights: a list of variables or arrays (anything with a ``shape``).

    Returns:
        The sum of the sizes of their shapes, as an int.

    Example:
        >>> import numpy as np
        >>> count_params([np.zeros((3, 4)), np.zeros((4,))])
        16
    """
    return int(sum(math.prod(tuple(w.shape)) for w in weights))


def _bits_per_scalar(dtype) -> int:
    name = backend.standardize_dtype(dtype)
    if name == "bool":
        return 1
    digits = re.search(r"\d+$", name)
    if digits is None:
        raise ValueError(f"Cannot size weights of dtype '{name}': expected a numeric dtype.")
    return int(digits.group())


def weight_memory_size(weights) -> float:
    """The memory taken by ``weights``, in bytes, each variable counted once.

    Args:
        weights: a list of variables (anything with ``shape`` and ``dtype``).

    Returns:
        The size in bytes, a float (``bool`` weights take one bit each).

    Example:
        >>> import numpy as np
        >>> weight_memory_size([np.zeros((3, 4), "float32"), np.zeros((4,), "float16")])
        56.0
    """
    unique = {id(w): w for w in weights}.values()
    bits = sum(math.prod(tuple(w.shape)) * _bits_per_scalar(w.dtype) for w in unique)
    return bits / 8


def readable_memory_size(size: float) -> str:
    """Formats a byte count with two decimals and a binary unit (B, KB, MB, ...).

    Args:
        size: a number of bytes.

    Returns:
        The text, e.g. ``"1.03 MB"``.

    Example:
        >>> readable_memory_size(1080872)
        '1.03 MB'
        >>> readable_memory_size(12)
        '12.00 B'
    """
    units = ("B", "KB", "MB", "GB", "TB")
    for unit in units:
        if size < 1024:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


# --- the functional graph as Keras sees it ------------------------------------------------
class _Graph:
    """Layers of a functional model ordered by depth, and whether it reads as a chain."""

    def __init__(self, model) -> None:
        first_seen: dict = {}  # id(layer) -> (DFS visiting order, layer)
        post_order = self._walk(model.inputs, model.outputs, first_seen)
        in_graph = {id(n) for n in post_order}
        node_depth: dict = {}
        layer_depth: dict = {}
        for node in reversed(post_order):
            layer = node.operation
            depth = max(node_depth.get(id(node), 0), layer_depth.get(id(layer), 0))
            node_depth[id(node)] = depth
            layer_depth[id(layer)] = depth
            for parent in node.parent_nodes:
                if id(parent) in in_graph:
                    node_depth[id(parent)] = max(node_depth.get(id(parent), 0), depth + 1)
        nodes = {id(n): n for n in post_order}
        for tensor in model.inputs:  # inputs no output depends on still get a row
            layer, node_index, _ = tensor._keras_history
            node = layer._inbound_nodes[node_index]
            if id(layer) not in layer_depth and node.is_input:
                first_seen[id(layer)] = (-1, layer)
                layer_depth[id(layer)] = node_depth[id(node)] = 0
                nodes[id(node)] = node
        self.node_ids = set(nodes)
        self.layers = [layer for _, layer in sorted(
            first_seen.values(), key=lambda p: (-layer_depth[id(p[1])], p[0]))]
        by_depth: dict = {}
        for key, depth in node_depth.items():
            by_depth.setdefault(depth, []).append(nodes[key])
        self.sequential_like = all(
            len(group) == 1 and len(group[0].input_tensors) <= 1 for group in by_depth.values()
        ) and not any(
            sum(id(n) in self.node_ids for n in layer._inbound_nodes) > 1 for layer in self.layers
        )

    @staticmethod
    def _walk(inputs, outputs, first_seen: dict) -> list:
        """Depth-first from the outputs: nodes after their parents, layers in visiting order."""
        input_ids = {id(t) for t in inputs}
        done, post_order = set(), []
        stack = [(t, False) for t in reversed(outputs)]
        while stack:
            tensor, expanded = stack.pop()
            layer, node_index, _ = tensor._keras_history
            node = layer._inbound_nodes[node_index]
            if id(node) in done:
                continue
            if expanded or (not node.is_input and id(tensor) in input_ids):
                done.add(id(node))
                if expanded:
                    post_order.append(node)
                continue
            first_seen.setdefault(id(layer), (len(first_seen), layer))
            stack.append((tensor, True))
            stack.extend((t, False) for t in reversed(node.input_tensors))
        return post_order


# --- one row ------------------------------------------------------------------------------
def _is_op(layer) -> bool:
    """Whether ``layer`` records a ``cornu.ops`` call on symbolic tensors (an ``OpLayer``)."""
    return isinstance(getattr(layer, "op_name", None), str)


def _class_name(layer) -> str:
    if _is_op(layer):  # Keras shows the op's class: ops.expand_dims -> ExpandDims
        return "".join(part.capitalize() for part in layer.op_name.split("_"))
    return type(layer).__name__


def _shape_text(layer) -> str:
    def fmt(shape) -> str:
        return "(" + ", ".join(_num(d) for d in shape) + ")"

    if layer._inbound_nodes:
        tensors = layer._inbound_nodes[-1].output_tensors
        shapes = [fmt(t.shape) for t in tensors]
    else:
        build_shapes = getattr(layer, "_build_shapes_dict", None)
        if not build_shapes:
            return "?"
        try:
            out = layer.compute_output_shape(**build_shapes)
        except NotImplementedError:
            return "?"
        nested = isinstance(out, (list, tuple)) and out and isinstance(out[0], (list, tuple))
        shapes = [fmt(s) for s in out] if nested else [fmt(out)]
    return shapes[0] if len(shapes) == 1 else "[" + ", ".join(shapes) + "]"


def _connections(layer, graph: _Graph) -> str:
    sources = []
    for node in layer._inbound_nodes:
        if id(node) not in graph.node_ids:
            continue  # a call of this layer in another model
        for tensor in node.input_tensors:
            source, node_index, tensor_index = tensor._keras_history
            sources.append(f"{source.name}[{_num(node_index)}][{_num(tensor_index)}]")
    return ", ".join(sources) or "-"


def _row(layer, prefix: str, graph: _Graph | None, show_trainable: bool) -> list:
    name = f"{rich.markup.escape(prefix + layer.name)} "
    name += f"([color({_SYMBOL})]{rich.markup.escape(_class_name(layer))}[/])"
    if not layer.built:
        params = f"{_num(0)} (unbuilt)"
    else:
        params = _num(f"{layer.count_params():,}")
    row = [name, _shape_text(layer), params]
    if graph is not None:
        row.append(_connections(layer, graph))
    if show_trainable:
        if not layer.weights:
            row.append(_bold("-"))
        else:
            row.append(_bold("Y", _YES) if layer.trainable else _bold("N", _NO))
    return row


# --- the table ----------------------------------------------------------------------------
def _rows_of(layer, level: int, expand_nested: bool, graph, show_trainable: bool) -> list:
    from cornu.models.model import Model

    prefix = "   " * level + "└ " if level else ""
    rows = [_row(layer, prefix, graph, show_trainable)]
    if expand_nested and isinstance(layer, Model):
        for sub in _display_layers(layer, nested=True):
            rows.extend(_rows_of(sub, level + 1, expand_nested, graph, show_trainable))
    return rows


def _display_layers(model, nested: bool = False) -> list:
    from cornu.models.functional import Functional

    if not isinstance(model, Functional):
        return list(model.layers)
    layers = _Graph(model).layers
    if nested:  # Keras lists only true layers, not ops, inside a nested model
        layers = [layer for layer in layers if not _is_op(layer)]
    return layers


def _layer_slice(layers: list, layer_range) -> slice:
    if layer_range is None:
        return slice(0, len(layers))
    if not isinstance(layer_range, (list, tuple)) or len(layer_range) != 2 or not all(
            isinstance(p, str) for p in layer_range):
        raise ValueError(
            "summary(layer_range=...): expected a list or tuple of two strings (the first "
            f"and last layer names, or regexes), got {layer_range!r}."
        )
    starts = [i for i, layer in enumerate(layers) if re.match(layer_range[0], layer.name)]
    ends = [i for i, layer in enumerate(layers) if re.match(layer_range[1], layer.name)]
    if not starts or not ends:
        unmatched = layer_range[0] if not starts else layer_range[1]
        raise ValueError(
            f"summary(layer_range={list(layer_range)}): no layer name matches "
            f"{unmatched!r}. Layer names: "
            f"{[layer.name for layer in layers]}."
        )
    if min(starts) > max(ends):
        return slice(min(ends), max(starts) + 1)
    return slice(min(starts), max(ends) + 1)


def _column_widths(positions, line_length: int) -> list:
    widths, used = [], 0
    for pos in positions:
        width = int(pos * line_length) - used
        if width < 4:
            raise ValueError(
                f"summary: a column would be {width} characters wide (line_length="
                f"{line_length}, positions={list(positions)}). Pass a larger `line_length` "
                "or more widely spaced `positions`."
            )
        widths.append(width)
        used += width
    return widths


def print_summary(model, line_length: int | None = None, positions: list | None = None,
                  print_fn=None, expand_nested: bool = False, show_trainable: bool = False,
                  layer_range=None) -> None:
    """Prints a table of a model's layers, output shapes and parameter counts.

    Args:
        model: a cornu model.
        line_length: the table's width in characters. Default: 88 (108 when a
            "Connected to" column is shown; 12 more with ``show_trainable``), narrowed to
            fit the terminal.
        positions: where each column ends, as fractions of ``line_length`` (or absolute
            character positions). Default: ``[0.45, 0.8, 1.0]``, or
            ``[0.3, 0.56, 0.74, 1.0]`` with "Connected to".
        print_fn: called once with the whole summary text instead of printing it to
            stdout (in plain text, without colours).
        expand_nested: also list the layers of nested models, indented under them.
        show_trainable: add a "Trainable" column (Y, N, or - for layers without weights).
        layer_range: two layer names (or regexes), first and last of the rows to show.

    Returns:
        None.

    Example:
        >>> import cornu
        >>> model = cornu.Sequential([cornu.layers.Dense(1, input_shape=(2,))])
        >>> lines = []
        >>> model.summary(print_fn=lines.append)
        >>> print(lines[0].splitlines()[-3])
         Total params: 3 (12.00 B)
    """
    from cornu.models.functional import Functional
    from cornu.models.sequential import Sequential

    graph = None
    if isinstance(model, Functional) and not isinstance(model, Sequential):
        graph = _Graph(model)
        layers = graph.layers
        if graph.sequential_like:
            graph = None
    else:
        layers = list(model.layers)

    if graph is None:
        header = ["Layer (type)", "Output Shape", "Param #"]
        justify = ["left", "left", "right"]
        default_length, default_positions = 88, [0.45, 0.80, 1.0]
    else:
        header = ["Layer (type)", "Output Shape", "Param #", "Connected to"]
        justify = ["left", "left", "right", "left"]
        default_length, default_positions = 108, [0.3, 0.56, 0.74, 1.0]
    if show_trainable:
        default_length += 12
    line_length = line_length or min(default_length, shutil.get_terminal_size().columns - 4)
    positions = list(positions or default_positions)
    if positions[-1] > 1:  # absolute positions (Keras 2 style)
        positions = [p / line_length for p in positions]
    if show_trainable:
        positions = [p * 0.9 for p in positions] + [1.0]
        header.append("Trainable")
        justify.append("center")
    widths = _column_widths(positions, line_length)

    table = rich.table.Table(
        *(rich.table.Column(h, justify=j, width=w) for h, j, w in zip(header, justify, widths)),
        width=line_length,
        show_lines=True,
    )
    for layer in layers[_layer_slice(layers, layer_range)]:
        for row in _rows_of(layer, 0, expand_nested, graph, show_trainable):
            table.add_row(*row)

    trainable = model.trainable_weights
    non_trainable = model.non_trainable_weights
    totals = [
        ("Trainable params", count_params(trainable), weight_memory_size(trainable)),
        ("Non-trainable params", count_params(non_trainable), weight_memory_size(non_trainable)),
    ]
    optimizer = getattr(model, "optimizer", None)
    if getattr(model, "compiled", False) and optimizer is not None and getattr(
            optimizer, "built", False):
        slots = optimizer.variables
        totals.append(("Optimizer params", count_params(slots), weight_memory_size(slots)))
    totals.insert(0, ("Total params", sum(t[1] for t in totals), sum(t[2] for t in totals)))

    if print_fn is None:
        console = rich.console.Console(highlight=False)
    else:
        console = rich.console.Console(highlight=False, force_terminal=False, color_system=None)
        console.begin_capture()
    console.print(_bold(f'Model: "{rich.markup.escape(model.name)}"'))
    console.print(table)
    for label, count, size in totals:
        console.print(_bold(f" {label}: ") + _num(f"{count:,}") +
                      f" ({readable_memory_size(size)})")
    if print_fn is not None:
        print_fn(console.end_capture())
