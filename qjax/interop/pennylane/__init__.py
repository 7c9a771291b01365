"""``qml.device("qjax.qubit", wires=n)``: PennyLane QNodes simulated by qjax.

Needs PennyLane (``pip install "qjax[pennylane]"``), which registers the
device under the ``pennylane.plugins`` entry point. Importing this package
does not import PennyLane; ``QjaxQubit`` does, when first accessed.
"""

from typing import Any

__all__ = ["QjaxQubit"]


def __getattr__(name: str) -> Any:
    if name == "QjaxQubit":
        from qjax.interop.pennylane._device import QjaxQubit

        return QjaxQubit
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
