"""The engines that evolve a compiled circuit's state: pure states, density matrices, trajectories.

``evolve(circuit, method, key)`` runs one of them: ``"statevector"`` (a pure
state, ``(2,) * n``), ``"density"`` (a density matrix, ``(2,) * 2n``, for
noise) or ``"trajectories"`` (one pure state per key, noise drawn).
"""

from typing import Any

import jax

from qjax.circuit import Circuit
from qjax.simulate._density import (
    apply_all_to_density,
    apply_to_density,
    column_axes,
    final_density,
    initial_density,
    trace,
)
from qjax.simulate._statevector import (
    apply_operation,
    apply_operations,
    final_state,
    initial_state,
    postselects,
    zero_state,
)
from qjax.simulate._trajectories import final_trajectory

METHODS = ("statevector", "density", "trajectories")
"""The simulation methods, by the name ``qj.circuit(method=...)`` takes."""


def evolve(circuit: Circuit, method: str = "statevector", key: Any = None) -> jax.Array:
    """The final state of a (compiled) circuit under one method.

    Args:
      circuit: the circuit; with ``"statevector"`` and ``"density"`` its
        mid-circuit measurements must be deferred already.
      method: one of :data:`METHODS`.
      key: the ``jax.random`` key of a trajectory; unused by the exact methods.

    Returns:
      A pure state ``(2,) * n`` (statevector, trajectories) or a density
      matrix ``(2,) * 2n``.

    >>> import qjax as qj
    >>> def noisy():
    ...     qj.BitFlip(0.5, wires=0)
    ...     return qj.probs()
    >>> evolve(qj.record(noisy, wires=1)(), "density").real
    Array([[0.5, 0. ],
           [0. , 0.5]], dtype=float32)
    """
    if method == "density":
        return final_density(circuit)
    if method == "trajectories":
        return final_trajectory(circuit, key)
    return final_state(circuit)


__all__ = [
    "METHODS",
    "apply_all_to_density",
    "apply_operation",
    "apply_operations",
    "apply_to_density",
    "column_axes",
    "evolve",
    "final_density",
    "final_state",
    "final_trajectory",
    "initial_density",
    "initial_state",
    "postselects",
    "trace",
    "zero_state",
]
