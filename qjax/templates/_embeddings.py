"""Embeddings: classical data written into rotation angles."""

from typing import Any

import numpy as np

from qjax.errors import ParameterError
from qjax.ops import RX, RY, RZ, as_wires

_ROTATIONS = {"X": RX, "Y": RY, "Z": RZ}


def AngleEmbedding(features: Any, wires: object, rotation: str = "X") -> None:
    """Encodes ``N`` features as rotation angles on the first ``N`` of ``wires``.

    Args:
      features: array of shape ``(N,)`` with ``N <= len(wires)``.
      wires: the wires to encode on.
      rotation: ``"X"``, ``"Y"`` or ``"Z"``, the rotation axis.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def embed(x):
    ...     qj.templates.AngleEmbedding(x, wires=range(3), rotation="Y")
    ...     return qj.probs()
    >>> [op.name for op in qj.record(embed, wires=3)(jnp.ones(2)).operations]
    ['RY', 'RY']
    """
    wires = as_wires(wires, "AngleEmbedding", "AngleEmbedding(x, wires=range(4))")
    if rotation not in _ROTATIONS:
        raise ParameterError(f"AngleEmbedding rotation must be 'X', 'Y' or 'Z', got {rotation!r}")
    if isinstance(features, (list, tuple)):
        features = np.asarray(features)
    shape = np.shape(features)
    if len(shape) != 1 or shape[0] > len(wires):
        raise ParameterError(
            f"AngleEmbedding features must have shape (N,) with N <= {len(wires)} wires, "
            f"got shape {shape}; batch with jax.vmap"
        )
    gate = _ROTATIONS[rotation]
    for index in range(shape[0]):
        gate(features[index], wires=[wires[index]])
