"""Recurrent layers: cells, the RNN loop, LSTM/GRU/SimpleRNN, wrappers, ConvLSTM."""

from cornu.layers.rnn.bidirectional import Bidirectional as Bidirectional
from cornu.layers.rnn.conv_lstm1d import ConvLSTM1D as ConvLSTM1D
from cornu.layers.rnn.conv_lstm2d import ConvLSTM2D as ConvLSTM2D
from cornu.layers.rnn.conv_lstm3d import ConvLSTM3D as ConvLSTM3D
from cornu.layers.rnn.dropout_rnn_cell import DropoutRNNCell as DropoutRNNCell
from cornu.layers.rnn.gru import GRU as GRU
from cornu.layers.rnn.gru import GRUCell as GRUCell
from cornu.layers.rnn.lstm import LSTM as LSTM
from cornu.layers.rnn.lstm import LSTMCell as LSTMCell
from cornu.layers.rnn.rnn import RNN as RNN
from cornu.layers.rnn.simple_rnn import SimpleRNN as SimpleRNN
from cornu.layers.rnn.simple_rnn import SimpleRNNCell as SimpleRNNCell
from cornu.layers.rnn.stacked_rnn_cells import StackedRNNCells as StackedRNNCells
from cornu.layers.rnn.time_distributed import TimeDistributed as TimeDistributed
from cornu.layers.rnn.wrapper import Wrapper as Wrapper
