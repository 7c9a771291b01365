"""``compile``: the first call (trace + compile + run) as the circuit gets deeper.

A JAX simulator traces and compiles the whole unrolled circuit before its
first run; the others build their circuit and run it. No steady-state timing.
"""

from collections.abc import Iterator

from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import (
    CIRCUIT_COLUMNS,
    PEER_COLUMNS,
    SIMULATORS,
    TIMING_COLUMNS,
    measure_forward,
    simulator_case,
    with_peer_ratios,
)

NUM_QUBITS = 20
DEPTHS = (10, 50, 200)
QUICK_NUM_QUBITS = 4
QUICK_DEPTHS = (2, 8)


def cases(settings: Settings) -> list[Case]:
    """Every simulator at 20 qubits, depths 10, 50 and 200; one group per simulator.

    >>> sorted({case.params["depth"] for case in cases(Settings())})
    [10, 50, 200]
    """
    num_qubits, depths = (
        (QUICK_NUM_QUBITS, QUICK_DEPTHS) if settings.quick else (NUM_QUBITS, DEPTHS)
    )
    return [
        simulator_case(
            "compile",
            {"simulator": simulator, "num_qubits": num_qubits, "depth": depth},
            size=(depth,),
        )
        for depth in depths
        for simulator in SIMULATORS
    ]


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times the first call, stage by stage."""
    return measure_forward(params, settings, steady=False)


def with_depth_ratio(rows: list[Row]) -> list[Row]:
    """Adds ``vs_shallow``: first call over the same simulator's first call at the least depth.

    >>> rows = with_depth_ratio([
    ...     {"simulator": "qjax", "depth": 10, "first_call_s": 2.0},
    ...     {"simulator": "qjax", "depth": 50, "first_call_s": 3.0},
    ... ])
    >>> [row["vs_shallow"] for row in rows]
    [1.0, 1.5]
    """
    shallowest: dict[str, Row] = {}
    for row in rows:
        best = shallowest.get(row["simulator"])
        if "first_call_s" in row and (best is None or row["depth"] < best["depth"]):
            shallowest[row["simulator"]] = row
    return [
        {**row, "vs_shallow": row["first_call_s"] / shallowest[row["simulator"]]["first_call_s"]}
        if "first_call_s" in row
        else row
        for row in rows
    ]


def derive(rows: list[Row]) -> list[Row]:
    """The depth ratio, then the first call's ratio to the fastest peers'.

    >>> row = {"simulator": "qjax", "num_qubits": 4, "depth": 2, "first_call_s": 3.0}
    >>> derive([row])[0]["vs_shallow"]
    1.0
    """
    return with_peer_ratios(
        with_depth_ratio(rows),
        key=lambda row: (row["num_qubits"], row["depth"]),
        value="first_call_s",
    )


WORKLOAD = Workload(
    name="compile",
    description="first call (trace + compile + run, or build + run) at growing depth",
    cases=cases,
    measure=measure,
    columns=(
        *CIRCUIT_COLUMNS,
        Column("gates", "gates"),
        Column("build_s", "build", "seconds"),
        Column("trace_s", "trace", "seconds"),
        TIMING_COLUMNS[0],
        Column("first_run_s", "first run", "seconds"),
        TIMING_COLUMNS[1],
        Column("vs_shallow", "vs least depth", "ratio"),
        *PEER_COLUMNS,
    ),
    notes=(
        "build = constructing the simulator's circuit or function; first call = build + trace "
        "+ compile + first run (JAX) or build + first run (others). vs least depth = first "
        "call over the same simulator's at the least depth; vs peer, vs JAX peer = first call "
        "over the fastest peer's at the same depth. Targets: qjax at depth 200 <= 1.5x "
        "depth 10, and under 5 s at n = 20, depth 10."
    ),
    derive=derive,
)
