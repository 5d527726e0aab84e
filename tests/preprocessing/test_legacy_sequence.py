"""preprocessing.sequence against Keras (pad_sequences, TimeseriesGenerator, skipgrams...)."""

import itertools
import json
import random

import numpy as np
import pytest

from cornu.preprocessing import sequence
from cornu.utils import pad_sequences


def _ragged(seed=0, n=7, item_shape=()):
    rng = np.random.default_rng(seed)
    return [rng.integers(1, 50, size=(int(rng.integers(0, 9)),) + item_shape).tolist()
            for _ in range(n)]


def test_pad_sequences_documented_examples():
    seqs = [[1], [2, 3], [4, 5, 6]]
    np.testing.assert_array_equal(pad_sequences(seqs), [[0, 0, 1], [0, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(pad_sequences(seqs, value=-1),
                                  [[-1, -1, 1], [-1, 2, 3], [4, 5, 6]])
    np.testing.assert_array_equal(pad_sequences(seqs, padding="post"),
                                  [[1, 0, 0], [2, 3, 0], [4, 5, 6]])
    np.testing.assert_array_equal(pad_sequences(seqs, maxlen=2), [[0, 1], [2, 3], [5, 6]])
    assert pad_sequences(seqs).dtype == np.int32


@pytest.mark.parametrize("padding,truncating,maxlen", itertools.product(
    ["pre", "post"], ["pre", "post"], [None, 1, 4, 12]))
def test_pad_sequences_matches_keras(keras, padding, truncating, maxlen):
    seqs = _ragged()
    for dtype, value in (("int32", 0), ("float32", -1.5), ("int64", 7)):
        got = pad_sequences(seqs, maxlen=maxlen, dtype=dtype, padding=padding,
                            truncating=truncating, value=value)
        want = keras.utils.pad_sequences(seqs, maxlen=maxlen, dtype=dtype, padding=padding,
                                         truncating=truncating, value=value)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_pad_sequences_item_shape_and_strings(keras):
    seqs = _ragged(1, item_shape=(2,))
    seqs = [s for s in seqs if s] + [[]]
    np.testing.assert_array_equal(pad_sequences(seqs, maxlen=5),
                                  keras.utils.pad_sequences(seqs, maxlen=5))
    words = [["a", "b"], ["c"]]
    got = pad_sequences(words, dtype=object, value="<pad>")
    assert got.tolist() == [["a", "b"], ["<pad>", "c"]]


def test_pad_sequences_errors():
    with pytest.raises(ValueError, match="`padding` must be 'pre' or 'post'"):
        pad_sequences([[1]], padding="middle")
    with pytest.raises(ValueError, match="item 1 is a int"):
        pad_sequences([[1], 5])
    with pytest.raises(ValueError, match="dtype=object"):
        pad_sequences([["a"]], value="x")
    with pytest.raises(ValueError, match="item 1 has elements of shape"):
        pad_sequences([[[1, 2]], [[1, 2, 3]]])


def test_make_sampling_table_matches_keras(keras):
    from keras.src.legacy.preprocessing import sequence as ks

    np.testing.assert_allclose(sequence.make_sampling_table(100),
                               ks.make_sampling_table(100), rtol=1e-12)
    np.testing.assert_allclose(sequence.make_sampling_table(30, 1e-3),
                               ks.make_sampling_table(30, 1e-3), rtol=1e-12)


@pytest.mark.filterwarnings("ignore:non-integer arguments to randrange")  # Keras's own call
@pytest.mark.parametrize("kwargs", [
    {},
    {"negative_samples": 0.0, "shuffle": False},
    {"categorical": True, "window_size": 2, "seed": 3},
    {"negative_samples": 2.0, "seed": 11},
    {"sampling_table": "table", "seed": 5},
])
def test_skipgrams_matches_keras_for_the_same_seed(keras, kwargs):
    from keras.src.legacy.preprocessing import sequence as ks

    seq = [0, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 0, 8]
    kwargs = dict(kwargs)
    if kwargs.get("sampling_table") == "table":
        kwargs["sampling_table"] = sequence.make_sampling_table(10, 0.05)
    random.seed(123)
    got = sequence.skipgrams(seq, 10, **kwargs)
    random.seed(123)
    want = ks.skipgrams(seq, 10, **kwargs)
    assert got == want


def test_timeseries_generator_matches_keras(keras):
    from keras.src.legacy.preprocessing import sequence as ks

    data = np.arange(50, dtype="float32").reshape(25, 2)
    targets = np.arange(25) * 10
    for kwargs in ({"length": 5, "batch_size": 4},
                   {"length": 6, "sampling_rate": 2, "stride": 3, "batch_size": 3,
                    "start_index": 2, "end_index": 20, "reverse": True}):
        got = sequence.TimeseriesGenerator(data, targets, **kwargs)
        want = ks.TimeseriesGenerator(data, targets, **kwargs)
        assert len(got) == len(want)
        for i in range(len(got)):
            for a, b in zip(got[i], want[i]):
                np.testing.assert_array_equal(a, b)
    gen = sequence.TimeseriesGenerator(data, targets, length=5, shuffle=True, batch_size=4)
    np.random.seed(0)
    x, y = gen[0]
    np.random.seed(0)
    wx, wy = ks.TimeseriesGenerator(data, targets, length=5, shuffle=True, batch_size=4)[0]
    np.testing.assert_array_equal(x, wx)
    np.testing.assert_array_equal(y, wy)


def test_timeseries_generator_config_and_errors():
    gen = sequence.TimeseriesGenerator(np.arange(10), np.arange(10), length=2, batch_size=3)
    config = json.loads(gen.to_json())
    assert config["class_name"] == "TimeseriesGenerator"
    assert json.loads(config["config"]["data"]) == list(range(10))
    with pytest.raises(ValueError, match="same length"):
        sequence.TimeseriesGenerator(np.arange(10), np.arange(9), length=2)
    with pytest.raises(ValueError, match="no window fits"):
        sequence.TimeseriesGenerator(np.arange(3), np.arange(3), length=5)


def test_timeseries_generator_trains_a_model():
    import cornu

    series = np.sin(np.arange(200) / 5).astype("float32")
    gen = sequence.TimeseriesGenerator(series.reshape(-1, 1), series, length=8, batch_size=16)
    model = cornu.Sequential([cornu.Input((8, 1)), cornu.layers.Flatten(),
                              cornu.layers.Dense(1)])
    model.compile("adam", "mse")
    history = model.fit(gen, epochs=3, verbose=0)
    assert len(history.history["loss"]) == 3
    assert model.predict(gen, verbose=0).shape == (192, 1)
