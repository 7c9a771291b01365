"""``pennylane``: PennyLane QNodes on qjax's ``qjax.qubit`` device and on PennyLane's own.

The QNode is the hardware-efficient ansatz of :func:`benchmarks.peers.base.ansatz`
(per layer RY then RZ on every wire, then a CNOT ladder), written once with
PennyLane's gates and measuring ``<Z0>``; each row runs it on one device:

- ``qjax.qubit`` (``qml.device("qjax.qubit", wires=n)``) and ``default.qubit``,
  both with the JAX interface and ``diff_method="backprop"``: JAX functions,
  jitted and timed stage by stage, differentiated by ``jax.grad``;
- ``lightning.qubit`` (C++ kernels, complex64) with the autograd interface and
  ``diff_method="adjoint"``, called as it is, differentiated by ``qml.grad``;
- ``qjax (native)``: the same circuit written with ``qj.circuit``
  (:func:`benchmarks.circuits.hardware_efficient`), no PennyLane at all, so
  the table shows what the PennyLane layer costs on top of qjax.

Each device runs two tasks: ``forward`` (the value) and ``gradient`` (with
respect to the angle array). Every row's result must agree with
``qjax.qubit``'s on the same angles within :data:`TOLERANCE`, or the row is an
error: a device that disagrees runs another circuit.
"""

import importlib
import importlib.util
import time
from collections.abc import Callable, Generator, Iterator
from typing import Any

import jax
import numpy as np

from benchmarks.circuits import hardware_efficient, random_angles
from benchmarks.peers.base import Function, ansatz
from benchmarks.timing import measure_called, measure_compiled
from benchmarks.workload import Case, Column, Params, Row, Settings, Workload

SIZES, DEPTH = (12, 16), 6
QUICK_SIZES, QUICK_DEPTH = (4,), 2
"""The qubit counts and the ansatz's layers of a run and of ``--quick``."""
TASKS = ("forward", "gradient")
NATIVE, REFERENCE = "qjax (native)", "qjax.qubit"
DEVICES = (NATIVE, REFERENCE, "default.qubit", "lightning.qubit")
"""The rows of each size and task: qjax without PennyLane, then the PennyLane devices."""
PACKAGES = {
    REFERENCE: ("pennylane", "pennylane"),
    "default.qubit": ("pennylane", "pennylane"),
    "lightning.qubit": ("pennylane_lightning", "pennylane-lightning"),
}
"""Each PennyLane device's module and the distribution that installs it."""
IMPORTS = {
    REFERENCE: ("pennylane", "qjax.interop.pennylane._device"),
    "default.qubit": ("pennylane", "pennylane.devices.default_qubit"),
    "lightning.qubit": ("pennylane", "pennylane_lightning.lightning_qubit"),
}
"""The modules each PennyLane device runs, imported before its QNode is built and timed."""
TOLERANCE = 1e-4
"""The most a row's value (or any gradient entry) may differ from ``qjax.qubit``'s (float32)."""
JAX_OPTIONS = {"interface": "jax", "diff_method": "backprop"}
DEVICE_OPTIONS: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {
    REFERENCE: ({}, JAX_OPTIONS),
    "default.qubit": ({}, JAX_OPTIONS),
    "lightning.qubit": (
        {"c_dtype": np.complex64},
        {"interface": "autograd", "diff_method": "adjoint"},
    ),
}
"""Per PennyLane device: the ``qml.device`` options, then the QNode's."""


def missing(device: str) -> str | None:
    """The distribution the row of ``device`` needs and this environment lacks, if any.

    >>> missing(NATIVE) is None
    True
    """
    if device not in PACKAGES:
        return None
    module, distribution = PACKAGES[device]
    return None if importlib.util.find_spec(module) else distribution


def is_jax(device: str) -> bool:
    """Whether ``device``'s functions are JAX functions (jitted, ``jax.grad``).

    >>> is_jax(NATIVE), is_jax("default.qubit"), is_jax("lightning.qubit")
    (True, True, False)
    """
    return device == NATIVE or DEVICE_OPTIONS[device][1]["interface"] == "jax"


def cases(settings: Settings) -> list[Case]:
    """Every device, forward then gradient, at 12 and 16 qubits, depth 6 (quick: 4 and 2).

    >>> [(c.params["num_qubits"], c.params["task"]) for c in cases(Settings())][::4]
    [(12, 'forward'), (12, 'gradient'), (16, 'forward'), (16, 'gradient')]
    >>> [c.params["device"] for c in cases(Settings(quick=True))][:4]
    ['qjax (native)', 'qjax.qubit', 'default.qubit', 'lightning.qubit']
    """
    sizes, depth = (QUICK_SIZES, QUICK_DEPTH) if settings.quick else (SIZES, DEPTH)
    return [
        Case(
            "pennylane",
            {"device": device, "task": task, "num_qubits": n, "depth": depth},
            group=(device, task),
            size=(n,),
            missing=missing(device),
        )
        for n in sizes
        for task in TASKS
        for device in DEVICES
    ]


