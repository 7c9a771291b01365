"""``qj.circuit``: a quantum function turned into a pure JAX function.

The returned function records the circuit on every call (at trace time under
``jit``), simulates it and reads out the measurements. It holds no state and
calls no ``jit`` itself: jit, vmap, grad, scan and checkpoint it like any
other JAX function.
"""

from collections.abc import Callable
from typing import Any

from qjax.circuit import Circuit, QuantumFunction
from qjax.compile import DEFAULT_OPTIONS, CompileOptions, as_options, compile_circuit
from qjax.errors import DifferentiationError
from qjax.grad import adjoint_execute, finite_diff_execute, parameter_shift_execute
from qjax.measure import readout
from qjax.simulate import final_state


def execute(circuit: Circuit, options: CompileOptions = DEFAULT_OPTIONS) -> Any:
    """Simulates a recorded circuit and returns its measurements in its output structure.

    The circuit is compiled with ``options`` first; the readout uses the
    recorded circuit's measurements.

    >>> import qjax as qj
    >>> def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return {"zz": qj.expval(qj.Z(0) @ qj.Z(1))}
    >>> result = execute(qj.record(bell, wires=2)())
    >>> list(result), round(float(result["zz"]), 5)
    (['zz'], 1.0)
    """
    return readout(final_state(compile_circuit(circuit, options)), circuit)


DIFF_METHODS: dict[str, Callable[[Circuit, CompileOptions], Any]] = {
    "backprop": execute,
    "adjoint": adjoint_execute,
    "parameter-shift": parameter_shift_execute,
    "finite-diff": finite_diff_execute,
}
"""How each ``diff_method`` simulates a circuit; all give the same values."""


class CircuitFunction(QuantumFunction):
    """A quantum function bound to its wires; calling it simulates the circuit."""

    def __init__(
        self,
        fn: Callable[..., Any],
        wires: object,
        diff_method: str = "backprop",
        compile: CompileOptions | bool = True,
    ):
        if diff_method not in DIFF_METHODS:
            raise DifferentiationError(
                f"diff_method must be one of {sorted(DIFF_METHODS)}, got {diff_method!r}"
            )
        super().__init__(fn, wires)
        self.diff_method = diff_method
        self.options = as_options(compile)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return DIFF_METHODS[self.diff_method](self.record(*args, **kwargs), self.options)

    def __repr__(self) -> str:
        return (
            f"<qjax circuit {getattr(self.fn, '__name__', self.fn)!r} on wires {list(self.wires)}>"
        )


def circuit(
    fn: Callable[..., Any] | None = None,
    *,
    wires: object,
    diff_method: str = "backprop",
    compile: CompileOptions | bool = True,
) -> CircuitFunction | Callable[[Callable[..., Any]], CircuitFunction]:
    """Turns a function that applies gates and returns measurements into a JAX function.

    Args:
      fn: the quantum function; omit it to use ``circuit`` as a decorator factory.
      wires: the number of qubits, or a sequence of distinct wire labels.
      diff_method: how derivatives are computed: ``"backprop"`` (JAX through
        the simulation), ``"adjoint"`` (reverse mode, a constant number of
        stored states), ``"parameter-shift"`` (shifted evaluations, as on
        hardware) or ``"finite-diff"`` (central differences).
      compile: the compiler passes, a :class:`~qjax.compile.CompileOptions`:
        ``True`` for the defaults (cancellations, scans of repeated layers,
        fusion), ``False`` to apply the gates one by one as recorded.

    Returns:
      A function with ``fn``'s signature that returns arrays in the structure
      ``fn`` returns measurements in (one, a tuple, a list or a dict).

    >>> import jax, qjax as qj
    >>> @qj.circuit(wires=2)
    ... def model(theta):
    ...     qj.RY(theta, wires=0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return qj.expval(qj.Z(1))
    >>> round(float(jax.grad(model)(0.5)), 6)
    -0.479426
    """
    options = as_options(compile)
    if fn is None:
        return lambda f: CircuitFunction(f, wires, diff_method, options)
    return CircuitFunction(fn, wires, diff_method, options)
