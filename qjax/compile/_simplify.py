"""Peephole passes: adjacent inverse pairs cancel, adjacent rotations add their angles."""

from collections.abc import Callable, Hashable, Sequence

import jax

from qjax.compile._repeat import structure
from qjax.ops import NON_UNITARY_KINDS, Operation

Combine = Callable[[Operation, Operation], "list[Operation] | None"]
"""Rewrites an adjacent pair (``earlier``, ``later``) on the same wires, or ``None``."""


def cancel_pair(earlier: Operation, later: Operation) -> list[Operation] | None:
    """Nothing when ``later`` undoes ``earlier`` (both without parameters), else ``None``.

    >>> from qjax.ops import S, Sdg, T
    >>> cancel_pair(S(0), Sdg(0)), cancel_pair(S(0), T(0))
    ([], None)
    """
    if jax.tree_util.tree_leaves(earlier) or jax.tree_util.tree_leaves(later):
        return None
    if earlier.kind in NON_UNITARY_KINDS or later.kind in NON_UNITARY_KINDS:
        return None
    return [] if structure(earlier.adjoint()) == structure(later) else None


def merge_pair(earlier: Operation, later: Operation) -> list[Operation] | None:
    """One rotation with the summed angle, for two one-parameter gates of one generator.

    ``exp(i a G) exp(i b G) = exp(i (a + b) G)``: gates whose single
    parameter multiplies a fixed generator (``RX``, ``CRZ``, ``IsingZZ``,
    ``PauliRot``, ``PhaseShift``, ...) add their angles.

    >>> from qjax.ops import RX
    >>> merge_pair(RX(0.25, wires=0), RX(0.5, wires=0))
    [RX(0.75, wires=[0])]
    """
    if earlier.kind in NON_UNITARY_KINDS or len(earlier.params) != 1:
        return None
    if earlier.generator() is None or structure(earlier) != structure(later):
        return None
    return [earlier.with_params(earlier.params[0] + later.params[0])]


def combine_adjacent(gates: Sequence[Operation], combine: Combine) -> list[Operation]:
    """Rewrites pairs of gates on the same wires with nothing between them on those wires.

    A rewrite can expose a new pair (``X H H X`` cancels entirely): each
    wire keeps a stack of the gates on it, and a removal uncovers the gate below.

    >>> from qjax.ops import H, X
    >>> combine_adjacent([X(0), H(0), H(0), X(0), H(1)], cancel_pair)
    [H(wires=[1])]
    """
    kept: list[Operation | None] = []
    stacks: dict[Hashable, list[int]] = {}

    def push(op: Operation) -> None:
        for w in op.wires:
            stacks.setdefault(w, []).append(len(kept))
        kept.append(op)

    for gate in gates:
        tops = {stacks[w][-1] for w in gate.wires if stacks.get(w)}
        earlier = kept[next(iter(tops))] if len(tops) == 1 else None
        replacement = None
        if earlier is not None and earlier.wires == gate.wires:
            replacement = combine(earlier, gate)
        if replacement is None:
            push(gate)
            continue
        for w in gate.wires:
            kept[stacks[w].pop()] = None
        for op in replacement:
            push(op)
    return [op for op in kept if op is not None]
