"""``noise``: a noisy circuit simulated exactly (a density matrix) and by trajectories.

The circuit is the hardware-efficient ansatz with noise after every gate: each
layer applies RY to every qubit, each followed by a depolarizing channel, then
a CNOT ladder, each CNOT's target followed by amplitude damping; it measures
``<Z0>``. ``density`` evolves the ``4^n``-entry density matrix once;
``trajectories`` evolves one pure state per key, 10,000 keys in one jitted
``jax.vmap``, and their mean estimates the same ``<Z0>``. The estimate must
agree with the density result within a few of its standard errors.

The density-matrix peers (:data:`benchmarks.peers.DENSITY_PEERS`) evolve the
same circuit's density matrix exactly (:func:`benchmarks.peers.base.noisy_ansatz`,
their channels converted to PennyLane's convention, which qjax's follow); each
peer's ``<Z0>`` must agree with qjax's density value within :data:`TOLERANCE`,
or its row is an error: a peer that disagrees simulates another circuit.
"""

import time
from collections.abc import Callable, Iterator

import jax
import jax.numpy as jnp
import numpy as np

import qjax as qj
from benchmarks import peers
from benchmarks.circuits import PARAM_DTYPE
from benchmarks.peers.base import DAMPING, DEPOLARIZING
from benchmarks.peers.base import noisy_ansatz as noisy_gates
from benchmarks.timing import measure_called, measure_compiled
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import SIMULATOR, simulator_case

NUM_WIRES, DEPTH, TRAJECTORIES = 8, 4, 10_000
QUICK_NUM_WIRES, QUICK_DEPTH, QUICK_TRAJECTORIES = 4, 2, 256
SEED = 0
"""Seeds the angles and the trajectories' keys."""
TOLERANCE = 1e-4
"""The most a density-matrix peer's ``<Z0>`` may differ from qjax's density value."""
SIMULATORS = (SIMULATOR, *peers.DENSITY_PEERS)
"""The simulators of the density rows: qjax, then every density-matrix peer."""


def noisy_ansatz(num_wires: int, method: str) -> qj.CircuitFunction:
    """The noisy hardware-efficient ansatz on angles of shape ``(depth, num_wires)``.

    The peers build :func:`~benchmarks.peers.base.noisy_ansatz`, its gate list. With
    ``method="trajectories"`` it takes ``key=`` and simulates one trajectory.

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
    """The density matrix on qjax and every density-matrix peer, then 10,000 trajectories
    on qjax, at 8 qubits and depth 4.

    >>> [(case.params["simulator"], case.params["method"]) for case in cases(Settings())]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('qjax', 'density'), ('default.mixed', 'density'), ('tensorcircuit-ng', 'density'),
     ('qulacs', 'density'), ('aer', 'density'), ('qjax', 'trajectories')]
    """
    if settings.quick:
        num_wires, depth, count = QUICK_NUM_WIRES, QUICK_DEPTH, QUICK_TRAJECTORIES
    else:
        num_wires, depth, count = NUM_WIRES, DEPTH, TRAJECTORIES
    size = {"wires": num_wires, "depth": depth}
    return [
        *(
            simulator_case(
                "noise", {"simulator": name, "method": "density", **size}, size=(num_wires,)
            )
            for name in SIMULATORS
        ),
        simulator_case(
            "noise",
            {"simulator": SIMULATOR, "method": "trajectories", **size, "trajectories": count},
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


def measure_peer(params: Params, settings: Settings) -> Iterator[Row]:
    """Times a density-matrix peer's evaluation as ``measure`` times qjax's, then reads it.

    A JAX peer's function is jitted and timed stage by stage; any other's is
    called on NumPy angles. ``first_call_s`` includes ``build_s``, the time
    building its circuit took.
    """
    name, num_wires, depth = params["simulator"], params["wires"], params["depth"]
    angles, is_jax = random_angles(num_wires, depth), peers.DENSITY_PEERS[name].jax
    args = (angles,) if is_jax else (np.asarray(angles),)
    # Peers run as their own users run them, not under qjax's strict promotion.
    with jax.numpy_dtype_promotion("standard"):
        ops = len(noisy_gates(num_wires, depth))
        yield {"num_qubits": 2 * num_wires, "gates": ops, "stage": "importing"}
        build = peers.load_noisy(name)
        yield {"stage": "building"}
        start = time.perf_counter()
        fn = build(num_wires, depth)
        build_s = time.perf_counter() - start
        yield {"build_s": build_s}
        for results in (measure_compiled if is_jax else measure_called)(fn, args, settings):
            if "first_call_s" in results:
                results = {**results, "first_call_s": results["first_call_s"] + build_s}
            yield results
        yield {"stage": "reading the result"}
        value = (jax.jit(fn) if is_jax else fn)(*args)
        yield {**estimate(np.asarray(value, np.float64)), "stage": "done"}


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times one density evaluation or one call over every key, then reads its result.

    ``num_qubits`` is the size of the simulated array in qubits, for the
    report's performance model: ``2n`` for the density matrix, ``n`` for a
    trajectory's state. ``gates`` counts the gates and channels applied, in
    every trajectory. A peer's row is measured by :func:`measure_peer`.
    """
    if params["simulator"] != SIMULATOR:
        yield from measure_peer(params, settings)
        return
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
    """Adds, where measured, ``vs_qjax_density`` (steady time over qjax's density row's)
    and, for trajectories, ``deviation``: the distance of the mean from the exact result
    in standard errors; for a peer's density matrix, ``difference``: the distance of its
    ``<Z0>`` from qjax's. A difference above :data:`TOLERANCE` makes the row an error.

    >>> row = {"steady_s": 6.0, "value": 0.3, "std_error": 0.04, "status": "ok"}
    >>> extra = against_density(row, {"steady_s": 2.0, "value": 0.25})
    >>> extra["vs_qjax_density"], round(extra["deviation"], 6)
    (3.0, 1.25)
    >>> peer = against_density({"value": 0.2502, "status": "ok"}, {"value": 0.25})
    >>> round(peer["difference"], 6), peer["status"]
    (0.0002, 'error')
    >>> peer["error"]
    "<Z0> 0.250200 differs from qjax's density 0.250000 by 2.0e-04 > 0.0001"
    """
    extra: Row = {}
    if "steady_s" in row and "steady_s" in density:
        extra["vs_qjax_density"] = row["steady_s"] / density["steady_s"]
    if "value" in row and "value" in density:
        gap = abs(row["value"] - density["value"])
        if "std_error" in row:
            extra["deviation"] = gap / row["std_error"]
        else:
            extra["difference"] = gap
    row = {**row, **extra}
    if extra.get("difference", 0.0) > TOLERANCE and row["status"] == "ok":
        error = (
            f"<Z0> {row['value']:.6f} differs from qjax's density {density['value']:.6f} "
            f"by {extra['difference']:.1e} > {TOLERANCE:g}"
        )
        return {**row, "status": "error", "error": error}
    return row


