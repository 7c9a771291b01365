"""Runs cases, each in a fresh Python process with a time limit, and turns any outcome into a row.

A fresh process per case gives each measurement a cold start (its own
compilation, no cached buffers), lets a time limit stop even a compilation
that never returns to Python, and survives a case that the out-of-memory
killer ends. Whatever happens is a row: ``status`` is ``ok``, ``error``,
``timeout``, ``killed``, ``skipped`` or ``not installed``, and ``error`` says
what went wrong.
"""

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import asdict
from pathlib import Path

from benchmarks.workload import Case, Row, Settings

ROOT = Path(__file__).resolve().parent.parent
"""The directory holding the ``benchmarks`` package: the child processes' working directory."""

OUT_OF_RESOURCES = frozenset({"timeout", "killed"})
"""Statuses that a larger case of the same group would meet too."""

CHILD_ENVIRONMENT = {"OMP_WAIT_POLICY": "passive"}
"""Set in every child process unless already set. OpenMP peers (qsim, Qulacs,
lightning.qubit, Aer) otherwise spin while they wait for a core: with another
process busy on one of 2 cores, qsim on 2 threads ran 5 to 20 times slower
than on 1; waiting passively, it ran as fast as on 1."""


def run_module(
    module: str, *, stdin: str = "", timeout_s: float | None = None
) -> subprocess.CompletedProcess[str]:
    """Runs ``python -m module`` from :data:`ROOT` with ``stdin``; raises ``TimeoutExpired``."""
    return subprocess.run(
        [sys.executable, "-m", module],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        cwd=ROOT,
        env={**CHILD_ENVIRONMENT, **os.environ},
    )


def _text(output: str | bytes | None) -> str:
    if isinstance(output, bytes):
        return output.decode(errors="replace")
    return output or ""


def merge_results(stdout: str) -> Row:
    """Merges the worker's JSON lines, later keys winning; ignores a line cut off by a kill.

    >>> merge_results('{"a": 1, "stage": "x"}\\n{"b": 2, "stage": "y"}\\n{"c"')
    {'a': 1, 'stage': 'y', 'b': 2}
    """
    merged: Row = {}
    for line in stdout.splitlines():
        try:
            merged.update(json.loads(line))
        except json.JSONDecodeError:
            continue
    return merged


def _last_line(text: str) -> str:
    lines = [line for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else "no output"


def _outcome(
    returncode: int | None, results: Row, stderr: str, timeout_s: float
) -> tuple[str, str | None]:
    """The status and error of a finished (``returncode``) or timed-out (``None``) worker."""
    where = f" while {results['stage']}" if "stage" in results else ""
    if returncode is None:
        return "timeout", f"timed out after {timeout_s:g} s{where}"
    if returncode < 0:
        signal_ = signal.Signals(-returncode)
        guess = " (out of memory?)" if signal_ is signal.SIGKILL else ""
        return "killed", f"killed by {signal_.name}{where}{guess}"
    if returncode > 0:
        return "error", results.get("error") or _last_line(stderr)
    return "ok", None


def run_case(case: Case, settings: Settings) -> Row:
    """Runs one case in a worker process within ``settings.timeout_s``; always returns a row."""
    request = json.dumps(
        {"workload": case.workload, "params": dict(case.params), "settings": asdict(settings)}
    )
    start = time.perf_counter()
    try:
        done = run_module("benchmarks.worker", stdin=request, timeout_s=settings.timeout_s)
        returncode, stdout, stderr = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as expired:
        returncode, stdout, stderr = None, _text(expired.stdout), _text(expired.stderr)
    wall_s = time.perf_counter() - start
    results = merge_results(stdout)
    status, error = _outcome(returncode, results, stderr, settings.timeout_s)
    results.pop("stage", None)
    results.pop("error", None)
    return {
        "workload": case.workload,
        **case.params,
        **results,
        "wall_s": wall_s,
        "status": status,
        "error": error,
    }


def skipped_row(case: Case, cause: Case, cause_status: str) -> Row:
    """The row of a case not run because a case no larger than it ran out of time or memory."""
    return {
        "workload": case.workload,
        **case.params,
        "status": "skipped",
        "error": f"skipped: {cause.label} ended with {cause_status}",
    }


def not_installed_row(case: Case) -> Row:
    """The row of a case whose package is missing (see :attr:`Case.missing`).

    >>> not_installed_row(Case("forward", {"simulator": "qsim"}, missing="qsimcirq"))["error"]
    'not installed: qsimcirq (pip install -e ".[bench]")'
    """
    return {
        "workload": case.workload,
        **case.params,
        "status": "not installed",
        "error": f'not installed: {case.missing} (pip install -e ".[bench]")',
    }


def run_cases(cases: Iterable[Case], settings: Settings) -> Iterator[Row]:
    """Runs ``cases`` in order and yields a row for each.

    A case is skipped (its row says why) once a case of its group no larger
    than it has run out of time or memory (see :class:`Case`), or when its
    package is not installed.
    """
    exhausted: list[tuple[Case, str]] = []
    for case in cases:
        cause = next(((c, status) for c, status in exhausted if c.is_within(case)), None)
        if case.missing is not None:
            row = not_installed_row(case)
        elif cause is not None:
            row = skipped_row(case, *cause)
        else:
            row = run_case(case, settings)
        if row["status"] in OUT_OF_RESOURCES:
            exhausted.append((case, row["status"]))
        yield row
