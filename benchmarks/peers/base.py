"""The interface every simulator offers the workloads, and the circuit they all build.

A simulator builds the hardware-efficient ansatz for a number of qubits and a
depth and returns plain functions of the angles (shape ``(depth, num_qubits,
2)``: layer, wire, RY or RZ): the forward value ``<Z0>``, the same over a batch
of inputs (angle-embedded with RY on each wire before the ansatz) and, where
the simulator differentiates, the gradient. A JAX simulator returns JAX
functions, which the workloads jit (and so time tracing and compilation
apart); any other is called as it is.

The peers' adapters translate :func:`ansatz`'s gate list, so that every peer
simulates the very same gates in the same order; the density-matrix peers of
the ``noise`` workload translate :func:`noisy_ansatz`'s, channels included.
"""

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

Function = Callable[..., Any]
Builder = Callable[[int, int], Function]
"""``(num_qubits, depth) -> function``: builds a circuit once, for many calls."""


class Gate(NamedTuple):
    """One gate of the ansatz: ``RY``, ``RZ`` (with ``angle``, an index into
    :func:`angle_values`) or ``CNOT`` (``angle`` is ``None``)."""

    name: str
    wires: tuple[int, ...]
    angle: int | None = None


def ansatz(num_qubits: int, depth: int, *, embed: bool = False) -> tuple[Gate, ...]:
    """The hardware-efficient ansatz: per layer, RY then RZ on each wire, then a CNOT ladder.

    With ``embed``, ``RY(x[w])`` on every wire ``w`` comes first; its angles
    are the first ``num_qubits`` values of :func:`angle_values`.

    >>> [gate.name for gate in ansatz(2, 1)]
    ['RY', 'RZ', 'RY', 'RZ', 'CNOT']
    >>> ansatz(2, 1, embed=True)[2]
    Gate(name='RY', wires=(0,), angle=2)
    """
    offset = num_qubits if embed else 0
    gates = [Gate("RY", (wire,), wire) for wire in range(num_qubits)] if embed else []
    for layer in range(depth):
        for wire in range(num_qubits):
            first = offset + 2 * (layer * num_qubits + wire)
            gates += [Gate("RY", (wire,), first), Gate("RZ", (wire,), first + 1)]
        gates += [Gate("CNOT", (wire, wire + 1)) for wire in range(num_qubits - 1)]
    return tuple(gates)


DEPOLARIZING = 0.01
"""The depolarizing probability after every RY of :func:`noisy_ansatz`."""
DAMPING = 0.02
"""The amplitude-damping rate after every CNOT of :func:`noisy_ansatz`, on its target."""


class Channel(NamedTuple):
    """One noise channel of :func:`noisy_ansatz`, in PennyLane's (and qjax's) convention.

    ``DepolarizingChannel``: Kraus operators ``sqrt(1-p) I`` and ``sqrt(p/3)``
    times each of X, Y and Z (each Pauli error with probability ``p/3``).
    ``AmplitudeDamping``: ``[[1, 0], [0, sqrt(1-p)]]`` and ``[[0, sqrt(p)], [0, 0]]``.
    """

    name: str
    wires: tuple[int, ...]
    probability: float


def noisy_ansatz(num_qubits: int, depth: int) -> tuple[Gate | Channel, ...]:
    """The ``noise`` workload's circuit: per layer, ``RY`` then ``DepolarizingChannel`` on
    each wire, then a CNOT ladder, each CNOT's target followed by ``AmplitudeDamping``.

    Its angles, shape ``(depth, num_qubits)``, are indexed in :func:`angle_values`'s order.

    >>> [op.name for op in noisy_ansatz(2, 1)]
    ['RY', 'DepolarizingChannel', 'RY', 'DepolarizingChannel', 'CNOT', 'AmplitudeDamping']
    >>> noisy_ansatz(2, 2)[6]
    Gate(name='RY', wires=(0,), angle=2)
    """
    ops: list[Gate | Channel] = []
    for layer in range(depth):
        for wire in range(num_qubits):
            ops += [
                Gate("RY", (wire,), layer * num_qubits + wire),
                Channel("DepolarizingChannel", (wire,), DEPOLARIZING),
            ]
        for wire in range(num_qubits - 1):
            ops += [
                Gate("CNOT", (wire, wire + 1)),
                Channel("AmplitudeDamping", (wire + 1,), DAMPING),
            ]
    return tuple(ops)


def angle_values(angles: Any, inputs: Any = None) -> list[Any]:
    """The gates' angles in :func:`ansatz`'s order: the inputs' columns, then the flat angles.

    ``inputs`` is one row ``(num_qubits,)`` or a batch ``(batch, num_qubits)``,
    whose columns then broadcast (one value per circuit of the batch).

    >>> import numpy as np
    >>> [float(v) for v in angle_values(np.arange(4.0).reshape(1, 2, 2), np.array([9.0, 8.0]))]
    [9.0, 8.0, 0.0, 1.0, 2.0, 3.0]
    """
    embedded = [] if inputs is None else list(inputs.T)
    return [*embedded, *list(angles.reshape(-1))]


@dataclasses.dataclass(frozen=True)
class Simulator:
    """A simulator of the ansatz, as the workloads run it.

    Attributes:
      name: the rows' ``simulator``.
      jax: whether its functions are JAX functions (jitted by the workloads).
      forward: builds ``angles -> <Z0>``.
      batched: builds ``(angles, inputs) -> <Z0>`` per row of ``inputs``
        (shape ``(batch, num_qubits)``).
      gradients: per differentiation method, builds ``angles -> d<Z0>/d angles``.
    """

    name: str
    jax: bool
    forward: Builder
    batched: Builder
    gradients: Mapping[str, Builder] = dataclasses.field(default_factory=dict)
