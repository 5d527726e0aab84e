"""The background producer and the ordered worker pool on their own."""

import threading

import pytest

from cornu.trainers.data_adapters.prefetch import Prefetcher
from cornu.trainers.data_adapters.worker_pool import OrderedLoader


def test_prefetcher_keeps_order_and_applies_the_transform():
    assert list(Prefetcher(iter(range(50)), lambda v: v * 2, depth=3)) == list(range(0, 100, 2))


def test_prefetcher_limit_reads_no_further():
    source = iter(range(10))
    assert list(Prefetcher(source, lambda v: v, depth=5, limit=4)) == [0, 1, 2, 3]
    assert next(source) == 4


def test_prefetcher_reraises_the_producer_error():
    def items():
        yield 1
        raise OSError("disk gone")

    prefetcher = Prefetcher(items(), lambda v: v)
    assert next(prefetcher) == 1
    with pytest.raises(OSError, match="disk gone"):
        next(prefetcher)
    with pytest.raises(StopIteration):
        next(prefetcher)


def test_prefetcher_close_stops_the_thread():
    produced = []

    def endless():
        i = 0
        while True:
            produced.append(i)
            yield i
            i += 1

    prefetcher = Prefetcher(endless(), lambda v: v, depth=2)
    assert next(prefetcher) == 0
    prefetcher.close()
    assert not prefetcher._thread.is_alive()  # close() waits: nothing runs after it
    assert len(produced) <= 4  # one consumed, at most depth waiting, one in hand
    with pytest.raises(StopIteration):
        next(prefetcher)


class Squares:
    def __getitem__(self, i):
        return i * i


class FirstFinishesLast:
    """Item 0 waits until item 2 is done, so results complete out of order."""

    def __init__(self):
        self.done_2 = threading.Event()

    def __getitem__(self, i):
        if i == 0:
            assert self.done_2.wait(timeout=10)
        if i == 2:
            self.done_2.set()
        return i * i


@pytest.mark.parametrize("processes", [False, True])
def test_ordered_loader_returns_items_in_order(processes):
    loader = OrderedLoader(Squares(), workers=3, use_multiprocessing=processes,
                           max_queue_size=4)
    assert list(loader.map(range(12))) == [i * i for i in range(12)]
    assert list(loader.map([5, 1])) == [25, 1]
    loader.close()
    loader = OrderedLoader(FirstFinishesLast(), workers=3, max_queue_size=3)
    assert list(loader.map(range(6))) == [i * i for i in range(6)]
    loader.close()


def test_ordered_loader_threads_run_in_parallel():
    barrier = threading.Barrier(4, timeout=10)  # breaks unless 4 loads run at once

    class Together:
        def __getitem__(self, i):
            barrier.wait()
            return i

    loader = OrderedLoader(Together(), workers=4, max_queue_size=8)
    assert list(loader.map(range(16))) == list(range(16))
    loader.close()
