"""Merge layers: combine a list of tensors (add, concatenate, dot, ...)."""
