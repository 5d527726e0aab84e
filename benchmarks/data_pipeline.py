"""fit from a PyDataset / generator vs fit from in-memory arrays on workload W4.

W4 (BENCHMARKS.md): X = randn(60000, 784), labels 0..9, the 784-128-256-512-10 MLP, Adam,
batch 128. Each case runs in a fresh process: one warm-up epoch of each source, then
`--rounds` pairs of one-epoch fits, in-memory arrays then the streamed source, so that both
see the same neighbours on a shared machine; the table shows each side's fastest epoch and
the median ratio of the pairs. Each batch of the streamed cases costs 1 ms of Python work
on top of gathering its 128 shuffled rows:

- `sleep`: 1 ms that releases the GIL (reading a file, decoding in a C library);
- `cpu`: 1 ms of pure-Python computation that holds the GIL.

Example:
    python benchmarks/data_pipeline.py                       # every case
    python benchmarks/data_pipeline.py --rounds 2 --only threads-sleep,processes-cpu
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import _harness as h

# name -> (source, work, PyDataset settings)
CASES = {
    "threads-sleep": ("pydataset", "sleep", {"workers": 4}),
    "generator-sleep": ("generator", "sleep", {}),
    "processes-cpu": ("pydataset", "cpu", {"workers": 2, "use_multiprocessing": True}),
    "threads-cpu": ("pydataset", "cpu", {"workers": 2}),
    "one-worker-no-work": ("pydataset", None, {}),
}
WORK_S = 0.001


def _work(kind: str | None) -> None:
    if kind == "sleep":
        time.sleep(WORK_S)
    elif kind == "cpu":
        end = time.perf_counter() + WORK_S
        while time.perf_counter() < end:
            pass


def _child(case: str, rounds: int) -> None:
    """Times one-epoch fits of in-memory arrays and of `case`, alternately, in this process.

    Pairing the two in time makes their ratio robust to a shared machine's neighbours.
    """
    import numpy as np
    import workloads

    import cornu as keras

    source, work, settings = CASES[case]
    spec = workloads.spec("W4")
    x, y = workloads.w4_data()
    batch = spec.batch_size
    steps = -(-len(x) // batch)

    class W4Batches(keras.utils.PyDataset):
        """Shuffled batches of W4, each with 1 ms of extra Python work."""

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.order = np.random.permutation(len(x))

        def __len__(self):
            return steps

        def __getitem__(self, index):
            rows = self.order[index * batch:(index + 1) * batch]
            _work(work)
            return x[rows], y[rows]

        def on_epoch_end(self):
            self.order = np.random.permutation(len(x))

    def generator():
        while True:
            order = np.random.permutation(len(x))
            for start in range(0, len(x), batch):
                rows = order[start:start + batch]
                _work(work)
                yield x[rows], y[rows]

    model = keras.Sequential([
        keras.Input(shape=(workloads.W4_FEATURES,)),
        keras.layers.Dense(128, activation="relu"),
        keras.layers.Dense(256, activation="relu"),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(workloads.NUM_CLASSES, activation="softmax"),
    ])
    model.compile(loss="sparse_categorical_crossentropy",
                  optimizer=keras.optimizers.Adam(learning_rate=spec.learning_rate))

    def epoch_seconds(which: str) -> float:
        start = time.perf_counter()
        if which == "arrays":
            model.fit(x, y, batch_size=batch, epochs=1, verbose=0)
        elif which == "pydataset":
            model.fit(W4Batches(**settings), epochs=1, verbose=0)
        else:
            model.fit(generator(), steps_per_epoch=steps, epochs=1, verbose=0)
        return time.perf_counter() - start

    epoch_seconds("arrays")  # warm-up: allocations, first-call costs
    epoch_seconds(source)
    memory, streamed = [], []
    for _ in range(rounds):
        memory.append(epoch_seconds("arrays"))
        streamed.append(epoch_seconds(source))
    ratios = [m / s for m, s in zip(memory, streamed)]
    print(h.RESULT_MARK + json.dumps({
        "memory": len(x) / min(memory), "streamed": len(x) / min(streamed),
        "ratio": statistics.median(ratios)}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4, help="paired epochs per case")
    parser.add_argument("--only", default=",".join(c for c in CASES if c != "memory"),
                        help="comma-separated cases")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child, max(1, args.rounds))
        return
    cases = [c.strip() for c in args.only.split(",") if c.strip() and c.strip() != "memory"]
    env = h.child_env(args.threads)
    print(f"W4 fit (60,000 x 784 MLP, batch 128, Adam): in-memory arrays vs a streamed source "
          f"whose every batch costs {WORK_S * 1e3:g} ms of extra Python work. Each case runs "
          f"in a fresh process: a warm-up epoch of each, then {args.rounds} pairs of one-epoch "
          f"fits (arrays, then the source). samples/s: the fastest epoch; ratio: the median "
          f"of the pairs' ratios. threads={args.threads}, {os.cpu_count()} CPUs.\n")
    print("| case | source | per-batch work | settings | in-memory samples/s | "
          "streamed samples/s | streamed / in-memory |")
    print("|---|---|---|---|---|---|---|")
    for case in cases:
        source, work, settings = CASES[case]
        result = h.run_child([os.path.abspath(__file__), "--child", case, "--rounds",
                              str(args.rounds)], env, 1800)
        described = ", ".join(f"{k}={v}" for k, v in settings.items()) or "-"
        if "error" in result:
            print(f"| {case} | {source} | {work or '-'} | {described} | error: "
                  f"{result['error']} | | |", flush=True)
            continue
        print(f"| {case} | {source} | {work or '-'} | {described} | "
              f"{result['memory']:,.0f} | {result['streamed']:,.0f} | "
              f"{result['ratio']:.0%} |", flush=True)


if __name__ == "__main__":
    main()
