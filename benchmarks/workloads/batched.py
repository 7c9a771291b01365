"""``batched``: the forward pass over a batch of inputs, angle-embedded before the ansatz.

qjax and the JAX peers ``jax.vmap`` one circuit over the batch; the others
run it in their batch mode (lightning.qubit: parameter broadcasting; qsim: a
parameter sweep; Aer: one run with many parameter bindings) or, for Qulacs, a
loop of circuits.
"""

from collections.abc import Iterator

from benchmarks.circuits import random_angles, random_inputs
from benchmarks.peers.base import ansatz
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import (
    CIRCUIT_COLUMNS,
    PEER_COLUMNS,
    PEER_NOTES,
    SIMULATORS,
    TIMING_COLUMNS,
    measure_simulator,
    simulator_case,
    with_peer_ratios,
)

NUM_QUBITS, DEPTH = 10, 6
BATCHES = (64, 1024)
QUICK_NUM_QUBITS, QUICK_DEPTH = 4, 2
QUICK_BATCHES = (8,)


def cases(settings: Settings) -> list[Case]:
    """Every simulator at 10 qubits, depth 6, over 64 and 1024 inputs.

    >>> sorted({case.params["batch"] for case in cases(Settings())})
    [64, 1024]
    """
    if settings.quick:
        num_qubits, depth, batches = QUICK_NUM_QUBITS, QUICK_DEPTH, QUICK_BATCHES
    else:
        num_qubits, depth, batches = NUM_QUBITS, DEPTH, BATCHES
    return [
        simulator_case(
            "batched",
            {"simulator": simulator, "num_qubits": num_qubits, "depth": depth, "batch": batch},
            size=(batch,),
        )
        for batch in batches
        for simulator in SIMULATORS
    ]


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times the batch; ``gates`` counts the gates of every circuit of the batch."""
    num_qubits, depth, batch = params["num_qubits"], params["depth"], params["batch"]
    return measure_simulator(
        params,
        settings,
        lambda simulator: simulator.batched(num_qubits, depth),
        (random_angles(num_qubits, depth), random_inputs(batch, num_qubits)),
        gates=batch * len(ansatz(num_qubits, depth, embed=True)),
    )


def derive(rows: list[Row]) -> list[Row]:
    """Adds ``per_circuit_s`` and the ratios to the fastest peers of the same batch.

    >>> row = {"simulator": "qjax", "num_qubits": 4, "depth": 2, "batch": 8, "steady_s": 4.0}
    >>> derive([row])[0]["per_circuit_s"]
    0.5
    """
    rows = [
        {**row, "per_circuit_s": row["steady_s"] / row["batch"]} if "steady_s" in row else row
        for row in rows
    ]
    return with_peer_ratios(rows, key=lambda row: (row["num_qubits"], row["depth"], row["batch"]))


WORKLOAD = Workload(
    name="batched",
    description="forward <Z0> over a batch of RY-embedded inputs (vmap, batch mode or loop)",
    cases=cases,
    measure=measure,
    columns=(
        *CIRCUIT_COLUMNS,
        Column("batch", "batch"),
        *TIMING_COLUMNS[:3],
        Column("per_circuit_s", "per circuit", "seconds"),
        *PEER_COLUMNS,
        TIMING_COLUMNS[3],
    ),
    notes=(
        "Batches: qjax and the JAX peers jax.vmap one circuit; lightning.qubit broadcasts, "
        "qsim sweeps, Aer binds many parameter sets in one run, Qulacs loops. "
        "gate/pass counts the gates of the whole batch, each a pass over one state. "
        f"{PEER_NOTES} Target: qjax vs JAX peer <= 0.5."
    ),
    derive=derive,
)
