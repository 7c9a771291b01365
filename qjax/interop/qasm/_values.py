"""Numbers of an OpenQASM program: constants folded at import, inputs kept as functions.

A value is a Python ``int`` or ``float`` when the program fixes it, or a
:class:`Param` when it depends on an ``input``: a function of the inputs that
uses ``jax.numpy``, so traced inputs flow into gate parameters under ``jit``,
``vmap`` and ``grad``.
"""

import math
import operator
from collections.abc import Callable, Mapping
from typing import Any

import jax.numpy as jnp

from qjax.errors import QasmError

MAX_INT_EXPONENT = 256
"""``int ** int`` with a larger exponent is computed in floating point (no giant integers)."""


class Param:
    """A number known only when the program is called: a function of the input values."""

    __slots__ = ("evaluate",)

    def __init__(self, evaluate: Callable[[Mapping[str, Any]], Any]):
        self.evaluate = evaluate

    def __repr__(self) -> str:
        return "Param(...)"


Value = int | float | Param


def resolve(value: Value, inputs: Mapping[str, Any]) -> Any:
    """The number ``value`` stands for, given the inputs' values.

    >>> resolve(Param(lambda inputs: inputs["x"] * 2), {"x": 1.5}), resolve(3, {})
    (3.0, 3)
    """
    return value.evaluate(inputs) if isinstance(value, Param) else value


def _power(base: Any, exponent: Any) -> Any:
    if (
        isinstance(base, int)
        and isinstance(exponent, int)
        and (exponent < 0 or exponent > MAX_INT_EXPONENT or abs(base) > 2**MAX_INT_EXPONENT)
    ):
        return float(base) ** exponent
    return base**exponent


def _divide(a: Any, b: Any) -> Any:
    if isinstance(a, int) and isinstance(b, int) and b != 0 and a % b == 0:
        return a // b
    return a / b


_BINARY: dict[str, tuple[Callable[[Any, Any], Any], Callable[[Any, Any], Any]]] = {
    "+": (operator.add, operator.add),
    "-": (operator.sub, operator.sub),
    "*": (operator.mul, operator.mul),
    "/": (_divide, operator.truediv),
    "%": (operator.mod, jnp.mod),
    "**": (_power, jnp.power),
}
"""Each arithmetic operator on Python numbers (folded at import) and on traced inputs."""

_FUNCTIONS: dict[str, tuple[Callable[[float], float], Callable[[Any], Any]]] = {
    "sin": (math.sin, jnp.sin),
    "cos": (math.cos, jnp.cos),
    "tan": (math.tan, jnp.tan),
    "exp": (math.exp, jnp.exp),
    "ln": (math.log, jnp.log),
    "log": (math.log, jnp.log),
    "sqrt": (math.sqrt, jnp.sqrt),
    "asin": (math.asin, jnp.arcsin),
    "acos": (math.acos, jnp.arccos),
    "atan": (math.atan, jnp.arctan),
    "arcsin": (math.asin, jnp.arcsin),
    "arccos": (math.acos, jnp.arccos),
    "arctan": (math.atan, jnp.arctan),
}
"""The functions expressions may call, on Python numbers and on traced inputs."""

FUNCTION_NAMES = {
    "2.0": frozenset({"sin", "cos", "tan", "exp", "ln", "sqrt", "asin", "acos", "atan"}),
    "3.0": frozenset(
        {"sin", "cos", "tan", "exp", "log", "sqrt", "arcsin", "arccos", "arctan", "asin", "acos",
         "atan"}
    ),
}  # fmt: skip
"""The functions each version knows (OpenQASM 2 writes ``ln``, OpenQASM 3 ``log``)."""


def _checked(result: Any, what: str, line: int, column: int) -> Any:
    if isinstance(result, complex) or (isinstance(result, float) and not math.isfinite(result)):
        raise QasmError(f"{what} is not a finite real number", line, column)
    return result


def combine(
    op: str, args: tuple[Value, ...], line: int, column: int, function: bool = False
) -> Value:
    """``op`` (an operator such as ``"+"``, or with ``function`` a function name) on ``args``.

    Python numbers give a Python number; any :class:`Param` gives a :class:`Param`.

    >>> combine("+", (1, 2.5), 1, 1), combine("sqrt", (4,), 1, 1, function=True)
    (3.5, 2.0)
    """
    folded, traced = _FUNCTIONS[op] if function else _BINARY[op]
    what = f"{op}(...)" if function else f"the result of {op!r}"
    if not any(isinstance(a, Param) for a in args):
        try:
            return _checked(folded(*args), what, line, column)
        except ZeroDivisionError:
            raise QasmError("division by zero", line, column) from None
        except (OverflowError, ValueError):
            raise QasmError(f"{what} is not a finite real number", line, column) from None

    def evaluate(inputs: Mapping[str, Any]) -> Any:
        return traced(*(resolve(a, inputs) for a in args))

    return Param(evaluate)


def negate(value: Value) -> Value:
    """``-value``.

    >>> negate(2)
    -2
    """
    if isinstance(value, Param):
        return Param(lambda inputs: -value.evaluate(inputs))
    return -value


def as_float(value: Value, line: int, column: int) -> float | Param:
    """``value`` as a gate parameter: a float (checked finite) or a :class:`Param`.

    >>> as_float(2, 1, 1)
    2.0
    """
    if isinstance(value, Param):
        return value
    try:
        return _checked(float(value), "the parameter", line, column)
    except OverflowError:
        raise QasmError("the parameter is too large to be a number", line, column) from None
