"""preprocessing.text against Keras's legacy Tokenizer and helpers."""

import json

import numpy as np
import pytest

from cornu.preprocessing import text

TEXTS = [
    "The quick brown fox jumps over the lazy dog.",
    "The dog barks; the fox runs!",
    "A quick, quick test -- of the TOKENIZER?",
    "",
    "dog dog dog cat",
]
NEW_TEXTS = ["the unknown fox", "cat and dog", "zebra"]


@pytest.fixture
def ktext(keras):
    from keras.src.legacy.preprocessing import text as ktext

    return ktext


def _pair(ktext, **kwargs):
    ours, theirs = text.Tokenizer(**kwargs), ktext.Tokenizer(**kwargs)
    ours.fit_on_texts(TEXTS)
    theirs.fit_on_texts(TEXTS)
    return ours, theirs


@pytest.mark.parametrize("kwargs", [
    {},
    {"num_words": 5},
    {"oov_token": "<oov>"},
    {"num_words": 6, "oov_token": "<oov>"},
    {"char_level": True},
    {"lower": False, "filters": "", "split": " "},
])
def test_tokenizer_matches_keras(ktext, kwargs):
    ours, theirs = _pair(ktext, **kwargs)
    assert ours.word_index == theirs.word_index
    assert ours.index_word == theirs.index_word
    assert dict(ours.word_counts) == dict(theirs.word_counts)
    assert dict(ours.word_docs) == dict(theirs.word_docs)
    assert dict(ours.index_docs) == dict(theirs.index_docs)
    assert ours.document_count == theirs.document_count
    seqs = ours.texts_to_sequences(TEXTS + NEW_TEXTS)
    assert seqs == theirs.texts_to_sequences(TEXTS + NEW_TEXTS)
    assert ours.sequences_to_texts(seqs) == theirs.sequences_to_texts(seqs)
    for mode in ("binary", "count", "tfidf", "freq"):
        np.testing.assert_allclose(ours.texts_to_matrix(TEXTS + NEW_TEXTS, mode=mode),
                                   theirs.texts_to_matrix(TEXTS + NEW_TEXTS, mode=mode),
                                   rtol=1e-12)


def test_fit_on_sequences_and_tfidf(ktext):
    seqs = [[1, 2, 2], [3], [2, 4, 4, 4]]
    ours, theirs = text.Tokenizer(num_words=6), ktext.Tokenizer(num_words=6)
    ours.fit_on_sequences(seqs)
    theirs.fit_on_sequences(seqs)
    assert dict(ours.index_docs) == dict(theirs.index_docs)
    np.testing.assert_allclose(ours.sequences_to_matrix(seqs, mode="tfidf"),
                               theirs.sequences_to_matrix(seqs, mode="tfidf"))


def test_token_lists_and_analyzer(ktext):
    docs = [["Hello", "World"], ["hello", "there"]]
    ours, theirs = text.Tokenizer(), ktext.Tokenizer()
    ours.fit_on_texts(docs)
    theirs.fit_on_texts(docs)
    assert ours.word_index == theirs.word_index
    tok = text.Tokenizer(analyzer=lambda s: s.split("-"))
    tok.fit_on_texts(["a-b-b"])
    assert tok.word_index == {"b": 1, "a": 2}


def test_json_round_trip_both_ways(ktext):
    ours, theirs = _pair(ktext, num_words=7, oov_token="<oov>")
    restored = text.tokenizer_from_json(ours.to_json())
    assert restored.word_index == ours.word_index
    assert restored.texts_to_sequences(NEW_TEXTS) == ours.texts_to_sequences(NEW_TEXTS)
    from_keras = text.tokenizer_from_json(theirs.to_json())
    assert from_keras.texts_to_sequences(NEW_TEXTS) == theirs.texts_to_sequences(NEW_TEXTS)
    to_keras = ktext.tokenizer_from_json(ours.to_json())
    np.testing.assert_allclose(to_keras.texts_to_matrix(NEW_TEXTS, mode="tfidf"),
                               ours.texts_to_matrix(NEW_TEXTS, mode="tfidf"))
    assert json.loads(ours.to_json())["class_name"] == "Tokenizer"
    assert restored.index_docs[1] == ours.index_docs[1]  # integer keys come back


def test_word_helpers_match_keras(ktext):
    for sample in TEXTS:
        assert text.text_to_word_sequence(sample) == ktext.text_to_word_sequence(sample)
        assert text.text_to_word_sequence(sample, lower=False, split=",") == \
            ktext.text_to_word_sequence(sample, lower=False, split=",")
        assert text.one_hot(sample, 20) == ktext.one_hot(sample, 20)
        assert text.hashing_trick(sample, 30, "md5") == ktext.hashing_trick(sample, 30, "md5")


def test_tokenizer_errors_and_legacy_name():
    with pytest.raises(ValueError, match="call `fit_on_texts` first"):
        text.Tokenizer().texts_to_matrix(["a"])
    tok = text.Tokenizer(num_words=3)
    with pytest.raises(ValueError, match="before using mode='tfidf'"):
        tok.texts_to_matrix(["a"], mode="tfidf")
    tok.fit_on_texts(["a b"])
    with pytest.raises(ValueError, match="unknown matrix mode 'bag'"):
        tok.texts_to_matrix(["a"], mode="bag")
    with pytest.raises(TypeError, match="unexpected keyword"):
        text.Tokenizer(bogus=1)
    with pytest.warns(DeprecationWarning, match="num_words"):
        assert text.Tokenizer(nb_words=10).num_words == 10
