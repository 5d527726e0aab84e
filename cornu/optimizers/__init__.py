"""cornu.optimizers: the Keras 3 optimizers, their learning-rate schedules, and lookup.

Example:
    >>> from cornu import optimizers
    >>> opt = optimizers.get("adam")
    >>> type(opt).__name__, opt.get_config()["learning_rate"]
    ('Adam', 0.001)
"""

from cornu.optimizers import legacy as legacy
from cornu.optimizers import lookup as _lookup
from cornu.optimizers import schedules as schedules
from cornu.optimizers.adadelta import Adadelta as Adadelta
from cornu.optimizers.adafactor import Adafactor as Adafactor
from cornu.optimizers.adagrad import Adagrad as Adagrad
from cornu.optimizers.adam import Adam as Adam
from cornu.optimizers.adamax import Adamax as Adamax
from cornu.optimizers.adamw import AdamW as AdamW
from cornu.optimizers.ftrl import Ftrl as Ftrl
from cornu.optimizers.lamb import Lamb as Lamb
from cornu.optimizers.lion import Lion as Lion
from cornu.optimizers.lookup import deserialize as deserialize
from cornu.optimizers.lookup import get as get
from cornu.optimizers.lookup import serialize as serialize
from cornu.optimizers.loss_scale_optimizer import LossScaleOptimizer as LossScaleOptimizer
from cornu.optimizers.multi_optimizer import MultiOptimizer as MultiOptimizer
from cornu.optimizers.multi_optimizer import OptimizerMap as OptimizerMap
from cornu.optimizers.muon import Muon as Muon
from cornu.optimizers.nadam import Nadam as Nadam
from cornu.optimizers.optimizer import Optimizer as Optimizer
from cornu.optimizers.rmsprop import RMSprop as RMSprop
from cornu.optimizers.schedule_free_adamw import ScheduleFreeAdamW as ScheduleFreeAdamW
from cornu.optimizers.sgd import SGD as SGD

# Keras's `optimizers.get`/`deserialize` know these by name too.
_lookup.ALL_OBJECTS_DICT.update(
    {cls.__name__.lower(): cls for cls in (Muon, MultiOptimizer, OptimizerMap, ScheduleFreeAdamW)}
)
