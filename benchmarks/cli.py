"""The command line: ``python -m benchmarks [--only W ...] [--quick] [--large] [--output PATH]
[--timeout S]``.

Progress goes to stderr, the tables to stdout, everything (machine, settings,
rows) to a JSON file.
"""

import argparse
import dataclasses
import datetime
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks.report import annotate, bandwidth_limit, format_report, write_json
from benchmarks.runner import run_cases, run_module
from benchmarks.workload import Settings, Workload
from benchmarks.workloads import WORKLOADS, bandwidth

DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results" / "latest.json"
REFERENCE_WORKLOAD = bandwidth.WORKLOAD.name
"""Always measured: the other workloads' timings are reported against it."""


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed command line."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks",
        description="Benchmark qjax against the machine's memory bandwidth and its peers.",
        epilog="Workloads: "
        + "; ".join(f"{name}: {workload.description}" for name, workload in WORKLOADS.items()),
    )
    parser.add_argument(
        "--only",
        nargs="+",
        choices=list(WORKLOADS),
        metavar="WORKLOAD",
        help=f"run only these workloads ({REFERENCE_WORKLOAD} always runs)",
    )
    parser.add_argument("--quick", action="store_true", help="tiny sizes, few repetitions")
    parser.add_argument("--large", action="store_true", help="add the largest sizes")
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="the JSON file to write (default: benchmarks/results/latest.json)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=Settings.timeout_s,
        metavar="S",
        help=f"seconds each case may take, compilation included ({Settings.timeout_s:g})",
    )
    return parser.parse_args(argv)


def selected_workloads(only: Sequence[str] | None) -> list[Workload]:
    """The workloads to run, in registry order, the reference workload always among them."""
    names = set(WORKLOADS) if only is None else {REFERENCE_WORKLOAD, *only}
    return [workload for name, workload in WORKLOADS.items() if name in names]


def describe_machine() -> dict[str, Any]:
    """The machine description, from a process of its own (see :mod:`benchmarks.machine`)."""
    done = run_module("benchmarks.machine")
    if done.returncode != 0:
        raise RuntimeError(f"describing the machine failed:\n{done.stderr}")
    return json.loads(done.stdout)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the benchmarks, prints the tables and writes the JSON file; returns 0."""
    args = parse_args(argv)
    settings = Settings(quick=args.quick, large=args.large, timeout_s=args.timeout)
    workloads = selected_workloads(args.only)
    started_at = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    load_at_start = os.getloadavg()
    start = time.perf_counter()
    machine = describe_machine()
    cases = [case for workload in workloads for case in workload.cases(settings)]
    rows = []
    for index, (case, row) in enumerate(zip(cases, run_cases(cases, settings), strict=True), 1):
        print(
            f"[{index}/{len(cases)}] {case.label}: {row['error'] or 'ok'}"
            f" ({row.get('wall_s', 0.0):.1f} s)",
            file=sys.stderr,
            flush=True,
        )
        rows.append(row)
    rows = annotate(rows, workloads)
    print(format_report(machine, rows, workloads))
    document = {
        "started_at": started_at,
        "duration_s": time.perf_counter() - start,
        "load_average": {"start": load_at_start, "end": os.getloadavg()},
        "machine": machine,
        "settings": dataclasses.asdict(settings),
        "workloads": [workload.name for workload in workloads],
        "bandwidth_bytes_per_s": bandwidth_limit(rows),
        "results": rows,
    }
    write_json(args.output, document)
    print(f"\nwrote {args.output}")
    return 0
