"""What the benchmarks ran on: ``python -m benchmarks.machine`` prints it as JSON.

The runner asks a process of its own, so that it never starts a JAX backend
(and never claims accelerator memory) itself.
"""

import json
import os
import platform
from pathlib import Path
from typing import Any

import jax
import jaxlib
import numpy as np

import qjax
from benchmarks import peers

CPUINFO = Path("/proc/cpuinfo")


def cpu_model() -> str:
    """The CPU's model name, from ``/proc/cpuinfo`` where there is one."""
    if CPUINFO.exists():
        for line in CPUINFO.read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                return value.strip()
    return platform.processor() or "unknown"


def memory_bytes() -> int | None:
    """The host's physical memory, or ``None`` where the OS does not say."""
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def describe() -> dict[str, Any]:
    """The CPU, memory, software versions (the peers' too) and JAX devices of this machine."""
    device = jax.devices()[0]
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "memory_bytes": memory_bytes(),
        "os": platform.platform(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "jax": jax.__version__,
        "jaxlib": jaxlib.__version__,
        "qjax": qjax.__version__,
        "platform": device.platform,
        "device_kind": device.device_kind,
        "device_count": jax.device_count(),
        "peers": peers.versions(),
    }


if __name__ == "__main__":
    print(json.dumps(describe()))
