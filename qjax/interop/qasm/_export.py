"""OpenQASM export: ``qj.to_qasm(circuit_fn)(*args)`` writes the recorded circuit as text.

Each gate becomes the library gate of the same matrix where OpenQASM has one
(``qelib1.inc`` for 2.0, ``stdgates.inc`` and gate modifiers for 3.0), an
exact decomposition into such gates otherwise (Pauli rotations, Ising gates),
and, for a matrix with no name (``QubitUnitary``, ``StatePrep``, ...), a
product of controlled single-qubit gates found from the matrix itself. The
decompositions are exact, relative phases included; OpenQASM 3 also keeps the
global phase (``gphase``), which OpenQASM 2 does not define.
"""

import dataclasses
import itertools
import math
from collections.abc import Callable, Hashable, Iterator, Sequence
from typing import Any

import numpy as np

from qjax._dtypes import is_traced
from qjax.circuit import Circuit, record
from qjax.errors import CircuitError
from qjax.ops import (
    CNOT,
    NON_UNITARY_KINDS,
    RX,
    RY,
    RZ,
    U3,
    Adjoint,
    Conditional,
    Controlled,
    GlobalPhase,
    H,
    MeasuredAtEnd,
    MidMeasure,
    Operation,
    Operator,
    PauliRot,
    StatePreparation,
    Toffoli,
    X,
    paused,
)

VERSIONS = {"2": "2.0", "2.0": "2.0", "3": "3.0", "3.0": "3.0"}
"""Accepted ``version=`` spellings and the version each writes."""

ATOL = 1e-12
"""Below this, a matrix entry or an angle counts as zero when choosing gates."""

_LIBRARY: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    "2.0": {
        "I": ("id", ()), "X": ("x", ()), "Y": ("y", ()), "Z": ("z", ()), "H": ("h", ()),
        "S": ("s", ()), "Sdg": ("sdg", ()), "T": ("t", ()), "Tdg": ("tdg", ()),
        "SX": ("sx", ()), "SXdg": ("sxdg", ()), "RX": ("rx", ()), "RY": ("ry", ()),
        "RZ": ("rz", ()), "PhaseShift": ("u1", ()), "U1": ("u1", ()), "U2": ("u2", ()),
        "U3": ("u3", ()), "CNOT": ("cx", ()), "CY": ("cy", ()), "CZ": ("cz", ()),
        "CH": ("ch", ()), "SWAP": ("swap", ()), "CSWAP": ("cswap", ()), "Toffoli": ("ccx", ()),
        "CRX": ("crx", ()), "CRY": ("cry", ()), "CRZ": ("crz", ()),
        "ControlledPhaseShift": ("cu1", ()), "Barrier": ("barrier", ()),
    },
    "3.0": {
        "I": ("id", ()), "X": ("x", ()), "Y": ("y", ()), "Z": ("z", ()), "H": ("h", ()),
        "S": ("s", ()), "Sdg": ("sdg", ()), "T": ("t", ()), "Tdg": ("tdg", ()),
        "SX": ("sx", ()), "SXdg": ("sx", ("inv",)), "RX": ("rx", ()), "RY": ("ry", ()),
        "RZ": ("rz", ()), "PhaseShift": ("p", ()), "U1": ("p", ()), "U3": ("U", ()),
        "CNOT": ("cx", ()), "CY": ("cy", ()), "CZ": ("cz", ()), "CH": ("ch", ()),
        "SWAP": ("swap", ()), "CSWAP": ("cswap", ()), "Toffoli": ("ccx", ()),
        "CCZ": ("z", ("ctrl", "ctrl")), "CRX": ("crx", ()), "CRY": ("cry", ()),
        "CRZ": ("crz", ()), "ControlledPhaseShift": ("cp", ()), "Barrier": ("barrier", ()),
    },
}  # fmt: skip
"""qjax gates that are one library gate (with OpenQASM 3 modifiers), by version."""

