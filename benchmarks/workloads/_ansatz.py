"""What the ansatz workloads share: the simulators, their cases, timing and columns.

Every workload but ``bandwidth`` times the hardware-efficient ansatz on qjax
and on each peer (:mod:`benchmarks.peers`), side by side, one row per
simulator and size.
"""

import math
import time
from collections.abc import Callable, Hashable, Iterator, Sequence

import jax
import numpy as np

from benchmarks import peers
from benchmarks.circuits import QJAX, random_angles
from benchmarks.peers.base import Function, Simulator, ansatz
from benchmarks.timing import measure_called, measure_compiled, peak_rss_bytes
from benchmarks.workload import Case, Column, Params, Row, Settings

SIMULATOR = QJAX.name
"""The simulator under test; every other row is a peer's."""
SIMULATORS = (SIMULATOR, *peers.PEERS)
"""qjax, then every peer, in the order their rows appear."""

CIRCUIT_COLUMNS = (
    Column("simulator", "simulator"),
    Column("num_qubits", "n"),
    Column("depth", "depth"),
)
TIMING_COLUMNS = (
    Column("compile_s", "compile", "seconds"),
    Column("first_call_s", "first call", "seconds"),
    Column("steady_s", "steady", "seconds"),
    Column("gate_passes", "gate/pass", "ratio"),
    Column("temp_bytes", "temp", "bytes"),
    Column("temp_states", "temp/state", "ratio"),
)
PEER_COLUMNS = (
    Column("vs_peer", "vs peer", "ratio"),
    Column("vs_jax_peer", "vs JAX peer", "ratio"),
)
TIMING_NOTES = (
    "first call = trace + compile + first run for JAX simulators (the circuit built and "
    "the first run for the others); steady = median of later calls. "
    "gate/pass = steady time per gate over the bandwidth-bound time of one pass over the "
    "state (16*2^n bytes at the JAX in-place rate). temp = XLA's temporary buffers; "
    "temp/state = temp in units of one state (8*2^n bytes)."
)
PEER_NOTES = (
    "vs peer = steady time over the fastest peer's (all but qjax) at the same size; "
    "vs JAX peer = the same against the fastest JAX peer."
)
PEER_MODES = "Peers: " + "; ".join(f"{peer.name}: {peer.mode}" for peer in peers.PEERS.values())
"""How each peer runs, once, under the forward table."""


def simulator_case(workload: str, params: Params, *, size: tuple[int, ...]) -> Case:
    """A case of ``params["simulator"]``, grouped by simulator (and method, if any).

    >>> case = simulator_case("forward", {"simulator": "qjax", "num_qubits": 4}, size=(4,))
    >>> case.group, case.missing
    (('qjax',), None)
    """
    group = tuple(str(params[key]) for key in ("simulator", "method") if key in params)
    return Case(
        workload, params, group=group, size=size, missing=peers.missing(params["simulator"])
    )


def load_simulator(name: str) -> Simulator:
    """qjax or the peer ``name`` (importing it).

    >>> load_simulator("qjax").gradients.keys()
    dict_keys(['backprop', 'adjoint', 'parameter-shift'])
    """
    return QJAX if name == SIMULATOR else peers.load(name)


def is_jax(name: str) -> bool:
    """Whether simulator ``name`` runs JAX functions.

    >>> is_jax("qjax"), is_jax("qsim")
    (True, False)
    """
    return name == SIMULATOR or peers.PEERS[name].jax


