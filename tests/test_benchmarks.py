"""The benchmark runner works end to end: ``python -m benchmarks --quick`` writes valid JSON.

No timing is ever asserted: only that every case yields a row with the
expected fields, and that failures (time-outs, exceptions, a peer that is not
installed) are rows too. CI installs no peer: their rows say ``not installed``.
"""

import dataclasses
import doctest
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import jax
import numpy as np
import pytest
from helpers import assert_close
from test_peers import PEER_NOTICES

import benchmarks
import oracle
from benchmarks import peers
from benchmarks.circuits import hardware_efficient, random_angles
from benchmarks.peers.base import Channel, ansatz, noisy_ansatz
from benchmarks.runner import run_case, run_cases
from benchmarks.workload import Case, Settings
from benchmarks.workloads import WORKLOADS, noise, pennylane_device, qasm, training
from benchmarks.workloads._ansatz import SIMULATORS

ROOT = Path(__file__).resolve().parent.parent

QUICK = Settings(quick=True)
MACHINE_FIELDS = {"cpu", "cores", "memory_bytes", "jax", "jaxlib", "device_kind", "platform"}


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    """The stdout and JSON document of one quick run of every workload."""
    output = tmp_path_factory.mktemp("benchmarks") / "quick.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--quick", "--output", str(output)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
        check=True,
    )
    return done.stdout, json.loads(output.read_text())


def test_quick_run_describes_the_machine(quick_run):
    _, document = quick_run
    assert set(document["machine"]) >= MACHINE_FIELDS
    assert document["settings"]["quick"] is True
    assert document["bandwidth_bytes_per_s"] > 0


def test_quick_run_measures_every_case_of_every_workload(quick_run):
    _, document = quick_run
    rows = document["results"]
    planned = [case for workload in WORKLOADS.values() for case in workload.cases(QUICK)]
    assert len(rows) == len(planned)
    for row, case in zip(rows, planned, strict=True):
        assert row["status"] == ("not installed" if case.missing else "ok"), row["error"]
        assert row["workload"] == case.workload
        assert {key: row[key] for key in case.params} == dict(case.params)
        assert case.missing or max(row.get("first_call_s", 0), row.get("steady_s", 0)) > 0


@pytest.mark.parametrize(
    ("workload", "fields"),
    [
        ("bandwidth", {"bytes_per_s"}),
        ("forward", {"gates", "first_call_s", "compile_s", "per_gate_s", "gate_passes"}),
        ("batched", {"gates", "steady_s", "per_circuit_s", "gate_passes"}),
        ("gradient", {"gates", "temp_bytes", "temp_states", "gate_passes"}),
        ("compile", {"build_s", "trace_s", "compile_s", "first_call_s", "vs_shallow"}),
        ("memory", {"first_call_s", "base_rss_bytes", "peak_rss_bytes", "rss_states"}),
        ("noise", {"gates", "steady_s", "value", "num_qubits", "gate_passes", "temp_bytes"}),
        ("shots", {"compile_s", "steady_s", "vs_probs", "output_bytes"}),
        ("qasm", {"gates", "parse_s", "compile_s", "first_call_s", "steady_s", "vs_qjax"}),
        ("pennylane", {"gates", "build_s", "first_call_s", "steady_s", "vs_qjax_qubit"}),
    ],
)
def test_quick_run_reports_each_workloads_fields(quick_run, workload, fields):
    """qjax's rows: a peer's lack what its runtime does not report (compile time, XLA's temp)."""
    _, document = quick_run
    rows = [row for row in document["results"] if row["workload"] == workload]
    measured = [
        row for row in rows if row["status"] == "ok" and row.get("simulator", "qjax") == "qjax"
    ]
    assert measured and all(fields <= set(row) for row in measured)


def test_gradient_rows_compare_with_the_forward_pass(quick_run):
    _, document = quick_run
    gradients = [
        row
        for row in document["results"]
        if row["workload"] == "gradient" and row["method"] != "forward" and row["status"] == "ok"
    ]
    qjax_methods = {row["method"] for row in gradients if row["simulator"] == "qjax"}
    assert qjax_methods == {"backprop", "adjoint", "parameter-shift"}
    assert all(row["vs_forward"] > 0 for row in gradients)


