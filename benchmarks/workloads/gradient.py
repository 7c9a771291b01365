"""``gradient``: the gradient of the forward workload's circuit, per simulator and method.

qjax runs ``jax.grad`` of the circuit built with each differentiation method;
each peer that differentiates runs its own method, at the first depth only.
Each (simulator, qubits, depth) also times the plain forward pass (method
``forward``), the unit of the ``vs fwd`` column.
"""

from collections.abc import Iterator

from benchmarks import peers
from benchmarks.circuits import random_angles
from benchmarks.peers.base import Function, Simulator, ansatz
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import (
    CIRCUIT_COLUMNS,
    PEER_COLUMNS,
    PEER_NOTES,
    SIMULATOR,
    TIMING_COLUMNS,
    TIMING_NOTES,
    measure_simulator,
    simulator_case,
    with_peer_ratios,
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


def _methods(simulator: str, num_qubits: int, depth: int) -> tuple[str, ...]:
    if simulator != SIMULATOR:
        return (FORWARD, peers.PEERS[simulator].gradient)
    shift = num_qubits <= SHIFT_MAX_QUBITS and depth <= SHIFT_MAX_DEPTH
    return (FORWARD, *METHODS, *((SHIFT_METHOD,) if shift else ()))


def _simulators(depth: int, depths: tuple[int, ...]) -> tuple[str, ...]:
    differentiating = tuple(name for name, peer in peers.PEERS.items() if peer.gradient)
    return (SIMULATOR, *(differentiating if depth == depths[0] else ()))


def cases(settings: Settings) -> list[Case]:
    """Every method at every (qubits, depth), by depth then qubits; peers at the first depth.

    One group per simulator and method.

    >>> sorted({case.params["method"] for case in cases(Settings(quick=True))})
    ['adjoint', 'backprop', 'forward', 'parameter-shift']
    """
    if settings.quick:
        qubits, depths = QUICK_QUBITS, QUICK_DEPTHS
    else:
        qubits, depths = QUBITS, DEPTHS + (LARGE_DEPTHS if settings.large else ())
    return [
        simulator_case(
            "gradient",
            {"simulator": simulator, "num_qubits": n, "depth": depth, "method": method},
            size=(depth, n),
        )
        for depth in depths
        for n in qubits
        for simulator in _simulators(depth, depths)
        for method in _methods(simulator, n, depth)
    ]


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times the gradient (or, for method ``forward``, the value) stage by stage."""
    num_qubits, depth, method = params["num_qubits"], params["depth"], params["method"]

    def build(simulator: Simulator) -> Function:
        if method == FORWARD:
            return simulator.forward(num_qubits, depth)
        return simulator.gradients[method](num_qubits, depth)

    return measure_simulator(
        params,
        settings,
        build,
        (random_angles(num_qubits, depth),),
        gates=len(ansatz(num_qubits, depth)),
    )


def _size(row: Row) -> tuple[int, int]:
    return row["num_qubits"], row["depth"]


def with_forward_ratio(rows: list[Row]) -> list[Row]:
    """Adds ``vs_forward`` to gradient rows: steady time over the same simulator's forward row's.

    >>> size = {"simulator": "qjax", "num_qubits": 4, "depth": 2}
    >>> rows = with_forward_ratio([
    ...     {**size, "method": "forward", "steady_s": 2.0},
    ...     {**size, "method": "adjoint", "steady_s": 5.0},
    ... ])
    >>> rows[1]["vs_forward"]
    2.5
    """
    forward = {
        (row["simulator"], *_size(row)): row["steady_s"]
        for row in rows
        if row["method"] == FORWARD and "steady_s" in row
    }
    return [
        {**row, "vs_forward": row["steady_s"] / forward[row["simulator"], *_size(row)]}
        if row["method"] != FORWARD
        and "steady_s" in row
        and (row["simulator"], *_size(row)) in forward
        else row
        for row in rows
    ]


def derive(rows: list[Row]) -> list[Row]:
    """The forward ratio, then the ratios to the fastest peers (gradients and forward apart).

    >>> size = {"num_qubits": 4, "depth": 2, "method": "adjoint"}
    >>> rows = derive([{"simulator": s, **size, "steady_s": 3.0} for s in ("qjax", "qulacs")])
    >>> rows[0]["vs_peer"]
    1.0
    """
    return with_peer_ratios(
        with_forward_ratio(rows), key=lambda row: (*_size(row), row["method"] == FORWARD)
    )


WORKLOAD = Workload(
    name="gradient",
    description="gradient of the forward circuit: qjax's methods and the peers' own",
    cases=cases,
    measure=measure,
    columns=(
        *CIRCUIT_COLUMNS,
        Column("method", "method"),
        Column("gates", "gates"),
        *TIMING_COLUMNS[:3],
        Column("vs_forward", "vs fwd", "ratio"),
        *PEER_COLUMNS,
        *TIMING_COLUMNS[3:],
    ),
    notes=(
        f"{TIMING_NOTES} vs fwd = steady time over the forward row's of the same simulator "
        f"and size. {PEER_NOTES} (gradients against gradients, forward against forward). "
        "Targets: adjoint temp/state <= 6 and flat in depth; adjoint vs fwd <= 4 "
        "(issue: <= 3); qjax vs JAX peer <= 0.7 at depth 10."
    ),
    derive=derive,
)
