"""``qasm``: an OpenQASM 2.0 file read and simulated, qjax against Qiskit Aer.

The program is written here, a deterministic function of its size and a
seed: ``u3`` with random angles on every qubit, then the quantum Fourier
transform on all of them (``h``, ``cu1(pi/2^k)`` and the final ``swap``\\ s of
``qelib1.inc``), then ``measure q -> c;``. Each simulator reads the text, then
evolves the state.

qjax reads it with :func:`qjax.from_qasm`; the circuit that runs the program
and returns its state is jitted and timed stage by stage. Aer reads it with
``qiskit.qasm2.loads`` (the legacy ``qelib1.inc`` instructions), drops the final
measurements, saves the state vector and runs it on ``AerSimulator``'s
statevector method in single precision with gate fusion. Aer's state must be
qjax's up to a global phase: a fidelity below ``1 - TOLERANCE`` makes its row
an error, for a peer that disagrees simulates another circuit.
"""

import functools
from collections.abc import Callable, Iterator
from typing import Any

import jax
import numpy as np

import qjax as qj
from benchmarks.timing import measure_called, measure_compiled, steady_seconds
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload
from benchmarks.workloads._ansatz import SIMULATOR, simulator_case

SIZES, QUICK_SIZES, LARGE_SIZES = (16, 20), (6,), (24,)
"""The programs' qubit counts: the run's, ``--quick``'s and what ``--large`` adds."""
SEED = 0
"""Seeds the ``u3`` angles."""
TOLERANCE = 1e-4
"""The most Aer's fidelity with qjax's state may fall short of 1 (single precision)."""
PEER = "aer"
SIMULATORS = (SIMULATOR, PEER)
"""qjax, then Aer, at every size."""


def random_angles(num_qubits: int, seed: int = SEED) -> np.ndarray:
    """The ``(theta, phi, lambda)`` of each qubit's ``u3``, uniform in ``[0, 2 pi)``.

    >>> random_angles(5).shape
    (5, 3)
    """
    return np.random.default_rng(seed).uniform(0, 2 * np.pi, (num_qubits, 3))


