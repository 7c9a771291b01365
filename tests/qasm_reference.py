"""Dense NumPy reference of the OpenQASM corpus in tests/data/qasm, typed out apart from any parser.

Each hand-written corpus file has a function in :data:`REFERENCES` that replays
the file's circuit step by step on a :class:`Reference`: registers in
declaration order, each gate as its matrix (from tests/oracle.py's
PennyLane-convention matrices or written out here), measurements, resets and
conditions. :meth:`Reference.expected` simulates it by explicit branching on
every mid-circuit outcome and returns what the importer must reproduce.

Library matrices:

- ``qelib1.inc`` (OpenQASM 2) as Qiskit defines it; the built-in ``U`` is
  ``Rz(φ) Ry(θ) Rz(λ)``. OpenQASM 2 defines no global phase.
- ``stdgates.inc`` (OpenQASM 3) as its definitions read with the built-in
  ``U`` the standard U3 matrix: ``x``, ``h``, ``rx``, ... are exactly X, H,
  RX, ...; ``u2`` and ``u3`` carry the phase ``gphase(-(φ+λ)/2)``; ``cu``
  is the controlled ``e^{i gamma} U``.

The state convention is qjax's: wire 0 (the first declared qubit) is the most
significant bit of the basis index.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
from collections.abc import Callable, Iterator, Sequence

import numpy as np

import oracle

Bit = tuple[str, int]

_G = oracle.gate_matrix


def ctrl(matrix: np.ndarray, values: Sequence[int] = (1,)) -> np.ndarray:
    """``matrix`` controlled by leading qubits that must equal ``values`` (1: ctrl, 0: negctrl)."""
    return oracle.controlled(matrix, len(values), list(values))


def inv(matrix: np.ndarray) -> np.ndarray:
    """The inverse (conjugate transpose) of a unitary."""
    return matrix.conj().T


def power(matrix: np.ndarray, exponent: float) -> np.ndarray:
    """The principal power of a unitary: eigenphases taken in (-π, π], then scaled."""
    values, vectors = np.linalg.eig(matrix)
    phases = np.angle(values)
    phases = np.where(phases <= -np.pi + 1e-9, np.pi, phases)
    powered = np.abs(values) ** exponent * np.exp(1j * exponent * phases)
    return vectors @ np.diag(powered) @ np.linalg.inv(vectors)


def _phase(angle: float, matrix: np.ndarray) -> np.ndarray:
    return np.exp(1j * angle) * matrix


def _rccx() -> np.ndarray:
    """Qiskit's relative-phase Toffoli: I, Z or Y on the target for controls 0x, 10, 11."""
    out = np.zeros((8, 8), dtype=np.complex128)
    out[:4, :4] = np.eye(4)
    out[4:6, 4:6] = _G("Z")
    out[6:, 6:] = _G("Y")
    return out


def _rc3x() -> np.ndarray:
    """Qiskit's relative-phase C3X: iZ (iY) on the target when the controls read 110 (111)."""
    out = np.eye(16, dtype=np.complex128)
    out[12:14, 12:14] = 1j * _G("Z")
    out[14:, 14:] = 1j * _G("Y")
    return out


def _qasm2_u(theta: float, phi: float, lam: float) -> np.ndarray:
    return _G("RZ", [phi]) @ _G("RY", [theta]) @ _G("RZ", [lam])


def _u3(theta: float, phi: float, lam: float) -> np.ndarray:
    return _G("U3", [theta, phi, lam])


def _named(name: str) -> Callable[..., np.ndarray]:
    return lambda *params: _G(name, params)


_COMMON_NAMES = {
    "x": "X", "y": "Y", "z": "Z", "h": "H", "s": "S", "sdg": "Sdg", "t": "T", "tdg": "Tdg",
    "sx": "SX", "rx": "RX", "ry": "RY", "rz": "RZ", "p": "PhaseShift", "u1": "PhaseShift",
    "cx": "CNOT", "cy": "CY", "cz": "CZ", "ch": "CH", "swap": "SWAP", "ccx": "Toffoli",
    "cswap": "CSWAP", "crx": "CRX", "cry": "CRY", "crz": "CRZ", "cp": "ControlledPhaseShift",
    "id": "I",
}  # fmt: skip
"""Gates of both libraries whose matrix is the PennyLane gate's."""

_COMMON: dict[str, Callable[..., np.ndarray]] = {q: _named(n) for q, n in _COMMON_NAMES.items()}

QELIB1: dict[str, Callable[..., np.ndarray]] = {
    **_COMMON,
    "U": _qasm2_u,
    "CX": _named("CNOT"),
    "u3": _u3,
    "u": _u3,
    "u2": _named("U2"),
    "u0": lambda gamma: _G("I"),
    "sxdg": _named("SXdg"),
    "cu1": _named("ControlledPhaseShift"),
    "cu3": lambda theta, phi, lam: ctrl(_u3(theta, phi, lam)),
    "csx": lambda: ctrl(_G("SX")),
    "cu": lambda theta, phi, lam, gamma: ctrl(_phase(gamma, _u3(theta, phi, lam))),
    "rxx": _named("IsingXX"),
    "rzz": _named("IsingZZ"),
    "rccx": _rccx,
    "rc3x": _rc3x,
    "c3x": lambda: _G("MultiControlledX", num_wires=4),
    "c3sqrtx": lambda: ctrl(_G("SX"), (1, 1, 1)),
    "c4x": lambda: _G("MultiControlledX", num_wires=5),
}
"""``qelib1.inc`` gates (and OpenQASM 2's built-in ``U``, ``CX``) by name: parameters -> matrix."""

