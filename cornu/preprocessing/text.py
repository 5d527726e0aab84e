"""Text utilities of Keras 2's ``keras.preprocessing.text``: ``Tokenizer`` and friends.

Kept for old scripts; new code uses the ``TextVectorization`` layer.
"""

from __future__ import annotations

import collections
import hashlib
import json

import numpy as np

from cornu.utils.legacy import warn_once

DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'
MATRIX_MODES = ("binary", "count", "tfidf", "freq")


def text_to_word_sequence(input_text: str, filters: str = DEFAULT_FILTERS, lower: bool = True,
                          split: str = " ") -> list:
    """Splits a text into words, dropping the characters in ``filters``.

    Example:

    >>> text_to_word_sequence("The cat, the HAT!")
    ['the', 'cat', 'the', 'hat']
    """
    if lower:
        input_text = input_text.lower()
    input_text = input_text.translate(str.maketrans({c: split for c in filters}))
    return [word for word in input_text.split(split) if word]


def hashing_trick(text: str, n: int, hash_function=None, filters: str = DEFAULT_FILTERS,
                  lower: bool = True, split: str = " ", analyzer=None) -> list:
    """Word indices in ``[1, n - 1]`` by hashing each word (0 stays free for padding).

    Args:
        text: the text.
        n: the size of the hashing space.
        hash_function: ``None`` (Python's ``hash``, which varies between processes unless
            ``PYTHONHASHSEED`` is set), ``"md5"`` (stable), or a function str -> int.
        filters, lower, split: as in ``text_to_word_sequence``.
        analyzer: a function text -> list of words, used instead of the splitting above.

    Example:

    >>> hashing_trick("the cat the", 100, hash_function="md5")
    [51, 3, 51]
    """
    if hash_function is None:
        hash_function = hash
    elif hash_function == "md5":
        def hash_function(word):
            return int(hashlib.md5(word.encode()).hexdigest(), 16)
    words = analyzer(text) if analyzer is not None else text_to_word_sequence(
        text, filters=filters, lower=lower, split=split)
    return [hash_function(word) % (n - 1) + 1 for word in words]


def one_hot(input_text: str, n: int, filters: str = DEFAULT_FILTERS, lower: bool = True,
            split: str = " ", analyzer=None) -> list:
    """``hashing_trick`` with Python's ``hash`` (the Keras 2 name; not a one-hot matrix).

    Example:

    >>> words = one_hot("the cat the", 50)
    >>> len(words), words[0] == words[2], all(1 <= w < 50 for w in words)
    (3, True, True)
    """
    return hashing_trick(input_text, n, hash_function=hash, filters=filters, lower=lower,
                         split=split, analyzer=analyzer)


