"""``qj.from_qasm``: an OpenQASM 2.0 or 3 program as a template to call inside ``qj.circuit``.

The program is parsed and checked once, when it is imported; calling it
records its gates into the circuit being recorded, with the values of its
``input`` parameters (which may be traced: ``jit``, ``vmap`` and ``grad`` see
through them).
"""

import dataclasses
import itertools
import math
from collections.abc import Callable, Hashable, Mapping
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from qjax._dtypes import complex_dtype, is_traced
from qjax.compile import Fused
from qjax.errors import ParameterError, QasmError, WireError
from qjax.interop.qasm._compile import Compiled, compile_program, evaluate_condition
from qjax.interop.qasm._instructions import (
    BarrierOp,
    GateOp,
    IfOp,
    MeasureOp,
    PowerOp,
    ResetOp,
)
from qjax.interop.qasm._values import resolve
from qjax.ops import (
    Barrier,
    Conditional,
    Controlled,
    I,
    MeasuredAtEnd,
    MeasurementValue,
    Operation,
    Operator,
    QubitUnitary,
    enqueue,
    measure,
    paused,
    recorded_so_far,
)

EIGENBASIS_MIXES = (0.5772156649015329, 0.3183098861837907, 0.4142135623730951)
"""``c`` in ``(U + U^†)/2 + c (U - U^†)/(2i)``: irrational mixes whose eigenvectors are ``U``'s.

Two eigenphases ``a1, a2`` of ``U`` with ``a1 + a2 = 2 atan(c)`` give the mix a
repeated eigenvalue; a constant matrix then tries the next ``c``.
"""

DIAGONAL_ATOL = 1e-9
"""The largest off-diagonal entry of ``V^† U V`` that counts as diagonalised."""

BRANCH_TOLERANCE = 1e-5
"""Eigenphases within this of ``-π`` count as ``π``: the principal branch is ``(-π, π]``."""


@dataclasses.dataclass(frozen=True)
class MeasuredWire:
    """A bit measured at the end of the program: read it from ``wire`` of the final state.

    Terminal measurements record nothing; read their outcomes with
    ``qj.probs()``, ``qj.sample(...)`` or ``qj.counts(...)`` on ``wire``.

    >>> MeasuredWire(3)
    MeasuredWire(wire=3)
    """

    wire: Hashable


Bit = int | MeasurementValue | MeasuredWire


def _combine_outcomes(fn: Callable[..., Any], *values: Any) -> Any:
    """``fn`` of ints, or its table over every outcome of the measurements among ``values``."""
    outcomes = [v for v in values if isinstance(v, MeasurementValue)]
    if not outcomes:
        return fn(*values)
    ids = tuple(dict.fromkeys(i for v in outcomes for i in v.ids))

    def at(value: Any, bits: tuple[int, ...]) -> Any:
        if not isinstance(value, MeasurementValue):
            return value
        index = 0
        for own in value.ids:
            index = 2 * index + bits[ids.index(own)]
        return value.table[index]

    table = tuple(
        fn(*(at(v, bits) for v in values)) for bits in itertools.product((0, 1), repeat=len(ids))
    )
    return MeasurementValue(ids, table)


def principal_power(matrix: Any, exponent: float, xp: Any = jnp) -> Any:
    """``matrix ** exponent`` for a unitary: eigenphases ``a`` in ``(-π, π]`` become ``k a``.

    The eigenvectors come from ``eigh`` of a Hermitian mix of ``U`` and ``U^†``,
    so it runs under ``jit`` (with ``xp=jnp``) as well as in NumPy. A traced
    matrix uses the first mix only (and ``eigh`` has no gradient where the mix
    has repeated eigenvalues, as controlled gates do).

    >>> principal_power(np.diag([1, -1]).astype(complex), 0.5, np).round(6).tolist()
    [[(1+0j), 0j], [0j, 1j]]
    """
    adjoint = xp.conj(matrix).T
    for mix in EIGENBASIS_MIXES if xp is np else EIGENBASIS_MIXES[:1]:
        _, vectors = xp.linalg.eigh((matrix + adjoint) / 2 + mix * (matrix - adjoint) / 2j)
        rotated = xp.conj(vectors).T @ matrix @ vectors
        if xp is not np or np.abs(rotated - np.diag(np.diagonal(rotated))).max() < DIAGONAL_ATOL:
            break
    eigenvalues = xp.diagonal(rotated)
    phases = xp.angle(eigenvalues)
    phases = xp.where(phases <= -math.pi + BRANCH_TOLERANCE, phases + 2 * math.pi, phases)
    rotated = xp.exp(1j * exponent * phases.astype(matrix.dtype))
    return (vectors * rotated[None, :]) @ xp.conj(vectors).T