def _noise_rows(document: dict) -> dict[tuple[str, str], dict]:
    rows = [row for row in document["results"] if row["workload"] == "noise"]
    return {(row["simulator"], row["method"]): row for row in rows}


def test_noise_trajectories_agree_with_the_density_matrix(quick_run):
    _, document = quick_run
    rows = _noise_rows(document)
    density, trajectories = rows["qjax", "density"], rows["qjax", "trajectories"]
    assert density["pass_floor_s"] > 0 and density["num_qubits"] == 2 * density["wires"]
    assert density["vs_qjax_density"] == 1.0
    assert trajectories["vs_qjax_density"] > 0
    # A fixed key: the mean lies within 5 of its standard errors of the exact value.
    assert trajectories["deviation"] < 5


def test_noise_density_peers_agree_with_qjax_or_are_missing(quick_run):
    _, document = quick_run
    rows = _noise_rows(document)
    assert {name for name, method in rows if method == "density"} == set(noise.SIMULATORS)
    reference = rows["qjax", "density"]
    for name in peers.DENSITY_PEERS:
        row = rows[name, "density"]
        assert row["status"] == ("not installed" if peers.missing(name) else "ok"), row["error"]
        if row["status"] == "ok":
            assert row["difference"] == abs(row["value"] - reference["value"])
            assert row["difference"] <= noise.TOLERANCE
            assert row["vs_qjax_density"] > 0 and row["num_qubits"] == 2 * row["wires"]
            assert "pass_floor_s" not in row and "deviation" not in row


def test_shots_rows_compare_with_the_exact_probabilities(quick_run):
    _, document = quick_run
    rows = {row["measurement"]: row for row in document["results"] if row["workload"] == "shots"}
    assert rows["probs"]["vs_probs"] == 1.0 and "per_shot_s" not in rows["probs"]
    for sampled in (rows["counts"], rows["sample"]):
        assert sampled["per_shot_s"] > 0 and sampled["vs_probs"] > 0


def test_qasm_aer_rows_agree_with_qjax_or_are_missing(quick_run):
    _, document = quick_run
    rows = {row["simulator"]: row for row in document["results"] if row["workload"] == "qasm"}
    assert set(rows) == set(qasm.SIMULATORS) and rows["qjax"]["vs_qjax"] == 1.0
    aer = rows[qasm.PEER]
    assert aer["status"] == ("not installed" if peers.missing(qasm.PEER) else "ok"), aer["error"]
    if aer["status"] == "ok":
        assert aer["fidelity"] >= 1 - qasm.TOLERANCE and aer["parse_s"] > 0
        assert aer["vs_qjax"] == aer["steady_s"] / rows["qjax"]["steady_s"]


def _u3(theta: float, phi: float, lam: float) -> np.ndarray:
    cos, sin = np.cos(theta / 2), np.sin(theta / 2)
    return np.array(
        [[cos, -np.exp(1j * lam) * sin], [np.exp(1j * phi) * sin, np.exp(1j * (phi + lam)) * cos]]
    )


def test_the_qasm_program_is_a_u3_layer_then_the_fourier_transform():
    """qjax's state of the text against NumPy: the u3 product state, then the unitary DFT
    (|x> -> sum_y exp(2 pi i x y / N) |y> / sqrt(N), wire 0 most significant)."""
    num_qubits = 4
    product = np.ones(1)
    for angles in qasm.random_angles(num_qubits):
        product = np.kron(product, _u3(*angles)[:, 0])
    size = 2**num_qubits
    dft = np.exp(2j * np.pi * np.outer(np.arange(size), np.arange(size)) / size) / np.sqrt(size)
    assert_close(qasm.qjax_state(qasm.qft_program(num_qubits)), dft @ product, np.complex64)
    assert len(qasm.gate_statements(num_qubits)) == 2 * 4 + 6 + 2


def test_the_qasm_peers_state_is_reindexed_bit_by_bit():
    state = np.arange(8) + 1j * np.arange(8, 16)
    reversed_bits = [int(format(index, "03b")[::-1], 2) for index in range(8)]
    np.testing.assert_array_equal(qasm.wire_order(state), state[reversed_bits])
    assert qasm.fidelity(state, state[reversed_bits]) < np.vdot(state, state).real ** 2