_SELF_INVERSE_2 = frozenset(
    {"id", "x", "y", "z", "h", "cx", "cy", "cz", "ch", "swap", "cswap", "ccx", "c3x", "c4x"}
)
_INVERSE_NAMES_2 = {"s": "sdg", "sdg": "s", "t": "tdg", "tdg": "t", "sx": "sxdg", "sxdg": "sx"}
_NEGATED_2 = frozenset({"rx", "ry", "rz", "u1", "crx", "cry", "crz", "cu1"})
_MULTI_CONTROLLED_X_2 = {1: "cx", 2: "ccx", 3: "c3x", 4: "c4x"}
"""OpenQASM 2 names of X with 1 to 4 controls."""


@dataclasses.dataclass(frozen=True)
class _Gate:
    """A library gate applied to wires (controls first), with OpenQASM 3 modifiers."""

    name: str
    params: tuple[float, ...]
    wires: tuple[Hashable, ...]
    modifiers: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class _ControlledU:
    """A 2x2 unitary on ``target``, applied where each control wire holds its value."""

    matrix: np.ndarray
    target: Hashable
    controls: tuple[tuple[Hashable, int], ...] = ()


@dataclasses.dataclass(frozen=True)
class _Phase:
    """The global phase ``exp(i angle)``."""

    angle: float


_Instruction = _Gate | _ControlledU | _Phase


# --- numbers ---------------------------------------------------------------------------------


def _concrete(value: Any, op: Operator) -> np.ndarray:
    if is_traced(value):
        raise CircuitError(
            f"{op!r} has a traced parameter; OpenQASM needs numbers: call qj.to_qasm(...)(*args) "
            "outside jax.jit, jax.vmap and jax.grad"
        )
    return np.asarray(value)


def _number(value: float) -> str:
    """A real number as OpenQASM 2 and 3 both read it (a decimal point before any exponent)."""
    if not math.isfinite(value):
        raise CircuitError(f"OpenQASM cannot write the parameter {value}")
    text = repr(float(value))
    mantissa, exponent = text.split("e") if "e" in text else (text, "")
    if "." not in mantissa:
        mantissa += ".0"
    return mantissa + (f"e{exponent}" if exponent else "")


def u3_angles(matrix: np.ndarray) -> tuple[float, float, float, float]:
    """``(theta, phi, lam, alpha)`` with ``matrix == exp(i alpha) U3(theta, phi, lam)``.

    >>> import numpy as np
    >>> [round(a, 6) for a in u3_angles(np.array([[0, 1], [1, 0]]))]
    [3.141593, 0.0, 3.141593, 0.0]
    """
    theta = 2 * math.atan2(abs(matrix[1, 0]), abs(matrix[0, 0]))
    if abs(matrix[0, 0]) > ATOL:
        # phi + lam from the diagonal, so off-diagonal rounding noise cannot flip its phase.
        alpha = float(np.angle(matrix[0, 0]))
        phi = float(np.angle(matrix[1, 0])) - alpha if abs(matrix[1, 0]) > ATOL else 0.0
        lam = float(np.angle(matrix[1, 1])) - alpha - phi
    else:
        alpha = float(np.angle(matrix[1, 0]))
        phi, lam = 0.0, float(np.angle(-matrix[0, 1])) - alpha
    return theta, phi, lam, alpha


def _sqrt_unitary(matrix: np.ndarray) -> np.ndarray:
    """A unitary ``V`` with ``V @ V == matrix`` for a 2x2 unitary ``matrix``."""
    scale = np.sqrt(np.linalg.det(matrix) + 0j)
    special = matrix / scale
    cos_half = float(np.clip(np.real(np.trace(special)) / 2, -1.0, 1.0))
    half = math.acos(cos_half)
    if math.sin(half) < 1e-9:
        root = np.eye(2) if cos_half > 0 else np.diag([-1j, 1j])
    else:
        axis = (special - cos_half * np.eye(2)) / (-1j * math.sin(half))
        root = math.cos(half / 2) * np.eye(2) - 1j * math.sin(half / 2) * axis
    return np.sqrt(scale) * root


