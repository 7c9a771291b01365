"""OpenQASM 2.0 and 3: programs in as templates (``from_qasm``), circuits out (``to_qasm``)."""

from qjax.interop.qasm._export import to_qasm
from qjax.interop.qasm._import import MeasuredWire, QasmProgram, from_qasm

__all__ = ["MeasuredWire", "QasmProgram", "from_qasm", "to_qasm"]
