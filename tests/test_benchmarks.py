"""The benchmark runner works end to end: ``python -m benchmarks --quick`` writes valid JSON.

No timing is ever asserted: only that every case yields a row with the
expected fields, and that failures (time-outs, exceptions) are rows too.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.runner import run_case, run_cases
from benchmarks.workload import Case, Settings
from benchmarks.workloads import WORKLOADS

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
        assert row["status"] == "ok", row["error"]
        assert row["workload"] == case.workload
        assert {key: row[key] for key in case.params} == dict(case.params)
        assert row["steady_s"] > 0


@pytest.mark.parametrize(
    ("workload", "fields"),
    [
        ("bandwidth", {"bytes_per_s"}),
        ("forward", {"gates", "first_call_s", "compile_s", "per_gate_s", "gate_passes"}),
        ("gradient", {"gates", "temp_bytes", "temp_states", "gate_passes"}),
    ],
)
def test_quick_run_reports_each_workloads_fields(quick_run, workload, fields):
    _, document = quick_run
    rows = [row for row in document["results"] if row["workload"] == workload]
    assert rows and all(fields <= set(row) for row in rows)


def test_gradient_rows_compare_with_the_forward_pass(quick_run):
    _, document = quick_run
    gradients = [
        row
        for row in document["results"]
        if row["workload"] == "gradient" and row["method"] != "forward"
    ]
    assert {row["method"] for row in gradients} == {"backprop", "adjoint", "parameter-shift"}
    assert all(row["vs_forward"] > 0 for row in gradients)


def test_quick_run_prints_a_table_per_workload(quick_run):
    stdout, _ = quick_run
    assert stdout.startswith("machine: ")
    for name in WORKLOADS:
        assert f"\n{name}: " in stdout
    assert "gate/pass" in stdout and "temp/state" in stdout


def test_measurements_run_in_process_under_strict_promotion():
    params = {"simulator": "qjax", "num_qubits": 2, "depth": 1, "method": "adjoint"}
    results = {}
    for partial in WORKLOADS["gradient"].measure(params, QUICK):
        results.update(partial)
    assert results["gates"] == 5
    assert results["stage"] == "done"
    assert results["steady_s"] > 0 and results["temp_bytes"] >= 0


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
