"""Engine functions behind ``cornu.ops`` (core_ops family): filled in by this module's owner."""

from __future__ import annotations

import torch  # noqa: F401
