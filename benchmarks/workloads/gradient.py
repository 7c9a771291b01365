"""``gradient``: ``jax.grad`` of the forward workload's circuit, per differentiation method.

Each (qubits, depth) pair also times the plain forward pass (method
``forward``), the unit of the ``vs fwd`` column.
"""

from collections.abc import Iterator

from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import (
    CIRCUIT_COLUMNS,
    SIMULATOR,
    TIMING_COLUMNS,
    TIMING_NOTES,
    measure_ansatz,
)

FORWARD = "forward"
"""The method name of the forward-pass rows (no gradient)."""
METHODS = ("backprop", "adjoint")
SHIFT_METHOD = "parameter-shift"
SHIFT_MAX_QUBITS, SHIFT_MAX_DEPTH = 12, 10
"""Parameter-shift costs two evaluations per parameter: it runs only up to these sizes."""
QUBITS = (12, 16, 20)
DEPTHS = (10, 50)
LARGE_DEPTHS = (200,)
"""Depths run only with ``--large``: at 2 CPU cores their compilation alone takes many minutes."""
QUICK_QUBITS = (4,)
QUICK_DEPTHS = (2,)


def _methods(num_qubits: int, depth: int) -> tuple[str, ...]:
    shift = num_qubits <= SHIFT_MAX_QUBITS and depth <= SHIFT_MAX_DEPTH
    return (FORWARD, *METHODS, *((SHIFT_METHOD,) if shift else ()))


def cases(settings: Settings) -> list[Case]:
    """Every method at every (qubits, depth), by depth then qubits; one group per method."""
    if settings.quick:
        qubits, depths = QUICK_QUBITS, QUICK_DEPTHS
    else:
        qubits, depths = QUBITS, DEPTHS + (LARGE_DEPTHS if settings.large else ())
    return [
        Case(
            "gradient",
            {"simulator": SIMULATOR, "num_qubits": n, "depth": depth, "method": method},
            group=(method,),
            size=(depth, n),
        )
        for depth in depths
        for n in qubits
        for method in _methods(n, depth)
    ]


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times the gradient (or, for method ``forward``, the value) stage by stage."""
    method = params["method"]
    return measure_ansatz(params, settings, diff_method=None if method == FORWARD else method)


def with_forward_ratio(rows: list[Row]) -> list[Row]:
    """Adds ``vs_forward`` to gradient rows: steady time over the forward row's of that size.

    >>> rows = with_forward_ratio([
    ...     {"num_qubits": 4, "depth": 2, "method": "forward", "steady_s": 2.0},
    ...     {"num_qubits": 4, "depth": 2, "method": "adjoint", "steady_s": 5.0},
    ... ])
    >>> rows[1]["vs_forward"]
    2.5
    """
    forward = {
        (row["num_qubits"], row["depth"]): row["steady_s"]
        for row in rows
        if row["method"] == FORWARD and "steady_s" in row
    }
    return [
        {**row, "vs_forward": row["steady_s"] / forward[row["num_qubits"], row["depth"]]}
        if row["method"] != FORWARD
        and "steady_s" in row
        and (row["num_qubits"], row["depth"]) in forward
        else row
        for row in rows
    ]


WORKLOAD = Workload(
    name="gradient",
    description="jax.grad of the forward circuit: backprop, adjoint, parameter-shift",
    cases=cases,
    measure=measure,
    columns=(
        *CIRCUIT_COLUMNS,
        Column("method", "method"),
        Column("gates", "gates"),
        *TIMING_COLUMNS[:3],
        Column("vs_forward", "vs fwd", "ratio"),
        *TIMING_COLUMNS[3:],
    ),
    notes=(
        f"{TIMING_NOTES} vs fwd = steady time over the forward row's of the same size. "
        "Targets: adjoint temp/state <= 6 and flat in depth; adjoint vs fwd <= 4."
    ),
    derive=with_forward_ratio,
)
