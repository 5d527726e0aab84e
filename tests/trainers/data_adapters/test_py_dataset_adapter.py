"""PyDataset / Sequence in fit/evaluate/predict: workers, shuffling, epoch hooks, errors."""

import threading
import warnings

import numpy as np
import pytest
from _adapter_helpers import linear_data, make_model, same_weights

import cornu


class Batches(cornu.utils.PyDataset):
    """Slices of in-memory arrays; records which batches were asked for."""

    def __init__(self, x, y, batch_size=16, fail_at=None, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size, self.fail_at = x, y, batch_size, fail_at
        self.seen, self.epochs_begun, self.epochs_ended = [], 0, 0
        self._lock = threading.Lock()

    def __len__(self):
        return -(-len(self.x) // self.batch_size)

    def __getitem__(self, index):
        if index == self.fail_at:
            raise RuntimeError(f"cannot read batch {index}")
        with self._lock:
            self.seen.append(index)
        part = slice(index * self.batch_size, (index + 1) * self.batch_size)
        return self.x[part], self.y[part]

    def on_epoch_begin(self):
        self.epochs_begun += 1

    def on_epoch_end(self):
        self.epochs_ended += 1


@pytest.mark.parametrize("settings", [
    {}, {"workers": 3}, {"workers": 2, "use_multiprocessing": True, "max_queue_size": 2},
])
def test_matches_arrays_with_any_workers(settings):
    x, y = linear_data()
    a, b = make_model(), make_model()
    ha = a.fit(x, y, batch_size=16, epochs=2, shuffle=False, verbose=0)
    data = Batches(x, y, **settings)
    hb = b.fit(data, epochs=2, shuffle=False, verbose=0)
    same_weights(a, b)
    np.testing.assert_allclose(ha.history["loss"], hb.history["loss"], rtol=1e-5)
    np.testing.assert_allclose(b.evaluate(data, verbose=0), a.evaluate(x, y, verbose=0),
                               rtol=1e-5)
    np.testing.assert_allclose(b.predict(data, verbose=0), a.predict(x, verbose=0), rtol=1e-6)


def test_epoch_hooks_and_shuffled_batch_order():
    x, y = linear_data()
    data = Batches(x, y, batch_size=4, workers=2)
    cornu.utils.set_random_seed(0)
    make_model().fit(data, epochs=3, verbose=0)
    assert data.epochs_begun == data.epochs_ended == 3
    per_epoch = [data.seen[i * 16:(i + 1) * 16] for i in range(3)]
    assert all(sorted(order) == list(range(16)) for order in per_epoch)
    assert per_epoch[0] != list(range(16))  # fit(shuffle=True) shuffles the batch order
    data.seen.clear()
    make_model().fit(data, epochs=1, shuffle=False, verbose=0)
    assert data.seen == list(range(16))


def test_steps_per_epoch_walks_on_across_epochs():
    x, y = linear_data()
    data = Batches(x, y, batch_size=16)  # 4 batches a pass
    make_model().fit(data, steps_per_epoch=3, epochs=3, shuffle=False, verbose=0)
    assert data.seen == [0, 1, 2, 3, 0, 1, 2, 3, 0]
    assert data.epochs_ended == 2


def test_endless_py_dataset_needs_steps():
    x, y = linear_data()

    class Endless(cornu.utils.PyDataset):
        num_batches = None

        def __getitem__(self, index):
            part = slice((index % 4) * 16, (index % 4 + 1) * 16)
            return x[part], y[part]

    history = make_model().fit(Endless(workers=2), steps_per_epoch=5, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2


@pytest.mark.parametrize("settings", [{}, {"workers": 2},
                                      {"workers": 2, "use_multiprocessing": True}])
def test_errors_in_getitem_propagate(settings):
    x, y = linear_data()
    with pytest.raises(RuntimeError, match="cannot read batch 2"):
        make_model().fit(Batches(x, y, fail_at=2, **settings), shuffle=False, verbose=0)


def test_keras2_sequence_without_super_init_and_fit_worker_args():
    x, y = linear_data()

    class OldStyle(cornu.utils.Sequence):
        def __init__(self):  # Keras 2 code often skips super().__init__()
            self.calls = 0

        def __len__(self):
            return 4

        def __getitem__(self, index):
            self.calls += 1
            return x[index * 16:(index + 1) * 16], y[index * 16:(index + 1) * 16]

    data = OldStyle()
    assert (data.workers, data.use_multiprocessing, data.max_queue_size) == (1, False, 10)
    a, b = make_model(), make_model()
    a.fit(x, y, batch_size=16, shuffle=False, verbose=0)
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("always")
        b.fit(data, shuffle=False, verbose=0, workers=2, use_multiprocessing=False,
              max_queue_size=4)
    same_weights(a, b)
    assert data.calls == 4


def test_predict_on_x_only_batches_and_pass_through_keras(keras):
    x, y = linear_data()

    class XOnly(cornu.utils.PyDataset):
        def __len__(self):
            return 2

        def __getitem__(self, index):
            return x[index * 32:(index + 1) * 32]

    model = make_model()
    np.testing.assert_allclose(model.predict(XOnly(), verbose=0), model.predict(x, verbose=0))

    class KerasData(keras.utils.PyDataset):  # a real Keras PyDataset is accepted too
        def __len__(self):
            return 4

        def __getitem__(self, index):
            return x[index * 16:(index + 1) * 16], y[index * 16:(index + 1) * 16]

    np.testing.assert_allclose(model.evaluate(KerasData(), verbose=0),
                               model.evaluate(x, y, verbose=0), rtol=1e-5)


def test_a_wrong_batch_names_the_py_dataset():
    class Bad(cornu.utils.PyDataset):
        def __len__(self):
            return 1

        def __getitem__(self, index):
            return {"not": "an array"}, np.zeros((2, 1))

    with pytest.raises(ValueError, match=r"fit\(\) data \(PyDataset\): batch 0 has an unusable"):
        make_model().fit(Bad(), verbose=0)
