"""The registry of workloads: add a module here to add a benchmark."""

from benchmarks.workload import Workload
from benchmarks.workloads import (
    bandwidth,
    batched,
    compile_time,
    forward,
    gradient,
    memory,
    noise,
    pennylane_device,
    qasm,
    shots,
    training,
)

WORKLOADS: dict[str, Workload] = {
    workload.name: workload
    for workload in (
        bandwidth.WORKLOAD,
        forward.WORKLOAD,
        batched.WORKLOAD,
        gradient.WORKLOAD,
        compile_time.WORKLOAD,
        memory.WORKLOAD,
        noise.WORKLOAD,
        shots.WORKLOAD,
        qasm.WORKLOAD,
        pennylane_device.WORKLOAD,
        training.WORKLOAD,
    )
}
"""Every workload by name, in the order a run measures them (``bandwidth`` first)."""

__all__ = ["WORKLOADS"]
