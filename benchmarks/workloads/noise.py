"""``noise``: a noisy circuit simulated exactly (a density matrix) and by trajectories.

The circuit is the hardware-efficient ansatz with noise after every gate: each
layer applies RY to every qubit, each followed by a depolarizing channel, then
a CNOT ladder, each CNOT's target followed by amplitude damping; it measures
``<Z0>``. ``density`` evolves the ``4^n``-entry density matrix once;
``trajectories`` evolves one pure state per key, 10,000 keys in one jitted
``jax.vmap``, and their mean estimates the same ``<Z0>``. The estimate must
agree with the density result within a few of its standard errors.
"""

from collections.abc import Callable, Iterator

import jax
import jax.numpy as jnp
import numpy as np

import qjax as qj
from benchmarks.circuits import PARAM_DTYPE
from benchmarks.timing import measure_compiled
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload

NUM_WIRES, DEPTH, TRAJECTORIES = 8, 4, 10_000
QUICK_NUM_WIRES, QUICK_DEPTH, QUICK_TRAJECTORIES = 4, 2, 256
DEPOLARIZING = 0.01
"""The depolarizing probability after every RY."""
DAMPING = 0.02
"""The amplitude-damping rate after every CNOT, on its target."""
SEED = 0
"""Seeds the angles and the trajectories' keys."""


def noisy_ansatz(num_wires: int, method: str) -> qj.CircuitFunction:
    """The noisy hardware-efficient ansatz on angles of shape ``(depth, num_wires)``.

    With ``method="trajectories"`` it takes ``key=`` and simulates one trajectory.

    >>> exact = noisy_ansatz(2, "density")
    >>> round(float(exact(jnp.zeros((1, 2), PARAM_DTYPE))), 4)
    0.9867
    >>> len(exact.record(jnp.zeros((3, 2), PARAM_DTYPE)).gates)
    18
    """

    @qj.circuit(wires=num_wires, method=method)
    def ansatz(angles: jax.Array) -> jax.Array:
        for layer in range(angles.shape[0]):
            for wire in range(num_wires):
                qj.RY(angles[layer, wire], wires=wire)
                qj.DepolarizingChannel(DEPOLARIZING, wires=wire)
            for wire in range(num_wires - 1):
                qj.CNOT(wires=[wire, wire + 1])
                qj.AmplitudeDamping(DAMPING, wires=wire + 1)
        return qj.expval(qj.Z(0))

    return ansatz


def over_keys(trajectory: qj.CircuitFunction) -> Callable[[jax.Array, jax.Array], jax.Array]:
    """``(angles, keys) -> values``: one trajectory per key, in one ``jax.vmap``.

    >>> keys = jax.random.split(jax.random.key(0), 5)
    >>> over_keys(noisy_ansatz(2, "trajectories"))(jnp.zeros((1, 2), PARAM_DTYPE), keys).shape
    (5,)
    """
    return lambda angles, keys: jax.vmap(lambda key: trajectory(angles, key=key))(keys)


def random_angles(num_wires: int, depth: int) -> jax.Array:
    """RY angles uniform in ``[0, 2 pi)``.

    >>> random_angles(4, 3).shape
    (3, 4)
    """
    angles = np.random.default_rng(SEED).uniform(0, 2 * np.pi, (depth, num_wires))
    return jnp.asarray(angles, PARAM_DTYPE)


def cases(settings: Settings) -> list[Case]:
    """The density matrix, then 10,000 trajectories, at 8 qubits and depth 4.

    >>> [case.params["method"] for case in cases(Settings())]
    ['density', 'trajectories']
    """
    if settings.quick:
        num_wires, depth, count = QUICK_NUM_WIRES, QUICK_DEPTH, QUICK_TRAJECTORIES
    else:
        num_wires, depth, count = NUM_WIRES, DEPTH, TRAJECTORIES
    size = {"wires": num_wires, "depth": depth}
    return [
        Case("noise", {"method": "density", **size}, group=("density",), size=(num_wires,)),
        Case(
            "noise",
            {"method": "trajectories", **size, "trajectories": count},
            group=("trajectories",),
            size=(num_wires, count),
        ),
    ]


