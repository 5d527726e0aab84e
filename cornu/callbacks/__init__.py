"""Callbacks: objects that hook into ``fit``, ``evaluate`` and ``predict``."""

from cornu.callbacks.callback import Callback as Callback
from cornu.callbacks.callback_list import CallbackList as CallbackList
from cornu.callbacks.history import History as History
from cornu.callbacks.lambda_callback import LambdaCallback as LambdaCallback
from cornu.callbacks.progbar_logger import ProgbarLogger as ProgbarLogger
