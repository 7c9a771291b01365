"""The syntax tree of an OpenQASM program: frozen nodes that remember where they were written."""

import dataclasses
from typing import Any


@dataclasses.dataclass(frozen=True)
class Node:
    """A piece of the program; ``line`` and ``column`` say where it starts (1-based)."""

    line: int
    column: int


# --- expressions ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Number(Node):
    """A numeric literal."""

    value: int | float


@dataclasses.dataclass(frozen=True)
class Name(Node):
    """An identifier: a constant, parameter, input, loop variable, register or bit."""

    name: str


@dataclasses.dataclass(frozen=True)
class Unary(Node):
    """``op operand`` for ``-``, ``+``, ``!`` and ``~``."""

    op: str
    operand: Any


@dataclasses.dataclass(frozen=True)
class Binary(Node):
    """``left op right``."""

    op: str
    left: Any
    right: Any


@dataclasses.dataclass(frozen=True)
class Call(Node):
    """``name(args)`` in an expression: a built-in function such as ``sin``."""

    name: str
    args: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class RangeSel(Node):
    """``start:end`` or ``start:step:end`` (inclusive end); a missing bound is ``None``."""

    start: Any
    step: Any
    end: Any


@dataclasses.dataclass(frozen=True)
class SetSel(Node):
    """``{a, b, c}``: an explicit list of indices or loop values."""

    items: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class Indexed(Node):
    """``name[selector]``: one element (an expression), a range or a set of a register."""

    name: str
    selector: Any


@dataclasses.dataclass(frozen=True)
class MeasureExpr(Node):
    """``measure operand`` on the right of an assignment or declaration."""

    operand: Any


# --- statements ----------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Include(Node):
    """``include "file";``."""

    path: str


@dataclasses.dataclass(frozen=True)
class QubitDecl(Node):
    """``qreg q[n];``, ``qubit[n] q;`` or ``qubit q;`` (``size`` ``None``: one qubit)."""

    name: str
    size: Any


@dataclasses.dataclass(frozen=True)
class BitDecl(Node):
    """``creg c[n];``, ``bit[n] c;`` or ``bit c;``, optionally ``= measure operand``."""

    name: str
    size: Any
    init: MeasureExpr | None


@dataclasses.dataclass(frozen=True)
class ConstDecl(Node):
    """``const float x = expr;`` (or a classical declaration never assigned again)."""

    type: str
    name: str
    value: Any


@dataclasses.dataclass(frozen=True)
class InputDecl(Node):
    """``input float x;`` or ``input angle[32] x;``: a parameter bound at each call."""

    type: str
    name: str


@dataclasses.dataclass(frozen=True)
class Alias(Node):
    """``let name = register[selector];``."""

    name: str
    target: Any


@dataclasses.dataclass(frozen=True)
class GateDef(Node):
    """``gate name(params) qubits { body }``, or ``opaque name(params) qubits;`` (body ``None``)."""

    name: str
    params: tuple[str, ...]
    qubits: tuple[str, ...]
    body: tuple[Any, ...] | None


@dataclasses.dataclass(frozen=True)
class Arg(Node):
    """One ``def`` argument: ``kind`` ``"qubit"`` (``size``: ``None`` or a count) or ``"float"``."""

    kind: str
    size: Any
    name: str


@dataclasses.dataclass(frozen=True)
class DefDef(Node):
    """``def name(args) { body }`` without a return value."""

    name: str
    args: tuple[Arg, ...]
    body: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class Modifier(Node):
    """``ctrl(k) @``, ``negctrl(k) @``, ``inv @`` or ``pow(k) @`` (``arg`` may be ``None``)."""

    kind: str
    arg: Any


@dataclasses.dataclass(frozen=True)
class GateCall(Node):
    """``modifiers name(params) operands;`` (also ``gphase`` and ``def`` calls)."""

    modifiers: tuple[Modifier, ...]
    name: str
    params: tuple[Any, ...]
    operands: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class Measure(Node):
    """``measure qubit -> bit;``, ``bit = measure qubit;`` or ``measure qubit;`` (no bit)."""

    qubit: Any
    bit: Any


@dataclasses.dataclass(frozen=True)
class Reset(Node):
    """``reset operand;``."""

    operand: Any


@dataclasses.dataclass(frozen=True)
class BarrierStmt(Node):
    """``barrier operands;`` (no operands: every qubit)."""

    operands: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class If(Node):
    """``if (condition) then else otherwise``."""

    condition: Any
    then: tuple[Any, ...]
    otherwise: tuple[Any, ...]


@dataclasses.dataclass(frozen=True)
class For(Node):
    """``for type var in [a:b] { body }`` (or over a set ``{1, 2}``)."""

    var: str
    iterable: Any
    body: tuple[Any, ...]