def pennylane_qnode(device: str, num_qubits: int, depth: int) -> Any:
    """The ansatz as a QNode ``angles -> <Z0>`` on PennyLane device ``device``, with its
    row's device and QNode options (imports PennyLane).

    >>> circuit = pennylane_qnode("qjax.qubit", 2, 1)
    >>> round(float(jax.jit(circuit)(jax.numpy.zeros((1, 2, 2)))), 5)
    1.0
    """
    import pennylane as qml

    from benchmarks.peers._pennylane import qnode

    device_options, qnode_options = DEVICE_OPTIONS[device]
    return qnode(
        qml.device(device, wires=num_qubits, **device_options), num_qubits, depth, **qnode_options
    )


def autograd_gradient(circuit: Any) -> Function:
    """``angles -> d circuit / d angles`` by ``qml.grad``, the angles a trainable array.

    >>> import pennylane as qml
    >>> @qml.qnode(qml.device("default.qubit", wires=1))
    ... def circuit(angles):
    ...     qml.RY(angles[0], wires=0)
    ...     return qml.expval(qml.Z(0))
    >>> autograd_gradient(circuit)(np.array([np.pi / 2])).round(5)  # d cos(x) = -sin(x)
    array([-1.])
    """
    import pennylane as qml
    from pennylane import numpy as pnp

    grad = qml.grad(circuit)
    return lambda angles: grad(pnp.array(angles, requires_grad=True))


def build(device: str, task: str, num_qubits: int, depth: int) -> Function:
    """The function of the angles a row times: ``device``'s ``<Z0>`` or its gradient.

    >>> angles = random_angles(3, 2)
    >>> value = build(NATIVE, "forward", 3, 2)(angles)
    >>> round(float(value), 5) == round(float(build(REFERENCE, "forward", 3, 2)(angles)), 5)
    True
    >>> build(NATIVE, "gradient", 3, 2)(angles).shape
    (2, 3, 2)
    """
    circuit = (
        hardware_efficient(num_qubits)
        if device == NATIVE
        else pennylane_qnode(device, num_qubits, depth)
    )
    if task == "forward":
        return circuit
    return jax.grad(circuit) if is_jax(device) else autograd_gradient(circuit)


def result(fn: Function, device: str, angles: jax.Array) -> np.ndarray:
    """``fn(angles)`` in double precision: jitted for a JAX device, on NumPy angles otherwise.

    >>> result(build(NATIVE, "forward", 2, 1), NATIVE, random_angles(2, 1)).dtype
    dtype('float64')
    """
    if is_jax(device):
        return np.asarray(jax.jit(fn)(angles), np.float64)
    return np.asarray(fn(np.asarray(angles)), np.float64)


def forward_value(values: np.ndarray, task: str) -> Row:
    """``value``: the forward task's ``<Z0>`` (nothing for a gradient).

    >>> forward_value(np.array(0.5), "forward"), forward_value(np.ones(3), "gradient")
    ({'value': 0.5}, {})
    """
    return {"value": float(values)} if task == "forward" else {}


def difference(values: np.ndarray, reference: np.ndarray) -> float:
    """The largest entry of ``|values - reference|``.

    >>> difference(np.array([1.0, 2.0]), np.array([1.0, 2.5]))
    0.5
    """
    return float(np.max(np.abs(values - reference)))


def measure_device(
    device: str, task: str, angles: jax.Array, settings: Settings
) -> Generator[Row, None, np.ndarray]:
    """Builds the row's function and times it; returns its result (:func:`result`).

    A JAX device's function is jitted and timed stage by stage; lightning's is
    called on NumPy angles. ``first_call_s`` includes ``build_s``, the time
    building the QNode (and its device) took, its modules already imported.
    """
    depth, num_qubits, _ = angles.shape
    yield {"gates": len(ansatz(num_qubits, depth)), "stage": "importing"}
    for module in IMPORTS.get(device, ()):
        importlib.import_module(module)
    yield {"stage": "building"}
    start = time.perf_counter()
    fn = build(device, task, num_qubits, depth)
    build_s = time.perf_counter() - start
    yield {"build_s": build_s}
    measured: Callable[..., Iterator[Row]] = measure_compiled
    args: tuple[Any, ...] = (angles,)
    if not is_jax(device):
        measured, args = measure_called, (np.asarray(angles),)
    for results in measured(fn, args, settings):
        if "first_call_s" in results:
            results = {**results, "first_call_s": results["first_call_s"] + build_s}
        yield results
    yield {"stage": "reading the result"}
    return result(fn, device, angles)


