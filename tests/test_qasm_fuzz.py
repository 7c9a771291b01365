"""Fuzzing ``qj.from_qasm``: random valid programs against the NumPy reference, and mutated text.

1. Hypothesis writes random valid OpenQASM 2.0 and 3 programs from a small
   grammar (registers, library gates with random parameter expressions, gate
   definitions, broadcasting, modifiers, ``for`` loops, ``gphase``, ``input``
   parameters, measure, reset, ``if``, barrier) and, step by step beside the text, their
   tests/qasm_reference.py replay; the imported program, run under
   ``jax.jit``, must give the same state (in 64-bit precision, global phase
   included for OpenQASM 3) or density matrix and outcome distribution.
2. Mutations of corpus files and of generated programs (tokens or characters
   deleted, duplicated, swapped, replaced or inserted; truncation) must either
   import, and then record and trace with at most a qjax error, or raise a
   ``QasmError`` whose line and column point inside the text.
"""

import contextlib
import dataclasses
import math
import re
import signal
from collections.abc import Callable, Sequence
from pathlib import Path

import jax
import jax.numpy as jnp
import numpy as np
import qasm_reference
from hypothesis import given, settings
from hypothesis import strategies as st
from qasm_reference import Reference, ctrl, inv
from test_qasm_corpus import assert_results, results_circuit

import qjax as qj
from qjax.errors import QasmError, QjaxError

CORPUS = Path(__file__).parent / "data" / "qasm"
INCLUDES = {path.name: path.read_text(encoding="utf-8") for path in CORPUS.glob("*.inc")}
SEEDS = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.qasm"))]