def derive(rows: list[Row]) -> list[Row]:
    """Adds the pass floor to qjax's density rows; compares every other row (trajectories,
    the peers' density matrices) with qjax's density row of its size.

    Only qjax's density matrix's pass floor is shown: a trajectory's is a pass
    over one small state, which its ``op/pass`` already accounts for, and a
    peer's density matrix is the same array as qjax's.

    >>> size = {"wires": 4, "depth": 2, "status": "ok"}
    >>> rows = derive([
    ...     {"simulator": "qjax", "method": "density", **size, "steady_s": 1.0, "value": 0.5},
    ...     {"simulator": "qjax", "method": "trajectories", **size, "steady_s": 4.0,
    ...      "value": 0.5, "std_error": 0.1},
    ...     {"simulator": "aer", "method": "density", **size, "steady_s": 2.0, "value": 0.5},
    ... ])
    >>> [row["vs_qjax_density"] for row in rows], rows[1]["deviation"], rows[2]["difference"]
    ([1.0, 4.0, 2.0], 0.0, 0.0)
    """

    def is_reference(row: Row) -> bool:
        return row["simulator"] == SIMULATOR and row["method"] == "density"

    densities = {(row["wires"], row["depth"]): row for row in rows if is_reference(row)}

    def derived(row: Row) -> Row:
        if is_reference(row):
            return with_pass_floor({**row, "vs_qjax_density": 1.0} if "steady_s" in row else row)
        size = row["wires"], row["depth"]
        return against_density(row, densities[size]) if size in densities else row

    return [derived(row) for row in rows]


PEER_MODES = "; ".join(f"{peer.name}: {peer.mode}" for peer in peers.DENSITY_PEERS.values())


WORKLOAD = Workload(
    name="noise",
    description=(
        "noisy ansatz <Z0>: one density-matrix evaluation (qjax and its peers) vs 10,000 "
        "vmapped trajectories"
    ),
    cases=cases,
    measure=measure,
    columns=(
        Column("simulator", "simulator"),
        Column("method", "method"),
        Column("wires", "n"),
        Column("depth", "depth"),
        Column("trajectories", "trajectories"),
        Column("gates", "ops"),
        Column("compile_s", "compile", "seconds"),
        Column("first_call_s", "first call", "seconds"),
        Column("steady_s", "steady", "seconds"),
        Column("vs_qjax_density", "vs qjax density", "ratio"),
        Column("value", "<Z0>", "number"),
        Column("difference", "|diff|", "small"),
        Column("deviation", "dev/SE", "ratio"),
        Column("num_qubits", "array qubits"),
        Column("pass_floor_s", "pass floor", "seconds"),
        Column("gate_passes", "op/pass", "ratio"),
        Column("temp_bytes", "temp", "bytes"),
    ),
    notes=(
        f"Noise: DepolarizingChannel({DEPOLARIZING}) after every RY, "
        f"AmplitudeDamping({DAMPING}) on every CNOT's target. ops = gates and channels "
        "applied, in every trajectory. first call = trace + compile + first run (a non-JAX "
        "peer: building its circuit and the first run); steady = median of later calls. "
        "vs qjax density = steady time over qjax's density row's. <Z0> = the result (the "
        "trajectories' mean). |diff| = |peer <Z0> - qjax density <Z0>|: the row is an error "
        f"above {TOLERANCE:g}. dev/SE = "
        "|trajectory mean - density <Z0>| over the mean's standard error (std/sqrt(N)): "
        "below about 3 when they agree. array qubits = the simulated array in qubits: 2n for "
        "the density matrix (4^n entries), n for a trajectory's state. pass floor = one read "
        "and one write of the density matrix (16*4^n bytes) at the JAX in-place bandwidth; "
        "op/pass = steady time per op (per trajectory) over one pass over the array. "
        "Peers' channels in PennyLane's convention: Qiskit depolarizing_error(4p/3) for "
        "DepolarizingChannel(p), TensorCircuit depolarizing(p/3, p/3, p/3) and "
        "amplitudedamping(gamma, p=1); Qulacs' noise gates and default.mixed as they are. "
        f"Peers: {PEER_MODES}."
    ),
    derive=derive,
)