def measure(params: Params, settings: Settings) -> Iterator[Row]:
    """Times the row's device on its task, then compares its result with ``qjax.qubit``'s.

    The native row runs under strict promotion, the PennyLane rows as
    PennyLane's users run them. Without PennyLane, the native row is not compared.
    """
    device, task = params["device"], params["task"]
    angles = random_angles(params["num_qubits"], params["depth"])
    with jax.numpy_dtype_promotion("strict" if device == NATIVE else "standard"):
        values = yield from measure_device(device, task, angles, settings)
    extra = forward_value(values, task)
    if device != REFERENCE and not missing(REFERENCE):
        yield {"stage": "comparing with qjax.qubit"}
        with jax.numpy_dtype_promotion("standard"):
            depth, num_qubits, _ = angles.shape
            reference = result(build(REFERENCE, task, num_qubits, depth), REFERENCE, angles)
        extra["difference"] = difference(values, reference)
    yield {**extra, "stage": "done"}


def agreement(row: Row) -> Row:
    """``row``, an error if its ``difference`` from ``qjax.qubit``'s exceeds :data:`TOLERANCE`.

    >>> agreement({"difference": 5e-5, "status": "ok"})["status"]
    'ok'
    >>> agreement({"task": "gradient", "difference": 2e-4, "status": "ok"})["error"]
    "gradient differs from qjax.qubit's by 2.0e-04 > 0.0001"
    """
    if row.get("difference", 0.0) <= TOLERANCE or row["status"] != "ok":
        return row
    error = f"{row['task']} differs from qjax.qubit's by {row['difference']:.1e} > {TOLERANCE:g}"
    return {**row, "status": "error", "error": error}


def derive(rows: list[Row]) -> list[Row]:
    """Adds ``vs_qjax_qubit``: steady time over ``qjax.qubit``'s for the same size and task;
    checks each row's agreement with it.

    >>> size = {"num_qubits": 4, "depth": 6, "task": "forward", "status": "ok"}
    >>> rows = derive([
    ...     {"device": "qjax.qubit", **size, "steady_s": 2.0},
    ...     {"device": "qjax (native)", **size, "steady_s": 1.0, "difference": 0.0},
    ...     {"device": "default.qubit", **size, "steady_s": 6.0, "difference": 1e-3},
    ... ])
    >>> [(row["vs_qjax_qubit"], row["status"]) for row in rows]
    [(1.0, 'ok'), (0.5, 'ok'), (3.0, 'error')]
    """

    def key(row: Row) -> tuple[int, int, str]:
        return row["num_qubits"], row["depth"], row["task"]

    reference = {key(row): row["steady_s"] for row in rows if row["device"] == REFERENCE}

    def compared(row: Row) -> Row:
        if "steady_s" in row and key(row) in reference:
            row = {**row, "vs_qjax_qubit": row["steady_s"] / reference[key(row)]}
        return agreement(row)

    return [compared(row) for row in rows]


WORKLOAD = Workload(
    name="pennylane",
    description=(
        "PennyLane QNodes (ansatz <Z0> and its gradient) on qjax.qubit vs default.qubit and "
        "lightning.qubit, and the same circuit in qjax without PennyLane"
    ),
    cases=cases,
    measure=measure,
    columns=(
        Column("device", "device"),
        Column("task", "task"),
        Column("num_qubits", "n"),
        Column("depth", "depth"),
        Column("gates", "gates"),
        Column("build_s", "build", "seconds"),
        Column("compile_s", "compile", "seconds"),
        Column("first_call_s", "first call", "seconds"),
        Column("steady_s", "steady", "seconds"),
        Column("vs_qjax_qubit", "vs qjax.qubit", "ratio"),
        Column("value", "<Z0>", "number"),
        Column("difference", "|diff|", "small"),
    ),
    notes=(
        "The QNode: the hardware-efficient ansatz (per layer RY, RZ on every wire, then a CNOT "
        "ladder) measuring <Z0>, written once with qml gates; float32 angles, the same "
        "(seeded) for every row. qjax.qubit and default.qubit: interface='jax', "
        "diff_method='backprop', jax.jit, jax.grad. lightning.qubit: c_dtype=complex64, "
        "interface='autograd', diff_method='adjoint', called as it is, qml.grad. qjax (native): "
        "the same circuit as a qj.circuit, no PennyLane. task: forward = <Z0>; gradient = "
        "d<Z0>/d angles. build = constructing the device and QNode (PennyLane already "
        "imported). first call = build + trace + compile + first run (lightning: build + "
        "first call); steady = median of later calls. vs qjax.qubit = steady time over "
        "qjax.qubit's at the same n and task. <Z0> = the forward value. |diff| = largest "
        "|value or gradient entry - qjax.qubit's|: the row is an error above "
        f"{TOLERANCE:g}."
    ),
    derive=derive,
)
