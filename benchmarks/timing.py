"""Timing and memory of compiled JAX functions, stage by stage, and of plain calls.

The first call of a jitted function traces it (qjax records the circuit and
emits its program), compiles it (XLA) and runs it; later calls only run.
:func:`measure_compiled` times each stage on its own, ahead of time with
``jit(...).trace(...).lower().compile()``, and reads the compiled program's
memory use from the same compilation. :func:`measure_called` times a function
that is not JAX's (a peer's own runtime) the same way, less the stages it lacks.
"""

import resource
import statistics
import time
from collections.abc import Callable, Generator, Iterator, Sequence
from typing import Any

import jax

from benchmarks.workload import Row, Settings

MIN_REPS = 3
"""Steady-state timings take the median of at least this many calls (unless quick)."""


def steady_seconds(call: Callable[[], Any], settings: Settings) -> tuple[float, int]:
    """The median seconds of ``call()`` waited on until ready, and the number of calls.

    It repeats at least ``MIN_REPS`` times (at most ``settings.max_reps``) and
    stops once ``settings.reps_budget_s`` is spent. Warm ``call`` up first.

    >>> seconds, reps = steady_seconds(lambda: None, Settings(quick=True))
    >>> reps
    3
    """
    min_reps = min(MIN_REPS, settings.max_reps)
    times: list[float] = []
    while len(times) < settings.max_reps and (
        len(times) < min_reps or sum(times) < settings.reps_budget_s
    ):
        start = time.perf_counter()
        jax.block_until_ready(call())
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(times)


def memory_use(compiled: jax.stages.Compiled) -> Row:
    """The compiled program's buffer sizes in bytes (nothing where the backend has no analysis)."""
    stats = compiled.memory_analysis()
    if stats is None:
        return {}
    return {
        "temp_bytes": stats.temp_size_in_bytes,
        "argument_bytes": stats.argument_size_in_bytes,
        "output_bytes": stats.output_size_in_bytes,
    }


def peak_rss_bytes() -> int:
    """This process's peak resident memory so far, in bytes (Linux counts it in KiB).

    >>> peak_rss_bytes() > 0
    True
    """
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _steady(call: Callable[[], Any], settings: Settings) -> Row:
    steady_s, reps = steady_seconds(call, settings)
    return {"steady_s": steady_s, "reps": reps, "stage": "done"}


def compile_and_run_once(
    fn: Callable[..., Any], args: Sequence[Any]
) -> Generator[Row, None, tuple[Callable[..., Any], Any, Row]]:
    """Traces, compiles and runs ``jax.jit(fn)(*args)`` once, yielding each stage as it ends.

    Yields ``trace_s``, then ``compile_s`` with the memory use; returns the
    compiled function, its first output and the row of ``first_run_s`` and
    ``first_call_s`` (the three stages together, what a user waits for).

    >>> stages = compile_and_run_once(lambda x: x + 1, (1.0,))
    >>> [sorted(row) for row in stages][0]
    ['stage']
    """
    yield {"stage": "tracing"}
    start = time.perf_counter()
    lowered = jax.jit(fn).trace(*args).lower()
    trace_s = time.perf_counter() - start
    yield {"trace_s": trace_s, "stage": "compiling"}
    start = time.perf_counter()
    compiled = lowered.compile()
    compile_s = time.perf_counter() - start
    yield {"compile_s": compile_s, **memory_use(compiled), "stage": "running"}
    start = time.perf_counter()
    output = jax.block_until_ready(compiled(*args))
    first_run_s = time.perf_counter() - start
    first = {"first_run_s": first_run_s, "first_call_s": trace_s + compile_s + first_run_s}
    return compiled, output, first


def measure_compiled(
    fn: Callable[..., Any], args: Sequence[Any], settings: Settings, *, steady: bool = True
) -> Iterator[Row]:
    """Times ``jax.jit(fn)(*args)`` stage by stage; yields each result as it is known.

    Yields, in turn: ``trace_s`` (tracing and lowering), ``compile_s`` and the
    memory use, ``first_run_s`` and ``first_call_s`` (the three together, what
    a user waits for on the first call), then, if ``steady``, ``steady_s``
    (median of ``reps`` later calls). Each also names the next ``stage``.
    """
    compiled, _, first = yield from compile_and_run_once(fn, args)
    yield {**first, "stage": "timing" if steady else "done"}
    if steady:
        yield _steady(lambda: compiled(*args), settings)


def measure_called(
    fn: Callable[..., Any], args: Sequence[Any], settings: Settings, *, steady: bool = True
) -> Iterator[Row]:
    """Times ``fn(*args)`` as it is: ``first_call_s``, then, if ``steady``, ``steady_s``.

    >>> results = list(measure_called(abs, (-1,), Settings(quick=True)))
    >>> results[-1]["reps"], results[-1]["stage"]
    (3, 'done')
    """
    yield {"stage": "running"}
    start = time.perf_counter()
    jax.block_until_ready(fn(*args))
    yield {"first_call_s": time.perf_counter() - start, "stage": "timing" if steady else "done"}
    if steady:
        yield _steady(lambda: fn(*args), settings)
