"""``forward``: ``<Z0>`` of the hardware-efficient ansatz, jitted, on qjax and every peer."""

from collections.abc import Iterator

from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import (
    CIRCUIT_COLUMNS,
    PEER_COLUMNS,
    PEER_MODES,
    PEER_NOTES,
    SIMULATORS,
    TIMING_COLUMNS,
    TIMING_NOTES,
    measure_forward,
    simulator_case,
    with_peer_ratios,
)

DEPTH = 10
QUBITS = (12, 16, 20)
LARGE_QUBITS = (22, 24)
QUICK_DEPTH = 2
QUICK_QUBITS = (4, 6)


def cases(settings: Settings) -> list[Case]:
    """Depth 10 at 12, 16 and 20 qubits (22 and 24 too when ``large``), every simulator.

    >>> sorted({case.params["num_qubits"] for case in cases(Settings(large=True))})
    [12, 16, 20, 22, 24]
    """
    if settings.quick:
        depth, qubits = QUICK_DEPTH, QUICK_QUBITS
    else:
        depth, qubits = DEPTH, QUBITS + (LARGE_QUBITS if settings.large else ())
    return [
        simulator_case(
            "forward", {"simulator": simulator, "num_qubits": n, "depth": depth}, size=(n,)
        )
        for n in qubits
        for simulator in SIMULATORS
    ]


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times the forward pass stage by stage."""
    return measure_forward(params, settings)


def derive(rows: list[Row]) -> list[Row]:
    """Adds the ratios to the fastest peers of the same size.

    >>> size = {"num_qubits": 4, "depth": 2}
    >>> rows = derive([{"simulator": s, **size, "steady_s": 2.0} for s in ("qjax", "qsim")])
    >>> rows[0]["vs_peer"]
    1.0
    """
    return with_peer_ratios(rows, key=lambda row: (row["num_qubits"], row["depth"]))


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
        PEER_COLUMNS[0],
        *TIMING_COLUMNS[3:],
    ),
    notes=(
        f"{TIMING_NOTES} {PEER_NOTES} Targets (n = 20..24): qjax vs peer <= 1.0; gate/pass "
        f"within 2x of the passes its fusion leaves. {PEER_MODES}."
    ),
    derive=derive,
)
