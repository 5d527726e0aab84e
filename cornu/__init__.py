"""cornu: the Keras API on real tensor engines (PyTorch first).

``import cornu as keras`` and Keras tutorials run as written.
"""

__version__ = "0.1.0"

from cornu import activations as activations
from cornu import applications as applications
from cornu import backend as backend
from cornu import callbacks as callbacks
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
from cornu import utils as utils
from cornu import wrappers as wrappers
from cornu.backend import Variable as Variable
from cornu.dtype_policies import DTypePolicy as DTypePolicy
from cornu.dtype_policies import FloatDTypePolicy as FloatDTypePolicy
from cornu.layers import Input as Input
from cornu.layers import InputSpec as InputSpec
from cornu.layers import Layer as Layer
from cornu.models import Model as Model
from cornu.models import Sequential as Sequential
