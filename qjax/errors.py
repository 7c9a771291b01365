"""The errors qjax raises for bad input, all raised before any simulation work.

Each is a subclass of both :class:`QjaxError` (catch everything from qjax) and
the built-in error a user would expect (``ValueError`` or ``TypeError``).
"""


class QjaxError(Exception):
    """Base class of every error qjax raises on purpose."""


class WireError(QjaxError, ValueError):
    """A wire is missing, repeated, unknown to the circuit or not hashable."""


class ParameterError(QjaxError, ValueError):
    """A gate got the wrong number, shape or kind of parameters."""


class ParameterTypeError(QjaxError, TypeError):
    """A gate parameter is not a number or an array of numbers."""


class OperatorTypeError(QjaxError, TypeError):
    """Something that is not a gate or an observable was passed where one is required."""


class UnitaryError(QjaxError, ValueError):
    """A matrix required to be unitary (or a vector to be normalised) is not."""


class ObservableError(QjaxError, ValueError):
    """Something that is not a Hermitian observable was used as one."""


class CircuitError(QjaxError, ValueError):
    """The recorded circuit is malformed (no measurements, misplaced state preparation, ...)."""


class DifferentiationError(QjaxError, ValueError):
    """A differentiation method or option cannot handle the circuit or a parameter of it."""


class StateSizeError(QjaxError, ValueError):
    """The state of the circuit would not fit in the device's memory."""


class SamplingError(QjaxError, ValueError):
    """Shots or a random key are missing or malformed, or a measurement cannot be sampled."""


class QasmError(QjaxError, ValueError):
    """An OpenQASM program is malformed or uses a construct qjax does not import.

    ``line`` and ``column`` (1-based) locate the problem in the source, or are
    ``None`` where no single place is to blame; the message starts with them.

    >>> str(QasmError("expected ';' after 'h q[0]'", line=3, column=7))
    "line 3, column 7: expected ';' after 'h q[0]'"
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None):
        self.line, self.column, self.reason = line, column, message
        where = f"line {line}, column {column}: " if line is not None else ""
        super().__init__(where + message)
