"""Doctest collection: the device's modules import PennyLane, an optional dependency."""

import importlib.util

collect_ignore = (
    ["_convert.py", "_device.py"] if importlib.util.find_spec("pennylane") is None else []
)