# --- matrices to controlled single-qubit gates -------------------------------------------------


def _two_level_factors(matrix: np.ndarray) -> Iterator[tuple[int, int, np.ndarray]]:
    """Two-level unitaries ``(i, j, G)``, ``G`` on basis states ``|i>, |j>``, whose product is I.

    ``G_M ... G_1 matrix = I`` for the factors in order. Consecutive states of
    the Gray code are used, so ``i`` and ``j`` differ in one bit.
    """
    size = matrix.shape[0]
    gray = [r ^ (r >> 1) for r in range(size)]
    rest = matrix[np.ix_(gray, gray)].astype(np.complex128)
    for column in range(size - 1):
        for row in range(size - 1, column, -1):
            a, b = rest[row - 1, column], rest[row, column]
            if abs(b) < ATOL and (row > column + 1 or abs(a - 1) < ATOL):
                continue
            norm = math.hypot(abs(a), abs(b))
            factor = np.array([[np.conj(a), np.conj(b)], [-b, a]]) / norm
            rest[[row - 1, row]] = factor @ rest[[row - 1, row]]
            yield gray[row - 1], gray[row], factor
    phase = rest[-1, -1]
    if abs(phase - 1) > ATOL:
        yield gray[-2], gray[-1], np.diag([1, np.conj(phase)])


def _bit(index: int, position: int, num_wires: int) -> int:
    return (index >> (num_wires - 1 - position)) & 1


def matrix_instructions(matrix: np.ndarray, wires: Sequence[Hashable]) -> list[_ControlledU]:
    """Controlled single-qubit unitaries whose product, first to last, is ``matrix``.

    >>> import numpy as np
    >>> [(g.target, g.controls) for g in matrix_instructions(np.eye(2)[[1, 0]], ["a"])]
    [('a', ())]
    """
    num_wires = len(wires)
    if num_wires == 1:
        return [_ControlledU(np.asarray(matrix, np.complex128), wires[0])]
    instructions = []
    for first, second, factor in _two_level_factors(np.asarray(matrix)):
        target = next(p for p in range(num_wires) if _bit(first ^ second, p, num_wires))
        inverse = factor.conj().T
        if _bit(first, target, num_wires):
            inverse = inverse[::-1, ::-1]
        controls = tuple(
            (wires[p], _bit(first, p, num_wires)) for p in range(num_wires) if p != target
        )
        instructions.append(_ControlledU(inverse, wires[target], controls))
    return instructions[::-1]


def _state_preparation_matrix(state: np.ndarray) -> np.ndarray:
    """A unitary whose first column is ``state`` (a phased Householder reflection)."""
    phase = np.exp(1j * np.angle(state[0])) if abs(state[0]) > ATOL else 1.0
    reflected = np.zeros_like(state)
    reflected[0] = 1.0
    direction = reflected - state / phase
    norm = np.linalg.norm(direction)
    if norm < ATOL:
        return phase * np.eye(len(state))
    direction /= norm
    return phase * (np.eye(len(state)) - 2 * np.outer(direction, direction.conj()))


# --- qjax operations to instructions -------------------------------------------------------------


def _pauli_rotation(theta: Any, word: str, wires: Sequence[Hashable]) -> list[Operation]:
    active = [(letter, wire) for letter, wire in zip(word, wires, strict=True) if letter != "I"]
    if not active:
        return [GlobalPhase(theta / 2)]
    into = [H(w) if p == "X" else RX(np.pi / 2, w) for p, w in active if p != "Z"]
    outof = [H(w) if p == "X" else RX(-np.pi / 2, w) for p, w in active if p != "Z"]
    ladder = [CNOT([a, b]) for (_, a), (_, b) in itertools.pairwise(active)]
    return [*into, *ladder, RZ(theta, active[-1][1]), *ladder[::-1], *outof]