def test_an_aer_qasm_row_far_from_qjaxs_state_is_an_error_row():
    rows = WORKLOADS["qasm"].derive(
        [
            {"simulator": "qjax", "num_qubits": 6, "steady_s": 1.0, "status": "ok"},
            {
                "simulator": "aer",
                "num_qubits": 6,
                "steady_s": 2.0,
                "fidelity": 0.99995,
                "status": "ok",
            },
            {"simulator": "aer", "num_qubits": 8, "fidelity": 0.9998, "status": "ok"},
        ]
    )
    assert [row["status"] for row in rows] == ["ok", "ok", "error"]
    assert [row.get("vs_qjax") for row in rows] == [1.0, 2.0, None]
    assert rows[2]["error"] == "fidelity 0.999800 with qjax's state < 1 - 0.0001"


@pytest.mark.parametrize("name", [pytest.param(qasm.PEER, marks=PEER_NOTICES)])
def test_the_qasm_workloads_aer_row_runs_in_process(name):
    pytest.importorskip("qiskit_aer")
    results = _measure("qasm", {"simulator": name, "num_qubits": 4})
    assert results["gates"] == 16 and results["stage"] == "done"
    assert results["parse_s"] > 0 and results["steady_s"] > 0
    assert results["fidelity"] >= 1 - qasm.TOLERANCE


def test_the_qasm_workloads_qjax_row_runs_in_process():
    results = _measure("qasm", {"simulator": "qjax", "num_qubits": 3})
    assert results["gates"] == 10 and results["stage"] == "done"
    assert results["parse_s"] > 0 and results["first_call_s"] > results["compile_s"] > 0


def test_the_qasm_plan_is_qjax_then_aer_at_each_size():
    def plan(settings: Settings) -> list[tuple[str, int]]:
        cases = WORKLOADS["qasm"].cases(settings)
        return [(case.params["simulator"], case.params["num_qubits"]) for case in cases]

    assert plan(QUICK) == [("qjax", 6), ("aer", 6)]
    assert [n for _, n in plan(Settings(large=True))] == [16, 16, 20, 20, 24, 24]


def test_pennylane_rows_agree_with_qjax_qubit_or_are_missing(quick_run):
    _, document = quick_run
    rows = [row for row in document["results"] if row["workload"] == "pennylane"]
    assert {row["device"] for row in rows} == set(pennylane_device.DEVICES)
    reference = {row["task"]: row for row in rows if row["device"] == pennylane_device.REFERENCE}
    for row in rows:
        missing = pennylane_device.missing(row["device"])
        assert row["status"] == ("not installed" if missing else "ok"), row["error"]
        if row["status"] == "ok" and row["device"] != pennylane_device.REFERENCE:
            assert row["difference"] <= pennylane_device.TOLERANCE
            ratio = row["steady_s"] / reference[row["task"]]["steady_s"]
            assert row["vs_qjax_qubit"] == ratio
            assert ("value" in row) == (row["task"] == "forward")


def _ansatz_z0(angles: np.ndarray) -> float:
    """<Z0> of the ansatz on ``angles`` by dense NumPy matrices, in double precision."""
    depth, num_qubits, _ = angles.shape
    values = np.asarray(angles, np.float64).reshape(-1)
    state = np.zeros(2**num_qubits, np.complex128)
    state[0] = 1
    for gate in ansatz(num_qubits, depth):
        params = () if gate.angle is None else (values[gate.angle],)
        matrix = oracle.gate_matrix(gate.name, params)
        state = oracle.embed(matrix, gate.wires, num_qubits) @ state
    z0 = oracle.embed(oracle.pauli_matrix("Z"), (0,), num_qubits)
    return float(np.vdot(state, z0 @ state).real)


def _finite_differences(angles: np.ndarray, step: float = 1e-6) -> np.ndarray:
    """The ansatz's gradient by central differences of :func:`_ansatz_z0`."""
    angles = np.asarray(angles, np.float64)
    shifts = np.eye(angles.size).reshape(-1, *angles.shape) * step
    gradient = [
        (_ansatz_z0(angles + shift) - _ansatz_z0(angles - shift)) / (2 * step) for shift in shifts
    ]
    return np.reshape(gradient, angles.shape)


