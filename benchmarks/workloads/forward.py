"""``forward``: ``<Z0>`` of the hardware-efficient ansatz, jitted, as a user writes it."""

from collections.abc import Iterator

from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import (
    CIRCUIT_COLUMNS,
    SIMULATOR,
    TIMING_COLUMNS,
    TIMING_NOTES,
    measure_ansatz,
)

DEPTH = 10
QUBITS = (12, 16, 20)
LARGE_QUBITS = (22, 24)
QUICK_DEPTH = 2
QUICK_QUBITS = (4, 6)


def cases(settings: Settings) -> list[Case]:
    """Depth 10 at 12, 16 and 20 qubits; 22 and 24 too when ``large``."""
    if settings.quick:
        depth, qubits = QUICK_DEPTH, QUICK_QUBITS
    else:
        depth, qubits = DEPTH, QUBITS + (LARGE_QUBITS if settings.large else ())
    return [
        Case("forward", {"simulator": SIMULATOR, "num_qubits": n, "depth": depth}, size=(n,))
        for n in qubits
    ]


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times the forward pass stage by stage."""
    return measure_ansatz(params, settings, diff_method=None)


WORKLOAD = Workload(
    name="forward",
    description="forward <Z0> of the hardware-efficient ansatz (RY, RZ, CNOT ladder per layer)",
    cases=cases,
    measure=measure,
    columns=(
        *CIRCUIT_COLUMNS,
        Column("gates", "gates"),
        Column("trace_s", "trace", "seconds"),
        *TIMING_COLUMNS[:3],
        Column("per_gate_s", "per gate", "seconds"),
        *TIMING_COLUMNS[3:],
    ),
    notes=TIMING_NOTES,
)
