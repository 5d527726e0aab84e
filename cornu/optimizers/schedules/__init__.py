"""cornu.optimizers.schedules: learning rates that change with the optimizer's step count.

Example:
    >>> from cornu.optimizers import schedules
    >>> s = schedules.ExponentialDecay(0.1, decay_steps=100, decay_rate=0.5, staircase=True)
    >>> round(float(s(250)), 6)
    0.025
"""

from cornu.optimizers.schedules.cosine_decay import CosineDecay as CosineDecay
from cornu.optimizers.schedules.cosine_decay import (
    CosineDecayRestarts as CosineDecayRestarts,
)
from cornu.optimizers.schedules.learning_rate_schedule import (
    ExponentialDecay as ExponentialDecay,
)
from cornu.optimizers.schedules.learning_rate_schedule import (
    InverseTimeDecay as InverseTimeDecay,
)
from cornu.optimizers.schedules.learning_rate_schedule import (
    LearningRateSchedule as LearningRateSchedule,
)
from cornu.optimizers.schedules.learning_rate_schedule import (
    PiecewiseConstantDecay as PiecewiseConstantDecay,
)
from cornu.optimizers.schedules.learning_rate_schedule import (
    PolynomialDecay as PolynomialDecay,
)
from cornu.optimizers.schedules.learning_rate_schedule import deserialize as deserialize
from cornu.optimizers.schedules.learning_rate_schedule import serialize as serialize
