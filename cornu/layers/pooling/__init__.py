"""Pooling layers: max/average over windows, global and adaptive pooling (1-3 D)."""

from cornu.layers.pooling.adaptive_average_pooling1d import (
    AdaptiveAveragePooling1D as AdaptiveAveragePooling1D,
)
from cornu.layers.pooling.adaptive_average_pooling2d import (
    AdaptiveAveragePooling2D as AdaptiveAveragePooling2D,
)
from cornu.layers.pooling.adaptive_average_pooling3d import (
    AdaptiveAveragePooling3D as AdaptiveAveragePooling3D,
)
from cornu.layers.pooling.adaptive_max_pooling1d import AdaptiveMaxPooling1D as AdaptiveMaxPooling1D
from cornu.layers.pooling.adaptive_max_pooling2d import AdaptiveMaxPooling2D as AdaptiveMaxPooling2D
from cornu.layers.pooling.adaptive_max_pooling3d import AdaptiveMaxPooling3D as AdaptiveMaxPooling3D
from cornu.layers.pooling.average_pooling1d import AveragePooling1D as AveragePooling1D
from cornu.layers.pooling.average_pooling2d import AveragePooling2D as AveragePooling2D
from cornu.layers.pooling.average_pooling3d import AveragePooling3D as AveragePooling3D
from cornu.layers.pooling.global_average_pooling1d import (
    GlobalAveragePooling1D as GlobalAveragePooling1D,
)
from cornu.layers.pooling.global_average_pooling2d import (
    GlobalAveragePooling2D as GlobalAveragePooling2D,
)
from cornu.layers.pooling.global_average_pooling3d import (
    GlobalAveragePooling3D as GlobalAveragePooling3D,
)
from cornu.layers.pooling.global_max_pooling1d import GlobalMaxPooling1D as GlobalMaxPooling1D
from cornu.layers.pooling.global_max_pooling2d import GlobalMaxPooling2D as GlobalMaxPooling2D
from cornu.layers.pooling.global_max_pooling3d import GlobalMaxPooling3D as GlobalMaxPooling3D
from cornu.layers.pooling.max_pooling1d import MaxPooling1D as MaxPooling1D
from cornu.layers.pooling.max_pooling2d import MaxPooling2D as MaxPooling2D
from cornu.layers.pooling.max_pooling3d import MaxPooling3D as MaxPooling3D

AvgPool1D = AveragePooling1D
AvgPool2D = AveragePooling2D
AvgPool3D = AveragePooling3D
GlobalAvgPool1D = GlobalAveragePooling1D
GlobalAvgPool2D = GlobalAveragePooling2D
GlobalAvgPool3D = GlobalAveragePooling3D
GlobalMaxPool1D = GlobalMaxPooling1D
GlobalMaxPool2D = GlobalMaxPooling2D
GlobalMaxPool3D = GlobalMaxPooling3D
MaxPool1D = MaxPooling1D
MaxPool2D = MaxPooling2D
MaxPool3D = MaxPooling3D