_DECOMPOSITIONS: dict[str, Callable[[Operation], list[Operation]]] = {
    "Rot": lambda op: [RZ(op.params[0], op.wires[0]), RY(op.params[1], op.wires[0]),
                       RZ(op.params[2], op.wires[0])],
    "U2": lambda op: [U3(np.pi / 2, *op.params, wires=op.wires)],
    "PauliRot": lambda op: _pauli_rotation(op.params[0], op.hyperparameters["pauli_word"],
                                           op.wires),
    "MultiRZ": lambda op: _pauli_rotation(op.params[0], "Z" * len(op.wires), op.wires),
    "IsingXX": lambda op: _pauli_rotation(op.params[0], "XX", op.wires),
    "IsingYY": lambda op: _pauli_rotation(op.params[0], "YY", op.wires),
    "IsingZZ": lambda op: _pauli_rotation(op.params[0], "ZZ", op.wires),
    "IsingXY": lambda op: [PauliRot(-op.params[0] / 2, "XX", op.wires),
                           PauliRot(-op.params[0] / 2, "YY", op.wires)],
    "CCZ": lambda op: [H(op.wires[2]), Toffoli(op.wires), H(op.wires[2])],
    "BasisState": lambda op: [X(w) for w, b in zip(op.wires, op.params[0], strict=True) if b],
}  # fmt: skip
"""Exact decompositions of gates with no library gate, into gates with one."""


def _with_controls(
    instruction: _Instruction, controls: tuple[tuple[Hashable, int], ...]
) -> list[_Instruction]:
    if isinstance(instruction, _Phase):
        *rest, (wire, value) = controls
        diagonal = [1, np.exp(1j * instruction.angle)]
        return [_ControlledU(np.diag(diagonal[::-1] if value == 0 else diagonal), wire,
                             tuple(rest))]  # fmt: skip
    if isinstance(instruction, _ControlledU):
        return [dataclasses.replace(instruction, controls=controls + instruction.controls)]
    if instruction.name == "barrier":
        return []
    modifiers = tuple("ctrl" if value else "negctrl" for _, value in controls)
    wires = tuple(wire for wire, _ in controls)
    return [_Gate(instruction.name, instruction.params, wires + instruction.wires,
                  modifiers + instruction.modifiers)]  # fmt: skip


def _inverse(instruction: _Instruction, version: str) -> _Instruction:
    if isinstance(instruction, _Phase):
        return _Phase(-instruction.angle)
    if isinstance(instruction, _ControlledU):
        return dataclasses.replace(instruction, matrix=instruction.matrix.conj().T)
    name, params = instruction.name, instruction.params
    if version == "3.0":
        return dataclasses.replace(instruction, modifiers=("inv", *instruction.modifiers))
    if name in _SELF_INVERSE_2 or name == "barrier":
        return instruction
    if name in _INVERSE_NAMES_2:
        return dataclasses.replace(instruction, name=_INVERSE_NAMES_2[name])
    if name in _NEGATED_2:
        return dataclasses.replace(instruction, params=tuple(-p for p in params))
    theta, phi, lam = params
    return dataclasses.replace(instruction, params=(-theta, -lam, -phi))


def _matrix_of(op: Operator) -> np.ndarray:
    if isinstance(op, StatePreparation):
        state = _concrete(op.state_vector(), op).astype(np.complex128)
        return _state_preparation_matrix(state)
    with paused():
        return _concrete(op.matrix(), op).astype(np.complex128)  # type: ignore[attr-defined]


