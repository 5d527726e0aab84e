"""Keras 1's ``keras.utils.visualize_util``: ``plot`` and ``model_to_dot``."""

from cornu.utils.vis_utils import model_to_dot as model_to_dot
from cornu.utils.vis_utils import plot as plot
from cornu.utils.vis_utils import plot_model as plot_model
