"""Callbacks: objects that hook into ``fit``, ``evaluate`` and ``predict``."""

from cornu.callbacks.backup_and_restore import BackupAndRestore as BackupAndRestore
from cornu.callbacks.callback import Callback as Callback
from cornu.callbacks.callback_list import CallbackList as CallbackList
from cornu.callbacks.csv_logger import CSVLogger as CSVLogger
from cornu.callbacks.early_stopping import EarlyStopping as EarlyStopping
from cornu.callbacks.history import History as History
from cornu.callbacks.lambda_callback import LambdaCallback as LambdaCallback
from cornu.callbacks.learning_rate_scheduler import (
    LearningRateScheduler as LearningRateScheduler,
)
from cornu.callbacks.lr_finder import LRFinder as LRFinder
from cornu.callbacks.lr_finder import LRFinderResult as LRFinderResult
from cornu.callbacks.lr_finder import find_learning_rate as find_learning_rate
from cornu.callbacks.model_checkpoint import ModelCheckpoint as ModelCheckpoint
from cornu.callbacks.monitor_callback import MonitorCallback as MonitorCallback
from cornu.callbacks.one_cycle import OneCycle as OneCycle
from cornu.callbacks.one_cycle import OneCycleScheduler as OneCycleScheduler
from cornu.callbacks.progbar_logger import ProgbarLogger as ProgbarLogger
from cornu.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau as ReduceLROnPlateau
from cornu.callbacks.remote_monitor import RemoteMonitor as RemoteMonitor
from cornu.callbacks.swap_ema_weights import SwapEMAWeights as SwapEMAWeights
from cornu.callbacks.tensorboard import TensorBoard as TensorBoard
from cornu.callbacks.terminate_on_nan import TerminateOnNaN as TerminateOnNaN
