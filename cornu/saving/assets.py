"""Layer assets in a ``.keras`` file: the ``assets/<object path>/`` folders, as Keras 3 writes
them (an adapted ``StringLookup`` keeps its vocabulary in ``vocabulary.txt`` there).

An object with ``save_assets(dir_path)`` writes files into its own folder when the model is
saved; one with ``load_assets(dir_path)`` reads them back after the weights are loaded
(``dir_path`` is None when the file has no folder for it). Object paths are those of the
weights file (``layers/string_lookup``). ``save_weights``/``load_weights`` carry no assets.
"""

from __future__ import annotations

import os
import tempfile
import zipfile

from cornu.saving import state_walk
from cornu.saving.errors import SavingError
from cornu.saving.file_io import read_member

ASSETS_DIRNAME = "assets"
VOCABULARY_FILENAME = "vocabulary.txt"


def _objects_with(model, method: str) -> list:
    found = []

    def on_object(obj, path):
        if callable(getattr(obj, method, None)):
            found.append((obj, path))

    state_walk.visit(model, "", on_object, set())
    return found


def write_assets(model, archive: zipfile.ZipFile) -> None:
    """Runs every ``save_assets`` into a scratch folder and adds its files to ``archive``
    under ``assets/<object path>/``."""
    objects = _objects_with(model, "save_assets")
    if not objects:
        return
    with tempfile.TemporaryDirectory(prefix="cornu_assets_") as scratch:
        for obj, path in objects:
            folder = os.path.join(scratch, *path.split("/")) if path else scratch
            os.makedirs(folder, exist_ok=True)
            obj.save_assets(folder)
        for root, dirs, files in os.walk(scratch):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(root, name)
                relative = os.path.relpath(full, scratch).replace(os.sep, "/")
                archive.write(full, f"{ASSETS_DIRNAME}/{relative}")


def read_assets(model, archive: zipfile.ZipFile) -> None:
    """Extracts the ``assets/`` members of ``archive`` (checked: no names outside it, no
    decompression bombs) and runs every ``load_assets`` on its folder."""
    objects = _objects_with(model, "load_assets")
    if not objects:
        return
    prefix = f"{ASSETS_DIRNAME}/"
    with tempfile.TemporaryDirectory(prefix="cornu_assets_") as scratch:
        for info in archive.infolist():
            if not info.filename.startswith(prefix) or info.is_dir():
                continue
            target = os.path.join(scratch, *info.filename.split("/"))
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as handle:
                handle.write(read_member(archive, info.filename))
        load_assets_from_dir(objects, os.path.join(scratch, ASSETS_DIRNAME))


def load_assets_from_dir(objects, assets_dir: str) -> None:
    """Runs ``load_assets`` for each ``(object, path)``: the folder, or None if absent."""
    if not isinstance(objects, list):
        objects = _objects_with(objects, "load_assets")
    for obj, path in objects:
        folder = os.path.join(assets_dir, *path.split("/")) if path else assets_dir
        try:
            obj.load_assets(folder if os.path.isdir(folder) else None)
        except SavingError:
            raise
        except Exception as err:  # noqa: BLE001 - reported with the object's path
            raise SavingError(f"'{path or '<model>'}' ({type(obj).__name__}): loading its "
                              f"assets failed: {err}") from err


def write_vocabulary(dir_path: str, tokens: list) -> None:
    """``vocabulary.txt``: one token per line, special tokens first, no final newline (as
    Keras writes it)."""
    with open(os.path.join(dir_path, VOCABULARY_FILENAME), "w", encoding="utf-8",
              newline="\n") as handle:
        handle.write("\n".join(str(token) for token in tokens))


def read_vocabulary(dir_path: str | None, integer: bool, owner: str) -> list:
    """The tokens of ``vocabulary.txt`` in ``dir_path`` (ints when ``integer``)."""
    path = os.path.join(dir_path, VOCABULARY_FILENAME) if dir_path else None
    if path is None or not os.path.isfile(path):
        raise SavingError(
            f"{owner} was saved without a vocabulary in its config, so the file should hold "
            f"its vocabulary in assets/.../{VOCABULARY_FILENAME}, but there is none. The file "
            "is incomplete; save the model again."
        )
    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    while lines and lines[-1] == "":
        lines.pop()
    if not integer:
        return lines
    try:
        return [int(line) for line in lines]
    except ValueError as err:
        raise SavingError(f"{owner}: {path} should hold one integer per line ({err}).") from None
