"""``qj.circuit``: a quantum function turned into a pure JAX function.

The returned function records the circuit on every call (at trace time under
``jit``), simulates it and reads out the measurements. It holds no state and
calls no ``jit`` itself: jit, vmap, grad, scan and checkpoint it like any
other JAX function.
"""

from collections.abc import Callable
from typing import Any

import jax

from qjax.circuit import Circuit, QuantumFunction
from qjax.simulate import final_state


def execute(circuit: Circuit) -> Any:
    """Simulates a recorded circuit and returns its measurements in its output structure.

    >>> import qjax as qj
    >>> def bell():
    ...     qj.H(0)
    ...     qj.CNOT(wires=[0, 1])
    ...     return {"zz": qj.expval(qj.Z(0) @ qj.Z(1))}
    >>> result = execute(qj.record(bell, wires=2)())
    >>> list(result), round(float(result["zz"]), 5)
    (['zz'], 1.0)
    """
    state = final_state(circuit)
    results = [mp.evaluate(state, circuit) for mp in circuit.measurements]
    return jax.tree_util.tree_unflatten(circuit.output, results)


class CircuitFunction(QuantumFunction):
    """A quantum function bound to its wires; calling it simulates the circuit."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return execute(self.record(*args, **kwargs))

    def __repr__(self) -> str:
        return (
            f"<qjax circuit {getattr(self.fn, '__name__', self.fn)!r} on wires {list(self.wires)}>"
        )


def circuit(
    fn: Callable[..., Any] | None = None, *, wires: object
) -> CircuitFunction | Callable[[Callable[..., Any]], CircuitFunction]:
    """Turns a function that applies gates and returns measurements into a JAX function.

    Args:
      fn: the quantum function; omit it to use ``circuit`` as a decorator factory.
      wires: the number of qubits, or a sequence of distinct wire labels.

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
    if fn is None:
        return lambda f: CircuitFunction(f, wires)
    return CircuitFunction(fn, wires)
