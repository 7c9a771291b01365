"""A recursive-descent parser for OpenQASM 2.0 and the OpenQASM 3 subset qjax imports.

It builds the syntax tree of :mod:`._ast` and checks only the grammar; names,
sizes and meanings are checked by the compiler. Every error is a
:class:`~qjax.errors.QasmError` with the line and column of the offending token.
"""

from typing import Any

from qjax.errors import QasmError
from qjax.interop.qasm import _ast as ast
from qjax.interop.qasm._lexer import Token, tokenize

UNSUPPORTED_KEYWORDS = frozenset(
    {
        "while", "switch", "case", "default", "box", "delay", "defcal", "defcalgrammar", "cal",
        "extern", "return", "break", "continue", "end", "array", "duration", "stretch",
        "complex", "output", "pragma", "durationof", "sizeof", "readonly", "mutable", "nop",
        "port", "frame", "waveform", "void",
    }
)  # fmt: skip
"""OpenQASM 3 keywords whose constructs are outside the imported subset."""

MODIFIERS = frozenset({"ctrl", "negctrl", "inv", "pow"})
CLASSICAL_TYPES = frozenset({"int", "uint", "float", "angle", "bool"})
VERSIONS = {"2": "2.0", "2.0": "2.0", "3": "3.0", "3.0": "3.0", "3.1": "3.0"}
"""The ``OPENQASM`` versions understood, and the version each is imported as."""

_PRECEDENCE = (("||",), ("&&",), ("|",), ("&",), ("==", "!="), ("<", "<=", ">", ">="))
_ADDITIVE, _MULTIPLICATIVE = ("+", "-"), ("*", "/", "%")


def read_version(source: str) -> str:
    """The version an ``OPENQASM`` header names: ``"2.0"`` or ``"3.0"`` (``"3.0"`` without one).

    >>> read_version("OPENQASM 2.0; qreg q[1];"), read_version("qubit q;")
    ('2.0', '3.0')
    """
    tokens = tokenize(source)
    first = next(tokens)
    if first.kind != "id" or first.text != "OPENQASM":
        return "3.0"
    number = next(tokens)
    if number.kind not in ("int", "float") or number.text not in VERSIONS:
        raise QasmError(
            f"unsupported OpenQASM version {number.text!r}: qjax imports 2.0 and 3 "
            "(e.g. 'OPENQASM 2.0;')",
            number.line,
            number.column,
        )
    end = next(tokens)
    if end.text != ";":
        raise QasmError(f"expected ';' after 'OPENQASM {number.text}'", end.line, end.column)
    return VERSIONS[number.text]