STDGATES: dict[str, Callable[..., np.ndarray]] = {
    **_COMMON,
    "U": _u3,
    "CX": _named("CNOT"),
    "phase": _named("PhaseShift"),
    "cphase": _named("ControlledPhaseShift"),
    "cu": lambda theta, phi, lam, gamma: ctrl(_phase(gamma, _u3(theta, phi, lam))),
    "u2": lambda phi, lam: _phase(-(phi + lam) / 2, _G("U2", [phi, lam])),
    "u3": lambda theta, phi, lam: _phase(-(phi + lam) / 2, _u3(theta, phi, lam)),
}
"""``stdgates.inc`` gates (and OpenQASM 3's built-in ``U``) by name: parameters -> matrix."""


def apply_matrix(state: np.ndarray, matrix: np.ndarray, wires: Sequence[int]) -> np.ndarray:
    """``matrix`` applied to ``wires`` of a flat state vector (first wire most significant)."""
    n = int(np.log2(state.size))
    k = len(wires)
    tensor = np.tensordot(
        matrix.reshape((2,) * (2 * k)), state.reshape((2,) * n), axes=(range(k, 2 * k), wires)
    )
    return np.moveaxis(tensor, range(k), wires).reshape(-1)


class Bits:
    """Classical bit values of one branch, read by conditions."""

    def __init__(self, values: dict[Bit, int]):
        self._values = values

    def __getitem__(self, bit: Bit) -> int:
        return self._values[bit]

    def value(self, register: str) -> int:
        """The register as an unsigned integer, bit 0 least significant (OpenQASM 2's ``c==n``)."""
        bits = sorted((i, v) for (name, i), v in self._values.items() if name == register)
        return sum(v << i for i, v in bits)


@dataclasses.dataclass(frozen=True)
class _Op:
    kind: str  # "gate", "phase", "measure" or "reset"
    wires: tuple[int, ...] = ()
    matrix: np.ndarray | None = None
    bit: Bit | None = None
    condition: Callable[[Bits], bool] | None = None
    reads: frozenset[Bit] = frozenset()


@dataclasses.dataclass(frozen=True)
class Expected:
    """What running an OpenQASM program must give.

    Attributes:
      version, qubits, clbits, qubit_registers, bit_registers, inputs: the
        program's declarations, as ``QasmProgram`` reports them.
      state: the final pure state (``None`` after a mid-circuit measurement or reset).
      density: the final density matrix of all qubits, mid-circuit outcomes averaged.
      bits: register -> per bit ``0`` (never assigned), ``("wire", w)`` (a
        terminal measurement of wire ``w``) or ``("mid", k)`` (mid-circuit
        measurement number ``k``).
      outcomes: joint probability of each combination of mid-circuit outcomes,
        keyed by ``((k, value), ...)`` over every mid-circuit measurement.
      exact_phase: whether the state's global phase is defined (OpenQASM 3).
    """

    version: str
    qubits: tuple[tuple[str, int], ...]
    clbits: tuple[Bit, ...]
    qubit_registers: dict[str, int]
    bit_registers: dict[str, int]
    inputs: tuple[str, ...]
    state: np.ndarray | None
    density: np.ndarray
    bits: dict[str, tuple[object, ...]]
    outcomes: dict[tuple[tuple[int, int], ...], float]
    exact_phase: bool

    def outcome_probs(self, measurements: Sequence[int]) -> np.ndarray:
        """Joint probabilities of the outcomes of ``measurements``, the first most significant."""
        out = np.zeros(2 ** len(measurements))
        for key, p in self.outcomes.items():
            values = dict(key)
            index = 0
            for k in measurements:
                index = 2 * index + values[k]
            out[index] += p
        return out

    def wire_probs(self, wires: Sequence[int]) -> np.ndarray:
        """Marginal probabilities of ``wires`` in the final state, the first most significant."""
        return oracle.probs(np.sqrt(np.real(np.diag(self.density))), wires, len(self.qubits))


