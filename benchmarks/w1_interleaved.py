"""W1 (seed linear regression, batch 2) for cornu and hand-written torch, interleaved in one
process, 1 torch thread: less sensitive to a loaded machine than separate processes.

Run: OMP_WAIT_POLICY=PASSIVE python benchmarks/w1_interleaved.py [repeats]
"""

import os
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
torch.set_num_threads(1)

import cornu  # noqa: E402 - after the path and thread settings above
from cornu import layers  # noqa: E402

STEPS_PER_EPOCH = 50  # 100 samples, batch 2


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.random((100, 2))
    y = 2 * x[:, 0] + 3 * x[:, 1] + 4 + 0.2 * rng.standard_normal(100)
    model = cornu.Sequential([layers.Dense(1, input_shape=(2,))])
    model.compile(loss="mse", optimizer=cornu.optimizers.SGD(learning_rate=0.1))
    xt = torch.tensor(x, dtype=torch.float32)
    yt = torch.tensor(y, dtype=torch.float32).reshape(-1, 1)
    linear = torch.nn.Linear(2, 1)
    opt = torch.optim.SGD(linear.parameters(), lr=0.1)

    def torch_fit(epochs: int) -> None:
        for _ in range(epochs):
            perm = torch.randperm(100)
            xs, ys = xt[perm], yt[perm]
            for i in range(0, 100, 2):
                opt.zero_grad(set_to_none=True)
                loss = torch.nn.functional.mse_loss(linear(xs[i:i + 2]), ys[i:i + 2])
                loss.backward()
                opt.step()

    def cornu_fit(epochs: int) -> None:
        model.fit(x, y, epochs=epochs, batch_size=2, verbose=0)

    results: dict = {"torch": [], "cornu": []}
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    for _ in range(repeats):
        for name, fit in (("torch", torch_fit), ("cornu", cornu_fit)):
            start = time.perf_counter()
            fit(10)
            results[name].append((time.perf_counter() - start) / (10 * STEPS_PER_EPOCH) * 1e6)
    for name, times in results.items():
        print(f"{name} min {min(times):.1f} median {sorted(times)[len(times) // 2]:.1f} us/step")


if __name__ == "__main__":
    main()
