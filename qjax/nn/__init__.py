"""Flax layers: a qjax circuit with trainable weights inside NNX or Linen models."""

from qjax.nn._evaluate import Initializer, check_weight_shapes, evaluate, uniform_angles
from qjax.nn._linen import LinenQuantumLayer
from qjax.nn._nnx import QuantumLayer

__all__ = [
    "Initializer",
    "LinenQuantumLayer",
    "QuantumLayer",
    "check_weight_shapes",
    "evaluate",
    "uniform_angles",
]
