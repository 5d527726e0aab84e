"""The PyTorch engine: the only place (with its siblings) that imports torch."""

from cornu.backend.torch import core, core_ops, linalg, math, nn, numpy, random  # noqa: F401
from cornu.backend.torch.core import *  # noqa: F401,F403
