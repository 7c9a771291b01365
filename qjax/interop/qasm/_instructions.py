"""The flat program an OpenQASM import compiles to: gates on wire indices, measurements, ifs.

Gate definitions, subroutines, loops, broadcasting and gate modifiers are all
resolved at import; what is left is a sequence of these instructions whose
only unknowns are the values of ``input`` parameters (and, at run time, the
outcomes of mid-circuit measurements).
"""

import dataclasses
from typing import Any

from qjax.interop.qasm._library import LibraryGate
from qjax.interop.qasm._values import Value


@dataclasses.dataclass(frozen=True)
class GateOp:
    """A library gate on ``wires``, inverted if ``inverse``, controlled on ``controls``.

    ``values`` holds the control value (1 for ``ctrl``, 0 for ``negctrl``) of each control.
    """

    gate: LibraryGate
    params: tuple[Value, ...]
    wires: tuple[int, ...]
    controls: tuple[int, ...] = ()
    values: tuple[int, ...] = ()
    inverse: bool = False


@dataclasses.dataclass(frozen=True)
class PowerOp:
    """The principal ``exponent``-th power of the unitary of ``body`` (which acts on ``wires``)."""

    body: tuple[Any, ...]
    wires: tuple[int, ...]
    exponent: float
    controls: tuple[int, ...] = ()
    values: tuple[int, ...] = ()


@dataclasses.dataclass(frozen=True)
class BarrierOp:
    """A barrier across ``wires``."""

    wires: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class MeasureOp:
    """Measures ``wire`` into the bit slot ``bit`` (``None``: the outcome is discarded).

    A ``terminal`` measurement records nothing: its outcome is read from the final
    state. ``reset`` sets the wire to ``|0>`` after measuring.
    """

    wire: int
    bit: int | None
    reset: bool = False
    terminal: bool = False


@dataclasses.dataclass(frozen=True)
class ResetOp:
    """Resets ``wire`` to ``|0>``; ``initial``: nothing in the program acted on it before."""

    wire: int
    initial: bool = False


@dataclasses.dataclass(frozen=True)
class CondBits:
    """The integer value of bit slots, ``bits[0]`` the least significant."""

    bits: tuple[int, ...]


@dataclasses.dataclass(frozen=True)
class CondConst:
    """An integer constant in a condition."""

    value: int


@dataclasses.dataclass(frozen=True)
class CondOp:
    """A comparison or logical operation (``==``, ``&&``, ``!``, ...) on conditions."""

    op: str
    args: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class IfOp:
    """Gates applied where ``condition`` is nonzero (``then``) or zero (``otherwise``)."""

    condition: Any
    then: tuple[Any, ...]
    otherwise: tuple[Any, ...]


def used_wires(instruction: Any) -> tuple[int, ...]:
    """The wires an instruction acts on (a barrier acts on none).

    >>> used_wires(ResetOp(2)), used_wires(BarrierOp((0, 1)))
    ((2,), ())
    """
    if isinstance(instruction, (GateOp, PowerOp)):
        return instruction.controls + instruction.wires
    if isinstance(instruction, (MeasureOp, ResetOp)):
        return (instruction.wire,)
    if isinstance(instruction, IfOp):
        body = instruction.then + instruction.otherwise
        return tuple(w for inner in body for w in used_wires(inner))
    return ()


def condition_bits(condition: Any) -> tuple[int, ...]:
    """The bit slots a condition reads.

    >>> condition_bits(CondOp("==", (CondBits((0, 1)), CondConst(3))))
    (0, 1)
    """
    if isinstance(condition, CondBits):
        return condition.bits
    if isinstance(condition, CondOp):
        return tuple(b for arg in condition.args for b in condition_bits(arg))
    return ()
