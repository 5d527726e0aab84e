"""Engine functions behind ``cornu.ops`` (linalg family): filled in by this module's owner."""

from __future__ import annotations

import torch  # noqa: F401
