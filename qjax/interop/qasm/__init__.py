"""OpenQASM 2.0 and 3: import programs as templates (``from_qasm``)."""

from qjax.interop.qasm._import import MeasuredWire, QasmProgram, from_qasm

__all__ = ["MeasuredWire", "QasmProgram", "from_qasm"]
