"""BatchNormalization(synchronized=True) in a two-process torch.distributed (gloo) group:
each process sees half the batch, and both get the full batch's statistics."""

import os
import socket

import numpy as np
import pytest

torch = pytest.importorskip("torch")
dist = pytest.importorskip("torch.distributed")

DATA = (np.random.default_rng(0).standard_normal((8, 3, 4)) * 2 + 1).astype("float32")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _worker(rank, port, out_dir):
    os.environ.update(MASTER_ADDR="127.0.0.1", MASTER_PORT=str(port))
    dist.init_process_group("gloo", rank=rank, world_size=2)
    try:
        from cornu import layers, ops

        bn = layers.BatchNormalization(synchronized=True, momentum=0.5)
        part = DATA[rank * 4:(rank + 1) * 4]
        y = ops.convert_to_numpy(bn(part, training=True))
        np.savez(os.path.join(out_dir, f"rank{rank}.npz"), y=y,
                 mean=bn.moving_mean.numpy(), var=bn.moving_variance.numpy())
        dist.barrier()  # no rank tears gloo down while the other still communicates
    finally:
        dist.destroy_process_group()


@pytest.mark.skipif(not dist.is_available(), reason="torch.distributed is unavailable")
def test_two_processes_share_batch_statistics(tmp_path):
    import torch.multiprocessing as mp

    mp.spawn(_worker, args=(_free_port(), str(tmp_path)), nprocs=2, join=True)
    from cornu import layers, ops

    full = layers.BatchNormalization(momentum=0.5)
    want = ops.convert_to_numpy(full(DATA, training=True))
    for rank in range(2):
        got = np.load(tmp_path / f"rank{rank}.npz")
        np.testing.assert_allclose(got["y"], want[rank * 4:(rank + 1) * 4], rtol=1e-4,
                                   atol=1e-5)
        np.testing.assert_allclose(got["mean"], full.moving_mean.numpy(), rtol=1e-5,
                                   atol=1e-6)
        np.testing.assert_allclose(got["var"], full.moving_variance.numpy(), rtol=1e-4)
