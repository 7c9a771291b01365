"""Optax gradient transformations for training circuits: the quantum natural gradient."""

from qjax.optim._qng import qng

__all__ = ["qng"]
