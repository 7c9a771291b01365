"""The performance model of DESIGN.md: a state pass is bound by memory bandwidth.

An n-qubit complex64 state holds ``2^n`` amplitudes of 8 bytes; one pass over
it (a gate) reads and writes each once, ``16 * 2^n`` bytes. At the measured
bandwidth that is the least time a pass can take; the workloads' timings are
reported as multiples of it.
"""

import numpy as np

STATE_DTYPE = np.dtype(np.complex64)
"""The state dtype every workload simulates in (the worker turns x64 off)."""


def state_bytes(num_qubits: int) -> int:
    """The bytes of one ``num_qubits``-qubit state.

    >>> state_bytes(10)
    8192
    """
    return 2**num_qubits * STATE_DTYPE.itemsize


def pass_seconds(num_qubits: int, bytes_per_s: float) -> float:
    """The bandwidth-bound time of one pass: the state read once and written once.

    >>> pass_seconds(20, 16 * 2**20)
    1.0
    """
    return 2 * state_bytes(num_qubits) / bytes_per_s
