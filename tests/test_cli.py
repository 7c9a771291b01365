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


def test_demo_prints_loss_accuracy_and_time(capsys):
    assert cli.main(["demo", "--epochs", "2", "--samples", "40", "--quiet"]) == 0
    out = capsys.readouterr().out
    for needle in ("loss:", "train accuracy:", "test accuracy:", "time:"):
        assert needle in out


def test_demo_learns_the_two_moons():
    result = demo.train(epochs=30, seed=0)
    assert result.losses[-1] < 0.7 * result.losses[0]
    assert result.test_accuracy >= 0.85


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