def measure_simulator(
    params: Params,
    settings: Settings,
    build: Callable[[Simulator], Function],
    args: Sequence[jax.Array],
    *,
    gates: int,
    steady: bool = True,
) -> Iterator[Row]:
    """Measures ``build(simulator)(*args)`` for ``params["simulator"]``.

    A JAX simulator's function is jitted and timed stage by stage
    (:func:`~benchmarks.timing.measure_compiled`); any other's is called on
    NumPy arrays (:func:`~benchmarks.timing.measure_called`). ``first_call_s``
    includes ``build_s``, the time ``build`` took.

    Yields:
      ``gates``; ``build_s`` and ``base_rss_bytes`` (peak resident memory
      before the first call); the timings; ``peak_rss_bytes`` at the end.

    >>> from benchmarks.circuits import random_angles
    >>> params, settings = {"simulator": "qjax"}, Settings(quick=True)
    >>> build = lambda simulator: simulator.forward(2, 1)
    >>> results = {}
    >>> for partial in measure_simulator(params, settings, build, (random_angles(2, 1),), gates=5):
    ...     results.update(partial)
    >>> results["stage"], results["reps"], results["first_call_s"] > results["build_s"]
    ('done', 3, True)
    """
    name = params["simulator"]
    # Peers run as their own users run them, not under qjax's strict promotion.
    with jax.numpy_dtype_promotion("strict" if name == SIMULATOR else "standard"):
        yield {"gates": gates, "stage": "importing"}
        simulator = load_simulator(name)
        yield {"stage": "building"}
        start = time.perf_counter()
        fn = build(simulator)
        build_s = time.perf_counter() - start
        if not simulator.jax:
            args = [np.asarray(arg) for arg in args]
        yield {"build_s": build_s, "base_rss_bytes": peak_rss_bytes()}
        measure = measure_compiled if simulator.jax else measure_called
        for results in measure(fn, args, settings, steady=steady):
            if "first_call_s" in results:
                results = {**results, "first_call_s": results["first_call_s"] + build_s}
            yield results
        yield {"peak_rss_bytes": peak_rss_bytes()}


def measure_forward(params: Params, settings: Settings, *, steady: bool = True) -> Iterator[Row]:
    """Measures the forward pass of the ansatz of ``params`` (``num_qubits``, ``depth``).

    >>> from benchmarks.workload import Settings
    >>> params = {"simulator": "qjax", "num_qubits": 2, "depth": 1}
    >>> sorted(next(measure_forward(params, Settings(quick=True), steady=False)))
    ['gates', 'stage']
    """
    num_qubits, depth = params["num_qubits"], params["depth"]
    return measure_simulator(
        params,
        settings,
        lambda simulator: simulator.forward(num_qubits, depth),
        (random_angles(num_qubits, depth),),
        gates=len(ansatz(num_qubits, depth)),
        steady=steady,
    )


def _fastest(
    rows: Sequence[Row], key: Callable[[Row], Hashable], value: str, *, jax_only: bool
) -> dict[Hashable, float]:
    best: dict[Hashable, float] = {}
    for row in rows:
        peer = row["simulator"] != SIMULATOR and (is_jax(row["simulator"]) or not jax_only)
        if peer and row.get(value) is not None:
            best[key(row)] = min(best.get(key(row), math.inf), row[value])
    return best


def with_peer_ratios(
    rows: Sequence[Row], key: Callable[[Row], Hashable], value: str = "steady_s"
) -> list[Row]:
    """Adds ``vs_peer`` and ``vs_jax_peer``: ``value`` over the fastest (JAX) peer's of ``key``.

    >>> rows = with_peer_ratios([
    ...     {"simulator": "qjax", "num_qubits": 4, "steady_s": 1.0},
    ...     {"simulator": "qsim", "num_qubits": 4, "steady_s": 2.0},
    ...     {"simulator": "default.qubit", "num_qubits": 4, "steady_s": 4.0},
    ... ], key=lambda row: row["num_qubits"])
    >>> [(row["vs_peer"], row["vs_jax_peer"]) for row in rows]
    [(0.5, 0.25), (1.0, 0.5), (2.0, 1.0)]
    """
    fastest = _fastest(rows, key, value, jax_only=False)
    fastest_jax = _fastest(rows, key, value, jax_only=True)

    def ratios(row: Row) -> Row:
        if row.get(value) is None:
            return row
        extra = {
            column: row[value] / best[key(row)]
            for column, best in (("vs_peer", fastest), ("vs_jax_peer", fastest_jax))
            if key(row) in best
        }
        return {**row, **extra}

    return [ratios(row) for row in rows]
