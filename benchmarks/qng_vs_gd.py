"""Quantum natural gradient vs plain gradient descent on a small VQE problem.

A 3-qubit transverse-field Ising chain, ``H = -sum Z_i Z_{i+1} - h sum X_i``,
and a hardware-efficient ansatz (RY and RZ on every wire, then a CNOT chain,
repeated). Each optimiser runs from the same initial parameters at every step
size of one grid; the table reports how many steps each needs to come within
``TOLERANCE`` of the exact ground energy (``numpy.linalg.eigvalsh``), and the
summary compares each optimiser at its best step size.

Run with ``python benchmarks/qng_vs_gd.py``; it is deterministic and takes
well under a minute on two CPU cores.
"""

import time
from collections.abc import Callable

import jax
import jax.numpy as jnp
import numpy as np
import optax

import qjax as qj

NUM_QUBITS = 3
NUM_LAYERS = 3
FIELD = 1.0
STEP_SIZES = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5)
MAX_STEPS = 400
TOLERANCE = 1e-3
QNG_LAMBDA = 1e-3
SEED = 7

_PAULI = {"X": np.array([[0, 1], [1, 0]]), "Z": np.diag([1, -1])}


def hamiltonian_terms() -> list[tuple[float, dict[int, str]]]:
    """The Ising chain as ``(coefficient, {wire: Pauli letter})`` terms."""
    couplings = [(-1.0, {i: "Z", i + 1: "Z"}) for i in range(NUM_QUBITS - 1)]
    fields = [(-FIELD, {i: "X"}) for i in range(NUM_QUBITS)]
    return couplings + fields


def ground_energy() -> float:
    """The exact ground energy, from the dense Hamiltonian."""
    dense = np.zeros((2**NUM_QUBITS,) * 2)
    for coeff, word in hamiltonian_terms():
        term = np.ones((1, 1))
        for wire in range(NUM_QUBITS):
            term = np.kron(term, _PAULI[word[wire]] if wire in word else np.eye(2))
        dense += coeff * term
    return float(np.linalg.eigvalsh(dense)[0])


def _observable() -> qj.ops.Operator:
    letters = {"X": qj.X, "Z": qj.Z}
    total = None
    for coeff, word in hamiltonian_terms():
        factors = [letters[letter](wire) for wire, letter in word.items()]
        product = factors[0] if len(factors) == 1 else factors[0] @ factors[1]
        term = coeff * product
        total = term if total is None else total + term
    return total


@qj.circuit(wires=NUM_QUBITS)
def energy(params: jax.Array) -> jax.Array:
    """``<H>`` after the ansatz; ``params`` has shape ``(NUM_LAYERS, 2, NUM_QUBITS)``."""
    for layer in range(NUM_LAYERS):
        for wire in range(NUM_QUBITS):
            qj.RY(params[layer, 0, wire], wires=wire)
            qj.RZ(params[layer, 1, wire], wires=wire)
        for wire in range(NUM_QUBITS - 1):
            qj.CNOT(wires=[wire, wire + 1])
    return qj.expval(_observable())


def trajectory(
    make_optimizer: Callable[[jax.Array], optax.GradientTransformation],
) -> Callable[[jax.Array, jax.Array], jax.Array]:
    """A jitted ``(step_size, params) -> energies`` over MAX_STEPS steps (one compile)."""

    def run(step_size: jax.Array, params: jax.Array) -> jax.Array:
        optimizer = make_optimizer(step_size)

        def step(carry, _):
            params, state = carry
            value, grads = jax.value_and_grad(energy)(params)
            updates, state = optimizer.update(grads, state, params)
            return (optax.apply_updates(params, updates), state), value

        _, energies = jax.lax.scan(step, (params, optimizer.init(params)), length=MAX_STEPS)
        return energies

    return jax.jit(run)


def steps_to_converge(energies: np.ndarray, target: float) -> int | None:
    """The first step whose energy is within TOLERANCE of ``target``, or None."""
    hits = np.flatnonzero(energies - target < TOLERANCE)
    return int(hits[0]) if hits.size else None


def time_per_step(run: Callable[[jax.Array, jax.Array], jax.Array], params: jax.Array) -> float:
    """Milliseconds per step of a compiled trajectory (it has already run once)."""
    start = time.perf_counter()
    jax.block_until_ready(run(jnp.float32(STEP_SIZES[0]), params))
    return 1e3 * (time.perf_counter() - start) / MAX_STEPS


def main() -> None:
    start = time.perf_counter()
    target = ground_energy()
    params = jnp.asarray(
        np.random.default_rng(SEED).uniform(0, 0.2 * np.pi, (NUM_LAYERS, 2, NUM_QUBITS)),
        jnp.float32,
    )
    optimizers = {
        "gradient descent": lambda lr: optax.sgd(lr),
        "QNG (block-diag)": lambda lr: qj.optim.qng(lr, energy, lam=QNG_LAMBDA),
        "QNG (full)": lambda lr: qj.optim.qng(lr, energy, lam=QNG_LAMBDA, approx=None),
    }
    print(
        f"{NUM_QUBITS}-qubit Ising chain (h={FIELD}), {NUM_LAYERS} layers of RY RZ + CNOTs, "
        f"{params.size} parameters; ground energy {target:.6f}"
    )
    print(f"steps to reach E - E0 < {TOLERANCE:g} (max {MAX_STEPS}; '-' = not reached)\n")
    print(f"{'step size':>18}" + "".join(f"{lr:>7g}" for lr in STEP_SIZES) + "  ms/step")
    best = {}
    for name, make in optimizers.items():
        run = trajectory(make)
        counts = [
            steps_to_converge(np.asarray(run(jnp.float32(lr), params)), target) for lr in STEP_SIZES
        ]
        cells = "".join(f"{'-' if c is None else c:>7}" for c in counts)
        print(f"{name:>18}{cells}{time_per_step(run, params):>9.3f}")
        reached = [(c, lr) for c, lr in zip(counts, STEP_SIZES, strict=True) if c is not None]
        best[name] = min(reached) if reached else None
    print("\nat its best step size:")
    for name, result in best.items():
        text = (
            "never within tolerance" if result is None else f"{result[0]} steps (lr={result[1]:g})"
        )
        print(f"  {name:<18} {text}")
    print(f"\ntotal time {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
