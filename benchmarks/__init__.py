"""qjax's benchmarks: ``python -m benchmarks --help``.

Speed and memory targets live here, never as timed assertions in the tests.
Every timing is also reported as a multiple of the machine's memory-bandwidth
limit (DESIGN.md's performance model), so that ratios from one run can be
compared across machines, and against the fastest peer simulator of the same
run (``pip install -e ".[bench]"`` installs the peers).

Layout:

- :mod:`benchmarks.workload`: settings, cases, workloads, columns, rows;
- :mod:`benchmarks.workloads`: the registry; one module per workload;
- :mod:`benchmarks.runner`: each case in its own process, with a time limit;
  every outcome (a time-out, an out-of-memory kill, an exception) is a row;
- :mod:`benchmarks.worker`, :mod:`benchmarks.machine`: what those processes run;
- :mod:`benchmarks.timing`, :mod:`benchmarks.circuits`, :mod:`benchmarks.model`:
  stage-by-stage timing, the circuits, the bandwidth model;
- :mod:`benchmarks.peers`: the peer simulators, one adapter module each, behind
  the interface of :mod:`benchmarks.peers.base` that qjax offers too;
- :mod:`benchmarks.report`, :mod:`benchmarks.cli`: tables, JSON, the command line.

To add a workload, write a module in ``benchmarks/workloads/`` that defines a
:class:`~benchmarks.workload.Workload` and list it in ``WORKLOADS``.
"""