@pytest.mark.parametrize(
    "device", [pytest.param(name, marks=PEER_NOTICES) for name in pennylane_device.DEVICES]
)
def test_each_pennylane_workload_device_runs_the_ansatz(device):
    """Every device's <Z0> and gradient against dense matrices and finite differences."""
    if pennylane_device.missing(device):
        pytest.skip(f"{pennylane_device.missing(device)} is not installed")
    angles = random_angles(3, 2)
    with jax.numpy_dtype_promotion("standard"):
        value, gradient = (
            pennylane_device.result(pennylane_device.build(device, task, 3, 2), device, angles)
            for task in pennylane_device.TASKS
        )
    assert_close(value, _ansatz_z0(np.asarray(angles)), np.complex64)
    assert_close(gradient, _finite_differences(np.asarray(angles)), np.complex64)


def test_the_pennylane_workloads_rows_run_in_process():
    pytest.importorskip("pennylane")
    size = {"task": "gradient", "num_qubits": 3, "depth": 2}
    native = _measure("pennylane", {"device": pennylane_device.NATIVE, **size})
    reference = _measure("pennylane", {"device": pennylane_device.REFERENCE, **size})
    assert native["gates"] == reference["gates"] == 16
    assert native["stage"] == reference["stage"] == "done"
    assert native["first_call_s"] > native["compile_s"] > 0 and reference["steady_s"] > 0
    assert native["difference"] <= pennylane_device.TOLERANCE
    assert "difference" not in reference and "value" not in reference


def test_a_pennylane_row_far_from_qjax_qubits_is_an_error_row():
    size = {"num_qubits": 4, "depth": 2, "task": "gradient", "status": "ok"}
    rows = WORKLOADS["pennylane"].derive(
        [
            {"device": "qjax.qubit", **size, "steady_s": 2.0},
            {"device": "default.qubit", **size, "steady_s": 3.0, "difference": 5e-5},
            {"device": "lightning.qubit", **size, "steady_s": 8.0, "difference": 3e-4},
            {"device": "qjax (native)", **size, "status": "not installed", "error": "x"},
        ]
    )
    assert [row["status"] for row in rows] == ["ok", "ok", "error", "not installed"]
    assert [row.get("vs_qjax_qubit") for row in rows] == [1.0, 1.5, 4.0, None]
    assert rows[2]["error"] == "gradient differs from qjax.qubit's by 3.0e-04 > 0.0001"


def test_the_pennylane_plan_runs_every_device_on_both_tasks_at_each_size():
    def plan(settings: Settings) -> list[tuple[int, int, str, str]]:
        return [
            (c.params["num_qubits"], c.params["depth"], c.params["task"], c.params["device"])
            for c in WORKLOADS["pennylane"].cases(settings)
        ]

    devices = pennylane_device.DEVICES
    assert plan(QUICK) == [
        (4, 2, task, name) for task in pennylane_device.TASKS for name in devices
    ]
    assert [(n, depth) for n, depth, _, _ in plan(Settings())] == [(12, 6)] * 8 + [(16, 6)] * 8


def test_quick_run_prints_a_table_per_workload(quick_run):
    stdout, _ = quick_run
    assert stdout.startswith("machine: ")
    assert "\npeers: " in stdout
    for name in WORKLOADS:
        assert f"\n{name}: " in stdout
    assert "gate/pass" in stdout and "temp/state" in stdout


def test_quick_run_reports_the_peers_or_that_they_are_missing(quick_run):
    stdout, document = quick_run
    assert set(document["machine"]["peers"]) == set(peers.PEERS)
    forward = [row for row in document["results"] if row["workload"] == "forward"]
    assert {row["simulator"] for row in forward} == set(SIMULATORS)
    for name, version in document["machine"]["peers"].items():
        rows = [row for row in forward if row["simulator"] == name]
        assert all((row["status"] == "not installed") == (version is None) for row in rows)
    if any(version is None for version in document["machine"]["peers"].values()):
        assert "not installed: " in stdout


def _measure(workload: str, params: dict) -> dict:
    results = {}
    for partial in WORKLOADS[workload].measure(params, QUICK):
        results.update(partial)
    return results


