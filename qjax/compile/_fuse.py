"""Fusion: runs of gates on few wires become one matrix, one diagonal or one permutation."""

import dataclasses
from collections.abc import Callable, Hashable, Sequence

from qjax.compile._fused import Fused, Repeat, all_diagonal
from qjax.ops import Kind, Operation

_FUSABLE = frozenset({Kind.DENSE, Kind.DIAGONAL, Kind.PERMUTATION, Kind.CONTROLLED})


@dataclasses.dataclass
class _Block:
    """Gates on a set of wires, open for more while it is the last block on each of them."""

    parts: list[Operation]
    wires: set[Hashable]
    absorbed: bool = False


@dataclasses.dataclass(frozen=True)
class FusionLimits:
    """The widest dense (or permutation) block and the widest merged diagonal."""

    dense: int
    diagonal: int

    def fits(self, parts: Sequence[Operation], wires: set[Hashable]) -> bool:
        """Whether ``parts`` on ``wires`` make a block within the limits."""
        return len(wires) <= (self.diagonal if all_diagonal(parts) else self.dense)


def expand_sequences(gates: Sequence[Operation]) -> list[Operation]:
    """Replaces every ``Kind.SEQUENCE`` gate by its decomposition, recursively.

    >>> from qjax.ops import PauliRot
    >>> [op.name for op in expand_sequences([PauliRot(0.1, "XXXXX", wires=range(5))])][-6:]
    ['MultiRZ', 'H', 'H', 'H', 'H', 'H']
    """
    expanded: list[Operation] = []
    for gate in gates:
        if gate.kind is Kind.SEQUENCE:
            expanded += expand_sequences(gate.decomposition())
        else:
            expanded.append(gate)
    return expanded


def _is_open(block: object, last: dict[Hashable, object]) -> bool:
    return isinstance(block, _Block) and all(last[w] is block for w in block.wires)


def _merge(
    gate: Operation, candidates: list[_Block], limits: FusionLimits
) -> tuple[list[_Block], _Block]:
    """The open blocks to absorb (widest first, while they fit) and the block they make."""
    chosen: list[_Block] = []
    parts: list[Operation] = []
    wires = set(gate.wires)
    for block in sorted(candidates, key=lambda b: -len(b.wires)):
        if limits.fits([*parts, *block.parts, gate], wires | block.wires):
            chosen.append(block)
            parts += block.parts
            wires |= block.wires
    return chosen, _Block([*parts, gate], wires)


def fuse_gates(
    gates: Sequence[Operation], limits: FusionLimits, order: Callable[[Hashable], int]
) -> list[Operation]:
    """Greedy fusion of ``gates``: each joins the open blocks on its wires while they fit.

    A block is open while no later gate touches its wires, so it may move
    forward past gates on other wires and absorb the next gate on its own. A
    diagonal gate may also join the newest block when that block is diagonal
    and open. A block of one gate stays that gate; wider gates, repeated
    blocks and gates of other kinds pass through and close what they touch.

    Args:
      gates: the gates, in application order.
      limits: the widest blocks.
      order: sorts a block's wires (their circuit axes).

    Returns:
      The gates and :class:`Fused` blocks, in an order that gives the same product.

    >>> from qjax.ops import CNOT, RY
    >>> gates = [RY(0.1, wires=0), RY(0.2, wires=1), CNOT(wires=[0, 1]), RY(0.3, wires=2)]
    >>> fuse_gates(gates, FusionLimits(dense=2, diagonal=4), order=int)
    [Fused([RY, RY, CNOT], wires=[0, 1]), RY(0.3, wires=[2])]
    """
    blocks: list[_Block | Operation] = []
    last: dict[Hashable, object] = {}
    for gate in gates:
        if gate.kind not in _FUSABLE or not limits.fits([gate], set(gate.wires)):
            gate = _fuse_repeat(gate, limits, order) if gate.kind is Kind.REPEAT else gate
            blocks.append(gate)
            last.update(dict.fromkeys(gate.wires, gate))
            continue
        candidates = {id(last[w]): last[w] for w in gate.wires if w in last}
        newest = blocks[-1] if blocks else None
        if gate.kind is Kind.DIAGONAL and isinstance(newest, _Block) and all_diagonal(newest.parts):
            candidates[id(newest)] = newest
        open_blocks = [b for b in candidates.values() if _is_open(b, last)]
        chosen, block = _merge(gate, open_blocks, limits)  # type: ignore[arg-type]
        for absorbed in chosen:
            absorbed.absorbed = True
        blocks.append(block)
        last.update(dict.fromkeys(block.wires, block))
    return [_finish(b, order) for b in blocks if not (isinstance(b, _Block) and b.absorbed)]


def _finish(block: "_Block | Operation", order: Callable[[Hashable], int]) -> Operation:
    if not isinstance(block, _Block):
        return block
    if len(block.parts) == 1:
        return block.parts[0]
    return Fused.of(block.parts, sorted(block.wires, key=order))


def _fuse_repeat(
    op: Operation, limits: FusionLimits, order: Callable[[Hashable], int]
) -> Operation:
    return Repeat.of(fuse_gates(op.body, limits, order), op.count)  # type: ignore[attr-defined]
