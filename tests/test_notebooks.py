"""Every notebook in ``notebooks/`` runs top to bottom in a fresh ``python3`` kernel.

The kernels are separate processes: they see neither this session's strict
dtype promotion nor its eight fake CPU devices (``conftest.py``), so each
notebook runs as it does for a user. The notebooks are stored without outputs.
"""

import os
import pathlib
import re
import sys

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from nbclient import NotebookClient

NOTEBOOKS = pathlib.Path(__file__).resolve().parent.parent / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = "python3"
CELL_TIMEOUT_S = 120
"""Per cell; each notebook takes well under a minute on two CPU cores."""

_FAKE_DEVICES = re.compile(r"--xla_force_host_platform_device_count=\d+")


def _kernel_env() -> dict[str, str]:
    """This process's environment without the fake CPU devices the test session adds."""
    env = dict(os.environ)
    flags = _FAKE_DEVICES.sub("", env.pop("XLA_FLAGS", "")).strip()
    if flags:
        env["XLA_FLAGS"] = flags
    return env


def test_notebooks_exist():
    assert PATHS, f"no notebooks in {NOTEBOOKS}"


@pytest.mark.parametrize("path", PATHS, ids=[path.name for path in PATHS])
def test_notebook_is_stored_without_outputs(path: pathlib.Path):
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    executed = [
        index
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not executed, f"{path.name}: cells {executed} hold outputs; clear them before committing"


def test_kernel_runs_this_interpreter():
    """The ``python3`` kernel is this environment's Python, which has qjax installed."""
    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    program = spec.argv[0]
    bare = {"python", f"python{sys.version_info[0]}", "python{}.{}".format(*sys.version_info[:2])}
    # jupyter_client runs a bare "python" as sys.executable.
    assert program in bare or os.path.abspath(program) == os.path.abspath(sys.executable), (
        f"the {KERNEL!r} kernel spec in {spec.resource_dir} runs {program}, not this "
        f"interpreter {sys.executable}; remove it (`jupyter kernelspec remove {KERNEL}`) or "
        f"register this one (`{sys.executable} -m ipykernel install --user --name {KERNEL}`)"
    )


@pytest.mark.parametrize("path", PATHS, ids=[path.name for path in PATHS])
def test_notebook_runs(path: pathlib.Path):
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_S,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute(env=_kernel_env())  # raises CellExecutionError on the first failing cell
