"""The command line: ``qjax demo`` trains, ``qjax run`` runs OpenQASM, ``qjax info`` describes."""

import json
import subprocess
import sys

import jax
import numpy as np
import pytest

from qjax import cli, demo


@pytest.fixture(autouse=True)
def standard_promotion():
    """Optax's Adam raises a float to an int32 step count, which strict promotion rejects."""
    with jax.numpy_dtype_promotion("standard"):
        yield


def test_demo_prints_metrics_and_saves_a_plot_and_checkpoints(capsys, tmp_path):
    output = tmp_path / "run"
    argv = ["demo", "--epochs", "2", "--samples", "40", "--output-dir", str(output)]
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    for needle in ("epoch   1", "loss:", "train accuracy:", "test accuracy:", "time:", "plot:"):
        assert needle in out
    plot = output / "training.png"
    assert plot.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in (output / "checkpoints").iterdir()) == ["0", "1"]


def test_demo_resumes_where_it_stopped(capsys, tmp_path):
    output = str(tmp_path / "run")
    assert (
        cli.main(["demo", "--epochs", "1", "--samples", "40", "--quiet", "--output-dir", output])
        == 0
    )
    argv = [
        "demo",
        "--epochs",
        "3",
        "--samples",
        "40",
        "--quiet",
        "--output-dir",
        output,
        "--resume",
    ]
    assert cli.main(argv) == 0
    assert "resumed after epoch 1" in capsys.readouterr().out
    assert cli.main(argv) == 0
    assert "already holds all 3 epochs" in capsys.readouterr().out


def test_a_resumed_run_continues_exactly_as_an_uninterrupted_one(tmp_path):
    straight = demo.train(epochs=4, num_samples=60, checkpoint_dir=tmp_path / "straight")
    demo.train(epochs=2, num_samples=60, checkpoint_dir=tmp_path / "interrupted")
    resumed = demo.train(
        epochs=4, num_samples=60, checkpoint_dir=tmp_path / "interrupted", resume=True
    )
    assert resumed.resumed_from == 2
    assert resumed.losses == straight.losses
    assert resumed.test_accuracies == straight.test_accuracies


def test_demo_learns_the_two_moons():
    result = demo.train(epochs=30, seed=0)
    assert result.losses[-1] < 0.2 * result.losses[0]
    assert result.test_accuracy >= 0.9


def test_info_reports_devices_and_largest_state(capsys):
    assert cli.main(["info"]) == 0
    out = capsys.readouterr().out
    assert "jax " in out
    assert "largest statevector:" in out
    assert "qubits in complex64" in out


@pytest.mark.parametrize("flag", ["--epochs", "--layers", "--samples"])
def test_demo_rejects_non_positive_sizes(flag, capsys):
    assert cli.main(["demo", flag, "0"]) == 2
    assert f"--{flag.lstrip('-')} must be at least 1" in capsys.readouterr().err


def test_console_entry_point_reports_the_version():
    out = subprocess.run(
        [sys.executable, "-m", "qjax.cli", "--version"], capture_output=True, text=True, check=True
    ).stdout
    assert out.startswith("qjax ")


# --- qjax run --------------------------------------------------------------------------------

GHZ = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[3];
creg c[3];
h q[0];
cx q[0], q[1];
cx q[1], q[2];
measure q -> c;
"""

ROTATED = """OPENQASM 3.0;
include "stdgates.inc";
input float theta;
qubit[2] q;
ry(theta) q[0];
cx q[0], q[1];
"""

FEED_FORWARD = """OPENQASM 2.0;
include "qelib1.inc";
qreg q[2];
creg low[1];
creg high[1];
ry(2*pi/3) q[0];
measure q[0] -> low[0];
if (low == 1) x q[1];
measure q[1] -> high[0];
"""
"""``low`` is 1 with probability sin^2(pi/3) = 3/4, and ``high`` copies it."""


def _program(tmp_path, text: str) -> str:
    path = tmp_path / "program.qasm"
    path.write_text(text)
    return str(path)


def test_run_prints_the_distribution_of_the_classical_register(tmp_path, capsys):
    path = _program(tmp_path, GHZ)
    assert cli.main(["run", path]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"{path}: OpenQASM 2.0, 3 qubits, exact",
        "c    probability",
        "000  0.500000",
        "111  0.500000",
    ]


def test_run_reads_registers_high_bit_first_and_follows_mid_circuit_ifs(tmp_path, capsys):
    assert cli.main(["run", _program(tmp_path, FEED_FORWARD), "--json"]) == 0
    outcomes = json.loads(capsys.readouterr().out)["outcomes"]
    assert outcomes.keys() == {"0 0", "1 1"}
    assert outcomes["1 1"] == pytest.approx(0.75, abs=1e-6)


def test_run_counts_shots_reproducibly_from_the_seed(tmp_path, capsys):
    path = _program(tmp_path, GHZ)
    argv = ["run", path, "--shots", "2000", "--seed", "3", "--json"]
    assert cli.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["shots"], report["seed"]) == (2000, 3)
    counts = report["outcomes"]
    assert counts.keys() == {"000", "111"} and sum(counts.values()) == 2000
    assert abs(counts["000"] - 1000) < 5 * np.sqrt(2000 * 0.25)
    assert cli.main(argv) == 0
    assert json.loads(capsys.readouterr().out)["outcomes"] == counts


def test_run_takes_inputs_expectation_values_and_probabilities(tmp_path, capsys):
    path = _program(tmp_path, ROTATED)
    argv = ["run", path, "--input", "theta=0.7", "--expval", "Z0 Z1", "--expval", "X0"]
    assert cli.main([*argv, "--probs", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["expval"]["Z0 Z1"] == pytest.approx(1.0, abs=1e-6)
    assert report["expval"]["X0"] == pytest.approx(0.0, abs=1e-6)
    assert report["probabilities"] == pytest.approx(
        {"00": np.cos(0.35) ** 2, "11": np.sin(0.35) ** 2}, abs=1e-6
    )
    assert cli.main(argv) == 0
    assert "<Z0 Z1> = 1.000000" in capsys.readouterr().out


def test_run_draws_the_circuit(tmp_path, capsys):
    assert cli.main(["run", _program(tmp_path, GHZ), "--draw"]) == 0
    assert capsys.readouterr().out.startswith("0: ──H─╭●────┤")


@pytest.mark.parametrize(
    "text, argv, message",
    [
        (GHZ, ["--expval", "Z9"], "needs distinct qubits below 3"),
        (GHZ, ["--expval", "Q0"], 'Pauli words such as "Z0 Z1"'),
        (ROTATED, [], "give --input for ['theta']"),
        (ROTATED, ["--input", "theta=0.1", "--input", "phi=2"], "unknown: ['phi']"),
        (ROTATED, ["--input", "theta=abc"], "--input takes NAME=NUMBER"),
        (GHZ, ["--shots", "0"], "--shots must be at least 1"),
        ("OPENQASM 2.0;\nqreg q[1];\nh q[0];\n", [], "line 3"),
    ],
)
def test_run_reports_bad_input_as_one_error_line(tmp_path, capsys, text, argv, message):
    assert cli.main(["run", _program(tmp_path, text), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("qjax: error: ") and message in err


def test_run_reports_a_missing_file(tmp_path, capsys):
    assert cli.main(["run", str(tmp_path / "absent.qasm")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_run_reports_a_binary_file(tmp_path, capsys):
    path = tmp_path / "binary.qasm"
    path.write_bytes(bytes(range(256)))
    assert cli.main(["run", str(path)]) == 2
    assert "is not UTF-8 text" in capsys.readouterr().err
