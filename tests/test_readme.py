"""The README stays true: its Python blocks run, and its commands are what CI runs."""

import pathlib
import re

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()


def _blocks(language):
    return re.findall(rf"```{language}\n(.*?)```", README, flags=re.DOTALL)


# PennyLane 0.45 (the device example) still calls an API that JAX deprecates.
@pytest.mark.filterwarnings("ignore:jax.core.is_concrete is deprecated:DeprecationWarning")
def test_python_blocks_run_in_order(capsys):
    blocks = _blocks("python")
    assert len(blocks) >= 3
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md", "exec"), namespace)
    assert "['H', 'CNOT']" in capsys.readouterr().out


@pytest.mark.parametrize("index", [0, 1])
def test_the_first_two_commands_set_up_and_run(index):
    command = _blocks("bash")[index]
    assert "pip install -e" in command
    assert ("qjax demo" in command) if index == 0 else ("python -m pytest" in command)


def test_ci_runs_the_readme_test_command():
    test_command = _blocks("bash")[1].strip().split(" && ")[-1]
    ci = (ROOT / ".ci" / "run").read_text().splitlines()
    assert ci[-1] == test_command
    workflow = (ROOT / ".github" / "workflows" / "ci.yml").read_text()
    assert f"run: {test_command}" in workflow
