"""Runs one case in this process: ``python -m benchmarks.worker < request.json``.

The request names the workload, the case's parameters and the run's
settings. Each result the workload yields is printed at once as one line of
JSON, so the runner keeps what was measured even if this process is then
killed (a time-out, or the kernel's out-of-memory killer). An exception
prints ``{"error": ...}`` and exits with status 1.
"""

import json
import sys
import traceback

import jax

from benchmarks.workload import Settings
from benchmarks.workloads import WORKLOADS


def main() -> int:
    """Runs the request on stdin; returns the exit status."""
    request = json.load(sys.stdin)
    workload = WORKLOADS[request["workload"]]
    settings = Settings(**request["settings"])
    # The performance model counts complex64 states; strict promotion, as in
    # the tests, turns any silent upcast in a workload into an error.
    jax.config.update("jax_enable_x64", False)
    try:
        with jax.numpy_dtype_promotion("strict"):
            for result in workload.measure(request["params"], settings):
                print(json.dumps(result), flush=True)
    except Exception as error:
        traceback.print_exc()
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
