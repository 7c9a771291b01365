"""RandomLayers: rotations and entanglers on random wires, drawn once from a seed.

The circuit's structure (which gate, on which wires, in which order) is drawn
with NumPy's ``Generator`` in plain Python at record time; it depends only on
the seed, the weights' shape, the number of wires, ``ratio_imprim`` and the
number of rotation types, never on the weights' values, so a jitted circuit
compiles once. The draws follow PennyLane's distribution, not its exact
random stream.
"""

import numbers
from collections.abc import Sequence

import numpy as np
from jax.typing import ArrayLike

from qjax._dtypes import is_traced
from qjax.errors import ParameterError
from qjax.ops import CNOT, RX, RY, RZ, Operation
from qjax.templates._common import (
    as_array,
    check_gate,
    count,
    template_wires,
    with_shape,
)

Step = tuple[int, int, int] | tuple[int, int]
"""One drawn gate: ``(rotation index, wire position, weight index)`` or a pair of positions."""


def random_structure(
    num_layers: int,
    num_rotations: int,
    num_wires: int,
    ratio_imprim: float,
    num_rotation_types: int,
    seed: int,
) -> list[list[Step]]:
    """The gates of each layer, drawn from ``np.random.default_rng(seed)``.

    Until the layer holds ``num_rotations`` rotations, a uniform draw above
    ``ratio_imprim`` places a rotation (a uniformly chosen type on a uniformly
    chosen wire, taking the next weight); otherwise an entangler goes on an
    ordered pair of distinct wires chosen uniformly (on one wire, nothing).

    >>> random_structure(1, 2, 2, 0.3, 3, seed=7) == random_structure(1, 2, 2, 0.3, 3, seed=7)
    True
    """
    rng = np.random.default_rng(seed)
    layers = []
    for _ in range(num_layers):
        steps: list[Step] = []
        placed = 0
        while placed < num_rotations:
            if rng.random() > ratio_imprim:
                kind, wire = rng.integers(num_rotation_types), rng.integers(num_wires)
                steps.append((int(kind), int(wire), placed))
                placed += 1
            elif num_wires > 1:
                first, second = rng.choice(num_wires, size=2, replace=False)
                steps.append((int(first), int(second)))
        layers.append(steps)
    return layers


def _random_layers_shape(n_layers: int, n_rotations: int) -> tuple[int, int]:
    """The shape of RandomLayers' weights, ``(n_layers, n_rotations)``.

    >>> RandomLayers.shape(n_layers=2, n_rotations=5)
    (2, 5)
    """
    owner = "RandomLayers.shape"
    return count(n_layers, owner, "n_layers"), count(n_rotations, owner, "n_rotations")


def _check_ratio(ratio_imprim: object, owner: str) -> float:
    if (
        is_traced(ratio_imprim)
        or isinstance(ratio_imprim, bool)
        or not isinstance(ratio_imprim, numbers.Real)
        or not 0 <= float(ratio_imprim) < 1
    ):
        raise ParameterError(
            f"{owner} ratio_imprim must be a number in [0, 1) (at 1 no rotation is ever "
            f"placed), got {ratio_imprim!r}"
        )
    return float(ratio_imprim)


def _check_seed(seed: object, owner: str) -> int:
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise ParameterError(
            f"{owner} seed must be a non-negative int (the circuit's structure is drawn "
            f"from it and must be static), got {seed!r}"
        )
    return int(seed)


@with_shape(_random_layers_shape)
def RandomLayers(
    weights: ArrayLike,
    wires: object,
    ratio_imprim: float = 0.3,
    imprimitive: type[Operation] | None = CNOT,
    rotations: Sequence[type[Operation]] | None = (RX, RY, RZ),
    seed: int = 42,
) -> None:
    """``L`` layers of ``k`` random rotations with random entanglers between them.

    PennyLane's template: in each layer, until ``k`` rotations are placed, a
    uniform draw ``u`` decides the next gate. If ``u > ratio_imprim``, a
    rotation type drawn uniformly from ``rotations`` (list one twice to draw it
    twice as often) acts on a uniformly drawn wire with the next angle
    ``weights[l, i]``; otherwise ``imprimitive`` acts on an ordered pair of
    distinct wires drawn uniformly (nothing on one wire). So each rotation is
    preceded by ``ratio_imprim / (1 - ratio_imprim)`` entanglers on average.

    The draws come from ``np.random.default_rng(seed)`` at record time: the
    structure is static and the same for every call with the same seed and
    shapes; it is not PennyLane's random stream, so the same seed gives a
    different (equally distributed) circuit there.

    Args:
      weights: array of shape ``(L, k)``, see ``RandomLayers.shape(n_layers, n_rotations)``.
      wires: the wires the layers act on.
      ratio_imprim: the probability of an entangler at each draw, in ``[0, 1)``.
      imprimitive: the parameter-free two-wire gate class (``None``: CNOT).
      rotations: one-parameter one-wire gate classes (``None``: ``(RX, RY, RZ)``).
      seed: a non-negative int, the seed of the structure.

    Raises:
      ParameterError: ``weights``, ``ratio_imprim``, a gate class or ``seed`` is malformed.

    >>> import jax.numpy as jnp, qjax as qj
    >>> def ansatz(w):
    ...     qj.templates.RandomLayers(w, wires=range(3), seed=7)
    ...     return qj.probs()
    >>> weights = jnp.ones(qj.templates.RandomLayers.shape(n_layers=2, n_rotations=4))
    >>> ops = qj.record(ansatz, wires=3)(weights).operations
    >>> sum(op.name != "CNOT" for op in ops)
    8
    >>> again = qj.record(ansatz, wires=3)(2 * weights).operations
    >>> [(op.name, op.wires) for op in ops] == [(op.name, op.wires) for op in again]
    True
    """
    owner = "RandomLayers"
    wires = template_wires(wires, owner, f"{owner}(w, wires=range(4))")
    weights = as_array(weights)
    hint = f"; e.g. weights of shape {owner}.shape(n_layers=2, n_rotations=5)"
    shape = tuple(np.shape(weights))
    if len(shape) != 2:
        raise ParameterError(
            f"{owner} weights must have shape (layers, rotations), got {shape}{hint}"
        )
    num_layers, num_rotations = shape
    ratio = _check_ratio(ratio_imprim, owner)
    entangler = check_gate(imprimitive or CNOT, owner, "imprimitive", num_params=0, num_wires=2)
    rotations = (RX, RY, RZ) if rotations is None else rotations
    if isinstance(rotations, (str, bytes)) or not isinstance(rotations, Sequence) or not rotations:
        raise ParameterError(
            f"{owner} rotations must be a non-empty sequence of gate classes such as "
            f"(qj.RX, qj.RY, qj.RZ), got {rotations!r}"
        )
    gates = [check_gate(gate, owner, "rotations", num_params=1, num_wires=1) for gate in rotations]
    structure = random_structure(
        num_layers, num_rotations, len(wires), ratio, len(gates), _check_seed(seed, owner)
    )
    for layer, steps in enumerate(structure):
        for step in steps:
            if len(step) == 3:
                kind, position, index = step  # type: ignore[misc]
                gates[kind](weights[layer, index], wires=[wires[position]])
            else:
                first, second = step  # type: ignore[misc]
                entangler(wires=[wires[first], wires[second]])
