"""The command line: ``qjax demo`` trains and reports, ``qjax info`` describes the machine."""

import subprocess
import sys

import jax
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