class _Recorder:
    """Runs the flat instructions of one call: builds the gates and records them."""

    def __init__(
        self,
        inputs: Mapping[str, Any],
        labels: tuple[Hashable, ...],
        num_bits: int,
        final_measurements: bool,
    ):
        self.inputs, self.labels = inputs, labels
        self.bits: list[Bit] = [0] * num_bits
        self.final_measurements = final_measurements
        self.touched = {w for op in recorded_so_far() if isinstance(op, Operator) for w in op.wires}

    def gates(self, instruction: Any) -> list[Operation]:
        """The gates of a gate, power or barrier instruction (none for a barrier)."""
        if isinstance(instruction, BarrierOp):
            return []
        controls = [self.labels[w] for w in instruction.controls]
        if isinstance(instruction, GateOp):
            params = [resolve(p, self.inputs) for p in instruction.params]
            wires = [self.labels[w] for w in instruction.wires]
            with paused():
                ops = instruction.gate.build(params, wires)
            if instruction.inverse:
                ops = [op.adjoint() for op in reversed(ops)]
        else:
            ops = [self.power(instruction)]
        if not controls:
            return ops
        with paused():
            return [
                Controlled(op, controls, instruction.values) for op in ops if not isinstance(op, I)
            ]

    def power(self, instruction: PowerOp) -> Operation:
        body = [op for inner in instruction.body for op in self.gates(inner)]
        wires = tuple(self.labels[w] for w in instruction.wires)
        product = Fused.of(body, wires)
        if any(is_traced(leaf) for leaf in jax.tree_util.tree_leaves(body)):
            matrix = principal_power(product.matrix(), instruction.exponent, jnp)
        else:
            # Constant gates give constant matrices even while a jit traces the circuit.
            with jax.ensure_compile_time_eval():
                constant = np.asarray(product.matrix(), np.complex128)
            matrix = principal_power(constant, instruction.exponent, np)
        with paused():
            return QubitUnitary(jnp.asarray(matrix, complex_dtype()), wires=list(wires))

    def conditioned(self, instruction: Any, condition: Any) -> list[Operation]:
        """The gates of an instruction inside an if, acting where ``condition`` is nonzero."""
        if isinstance(instruction, IfOp):
            own = evaluate_condition(
                instruction.condition, self.bits.__getitem__, _combine_outcomes
            )
            out = []
            for branch, truth in ((instruction.then, True), (instruction.otherwise, False)):
                combined = _combine_outcomes(
                    lambda outer, inner, truth=truth: int(bool(outer) and bool(inner) == truth),
                    condition,
                    own,
                )
                out += [op for inner in branch for op in self.conditioned(inner, combined)]
            return out
        ops = [op for op in self.gates(instruction) if not isinstance(op, I)]
        if not isinstance(condition, MeasurementValue):
            return ops if condition else []
        with paused():
            return [Conditional(op, ids=condition.ids, table=condition.table) for op in ops]

    def run(self, instruction: Any) -> None:
        if isinstance(instruction, MeasureOp):
            wire = self.labels[instruction.wire]
            if instruction.terminal and self.final_measurements:
                outcome: Bit = MeasuredWire(wire)
                MeasuredAtEnd(wires=[wire])
            else:
                outcome = measure(wire, reset=instruction.reset)
            if instruction.bit is not None:
                self.bits[instruction.bit] = outcome
        elif isinstance(instruction, ResetOp):
            wire = self.labels[instruction.wire]
            if not instruction.initial or wire in self.touched:
                measure(wire, reset=True)
        elif isinstance(instruction, BarrierOp):
            Barrier(wires=[self.labels[w] for w in instruction.wires])
        elif isinstance(instruction, IfOp):
            for op in self.conditioned(instruction, 1):
                enqueue(op)
        else:
            for op in self.gates(instruction):
                enqueue(op)


