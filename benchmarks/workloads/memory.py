"""``memory``: the peak resident memory of the process that runs one forward pass.

Each case runs in a fresh process: ``base RSS`` is its peak before the first
call (interpreter, libraries, the simulator's runtime), ``peak RSS`` its peak
after (the compilation included, for JAX simulators).
"""

from collections.abc import Iterator

from benchmarks.model import state_bytes
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import (
    CIRCUIT_COLUMNS,
    SIMULATORS,
    TIMING_COLUMNS,
    measure_forward,
    simulator_case,
)

DEPTH = 2
"""Memory hardly depends on depth; a shallow circuit keeps the largest states quick."""
QUBITS = (24, 26)
LARGE_QUBITS = (28,)
QUICK_QUBITS = (6,)


def cases(settings: Settings) -> list[Case]:
    """Every simulator at 24 and 26 qubits (28 too when ``large``); one group per simulator.

    >>> sorted({case.params["num_qubits"] for case in cases(Settings(large=True))})
    [24, 26, 28]
    """
    qubits = QUICK_QUBITS if settings.quick else QUBITS + (LARGE_QUBITS if settings.large else ())
    return [
        simulator_case(
            "memory", {"simulator": simulator, "num_qubits": n, "depth": DEPTH}, size=(n,)
        )
        for n in qubits
        for simulator in SIMULATORS
    ]


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Runs the forward pass once and reads the process's peak memory."""
    return measure_forward(params, settings, steady=False)


def with_rss_states(rows: list[Row]) -> list[Row]:
    """Adds ``state_bytes`` and ``rss_states``: the memory the pass added, in states.

    >>> row = {"num_qubits": 10, "base_rss_bytes": 1000, "peak_rss_bytes": 1000 + 3 * 8192}
    >>> with_rss_states([row])[0]["rss_states"]
    3.0
    """

    def with_states(row: Row) -> Row:
        size = state_bytes(row["num_qubits"])
        if "peak_rss_bytes" not in row or "base_rss_bytes" not in row:
            return {**row, "state_bytes": size}
        added = row["peak_rss_bytes"] - row["base_rss_bytes"]
        return {**row, "state_bytes": size, "rss_states": added / size}

    return [with_states(row) for row in rows]


WORKLOAD = Workload(
    name="memory",
    description="peak resident memory of one forward pass, per simulator",
    cases=cases,
    measure=measure,
    columns=(
        *CIRCUIT_COLUMNS,
        TIMING_COLUMNS[1],
        Column("state_bytes", "state", "bytes"),
        Column("base_rss_bytes", "base RSS", "bytes"),
        Column("peak_rss_bytes", "peak RSS", "bytes"),
        Column("rss_states", "added/state", "ratio"),
        *TIMING_COLUMNS[4:],
    ),
    notes=(
        "state = one complex64 state (8*2^n bytes); added/state = (peak RSS - base RSS) in "
        "states: qjax, the JAX peers, qsim and Aer simulate complex64, lightning.qubit "
        "complex64 here, Qulacs complex128 (2 states' worth per state). "
        "Target: qjax peak RSS at n = 28 <= 2.5 states + base RSS."
    ),
    derive=with_rss_states,
)
