"""cornu.datasets: the small classic data sets, downloaded once with a hash check.

Files are cached under ``~/.cornu/datasets`` (a copy already in ``~/.keras/datasets`` is
reused); set ``CORNU_DATASETS_MIRROR`` to a URL or folder holding the files to work without
the public origins.
"""

from cornu.datasets import boston_housing as boston_housing
from cornu.datasets import california_housing as california_housing
from cornu.datasets import cifar10 as cifar10
from cornu.datasets import cifar100 as cifar100
from cornu.datasets import fashion_mnist as fashion_mnist
from cornu.datasets import imdb as imdb
from cornu.datasets import mnist as mnist
from cornu.datasets import reuters as reuters