class QasmProgram:
    """An imported OpenQASM program: call it inside a ``qj.circuit`` function to record it.

    Attributes:
      version: ``"2.0"`` or ``"3.0"``.
      num_wires: the number of qubits.
      qubits: ``(register, index)`` of each qubit, in wire order.
      clbits: ``(register, index)`` of each classical bit.
      qubit_registers, bit_registers: register name to size, in declaration order.
      inputs: the names of the ``input`` parameters, in declaration order.

    >>> import qjax as qj
    >>> qj.from_qasm("qubit[2] q; input float t; U(t, 0, 0) q[0];")
    QasmProgram(version='3.0', qubits=2, inputs=('t',))
    """

    __slots__ = ("_compiled",)

    def __init__(self, compiled: Compiled):
        object.__setattr__(self, "_compiled", compiled)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a QasmProgram is immutable")

    @property
    def version(self) -> str:
        """``"2.0"`` or ``"3.0"``."""
        return self._compiled.version

    @property
    def num_wires(self) -> int:
        """The number of qubits the program declares."""
        return len(self._compiled.qubits)

    @property
    def qubits(self) -> tuple[tuple[str, int], ...]:
        """``(register, index)`` of each qubit, in wire order."""
        return self._compiled.qubits

    @property
    def clbits(self) -> tuple[tuple[str, int], ...]:
        """``(register, index)`` of each classical bit, in declaration order."""
        return self._compiled.clbits

    @property
    def qubit_registers(self) -> dict[str, int]:
        """Each qubit register's size, in declaration order."""
        return dict(self._compiled.qubit_registers)

    @property
    def bit_registers(self) -> dict[str, int]:
        """Each classical register's size, in declaration order."""
        return {name: len(bits) for name, bits in self._compiled.bit_registers}

    @property
    def inputs(self) -> tuple[str, ...]:
        """The names of the program's ``input`` parameters, in declaration order."""
        return self._compiled.inputs

    def __repr__(self) -> str:
        return (
            f"QasmProgram(version={self.version!r}, qubits={self.num_wires}, "
            f"inputs={self.inputs!r})"
        )

    def _bind(self, args: tuple, kwargs: dict[str, Any]) -> dict[str, Any]:
        names = self.inputs
        example = f"e.g. program({', '.join(f'{n}=0.1' for n in names)})"
        if len(args) > len(names):
            raise ParameterError(
                f"the program has {len(names)} input(s) {list(names)}, got {len(args)} "
                f"positional value(s); {example}"
            )
        bound = dict(zip(names, args, strict=False))
        unknown = sorted(set(kwargs) - set(names))
        twice = sorted(set(kwargs) & set(bound))
        missing = [n for n in names if n not in bound and n not in kwargs]
        for problem, listed in (("unknown", unknown), ("given twice", twice), ("missing", missing)):
            if listed:
                raise ParameterError(
                    f"input(s) {listed} {problem}: the program's inputs are {list(names)}; "
                    f"{example}"
                )
        return bound | kwargs

    def __call__(
        self, *args: Any, wires: Any = None, final_measurements: bool = True, **inputs: Any
    ) -> dict[str, tuple[Bit, ...]]:
        """Records the program into the circuit being recorded; returns its classical registers.

        A measurement at the end of the program records nothing: its bit is a
        :class:`MeasuredWire` to read from the final state, and the circuit
        refuses any later gate on that wire. A reset of a qubit nothing has
        touched yet records nothing either.

        Args:
          *args: input values, in the order of :attr:`inputs`.
          wires: the circuit wire of each qubit (default ``range(num_wires)``).
          final_measurements: ``False`` records the measurements at the end as
            mid-circuit measurements (``qj.measure``), so that gates may follow.
          **inputs: input values by name. Every input is required.

        Returns:
          Register name to its bits: ``0`` (never measured), the
          ``MeasurementValue`` of a mid-circuit measurement, or a
          :class:`MeasuredWire` for a measurement at the end.

        >>> import qjax as qj
        >>> bell = qj.from_qasm("qubit[2] q; bit[2] c; U(pi/2, 0, pi) q[0]; c = measure q;")
        >>> @qj.circuit(wires=["a", "b"])
        ... def run():
        ...     bits = bell(wires=["a", "b"])["c"]
        ...     return qj.probs(wires=[bit.wire for bit in bits])
        >>> run().round(5)
        Array([0.5, 0. , 0.5, 0. ], dtype=float32)
        """
        values = self._bind(args, inputs)
        labels = tuple(range(self.num_wires)) if wires is None else tuple(wires)
        if len(labels) != self.num_wires:
            raise WireError(
                f"the program has {self.num_wires} qubit(s) {self._qubit_names()}, got "
                f"wires={list(labels)} ({len(labels)}); e.g. wires=range({self.num_wires})"
            )
        recorder = _Recorder(values, labels, self._compiled.num_bit_slots, final_measurements)
        for instruction in self._compiled.instructions:
            recorder.run(instruction)
        return {
            name: tuple(recorder.bits[b] for b in bits)
            for name, bits in self._compiled.bit_registers
        }

    def _qubit_names(self) -> str:
        names = [f"{r}[{i}]" for r, i in self.qubits[:6]]
        return "[" + ", ".join(names) + (", ...]" if self.num_wires > 6 else "]")


