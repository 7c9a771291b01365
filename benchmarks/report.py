"""Results to report: the performance model's columns, plain-text tables, the JSON document."""

import json
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from benchmarks.model import pass_seconds, state_bytes
from benchmarks.workload import Column, Row, Workload
from benchmarks.workloads import bandwidth

NOTE_WIDTH = 100


def bandwidth_limit(rows: Sequence[Row]) -> float | None:
    """The reference bandwidth in bytes per second, if its row was measured."""
    for row in rows:
        reference = all(row.get(key) == value for key, value in bandwidth.REFERENCE.items())
        if row["workload"] == bandwidth.WORKLOAD.name and reference and row["status"] == "ok":
            return row["bytes_per_s"]
    return None


def with_performance_model(row: Row, bytes_per_s: float | None) -> Row:
    """Adds ``per_gate_s``, ``gate_passes`` and ``temp_states`` where the row has their inputs.

    >>> row = {"num_qubits": 10, "gates": 4, "steady_s": 4e-6, "temp_bytes": 16384}
    >>> extra = with_performance_model(row, bytes_per_s=16 * 2**10 / 1e-6)
    >>> extra["temp_states"], extra["per_gate_s"], round(extra["gate_passes"], 6)
    (2.0, 1e-06, 1.0)
    """
    num_qubits = row.get("num_qubits")
    if num_qubits is None:
        return row
    extra: Row = {}
    if "temp_bytes" in row:
        extra["temp_states"] = row["temp_bytes"] / state_bytes(num_qubits)
    if "steady_s" in row and row.get("gates"):
        extra["per_gate_s"] = row["steady_s"] / row["gates"]
        if bytes_per_s:
            extra["gate_passes"] = extra["per_gate_s"] / pass_seconds(num_qubits, bytes_per_s)
    return {**row, **extra}


def _of(workload: Workload, rows: Sequence[Row]) -> list[Row]:
    return [row for row in rows if row["workload"] == workload.name]


def annotate(rows: Sequence[Row], workloads: Sequence[Workload]) -> list[Row]:
    """Every row with the performance model's columns and its workload's derived columns."""
    limit = bandwidth_limit(rows)
    modelled = [with_performance_model(row, limit) for row in rows]
    return [
        derived for workload in workloads for derived in workload.derive(_of(workload, modelled))
    ]


def _seconds(value: float) -> str:
    if value < 1e-3:
        return f"{value * 1e6:.1f} us"
    if value < 1:
        return f"{value * 1e3:.2f} ms"
    return f"{value:.2f} s"


def _bytes(value: float) -> str:
    if value < 2**20:
        return f"{value / 2**10:.1f} KiB"
    if value < 2**30:
        return f"{value / 2**20:.1f} MiB"
    return f"{value / 2**30:.2f} GiB"


def _ratio(value: float) -> str:
    return f"{value:.2f}x" if value < 100 else f"{value:,.0f}x"


FORMATS: dict[str, Callable[[Any], str]] = {
    "text": str,
    "seconds": _seconds,
    "bytes": _bytes,
    "ratio": _ratio,
    "number": lambda value: f"{value:.6f}",
    "small": lambda value: f"{value:.1e}",
    "rate": lambda value: f"{value / 1e9:.1f} GB/s",
}


def format_value(value: Any, kind: str) -> str:
    """A cell: ``value`` formatted as ``kind`` (see :class:`~benchmarks.workload.Column`).

    >>> format_value(0.0123, "seconds"), format_value(None, "bytes"), format_value(3.0, "ratio")
    ('12.30 ms', '-', '3.00x')
    >>> format_value(-0.18673512, "number"), format_value(2.4e-7, "small")
    ('-0.186735', '2.4e-07')
    """
    return "-" if value is None else FORMATS[kind](value)


def _status(row: Row) -> str:
    return "ok" if row["status"] == "ok" else row["error"].splitlines()[0]


def format_table(workload: Workload, rows: Sequence[Row]) -> str:
    """The workload's rows as an aligned plain-text table, its title above and notes below."""
    columns = (*workload.columns, Column("status", "status"))
    cells = [[column.header for column in columns]] + [
        [format_value(row.get(column.key), column.kind) for column in workload.columns]
        + [_status(row)]
        for row in rows
    ]
    widths = [max(len(line[i]) for line in cells) for i in range(len(columns))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            value.ljust(width) if column.kind == "text" else value.rjust(width)
            for value, width, column in zip(values, widths, columns, strict=True)
        ).rstrip()

    rule = "  ".join("-" * width for width in widths)
    body = [line(cells[0]), rule, *(line(values) for values in cells[1:])]
    notes = textwrap.wrap(workload.notes, NOTE_WIDTH)
    return "\n".join([f"{workload.name}: {workload.description}", *body, *notes])


def format_machine(machine: Mapping[str, Any]) -> str:
    """Two lines: CPU, cores, memory, device and versions; the peers' versions.

    >>> print(format_machine({
    ...     "cpu": "AMD EPYC", "cores": 2, "memory_bytes": 2**34, "device_kind": "cpu",
    ...     "platform": "cpu", "jax": "0.10.2", "jaxlib": "0.10.2", "qjax": "0.1.0",
    ...     "peers": {"qsim": "0.22.1", "aer": None},
    ... }))
    machine: AMD EPYC, 2 cores, 16.0 GiB; device cpu (cpu); jax 0.10.2, jaxlib 0.10.2, qjax 0.1.0
    peers: qsim 0.22.1, aer not installed
    """
    memory = machine.get("memory_bytes")
    memory_text = "unknown memory" if memory is None else f"{memory / 2**30:.1f} GiB"
    peer_versions = ", ".join(
        f"{name} {version or 'not installed'}" for name, version in machine["peers"].items()
    )
    return (
        f"machine: {machine['cpu']}, {machine['cores']} cores, {memory_text}; "
        f"device {machine['device_kind']} ({machine['platform']}); "
        f"jax {machine['jax']}, jaxlib {machine['jaxlib']}, qjax {machine['qjax']}\n"
        f"peers: {peer_versions}"
    )


def format_report(
    machine: Mapping[str, Any], rows: Sequence[Row], workloads: Sequence[Workload]
) -> str:
    """The machine line and one table per workload that has rows."""
    tables = [
        format_table(workload, selected)
        for workload in workloads
        if (selected := _of(workload, rows))
    ]
    return "\n\n".join([format_machine(machine), *tables])


def write_json(path: Path, document: Mapping[str, Any]) -> None:
    """Writes ``document`` to ``path`` (creating its directory) as indented JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n")
