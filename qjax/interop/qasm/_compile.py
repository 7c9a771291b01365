"""From the syntax tree to the flat instruction list: every name, size and signature checked.

The compiler walks the program once, in order: it declares registers,
expands gate definitions and subroutines, unrolls loops, broadcasts gates
over registers, pushes gate modifiers down to library gates, and decides
every ``if`` whose bits were never measured. It then marks terminal
measurements (see :func:`finalize`). Every problem is a
:class:`~qjax.errors.QasmError` with the line and column to blame.
"""

import dataclasses
import difflib
import math
from collections.abc import Callable, Mapping
from typing import Any

from qjax.errors import QasmError
from qjax.interop.qasm import _ast as ast
from qjax.interop.qasm._instructions import (
    BarrierOp,
    CondBits,
    CondConst,
    CondOp,
    GateOp,
    IfOp,
    MeasureOp,
    PowerOp,
    ResetOp,
    condition_bits,
    used_wires,
)
from qjax.interop.qasm._library import BUILTINS, INCLUDES, QELIB1_EXTRAS, LibraryGate
from qjax.interop.qasm._parser import parse, read_version
from qjax.interop.qasm._values import FUNCTION_NAMES, Param, Value, as_float, combine, negate

MAX_INSTRUCTIONS = 1_000_000
"""Programs that unroll to more instructions than this are refused (a runaway loop or pow)."""

MAX_REGISTER_SIZE = 1_000_000
"""The largest register a program may declare."""

MAX_DEPTH = 64
"""The deepest nesting of gate and subroutine calls (recursion is refused)."""

_CONSTANTS = {
    "2.0": {"pi": math.pi},
    "3.0": {"pi": math.pi, "π": math.pi, "tau": math.tau, "τ": math.tau, "euler": math.e,
            "ℇ": math.e},
}  # fmt: skip

_COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


@dataclasses.dataclass(frozen=True)
class QubitReg:
    """Wires named by a register, an alias or a gate's qubit argument."""

    wires: tuple[int, ...]
    single: bool


@dataclasses.dataclass(frozen=True)
class BitReg:
    """Bit slots named by a classical register or a single bit."""

    bits: tuple[int, ...]
    single: bool


@dataclasses.dataclass(frozen=True)
class Const:
    """A number fixed by the program: a constant, a gate parameter or a loop variable."""

    value: Value


@dataclasses.dataclass(frozen=True)
class Input:
    """An ``input`` parameter, known when the program is called."""

    value: Param


class Scope:
    """Names visible at one place; an ``isolated`` scope (a gate or subroutine body)
    sees only the constants of the scopes around it."""

    def __init__(self, parent: "Scope | None" = None, isolated: bool = False):
        self.names: dict[str, Any] = {}
        self.parent, self.isolated = parent, isolated

    def lookup(self, name: str) -> tuple[Any, bool]:
        """The symbol of ``name`` (or ``None``) and whether it is visible from here."""
        scope: Scope | None = self
        crossed = False
        while scope is not None:
            if name in scope.names:
                symbol = scope.names[name]
                return symbol, not crossed or isinstance(symbol, Const)
            crossed = crossed or scope.isolated
            scope = scope.parent
        return None, False

    def qubit_symbols(self) -> list[QubitReg]:
        """Every qubit register visible from here, outermost first."""
        scope: Scope | None = self
        found: list[QubitReg] = []
        while scope is not None:
            found = [s for s in scope.names.values() if isinstance(s, QubitReg)] + found
            if scope.isolated:
                break
            scope = scope.parent
        return found


@dataclasses.dataclass(frozen=True)
class Compiled:
    """What the compiler found: the registers, the inputs and the flat instructions."""

    version: str
    qubits: tuple[tuple[str, int], ...]
    clbits: tuple[tuple[str, int], ...]
    qubit_registers: tuple[tuple[str, int], ...]
    bit_registers: tuple[tuple[str, tuple[int, ...]], ...]
    inputs: tuple[str, ...]
    instructions: tuple[Any, ...]
    num_bit_slots: int


