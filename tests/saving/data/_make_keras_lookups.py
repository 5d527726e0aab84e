"""Writes ``keras_lookups.keras`` and ``keras_lookups.json`` with real Keras 3 (which needs
TensorFlow for its lookup layers): adapted StringLookup, IntegerLookup and TextVectorization
layers, and the outputs Keras computes for ``INPUTS``. ``test_assets.py`` loads them in cornu.

Run: KERAS_BACKEND=torch python tests/saving/data/_make_keras_lookups.py (with tensorflow).
"""

import json
import os

import keras
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
TEXTS = ["The cat sat.", "The dog sat on the mat!", "a cat", "dog dog cat"]
INPUTS = {"words": [["a", "c", "zz"], ["b", "b", "c"]], "ids": [[12, 42, 7], [36, 1138, 42]],
          "texts": [["the cat sat"], ["a dog on a mat"]]}


def main():
    keras.utils.set_random_seed(0)
    words = keras.layers.StringLookup(name="words_lookup")
    words.adapt(np.array(["a", "b", "b", "c", "c", "c"]))
    ids = keras.layers.IntegerLookup(output_mode="multi_hot", name="ids_lookup")
    ids.adapt(np.array([12, 36, 36, 1138, 42, 42, 42]))
    texts = keras.layers.TextVectorization(output_mode="tf_idf", name="texts_vectorizer")
    texts.adapt(np.array(TEXTS))
    inline = keras.layers.StringLookup(vocabulary=["c", "a"], name="inline_lookup")
    w, i, t = (keras.Input((3,), dtype="string", name="words"),
               keras.Input((3,), dtype="int64", name="ids"),
               keras.Input((1,), dtype="string", name="texts"))
    head = keras.layers.Dense(2, name="head")
    model = keras.Model([w, i, t], [words(w), head(ids(i)), texts(t), inline(w)])
    model.save(os.path.join(HERE, "keras_lookups.keras"))
    x = {k: np.array(v) for k, v in INPUTS.items()}
    outputs = {
        "words_lookup": words(x["words"]),
        "head": head(ids(x["ids"])),
        "texts_vectorizer": texts(x["texts"]),
        "inline_lookup": inline(x["words"]),
    }
    expected = {k: np.asarray(keras.ops.convert_to_numpy(v)).tolist() for k, v in outputs.items()}
    with open(os.path.join(HERE, "keras_lookups.json"), "w") as handle:
        json.dump({"keras_version": keras.__version__, "inputs": INPUTS,
                   "outputs": expected}, handle, indent=1)


if __name__ == "__main__":
    main()
