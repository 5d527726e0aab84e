"""Attention layers: dot-product, additive, multi-head and grouped-query attention."""

from cornu.layers.attention.additive_attention import AdditiveAttention as AdditiveAttention
from cornu.layers.attention.attention import Attention as Attention
from cornu.layers.attention.grouped_query_attention import (
    GroupQueryAttention as GroupQueryAttention,
)
from cornu.layers.attention.multi_head_attention import MultiHeadAttention as MultiHeadAttention