def instructions(op: Operator, version: str) -> list[_Instruction]:
    """The OpenQASM instructions of one gate or state preparation, first to last."""
    name = op.name
    library = _LIBRARY[version]
    if name in library:
        qasm_name, modifiers = library[name]
        params = tuple(float(_concrete(p, op)) for p in op.params)
        if name == "I":
            return [_Gate(qasm_name, (), (w,)) for w in op.wires]
        return [_Gate(qasm_name, params, op.wires, modifiers)]
    if name == "GlobalPhase":
        return [_Phase(-float(_concrete(op.params[0], op)))]
    if name in _DECOMPOSITIONS:
        with paused():
            parts = _DECOMPOSITIONS[name](op)  # type: ignore[arg-type]
        return [i for part in parts for i in instructions(part, version)]
    if isinstance(op, Adjoint):
        return [_inverse(i, version) for i in reversed(instructions(op.base, version))]
    if isinstance(op, Controlled):
        controls = tuple(zip(op.control_wires, op.control_values, strict=True))
        if version == "3.0":
            return [c for i in instructions(op.base, version) for c in _with_controls(i, controls)]
        if len(op.base.wires) == 1:
            return [_ControlledU(_matrix_of(op.base), op.base.wires[0], controls)]
    return list(matrix_instructions(_matrix_of(op), op.wires))


# --- instructions to text ------------------------------------------------------------------------


def _call(name: str, params: Sequence[float], wires: Sequence[str], modifiers: str = "") -> str:
    arguments = f"({', '.join(_number(p) for p in params)})" if params else ""
    return f"{modifiers}{name}{arguments} {', '.join(wires)};"


def _is_x(matrix: np.ndarray) -> bool:
    return bool(np.allclose(matrix, [[0, 1], [1, 0]], atol=ATOL))


def _controlled_lines_2(matrix: np.ndarray, target: str, controls: Sequence[str]) -> list[str]:
    """OpenQASM 2 for ``matrix`` on ``target`` where every control wire holds 1."""
    theta, phi, lam, alpha = u3_angles(matrix)
    if not controls:
        return [_call("u3", (theta, phi, lam), [target])]
    if _is_x(matrix) and len(controls) in _MULTI_CONTROLLED_X_2:
        return [_call(_MULTI_CONTROLLED_X_2[len(controls)], (), [*controls, target])]
    if len(controls) == 1:
        phase = [_call("u1", (alpha,), controls)] if abs(alpha) > ATOL else []
        return [_call("cu3", (theta, phi, lam), [*controls, target]), *phase]
    *rest, last = controls
    root = _sqrt_unitary(matrix)
    flip = _controlled_lines_2(np.array([[0, 1], [1, 0]]), last, rest)
    return [
        *_controlled_lines_2(root, target, [last]),
        *flip,
        *_controlled_lines_2(root.conj().T, target, [last]),
        *flip,
        *_controlled_lines_2(root, target, rest),
    ]


def _lines_2(instruction: _Instruction, names: dict[Hashable, str]) -> list[str]:
    if isinstance(instruction, _Phase):
        return []
    if isinstance(instruction, _Gate):
        return [_call(instruction.name, instruction.params, [names[w] for w in instruction.wires])]
    flips = [_call("x", (), [names[w]]) for w, value in instruction.controls if value == 0]
    controls = [names[w] for w, _ in instruction.controls]
    body = _controlled_lines_2(instruction.matrix, names[instruction.target], controls)
    return [*flips, *body, *flips]


def _lines_3(instruction: _Instruction, names: dict[Hashable, str]) -> list[str]:
    if isinstance(instruction, _Phase):
        return [f"gphase({_number(instruction.angle)});"]
    if isinstance(instruction, _Gate):
        modifiers = "".join(f"{m} @ " for m in instruction.modifiers)
        wires = [names[w] for w in instruction.wires]
        return [_call(instruction.name, instruction.params, wires, modifiers)]
    theta, phi, lam, alpha = u3_angles(instruction.matrix)
    parts = _with_controls(
        _Gate("U", (theta, phi, lam), (instruction.target,)), instruction.controls
    )
    if abs(alpha) > ATOL:
        phase = _Phase(alpha)
        parts += _with_controls(phase, instruction.controls) if instruction.controls else [phase]
    return [line for part in parts for line in _lines_3(part, names)]


