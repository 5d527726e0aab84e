"""The CPU workloads W1-W5 of BENCHMARKS.md: data and settings shared by every implementation.

Every implementation (hand-written torch, Keras 3, cornu) takes its data from here, so all of
them train on the same seeded arrays. Features are float32 and class labels int64, as a careful
user would pass them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SEED = 0
MLP_UNITS = (128, 256, 512)
NUM_CLASSES = 10
DIGITS_SHAPE = (8, 8)
W4_FEATURES = 784


@dataclass(frozen=True)
class Spec:
    """How long one workload trains or how many calls it times.

    Attributes:
        epochs: epochs of the timed (cold) fit.
        batch_size: mini-batch size.
        learning_rate: optimizer learning rate.
        steady_epochs: epochs of the second, steady-state fit on the same model (0: none).
        calls: timed calls (W5 only).
    """

    epochs: int = 0
    batch_size: int = 0
    learning_rate: float = 0.0
    steady_epochs: int = 0
    calls: int = 0


SPECS = {
    "W1": Spec(epochs=100, batch_size=2, learning_rate=0.1, steady_epochs=10),
    "W2": Spec(epochs=3000, batch_size=1, learning_rate=0.05, steady_epochs=100),
    "W3": Spec(epochs=20, batch_size=32, learning_rate=0.1, steady_epochs=5),
    "W4": Spec(epochs=2, batch_size=128, learning_rate=1e-3),
    "W5": Spec(calls=1000),
}

QUICK_SPECS = {
    "W1": Spec(epochs=10, batch_size=2, learning_rate=0.1, steady_epochs=5),
    "W2": Spec(epochs=50, batch_size=1, learning_rate=0.05, steady_epochs=20),
    "W3": Spec(epochs=2, batch_size=32, learning_rate=0.1, steady_epochs=1),
    "W4": Spec(epochs=2, batch_size=128, learning_rate=1e-3),
    "W5": Spec(calls=100),
}


def spec(workload: str, quick: bool = False) -> Spec:
    """Returns the settings of `workload` ("W1".."W5"); `quick` shortens them for smoke runs."""
    table = QUICK_SPECS if quick else SPECS
    if workload not in table:
        raise ValueError(f"Unknown workload {workload!r}; expected one of {sorted(table)}.")
    return table[workload]


def steps_per_epoch(num_samples: int, batch_size: int) -> int:
    """Mini-batches in one epoch, counting the last partial one (as `fit` does)."""
    return math.ceil(num_samples / batch_size)


def w1_data() -> tuple[np.ndarray, np.ndarray]:
    """Linear regression: X = rand(100, 2), y = 2 x0 + 3 x1 + 4 + 0.2 noise; y is (100,)."""
    rng = np.random.default_rng(SEED)
    x = rng.random((100, 2))
    y = 2 * x[:, 0] + 3 * x[:, 1] + 4 + 0.2 * rng.standard_normal(100)
    return x.astype("float32"), y.astype("float32")


def w2_data() -> tuple[np.ndarray, np.ndarray]:
    """Logistic regression on the hours-studied data: x is (20, 1) hours, y is (20,) 0/1."""
    hours = [0.50, 0.75, 1.00, 1.25, 1.50, 1.75, 1.75, 2.00, 2.25, 2.50,
             2.75, 3.00, 3.25, 3.50, 4.00, 4.25, 4.50, 4.75, 5.00, 5.50]  # fmt: skip
    passed = [0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1, 1, 1, 1, 1]
    x = np.asarray(hours, dtype="float32").reshape(-1, 1)
    return x, np.asarray(passed, dtype="float32")


def w3_data() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """scikit-learn digits scaled to [0, 1], 80/20 split (random_state=0).

    Returns:
        `(x_train, y_train, x_test, y_test)`: images `(n, 8, 8)` float32, labels `(n,)` int64.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    digits = load_digits()
    x = (digits.images / 16.0).astype("float32")
    y = digits.target.astype("int64")
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, random_state=0)
    return x_train, y_train, x_test, y_test


def w4_data() -> tuple[np.ndarray, np.ndarray]:
    """MLP throughput: X = randn(60000, 784) float32, labels 0..9 int64."""
    rng = np.random.default_rng(SEED)
    x = rng.standard_normal((60000, W4_FEATURES), dtype=np.float32)
    y = rng.integers(0, NUM_CLASSES, size=60000, dtype=np.int64)
    return x, y


def w5_input() -> np.ndarray:
    """One digits-shaped sample `(1, 8, 8)` float32 for the predict latency workload."""
    rng = np.random.default_rng(SEED)
    return rng.random((1, *DIGITS_SHAPE), dtype=np.float32)


def one_hot(labels: np.ndarray, num_classes: int = NUM_CLASSES) -> np.ndarray:
    """`(n,)` integer labels -> `(n, num_classes)` float32 one-hot rows."""
    return np.eye(num_classes, dtype="float32")[labels]
