"""Interoperation with other quantum software: OpenQASM 2.0 and 3."""

from qjax.interop.qasm import MeasuredWire, QasmProgram, from_qasm, to_qasm

__all__ = ["MeasuredWire", "QasmProgram", "from_qasm", "to_qasm"]