# --- the program ---------------------------------------------------------------------------------

_TERMINAL_MEASUREMENTS = frozenset({"probs", "sample", "counts"})
"""Measurements that read computational-basis outcomes, written as final ``measure``s."""


def _measured_wires(circuit: Circuit) -> list[Hashable]:
    """The circuit wires its probs, sample and counts measurements read, in circuit order."""
    read: set[Hashable] = set()
    for mp in circuit.measurements:
        if mp.function_name in _TERMINAL_MEASUREMENTS and mp.observable is None:
            read.update(mp.wires or circuit.wires)
    return [w for w in circuit.wires if w in read]


def _true_assignments(op: Conditional) -> list[tuple[tuple[int, int], ...]]:
    ids = op.condition.ids
    return [
        tuple(zip(ids, (index >> (len(ids) - 1 - k) & 1 for k in range(len(ids))), strict=True))
        for index, value in enumerate(op.condition.table)
        if value
    ]


class _Writer:
    """Writes a circuit's operations as OpenQASM statements, one version's syntax."""

    def __init__(self, circuit: Circuit, version: str):
        self.version = version
        self.names = {w: f"q[{i}]" for i, w in enumerate(circuit.wires)}
        self.outcomes = {
            op.hyperparameters["id"]: j
            for j, op in enumerate(op for op in circuit.operations if isinstance(op, MidMeasure))
        }

    def bit(self, outcome_id: int) -> str:
        j = self.outcomes[outcome_id]
        return f"m{j}[0]" if self.version == "2.0" else f"m[{j}]"

    def measure(self, wire: Hashable, bit: str) -> str:
        if self.version == "2.0":
            return f"measure {self.names[wire]} -> {bit};"
        return f"{bit} = measure {self.names[wire]};"

    def gate_lines(self, op: Operator) -> list[str]:
        lines = _lines_2 if self.version == "2.0" else _lines_3
        return [line for i in instructions(op, self.version) for line in lines(i, self.names)]

    def conditional_lines(self, op: Conditional) -> list[str]:
        body = self.gate_lines(op.base)
        assignments = _true_assignments(op)
        if len(assignments) == len(op.condition.table):
            return body
        if self.version == "3.0":
            return [self._nested_if(assignment, body) for assignment in assignments]
        if len(op.condition.ids) > 1:
            raise CircuitError(
                f"{op!r} depends on {len(op.condition.ids)} mid-circuit measurements; an "
                "OpenQASM 2 `if` tests one register: write version='3.0'"
            )
        return [
            f"if({self.bit(i)[:-3]}=={value}) {line}"
            for (((i, value),),) in [assignments]
            for line in body
        ]

    def _nested_if(self, assignment: tuple[tuple[int, int], ...], body: list[str]) -> str:
        text = " ".join(body)
        for outcome_id, value in reversed(assignment):
            text = f"if ({self.bit(outcome_id)} == {value}) {{ {text} }}"
        return text

    def lines(self, op: Operator) -> list[str]:
        if isinstance(op, MeasuredAtEnd):
            return []
        if isinstance(op, MidMeasure):
            if op.hyperparameters["postselect"] is not None:
                raise CircuitError(f"OpenQASM cannot postselect: {op!r}")
            (wire,) = op.wires
            reset = [f"reset {self.names[wire]};"] if op.hyperparameters["reset"] else []
            return [self.measure(wire, self.bit(op.hyperparameters["id"])), *reset]
        if isinstance(op, Conditional):
            return self.conditional_lines(op)
        if isinstance(op, Operation) and op.kind in NON_UNITARY_KINDS:
            raise CircuitError(f"OpenQASM has no noise channels or postselection: {op!r}")
        return self.gate_lines(op)


