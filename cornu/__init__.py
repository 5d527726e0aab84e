"""cornu: the Keras API on real tensor engines (PyTorch first).

``import cornu as keras`` and Keras tutorials run as written.
"""

__version__ = "0.1.0"

from cornu import activations as activations
from cornu import applications as applications
from cornu import backend as backend
from cornu import callbacks as callbacks
from cornu import config as config
from cornu import constraints as constraints
from cornu import datasets as datasets
from cornu import dtype_policies as dtype_policies
from cornu import initializers as initializers
from cornu import layers as layers
from cornu import losses as losses
from cornu import metrics as metrics
from cornu import mixed_precision as mixed_precision
from cornu import models as models
from cornu import ops as ops
from cornu import optimizers as optimizers
from cornu import preprocessing as preprocessing
from cornu import random as random
from cornu import regularizers as regularizers
from cornu import saving as saving
from cornu import tree as tree
from cornu import utils as utils
from cornu import wrappers as wrappers
from cornu.backend import KerasTensor as KerasTensor
from cornu.backend import Variable as Variable
from cornu.dtype_policies import DTypePolicy as DTypePolicy
from cornu.dtype_policies import FloatDTypePolicy as FloatDTypePolicy
from cornu.initializers import Initializer as Initializer
from cornu.layers import Input as Input
from cornu.layers import InputSpec as InputSpec
from cornu.layers import Layer as Layer
from cornu.losses import Loss as Loss
from cornu.metrics import Metric as Metric
from cornu.models import Model as Model
from cornu.models import Sequential as Sequential
from cornu.models.functional import Functional as _Functional
from cornu.optimizers import Optimizer as Optimizer
from cornu.regularizers import Regularizer as Regularizer

# Keras's ``Operation`` is the base class of ``Layer``: a cornu Layer already is one (it can
# be called on tensors or on symbolic ``KerasTensor``s), and subclasses define ``call``.
Operation = Layer
# Keras's ``Function`` (a graph of ops from inputs to outputs) is what a functional model is.
Function = _Functional
from cornu.scopes import Quantizer as Quantizer  # noqa: E402
from cornu.scopes import RematScope as RematScope  # noqa: E402
from cornu.scopes import StatelessScope as StatelessScope  # noqa: E402
from cornu.scopes import SymbolicScope as SymbolicScope  # noqa: E402
from cornu.scopes import device as device  # noqa: E402
from cornu.scopes import in_stateless_scope as in_stateless_scope  # noqa: E402
from cornu.scopes import in_symbolic_scope as in_symbolic_scope  # noqa: E402
from cornu.scopes import name_scope as name_scope  # noqa: E402
from cornu.scopes import remat as remat  # noqa: E402
from cornu.scopes import version as version  # noqa: E402
