"""Hashing, HashedCrossing, StringLookup, IntegerLookup, TextVectorization without TF.

Keras 3 needs TensorFlow for these; the references are NumPy/Python math, Keras's own
documented examples (computed by Keras with TensorFlow), and FarmHash's reference bindings.
"""

import math
import os

import numpy as np
import pytest

from cornu import layers, ops
from cornu.layers.preprocessing._hash import fingerprint64


def _np(x):
    return np.asarray(ops.convert_to_numpy(x))


def test_fingerprint64_matches_farmhash():
    farmhash = pytest.importorskip("farmhash")
    rng = np.random.RandomState(0)
    for n in list(range(0, 130)) + [255, 256, 1000, 4097]:
        data = rng.bytes(n)
        assert fingerprint64(data) == farmhash.fingerprint64(data), n


def test_hashing_matches_keras_documented_examples():
    data = [["A"], ["B"], ["C"], ["D"], ["E"]]
    assert _np(layers.Hashing(3)(data)).tolist() == [[1], [0], [1], [1], [2]]
    assert _np(layers.Hashing(3, salt=133)(data)).tolist() == [[0], [0], [2], [1], [0]]
    masked = layers.Hashing(3, mask_value="")([["A"], ["B"], [""], ["C"], ["D"]])
    assert _np(masked).tolist() == [[1], [1], [0], [2], [2]]


def test_hashing_ints_hash_their_text_and_encodes():
    a = _np(layers.Hashing(7)(np.array([[12], [345]])))
    b = _np(layers.Hashing(7)([["12"], ["345"]]))
    np.testing.assert_array_equal(a, b)
    one_hot = _np(layers.Hashing(4, output_mode="one_hot")([["A"], ["B"]]))
    assert one_hot.shape == (2, 4) and one_hot.sum() == 2
    multi = _np(layers.Hashing(4, output_mode="multi_hot")([["A", "B"]]))
    assert multi.shape == (1, 4)


def test_hashed_crossing_matches_keras_documented_example():
    layer = layers.HashedCrossing(num_bins=5)
    out = layer((np.array(["A", "B", "A", "B", "A"]), np.array([101, 101, 101, 102, 102])))
    assert _np(out).tolist() == [1, 4, 1, 1, 3]
    hot = layers.HashedCrossing(5, output_mode="one_hot")((np.array(["A"]), np.array([101])))
    assert _np(hot).tolist() == [[0.0, 1.0, 0.0, 0.0, 0.0]]
    with pytest.raises(ValueError, match="at least two"):
        layer([np.array([1])])


def test_string_lookup_vocabulary_oov_mask_invert(tmp_path):
    layer = layers.StringLookup(vocabulary=["a", "b", "c"])
    assert _np(layer([["a", "c", "d"], ["d", "z", "b"]])).tolist() == [[1, 3, 0], [0, 0, 2]]
    assert layer.get_vocabulary() == ["[UNK]", "a", "b", "c"]
    assert layer.vocabulary_size() == 4
    masked = layers.StringLookup(vocabulary=["a", "b"], mask_token="")
    assert _np(masked([["a", "", "q"]])).tolist() == [[2, 0, 1]]
    inverse = layers.StringLookup(vocabulary=["a", "b", "c"], invert=True)
    assert inverse([[1, 3], [0, 2]]).tolist() == [["a", "c"], ["[UNK]", "b"]]
    vocab_file = tmp_path / "vocab.txt"
    vocab_file.write_text("x\ny\n")
    assert _np(layers.StringLookup(vocabulary=str(vocab_file))(["y", "x"])).tolist() == [2, 1]
    two_oov = layers.StringLookup(vocabulary=["a"], num_oov_indices=2)
    out = _np(two_oov(["a", "zz", "zz", "yy"]))
    assert out[0] == 2 and out[1] == out[2] and set(out[1:]) <= {0, 1}


def test_string_lookup_adapt_orders_by_frequency_then_reverse_text():
    layer = layers.StringLookup(max_tokens=4)
    layer.adapt(np.array([["b", "a", "c"], ["a", "c", "d"], ["a", "e", "e"]]))
    # counts: a=3, c=2, e=2, b=1, d=1 -> by count, ties in reverse order; max_tokens - OOV.
    assert layer.get_vocabulary() == ["[UNK]", "a", "e", "c"]


@pytest.mark.parametrize("mode", ["one_hot", "multi_hot", "count"])
def test_string_lookup_encoded_outputs(mode):
    layer = layers.StringLookup(vocabulary=["a", "b"], output_mode=mode)
    data = [["a"], ["z"]] if mode == "one_hot" else [["a", "b", "b"], ["z", "a", "a"]]
    expected = {"one_hot": [[0, 1, 0], [1, 0, 0]],
                "multi_hot": [[0, 1, 1], [1, 1, 0]],
                "count": [[0, 1, 2], [1, 2, 0]]}[mode]
    assert _np(layer(data)).tolist() == expected