class Parser:
    """Parses one source text (a program or an included file) of a given version."""

    def __init__(self, source: str, version: str, where: str = ""):
        self.source, self.version, self.where = source, version, where
        self.qasm3 = version == "3.0"
        self.stream = tokenize(source, where)
        self.tokens: list[Token] = []
        self.index = 0
        self.statement_start = 0

    # --- tokens ----------------------------------------------------------------------------

    def _at(self, index: int) -> Token:
        """The token at ``index``, lexed on demand (an error after it shows only once reached)."""
        while len(self.tokens) <= index and (not self.tokens or self.tokens[-1].kind != "eof"):
            self.tokens.append(next(self.stream))
        return self.tokens[min(index, len(self.tokens) - 1)]

    @property
    def token(self) -> Token:
        return self._at(self.index)

    def peek(self, offset: int = 1) -> Token:
        return self._at(self.index + offset)

    def advance(self) -> Token:
        token = self._at(self.index)
        if token.kind != "eof":
            self.index += 1
        return token

    def error(self, message: str, token: Token | None = None) -> QasmError:
        token = token or self.token
        return QasmError(self.where + message, token.line, token.column)

    def at(self, *texts: str) -> bool:
        return self.token.kind in ("op", "id") and self.token.text in texts

    def accept(self, text: str) -> bool:
        if self.at(text):
            self.advance()
            return True
        return False

    def _so_far(self) -> str:
        previous = self.tokens[self.index - 1] if self.index else self.token
        text = " ".join(self.source[self.statement_start : previous.end].split())
        return text if len(text) <= 40 else text[:37] + "..."

    def expect(self, text: str) -> Token:
        if self.at(text):
            return self.advance()
        if text == ";" and self.index:
            previous = self.tokens[self.index - 1]
            line, column = self._end_of(previous)
            raise QasmError(f"{self.where}expected ';' after {self._so_far()!r}", line, column)
        raise self.error(f"expected {text!r}, got {self.token.describe()}")

    def _end_of(self, token: Token) -> tuple[int, int]:
        return token.line, token.column + len(token.text)

    def identifier(self, what: str = "a name") -> Token:
        if self.token.kind != "id":
            raise self.error(f"expected {what}, got {self.token.describe()}")
        return self.advance()

    # --- program ---------------------------------------------------------------------------

    def program(self) -> tuple[Any, ...]:
        """Every statement of the source; a leading ``OPENQASM`` header is checked and dropped."""
        if self.at("OPENQASM"):
            self.advance()
            self.advance()
            self.expect(";")
        statements = []
        while self.token.kind != "eof":
            statements.append(self.statement())
        return tuple(statements)

    def block_or_statement(self) -> tuple[Any, ...]:
        if self.accept("{"):
            return self.block_rest()
        return (self.statement(),)

    def block_rest(self) -> tuple[Any, ...]:
        statements = []
        while not self.accept("}"):
            if self.token.kind == "eof":
                raise self.error("expected '}' to close the block, got the end of the program")
            statements.append(self.statement())
        return tuple(statements)

    def statement(self) -> Any:
        self.statement_start = self.token.start
        token = self.token
        if token.kind == "op" and token.text == "@" and self.qasm3:
            raise self.error("annotations ('@...') are not supported")
        if token.kind == "op" and token.text in ("#", "$"):
            what = "pragmas ('#pragma')" if token.text == "#" else "physical qubits ('$0')"
            raise self.error(f"{what} are not supported")
        if token.kind != "id":
            raise self.error(f"expected a statement, got {token.describe()}")
        word = token.text
        if word == "OPENQASM":
            raise self.error("the 'OPENQASM' version line must be the first statement")
        handler = self._handlers().get(word)
        if handler is not None:
            return handler(token)
        if self.qasm3 and word in UNSUPPORTED_KEYWORDS:
            raise self.error(
                f"unsupported OpenQASM 3 construct {word!r}: qjax imports gates, "
                "measurements, resets, barriers, if and for"
            )
        if self.qasm3 and self.peek().text in ("=", "[") and self.peek().kind == "op":
            return self.assignment(token)
        if (
            self.qasm3
            and self.peek().kind == "op"
            and self.peek().text in ("+=", "-=", "*=", "/=", "++")
        ):
            raise self.error(f"unsupported classical assignment to {word!r}", self.peek())
        return self.gate_call(())

    def _handlers(self) -> dict[str, Any]:
        common = {
            "include": self.include,
            "qreg": self.qreg,
            "creg": self.creg,
            "gate": self.gate_def,
            "opaque": self.gate_def,
            "measure": self.measure,
            "reset": self.reset,
            "barrier": self.barrier,
            "if": self.if_statement,
        }
        if not self.qasm3:
            return common
        return common | {
            "qubit": self.qubit,
            "bit": self.bit,
            "const": self.const,
            "input": self.input,
            "let": self.let,
            "def": self.def_def,
            "for": self.for_statement,
            **{name: self.modified_call for name in MODIFIERS},
            **{name: self.classical for name in CLASSICAL_TYPES},
        }

    # --- declarations ----------------------------------------------------------------------

    def include(self, keyword: Token) -> ast.Include:
        self.advance()
        path = self.token
        if path.kind != "str":
            raise self.error(
                f"expected a file name in quotes after 'include', got {path.describe()}"
            )
        self.advance()
        self.expect(";")
        return ast.Include(keyword.line, keyword.column, str(path.value))

    def _bracket_size(self) -> Any:
        self.expect("[")
        size = self.expression()
        self.expect("]")
        return size

    def qreg(self, keyword: Token) -> ast.QubitDecl:
        self.advance()
        name = self.identifier("a register name")
        size = self._bracket_size()
        self.expect(";")
        return ast.QubitDecl(keyword.line, keyword.column, name.text, size)

    def creg(self, keyword: Token) -> ast.BitDecl:
        self.advance()
        name = self.identifier("a register name")
        size = self._bracket_size()
        self.expect(";")
        return ast.BitDecl(keyword.line, keyword.column, name.text, size, None)

    def qubit(self, keyword: Token) -> ast.QubitDecl:
        self.advance()
        size = self._bracket_size() if self.at("[") else None
        name = self.identifier("a qubit name")
        self.expect(";")
        return ast.QubitDecl(keyword.line, keyword.column, name.text, size)

    def bit(self, keyword: Token) -> ast.BitDecl:
        self.advance()
        size = self._bracket_size() if self.at("[") else None
        name = self.identifier("a bit name")
        init = None
        if self.accept("="):
            init = self.measure_expression()
        self.expect(";")
        return ast.BitDecl(keyword.line, keyword.column, name.text, size, init)

    def _type(self) -> str:
        word = self.identifier("a type")
        if word.text not in CLASSICAL_TYPES:
            raise self.error(
                f"unsupported type {word.text!r}: constants are int, uint, float, angle or bool",
                word,
            )
        if self.at("["):
            self._bracket_size()
        return word.text

    def const(self, keyword: Token) -> ast.ConstDecl:
        self.advance()
        return self._declaration(keyword)

    def classical(self, keyword: Token) -> ast.ConstDecl:
        return self._declaration(keyword)

    def _declaration(self, start: Token) -> ast.ConstDecl:
        kind = self._type()
        name = self.identifier("a variable name")
        if not self.at("="):
            raise self.error(
                f"{name.text!r} needs a value: qjax imports classical variables as constants "
                f"(e.g. 'const {kind} {name.text} = 1;')"
            )
        self.advance()
        value = self.expression()
        self.expect(";")
        return ast.ConstDecl(start.line, start.column, kind, name.text, value)

    def input(self, keyword: Token) -> ast.InputDecl:
        self.advance()
        word = self.identifier("a type")
        if word.text not in ("float", "angle"):
            raise self.error(
                f"unsupported input type {word.text!r}: inputs are float or angle "
                "(e.g. 'input float theta;')",
                word,
            )
        if self.at("["):
            self._bracket_size()
        name = self.identifier("an input name")
        self.expect(";")
        return ast.InputDecl(keyword.line, keyword.column, word.text, name.text)

    def let(self, keyword: Token) -> ast.Alias:
        self.advance()
        name = self.identifier("an alias name")
        self.expect("=")
        target = self.operand()
        self.expect(";")
        return ast.Alias(keyword.line, keyword.column, name.text, target)

    def _names(self, what: str, end: str) -> tuple[str, ...]:
        names = [self.identifier(what).text]
        while self.accept(","):
            names.append(self.identifier(what).text)
        if not self.at(end):
            raise self.error(f"expected ',' or {end!r}, got {self.token.describe()}")
        return tuple(names)

    def gate_def(self, keyword: Token) -> ast.GateDef:
        self.advance()
        name = self.identifier("a gate name")
        params: tuple[str, ...] = ()
        if self.accept("("):
            if not self.at(")"):
                params = self._names("a parameter name", ")")
            self.expect(")")
        qubits = self._names("a qubit argument name", ";" if keyword.text == "opaque" else "{")
        if keyword.text == "opaque":
            self.expect(";")
            return ast.GateDef(keyword.line, keyword.column, name.text, params, qubits, None)
        self.expect("{")
        body = []
        while not self.accept("}"):
            if self.token.kind == "eof":
                raise self.error(f"expected '}}' to close gate {name.text!r}")
            body.append(self.gate_body_statement())
        return ast.GateDef(keyword.line, keyword.column, name.text, params, qubits, tuple(body))

    def gate_body_statement(self) -> Any:
        self.statement_start = self.token.start
        token = self.token
        if token.kind == "id" and token.text == "barrier":
            return self.barrier(token)
        if token.kind == "id" and self.qasm3 and token.text in MODIFIERS:
            return self.modified_call(token)
        if token.kind == "id" and token.text not in self._handlers():
            return self.gate_call(())
        raise self.error(
            f"a gate body holds only gate calls and barriers, got {token.describe()}; "
            "use 'def' for anything else"
        )

    def def_def(self, keyword: Token) -> ast.DefDef:
        self.advance()
        name = self.identifier("a subroutine name")
        self.expect("(")
        args = []
        while not self.at(")"):
            args.append(self.def_arg())
            if not self.accept(","):
                break
        self.expect(")")
        if self.at("->"):
            raise self.error("subroutines with a return value are not supported")
        self.expect("{")
        body = self.block_rest()
        return ast.DefDef(keyword.line, keyword.column, name.text, tuple(args), body)

    def def_arg(self) -> ast.Arg:
        word = self.identifier("an argument type")
        if word.text in ("qubit", "qreg"):
            size = self._bracket_size() if self.at("[") and word.text == "qubit" else None
            name = self.identifier("an argument name")
            if word.text == "qreg":
                size = self._bracket_size() if self.at("[") else None
            return ast.Arg(word.line, word.column, "qubit", size, name.text)
        if word.text in ("float", "angle"):
            if self.at("["):
                self._bracket_size()
            name = self.identifier("an argument name")
            return ast.Arg(word.line, word.column, "float", None, name.text)
        raise self.error(
            f"unsupported subroutine argument type {word.text!r}: use qubit, qubit[n], float "
            "or angle",
            word,
        )

    # --- quantum statements ----------------------------------------------------------------

    def operand(self) -> Any:
        token = self.token
        if token.kind == "op" and token.text == "$":
            raise self.error("physical qubits ('$0') are not supported")
        name = self.identifier("a qubit or bit")
        if self.accept("["):
            selector = self.selector()
            self.expect("]")
            return ast.Indexed(name.line, name.column, name.text, selector)
        return ast.Name(name.line, name.column, name.text)

    def selector(self) -> Any:
        token = self.token
        if self.accept("{"):
            return self.set_rest(token)
        start = None if self.at(":") else self.expression()
        if not self.at(":"):
            if self.at(","):
                raise self.error("multi-dimensional indices are not supported")
            return start
        self.advance()
        end = None if self.at("]", ":") else self.expression()
        step = None
        if self.accept(":"):
            step, end = end, (None if self.at("]") else self.expression())
        return ast.RangeSel(token.line, token.column, start, step, end)

    def set_rest(self, token: Token) -> ast.SetSel:
        items = [self.expression()]
        while self.accept(","):
            items.append(self.expression())
        self.expect("}")
        return ast.SetSel(token.line, token.column, tuple(items))

    def _operands(self) -> tuple[Any, ...]:
        operands = [self.operand()]
        while self.accept(","):
            operands.append(self.operand())
        return tuple(operands)

    def modified_call(self, first: Token) -> ast.GateCall:
        modifiers = []
        while self.token.kind == "id" and self.token.text in MODIFIERS:
            word = self.advance()
            arg = None
            if self.accept("("):
                arg = self.expression()
                self.expect(")")
            elif word.text == "pow":
                raise self.error("'pow' needs an exponent: 'pow(2) @'")
            self.expect("@")
            modifiers.append(ast.Modifier(word.line, word.column, word.text, arg))
        return self.gate_call(tuple(modifiers))

    def gate_call(self, modifiers: tuple[ast.Modifier, ...]) -> ast.GateCall:
        name = self.identifier("a gate name")
        params: tuple[Any, ...] = ()
        if self.accept("("):
            if not self.at(")"):
                params = self.expressions(")")
            self.expect(")")
        operands: tuple[Any, ...] = ()
        if not self.at(";"):
            if self.token.kind != "id" and not self.at("$"):
                raise self.error(
                    f"expected the qubits of {name.text!r} or ';', got {self.token.describe()}"
                )
            operands = self._operands()
        self.expect(";")
        return ast.GateCall(name.line, name.column, modifiers, name.text, params, operands)

    def measure_expression(self) -> ast.MeasureExpr:
        keyword = self.token
        if not self.accept("measure"):
            raise self.error(
                f"unsupported classical assignment: only 'measure' results can be assigned to "
                f"bits, got {self.token.describe()}"
            )
        return ast.MeasureExpr(keyword.line, keyword.column, self.operand())

    def measure(self, keyword: Token) -> ast.Measure:
        self.advance()
        qubit = self.operand()
        bit = None
        if self.accept("->"):
            bit = self.operand()
        elif not self.qasm3:
            self.expect("->")
        self.expect(";")
        return ast.Measure(keyword.line, keyword.column, qubit, bit)

    def assignment(self, first: Token) -> ast.Measure:
        target = self.operand()
        if not self.at("="):
            raise self.error(f"unsupported classical assignment (got {self.token.describe()})")
        self.advance()
        value = self.measure_expression()
        self.expect(";")
        return ast.Measure(first.line, first.column, value.operand, target)

    def reset(self, keyword: Token) -> ast.Reset:
        self.advance()
        operand = self.operand()
        self.expect(";")
        return ast.Reset(keyword.line, keyword.column, operand)

    def barrier(self, keyword: Token) -> ast.BarrierStmt:
        self.advance()
        operands = () if self.at(";") else self._operands()
        self.expect(";")
        return ast.BarrierStmt(keyword.line, keyword.column, operands)

    def if_statement(self, keyword: Token) -> ast.If:
        self.advance()
        self.expect("(")
        condition = self.expression()
        self.expect(")")
        if self.qasm3:
            then = self.block_or_statement()
            otherwise: tuple[Any, ...] = ()
            if self.accept("else"):
                otherwise = self.block_or_statement()
        else:
            then, otherwise = (self.statement(),), ()
        return ast.If(keyword.line, keyword.column, condition, then, otherwise)

    def for_statement(self, keyword: Token) -> ast.For:
        self.advance()
        if self.peek().text != "in":
            self._type()
        var = self.identifier("a loop variable")
        if not self.accept("in"):
            raise self.error(f"expected 'in' after the loop variable, got {self.token.describe()}")
        token = self.token
        if self.accept("["):
            iterable = self.selector()
            self.expect("]")
            if not isinstance(iterable, ast.RangeSel):
                raise self.error("a for loop runs over a range [a:b] or a set {a, b}", token)
        elif self.accept("{"):
            iterable = self.set_rest(token)
        else:
            raise self.error(
                f"a for loop runs over a range [a:b] or a set {{a, b}}, got {token.describe()}"
            )
        body = self.block_or_statement()
        return ast.For(keyword.line, keyword.column, var.text, iterable, body)

    # --- expressions -----------------------------------------------------------------------

    def expressions(self, end: str) -> tuple[Any, ...]:
        items = [self.expression()]
        while self.accept(","):
            items.append(self.expression())
        if not self.at(end):
            raise self.error(f"expected ',' or {end!r}, got {self.token.describe()}")
        return tuple(items)

    def expression(self, level: int = 0) -> Any:
        if level == len(_PRECEDENCE):
            return self.additive()
        left = self.expression(level + 1)
        while self.token.kind == "op" and self.token.text in _PRECEDENCE[level]:
            op = self.advance()
            left = ast.Binary(op.line, op.column, op.text, left, self.expression(level + 1))
        return left

    def additive(self) -> Any:
        left = self.multiplicative()
        while self.token.kind == "op" and self.token.text in _ADDITIVE:
            op = self.advance()
            left = ast.Binary(op.line, op.column, op.text, left, self.multiplicative())
        return left

    def multiplicative(self) -> Any:
        left = self.unary()
        while self.token.kind == "op" and self.token.text in _MULTIPLICATIVE:
            op = self.advance()
            left = ast.Binary(op.line, op.column, op.text, left, self.unary())
        return left

    def unary(self) -> Any:
        token = self.token
        if token.kind == "op" and token.text in ("-", "+", "!", "~"):
            self.advance()
            return ast.Unary(token.line, token.column, token.text, self.unary())
        return self.power()

    def power(self) -> Any:
        base = self.primary()
        power_op = "**" if self.qasm3 else "^"
        if self.at(power_op):
            op = self.advance()
            return ast.Binary(op.line, op.column, "**", base, self.unary())
        if self.qasm3 and self.at("^", "<<", ">>"):
            raise self.error(f"unsupported operator {self.token.text!r} (use ** for powers)")
        return base

    def primary(self) -> Any:
        token = self.token
        if token.kind in ("int", "float"):
            self.advance()
            return ast.Number(token.line, token.column, token.value)
        if token.kind == "op" and token.text == "(":
            self.advance()
            inner = self.expression()
            self.expect(")")
            return inner
        if token.kind == "id":
            self.advance()
            if token.text == "measure":
                raise self.error("'measure' cannot be used inside an expression", token)
            if self.accept("("):
                args = () if self.at(")") else self.expressions(")")
                self.expect(")")
                return ast.Call(token.line, token.column, token.text, args)
            if self.accept("["):
                selector = self.selector()
                self.expect("]")
                return ast.Indexed(token.line, token.column, token.text, selector)
            return ast.Name(token.line, token.column, token.text)
        raise self.error(f"expected an expression, got {token.describe()}")


def parse(source: str, version: str, where: str = "") -> tuple[Any, ...]:
    """The statements of ``source`` read as OpenQASM ``version`` (``"2.0"`` or ``"3.0"``).

    >>> parse("OPENQASM 2.0; qreg q[1];", "2.0")[0].name
    'q'
    """
    return Parser(source, version, where).program()