def from_qasm(text: str, *, includes: Mapping[str, str] | None = None) -> QasmProgram:
    """Imports an OpenQASM 2.0 or 3 program; call the result inside ``qj.circuit`` to record it.

    The program is parsed and checked at once: any problem is a
    :class:`~qjax.errors.QasmError` naming its line and column. A program
    without an ``OPENQASM`` line is read as OpenQASM 3.

    Gates map to qjax gates with exactly their matrices, global phase
    included. ``qelib1.inc`` (OpenQASM 2.0) takes Qiskit's matrices (``u3`` and
    ``u`` are the standard ``U3``; ``rccx`` is the relative-phase Toffoli) and
    knows the gates Qiskit writes (``p``, ``sx``, ``cu``, ``rzz``, ``c3x``,
    ...); a file's own compatible definition of one of them is ignored, as
    Qiskit does, except for ``ryy``, ``rzx``, ``ecr``, ``iswap``, ``dcx``,
    ``r``, ``ccz``, ``cs`` and ``csdg``, which Qiskit writes out as ``gate``
    definitions: a file's definition of those holds. ``stdgates.inc`` (OpenQASM 3) follows its
    definitions, ``gphase`` included: there ``u2``/``u3`` carry
    ``exp(-i(φ+λ)/2)``. The built-in ``U(θ, φ, λ)`` is ``Rz(φ) Ry(θ) Rz(λ)``
    in OpenQASM 2.0 (``U3`` times ``exp(-i(φ+λ)/2)``) and the standard ``U3``
    matrix in OpenQASM 3, each per its specification.

    Supported: registers (``qreg``/``creg``, ``qubit``/``bit``), ``gate``
    definitions, ``def`` subroutines with qubit and float arguments, gate
    modifiers ``ctrl``, ``negctrl``, ``inv`` and ``pow`` (a non-integer power
    is the principal matrix power), ``gphase``, ``const`` and ``input``
    parameters (``float``/``angle``), ``for`` loops over ranges and sets,
    register slices, broadcasting, ``measure``, ``reset``, ``barrier``, ``if``
    on measured bits (``qj.cond``). Everything else (``while``, ``switch``,
    ``box``, ``delay``, ``defcal``, ``extern``, arrays, classical assignments,
    ...) is a :class:`~qjax.errors.QasmError`, never a wrong circuit.

    A ``measure`` whose qubit is used by no later statement and whose bit no
    later ``if`` reads is terminal: it records nothing, and its bit is a
    :class:`MeasuredWire` to read with ``qj.probs()`` or ``qj.sample(...)``.
    Other measurements are ``qj.measure``; ``reset`` is
    ``qj.measure(wire, reset=True)``.

    Args:
      text: the program.
      includes: the text of each file it includes, by name; ``qelib1.inc``
        and ``stdgates.inc`` are built in.

    Returns:
      A :class:`QasmProgram`.

    Raises:
      QasmError: the program is malformed or uses an unsupported construct.

    >>> import jax, qjax as qj
    >>> program = qj.from_qasm('''
    ... OPENQASM 3;
    ... include "stdgates.inc";
    ... input float theta;
    ... qubit[2] q;
    ... bit[2] c;
    ... h q[0];
    ... crx(theta) q[0], q[1];
    ... c = measure q;
    ... ''')
    >>> @qj.circuit(wires=program.num_wires)
    ... def run(theta):
    ...     program(theta=theta)
    ...     return qj.probs()
    >>> jax.jit(run)(jax.numpy.pi).round(3)
    Array([0.5, 0. , 0. , 0.5], dtype=float32)
    >>> float(jax.grad(lambda t: run(t)[3])(jax.numpy.pi / 2)).__round__(4)
    0.25
    """
    if not isinstance(text, str):
        raise QasmError(f"from_qasm takes the program's text as a str, got {type(text).__name__}")
    includes = dict(includes or {})
    for name, source in includes.items():
        if not isinstance(name, str) or not isinstance(source, str):
            raise QasmError(
                f"includes maps file names to their text (both str), got {name!r}: "
                f"{type(source).__name__}"
            )
    try:
        compiled = compile_program(text, includes)
    except RecursionError:
        raise QasmError("the program is nested too deeply to import") from None
    return QasmProgram(compiled)
