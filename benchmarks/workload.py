"""The runner's vocabulary: settings, cases, workloads, columns and result rows.

A workload is a named family of measurements. It plans its cases from the
run's settings; each case runs in a process of its own (``benchmarks.worker``)
and gives one row. ``measure`` yields the case's results as they become known,
so a case that runs out of time or memory still reports what it measured
before it stopped.
"""

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from typing import Any

Row = dict[str, Any]
"""One result: the case's parameters, its measurements, ``status`` and ``error``."""

Params = Mapping[str, Any]
"""A case's parameters: JSON values, shown as the row's leading columns."""


@dataclasses.dataclass(frozen=True)
class Settings:
    """What the command line chose for the whole run.

    Attributes:
      quick: tiny sizes and few repetitions, for a smoke test.
      large: add the sizes that take long or need much memory.
      timeout_s: the wall-clock budget of one case, compilation included.
    """

    quick: bool = False
    large: bool = False
    timeout_s: float = 120.0

    @property
    def max_reps(self) -> int:
        """The most timed repetitions of a steady-state measurement."""
        return 3 if self.quick else 10

    @property
    def reps_budget_s(self) -> float:
        """Seconds after which a steady-state measurement stops repeating."""
        return 1.0 if self.quick else 10.0


@dataclasses.dataclass(frozen=True)
class Case:
    """One measurement of a workload.

    Attributes:
      workload: the workload's name.
      params: the case's parameters (JSON values).
      group: cases that share a group differ only in size, so a case is
        skipped when a case of its group no larger in every component of
        ``size`` ran out of time or memory.
      size: the case's size, compared componentwise within its group.
      missing: a package the case needs and this environment lacks: the
        case is not run, its row says ``not installed``.
    """

    workload: str
    params: Params
    group: tuple[str, ...] = ()
    size: tuple[int, ...] = ()
    missing: str | None = None

    @property
    def label(self) -> str:
        """The workload and parameters, e.g. ``gradient num_qubits=12 depth=10``."""
        return " ".join([self.workload, *(f"{key}={value}" for key, value in self.params.items())])

    def is_within(self, other: "Case") -> bool:
        """Whether ``other`` is this case or a larger case of the same group."""
        return (
            (self.workload, self.group) == (other.workload, other.group)
            and len(self.size) == len(other.size)
            and all(mine <= theirs for mine, theirs in zip(self.size, other.size, strict=True))
        )


@dataclasses.dataclass(frozen=True)
class Column:
    """A column of a workload's table: the row key, its header and how to format it.

    ``kind`` is one of ``text``, ``seconds``, ``bytes``, ``ratio``, ``rate``
    (bytes per second), ``number`` (six decimals) and ``small`` (two significant
    digits and an exponent).
    """

    key: str
    header: str
    kind: str = "text"


def _unchanged(rows: list[Row]) -> list[Row]:
    return rows


@dataclasses.dataclass(frozen=True)
class Workload:
    """A registered benchmark.

    Attributes:
      name: the name ``--only`` selects it by.
      description: one line for ``--help`` and the table's title.
      cases: plans the cases for the run's settings, smaller before larger.
      measure: runs one case in the worker process; yields partial results
        (dicts merged in order). A ``stage`` entry names what it is about to
        do, so a time-out can say where it happened.
      columns: the table's columns, parameters included.
      notes: printed under the table: what the columns mean, the targets.
      derive: adds columns that compare rows of this workload with each
        other, once all its rows are in.
    """

    name: str
    description: str
    cases: Callable[[Settings], list[Case]]
    measure: Callable[[Params, Settings], Iterator[Row]]
    columns: tuple[Column, ...]
    notes: str = ""
    derive: Callable[[list[Row]], list[Row]] = _unchanged