def test_measurements_run_in_process_under_strict_promotion():
    params = {"simulator": "qjax", "num_qubits": 2, "depth": 1, "method": "adjoint"}
    results = _measure("gradient", params)
    assert results["gates"] == 5
    assert results["stage"] == "done"
    assert results["steady_s"] > 0 and results["temp_bytes"] >= 0


@pytest.mark.parametrize(
    ("workload", "extra", "gates"),
    [
        ("forward", {}, 5),
        ("batched", {"batch": 3}, 3 * 7),
        ("compile", {}, 5),
        ("memory", {}, 5),
    ],
)
def test_each_workloads_qjax_side_runs_in_process(workload, extra, gates):
    results = _measure(workload, {"simulator": "qjax", "num_qubits": 2, "depth": 1, **extra})
    assert results["gates"] == gates and results["stage"] == "done"
    assert results["first_call_s"] >= results["build_s"] > 0
    assert results["peak_rss_bytes"] >= results["base_rss_bytes"] > 0
    assert ("steady_s" in results) == (workload in {"forward", "batched"})


@pytest.mark.parametrize(
    ("method", "extra", "num_qubits", "gates"),
    [("density", {}, 4, 6), ("trajectories", {"trajectories": 16}, 2, 16 * 6)],
)
def test_the_noise_workload_runs_in_process(method, extra, num_qubits, gates):
    params = {"simulator": "qjax", "method": method, "wires": 2, "depth": 1, **extra}
    results = _measure("noise", params)
    assert results["num_qubits"] == num_qubits and results["gates"] == gates
    assert results["stage"] == "done" and results["steady_s"] > 0
    assert -1 <= results["value"] <= 1
    assert ("std_error" in results) == (method == "trajectories")


@pytest.mark.parametrize(
    "name", [pytest.param(name, marks=PEER_NOTICES) for name in peers.DENSITY_PEERS]
)
def test_a_density_peers_noise_row_runs_in_process(name):
    pytest.importorskip(peers.DENSITY_PEERS[name].package)
    size = {"method": "density", "wires": 2, "depth": 1}
    results = _measure("noise", {"simulator": name, **size})
    expected = _measure("noise", {"simulator": "qjax", **size})
    assert results["num_qubits"] == 4 and results["gates"] == 6
    assert results["stage"] == "done" and results["steady_s"] > 0
    assert results["first_call_s"] > results["build_s"] > 0
    assert abs(results["value"] - expected["value"]) <= noise.TOLERANCE


def test_a_density_peer_that_disagrees_with_qjax_is_an_error_row():
    size = {"method": "density", "wires": 4, "depth": 2}
    rows = WORKLOADS["noise"].derive(
        [
            {"simulator": "qjax", **size, "value": 0.5, "steady_s": 1.0, "status": "ok"},
            {"simulator": "aer", **size, "value": 0.50005, "steady_s": 3.0, "status": "ok"},
            {"simulator": "qulacs", **size, "value": 0.5002, "steady_s": 2.0, "status": "ok"},
            {"simulator": "default.mixed", **size, "status": "not installed", "error": "x"},
        ]
    )
    assert [row["status"] for row in rows] == ["ok", "ok", "error", "not installed"]
    assert [row.get("vs_qjax_density") for row in rows] == [1.0, 3.0, 2.0, None]
    assert rows[2]["error"].startswith("<Z0> 0.500200 differs from qjax's density 0.500000")


def test_the_noise_tolerance_catches_a_depolarizing_convention_slip(monkeypatch):
    """Qiskit's depolarizing_error(p) taken for PennyLane's DepolarizingChannel(p) is
    PennyLane's DepolarizingChannel(3p/4): its <Z0> is far outside the tolerance."""
    angles = noise.random_angles(noise.QUICK_NUM_WIRES, noise.QUICK_DEPTH)
    exact = float(noise.noisy_ansatz(noise.QUICK_NUM_WIRES, "density")(angles))
    monkeypatch.setattr(noise, "DEPOLARIZING", 0.75 * noise.DEPOLARIZING)
    slipped = float(noise.noisy_ansatz(noise.QUICK_NUM_WIRES, "density")(angles))
    assert abs(slipped - exact) > 10 * noise.TOLERANCE


@pytest.mark.parametrize(("measurement", "shots"), [("probs", None), ("sample", 100)])
def test_the_shots_workload_runs_in_process(measurement, shots):
    results = _measure("shots", {"measurement": measurement, "num_qubits": 3, "shots": shots})
    assert results["stage"] == "done" and results["steady_s"] > 0


