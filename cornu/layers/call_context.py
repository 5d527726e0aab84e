"""Per-thread state of the layer call stack: the training flag of the outermost call,
inherited by the layers it calls, and the open autocast scope (see ``autocast.py``)."""

import threading


class _State(threading.local):
    in_call = False  # inside a layer's call (set by the outermost one)
    training = None
    autocast = None  # the compute dtype variables are read in, or None
    autocast_restore = None  # (attrs, name, variable) to put back when the scope closes
    autocast_version = -1  # the layer-structure version the scope's casts are up to date with


state = _State()