def _version(version: object) -> str:
    if str(version) not in VERSIONS:
        raise CircuitError(f"version must be 2, 3 or one of {sorted(VERSIONS)}, got {version!r}")
    return VERSIONS[str(version)]


def circuit_to_qasm(circuit: Circuit, *, version: str | float = "2.0", measure: bool = True) -> str:
    """The OpenQASM text of a recorded circuit; see :func:`to_qasm`.

    >>> import qjax as qj
    >>> def flip():
    ...     qj.X(0)
    ...     return qj.probs()
    >>> print(circuit_to_qasm(qj.record(flip, wires=1)(), measure=False))
    OPENQASM 2.0;
    include "qelib1.inc";
    qreg q[1];
    x q[0];
    """
    version = _version(version)
    writer = _Writer(circuit, version)
    body = [line for op in circuit.operations for line in writer.lines(op)]
    measured = _measured_wires(circuit) if measure else []
    num_outcomes = len(writer.outcomes)
    if version == "2.0":
        header = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{circuit.num_wires}];"]
        header += [f"creg m{j}[1];" for j in range(num_outcomes)]
        header += [f"creg c[{len(measured)}];"] if measured else []
    else:
        header = ["OPENQASM 3.0;", 'include "stdgates.inc";', f"qubit[{circuit.num_wires}] q;"]
        header += [f"bit[{num_outcomes}] m;"] if num_outcomes else []
        header += [f"bit[{len(measured)}] c;"] if measured else []
    if circuit.wires != tuple(range(circuit.num_wires)):
        header.append("// wires: " + ", ".join(f"{writer.names[w]} = {w!r}" for w in circuit.wires))
    final = [writer.measure(w, f"c[{k}]") for k, w in enumerate(measured)]
    return "\n".join(header + body + final) + "\n"


def to_qasm(
    fn: Callable[..., Any],
    *,
    wires: object = None,
    version: str | float = "2.0",
    measure: bool = True,
) -> Callable[..., str]:
    """Turns a circuit function into a function that returns its circuit as OpenQASM text.

    Wire ``wires[i]`` of the circuit is qubit ``q[i]``. Gates OpenQASM lacks
    are written as exact decompositions; matrices without a name
    (``QubitUnitary``, ``StatePrep``, ...) as controlled single-qubit gates.
    OpenQASM 3 keeps the global phase (``gphase``); OpenQASM 2 defines none and
    drops it. Mid-circuit measurements write to one-bit registers (``m0``,
    ``m1``, ... in 2.0; ``m[j]`` in 3.0) and ``qj.cond`` becomes ``if``. With
    ``measure=True``, the wires the circuit's ``qj.probs``, ``qj.sample`` and
    ``qj.counts`` read are measured into ``c`` at the end; other measurements
    (``qj.expval``, ``qj.state``, ...) have no OpenQASM form and are left out.
    Noise channels and postselection are errors.

    Args:
      fn: a ``qj.circuit`` function or a quantum function (then give ``wires``).
      wires: the circuit's wires, when ``fn`` is a plain function.
      version: ``"2.0"`` (``qelib1.inc``) or ``"3.0"`` (``stdgates.inc``); ``2``
        and ``3`` too.
      measure: whether to write the final measurements.

    Returns:
      ``(*args, **kwargs) -> str``; the arguments must be concrete numbers
      (not traced by ``jax.jit``, ``vmap`` or ``grad``).

    >>> import qjax as qj
    >>> @qj.circuit(wires=2)
    ... def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.counts()
    >>> print(qj.to_qasm(bell, version="3.0")())
    OPENQASM 3.0;
    include "stdgates.inc";
    qubit[2] q;
    bit[2] c;
    h q[0];
    cx q[0], q[1];
    c[0] = measure q[0];
    c[1] = measure q[1];
    """
    _version(version)
    recorder = record(fn, wires=wires)

    def write(*args: Any, **kwargs: Any) -> str:
        return circuit_to_qasm(recorder(*args, **kwargs), version=version, measure=measure)

    return write