def test_string_lookup_tf_idf():
    layer = layers.StringLookup(output_mode="tf_idf")
    docs = [["a", "b"], ["a", "c"], ["a", "a"]]
    layer.adapt(docs)
    vocab = layer.get_vocabulary()
    idf = {t: math.log(1 + 3 / (1 + df)) for t, df in {"a": 3, "b": 1, "c": 1}.items()}
    out = _np(layer([["a", "a", "b"]]))[0]
    assert out[vocab.index("a")] == pytest.approx(2 * idf["a"], rel=1e-6)
    assert out[vocab.index("b")] == pytest.approx(idf["b"], rel=1e-6)
    with pytest.raises(ValueError, match="idf_weights"):
        layers.StringLookup(vocabulary=["a"], output_mode="tf_idf")


def test_integer_lookup():
    layer = layers.IntegerLookup(vocabulary=[12, 36, 1138, 42])
    assert _np(layer(np.array([[12, 1138, 42], [42, 1000, 36]]))).tolist() == [
        [1, 3, 4], [4, 0, 2]]
    adapted = layers.IntegerLookup()
    adapted.adapt(np.array([5, 5, 7, 9, 9, 9]))
    assert adapted.get_vocabulary() == [-1, 9, 5, 7]
    inverse = layers.IntegerLookup(vocabulary=[12, 36], invert=True)
    assert inverse(np.array([1, 2, 0])).tolist() == [12, 36, -1]


def test_text_vectorization_int_mode():
    layer = layers.TextVectorization(output_sequence_length=4)
    layer.adapt(["The cat sat.", "The dog sat on the mat!"])
    assert layer.get_vocabulary()[:4] == ["", "[UNK]", "the", "sat"]
    assert _np(layer(["the cat", "a dog sat"])).tolist() == [[2, 7, 0, 0], [1, 6, 3, 0]]
    ragged = layers.TextVectorization(vocabulary=["earth", "wind", "and", "fire"])
    out = _np(ragged(np.array([["earth wind and fire"], ["fire and earth michigan"]])))
    assert out.tolist() == [[2, 3, 4, 5], [5, 4, 2, 1]]


def test_text_vectorization_standardize_split_ngrams():
    layer = layers.TextVectorization(standardize="lower", split="character", ngrams=2,
                                     output_mode="count")
    layer.adapt(["AbA"])
    vocab = layer.get_vocabulary()
    out = _np(layer(["aba"]))[0]
    assert out[vocab.index("a")] == 2 and out[vocab.index("a b")] == 1
    custom = layers.TextVectorization(standardize=lambda x: np.char.upper(x.astype(str)),
                                      split=lambda arr: [s.split("-") for s in arr],
                                      vocabulary=["X", "Y"])
    assert _np(custom(["x-y-z"])).tolist() == [[2, 3, 1]]
    punct = layers.TextVectorization(vocabulary=["hello", "world"])
    assert _np(punct(["Hello, World!!"])).tolist() == [[2, 3]]


def test_text_vectorization_multi_hot_tf_idf_and_vocab_file(tmp_path):
    vocab = tmp_path / "v.txt"
    vocab.write_text("good\nbad\n")
    layer = layers.TextVectorization(output_mode="multi_hot", vocabulary=str(vocab))
    assert _np(layer(["good good movie", "bad"])).tolist() == [[1, 1, 0], [0, 0, 1]]
    tfidf = layers.TextVectorization(output_mode="tf_idf", vocabulary=["good", "bad"],
                                     idf_weights=[0.5, 2.0])
    assert _np(tfidf(["good good bad ugly"])).tolist() == [[pytest.approx(1.25), 1.0, 2.0]]
    padded = layers.TextVectorization(max_tokens=6, output_mode="count",
                                      pad_to_max_tokens=True, vocabulary=["a"])
    assert _np(padded(["a a"])).shape == (1, 6)


def test_text_vectorization_in_data_pipeline(tmp_path):
    import cornu

    for label, texts in (("neg", ["bad film", "awful"]), ("pos", ["great film", "good"])):
        os.makedirs(tmp_path / label)
        for i, t in enumerate(texts):
            (tmp_path / label / f"{i}.txt").write_text(t)
    ds = cornu.utils.text_dataset_from_directory(str(tmp_path), batch_size=2, seed=1,
                                                 verbose=False)
    vectorize = layers.TextVectorization(output_mode="multi_hot")
    vectorize.adapt(ds.map(lambda x, y: x))
    vectors = ds.map(lambda x, y: (vectorize(x), y))
    model = cornu.Sequential([cornu.Input((vectorize.vocabulary_size(),)), layers.Dense(1)])
    model.compile("adam", "mse")
    history = model.fit(vectors, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
