"""What ``forward`` and ``gradient`` share: the ansatz compiled and timed, and its columns."""

from collections.abc import Iterator

import jax

from benchmarks.circuits import hardware_efficient, num_gates, random_angles
from benchmarks.timing import measure_compiled
from benchmarks.workload import Column, Params, Row, Settings

SIMULATOR = "qjax"
"""The only simulator so far; rows name it so that peers' rows can sit beside them."""

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
TIMING_NOTES = (
    "first call = trace + compile + first run; steady = median of later calls. "
    "gate/pass = steady time per gate over the bandwidth-bound time of one pass over the "
    "state (16*2^n bytes at the JAX in-place rate). temp = XLA's temporary buffers; "
    "temp/state = temp in units of one state (8*2^n bytes)."
)


def measure_ansatz(params: Params, settings: Settings, *, diff_method: str | None) -> Iterator[Row]:
    """Measures the hardware-efficient ansatz of ``params`` (``num_qubits``, ``depth``).

    Args:
      params: the case's parameters.
      settings: the run's settings.
      diff_method: ``None`` times the forward pass; a method name times
        ``jax.grad`` of the circuit built with it.

    Yields:
      ``gates``, then :func:`~benchmarks.timing.measure_compiled`'s results.
    """
    circuit = hardware_efficient(params["num_qubits"], diff_method or "backprop")
    angles = random_angles(params["num_qubits"], params["depth"])
    yield {"gates": num_gates(circuit, angles), "parameters": angles.size}
    fn = circuit if diff_method is None else jax.grad(circuit)
    yield from measure_compiled(fn, (angles,), settings)
