"""``text_dataset_from_directory``: batches of texts (one per ``.txt`` file) and labels."""

from __future__ import annotations

import numpy as np

from cornu.utils import dataset_utils


def text_dataset_from_directory(directory, labels="inferred", label_mode="int",
                                class_names=None, batch_size=32, max_length=None, shuffle=True,
                                seed=None, validation_split=None, subset=None,
                                follow_links=False, format="tf", verbose=True):
    """Batches of texts from a folder of ``.txt`` files with one subfolder per class.

    Args:
        directory: the folder.
        labels: "inferred", None, or a list of integer labels in sorted file order.
        label_mode: "int", "categorical", "binary", or None.
        class_names: the subfolders to use, in label order.
        batch_size: texts per batch; None for single texts.
        max_length: keep at most this many bytes of each text.
        shuffle: shuffle the files (and again every epoch).
        seed: the shuffling seed.
        validation_split: the fraction of the files kept for validation.
        subset: "training", "validation" or "both".
        follow_links: follow symbolic links to subfolders.
        format: accepted for Keras compatibility; the result is a cornu ``BatchDataset``.
        verbose: print how many files and classes were found.

    Returns:
        A ``BatchDataset`` yielding ``(texts, labels)`` where ``texts`` is a NumPy array of
        ``str`` (feed it to ``TextVectorization``), with a ``class_names`` attribute.

    Example:
        >>> import os, tempfile
        >>> root = tempfile.mkdtemp()
        >>> for name, text in (("neg", "bad movie"), ("pos", "great movie")):
        ...     os.makedirs(os.path.join(root, name))
        ...     _ = open(os.path.join(root, name, "1.txt"), "w").write(text)
        >>> ds = text_dataset_from_directory(root, shuffle=False)
        Found 2 files belonging to 2 classes.
        >>> texts, labels = ds[0]
        >>> texts.tolist(), labels.tolist()
        (['bad movie', 'great movie'], [0, 1])
    """
    if labels not in ("inferred", None):
        if not isinstance(labels, (list, tuple)):
            raise ValueError("`labels` must be 'inferred', None, or a list/tuple of integer "
                             f"labels, got {labels!r}.")
        if class_names:
            raise ValueError("`class_names` can only be passed with labels='inferred'.")
    if label_mode not in ("int", "categorical", "binary", None):
        raise ValueError(f"`label_mode` must be 'int', 'categorical', 'binary' or None, got "
                         f"{label_mode!r}.")
    if format not in ("tf", "grain"):
        raise ValueError(f"`format` must be 'tf' or 'grain', got {format!r}.")
    if labels is None or label_mode is None:
        labels = label_mode = None
    dataset_utils.check_validation_split_arg(validation_split, subset, shuffle, seed)
    seed = np.random.randint(1e6) if seed is None else seed
    paths, labels, class_names = dataset_utils.index_directory(
        directory, labels, (".txt",), class_names=class_names, shuffle=shuffle, seed=seed,
        follow_links=follow_links, verbose=verbose)
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f"label_mode='binary' needs exactly 2 classes, got {class_names}.")

    def make(subset_name, shuffle_it):
        p, lab = dataset_utils.training_or_validation_split(paths, labels, validation_split,
                                                            subset_name)
        if not p:
            raise ValueError(f"No text files found in directory {directory!r}. Allowed "
                             "format: .txt")
        encoded = (dataset_utils.encode_labels(np.asarray(lab), label_mode, len(class_names))
                   if lab is not None else None)

        def load(indices):
            texts = np.empty(len(indices), dtype=object)
            for j, i in enumerate(indices):
                with open(p[i], "rb") as f:
                    raw = f.read() if max_length is None else f.read(max_length)
                texts[j] = raw.decode("utf-8", errors="replace")
            return texts if encoded is None else (texts, encoded[np.asarray(indices)])

        ds = dataset_utils.BatchDataset(len(p), load, batch_size, shuffle=shuffle_it,
                                        seed=seed)
        ds.class_names, ds.file_paths = class_names, p
        return ds

    if subset == "both":
        return [make("training", shuffle), make("validation", False)]
    return make(subset, shuffle)