def test_the_peers_gate_list_is_the_circuit_qjax_records():
    recorded = hardware_efficient(3).record(random_angles(3, 2)).gates
    assert [(gate.name, gate.wires) for gate in ansatz(3, 2)] == [
        (gate.name, tuple(gate.wires)) for gate in recorded
    ]


def test_the_peers_noisy_gate_list_is_the_circuit_qjax_records():
    recorded = noise.noisy_ansatz(3, "density").record(noise.random_angles(3, 2)).gates
    expected = [
        (op.name, op.wires, op.probability if isinstance(op, Channel) else None)
        for op in noisy_ansatz(3, 2)
    ]
    assert expected == [
        (op.name, tuple(op.wires), op.params[0] if op.name not in ("RY", "CNOT") else None)
        for op in recorded
    ]


def test_a_peer_that_is_not_installed_is_a_row_not_an_error(monkeypatch):
    absent = dataclasses.replace(peers.PEERS["qsim"], package="no_such_simulator_module")
    monkeypatch.setitem(peers.PEERS, "qsim", absent)
    assert peers.missing("qsim") == "qsimcirq"
    assert peers.versions()["qsim"] is None
    case = next(c for c in WORKLOADS["forward"].cases(QUICK) if c.params["simulator"] == "qsim")
    assert case.missing == "qsimcirq"
    (row,) = run_cases([case], QUICK)
    assert row["status"] == "not installed"
    assert row["error"] == 'not installed: qsimcirq (pip install -e ".[bench]")'
    assert row["simulator"] == "qsim"


@pytest.mark.parametrize(
    ("workload", "sizes"),
    [
        ("forward", [{"num_qubits": n, "depth": 2} for n in (4, 6)]),
        ("batched", [{"num_qubits": 4, "depth": 2, "batch": 8}]),
        ("compile", [{"num_qubits": 4, "depth": depth} for depth in (2, 8)]),
        ("memory", [{"num_qubits": 6, "depth": 2}]),
    ],
)
def test_the_quick_plan_runs_every_simulator_at_tiny_sizes(workload, sizes):
    plan = [dict(case.params) for case in WORKLOADS[workload].cases(QUICK)]
    assert plan == [{"simulator": name, **size} for size in sizes for name in SIMULATORS]


def test_the_quick_plans_of_noise_and_shots_are_tiny():
    size = {"wires": 4, "depth": 2}
    plan = [dict(case.params) for case in WORKLOADS["noise"].cases(QUICK)]
    assert plan == [
        *({"simulator": name, "method": "density", **size} for name in noise.SIMULATORS),
        {"simulator": "qjax", "method": "trajectories", **size, "trajectories": 256},
    ]
    shots = [dict(case.params) for case in WORKLOADS["shots"].cases(QUICK)]
    assert [(params["num_qubits"], params["shots"]) for params in shots] == [
        (8, None),
        (8, 10**4),
        (8, 10**4),
    ]


def test_the_gradient_plan_gives_each_differentiating_peer_its_method():
    plan = [dict(case.params) for case in WORKLOADS["gradient"].cases(Settings())]
    peer_rows = [params for params in plan if params["simulator"] != "qjax"]
    assert {params["depth"] for params in peer_rows} == {10}
    for name, peer in peers.PEERS.items():
        methods = {params["method"] for params in peer_rows if params["simulator"] == name}
        assert methods == ({"forward", peer.gradient} if peer.gradient else set())


def test_a_time_out_skips_only_its_own_simulators_larger_cases():
    cases = WORKLOADS["compile"].cases(QUICK)
    qjax_deep = next(c for c in cases if c.params["simulator"] == "qjax" and c.params["depth"] == 8)
    assert cases[0].is_within(qjax_deep)
    assert not any(c.is_within(qjax_deep) for c in cases if c.params["simulator"] != "qjax")


def _modules() -> list[str]:
    found = pkgutil.walk_packages(benchmarks.__path__, prefix="benchmarks.")
    return [module.name for module in found if module.name != "benchmarks.__main__"]