def evaluate_condition(condition: Any, bit: Callable[[int], Any], combine_values: Callable) -> Any:
    """A condition's value: bit slots read with ``bit``, combined with ``combine_values``.

    ``combine_values(fn, *values)`` applies ``fn`` to plain ints, or builds the
    value of ``fn`` over every outcome of mid-circuit measurements.

    >>> cond = CondOp("==", (CondBits((0, 1)), CondConst(2)))
    >>> evaluate_condition(cond, {0: 0, 1: 1}.__getitem__, lambda fn, *v: fn(*v))
    1
    """
    if isinstance(condition, CondConst):
        return condition.value
    if isinstance(condition, CondBits):
        values = [bit(b) for b in condition.bits]
        return combine_values(lambda *bits: sum(int(v) << i for i, v in enumerate(bits)), *values)
    args = [evaluate_condition(arg, bit, combine_values) for arg in condition.args]
    return combine_values(_CONDITION_OPS[condition.op], *args)


_CONDITION_OPS: dict[str, Callable[..., int]] = {
    "==": lambda a, b: int(a == b),
    "!=": lambda a, b: int(a != b),
    "<": lambda a, b: int(a < b),
    "<=": lambda a, b: int(a <= b),
    ">": lambda a, b: int(a > b),
    ">=": lambda a, b: int(a >= b),
    "&&": lambda a, b: int(bool(a) and bool(b)),
    "||": lambda a, b: int(bool(a) or bool(b)),
    "!": lambda a: int(not a),
}


def _plain(fn: Callable[..., Any], *values: Any) -> Any:
    return fn(*values)


