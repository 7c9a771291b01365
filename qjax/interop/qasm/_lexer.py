"""The OpenQASM lexer: source text to tokens that know their line and column.

Comments (``//`` and ``/* */``) and whitespace are dropped. Identifiers may
use any Unicode letter (OpenQASM 3 writes ``θ`` and ``π``).
"""

import dataclasses
from collections.abc import Iterator

from qjax.errors import QasmError

OPERATORS = (
    "->", "==", "!=", "<=", ">=", "&&", "||", "**", "<<", ">>", "+=", "-=", "*=", "/=", "++",
    ";", ",", "(", ")", "[", "]", "{", "}", "=", "+", "-", "*", "/", "^", "!", "~", "@", ":",
    "<", ">", "%", "&", "|", ".", "#", "$",
)  # fmt: skip
"""Every operator and punctuation mark, longest first where one starts another."""

_DIGITS = "0123456789"
_DIGITS_ = _DIGITS + "_"


@dataclasses.dataclass(frozen=True)
class Token:
    """One token: ``kind`` is ``"id"``, ``"int"``, ``"float"``, ``"str"``, ``"op"`` or ``"eof"``."""

    kind: str
    text: str
    line: int
    column: int
    start: int
    end: int

    @property
    def value(self) -> int | float | str:
        """The number a numeric token spells, or the text of a string token."""
        if self.kind == "int":
            text = self.text.replace("_", "")
            return int(text, 0) if text[1:2] in ("x", "X", "b", "B", "o", "O") else int(text)
        if self.kind == "float":
            return float(self.text.replace("_", ""))
        if self.kind == "str":
            return self.text[1:-1]
        return self.text

    def describe(self) -> str:
        """The token as an error message quotes it."""
        return "the end of the program" if self.kind == "eof" else repr(self.text)


class _Scanner:
    def __init__(self, source: str, where: str):
        self.source, self.where = source, where
        self.pos, self.line, self.line_start, self.counted = 0, 1, 0, 0

    def locate(self, pos: int) -> tuple[int, int]:
        """The line and column of ``pos``, counting newlines only once (positions only grow)."""
        newlines = self.source.count("\n", self.counted, pos)
        if newlines:
            self.line += newlines
            self.line_start = self.source.rfind("\n", self.counted, pos) + 1
        self.counted = pos
        return self.line, pos - self.line_start + 1

    def error(self, message: str, pos: int) -> QasmError:
        return QasmError(self.where + message, *self.locate(pos))

    def skip_blank(self) -> None:
        source = self.source
        while self.pos < len(source):
            if source[self.pos].isspace():
                self.pos += 1
            elif source.startswith("//", self.pos):
                end = source.find("\n", self.pos)
                self.pos = len(source) if end < 0 else end
            elif source.startswith("/*", self.pos):
                end = source.find("*/", self.pos + 2)
                if end < 0:
                    raise self.error("unterminated comment: '/*' without '*/'", self.pos)
                self.pos = end + 2
            else:
                return

    def token(self, kind: str, start: int) -> Token:
        line, column = self.locate(start)
        return Token(kind, self.source[start : self.pos], line, column, start, self.pos)

    def number(self, start: int) -> Token:
        source, pos = self.source, self.pos
        if source[pos] == "0" and source[pos + 1 : pos + 2] in ("x", "X", "b", "B", "o", "O"):
            pos += 2
            while pos < len(source) and (source[pos].isalnum() or source[pos] == "_"):
                pos += 1
            self.pos = pos
            try:
                int(source[start:pos].replace("_", ""), 0)
            except ValueError:
                raise self.error(f"malformed number {source[start:pos]!r}", start) from None
            return self.token("int", start)
        kind = "int"
        while pos < len(source) and source[pos] in _DIGITS_:
            pos += 1
        if pos < len(source) and source[pos] == ".":
            kind, pos = "float", pos + 1
            while pos < len(source) and source[pos] in _DIGITS_:
                pos += 1
        if pos < len(source) and source[pos] in "eE":
            exponent = pos + 1
            if exponent < len(source) and source[exponent] in "+-":
                exponent += 1
            if exponent < len(source) and source[exponent] in _DIGITS:
                kind, pos = "float", exponent
                while pos < len(source) and source[pos] in _DIGITS:
                    pos += 1
        self.pos = pos
        text = source[start:pos]
        if text == "." or text.endswith("_") or "__" in text:
            raise self.error(f"malformed number {text!r}", start)
        if pos < len(source) and (source[pos].isalpha() or source[pos] == "_"):
            unit_end = pos
            while unit_end < len(source) and source[unit_end].isalnum():
                unit_end += 1
            raise self.error(
                f"unsupported literal {source[start:unit_end]!r}: durations and imaginary "
                "numbers are not imported; write a plain number such as 0.5",
                start,
            )
        return self.token(kind, start)

    def string(self, start: int) -> Token:
        quote = self.source[start]
        end = self.source.find(quote, start + 1)
        newline = self.source.find("\n", start + 1)
        if end < 0 or 0 <= newline < end:
            raise self.error("unterminated string: a quote without its closing quote", start)
        self.pos = end + 1
        return self.token("str", start)

    def next(self) -> Token:
        self.skip_blank()
        source, start = self.source, self.pos
        if start >= len(source):
            return self.token("eof", start)
        char = source[start]
        if char.isalpha() or char == "_":
            while self.pos < len(source) and (
                source[self.pos].isalnum() or source[self.pos] == "_"
            ):
                self.pos += 1
            return self.token("id", start)
        if char in _DIGITS or (char == "." and source[start + 1 : start + 2] in tuple(_DIGITS)):
            return self.number(start)
        if char in "\"'":
            return self.string(start)
        for op in OPERATORS:
            if source.startswith(op, start):
                self.pos += len(op)
                return self.token("op", start)
        raise self.error(f"unexpected character {char!r}", start)


def tokenize(source: str, where: str = "") -> Iterator[Token]:
    """The tokens of ``source``, ending with one ``"eof"`` token.

    ``where`` prefixes error messages (the name of an included file).

    >>> [t.text for t in tokenize("h q[0]; // a comment")]
    ['h', 'q', '[', '0', ']', ';', '']
    """
    scanner = _Scanner(source, where)
    while True:
        token = scanner.next()
        yield token
        if token.kind == "eof":
            return
