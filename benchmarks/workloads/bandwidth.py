"""``bandwidth``: how fast this machine streams memory, the limit every state pass meets.

Each case negates a large float32 array over and over (an exact operation, so
the values never drift into denormals): one read and one write of every byte.
JAX ``in place`` donates its input, so XLA writes over it; ``new buffer``
returns a fresh array every call, as a jitted function without donation does;
NumPy writes into a preallocated ``out=``.
"""

from collections.abc import Callable, Iterator
from typing import Any

import jax
import jax.numpy as jnp
import numpy as np

from benchmarks.timing import steady_seconds
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload

SIZE_MIB = 256
QUICK_SIZE_MIB = 16
DTYPE = np.dtype(np.float32)
REFERENCE = {"library": "jax", "buffer": "in place"}
"""The parameters of the row whose rate is the bandwidth limit of the other workloads."""


def _jax_in_place(size: int) -> Callable[[], Any]:
    negate = jax.jit(jnp.negative, donate_argnums=0)
    array = jnp.zeros(size, DTYPE)

    def step() -> jax.Array:
        nonlocal array
        array = negate(array)
        return array

    return step


def _jax_new_buffer(size: int) -> Callable[[], Any]:
    negate = jax.jit(jnp.negative)
    array = jnp.zeros(size, DTYPE)
    return lambda: negate(array)


def _numpy_in_place(size: int) -> Callable[[], Any]:
    source, target = np.zeros(size, DTYPE), np.empty(size, DTYPE)

    def step() -> np.ndarray:
        nonlocal source, target
        np.negative(source, out=target)
        source, target = target, source
        return source

    return step


STEPS: dict[tuple[str, str], Callable[[int], Callable[[], Any]]] = {
    ("jax", "in place"): _jax_in_place,
    ("jax", "new buffer"): _jax_new_buffer,
    ("numpy", "in place"): _numpy_in_place,
}
"""One read-and-write pass over an array of a given length, per (library, buffer)."""


def cases(settings: Settings) -> list[Case]:
    """One case per way of streaming the array."""
    size_mib = QUICK_SIZE_MIB if settings.quick else SIZE_MIB
    return [
        Case("bandwidth", {"library": library, "buffer": buffer, "size_mib": size_mib})
        for library, buffer in STEPS
    ]


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times the pass (after one warm-up) and yields its rate in bytes per second."""
    nbytes = params["size_mib"] * 2**20
    step = STEPS[params["library"], params["buffer"]](nbytes // DTYPE.itemsize)
    yield {"stage": "warming up"}
    jax.block_until_ready(step())
    yield {"stage": "timing"}
    seconds, reps = steady_seconds(step, settings)
    yield {"steady_s": seconds, "reps": reps, "bytes_per_s": 2 * nbytes / seconds, "stage": "done"}


WORKLOAD = Workload(
    name="bandwidth",
    description="memory bandwidth: negate a large float32 array (one read, one write)",
    cases=cases,
    measure=measure,
    columns=(
        Column("library", "library"),
        Column("buffer", "buffer"),
        Column("size_mib", "MiB"),
        Column("steady_s", "time", "seconds"),
        Column("bytes_per_s", "bandwidth", "rate"),
    ),
    notes="The JAX in-place rate is the bandwidth limit the other tables compare against.",
)