class Reference:
    """A circuit typed out by hand: registers, gates as matrices, measurements and conditions."""

    def __init__(self, version: str, inputs: Sequence[str] = ()):
        self.version = version
        self.library = QELIB1 if version == "2.0" else STDGATES
        self.inputs = tuple(inputs)
        self.qubits: list[tuple[str, int]] = []
        self.clbits: list[Bit] = []
        self.qubit_registers: dict[str, int] = {}
        self.bit_registers: dict[str, int] = {}
        self.ops: list[_Op] = []
        self._conditions: list[tuple[Callable[[Bits], bool], frozenset[Bit]]] = []

    def qreg(self, name: str, size: int) -> list[int]:
        """Declares a quantum register; returns its wires."""
        start = len(self.qubits)
        self.qubits += [(name, i) for i in range(size)]
        self.qubit_registers[name] = size
        return list(range(start, start + size))

    def creg(self, name: str, size: int) -> list[Bit]:
        """Declares a classical register; returns its bits."""
        bits = [(name, i) for i in range(size)]
        self.clbits += bits
        self.bit_registers[name] = size
        return bits

    def _condition(self) -> tuple[Callable[[Bits], bool] | None, frozenset[Bit]]:
        if not self._conditions:
            return None, frozenset()
        predicates = [p for p, _ in self._conditions]
        reads = frozenset().union(*(r for _, r in self._conditions))
        return (lambda bits: all(p(bits) for p in predicates)), reads

    def apply(self, matrix: np.ndarray, *wires: int) -> None:
        """Applies a unitary to ``wires`` (the first listed the most significant)."""
        condition, reads = self._condition()
        matrix = np.asarray(matrix, dtype=np.complex128)
        self.ops.append(_Op("gate", tuple(wires), matrix, None, condition, reads))

    def gate(self, name: str, *wires: int, params: Sequence[float] = ()) -> None:
        """Applies the library gate ``name`` of the program's version."""
        self.apply(self.library[name](*params), *wires)

    def gphase(self, angle: float) -> None:
        """Multiplies the state by ``e^{i angle}``."""
        condition, reads = self._condition()
        self.ops.append(_Op("phase", (), np.exp(1j * angle), None, condition, reads))

    def measure(self, wire: int, bit: Bit) -> None:
        """Measures ``wire`` into ``bit``."""
        self.ops.append(_Op("measure", (wire,), None, bit))

    def reset(self, wire: int) -> None:
        """Resets ``wire`` to ``|0>``."""
        self.ops.append(_Op("reset", (wire,)))

    @contextlib.contextmanager
    def when(self, reads: Sequence[Bit], predicate: Callable[[Bits], bool]) -> Iterator[None]:
        """Gates applied inside act only in the branches where ``predicate`` holds."""
        self._conditions.append((predicate, frozenset(reads)))
        try:
            yield
        finally:
            self._conditions.pop()

    def _is_terminal(self, index: int) -> bool:
        op = self.ops[index]
        for later in self.ops[index + 1 :]:
            if op.wires[0] in later.wires or op.bit in later.reads or op.bit == later.bit:
                return False
        return True

    def expected(self) -> Expected:
        """Simulates every branch of the mid-circuit outcomes and collects the results."""
        n = len(self.qubits)
        start = np.zeros(2**n, dtype=np.complex128)
        start[0] = 1
        zero_bits = {bit: 0 for bit in self.clbits}
        branches = [(start, zero_bits, ())]
        mid_numbers: dict[int, int] = {}
        final_kind: dict[Bit, object] = {}
        pure = True
        for index, op in enumerate(self.ops):
            if op.kind == "measure" and self._is_terminal(index):
                final_kind[op.bit] = ("wire", op.wires[0])
                continue
            if op.kind in ("measure", "reset"):
                pure = False
            if op.kind == "measure":
                mid_numbers[index] = len(mid_numbers)
                final_kind[op.bit] = ("mid", mid_numbers[index])
            branches = [
                new for branch in branches for new in self._step(op, branch, mid_numbers.get(index))
            ]
        density = sum(np.outer(vec, vec.conj()) for vec, _, _ in branches)
        outcomes: dict[tuple[tuple[int, int], ...], float] = {}
        for vec, _, record in branches:
            outcomes[record] = outcomes.get(record, 0.0) + float(np.vdot(vec, vec).real)
        bits = {
            name: tuple(final_kind.get((name, i), 0) for i in range(size))
            for name, size in self.bit_registers.items()
        }
        return Expected(
            version=self.version,
            qubits=tuple(self.qubits),
            clbits=tuple(self.clbits),
            qubit_registers=dict(self.qubit_registers),
            bit_registers=dict(self.bit_registers),
            inputs=self.inputs,
            state=branches[0][0] if pure else None,
            density=density,
            bits=bits,
            outcomes=outcomes,
            exact_phase=self.version == "3.0",
        )

    @staticmethod
    def _step(op: _Op, branch: tuple, number: int | None) -> list[tuple]:
        vec, bits, record = branch
        if op.kind in ("gate", "phase"):
            if op.condition is not None and not op.condition(Bits(bits)):
                return [branch]
            if op.kind == "phase":
                return [(op.matrix * vec, bits, record)]
            return [(apply_matrix(vec, op.matrix, op.wires), bits, record)]
        out = []
        for value in (0, 1):
            projector = np.diag([1.0 - value, float(value)]).astype(np.complex128)
            projected = apply_matrix(vec, projector, op.wires)
            if np.vdot(projected, projected).real < 1e-14:
                continue
            if op.kind == "reset":
                if value:
                    projected = apply_matrix(projected, _G("X"), op.wires)
                out.append((projected, bits, record))
            else:
                out.append((projected, {**bits, op.bit: value}, (*record, (number, value))))
        return out


# ---------------------------------------------------------------------------
# OpenQASM 2 files
# ---------------------------------------------------------------------------


def _measure_all(ref: Reference, wires: Sequence[int], bits: Sequence[Bit]) -> None:
    for wire, bit in zip(wires, bits, strict=True):
        ref.measure(wire, bit)


def ghz_5() -> Expected:
    r = Reference("2.0")
    q, c = r.qreg("q", 5), r.creg("c", 5)
    r.gate("h", q[0])
    for i in range(4):
        r.gate("cx", q[i], q[i + 1])
    _measure_all(r, q, c)
    return r.expected()