class Compiler:
    """Compiles one program; see the module docstring."""

    def __init__(self, version: str, includes: Mapping[str, str]):
        self.version, self.includes = version, includes
        self.qasm3 = version == "3.0"
        self.gates: dict[str, Any] = dict(BUILTINS[version])
        self.globals = Scope()
        self.qubits: list[tuple[str, int]] = []
        self.clbits: list[tuple[str, int]] = []
        self.qubit_registers: dict[str, int] = {}
        self.bit_registers: dict[str, tuple[int, ...]] = {}
        self.inputs: list[str] = []
        self.measured: set[int] = set()
        self.num_bit_slots = 0
        self.count = 0
        self.depth = 0
        self.in_if = 0
        self.where = ""
        self.including: list[str] = []
        self.dummy_names: dict[int, str] = {}

    # --- helpers ---------------------------------------------------------------------------

    def error(self, message: str, node: ast.Node) -> QasmError:
        return QasmError(self.where + message, node.line, node.column)

    def budget(self, added: int, node: ast.Node) -> None:
        self.count += added
        if self.count > MAX_INSTRUCTIONS:
            raise self.error(
                f"the program unrolls to more than {MAX_INSTRUCTIONS} instructions", node
            )

    def wire_name(self, wire: int) -> str:
        if wire in self.dummy_names:
            return self.dummy_names[wire]
        register, index = self.qubits[wire]
        return f"{register}[{index}]"

    def declare(self, scope: Scope, name: str, symbol: Any, node: ast.Node) -> None:
        previous = scope.names.get(name)
        if previous is not None or (
            scope is self.globals
            and name in self.gates
            and not isinstance(self.gates[name], LibraryGate)
        ):
            raise self.error(f"{name!r} is already declared; choose another name", node)
        if name in _CONSTANTS[self.version]:
            raise self.error(f"{name!r} is a built-in constant and cannot be redeclared", node)
        scope.names[name] = symbol

    def symbol(self, name: str, scope: Scope, node: ast.Node) -> Any:
        symbol, visible = scope.lookup(name)
        if symbol is None:
            raise self.error(f"{name!r} is not declared", node)
        if not visible:
            raise self.error(
                f"{name!r} cannot be used here: a gate or subroutine body sees only its own "
                "arguments and global constants",
                node,
            )
        return symbol

    # --- numbers ---------------------------------------------------------------------------

    def value(self, node: Any, scope: Scope) -> Value:
        """The number an expression stands for (a Param when it depends on inputs)."""
        if isinstance(node, ast.Number):
            return node.value
        if isinstance(node, ast.Name):
            constants = _CONSTANTS[self.version]
            if node.name in constants and scope.lookup(node.name)[0] is None:
                return constants[node.name]
            symbol = self.symbol(node.name, scope, node)
            if isinstance(symbol, (Const, Input)):
                return symbol.value
            kind = "a qubit register" if isinstance(symbol, QubitReg) else "a classical bit"
            raise self.error(f"{node.name!r} is {kind}, not a number", node)
        if isinstance(node, ast.Unary):
            if node.op not in ("-", "+"):
                raise self.error(f"operator {node.op!r} does not apply to numbers", node)
            operand = self.value(node.operand, scope)
            return negate(operand) if node.op == "-" else operand
        if isinstance(node, ast.Binary):
            if node.op not in ("+", "-", "*", "/", "%", "**"):
                raise self.error(f"operator {node.op!r} is only allowed in an if condition", node)
            args = (self.value(node.left, scope), self.value(node.right, scope))
            return combine(node.op, args, node.line, node.column)
        if isinstance(node, ast.Call):
            if node.name not in FUNCTION_NAMES[self.version]:
                known = ", ".join(sorted(FUNCTION_NAMES[self.version]))
                raise self.error(f"unknown function {node.name!r}; known: {known}", node)
            if len(node.args) != 1:
                raise self.error(f"{node.name} takes 1 argument, got {len(node.args)}", node)
            arg = self.value(node.args[0], scope)
            return combine(node.name, (arg,), node.line, node.column, function=True)
        if isinstance(node, ast.Indexed):
            raise self.error(f"{node.name}[...] is not a number", node)
        raise self.error("expected a number", node)

    def constant_int(self, node: Any, scope: Scope, what: str) -> int:
        value = self.value(node, scope)
        if isinstance(value, Param):
            raise self.error(
                f"{what} must be known when the program is imported, not an input", node
            )
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            value = int(value)
        if not isinstance(value, int):
            raise self.error(f"{what} must be an integer, got {value!r}", node)
        return value

    def size(self, node: Any, scope: Scope) -> int:
        if node is None:
            return 1
        size = self.constant_int(node, scope, "a register size")
        if not 0 < size <= MAX_REGISTER_SIZE:
            raise self.error(
                f"a register size must be between 1 and {MAX_REGISTER_SIZE}, got {size}", node
            )
        return size

    # --- registers and operands ------------------------------------------------------------

    def index(self, node: Any, scope: Scope, name: str, size: int) -> int:
        return self.index_checked(self.constant_int(node, scope, "an index"), node, name, size)

    def select(self, items: tuple, selector: Any, scope: Scope, name: str) -> tuple[tuple, bool]:
        size = len(items)
        if isinstance(selector, ast.SetSel):
            return tuple(items[self.index(i, scope, name, size)] for i in selector.items), False
        if isinstance(selector, ast.RangeSel):
            indices = self.range(selector, scope, size)
            if not indices:
                raise self.error(f"the range selects no element of {name!r}", selector)
            return tuple(items[self.index_checked(i, selector, name, size)] for i in indices), False
        return (items[self.index(selector, scope, name, size)],), True

    def index_checked(self, index: int, node: ast.Node, name: str, size: int) -> int:
        if self.qasm3 and -size <= index < 0:
            index += size
        if not 0 <= index < size:
            raise self.error(f"index {index} is out of range for {name!r} of size {size}", node)
        return index

    def range(self, node: ast.RangeSel, scope: Scope, size: int | None) -> range:
        step = 1 if node.step is None else self.constant_int(node.step, scope, "a range step")
        if step == 0:
            raise self.error("a range step cannot be 0", node)
        if (node.start is None or node.end is None) and size is None:
            raise self.error("a loop range needs both ends: [a:b]", node)
        start = (0 if step > 0 else size - 1) if node.start is None else self.constant_int(
            node.start, scope, "a range start")  # fmt: skip
        end = (size - 1 if step > 0 else 0) if node.end is None else self.constant_int(
            node.end, scope, "a range end")  # fmt: skip
        return range(start, end + (1 if step > 0 else -1), step)

    def qubit_operand(self, node: Any, scope: Scope) -> tuple[tuple[int, ...], bool]:
        symbol = self.symbol(node.name, scope, node)
        if not isinstance(symbol, QubitReg):
            raise self.error(f"{node.name!r} is not a qubit or qubit register", node)
        if isinstance(node, ast.Indexed):
            return self.select(symbol.wires, node.selector, scope, node.name)
        return symbol.wires, symbol.single

    def bit_operand(self, node: Any, scope: Scope) -> tuple[tuple[int, ...], bool]:
        symbol = self.symbol(node.name, scope, node)
        if not isinstance(symbol, BitReg):
            raise self.error(f"{node.name!r} is not a bit or bit register", node)
        if isinstance(node, ast.Indexed):
            return self.select(symbol.bits, node.selector, scope, node.name)
        return symbol.bits, symbol.single

    def broadcast(self, node: ast.Node, groups: list[tuple[tuple[int, ...], bool]]) -> list[tuple]:
        sizes = {len(wires) for wires, single in groups if not single}
        if len(sizes) > 1:
            raise self.error(
                f"registers of different sizes {sorted(sizes)} cannot be broadcast together", node
            )
        count = sizes.pop() if sizes else 1
        return [tuple(w[0] if single else w[i] for w, single in groups) for i in range(count)]

    # --- statements ------------------------------------------------------------------------

    def block(self, statements: tuple, scope: Scope, top: bool = False) -> list[Any]:
        out: list[Any] = []
        for statement in statements:
            out += self.statement(statement, scope, top)
        return out

    def statement(self, node: Any, scope: Scope, top: bool) -> list[Any]:
        method = getattr(self, "do_" + type(node).__name__)
        top_only = (ast.Include, ast.QubitDecl, ast.InputDecl, ast.GateDef, ast.DefDef)
        if not top and isinstance(node, top_only):
            what = type(node).__name__.replace("Decl", " declaration").replace("Def", " definition")
            raise self.error(f"{what.lower()}s are only allowed at the top level", node)
        return method(node, scope)

    def do_Include(self, node: ast.Include, scope: Scope) -> list[Any]:
        for name, table in INCLUDES.values():
            if node.path == name and name not in self.includes:
                for gate_name, gate in table.items():
                    self.gates.setdefault(gate_name, gate)
                return []
        if node.path not in self.includes:
            known = ", ".join(repr(name) for name, _ in INCLUDES.values())
            raise self.error(
                f"cannot include {node.path!r}: pass its text as from_qasm(..., "
                f"includes={{{node.path!r}: text}}) (built in: {known})",
                node,
            )
        if node.path in self.including:
            raise self.error(f"{node.path!r} includes itself", node)
        where = self.where
        self.including.append(node.path)
        self.where = f"in {node.path!r}: "
        statements = parse(self.includes[node.path], self.version, self.where)
        out = self.block(statements, scope, top=True)
        self.including.pop()
        self.where = where
        return out

    def do_QubitDecl(self, node: ast.QubitDecl, scope: Scope) -> list[Any]:
        size = self.size(node.size, scope)
        if len(self.qubits) + size > MAX_REGISTER_SIZE:
            raise self.error(f"the program declares more than {MAX_REGISTER_SIZE} qubits", node)
        wires = tuple(range(len(self.qubits), len(self.qubits) + size))
        self.declare(scope, node.name, QubitReg(wires, node.size is None), node)
        self.qubits += [(node.name, i) for i in range(size)]
        self.qubit_registers[node.name] = size
        return []

    def do_BitDecl(self, node: ast.BitDecl, scope: Scope) -> list[Any]:
        size = self.size(node.size, scope)
        if self.num_bit_slots + size > MAX_REGISTER_SIZE:
            raise self.error(f"the program declares more than {MAX_REGISTER_SIZE} bits", node)
        bits = tuple(range(self.num_bit_slots, self.num_bit_slots + size))
        self.declare(scope, node.name, BitReg(bits, node.size is None), node)
        self.num_bit_slots += size
        if scope is self.globals:
            self.clbits += [(node.name, i) for i in range(size)]
            self.bit_registers[node.name] = bits
        if node.init is None:
            return []
        target = ast.Name(node.line, node.column, node.name)
        return self.do_Measure(
            ast.Measure(node.line, node.column, node.init.operand, target), scope
        )

    def do_ConstDecl(self, node: ast.ConstDecl, scope: Scope) -> list[Any]:
        value = self.value(node.value, scope)
        if node.type in ("int", "uint", "bool"):
            value = self.constant_int(node.value, scope, f"the value of {node.type} {node.name!r}")
        self.declare(scope, node.name, Const(value), node)
        return []

    def do_InputDecl(self, node: ast.InputDecl, scope: Scope) -> list[Any]:
        name = node.name
        self.declare(scope, name, Input(Param(lambda inputs: inputs[name])), node)
        self.inputs.append(name)
        return []

    def do_Alias(self, node: ast.Alias, scope: Scope) -> list[Any]:
        symbol, _ = scope.lookup(node.target.name)
        if isinstance(symbol, BitReg):
            bits, single = self.bit_operand(node.target, scope)
            self.declare(scope, node.name, BitReg(bits, single), node)
        else:
            wires, single = self.qubit_operand(node.target, scope)
            self.declare(scope, node.name, QubitReg(wires, single), node)
        return []

    def do_GateDef(self, node: ast.GateDef, scope: Scope) -> list[Any]:
        existing = self.gates.get(node.name)
        library = isinstance(existing, LibraryGate) and not self.qasm3
        if library and node.name not in {*BUILTINS[self.version], *QELIB1_EXTRAS}:
            signature = (existing.num_params, existing.num_qubits)
            if signature == (len(node.params), len(node.qubits)):
                return []  # Qiskit's reading: a qelib1.inc gate keeps its exact matrix
        replaceable = library and node.name in QELIB1_EXTRAS
        if (existing is not None and not replaceable) or scope.names.get(node.name) is not None:
            raise self.error(f"gate {node.name!r} is already defined; choose another name", node)
        for names, what in ((node.params, "parameter"), (node.qubits, "qubit")):
            repeated = sorted({n for n in names if names.count(n) > 1})
            if repeated:
                raise self.error(f"gate {node.name!r} repeats the {what} {repeated[0]!r}", node)
        if node.body is not None:
            self.check_gate_body(node)
        self.gates[node.name] = node
        return []

    def check_gate_body(self, node: ast.GateDef) -> None:
        """Expands the body once on placeholder qubits, so its errors show at the definition."""
        wires = tuple(-1 - i for i in range(len(node.qubits)))
        saved, count = self.dummy_names, self.count
        self.dummy_names = {w: repr(q) for w, q in zip(wires, node.qubits, strict=True)}
        params = tuple(Param(lambda inputs: 0.0) for _ in node.params)
        self.expand_gate(node, params, wires)
        self.dummy_names, self.count = saved, count

    def do_DefDef(self, node: ast.DefDef, scope: Scope) -> list[Any]:
        if node.name in self.gates or scope.names.get(node.name) is not None:
            raise self.error(f"{node.name!r} is already defined; choose another name", node)
        names = [arg.name for arg in node.args]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise self.error(f"subroutine {node.name!r} repeats the argument {repeated[0]!r}", node)
        self.gates[node.name] = node
        return []

    def do_BarrierStmt(self, node: ast.BarrierStmt, scope: Scope) -> list[Any]:
        if node.operands:
            wires = [w for op in node.operands for w in self.qubit_operand(op, scope)[0]]
        else:
            wires = [w for reg in scope.qubit_symbols() for w in reg.wires]
        return [BarrierOp(tuple(dict.fromkeys(wires)))] if wires else []

    def do_Reset(self, node: ast.Reset, scope: Scope) -> list[Any]:
        if self.in_if:
            raise self.error("a reset inside an if is not supported", node)
        wires, _ = self.qubit_operand(node.operand, scope)
        self.budget(len(wires), node)
        return [ResetOp(w) for w in wires]

    def do_Measure(self, node: ast.Measure, scope: Scope) -> list[Any]:
        if self.in_if:
            raise self.error("a measurement inside an if is not supported", node)
        wires, _ = self.qubit_operand(node.qubit, scope)
        if node.bit is None:
            bits: tuple[int | None, ...] = (None,) * len(wires)
        else:
            bits, _ = self.bit_operand(node.bit, scope)
            if len(bits) != len(wires):
                raise self.error(
                    f"cannot measure {len(wires)} qubit(s) into {len(bits)} bit(s); "
                    "the sizes must match",
                    node,
                )
        self.budget(len(wires), node)
        self.measured.update(b for b in bits if b is not None)
        return [MeasureOp(w, b) for w, b in zip(wires, bits, strict=True)]

    def do_If(self, node: ast.If, scope: Scope) -> list[Any]:
        condition = self.condition(node.condition, scope)
        if not any(b in self.measured for b in condition_bits(condition)):
            taken = evaluate_condition(condition, lambda bit: 0, _plain)
            return self.block(node.then if taken else node.otherwise, Scope(scope))
        self.in_if += 1
        then = self.block(node.then, Scope(scope))
        otherwise = self.block(node.otherwise, Scope(scope))
        self.in_if -= 1
        return [IfOp(condition, tuple(then), tuple(otherwise))]

    def do_For(self, node: ast.For, scope: Scope) -> list[Any]:
        if isinstance(node.iterable, ast.SetSel):
            values = [self.constant_int(i, scope, "a loop value") for i in node.iterable.items]
        else:
            values = self.range(node.iterable, scope, None)
        self.budget(len(values), node)
        out: list[Any] = []
        for value in values:
            inner = Scope(scope)
            inner.names[node.var] = Const(value)
            out += self.block(node.body, inner)
        return out

    # --- conditions ------------------------------------------------------------------------

    def condition(self, node: Any, scope: Scope) -> Any:
        if isinstance(node, ast.Binary) and node.op in (*_COMPARISONS, "&&", "||"):
            return CondOp(node.op, (self.condition(node.left, scope),
                                    self.condition(node.right, scope)))  # fmt: skip
        if isinstance(node, ast.Unary) and node.op == "!":
            return CondOp("!", (self.condition(node.operand, scope),))
        if isinstance(node, (ast.Name, ast.Indexed)):
            symbol, _ = scope.lookup(node.name)
            if isinstance(symbol, BitReg):
                bits, single = self.bit_operand(node, scope)
                if isinstance(node, ast.Indexed) and not single:
                    raise self.error("a condition reads one bit or a whole register", node)
                return CondBits(bits)
        value = self.value(node, scope)
        if isinstance(value, Param):
            raise self.error("a condition cannot depend on an input", node)
        if isinstance(value, float) and not value.is_integer():
            raise self.error(f"a condition compares integers, got {value!r}", node)
        return CondConst(int(value))

    # --- gate calls ------------------------------------------------------------------------

    def unknown_gate(self, node: ast.GateCall) -> QasmError:
        message = f"unknown gate {node.name!r}"
        own = INCLUDES[self.version]
        for file, table in (own, *(i for i in INCLUDES.values() if i is not own)):
            if node.name in table:
                return self.error(
                    f"{message}: it is defined in {file!r}; add 'include \"{file}\";'", node
                )
        close = difflib.get_close_matches(node.name, list(self.gates), n=3)
        if close:
            message += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
        return self.error(message, node)

    def modifiers(self, node: ast.GateCall, scope: Scope) -> list[tuple[str, Any]]:
        out = []
        for modifier in node.modifiers:
            if modifier.kind == "inv":
                if modifier.arg is not None:
                    raise self.error("'inv' takes no argument", modifier)
                out.append(("inv", None))
            elif modifier.kind == "pow":
                value = self.value(modifier.arg, scope)
                if isinstance(value, Param):
                    raise self.error(
                        "a pow exponent must be known at import, not an input", modifier
                    )
                value = as_float(value, modifier.line, modifier.column)
                out.append(("pow", int(value) if value.is_integer() else value))
            else:
                count = 1 if modifier.arg is None else self.constant_int(
                    modifier.arg, scope, f"the number of {modifier.kind} qubits")  # fmt: skip
                if count < 1:
                    raise self.error(f"{modifier.kind}({count}) needs at least one qubit", modifier)
                out.append((modifier.kind, count))
        return out

    def do_GateCall(self, node: ast.GateCall, scope: Scope) -> list[Any]:
        gate = self.gates.get(node.name)
        if gate is None:
            raise self.unknown_gate(node)
        if isinstance(gate, ast.DefDef):
            return self.call_subroutine(node, gate, scope)
        if isinstance(gate, ast.GateDef) and gate.body is None:
            raise self.error(
                f"gate {node.name!r} is declared opaque: it has no definition to simulate", node
            )
        modifiers = self.modifiers(node, scope)
        num_params, num_qubits = (
            (gate.num_params, gate.num_qubits) if isinstance(gate, LibraryGate)
            else (len(gate.params), len(gate.qubits))
        )  # fmt: skip
        if len(node.params) != num_params:
            raise self.error(
                f"gate {node.name!r} takes {num_params} parameter(s), got {len(node.params)}", node
            )
        controls = sum(count for kind, count in modifiers if kind in ("ctrl", "negctrl"))
        if len(node.operands) != num_qubits + controls:
            extra = f" ({controls} control(s) and {num_qubits} target(s))" if controls else ""
            raise self.error(
                f"gate {node.name!r} acts on {num_qubits + controls} qubit(s){extra}, "
                f"got {len(node.operands)}",
                node,
            )
        params = tuple(as_float(self.value(p, scope), p.line, p.column) for p in node.params)
        groups = [self.qubit_operand(op, scope) for op in node.operands]
        out: list[Any] = []
        for wires in self.broadcast(node, groups):
            if len(set(wires)) != len(wires):
                repeated = next(w for w in wires if wires.count(w) > 1)
                raise self.error(
                    f"qubit {self.wire_name(repeated)} is used twice in one call of {node.name!r}",
                    node,
                )
            instructions = self.apply(modifiers, gate, params, wires, node)
            self.budget(len(instructions), node)
            out += instructions
        return out

    def apply(
        self, modifiers: list, gate: Any, params: tuple, wires: tuple, node: ast.Node
    ) -> list:
        if not modifiers:
            if isinstance(gate, LibraryGate):
                return [GateOp(gate, params, wires)]
            return self.expand_gate(gate, params, wires, node)
        (kind, arg), rest = modifiers[0], modifiers[1:]
        if kind in ("ctrl", "negctrl"):
            controls, values = wires[:arg], (int(kind == "ctrl"),) * arg
            inner = self.apply(rest, gate, params, wires[arg:], node)
            return [_controlled(i, controls, values) for i in inner]
        inner = self.apply(rest, gate, params, wires, node)
        if kind == "inv":
            return [_inverted(i) for i in reversed(inner)]
        if isinstance(arg, float):
            return [PowerOp(tuple(inner), wires, arg)]
        if arg < 0:
            inner = [_inverted(i) for i in reversed(inner)]
        self.budget(len(inner) * abs(arg), node)
        return inner * abs(arg)

    def expand_gate(
        self, gate: ast.GateDef, params: tuple, wires: tuple, node: ast.Node | None = None
    ) -> list:
        if self.depth >= MAX_DEPTH:
            raise self.error(f"gate calls nest deeper than {MAX_DEPTH}", node or gate)
        scope = Scope(self.globals, isolated=True)
        for name, value in zip(gate.params, params, strict=True):
            scope.names[name] = Const(value)
        for name, wire in zip(gate.qubits, wires, strict=True):
            scope.names[name] = QubitReg((wire,), True)
        self.depth += 1
        out = self.block(gate.body or (), scope)
        self.depth -= 1
        return out

    def call_subroutine(self, node: ast.GateCall, definition: ast.DefDef, scope: Scope) -> list:
        if node.modifiers or node.operands:
            raise self.error(
                f"call the subroutine {node.name!r} with its arguments in parentheses and no "
                f"modifiers, e.g. '{node.name}(...);'",
                node,
            )
        if len(node.params) != len(definition.args):
            raise self.error(
                f"subroutine {node.name!r} takes {len(definition.args)} argument(s), "
                f"got {len(node.params)}",
                node,
            )
        if self.depth >= MAX_DEPTH:
            raise self.error(f"subroutine calls nest deeper than {MAX_DEPTH}", node)
        inner = Scope(self.globals, isolated=True)
        used: list[int] = []
        for arg, expr in zip(definition.args, node.params, strict=True):
            if arg.kind == "float":
                inner.names[arg.name] = Const(
                    as_float(self.value(expr, scope), expr.line, expr.column)
                )
                continue
            if not isinstance(expr, (ast.Name, ast.Indexed)):
                raise self.error(f"argument {arg.name!r} of {node.name!r} must be qubits", expr)
            wires, _ = self.qubit_operand(expr, scope)
            expected = None if arg.size is None else self.size(arg.size, inner)
            if (expected is None and len(wires) != 1) or (expected and len(wires) != expected):
                raise self.error(
                    f"argument {arg.name!r} of {node.name!r} takes {expected or 1} qubit(s), "
                    f"got {len(wires)}",
                    expr,
                )
            used += wires
            inner.names[arg.name] = QubitReg(wires, arg.size is None)
        if len(set(used)) != len(used):
            raise self.error(f"a qubit is passed twice to {node.name!r}", node)
        self.depth += 1
        out = self.block(definition.body, inner)
        self.depth -= 1
        return out


