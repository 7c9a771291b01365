"""Layered ansätze: trainable rotations followed by entanglers."""

from typing import Any

import numpy as np

from qjax.errors import ParameterError
from qjax.ops import CNOT, RX, RY, RZ, as_wires

_ROTATIONS = {"X": RX, "Y": RY, "Z": RZ}


def BasicEntanglerLayers(weights: Any, wires: object, rotation: str = "X") -> None:
    """``L`` layers of one-parameter rotations on every wire, then a ring of CNOTs.

    The ring closes (last wire to first) when there are more than two wires,
    as in PennyLane.

    Args:
      weights: array of shape ``(L, len(wires))``.
      wires: the wires the layers act on.
      rotation: ``"X"``, ``"Y"`` or ``"Z"``, the rotation axis.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def ansatz(w):
    ...     qj.templates.BasicEntanglerLayers(w, wires=range(3))
    ...     return qj.probs()
    >>> [op.name for op in qj.record(ansatz, wires=3)(jnp.zeros((1, 3))).operations]
    ['RX', 'RX', 'RX', 'CNOT', 'CNOT', 'CNOT']
    """
    wires = as_wires(wires, "BasicEntanglerLayers", "BasicEntanglerLayers(w, wires=range(4))")
    if rotation not in _ROTATIONS:
        raise ParameterError(
            f"BasicEntanglerLayers rotation must be 'X', 'Y' or 'Z', got {rotation!r}"
        )
    if isinstance(weights, (list, tuple)):
        weights = np.asarray(weights)
    shape = np.shape(weights)
    if len(shape) != 2 or shape[1] != len(wires):
        raise ParameterError(
            f"BasicEntanglerLayers weights must have shape (layers, {len(wires)}), got {shape}"
        )
    gate = _ROTATIONS[rotation]
    num_wires = len(wires)
    ring = [] if num_wires == 1 else [(i, (i + 1) % num_wires) for i in range(num_wires)]
    if num_wires == 2:
        ring = [(0, 1)]
    for layer in range(shape[0]):
        for index, wire in enumerate(wires):
            gate(weights[layer, index], wires=[wire])
        for control, target in ring:
            CNOT(wires=[wires[control], wires[target]])
