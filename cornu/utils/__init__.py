"""cornu.utils: data helpers, seeding, plotting and friends."""

from cornu.preprocessing.image.image_io import array_to_img as array_to_img
from cornu.preprocessing.image.image_io import img_to_array as img_to_array
from cornu.preprocessing.image.image_io import load_img as load_img
from cornu.preprocessing.image.image_io import save_img as save_img
from cornu.preprocessing.sequence import pad_sequences as pad_sequences
from cornu.trainers.compile_utils import pack_x_y_sample_weight as pack_x_y_sample_weight
from cornu.trainers.compile_utils import unpack_x_y_sample_weight as unpack_x_y_sample_weight
from cornu.trainers.data_adapters.py_dataset import PyDataset as PyDataset
from cornu.trainers.data_adapters.py_dataset import Sequence as Sequence
from cornu.utils.dataset_utils import split_dataset as split_dataset
from cornu.utils.file_utils import get_file as get_file
from cornu.utils.history_plot import plot_history as plot_history
from cornu.utils.image_dataset_utils import (
    image_dataset_from_directory as image_dataset_from_directory,
)
from cornu.utils.model_visualization import model_to_dot as model_to_dot
from cornu.utils.model_visualization import plot_model as plot_model
from cornu.utils.numerical_utils import normalize as normalize
from cornu.utils.numerical_utils import to_categorical as to_categorical
from cornu.utils.progbar import Progbar as Progbar
from cornu.utils.rng_utils import set_random_seed as set_random_seed
from cornu.utils.text_dataset_utils import (
    text_dataset_from_directory as text_dataset_from_directory,
)
from cornu.utils.timeseries_dataset_utils import (
    timeseries_dataset_from_array as timeseries_dataset_from_array,
)