def gate_statements(num_qubits: int, seed: int = SEED) -> list[str]:
    """The program's gate statements: ``u3`` on every qubit, then the QFT with its swaps.

    Qubit ``j`` gets ``h``, then ``cu1(pi/2^(k-j))`` controlled by each later qubit
    ``k``; the swaps reverse the qubits' order. That is ``2n + n(n-1)/2 + n//2`` gates.

    >>> gates = gate_statements(3)
    >>> len(gates), gates[3:7]
    (10, ['h q[0];', 'cu1(pi/2) q[1],q[0];', 'cu1(pi/4) q[2],q[0];', 'h q[1];'])
    >>> gates[-1]
    'swap q[0],q[2];'
    """
    rotations = [
        f"u3({theta:.17g},{phi:.17g},{lam:.17g}) q[{wire}];"
        for wire, (theta, phi, lam) in enumerate(random_angles(num_qubits, seed))
    ]
    fourier = [
        statement
        for j in range(num_qubits)
        for statement in (
            f"h q[{j}];",
            *(f"cu1(pi/{2 ** (k - j)}) q[{k}],q[{j}];" for k in range(j + 1, num_qubits)),
        )
    ]
    swaps = [f"swap q[{i}],q[{num_qubits - 1 - i}];" for i in range(num_qubits // 2)]
    return rotations + fourier + swaps


def qft_program(num_qubits: int, seed: int = SEED) -> str:
    """The OpenQASM 2.0 text: registers, :func:`gate_statements`, every qubit measured.

    >>> text = qft_program(2)
    >>> text.splitlines()[:4]
    ['OPENQASM 2.0;', 'include "qelib1.inc";', 'qreg q[2];', 'creg c[2];']
    >>> text.splitlines()[-1]
    'measure q -> c;'
    """
    header = ["OPENQASM 2.0;", 'include "qelib1.inc";', f"qreg q[{num_qubits}];"]
    return "\n".join(
        [*header, f"creg c[{num_qubits}];", *gate_statements(num_qubits, seed), "measure q -> c;"]
    )


def cases(settings: Settings) -> list[Case]:
    """qjax then Aer at each size: 16 and 20 qubits (6 if quick; ``--large`` adds 24).

    >>> [(case.params["simulator"], case.params["num_qubits"]) for case in cases(Settings())]
    [('qjax', 16), ('aer', 16), ('qjax', 20), ('aer', 20)]
    """
    sizes = QUICK_SIZES if settings.quick else SIZES + (LARGE_SIZES if settings.large else ())
    return [
        simulator_case("qasm", {"simulator": name, "num_qubits": n}, size=(n,))
        for n in sizes
        for name in SIMULATORS
    ]


def state_circuit(program: qj.QasmProgram) -> qj.CircuitFunction:
    """The circuit that runs ``program`` on its qubits and returns the state.

    >>> state_circuit(qj.from_qasm(qft_program(2)))().shape
    (4,)
    """

    @qj.circuit(wires=program.num_wires)
    def state() -> jax.Array:
        program()
        return qj.state()

    return state


def wire_order(state: np.ndarray) -> np.ndarray:
    """A state indexed with qubit 0 least significant (Qiskit's) reindexed with wire 0 most
    significant (qjax's): the bits of every index reversed.

    >>> wire_order(np.array([0, 1, 0, 0, 0, 0, 0, 0]))  # |q2 q1 q0> = |001>
    array([0, 0, 0, 0, 1, 0, 0, 0])
    """
    num_qubits = state.size.bit_length() - 1
    return state.reshape((2,) * num_qubits).transpose(tuple(reversed(range(num_qubits)))).ravel()


def fidelity(state: np.ndarray, other: np.ndarray) -> float:
    """``|<state|other>|^2`` in double precision: 1 for equal states up to a global phase.

    >>> round(fidelity(np.array([1, 1j]) / np.sqrt(2), np.array([1j, -1]) / np.sqrt(2)), 12)
    1.0
    >>> round(fidelity(np.array([1, 0]), np.array([1, 1]) / np.sqrt(2)), 12)
    0.5
    """
    overlap = np.vdot(np.asarray(state, np.complex128), np.asarray(other, np.complex128))
    return float(abs(overlap) ** 2)


def qjax_state(text: str) -> np.ndarray:
    """qjax's state of the program ``text``, jitted.

    >>> qjax_state(qft_program(2)).dtype
    dtype('complex64')
    """
    return np.asarray(jax.jit(state_circuit(qj.from_qasm(text)))())


def measure_qjax(text: str, settings: Settings) -> Iterator[Row]:
    """Times :func:`qjax.from_qasm` (median of a few), then the jitted state circuit."""
    yield {"stage": "parsing"}
    parse_s, _ = steady_seconds(functools.partial(qj.from_qasm, text), settings)
    yield {"parse_s": parse_s}
    yield from measure_compiled(state_circuit(qj.from_qasm(text)), (), settings)


def aer_run(text: str) -> tuple[Callable[[], Any], Callable[[Any], np.ndarray]]:
    """Aer's run of the program ``text`` and how to read its result's state (imports Aer).

    The final measurements are removed and the state vector saved instead.
    """
    import qiskit.qasm2
    from qiskit_aer import AerSimulator

    circuit = qiskit.qasm2.loads(text, custom_instructions=qiskit.qasm2.LEGACY_CUSTOM_INSTRUCTIONS)
    circuit.remove_final_measurements()
    circuit.save_statevector()
    simulator = AerSimulator(method="statevector", precision="single", fusion_enable=True)
    return lambda: simulator.run(circuit).result(), lambda result: result.get_statevector().data


def measure_aer(text: str, settings: Settings) -> Iterator[Row]:
    """Times ``qiskit.qasm2.loads`` (median of a few), then Aer's run (first call, steady);
    compares its state with qjax's (``fidelity``)."""
    import qiskit.qasm2

    yield {"stage": "parsing"}
    legacy = qiskit.qasm2.LEGACY_CUSTOM_INSTRUCTIONS
    parse_s, _ = steady_seconds(
        functools.partial(qiskit.qasm2.loads, text, custom_instructions=legacy), settings
    )
    yield {"parse_s": parse_s, "stage": "building"}
    run, read = aer_run(text)
    yield from measure_called(run, (), settings)
    yield {"stage": "comparing with qjax"}
    yield {"fidelity": fidelity(wire_order(read(run())), qjax_state(text)), "stage": "done"}


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Writes the program, then times its reading and simulation on ``params["simulator"]``."""
    num_qubits = params["num_qubits"]
    text = qft_program(num_qubits)
    yield {"gates": len(gate_statements(num_qubits))}
    if params["simulator"] == SIMULATOR:
        yield from measure_qjax(text, settings)
    else:
        yield from measure_aer(text, settings)


def agreement(row: Row) -> Row:
    """``row``, an error if its ``fidelity`` with qjax's state is below ``1 - TOLERANCE``.

    >>> agreement({"fidelity": 0.99995, "status": "ok"})["status"]
    'ok'
    >>> agreement({"fidelity": 0.9998, "status": "ok"})["error"]
    "fidelity 0.999800 with qjax's state < 1 - 0.0001"
    """
    if row.get("fidelity", 1.0) >= 1 - TOLERANCE or row["status"] != "ok":
        return row
    error = f"fidelity {row['fidelity']:.6f} with qjax's state < 1 - {TOLERANCE:g}"
    return {**row, "status": "error", "error": error}


def derive(rows: list[Row]) -> list[Row]:
    """Adds ``vs_qjax``: steady time over qjax's at the same size; checks the fidelity.

    >>> rows = derive([
    ...     {"simulator": "qjax", "num_qubits": 6, "steady_s": 2.0, "status": "ok"},
    ...     {"simulator": "aer", "num_qubits": 6, "steady_s": 3.0, "fidelity": 0.5,
    ...      "status": "ok"},
    ... ])
    >>> [(row["vs_qjax"], row["status"]) for row in rows]
    [(1.0, 'ok'), (1.5, 'error')]
    """
    qjax = {
        row["num_qubits"]: row["steady_s"]
        for row in rows
        if row["simulator"] == SIMULATOR and "steady_s" in row
    }

    def compared(row: Row) -> Row:
        if "steady_s" in row and row["num_qubits"] in qjax:
            row = {**row, "vs_qjax": row["steady_s"] / qjax[row["num_qubits"]]}
        return agreement(row)

    return [compared(row) for row in rows]


WORKLOAD = Workload(
    name="qasm",
    description="an OpenQASM 2.0 file (u3 layer, QFT) read and simulated: qjax vs Qiskit Aer",
    cases=cases,
    measure=measure,
    columns=(
        Column("simulator", "simulator"),
        Column("num_qubits", "n"),
        Column("gates", "gates"),
        Column("parse_s", "parse", "seconds"),
        Column("first_call_s", "first call", "seconds"),
        Column("steady_s", "steady", "seconds"),
        Column("fidelity", "fidelity", "number"),
        Column("vs_qjax", "vs qjax", "ratio"),
    ),
    notes=(
        "The program: u3 with random angles on every qubit, the QFT (h, cu1(pi/2^k), swaps) "
        "and measure q -> c. gates = its gate statements. parse = median time to read the "
        "text (qj.from_qasm; Aer: qiskit.qasm2.loads with the legacy qelib1 instructions). "
        "first call = trace + compile + first run of the jitted state circuit (Aer: its first "
        "run); steady = median of later calls, each evolving the state. fidelity = "
        "|<aer|qjax>|^2, Aer's state reindexed to qjax's wire order: the row is an error "
        f"below 1 - {TOLERANCE:g}. vs qjax = steady time over qjax's at the same n. Aer: "
        "statevector, single precision, fusion; final measurements removed, "
        "save_statevector."
    ),
    derive=derive,
)