@pytest.mark.parametrize("name", [pytest.param(name, marks=PEER_NOTICES) for name in _modules()])
def test_the_benchmarks_doctests_pass(name):
    module = pytest.importorskip(name, exc_type=ModuleNotFoundError)
    failed, _ = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert failed == 0


def test_a_time_out_is_a_row_and_skips_larger_cases_of_its_group():
    small, large = (
        Case("forward", {"simulator": "qjax", "num_qubits": n, "depth": 1}, size=(n,))
        for n in (2, 3)
    )
    rows = list(run_cases([small, large], Settings(quick=True, timeout_s=0.01)))
    assert [row["status"] for row in rows] == ["timeout", "skipped"]
    assert rows[0]["error"].startswith("timed out after 0.01 s")
    assert small.label in rows[1]["error"]
    assert rows[1]["num_qubits"] == 3


def test_an_exception_is_a_row_with_its_message():
    case = Case("forward", {"simulator": "qjax", "num_qubits": 0, "depth": 1})
    row = run_case(case, QUICK)
    assert row["status"] == "error"
    assert row["error"] and "Traceback" not in row["error"]
    assert row["num_qubits"] == 0


def _training_rows(document: dict) -> dict[str, dict]:
    return {row["simulator"]: row for row in document["results"] if row["workload"] == "training"}


def test_training_rows_compare_pennylanes_steps_with_qjaxs_or_are_missing(quick_run):
    _, document = quick_run
    rows = _training_rows(document)
    assert set(rows) == set(training.SIMULATORS)
    qjax = rows["qjax"]
    assert qjax["steps_per_s"] > 0 and qjax["samples_per_s"] > 0 and qjax["vs_qjax"] == 1.0
    assert qjax["compile_s"] > 0 and qjax["demo_step_s"] > 0 and qjax["first_loss"] > 0
    peer = rows[training.PEER]
    expected = "not installed" if peers.missing(training.PEER) else "ok"
    assert peer["status"] == expected, peer["error"]
    if peer["status"] == "ok":
        assert peer["loss_difference"] <= training.TOLERANCE
        assert peer["vs_qjax"] == peer["steady_s"] / qjax["steady_s"]


def test_the_quick_training_plan_is_one_small_batch_of_a_two_layer_model():
    plan = [dict(case.params) for case in WORKLOADS["training"].cases(QUICK)]
    assert plan == [{"simulator": name, "layers": 2, "batch": 8} for name in training.SIMULATORS]
    full = [dict(case.params) for case in WORKLOADS["training"].cases(Settings())]
    assert [params["batch"] for params in full] == [32, 32, 256, 256, 1024, 1024]


def test_the_training_workload_runs_in_process():
    results = _measure("training", {"simulator": "qjax", "layers": 1, "batch": 4})
    assert results["stage"] == "done" and results["steady_s"] > 0 and results["demo_step_s"] > 0
    assert results["first_call_s"] > results["compile_s"] > 0
    assert results["peak_rss_bytes"] >= results["base_rss_bytes"] > 0
    # 1 + 3 * 10 Adam steps on 4 points: the model learns them.
    assert results["final_loss"] < results["first_loss"]


@pytest.mark.parametrize("name", [pytest.param(training.PEER, marks=PEER_NOTICES)])
def test_the_pennylane_model_trains_as_qjaxs_from_its_weights(name):
    pytest.importorskip("pennylane")
    size = {"layers": 1, "batch": 4}
    results = _measure("training", {"simulator": name, **size})
    expected = _measure("training", {"simulator": "qjax", **size})
    assert results["stage"] == "done" and results["steady_s"] > 0
    assert results["loss_difference"] <= training.TOLERANCE
    # The same number of Adam steps from the same weights: the same loss.
    assert abs(results["final_loss"] - expected["final_loss"]) <= 10 * training.TOLERANCE


def test_a_training_peer_whose_first_loss_differs_from_qjaxs_is_an_error(monkeypatch):
    """A peer started from other weights than qjax's trains another model: its case fails."""
    other = training.initial_model(1, seed=training.SEED + 1)
    monkeypatch.setattr(training, "pennylane_step", lambda params: training.qjax_step(*other))
    with pytest.raises(ValueError, match=r"first loss .* differs from qjax's"):
        _measure("training", {"simulator": training.PEER, "layers": 1, "batch": 4})