def _controlled(instruction: Any, controls: tuple, values: tuple) -> Any:
    if isinstance(instruction, (GateOp, PowerOp)):
        return dataclasses.replace(
            instruction,
            controls=controls + instruction.controls,
            values=values + instruction.values,
        )
    return instruction


def _inverted(instruction: Any) -> Any:
    if isinstance(instruction, GateOp):
        return dataclasses.replace(instruction, inverse=not instruction.inverse)
    if isinstance(instruction, PowerOp):
        return dataclasses.replace(instruction, exponent=-instruction.exponent)
    return instruction


def _read_bits(instruction: IfOp) -> set[int]:
    """The bit slots an if reads, nested ifs included."""
    bits = set(condition_bits(instruction.condition))
    for inner in instruction.then + instruction.otherwise:
        if isinstance(inner, IfOp):
            bits |= _read_bits(inner)
    return bits


def finalize(instructions: list[Any]) -> tuple[Any, ...]:
    """Marks initial resets and terminal measurements, folds measure + reset.

    A reset is initial when nothing in the program acted on its qubit before
    (the call records it only if the circuit did). A measurement is terminal
    when no later instruction acts on its qubit (a barrier does not count) and
    no later ``if`` reads its bit.

    >>> finalize([ResetOp(0), MeasureOp(0, 0)])
    (ResetOp(wire=0, initial=True), MeasureOp(wire=0, bit=0, reset=False, terminal=True))
    """
    touched: set[int] = set()
    kept = []
    for instruction in instructions:
        if isinstance(instruction, ResetOp) and instruction.wire not in touched:
            kept.append(dataclasses.replace(instruction, initial=True))
            continue
        touched.update(used_wires(instruction))
        kept.append(instruction)
    used_later: set[int] = set()
    read_later: set[int] = set()
    marked: list[Any] = []
    for instruction in reversed(kept):
        if isinstance(instruction, MeasureOp):
            terminal = instruction.wire not in used_later and instruction.bit not in read_later
            instruction = dataclasses.replace(instruction, terminal=terminal)
            read_later.discard(instruction.bit)  # type: ignore[arg-type]
        elif isinstance(instruction, IfOp):
            read_later.update(_read_bits(instruction))
        used_later.update(used_wires(instruction))
        marked.append(instruction)
    marked.reverse()
    folded: list[Any] = []
    for instruction in marked:
        previous = folded[-1] if folded else None
        if (
            isinstance(instruction, ResetOp)
            and isinstance(previous, MeasureOp)
            and previous.wire == instruction.wire
            and not previous.reset
        ):
            folded[-1] = dataclasses.replace(previous, reset=True)
            continue
        folded.append(instruction)
    return tuple(folded)


def compile_program(source: str, includes: Mapping[str, str]) -> Compiled:
    """Parses and compiles an OpenQASM program.

    >>> compile_program("OPENQASM 2.0; qreg q[2]; CX q[0], q[1];", {}).qubits
    (('q', 0), ('q', 1))
    """
    version = read_version(source)
    compiler = Compiler(version, includes)
    instructions = compiler.block(parse(source, version), compiler.globals, top=True)
    return Compiled(
        version=version,
        qubits=tuple(compiler.qubits),
        clbits=tuple(compiler.clbits),
        qubit_registers=tuple(compiler.qubit_registers.items()),
        bit_registers=tuple(compiler.bit_registers.items()),
        inputs=tuple(compiler.inputs),
        instructions=finalize(instructions),
        num_bit_slots=compiler.num_bit_slots,
    )