def _qft_steps(r: Reference, q: Sequence[int], gate: str) -> None:
    """Qiskit's QFT: for j from the last qubit down, h then controlled phases, then swaps."""
    n = len(q)
    for j in reversed(range(n)):
        r.gate("h", q[j])
        for k in reversed(range(j)):
            r.gate(gate, q[j], q[k], params=[np.pi / 2 ** (j - k)])
    for i in range(n // 2):
        r.gate("swap", q[i], q[n - 1 - i])


def qft_4() -> Expected:
    r = Reference("2.0")
    q, c = r.qreg("q", 4), r.creg("c", 4)
    r.gate("x", q[0])
    r.gate("x", q[2])
    _qft_steps(r, q, "cp")
    _measure_all(r, q, c)
    return r.expected()


def qft_5_inverse() -> Expected:
    r = Reference("2.0")
    q, c = r.qreg("q", 5), r.creg("c", 5)
    for j in range(5):
        r.gate("h", q[j])
    for j in range(5):
        r.gate("u1", q[j], params=[2 * np.pi * 19 * 2**j / 32])
    r.gate("swap", q[0], q[4])
    r.gate("swap", q[1], q[3])
    for j in range(5):
        for k in range(j):
            r.gate("cu1", q[j], q[k], params=[-np.pi / 2 ** (j - k)])
        r.gate("h", q[j])
    _measure_all(r, q, c)
    return r.expected()


def cuccaro_adder_4() -> Expected:
    r = Reference("2.0")
    cin, a, b, cout = r.qreg("cin", 1), r.qreg("a", 4), r.qreg("b", 4), r.qreg("cout", 1)
    total = r.creg("sum", 5)

    def maj(x: int, y: int, z: int) -> None:
        r.gate("cx", z, y)
        r.gate("cx", z, x)
        r.gate("ccx", x, y, z)

    def uma(x: int, y: int, z: int) -> None:
        r.gate("ccx", x, y, z)
        r.gate("cx", z, x)
        r.gate("cx", x, y)

    for wire in (a[0], a[2], a[3], b[1], b[2]):
        r.gate("x", wire)
    carries = [cin[0], a[0], a[1], a[2]]
    for i in range(4):
        maj(carries[i], b[i], a[i])
    r.gate("cx", a[3], cout[0])
    for i in reversed(range(4)):
        uma(carries[i], b[i], a[i])
    _measure_all(r, b + cout, total)
    return r.expected()


def _grover_iteration(r: Reference, q: Sequence[int]) -> None:
    def ccz() -> None:
        r.gate("h", q[2])
        r.gate("ccx", q[0], q[1], q[2])
        r.gate("h", q[2])

    r.gate("x", q[1])
    ccz()
    r.gate("x", q[1])
    for gate in ("h", "x"):
        for wire in q:
            r.gate(gate, wire)
    ccz()
    for gate in ("x", "h"):
        for wire in q:
            r.gate(gate, wire)


def grover_3() -> Expected:
    r = Reference("2.0")
    q, c = r.qreg("q", 3), r.creg("c", 3)
    for wire in q:
        r.gate("h", wire)
    _grover_iteration(r, q)
    _grover_iteration(r, q)
    _measure_all(r, q, c)
    return r.expected()


def bernstein_vazirani_4() -> Expected:
    r = Reference("2.0")
    q, anc, s = r.qreg("q", 4), r.qreg("anc", 1), r.creg("secret", 4)
    r.gate("x", anc[0])
    for wire in q + anc:
        r.gate("h", wire)
    for i in (0, 2, 3):
        r.gate("cx", q[i], anc[0])
    for wire in q:
        r.gate("h", wire)
    _measure_all(r, q, s)
    return r.expected()


def deutsch_jozsa_3() -> Expected:
    r = Reference("2.0")
    x, y, out = r.qreg("inp", 3), r.qreg("anc", 1), r.creg("result", 3)
    r.gate("x", y[0])
    for wire in x + y:
        r.gate("h", wire)
    r.gate("cx", x[0], y[0])
    r.gate("ccx", x[1], x[2], y[0])
    for wire in x:
        r.gate("h", wire)
    _measure_all(r, x, out)
    return r.expected()


def teleport() -> Expected:
    r = Reference("2.0")
    q = r.qreg("q", 3)
    c0, c1, out = r.creg("c0", 1), r.creg("c1", 1), r.creg("out", 1)
    r.gate("u3", q[0], params=[0.3, 0.2, 0.1])
    r.gate("h", q[1])
    r.gate("cx", q[1], q[2])
    r.gate("cx", q[0], q[1])
    r.gate("h", q[0])
    r.measure(q[0], c0[0])
    r.measure(q[1], c1[0])
    with r.when(c0, lambda b: b.value("c0") == 1):
        r.gate("z", q[2])
    with r.when(c1, lambda b: b.value("c1") == 1):
        r.gate("x", q[2])
    r.measure(q[2], out[0])
    return r.expected()


def qelib1_all_gates() -> Expected:
    r = Reference("2.0")
    q, c = r.qreg("q", 5), r.creg("c", 5)
    for wire in q:
        r.gate("h", wire)
    steps: list[tuple[str, Sequence[float], Sequence[int]]] = [
        ("u3", [0.31, -0.72, 1.13], [0]),
        ("u2", [0.44, -1.05], [1]),
        ("u1", [0.93], [2]),
        ("cx", [], [3, 4]),
        ("id", [], [0]),
        ("u0", [2], [1]),
        ("u", [1.21, 0.17, -0.63], [2]),
        ("p", [-0.87], [3]),
        ("x", [], [4]),
        ("y", [], [0]),
        ("z", [], [1]),
        ("h", [], [2]),
        ("s", [], [3]),
        ("sdg", [], [4]),
        ("t", [], [0]),
        ("tdg", [], [1]),
        ("rx", [0.61], [2]),
        ("ry", [-1.37], [3]),
        ("rz", [2.03], [4]),
        ("sx", [], [0]),
        ("sxdg", [], [1]),
        ("cz", [], [2, 3]),
        ("cy", [], [4, 0]),
        ("swap", [], [1, 3]),
        ("ch", [], [0, 2]),
        ("ccx", [], [1, 4, 3]),
        ("cswap", [], [2, 0, 4]),
        ("crx", [0.83], [3, 1]),
        ("cry", [-0.52], [4, 2]),
        ("crz", [1.47], [0, 3]),
        ("cu1", [0.29], [1, 2]),
        ("cp", [-1.91], [4, 1]),
        ("cu3", [0.73, 0.25, -0.41], [2, 4]),
        ("csx", [], [3, 0]),
        ("cu", [0.97, -0.36, 0.58, 0.81], [0, 1]),
        ("rxx", [0.67], [2, 3]),
        ("rzz", [-0.94], [4, 0]),
        ("rccx", [], [1, 2, 3]),
        ("rc3x", [], [0, 4, 2, 1]),
        ("c3x", [], [3, 1, 0, 4]),
        ("c3sqrtx", [], [2, 3, 4, 0]),
        ("c4x", [], [4, 2, 1, 0, 3]),
        ("U", [0.39, 1.22, -0.78], [1]),
        ("CX", [], [0, 2]),
    ]
    for name, params, wires in steps:
        r.gate(name, *(q[w] for w in wires), params=params)
    for wire in q:
        r.gate("h", wire)
    _measure_all(r, q, c)
    return r.expected()


def expressions() -> Expected:
    r = Reference("2.0")
    q = r.qreg("q", 3)

    def twist(alpha: float, beta: float, a: int, b: int) -> None:
        r.gate("rx", a, params=[alpha * beta - np.pi / 7])
        r.gate("ry", b, params=[-alpha / 2])
        r.gate("cx", a, b)
        r.gate("rz", b, params=[beta**2])

    for wire in q:
        r.gate("h", wire)
    r.gate("rx", q[0], params=[np.pi / 4])
    r.gate("rz", q[1], params=[-np.pi / 2 + 0.25])
    r.gate("ry", q[2], params=[np.sin(np.pi / 6) * 2])
    r.gate("u1", q[0], params=[np.cos(0.3) ** 2])
    r.gate("rx", q[1], params=[np.exp(0.5)])
    r.gate("ry", q[2], params=[np.log(2.5)])
    r.gate("rz", q[0], params=[np.sqrt(2) / 3])
    r.gate("u3", q[1], params=[0.15, -2.5, 0.03])
    r.gate("p", q[2], params=[2 * 9 / 10])
    r.gate("rx", q[0], params=[0.3])
    r.gate("ry", q[1], params=[np.tan(0.4)])
    r.gate("rz", q[2], params=[np.pi - np.pi / 3 * 2])
    r.gate("rx", q[0], params=[3 * -1.5 / 2])
    r.gate("ry", q[1], params=[0.5])
    r.gate("rz", q[2], params=[2.0])
    r.gate("u2", q[0], params=[-np.pi, np.pi / 4])
    twist(0.8, -1.3, q[1], q[2])
    twist(np.pi / 3, np.sqrt(3), q[0], q[1])
    return r.expected()


def broadcast() -> Expected:
    r = Reference("2.0")
    a, b = r.qreg("a", 3), r.qreg("b", 3)
    ca, cb = r.creg("ca", 3), r.creg("cb", 3)
    for i in range(3):
        r.gate("h", a[i])
    for i in range(3):
        r.gate("cx", a[i], b[i])
    for i in range(3):
        r.gate("ry", b[i], params=[0.4])
    for i in range(3):
        r.gate("cx", a[0], b[i])
    for i in range(3):
        r.gate("crz", a[i], b[2], params=[0.7])
    for i in range(3):
        r.gate("u3", a[i], params=[0.3, 0.6, 0.9])
    for i in range(3):
        r.gate("cz", a[i], b[i])
        r.gate("h", b[i])
    for i in range(3):
        r.gate("swap", a[1], b[i])
    _measure_all(r, a, ca)
    _measure_all(r, b, cb)
    return r.expected()


def registers() -> Expected:
    r = Reference("2.0")
    x, y, z = r.qreg("left", 2), r.qreg("mid", 3), r.qreg("right", 1)
    m, n = r.creg("m", 2), r.creg("n", 3)
    r.creg("unused", 2)
    r.gate("h", x[0])
    r.gate("h", x[1])
    r.gate("cx", x[0], y[1])
    r.gate("ry", y[0], params=[0.6])
    r.gate("cx", y[0], z[0])
    r.measure(x[0], m[0])
    r.measure(x[1], m[1])
    with r.when(m, lambda bits: bits.value("m") == 2):
        r.gate("x", y[2])
    with r.when(m, lambda bits: bits.value("m") == 1):
        r.gate("h", y[2])
    r.gate("cry", z[0], y[2], params=[1.1])
    _measure_all(r, y, n)
    return r.expected()


def _rzx(theta: float) -> np.ndarray:
    """exp(-i θ/2 Z⊗X), Qiskit's rzx with its first qubit the Z side."""
    return _G("PauliRot", [theta], word="ZX")


def _r(theta: float, phi: float) -> np.ndarray:
    """Qiskit's R gate: a rotation by θ about the axis cos(φ) X + sin(φ) Y."""
    c, s = np.cos(theta / 2), np.sin(theta / 2)
    return np.array(
        [[c, -1j * np.exp(-1j * phi) * s], [-1j * np.exp(1j * phi) * s, c]], dtype=np.complex128
    )


def qiskit_custom_gates() -> Expected:
    r = Reference("2.0")
    q, meas = r.qreg("q", 3), r.creg("meas", 3)
    ecr = _rzx(-np.pi / 4) @ np.kron(_G("X"), np.eye(2)) @ _rzx(np.pi / 4)
    dcx = oracle.embed(_G("CNOT"), [1, 0], 2) @ _G("CNOT")
    r.gate("h", q[0])
    r.gate("ry", q[1], params=[0.9])
    r.apply(_rzx(0.5), q[0], q[1])
    r.apply(ecr, q[1], q[2])
    r.apply(dcx, q[2], q[0])
    r.apply(_G("ISWAP"), q[0], q[1])
    r.apply(_r(1.2, 0.4), q[2])
    r.apply(ctrl(_G("S")), q[1], q[2])
    r.apply(_rzx(-1.3), q[2], q[0])
    _measure_all(r, q, meas)
    return r.expected()


def user_gate_names() -> Expected:
    r = Reference("2.0")
    q = r.qreg("q", 3)
    r.gate("ry", q[2], params=[0.3])
    r.apply(_G("PauliRot", [0.7], word="XZ"), q[0], q[1])
    r.gate("h", q[1])
    r.gate("cx", q[1], q[2])
    r.gate("cz", q[2], q[0])
    r.gate("s", q[0])
    r.apply(_G("PauliRot", [-1.1], word="XZ"), q[2], q[1])
    return r.expected()


def builtin_u_cx() -> Expected:
    r = Reference("2.0")
    q = r.qreg("r", 3)
    r.gate("U", q[0], params=[0.1, 0.2, 0.3])
    for wire in q:
        r.gate("h", wire)
    r.gate("CX", q[0], q[2])
    r.gate("cz", q[1], q[2])
    r.gate("rx", q[1], params=[0.7])
    for wire in q:
        r.gate("U", wire, params=[1, 2, 3])
    r.gate("CX", q[2], q[1])
    return r.expected()


def mid_measure_reset() -> Expected:
    r = Reference("2.0")
    q, c = r.qreg("q", 2), r.creg("c", 2)
    r.gate("h", q[0])
    r.measure(q[0], c[0])
    r.reset(q[0])
    with r.when(c, lambda bits: bits.value("c") == 1):
        r.gate("x", q[1])
    r.gate("ry", q[0], params=[0.8])
    r.gate("cx", q[0], q[1])
    r.measure(q[0], c[0])
    r.measure(q[1], c[1])
    return r.expected()


def uses_include() -> Expected:
    r = Reference("2.0")
    q, c = r.qreg("q", 3), r.creg("c", 3)

    def bell(a: int, b: int) -> None:
        r.gate("h", a)
        r.gate("cx", a, b)

    def ladder(t: float, a: int, b: int, c_: int) -> None:
        bell(a, b)
        r.gate("crx", b, c_, params=[t])
        r.gate("rz", c_, params=[t / 2])

    bell(q[0], q[1])
    ladder(0.9, q[1], q[2], q[0])
    ladder(-0.4, q[2], q[0], q[1])
    _measure_all(r, q, c)
    return r.expected()


# ---------------------------------------------------------------------------
# OpenQASM 3 files
# ---------------------------------------------------------------------------


def ghz_qasm3() -> Expected:
    r = Reference("3.0")
    q, c = r.qreg("q", 4), r.creg("c", 4)
    r.gate("h", q[0])
    for i in range(3):
        r.gate("cx", q[i], q[i + 1])
    _measure_all(r, q, c)
    return r.expected()


def stdgates_all() -> Expected:
    r = Reference("3.0")
    q = r.qreg("q", 4)
    for wire in q:
        r.gate("h", wire)
    steps: list[tuple[str, Sequence[float], Sequence[int]]] = [
        ("p", [0.37], [0]),
        ("x", [], [1]),
        ("y", [], [2]),
        ("z", [], [3]),
        ("h", [], [0]),
        ("s", [], [1]),
        ("sdg", [], [2]),
        ("t", [], [3]),
        ("tdg", [], [0]),
        ("sx", [], [1]),
        ("rx", [0.82], [2]),
        ("ry", [-1.24], [3]),
        ("rz", [1.61], [0]),
        ("cx", [], [1, 2]),
        ("cy", [], [3, 0]),
        ("cz", [], [2, 1]),
        ("cp", [-0.58], [0, 3]),
        ("crx", [1.07], [1, 0]),
        ("cry", [-0.49], [2, 3]),
        ("crz", [0.93], [3, 1]),
        ("ch", [], [0, 2]),
        ("swap", [], [1, 3]),
        ("ccx", [], [2, 0, 1]),
        ("cswap", [], [3, 1, 2]),
        ("CX", [], [0, 1]),
        ("phase", [0.71], [2]),
        ("cphase", [-1.33], [3, 0]),
        ("id", [], [1]),
        ("u1", [0.26], [3]),
    ]
    for name, params, wires in steps:
        r.gate(name, *(q[w] for w in wires), params=params)
    for wire in q:
        r.gate("h", wire)
    return r.expected()


def stdgates_u2_u3_cu() -> Expected:
    r = Reference("3.0")
    q = r.qreg("q", 2)
    u2, u3 = STDGATES["u2"], STDGATES["u3"]
    r.gate("h", q[0])
    r.gate("u3", q[1], params=[0.74, -0.31, 1.18])
    r.gate("u2", q[0], params=[0.52, -0.97])
    r.gate("cu", q[0], q[1], params=[0.88, 0.41, -0.66, 0.35])
    r.apply(ctrl(u3(1.02, 0.23, 0.61)), q[1], q[0])
    r.apply(ctrl(u2(-0.45, 0.84)), q[0], q[1])
    return r.expected()


def modifiers() -> Expected:
    r = Reference("3.0")
    q = r.qreg("q", 4)
    for wire in q:
        r.gate("h", wire)
    r.gate("ry", q[2], params=[0.3])
    r.apply(ctrl(_G("X")), q[0], q[1])
    r.apply(ctrl(_G("RY", [0.4]), [0]), q[1], q[2])
    r.apply(ctrl(_G("RZ", [0.3]), [1, 1]), q[0], q[2], q[3])
    r.apply(ctrl(_G("H"), [0, 0]), q[3], q[1], q[0])
    r.apply(ctrl(_G("X"), [1, 0]), q[2], q[0], q[3])
    r.apply(inv(_G("S")), q[1])
    r.apply(ctrl(inv(_G("RX", [0.9]))), q[3], q[0])
    r.apply(ctrl(inv(_u3(0.3, 0.5, 0.7))), q[1], q[2])
    r.apply(_G("T") @ _G("T"), q[2])
    r.apply(ctrl(np.linalg.matrix_power(_G("SX"), 3)), q[0], q[1])
    r.apply(ctrl(_G("PhaseShift", [-0.8])), q[1], q[3])
    r.apply(_G("PhaseShift", [0.6]), q[2])
    r.apply(ctrl(_G("RZ", [0.5])), q[0], q[1])
    r.apply(ctrl(np.exp(-0.3j) * np.eye(1), [0, 1]), q[1], q[3])
    r.apply(ctrl(_G("RY", [1.3]), [1, 1]), q[3], q[2], q[0])
    r.gphase(-0.2)
    return r.expected()


def pow_modifier() -> Expected:
    r = Reference("3.0")
    q = r.qreg("q", 3)
    for wire in q:
        r.gate("h", wire)
    r.gate("ry", q[1], params=[0.4])
    r.apply(_G("SX"), q[0])
    r.apply(_G("S"), q[1])
    r.apply(_G("T"), q[2])
    r.apply(_G("RX", [0.24]), q[0])
    r.apply(_G("PhaseShift", [1.5 * np.pi / 4]), q[1])
    r.apply(_G("PhaseShift", [-np.pi / 4]), q[2])
    r.apply(ctrl(_G("SX")), q[2], q[0])
    r.apply(ctrl(_G("RZ", [0.3])), q[1], q[2])
    r.apply(_G("RY", [0.5]), q[0])
    r.apply(_G("RZ", [-0.3]), q[1])
    return r.expected()


def gate_definitions() -> Expected:
    r = Reference("3.0")
    q = r.qreg("q", 3)

    def entangle(alpha: float, beta: float) -> np.ndarray:
        return (
            np.kron(np.eye(2), _G("RZ", [beta]))
            @ _G("CNOT")
            @ np.kron(_G("RY", [alpha]), np.eye(2))
        )

    r.gate("h", q[2])
    r.apply(entangle(0.7, -0.4), q[0], q[1])
    r.apply(ctrl(entangle(0.3, 1.1)), q[2], q[0], q[1])
    r.apply(ctrl(1j * _G("X")), q[0], q[2])
    r.apply(inv(entangle(0.5, 0.2)), q[1], q[2])
    r.apply(ctrl(_G("RZ", [0.9]), [0]), q[1], q[0])
    r.gphase(0.25)
    return r.expected()


def subroutines() -> Expected:
    r = Reference("3.0")
    q = r.qreg("q", 3)

    def prepare(a: int, b: int) -> None:
        r.gate("h", a)
        r.gate("cx", a, b)

    def rotate(t: float, a: int) -> None:
        r.gate("rx", a, params=[t])
        r.gate("rz", a, params=[2 * t])

    prepare(q[0], q[1])
    rotate(0.4, q[2])
    rotate(-1.2, q[0])
    r.gate("cx", q[0], q[1])
    r.gate("cx", q[1], q[2])
    prepare(q[2], q[0])
    return r.expected()


def inputs(theta: float = 0.4, phi: float = -0.7) -> Expected:
    r = Reference("3.0", inputs=("theta", "phi"))
    q = r.qreg("q", 2)
    r.gate("ry", q[0], params=[theta])
    r.gate("rz", q[1], params=[phi])
    r.gate("cx", q[0], q[1])
    r.gate("rx", q[1], params=[theta * 0.5])
    r.gate("crz", q[1], q[0], params=[2 * theta])
    r.gate("ry", q[0], params=[phi])
    return r.expected()


def qaoa_inputs(gamma: float = 0.6, beta: float = 0.3) -> Expected:
    r = Reference("3.0", inputs=("gamma", "beta"))
    q, c = r.qreg("q", 3), r.creg("c", 3)
    for wire in q:
        r.gate("h", wire)
    for a, b in ((0, 1), (1, 2), (0, 2)):
        r.gate("cx", q[a], q[b])
        r.gate("rz", q[b], params=[2 * gamma])
        r.gate("cx", q[a], q[b])
    for wire in q:
        r.gate("rx", wire, params=[2 * beta])
    _measure_all(r, q, c)
    return r.expected()


def for_loops() -> Expected:
    r = Reference("3.0")
    q = r.qreg("q", 5)
    for i in range(5):
        r.gate("h", q[i])
    for i in (0, 2, 4):
        r.gate("rz", q[i], params=[0.1 * (i + 1)])
    for i in (3, 2, 1):
        r.gate("cx", q[i], q[i + 1])
    for i in (1, 4, 2):
        r.gate("ry", q[i], params=[0.2 * i])
    for j, k in ((0, 1), (0, 2), (1, 2)):
        r.gate("cp", q[j], q[k], params=[0.3 * (j + k)])
    for i in (1, 2, 3):
        r.gate("h", q[i])
    r.gate("cx", q[0], q[3])
    r.gate("cx", q[1], q[4])
    for i in (0, 2, 4):
        r.gate("x", q[i])
    for i in (1, 2):
        r.gate("rx", q[i], params=[0.5])
    return r.expected()


def measure_if_else() -> Expected:
    r = Reference("3.0")
    q, c = r.qreg("q", 3), r.creg("c", 3)
    r.gate("h", q[0])
    r.gate("ry", q[1], params=[1.1])
    r.measure(q[0], c[0])
    with r.when([c[0]], lambda b: b[c[0]] == 1):
        r.gate("x", q[2])
    with r.when([c[0]], lambda b: b[c[0]] == 0):
        r.gate("h", q[2])
    r.measure(q[1], c[1])
    with r.when([c[1]], lambda b: b[c[1]] == 1):
        r.gate("rz", q[2], params=[0.4])
        r.gate("ry", q[0], params=[0.3])
    with r.when([c[1]], lambda b: b[c[1]] == 0):
        r.gate("rx", q[0], params=[0.7])
    with r.when([c[0]], lambda b: b[c[0]] == 0):
        r.gate("cx", q[2], q[1])
    r.measure(q[2], c[2])
    return r.expected()


def teleport_qasm3() -> Expected:
    r = Reference("3.0")
    q, m, result = r.qreg("q", 3), r.creg("m", 2), r.creg("result", 1)
    r.gate("U", q[0], params=[0.9, 0.4, -0.2])
    r.gate("h", q[1])
    r.gate("cx", q[1], q[2])
    r.gate("cx", q[0], q[1])
    r.gate("h", q[0])
    r.measure(q[0], m[0])
    r.measure(q[1], m[1])
    with r.when([m[0]], lambda b: b[m[0]] == 1):
        r.gate("z", q[2])
    with r.when([m[1]], lambda b: b[m[1]] == 1):
        r.gate("x", q[2])
    r.measure(q[2], result[0])
    return r.expected()


def reset_qasm3() -> Expected:
    r = Reference("3.0")
    q, b, out = r.qreg("q", 2), r.creg("b", 1), r.creg("out", 2)
    r.gate("x", q[0])
    r.gate("h", q[1])
    r.reset(q[0])
    r.measure(q[1], b[0])
    r.reset(q[1])
    with r.when(b, lambda bits: bits[b[0]] == 1):
        r.gate("x", q[1])
    r.gate("ry", q[0], params=[0.5])
    _measure_all(r, q, out)
    return r.expected()


def expressions_qasm3() -> Expected:
    r = Reference("3.0")
    q = r.qreg("q", 2)
    a, n = 0.25, 3
    b = a * n + 0.5
    for wire in q:
        r.gate("h", wire)
    steps: list[tuple[str, float, int]] = [
        ("rx", np.pi / 4, 0),
        ("ry", np.pi**0.5, 1),
        ("rz", 2 * np.pi / 8, 0),
        ("rx", np.sin(a) + np.cos(b), 1),
        ("ry", np.exp(-a), 0),
        ("rz", np.log(2.0), 1),
        ("rx", np.sqrt(b), 0),
        ("ry", np.arccos(0.3), 1),
        ("rz", np.arctan(2.0), 0),
        ("rx", np.arcsin(0.6), 1),
        ("ry", np.tan(0.4), 0),
        ("rz", 0.1 + 0.25 * 4, 1),
        ("rx", -b, 0),
        ("ry", 2.0**3 / 10, 1),
    ]
    for name, angle, wire in steps:
        r.gate(name, q[wire], params=[angle])
    r.gate("crx", q[0], q[1], params=[(a + b) * (1 - n) / 2])
    return r.expected()


def registers_qasm3() -> Expected:
    r = Reference("3.0")
    a, b, c = r.qreg("a", 1), r.qreg("b", 2), r.qreg("c", 1)
    x, y = r.creg("flag", 1), r.creg("pair", 2)
    r.creg("spare", 1)
    r.gate("h", a[0])
    r.gate("cx", a[0], b[1])
    r.gate("ry", b[0], params=[0.8])
    r.gate("cx", b[0], c[0])
    r.gate("rz", c[0], params=[0.3])
    r.gate("crx", c[0], a[0], params=[1.2])
    _measure_all(r, b, y)
    r.measure(a[0], x[0])
    return r.expected()


def gphase_top_level() -> Expected:
    r = Reference("3.0")
    q = r.qreg("q", 2)
    r.gate("h", q[0])
    r.gate("cx", q[0], q[1])
    r.gphase(0.7)
    r.gphase(-np.pi / 5)
    r.gate("rz", q[1], params=[0.4])
    return r.expected()


REFERENCES: dict[str, Callable[..., Expected]] = {
    fn.__name__: fn
    for fn in (
        ghz_5,
        qft_4,
        qft_5_inverse,
        cuccaro_adder_4,
        grover_3,
        bernstein_vazirani_4,
        deutsch_jozsa_3,
        teleport,
        qelib1_all_gates,
        expressions,
        broadcast,
        registers,
        qiskit_custom_gates,
        builtin_u_cx,
        user_gate_names,
        mid_measure_reset,
        uses_include,
        ghz_qasm3,
        stdgates_all,
        stdgates_u2_u3_cu,
        modifiers,
        pow_modifier,
        gate_definitions,
        subroutines,
        inputs,
        qaoa_inputs,
        for_loops,
        measure_if_else,
        teleport_qasm3,
        reset_qasm3,
        expressions_qasm3,
        registers_qasm3,
        gphase_top_level,
    )
}
"""Hand-written corpus files (name without ``.qasm``) -> their reference."""

INPUTS: dict[str, dict[str, float]] = {
    "inputs": {"theta": 0.4, "phi": -0.7},
    "qaoa_inputs": {"gamma": 0.6, "beta": 0.3},
}
"""Input values the corpus tests run the files with ``input`` parameters at."""


def all_outcomes(count: int) -> Iterator[tuple[int, ...]]:
    """Every combination of ``count`` bits, the first most significant."""
    return itertools.product((0, 1), repeat=count)