def estimate(values: np.ndarray) -> Row:
    """``value``: the result, or the mean of the trajectories' with its ``std_error``.

    >>> estimate(np.array(0.25))
    {'value': 0.25}
    >>> mean = estimate(np.array([1.0, -1.0, 1.0, -1.0]))
    >>> mean["value"], round(mean["std_error"], 6)
    (0.0, 0.57735)
    """
    if values.ndim == 0:
        return {"value": float(values)}
    std_error = np.std(values, ddof=1) / np.sqrt(values.size)
    return {"value": float(np.mean(values)), "std_error": float(std_error)}


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times one density evaluation or one call over every key, then reads its result.

    ``num_qubits`` is the size of the simulated array in qubits, for the
    report's performance model: ``2n`` for the density matrix, ``n`` for a
    trajectory's state. ``gates`` counts the gates and channels applied, in
    every trajectory.
    """
    num_wires, method = params["wires"], params["method"]
    circuit = noisy_ansatz(num_wires, method)
    angles = random_angles(num_wires, params["depth"])
    ops = len(circuit.record(angles).gates)
    fn: Callable[..., jax.Array]
    if method == "density":
        fn, args = circuit, (angles,)
        yield {"num_qubits": 2 * num_wires, "gates": ops}
    else:
        count = params["trajectories"]
        fn, args = over_keys(circuit), (angles, jax.random.split(jax.random.key(SEED), count))
        yield {"num_qubits": num_wires, "gates": ops * count}
    yield from measure_compiled(fn, args, settings)
    # The same function jitted again finds the compilation just measured in JAX's caches.
    yield {"stage": "reading the result"}
    yield {**estimate(np.asarray(jax.jit(fn)(*args), np.float64)), "stage": "done"}


def with_pass_floor(row: Row) -> Row:
    """Adds ``pass_floor_s``: the bandwidth-bound time of one pass over the simulated array.

    The report's performance model gives ``per_gate_s`` and ``gate_passes``,
    the time per op over that floor; ``derive`` sees only this workload's
    rows, not the bandwidth row, so the floor is their ratio.

    >>> with_pass_floor({"per_gate_s": 3e-6, "gate_passes": 2.0})["pass_floor_s"]
    1.5e-06
    """
    if "gate_passes" not in row:
        return row
    return {**row, "pass_floor_s": row["per_gate_s"] / row["gate_passes"]}


def against_density(row: Row, density: Row) -> Row:
    """Adds, where measured, ``trajectories_vs_density`` (steady time over the density
    row's) and ``deviation``: the distance of the trajectory mean from the exact
    result in standard errors.

    >>> row = {"steady_s": 6.0, "value": 0.3, "std_error": 0.04}
    >>> extra = against_density(row, {"steady_s": 2.0, "value": 0.25})
    >>> extra["trajectories_vs_density"], round(extra["deviation"], 6)
    (3.0, 1.25)
    """
    extra: Row = {}
    if "steady_s" in row and "steady_s" in density:
        extra["trajectories_vs_density"] = row["steady_s"] / density["steady_s"]
    if "std_error" in row and "value" in density:
        extra["deviation"] = abs(row["value"] - density["value"]) / row["std_error"]
    return {**row, **extra}


def derive(rows: list[Row]) -> list[Row]:
    """Adds the pass floor to density rows; compares trajectories with the density of their size.

    Only the density matrix's pass floor is shown: a trajectory's is a pass
    over one small state, which its ``op/pass`` already accounts for.

    >>> size = {"wires": 4, "depth": 2}
    >>> rows = derive([
    ...     {"method": "density", **size, "steady_s": 1.0, "value": 0.5},
    ...     {"method": "trajectories", **size, "steady_s": 4.0, "value": 0.5, "std_error": 0.1},
    ... ])
    >>> rows[1]["trajectories_vs_density"], rows[1]["deviation"]
    (4.0, 0.0)
    """
    densities = {(row["wires"], row["depth"]): row for row in rows if row["method"] == "density"}

    def derived(row: Row) -> Row:
        if row["method"] == "density":
            return with_pass_floor(row)
        size = row["wires"], row["depth"]
        return against_density(row, densities[size]) if size in densities else row

    return [derived(row) for row in rows]


WORKLOAD = Workload(
    name="noise",
    description="noisy ansatz <Z0>: one density-matrix evaluation vs 10,000 vmapped trajectories",
    cases=cases,
    measure=measure,
    columns=(
        Column("method", "method"),
        Column("wires", "n"),
        Column("depth", "depth"),
        Column("trajectories", "trajectories"),
        Column("gates", "ops"),
        Column("compile_s", "compile", "seconds"),
        Column("first_call_s", "first call", "seconds"),
        Column("steady_s", "steady", "seconds"),
        Column("trajectories_vs_density", "vs density", "ratio"),
        Column("deviation", "dev/SE", "ratio"),
        Column("num_qubits", "array qubits"),
        Column("pass_floor_s", "pass floor", "seconds"),
        Column("gate_passes", "op/pass", "ratio"),
        Column("temp_bytes", "temp", "bytes"),
    ),
    notes=(
        f"Noise: DepolarizingChannel({DEPOLARIZING}) after every RY, "
        f"AmplitudeDamping({DAMPING}) on every CNOT's target. ops = gates and channels "
        "applied, in every trajectory. first call = trace + compile + first run; steady = "
        "median of later calls. vs density = steady time over the density row's. dev/SE = "
        "|trajectory mean - density <Z0>| over the mean's standard error (std/sqrt(N)): "
        "below about 3 when they agree. array qubits = the simulated array in qubits: 2n for "
        "the density matrix (4^n entries), n for a trajectory's state. pass floor = one read "
        "and one write of the density matrix (16*4^n bytes) at the JAX in-place bandwidth; "
        "op/pass = steady time per op (per trajectory) over one pass over the array."
    ),
    derive=derive,
)
