"""How much memory a state needs, and whether the device has it."""

import os

import jax
import numpy as np

from qjax.errors import StateSizeError

STATES_PER_EVALUATION = 2
"""States alive at once in a forward pass: a kernel reads one and writes another."""

MEMORY_CHECK_MIN_BYTES = 2**26
"""Below this (64 MiB) the check never queries the device."""


def state_bytes(num_wires: int, dtype: np.dtype) -> int:
    """The bytes of one ``num_wires``-qubit state of ``dtype``.

    >>> state_bytes(10, np.dtype("complex64"))
    8192
    """
    return 2**num_wires * np.dtype(dtype).itemsize


def _host_available_bytes() -> int | None:
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def available_bytes(device: jax.Device | None = None) -> int | None:
    """Free memory on ``device`` (default: the first device), or ``None`` if unknown.

    Accelerators report it through ``memory_stats()``; on the CPU it is the
    host's available memory.

    >>> available_bytes() > 0
    True
    """
    device = device if device is not None else jax.devices()[0]
    stats = device.memory_stats()
    if stats and "bytes_limit" in stats:
        return int(stats["bytes_limit"]) - int(stats.get("bytes_in_use", 0))
    if device.platform == "cpu":
        return _host_available_bytes()
    return None


def max_num_wires(dtype: np.dtype, device: jax.Device | None = None) -> int | None:
    """The most qubits whose forward pass fits in ``device``'s free memory.

    >>> max_num_wires(np.dtype("complex64")) > 10
    True
    """
    available = available_bytes(device)
    if available is None:
        return None
    per_amplitude = STATES_PER_EVALUATION * np.dtype(dtype).itemsize
    return max(int(available // per_amplitude).bit_length() - 1, 0)


def check_state_fits(num_wires: int, dtype: np.dtype) -> None:
    """Raises :class:`StateSizeError` if one evaluation's states exceed the free memory.

    >>> check_state_fits(60, np.dtype("complex64"))
    Traceback (most recent call last):
    ...
    qjax.errors.StateSizeError: a 60-qubit complex64 circuit needs 18446744073709551616 bytes ...
    """
    needed = STATES_PER_EVALUATION * state_bytes(num_wires, dtype)
    if needed < MEMORY_CHECK_MIN_BYTES:
        return
    device = jax.devices()[0]
    available = available_bytes(device)
    if available is not None and needed > available:
        raise StateSizeError(
            f"a {num_wires}-qubit {np.dtype(dtype).name} circuit needs {needed} bytes "
            f"({STATES_PER_EVALUATION} states of {state_bytes(num_wires, dtype)} bytes) per "
            f"evaluation, but {device} has {available} bytes free; use fewer wires"
        )
