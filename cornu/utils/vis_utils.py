"""Keras 2's ``keras.utils.vis_utils``: ``plot_model`` and ``model_to_dot``.

Same functions as ``cornu.utils``, with Keras 2's default of showing layer names.
"""

from __future__ import annotations

from typing import Any

from cornu.utils.model_visualization import model_to_dot as model_to_dot
from cornu.utils.model_visualization import plot_model as _plot_model


def plot_model(model: Any, to_file: str = "model.png", show_shapes: bool = False,
               show_dtype: bool = False, show_layer_names: bool = True, rankdir: str = "TB",
               expand_nested: bool = False, dpi: int = 96, **kwargs: Any) -> Any:
    """Keras 2's ``plot_model`` (layer names shown by default); see ``cornu.utils.plot_model``.

    Example:

    >>> import os, tempfile
    >>> import cornu
    >>> model = cornu.Sequential([cornu.Input((3,)), cornu.layers.Dense(2, name="out")])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.dot")
    >>> _ = plot_model(model, to_file=path)
    >>> "out" in open(path).read()
    True
    """
    return _plot_model(model, to_file=to_file, show_shapes=show_shapes, show_dtype=show_dtype,
                       show_layer_names=show_layer_names, rankdir=rankdir,
                       expand_nested=expand_nested, dpi=dpi, **kwargs)


def plot(model: Any, to_file: str = "model.png", show_shapes: bool = False,
         show_layer_names: bool = True, **kwargs: Any) -> Any:
    """Keras 1's ``keras.utils.visualize_util.plot``: the same as ``plot_model``."""
    return plot_model(model, to_file=to_file, show_shapes=show_shapes,
                      show_layer_names=show_layer_names, **kwargs)
