"""``shots``: a million shots drawn from a 20-qubit state, against its exact probabilities.

The state is a layer of RY on every qubit, then a CNOT ladder. ``probs``
reads the exact distribution; ``counts`` and ``sample`` draw the shots from it
with one key (a cumulative sum of the ``2^n`` probabilities, then a binary
search per shot) and return a histogram or every shot's bits. Each is one
jitted call, timed in the steady state; the ratio to ``probs`` is what the
shots add to preparing the state.
"""

from collections.abc import Iterator

import jax
import jax.numpy as jnp
import numpy as np

import qjax as qj
from benchmarks.circuits import PARAM_DTYPE
from benchmarks.timing import measure_compiled
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload

NUM_QUBITS, SHOTS = 20, 10**6
QUICK_NUM_QUBITS, QUICK_SHOTS = 8, 10**4
EXACT = "probs"
"""The measurement the sampled ones are compared with."""
MEASUREMENTS = {EXACT: qj.probs, "counts": qj.counts, "sample": qj.sample}
"""Each case's measurement, on every wire."""
SEED = 0
"""Seeds the angles and the shots' key."""


def prepared(num_qubits: int, measurement: str, shots: int | None) -> qj.CircuitFunction:
    """RY on every qubit by ``angles`` of shape ``(num_qubits,)``, a CNOT ladder, ``measurement``.

    With ``shots`` it takes ``key=``.

    >>> counts = prepared(2, "counts", 10)
    >>> counts(jnp.array([np.pi, 0.0], PARAM_DTYPE), key=jax.random.key(0))
    Array([ 0,  0,  0, 10], dtype=int32)
    """

    @qj.circuit(wires=num_qubits, shots=shots)
    def state(angles: jax.Array) -> jax.Array:
        for wire in range(num_qubits):
            qj.RY(angles[wire], wires=wire)
        for wire in range(num_qubits - 1):
            qj.CNOT(wires=[wire, wire + 1])
        return MEASUREMENTS[measurement]()

    return state


def random_angles(num_qubits: int) -> jax.Array:
    """RY angles uniform in ``[0, pi)``.

    >>> random_angles(5).shape
    (5,)
    """
    angles = np.random.default_rng(SEED).uniform(0, np.pi, num_qubits)
    return jnp.asarray(angles, PARAM_DTYPE)


def cases(settings: Settings) -> list[Case]:
    """The exact probabilities, then 10^6 shots as counts and as samples, at 20 qubits.

    >>> [(case.params["measurement"], case.params["shots"]) for case in cases(Settings())]
    [('probs', None), ('counts', 1000000), ('sample', 1000000)]
    """
    num_qubits, shots = (QUICK_NUM_QUBITS, QUICK_SHOTS) if settings.quick else (NUM_QUBITS, SHOTS)
    return [
        Case(
            "shots",
            {
                "measurement": name,
                "num_qubits": num_qubits,
                "shots": None if name == EXACT else shots,
            },
            group=(name,),
            size=(num_qubits,),
        )
        for name in MEASUREMENTS
    ]


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times the jitted circuit stage by stage; a sampled one draws with the same key each call."""
    shots = params["shots"]
    circuit = prepared(params["num_qubits"], params["measurement"], shots)
    angles = random_angles(params["num_qubits"])
    if shots is None:
        return measure_compiled(circuit, (angles,), settings)
    return measure_compiled(
        lambda angles, key: circuit(angles, key=key), (angles, jax.random.key(SEED)), settings
    )


def derive(rows: list[Row]) -> list[Row]:
    """Adds ``per_shot_s`` and ``vs_probs``: steady time over the ``probs`` row's of its size.

    >>> rows = derive([
    ...     {"measurement": "probs", "num_qubits": 8, "shots": None, "steady_s": 1e-3},
    ...     {"measurement": "counts", "num_qubits": 8, "shots": 1000, "steady_s": 3e-3},
    ... ])
    >>> rows[1]["per_shot_s"], rows[1]["vs_probs"]
    (3e-06, 3.0)
    """
    exact = {
        row["num_qubits"]: row["steady_s"]
        for row in rows
        if row["measurement"] == EXACT and "steady_s" in row
    }

    def ratios(row: Row) -> Row:
        if "steady_s" not in row:
            return row
        extra: Row = {}
        if row["shots"] is not None:
            extra["per_shot_s"] = row["steady_s"] / row["shots"]
        if row["num_qubits"] in exact:
            extra["vs_probs"] = row["steady_s"] / exact[row["num_qubits"]]
        return {**row, **extra}

    return [ratios(row) for row in rows]


WORKLOAD = Workload(
    name="shots",
    description="10^6 shots at 20 qubits: qj.counts and qj.sample against the exact qj.probs",
    cases=cases,
    measure=measure,
    columns=(
        Column("measurement", "measurement"),
        Column("num_qubits", "n"),
        Column("shots", "shots"),
        Column("compile_s", "compile", "seconds"),
        Column("first_call_s", "first call", "seconds"),
        Column("steady_s", "steady", "seconds"),
        Column("per_shot_s", "per shot", "seconds"),
        Column("vs_probs", "vs probs", "ratio"),
        Column("temp_bytes", "temp", "bytes"),
        Column("output_bytes", "output", "bytes"),
    ),
    notes=(
        "probs returns 2^n floats, counts 2^n integer tallies, sample shots x n integer bits. "
        "first call = trace + compile + first run; steady = median of later calls, each "
        "preparing the state and drawing every shot. per shot = steady / shots; vs probs = "
        "steady time over the exact probs row's: the sampling overhead."
    ),
    derive=derive,
)
