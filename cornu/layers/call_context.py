"""The training flag of the outermost layer call, inherited by the layers it calls."""

import threading


class _State(threading.local):
    training = None


state = _State()