class Tokenizer:
    """Turns texts into sequences of word indices or into bag-of-words matrices.

    Words are indexed from 1 by decreasing frequency (ties keep first-seen order); index 0
    is never used. ``num_words`` keeps only indices below it when converting.

    Args:
        num_words: keep the ``num_words - 1`` most frequent words when converting (all are
            still counted and indexed).
        filters: characters removed from the texts.
        lower: lowercase the texts.
        split: the word separator.
        char_level: every character is a token.
        oov_token: a token (index 1) that replaces out-of-vocabulary words.
        analyzer: a function text -> list of tokens, used instead of the splitting above.

    Example:

    >>> tok = Tokenizer(num_words=4, oov_token="<oov>")
    >>> tok.fit_on_texts(["the cat sat", "the cat ran", "the end"])
    >>> tok.word_index["the"], tok.word_index["cat"]
    (2, 3)
    >>> tok.texts_to_sequences(["the cat flew"])
    [[2, 3, 1]]
    >>> tok.texts_to_matrix(["the the cat"], mode="count").tolist()
    [[0.0, 0.0, 2.0, 1.0]]
    """

    def __init__(self, num_words: int | None = None, filters: str = DEFAULT_FILTERS,
                 lower: bool = True, split: str = " ", char_level: bool = False,
                 oov_token: str | None = None, analyzer=None, **kwargs):
        if "nb_words" in kwargs:
            warn_once("Tokenizer.nb_words",
                      "Tokenizer: `nb_words=` is the Keras 1 name; use `num_words=`.")
            num_words = kwargs.pop("nb_words")
        document_count = kwargs.pop("document_count", 0)
        if kwargs:
            raise TypeError(f"Tokenizer: unexpected keyword argument(s) {sorted(kwargs)}.")
        self.num_words = num_words
        self.filters = filters
        self.lower = lower
        self.split = split
        self.char_level = char_level
        self.oov_token = oov_token
        self.analyzer = analyzer
        self.document_count = document_count
        self.word_counts: dict = collections.OrderedDict()
        self.word_docs: dict = collections.defaultdict(int)
        self.index_docs: dict = collections.defaultdict(int)
        self.word_index: dict = {}
        self.index_word: dict = {}

    def _tokens(self, text) -> list:
        if self.char_level or isinstance(text, list):
            if self.lower:
                text = [t.lower() for t in text] if isinstance(text, list) else text.lower()
            return list(text)
        if self.analyzer is not None:
            return self.analyzer(text)
        return text_to_word_sequence(text, filters=self.filters, lower=self.lower,
                                     split=self.split)

    def fit_on_texts(self, texts) -> None:
        """Counts the words of ``texts`` (strings, or lists of tokens) and re-indexes."""
        for text in texts:
            self.document_count += 1
            tokens = self._tokens(text)
            for token in tokens:
                self.word_counts[token] = self.word_counts.get(token, 0) + 1
            for token in set(tokens):
                self.word_docs[token] += 1
        ranked = sorted(self.word_counts.items(), key=lambda item: item[1], reverse=True)
        vocabulary = ([] if self.oov_token is None else [self.oov_token]) + [
            word for word, _ in ranked]
        self.word_index = {word: i for i, word in enumerate(vocabulary, start=1)}
        self.index_word = {i: word for word, i in self.word_index.items()}
        for word, count in list(self.word_docs.items()):
            self.index_docs[self.word_index[word]] = count

    def fit_on_sequences(self, sequences) -> None:
        """Counts document frequencies from sequences of indices (for ``tfidf``)."""
        self.document_count += len(sequences)
        for seq in sequences:
            for index in set(seq):
                self.index_docs[index] += 1

    def texts_to_sequences(self, texts) -> list:
        """Each text as a list of word indices."""
        return list(self.texts_to_sequences_generator(texts))

    def texts_to_sequences_generator(self, texts):
        """Yields each text as a list of word indices."""
        oov_index = self.word_index.get(self.oov_token)
        for text in texts:
            out = []
            for token in self._tokens(text):
                index = self.word_index.get(token)
                if index is not None and not (self.num_words and index >= self.num_words):
                    out.append(index)
                elif self.oov_token is not None:
                    out.append(oov_index)
            yield out

    def sequences_to_texts(self, sequences) -> list:
        """Each sequence of indices as a text (words joined by spaces)."""
        return list(self.sequences_to_texts_generator(sequences))

    def sequences_to_texts_generator(self, sequences):
        """Yields each sequence of indices as a text."""
        oov_index = self.word_index.get(self.oov_token)
        for seq in sequences:
            words = []
            for index in seq:
                word = self.index_word.get(index)
                if word is not None and not (self.num_words and index >= self.num_words):
                    words.append(word)
                elif self.oov_token is not None:
                    words.append(self.index_word[oov_index])
            yield " ".join(words)

    def texts_to_matrix(self, texts, mode: str = "binary") -> np.ndarray:
        """A ``(len(texts), num_words)`` matrix: ``binary``, ``count``, ``freq``, ``tfidf``."""
        return self.sequences_to_matrix(self.texts_to_sequences(texts), mode=mode)

    def sequences_to_matrix(self, sequences, mode: str = "binary") -> np.ndarray:
        """A ``(len(sequences), num_words)`` matrix of the sequences' indices."""
        if mode not in MATRIX_MODES:
            raise ValueError(
                f"Tokenizer: unknown matrix mode {mode!r}; expected one of {MATRIX_MODES}."
            )
        if self.num_words:
            width = self.num_words
        elif self.word_index:
            width = len(self.word_index) + 1
        else:
            raise ValueError(
                "Tokenizer: the matrix width is unknown; pass `num_words=` or call "
                "`fit_on_texts` first."
            )
        if mode == "tfidf" and not self.document_count:
            raise ValueError("Tokenizer: call `fit_on_texts` (or `fit_on_sequences`) before "
                             "using mode='tfidf'.")
        out = np.zeros((len(sequences), width))
        for row, seq in enumerate(sequences):
            if not seq:
                continue
            counts = collections.Counter(j for j in seq if j < width)
            for j, count in counts.items():
                if mode == "count":
                    out[row, j] = count
                elif mode == "freq":
                    out[row, j] = count / len(seq)
                elif mode == "binary":
                    out[row, j] = 1
                else:
                    idf = np.log(1 + self.document_count / (1 + self.index_docs.get(j, 0)))
                    out[row, j] = (1 + np.log(count)) * idf
        return out

    def get_config(self) -> dict:
        """The settings and the learned tables (tables as JSON strings, as Keras)."""
        return {
            "num_words": self.num_words,
            "filters": self.filters,
            "lower": self.lower,
            "split": self.split,
            "char_level": self.char_level,
            "oov_token": self.oov_token,
            "document_count": self.document_count,
            "word_counts": json.dumps(self.word_counts),
            "word_docs": json.dumps(self.word_docs),
            "index_docs": json.dumps(self.index_docs),
            "index_word": json.dumps(self.index_word),
            "word_index": json.dumps(self.word_index),
        }

    def to_json(self, **kwargs) -> str:
        """The tokenizer as a JSON string; ``tokenizer_from_json`` reads it back."""
        return json.dumps({"class_name": type(self).__name__, "config": self.get_config()},
                          **kwargs)


def tokenizer_from_json(json_string: str) -> Tokenizer:
    """A ``Tokenizer`` from ``Tokenizer.to_json()`` (also Keras's JSON).

    Example:

    >>> tok = Tokenizer()
    >>> tok.fit_on_texts(["a b b"])
    >>> tokenizer_from_json(tok.to_json()).texts_to_sequences(["b a"])
    [[1, 2]]
    """
    config = dict(json.loads(json_string).get("config"))
    tables = {name: json.loads(config.pop(name)) for name in (
        "word_counts", "word_docs", "index_docs", "index_word", "word_index")}
    tokenizer = Tokenizer(**config)
    tokenizer.word_counts = collections.OrderedDict(tables["word_counts"])
    tokenizer.word_docs = collections.defaultdict(int, tables["word_docs"])
    tokenizer.index_docs = collections.defaultdict(
        int, {int(k): v for k, v in tables["index_docs"].items()})
    tokenizer.index_word = {int(k): v for k, v in tables["index_word"].items()}
    tokenizer.word_index = tables["word_index"]
    return tokenizer
