"""``qj.purity``, ``qj.vn_entropy`` and ``qj.mutual_info`` as measurements.

The oracle traces out wires of the NumPy density matrix and takes the
eigenvalues itself; both pure states and noisy density matrices are checked,
under jit and vmap, and their gradients against finite differences and
across differentiation methods.
"""

import jax
import numpy as np
import pytest
from helpers import TRANSFORMS, assert_close

import noise_oracle
import oracle
import qjax as qj
from qjax.errors import SamplingError, WireError


def _entropy(rho: np.ndarray, base: float | None = None) -> float:
    eigenvalues = np.linalg.eigvalsh(rho)
    eigenvalues = eigenvalues[eigenvalues > 1e-12]
    value = -float(np.sum(eigenvalues * np.log(eigenvalues)))
    return value / np.log(base) if base else value


def _program(theta, p):
    qj.RY(theta, wires=0)
    qj.CNOT(wires=[0, 1])
    qj.RX(0.3, wires=2)
    qj.CRY(0.8, wires=[1, 2])
    qj.AmplitudeDamping(p, wires=1)
    return (
        qj.purity(wires=[0]),
        qj.purity(wires=[2, 1]),
        qj.vn_entropy(wires=[1]),
        qj.vn_entropy(wires=[0, 2], log_base=2),
        qj.mutual_info(wires0=[0], wires1=[2, 1]),
        qj.mutual_info(wires0=[2], wires1=[0], log_base=2),
    )


def _expected(theta: float, p: float) -> list[float]:
    steps = [
        ("gate", oracle.gate_matrix("RY", [theta]), (0,)),
        ("gate", oracle.gate_matrix("CNOT"), (0, 1)),
        ("gate", oracle.gate_matrix("RX", [0.3]), (2,)),
        ("gate", oracle.gate_matrix("CRY", [0.8]), (1, 2)),
        ("kraus", noise_oracle.kraus_operators("AmplitudeDamping", p), (1,)),
    ]
    rho = np.zeros((8, 8), complex)
    rho[0, 0] = 1
    rho = noise_oracle.evolve_density(rho, steps, 3)

    def reduced(wires):
        return noise_oracle.partial_trace(rho, wires, 3)

    def mutual(a, b, base=None):
        return (
            _entropy(reduced(a), base) + _entropy(reduced(b), base) - _entropy(reduced(a + b), base)
        )

    return [
        float(np.real(np.trace(reduced([0]) @ reduced([0])))),
        float(np.real(np.trace(reduced([2, 1]) @ reduced([2, 1])))),
        _entropy(reduced([1])),
        _entropy(reduced([0, 2]), 2),
        mutual([0], [2, 1]),
        mutual([2], [0], 2),
    ]


@pytest.mark.parametrize("transform", TRANSFORMS)
@pytest.mark.parametrize("p", [0.0, 0.35])
def test_quantum_information_matches_the_oracle(transform, p):
    got = TRANSFORMS[transform](qj.circuit(_program, wires=3))(0.9, p)
    np.testing.assert_allclose(np.asarray(got), _expected(0.9, p), atol=2e-5)


def test_pure_states_read_the_same_as_density_matrices():
    def pure(theta):
        qj.RY(theta, wires=0)
        qj.CNOT(wires=[0, 1])
        return qj.purity(wires=[0]), qj.vn_entropy(wires=[0]), qj.mutual_info([0], [1])

    statevector = qj.circuit(pure, wires=2)(1.1)
    density = qj.circuit(pure, wires=2, method="density")(1.1)
    assert_close(statevector, density)


def test_quantum_information_under_vmap():
    thetas, ps = np.array([0.2, 1.5]), np.array([0.1, 0.6])
    batched = jax.vmap(qj.circuit(_program, wires=3))(thetas, ps)
    for i in range(2):
        np.testing.assert_allclose(
            [float(values[i]) for values in batched], _expected(thetas[i], ps[i]), atol=2e-5
        )


@pytest.mark.parametrize("diff_method", ["backprop", "parameter-shift", "finite-diff"])
def test_quantum_information_gradients(x64, diff_method):
    circuit = qj.circuit(lambda t: _program(t, 0.35), wires=3, diff_method=diff_method)
    step = 1e-6
    for index in range(6):
        gradient = jax.grad(lambda t, i=index: circuit(t)[i])(0.9)
        expected = (_expected(0.9 + step, 0.35)[index] - _expected(0.9 - step, 0.35)[index]) / (
            2 * step
        )
        np.testing.assert_allclose(gradient, expected, atol=1e-6)


def test_quantum_information_errors():
    with pytest.raises(WireError, match="disjoint"):
        qj.mutual_info([0, 1], [1])
    sampled = qj.circuit(lambda: qj.purity(wires=[0]), wires=1, shots=10)
    with pytest.raises(SamplingError, match="no estimate from samples"):
        sampled(key=jax.random.key(0))
    assert repr(qj.mutual_info([0], [1, 2])) == "qj.mutual_info([0], [1, 2])"
