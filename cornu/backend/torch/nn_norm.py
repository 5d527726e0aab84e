"""nn_norm ops of the torch backend (re-exported by nn.py)."""

from __future__ import annotations
