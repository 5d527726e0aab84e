"""cornu.preprocessing: Keras 2's data utilities (``sequence``, ``text``, ``image``).

``pad_sequences``, ``load_img``, ``img_to_array``, ``array_to_img`` and ``save_img`` are
also in ``cornu.utils``, as in Keras 3. The data set builders
(``image_dataset_from_directory``, ...) are re-exported from ``cornu.utils`` when present.
"""

from cornu.preprocessing import image as image
from cornu.preprocessing import sequence as sequence
from cornu.preprocessing import text as text

_FROM_UTILS = ("image_dataset_from_directory", "text_dataset_from_directory",
               "timeseries_dataset_from_array")


def __getattr__(name):
    if name in _FROM_UTILS:
        from cornu import utils

        return getattr(utils, name)
    raise AttributeError(f"module 'cornu.preprocessing' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_FROM_UTILS))