# name -> (number of parameters, number of qubits); matrices come from qasm_reference.
LIBRARY = {
    "2.0": {
        **dict.fromkeys(["id", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx", "sxdg"], (0, 1)),
        **dict.fromkeys(["rx", "ry", "rz", "u1", "p"], (1, 1)),
        **dict.fromkeys(["u3", "u", "U"], (3, 1)),
        "u2": (2, 1),
        **dict.fromkeys(["cx", "CX", "cz", "cy", "swap", "ch", "csx"], (0, 2)),
        **dict.fromkeys(["crx", "cry", "crz", "cu1", "cp", "rxx", "rzz"], (1, 2)),
        "cu3": (3, 2),
        "cu": (4, 2),
        **dict.fromkeys(["ccx", "cswap", "rccx"], (0, 3)),
        **dict.fromkeys(["rc3x", "c3x", "c3sqrtx"], (0, 4)),
    },
    "3.0": {
        **dict.fromkeys(["id", "x", "y", "z", "h", "s", "sdg", "t", "tdg", "sx"], (0, 1)),
        **dict.fromkeys(["rx", "ry", "rz", "p", "phase", "u1"], (1, 1)),
        **dict.fromkeys(["u3", "U"], (3, 1)),
        "u2": (2, 1),
        **dict.fromkeys(["cx", "CX", "cy", "cz", "ch", "swap"], (0, 2)),
        **dict.fromkeys(["cp", "cphase", "crx", "cry", "crz"], (1, 2)),
        "cu": (4, 2),
        **dict.fromkeys(["ccx", "cswap"], (0, 3)),
    },
}
MAX_QUBITS = 5


# ---------------------------------------------------------------------------
# Expressions: text and value side by side
# ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Expr:
    """An expression's text and its value as a function of the variables in scope."""

    text: str
    value: Callable[[dict[str, float]], float]


def _constant(text: str, value: float) -> Expr:
    return Expr(text, lambda env: value)


@st.composite
def float_literals(draw) -> Expr:
    """Decimal literals in the forms both languages accept: 1.25, .5, 5., 1.5e-1, 2E+0."""
    digits = draw(st.integers(0, 999))
    form = draw(st.sampled_from(["plain", "lead", "trail", "exp"]))
    if form == "plain":
        text = f"{digits // 100}.{digits % 100:02d}"
    elif form == "lead":
        text = f".{digits}"
    elif form == "trail":
        text = f"{digits % 10}."
    else:
        exponent = draw(st.integers(-3, 0))
        mark = draw(st.sampled_from(["e", "E"]))
        sign = "+" if exponent >= 0 and draw(st.booleans()) else ""
        text = f"{digits // 100}.{digits % 100:02d}{mark}{sign}{exponent}"
    return _constant(text, float(text))


def _atoms(version: str, variables: Sequence[str]) -> st.SearchStrategy[Expr]:
    pis = ["pi"] if version == "2.0" else ["pi", "π"]
    options = [
        st.integers(0, 9).map(lambda k: _constant(str(k), float(k))),
        float_literals(),
        st.sampled_from(pis).map(lambda name: _constant(name, math.pi)),
    ]
    if variables:
        options.append(st.sampled_from(list(variables)).map(lambda n: Expr(n, lambda env: env[n])))
    return st.one_of(options)


_BINARY = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b}


@st.composite
def expressions(draw, version: str, variables: Sequence[str] = (), depth: int = 2) -> Expr:
    """A real-valued expression of bounded size and value."""
    atoms = _atoms(version, variables)
    if depth == 0:
        return draw(atoms)
    kind = draw(
        st.sampled_from(["atom", "unary", "binary", "divide", "power", "function", "precedence"])
    )
    if kind == "atom":
        return draw(atoms)
    sub = expressions(version, variables, depth - 1)
    if kind == "unary":
        a = draw(sub)
        return Expr(f"-({a.text})", lambda env: -a.value(env))
    if kind == "binary":
        a, b, op = draw(sub), draw(sub), draw(st.sampled_from(sorted(_BINARY)))
        return Expr(
            f"({a.text} {op} {b.text})", lambda env: _BINARY[op](a.value(env), b.value(env))
        )
    if kind == "divide":
        a, d = draw(sub), draw(st.sampled_from(["2.0", "4.0", "0.5", "3.0", "8.0"]))
        return Expr(f"({a.text}) / {d}", lambda env: a.value(env) / float(d))
    if kind == "power":
        a, k = draw(atoms), draw(st.integers(0, 3))
        op = "^" if version == "2.0" else "**"
        return Expr(f"({a.text}){op}{k}", lambda env: a.value(env) ** k)
    if kind == "function":
        return draw(_functions(version, atoms))
    a, b, c = draw(atoms), draw(atoms), draw(atoms)
    form = draw(st.sampled_from(["a + b * c", "a - b - c", "a * b - c"]))
    values = {
        "a + b * c": lambda env: a.value(env) + b.value(env) * c.value(env),
        "a - b - c": lambda env: a.value(env) - b.value(env) - c.value(env),
        "a * b - c": lambda env: a.value(env) * b.value(env) - c.value(env),
    }
    text = form.replace("a", "\0").replace("b", "\1").replace("c", "\2")
    text = text.replace("\0", a.text).replace("\1", b.text).replace("\2", c.text)
    return Expr(f"({text})", values[form])


@st.composite
def _functions(draw, version: str, atoms: st.SearchStrategy[Expr]) -> Expr:
    name = draw(st.sampled_from(["sin", "cos", "tan", "exp", "sqrt", "ln"]))
    if name in ("sqrt", "ln"):
        positive = draw(float_literals().filter(lambda e: e.value({}) > 0.05))
        spelled = "log" if name == "ln" and version == "3.0" else name
        fn = math.sqrt if name == "sqrt" else math.log
        return _constant(f"{spelled}({positive.text})", fn(positive.value({})))
    fn = {"sin": math.sin, "cos": math.cos, "tan": math.tan, "exp": math.exp}[name]
    a = draw(atoms.filter(lambda e: e.text not in ("pi", "π")))
    if name in ("tan", "exp"):
        return Expr(f"{name}(({a.text}) / 8.0)", lambda env: fn(a.value(env) / 8.0))
    return Expr(f"{name}({a.text})", lambda env: fn(a.value(env)))


@st.composite
def angle_expressions(draw, variables: Sequence[str]) -> Expr:
    """OpenQASM 3 gate-body expressions of angle parameters: no mixing that needs casts."""
    a = draw(st.sampled_from(list(variables)))
    kind = draw(st.sampled_from(["var", "neg", "times", "over", "sum"]))
    k = draw(st.integers(1, 4))
    if kind == "var":
        return Expr(a, lambda env: env[a])
    if kind == "neg":
        return Expr(f"-{a}", lambda env: -env[a])
    if kind == "times":
        return Expr(f"{a} * {k}", lambda env: env[a] * k)
    if kind == "over":
        return Expr(f"{a} / {k}", lambda env: env[a] / k)
    b = draw(st.sampled_from(list(variables)))
    return Expr(f"{a} + {b}", lambda env: env[a] + env[b])


# ---------------------------------------------------------------------------
# Programs: the text and its reference, built together
# ---------------------------------------------------------------------------


@dataclasses.dataclass
class _Gate:
    """A gate the program may call: its parameter and qubit counts and its matrix."""

    num_params: int
    num_qubits: int
    matrix: Callable[..., np.ndarray]


def _compose(num_qubits: int, steps: Sequence[tuple[np.ndarray, Sequence[int]]]) -> np.ndarray:
    """The matrix of ``steps`` (a unitary on local qubits, or a 1x1 global phase) in order."""
    out = np.eye(2**num_qubits, dtype=np.complex128)
    for matrix, wires in steps:
        if not wires:
            out = matrix[0, 0] * out
            continue
        columns = [qasm_reference.apply_matrix(col, matrix, wires) for col in out.T]
        out = np.stack(columns, axis=1)
    return out


_MODIFIERS = ["ctrl", "negctrl", "ctrl(2)", "negctrl(2)", "inv", "pow(2)", "pow(3)", "pow(-1)"]


def _modified(matrix: np.ndarray, modifiers: Sequence[str]) -> np.ndarray:
    for modifier in reversed(modifiers):
        if modifier.startswith(("ctrl", "negctrl")):
            count = 2 if "(2)" in modifier else 1
            matrix = ctrl(matrix, [int(modifier.startswith("ctrl"))] * count)
        elif modifier == "inv":
            matrix = inv(matrix)
        else:
            k = int(modifier[4:-1])
            matrix = np.linalg.matrix_power(matrix if k > 0 else inv(matrix), abs(k))
    return matrix


def _controls(modifiers: Sequence[str]) -> int:
    return sum(2 if "(2)" in m else 1 for m in modifiers if "ctrl" in m)


class _Builder:
    """Writes a program's text and its :class:`Reference` side by side."""

    def __init__(self, draw, version: str):
        self.draw, self.version = draw, version
        self.ref = Reference(version)
        self.lines = [
            f"OPENQASM {version};",
            'include "qelib1.inc";' if version == "2.0" else 'include "stdgates.inc";',
        ]
        self.gates = {
            name: _Gate(
                p,
                q,
                qasm_reference.QELIB1[name] if version == "2.0" else qasm_reference.STDGATES[name],
            )
            for name, (p, q) in LIBRARY[version].items()
        }
        self.qubit_names: list[str] = []  # text of each wire
        self.registers: list[tuple[str, list[int]]] = []  # broadcastable registers
        self.bits: list[tuple[str, tuple[str, int]]] = []  # text and reference bit
        self.measured = False
        self.mid_measures = 0
        self.definitions = 0
        self.written: list[tuple[str, tuple[str, int]]] = []
        self.env: dict[str, float] = {}  # OpenQASM 3 inputs and the values the test passes

    @property
    def sep(self) -> str:
        return "," if self.version == "2.0" else ", "

    def declare(self) -> None:
        draw = self.draw
        if self.version == "3.0":
            for name in draw(st.lists(st.sampled_from(["theta", "phi"]), unique=True, max_size=2)):
                self.lines.append(f"input float[64] {name};")
                self.env[name] = draw(st.floats(-2, 2, allow_nan=False).map(lambda v: round(v, 3)))
            self.ref.inputs = tuple(self.env)
        sizes = draw(st.lists(st.integers(1, 3), min_size=1, max_size=3))
        names = ["q", "r", "anc"]
        for name, size in zip(names, sizes, strict=False):
            if len(self.ref.qubits) + size > MAX_QUBITS:
                break
            wires = self.ref.qreg(name, size)
            scalar = self.version == "3.0" and size == 1 and draw(st.booleans())
            if scalar:
                self.lines.append(f"qubit {name};")
                self.qubit_names.append(name)
                continue
            spelling = "qreg" if self.version == "2.0" or draw(st.booleans()) else "qubit"
            self.lines.append(
                f"qreg {name}[{size}];" if spelling == "qreg" else f"qubit[{size}] {name};"
            )
            self.qubit_names += [f"{name}[{i}]" for i in range(size)]
            self.registers.append((name, wires))
        for name, size in zip(
            ["c", "m"], draw(st.lists(st.integers(1, 3), max_size=2)), strict=False
        ):
            bits = self.ref.creg(name, size)
            if self.version == "2.0" or draw(st.booleans()):
                self.lines.append(f"creg {name}[{size}];")
            else:
                self.lines.append(f"bit[{size}] {name};")
            self.bits += [(f"{name}[{i}]", bit) for i, bit in enumerate(bits)]

    def define_gate(self, name: str) -> None:
        draw = self.draw
        num_params, num_qubits = draw(st.integers(0, 2)), draw(st.integers(1, 3))
        params = ["p0", "p1"][:num_params]
        args = ["a0", "a1", "a2"][:num_qubits]
        body, steps = [], []
        for _ in range(draw(st.integers(1, 4))):
            text, step = self._body_statement(params, num_qubits, args)
            body.append(text)
            steps.append(step)
        # Every argument is acted on, so a call uses each qubit it names (a measurement
        # before it is not terminal) both for the importer and for the reference.
        touched = {position for _, positions in steps for position in positions}
        for position in sorted(set(range(num_qubits)) - touched):
            body.append(f"x {args[position]};")
            steps.append((lambda env: self.gates["x"].matrix(), (position,)))
        signature = f"{name}({', '.join(params)})" if params else name
        line = f"gate {signature} {self.sep.join(args)} {{ {' '.join(body)} }}"
        self.lines.insert(2 + self.definitions, line)
        self.definitions += 1

        def matrix(*values: float) -> np.ndarray:
            env = dict(zip(params, values, strict=True))
            return _compose(num_qubits, [(fn(env), wires) for fn, wires in steps])

        self.gates[name] = _Gate(num_params, num_qubits, matrix)

    def _body_statement(self, params: Sequence[str], num_qubits: int, args: Sequence[str]):
        draw = self.draw
        if self.version == "3.0" and params and draw(st.integers(0, 5)) == 0:
            angle = draw(angle_expressions(params))
            return f"gphase({angle.text});", (
                lambda env: np.exp(1j * angle.value(env)) * np.eye(1),
                (),
            )
        name = draw(
            st.sampled_from(sorted(n for n, g in self.gates.items() if g.num_qubits <= num_qubits))
        )
        gate = self.gates[name]
        wires = draw(st.permutations(range(num_qubits)))[: gate.num_qubits]
        if self.version == "3.0":
            exprs = [
                draw(angle_expressions(params))
                if params and draw(st.booleans())
                else draw(expressions("3.0", (), 1))
                for _ in range(gate.num_params)
            ]
        else:
            exprs = [draw(expressions("2.0", params, 1)) for _ in range(gate.num_params)]
        text = self._call_text(name, exprs, [args[w] for w in wires])
        return text, (lambda env: gate.matrix(*(e.value(env) for e in exprs)), list(wires))

    def _call_text(
        self, name: str, exprs: Sequence[Expr], qubits: Sequence[str], modifiers: Sequence[str] = ()
    ) -> str:
        prefix = "".join(f"{m} @ " for m in modifiers)
        params = f"({self.sep.join(e.text for e in exprs)})" if exprs else ""
        return f"{prefix}{name}{params} {self.sep.join(qubits)};"

    def statement(self) -> None:
        draw = self.draw
        n = len(self.ref.qubits)
        kinds = ["gate", "gate", "gate", "broadcast", "barrier", "measure", "if", "reset"]
        if self.version == "3.0":
            kinds += ["modifiers", "modifiers", "gphase", "for"]
        kind = draw(st.sampled_from(kinds))
        if kind == "barrier" and not self.measured:
            qubits = draw(st.lists(st.sampled_from(self.qubit_names), min_size=1, unique=True))
            self.lines.append(f"barrier {self.sep.join(qubits)};")
        elif kind == "broadcast" and self.registers:
            self._broadcast()
        elif kind == "modifiers":
            self._modified_gate()
        elif kind == "gphase":
            angle = draw(expressions("3.0", tuple(self.env)))
            self.lines.append(f"gphase({angle.text});")
            self.ref.gphase(angle.value(self.env))
        elif kind == "for" and any(len(w) > 1 for _, w in self.registers):
            self._for_loop()
        elif kind == "measure" and self.free_bits and self.mid_measures < 2:
            self.mid_measures += 1
            self._measure(draw(st.integers(0, n - 1)), draw(st.sampled_from(self.free_bits)))
        elif kind == "if" and self.written:
            self._conditional()
        elif kind == "reset" and self.mid_measures < 2:
            self.mid_measures += 1
            wire = draw(st.integers(0, n - 1))
            self.lines.append(f"reset {self.qubit_names[wire]};")
            self.ref.reset(wire)
        else:
            self._gate()

    def _pick_gate(self, max_qubits: int) -> tuple[str, _Gate, list[Expr]]:
        draw = self.draw
        name = draw(
            st.sampled_from(sorted(n for n, g in self.gates.items() if g.num_qubits <= max_qubits))
        )
        gate = self.gates[name]
        exprs = [draw(expressions(self.version, tuple(self.env))) for _ in range(gate.num_params)]
        return name, gate, exprs

    def _gate(self) -> None:
        name, gate, exprs = self._pick_gate(len(self.ref.qubits))
        wires = self.draw(st.permutations(range(len(self.ref.qubits))))[: gate.num_qubits]
        self.lines.append(self._call_text(name, exprs, [self.qubit_names[w] for w in wires]))
        self.ref.apply(gate.matrix(*(e.value(self.env) for e in exprs)), *wires)

    def _modified_gate(self) -> None:
        draw = self.draw
        n = len(self.ref.qubits)
        modifiers = draw(st.lists(st.sampled_from(_MODIFIERS), min_size=1, max_size=2))
        if _controls(modifiers) >= n:
            return self._gate()
        name, gate, exprs = self._pick_gate(n - _controls(modifiers))
        wires = draw(st.permutations(range(n)))[: gate.num_qubits + _controls(modifiers)]
        self.lines.append(
            self._call_text(name, exprs, [self.qubit_names[w] for w in wires], modifiers)
        )
        matrix = _modified(gate.matrix(*(e.value(self.env) for e in exprs)), modifiers)
        self.ref.apply(matrix, *wires)
        return None

    def _broadcast(self) -> None:
        draw = self.draw
        reg_name, reg = draw(st.sampled_from(self.registers))
        name, gate, exprs = self._pick_gate(2)
        values = [e.value(self.env) for e in exprs]
        if gate.num_qubits == 1:
            self.lines.append(self._call_text(name, exprs, [reg_name]))
            for wire in reg:
                self.ref.apply(gate.matrix(*values), wire)
            return
        others = [(n, w) for n, w in self.registers if n != reg_name and len(w) == len(reg)]
        outside = [w for w in range(len(self.ref.qubits)) if w not in reg]
        if others and draw(st.booleans()):
            other_name, other = draw(st.sampled_from(others))
            self.lines.append(self._call_text(name, exprs, [reg_name, other_name]))
            pairs = list(zip(reg, other, strict=True))
        elif outside:
            single = draw(st.sampled_from(outside))
            first = draw(st.booleans())
            texts = (
                [self.qubit_names[single], reg_name]
                if first
                else [reg_name, self.qubit_names[single]]
            )
            self.lines.append(self._call_text(name, exprs, texts))
            pairs = [(single, w) if first else (w, single) for w in reg]
        else:
            return
        for a, b in pairs:
            self.ref.apply(gate.matrix(*values), a, b)

    def _for_loop(self) -> None:
        draw = self.draw
        reg_name, reg = draw(st.sampled_from([(n, w) for n, w in self.registers if len(w) > 1]))
        name = draw(st.sampled_from(["rx", "ry", "rz", "p"]))
        scale = draw(float_literals())
        self.lines.append(
            f"for int i in [0:{len(reg) - 1}] {{ {name}({scale.text} * i) {reg_name}[i]; }}"
        )
        for i, wire in enumerate(reg):
            self.ref.gate(name, wire, params=[scale.value({}) * i])

    @property
    def free_bits(self) -> list[tuple[str, tuple[str, int]]]:
        """Bits no measurement wrote yet: each bit is measured at most once."""
        return [bit for bit in self.bits if bit not in self.written]

    def _measure(self, wire: int, bit: tuple[str, tuple[str, int]]) -> None:
        self.measured = True
        self.written.append(bit)
        text, ref_bit = bit
        if self.version == "2.0" or self.draw(st.booleans()):
            self.lines.append(f"measure {self.qubit_names[wire]} -> {text};")
        else:
            self.lines.append(f"{text} = measure {self.qubit_names[wire]};")
        self.ref.measure(wire, ref_bit)

    def _conditional(self) -> None:
        """An ``if`` on measured bits only: one on a never-written bit is static and may vanish."""
        draw = self.draw
        n = len(self.ref.qubits)
        if self.version == "2.0":
            register = draw(st.sampled_from(sorted({bit[0] for _, bit in self.written})))
            size = self.ref.bit_registers[register]
            measured = [bit[1] for _, bit in self.written if bit[0] == register]
            value = sum(draw(st.integers(0, 1)) << i for i in measured)
            name, gate, exprs = self._pick_gate(n)
            wires = draw(st.permutations(range(n)))[: gate.num_qubits]
            self.lines.append(
                f"if({register}=={value}) "
                + self._call_text(name, exprs, [self.qubit_names[w] for w in wires])
            )
            reads = [(register, i) for i in range(size)]
            with self.ref.when(reads, lambda b: b.value(register) == value):
                self.ref.apply(gate.matrix(*(e.value(self.env) for e in exprs)), *wires)
            return
        text, bit = draw(st.sampled_from(self.written))
        value = draw(st.integers(0, 1))
        condition = f"{text} == {value}" if draw(st.booleans()) else (text if value else f"!{text}")
        branches = [self._conditional_block() for _ in range(draw(st.integers(1, 2)))]
        self.lines.append(
            f"if ({condition}) {{ {branches[0][0]} }}"
            + (f" else {{ {branches[1][0]} }}" if len(branches) == 2 else "")
        )
        for index, (_, apply) in enumerate(branches):
            expected = value if index == 0 else 1 - value
            with self.ref.when([bit], lambda b, e=expected: b[bit] == e):
                apply()

    def _conditional_block(self) -> tuple[str, Callable[[], None]]:
        n = len(self.ref.qubits)
        texts, applies = [], []
        for _ in range(self.draw(st.integers(1, 2))):
            name, gate, exprs = self._pick_gate(n)
            wires = self.draw(st.permutations(range(n)))[: gate.num_qubits]
            texts.append(self._call_text(name, exprs, [self.qubit_names[w] for w in wires]))
            applies.append((gate.matrix(*(e.value(self.env) for e in exprs)), wires))
        return " ".join(texts), lambda: [self.ref.apply(m, *w) for m, w in applies]

    def terminal_measurements(self) -> None:
        free = self.free_bits
        if not free:
            return
        n = len(self.ref.qubits)
        wires = self.draw(st.lists(st.integers(0, n - 1), unique=True, max_size=len(free)))
        targets = self.draw(st.permutations(free))
        for wire, bit in zip(wires, targets, strict=False):
            self._measure(wire, bit)


@dataclasses.dataclass(frozen=True)
class Generated:
    """A program's text, its reference and the values of its inputs."""

    text: str
    expected: qasm_reference.Expected
    inputs: dict[str, float]


@st.composite
def programs(draw, version: str) -> Generated:
    """A random valid program of ``version`` and its reference."""
    builder = _Builder(draw, version)
    builder.declare()
    for name in draw(st.lists(st.sampled_from(["mix", "pair", "layer"]), max_size=2, unique=True)):
        builder.define_gate(name)
    for _ in range(draw(st.integers(1, 10))):
        builder.statement()
    builder.terminal_measurements()
    text = "\n".join(builder.lines) + "\n"
    return Generated(text, builder.ref.expected(), builder.env)


def _check_generated(generated: Generated) -> None:
    with jax.enable_x64(True):
        program = qj.from_qasm(generated.text)
        assert tuple(program.qubits) == generated.expected.qubits
        assert tuple(program.clbits) == generated.expected.clbits
        assert tuple(program.inputs) == generated.expected.inputs
        circuit = jax.jit(results_circuit(program, generated.expected))
        inputs = {name: jnp.float64(value) for name, value in generated.inputs.items()}
        assert_results(circuit(**inputs), generated.expected)


@settings(max_examples=40)
@given(programs("2.0"))
def test_random_openqasm2_programs_match_the_reference(generated):
    _check_generated(generated)


@settings(max_examples=40)
@given(programs("3.0"))
def test_random_openqasm3_programs_match_the_reference(generated):
    _check_generated(generated)


# ---------------------------------------------------------------------------
# Mutations
# ---------------------------------------------------------------------------

_TOKENS = re.compile(
    r"\s+|//[^\n]*|[^\W\d]\w*|\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|->|==|!=|\*\*|.", re.DOTALL
)
_VOCABULARY = [
    ";", ",", "(", ")", "[", "]", "{", "}", "->", "@", "==", "+", "-", "*", "/", "^", "**", ":",
    "=", '"', "$", "!", "π", "pi", "q", "c", "x", "h", "cx", "U", "CX", "gate", "qreg", "creg",
    "qubit", "bit", "measure", "reset", "barrier", "if", "else", "for", "in", "int", "float",
    "angle", "input", "const", "def", "ctrl", "negctrl", "inv", "pow", "gphase", "include",
    "OPENQASM", "opaque", "while", "return", "let", "qelib1.inc", "stdgates.inc", "2.0", "3.0",
    "sin", "sqrt", "ln", "0", "1", "2", "7", "-1", "0.5", "1e400", "1e-400", "nan",
    "99999999999999999999", "100", "[0:3]", "{0, 1}", "\n", " ", "\t", "\x00", "é", "🙂",
]  # fmt: skip


@st.composite
def mutations(draw, text: str) -> str:
    """``text`` after one to three random edits of its tokens or characters."""
    for _ in range(draw(st.integers(1, 3))):
        tokens = _TOKENS.findall(text) or [""]
        kind = draw(
            st.sampled_from(
                ["delete", "duplicate", "swap", "replace", "insert", "char", "truncate"]
            )
        )
        i = draw(st.integers(0, len(tokens) - 1))
        if kind == "delete":
            del tokens[i]
        elif kind == "duplicate":
            tokens.insert(i, tokens[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(tokens) - 1))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif kind == "replace":
            tokens[i] = draw(st.sampled_from(_VOCABULARY))
        elif kind == "insert":
            tokens.insert(i, draw(st.sampled_from(_VOCABULARY)))
        text = "".join(tokens)
        if kind == "char" and text:
            k = draw(st.integers(0, len(text) - 1))
            char = draw(st.characters(codec="utf-8", exclude_categories=["Cs"]))
            edit = draw(st.sampled_from(["delete", "replace", "insert"]))
            text = text[:k] + ("" if edit == "delete" else char) + text[k + (edit != "insert") :]
        elif kind == "truncate":
            text = text[: draw(st.integers(0, len(text)))]
    return text


class _HangError(Exception):
    """An import that ran far longer than any corpus file needs."""


def _alarm(signum, frame):
    raise _HangError("from_qasm ran for more than 10 s")


def _inside(error: QasmError, texts: Sequence[str]) -> bool:
    """Whether ``error``'s line and column point inside one of ``texts`` (or just past a line)."""
    if error.line is None or error.column is None:
        return False
    for text in texts:
        lines = text.split("\n")
        if 1 <= error.line <= len(lines) and 1 <= error.column <= len(lines[error.line - 1]) + 1:
            return True
    return False


def _check_mutant(text: str) -> None:
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(10)
    try:
        program = qj.from_qasm(text, includes=INCLUDES)
    except QasmError as error:
        assert _inside(error, [text, *INCLUDES.values()]), (error.line, error.column, str(error))
        return
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    inputs = dict.fromkeys(program.inputs, 0.3)

    def run():
        program(**inputs)
        return qj.probs()

    with contextlib.suppress(QjaxError):
        jax.eval_shape(qj.circuit(run, wires=max(program.num_wires, 1)))


@settings(max_examples=300)
@given(st.sampled_from(SEEDS).flatmap(mutations))
def test_mutated_corpus_files_fail_only_with_located_qasm_errors(text):
    _check_mutant(text)


@settings(max_examples=60)
@given(st.sampled_from(["2.0", "3.0"]).flatmap(programs).flatmap(lambda g: mutations(g.text)))
def test_mutated_generated_programs_fail_only_with_located_qasm_errors(text):
    _check_mutant(text)
