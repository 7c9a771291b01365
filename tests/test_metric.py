"""The metric tensor against central differences of the dense NumPy oracle's state.

The reference never looks at generators or layers: it differentiates the
oracle's state ``psi(theta)`` numerically and forms
``Re <d_i psi|d_j psi> - <d_i psi|psi><psi|d_j psi>``. Block-diagonal and
diagonal approximations are the reference restricted to the layers, written
out by hand below.
"""

from typing import NamedTuple

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import assert_close

import oracle
import qjax as qj
from qjax.errors import QjaxError

FD_STEP = 1e-5
FD_ATOL = 1e-8
"""Central differences in float64: truncation ~STEP**2 and rounding ~eps/STEP stay below this."""


class Gate(NamedTuple):
    name: str
    wires: tuple[int, ...]
    param: int | None = None
    word: str | None = None


LAYERED = (
    Gate("H", (2,)),
    Gate("H", (3,)),
    Gate("RX", (0,), 0),
    Gate("RY", (1,), 1),
    Gate("PhaseShift", (3,), 2),
    Gate("CNOT", (0, 1)),
    Gate("CRX", (1, 2), 3),
    Gate("RZ", (0,), 4),
    Gate("IsingZZ", (3, 2), 5),
    Gate("RY", (0,), 6),
    Gate("T", (1,)),
    Gate("PauliRot", (1, 3), 7, "XY"),
    Gate("MultiRZ", (0, 2), 8),
    Gate("CNOT", (2, 1)),
    Gate("RX", (1,), 9),
)
LAYERED_BLOCKS = ((0, 1, 2), (3, 4), (5, 6), (7, 8), (9,))
"""PennyLane's layers of LAYERED: a gate opens a new layer when a gate of the current
layer is among its ancestors (CRX after RY on wire 1, IsingZZ after CRX on wire 2,
PauliRot after IsingZZ on wire 3, RX after the CNOT that follows MultiRZ); RZ, RY(0)
and MultiRZ have no ancestor in their layer and join it."""

SINGLE_LAYER = (
    Gate("H", (0,)),
    Gate("H", (2,)),
    Gate("CNOT", (0, 1)),
    Gate("CNOT", (2, 3)),
    Gate("CRX", (1, 2), None),
    Gate("RX", (0,), 0),
    Gate("RX", (1,), 1),
    Gate("IsingZZ", (2, 3), 2),
)
"""Fixed gates, then three rotations on disjoint wires: one layer (RX and RX correlated)."""

NUM_WIRES = 4
THETA = np.linspace(0.3, 2.1, 10)
FIXED_ANGLE = 0.7


def _apply_qjax(gates: tuple[Gate, ...], theta: jax.Array) -> None:
    for gate in gates:
        angle = FIXED_ANGLE if gate.param is None else theta[gate.param]
        if gate.word is not None:
            qj.PauliRot(angle, gate.word, wires=gate.wires)
        elif oracle.GATES[gate.name][0] == 0:
            getattr(qj, gate.name)(wires=gate.wires)
        else:
            getattr(qj, gate.name)(angle, wires=gate.wires)


def _qjax_circuit(gates: tuple[Gate, ...]) -> qj.CircuitFunction:
    def circuit(theta):
        _apply_qjax(gates, theta)
        return qj.expval(qj.Z(0))

    return qj.circuit(circuit, wires=NUM_WIRES)


def _oracle_state(gates: tuple[Gate, ...], theta: np.ndarray) -> np.ndarray:
    state = np.zeros(2**NUM_WIRES, complex)
    state[0] = 1
    for gate in gates:
        angles = [] if oracle.GATES[gate.name][0] == 0 else [FIXED_ANGLE]
        if gate.param is not None:
            angles = [theta[gate.param]]
        hyper = {} if gate.word is None else {"word": gate.word}
        matrix = oracle.gate_matrix(gate.name, angles, num_wires=len(gate.wires), **hyper)
        state = oracle.apply(state, matrix, gate.wires, NUM_WIRES)
    return state


def _finite_difference_metric(state_of, x: np.ndarray) -> np.ndarray:
    """The quantum geometric tensor's real part, from central differences of the state."""
    x = np.asarray(x, float)
    psi = state_of(x)
    derivatives = []
    for k in range(x.size):
        shift = np.zeros_like(x)
        shift.flat[k] = FD_STEP
        derivatives.append((state_of(x + shift) - state_of(x - shift)) / (2 * FD_STEP))
    d = np.array(derivatives)
    projections = d @ psi.conj()
    return np.real(d.conj() @ d.T - np.outer(projections.conj(), projections))


def _restricted(metric: np.ndarray, blocks: tuple[tuple[int, ...], ...]) -> np.ndarray:
    kept = np.zeros_like(metric)
    for block in blocks:
        kept[np.ix_(block, block)] = metric[np.ix_(block, block)]
    return kept


APPROXIMATIONS = {
    None: (tuple(range(10)),),
    "block-diag": LAYERED_BLOCKS,
    "diag": tuple((k,) for k in range(10)),
}
"""For each approx, the blocks of the exact metric of LAYERED it keeps."""


def _jit_metric(circuit, approx=None, **kwargs):
    """The tests jit: eager calls compile every small kernel separately, which is slow."""
    return jax.jit(qj.metric_tensor(circuit, approx, **kwargs))


@pytest.fixture(scope="module")
def layered_reference() -> np.ndarray:
    return _finite_difference_metric(lambda t: _oracle_state(LAYERED, t), THETA)


def test_every_approximation_matches_finite_differences_of_the_oracle(x64, layered_reference):
    circuit = _qjax_circuit(LAYERED)
    metrics = jax.jit(lambda t: [qj.metric_tensor(circuit, a)(t) for a in APPROXIMATIONS])(
        jnp.asarray(THETA)
    )
    for metric, (approx, blocks) in zip(metrics, APPROXIMATIONS.items(), strict=True):
        assert metric.shape == (10, 10) and metric.dtype == jnp.float64, approx
        expected = _restricted(layered_reference, blocks)
        np.testing.assert_allclose(metric, expected, rtol=0, atol=FD_ATOL, err_msg=str(approx))


def test_block_diag_drops_real_correlations_between_layers(layered_reference):
    between = layered_reference - _restricted(layered_reference, LAYERED_BLOCKS)
    assert np.max(np.abs(between)) > 0.05


def test_vmap_and_jit_in_default_precision_match_the_oracle():
    scales = (0.5, 1.5)
    batch = jnp.stack([jnp.asarray(THETA * s, jnp.float32) for s in scales])
    circuit = _qjax_circuit(LAYERED)
    metrics = [qj.metric_tensor(circuit, approx) for approx in APPROXIMATIONS]
    batched = jax.jit(jax.vmap(lambda t: [metric(t) for metric in metrics]))(batch)
    for index, scale in enumerate(scales):
        reference = _finite_difference_metric(lambda t: _oracle_state(LAYERED, t), THETA * scale)
        for got, blocks in zip(batched, APPROXIMATIONS.values(), strict=True):
            assert got.dtype == jnp.float32
            assert_close(got[index], _restricted(reference, blocks))


def test_block_diag_equals_the_full_metric_on_a_single_layer(x64):
    circuit = _qjax_circuit(SINGLE_LAYER)
    full, blocks = jax.jit(
        lambda t: (qj.metric_tensor(circuit)(t), qj.metric_tensor(circuit, "block-diag")(t))
    )(jnp.asarray(THETA[:3]))
    reference = _finite_difference_metric(lambda t: _oracle_state(SINGLE_LAYER, t), THETA[:3])
    np.testing.assert_allclose(full, reference, rtol=0, atol=FD_ATOL)
    assert np.max(np.abs(full - np.diag(np.diag(full)))) > 0.05
    assert_close(blocks, full)


def test_gates_without_a_generator_are_split_into_rotations(x64):
    @qj.circuit(wires=2)
    def circuit(t):
        qj.H(1)
        qj.Rot(t[0], t[1], t[2], wires=0)
        qj.CNOT(wires=[0, 1])
        qj.U3(t[3], t[4], t[5], wires=1)
        qj.U2(t[6], t[7], wires=0)
        qj.CRot(t[8], t[9], t[10], wires=[1, 0])
        return qj.probs()

    def state(t):
        psi = oracle.apply(np.eye(4)[0].astype(complex), oracle.gate_matrix("H"), [1], 2)
        for name, wires, params in [
            ("Rot", [0], t[0:3]),
            ("CNOT", [0, 1], ()),
            ("U3", [1], t[3:6]),
            ("U2", [0], t[6:8]),
            ("CRot", [1, 0], t[8:11]),
        ]:
            psi = oracle.apply(psi, oracle.gate_matrix(name, params), wires, 2)
        return psi

    theta = np.linspace(0.2, 1.9, 11)
    np.testing.assert_allclose(
        _jit_metric(circuit)(jnp.asarray(theta)),
        _finite_difference_metric(state, theta),
        rtol=0,
        atol=FD_ATOL,
    )


@qj.circuit(wires=2)
def _processed(w, x):
    qj.RX(w[0] * x, wires=0)
    qj.RY(w[1], wires=0)
    qj.RY(w[1], wires=1)
    qj.CNOT(wires=[0, 1])
    qj.RZ(jnp.sin(w[0]), wires=1)
    qj.CRX(w[2] ** 2, wires=[1, 0])
    qj.RX(x, wires=1)
    return qj.expval(qj.Z(0))


def _processed_state(w: np.ndarray, x: float) -> np.ndarray:
    psi = np.eye(4)[0].astype(complex)
    for name, wires, angle in [
        ("RX", [0], w[0] * x),
        ("RY", [0], w[1]),
        ("RY", [1], w[1]),
        ("CNOT", [0, 1], None),
        ("RZ", [1], np.sin(w[0])),
        ("CRX", [1, 0], w[2] ** 2),
        ("RX", [1], x),
    ]:
        params = () if angle is None else (angle,)
        psi = oracle.apply(psi, oracle.gate_matrix(name, params), wires, 2)
    return psi


W = np.array([0.4, 1.1, 0.8])
X = 0.6


def test_chain_rule_through_classical_processing_and_shared_parameters(x64):
    metric = _jit_metric(_processed)(jnp.asarray(W), jnp.asarray(X))
    reference = _finite_difference_metric(lambda w: _processed_state(w, X), W)
    np.testing.assert_allclose(metric, reference, rtol=0, atol=FD_ATOL)


@qj.circuit(wires=2)
def _small(w, x):
    qj.RX(w[0] * x, wires=0)
    qj.CNOT(wires=[0, 1])
    qj.RY(w[1], wires=1)
    qj.CRX(w[1], wires=[1, 0])
    return qj.expval(qj.Z(0))


def test_eager_equals_jit_for_every_approximation():
    w, x = jnp.array([0.3, 0.4]), jnp.array(0.5)
    eager = [qj.metric_tensor(_small, a)(w, x) for a in APPROXIMATIONS]
    jitted = jax.jit(lambda w, x: [qj.metric_tensor(_small, a)(w, x) for a in APPROXIMATIONS])(w, x)
    for got, expected in zip(jitted, eager, strict=True):
        assert_close(got, expected)


def test_argnums_nest_like_jax_hessian(x64):
    blocks, only_x = jax.jit(
        lambda w, x: (
            qj.metric_tensor(_processed, argnums=(0, 1))(w, x),
            qj.metric_tensor(_processed, argnums=-1)(w, x),
        )
    )(jnp.asarray(W), jnp.asarray(X))
    assert jax.tree_util.tree_structure(blocks) == jax.tree_util.tree_structure(((0, 0), (0, 0)))
    assert [b.shape for b in jax.tree_util.tree_leaves(blocks)] == [(3, 3), (3,), (3,), ()]
    joint = _finite_difference_metric(lambda v: _processed_state(v[:3], v[3]), np.append(W, X))
    np.testing.assert_allclose(blocks[0][0], joint[:3, :3], rtol=0, atol=FD_ATOL)
    np.testing.assert_allclose(blocks[0][1], joint[:3, 3], rtol=0, atol=FD_ATOL)
    np.testing.assert_allclose(blocks[1][0], joint[3, :3], rtol=0, atol=FD_ATOL)
    np.testing.assert_allclose(blocks[1][1], joint[3, 3], rtol=0, atol=FD_ATOL)
    np.testing.assert_allclose(only_x, joint[3, 3], rtol=0, atol=FD_ATOL)


def test_pytree_arguments_give_blocks_per_pair_of_leaves():
    @qj.circuit(wires=2)
    def circuit(params):
        qj.RX(params["a"][0], wires=0)
        qj.CNOT(wires=[0, 1])
        qj.RY(params["a"][1], wires=1)
        qj.RZ(params["b"], wires=0)
        return qj.expval(qj.Z(0))

    flat_circuit = qj.circuit(lambda v: circuit.fn({"a": v[:2], "b": v[2]}), wires=2)
    params = {"a": jnp.array([0.3, 0.9]), "b": jnp.array(0.5)}
    metric, flat = jax.jit(
        lambda p, v: (qj.metric_tensor(circuit)(p), qj.metric_tensor(flat_circuit)(v))
    )(params, jnp.array([0.3, 0.9, 0.5]))
    assert metric["a"]["a"].shape == (2, 2) and metric["a"]["b"].shape == (2,)
    assert_close(metric["a"]["a"], flat[:2, :2])
    assert_close(metric["a"]["b"], flat[:2, 2])
    assert_close(metric["b"]["a"], flat[2, :2])
    assert_close(metric["b"]["b"], flat[2, 2])


def test_quantum_fisher_is_four_times_the_metric():
    def both(w, x):
        return [
            (
                qj.quantum_fisher(_processed, approx)(w, x),
                qj.metric_tensor(_processed, approx)(w, x),
            )
            for approx in (None, "diag")
        ]

    for fisher, metric in jax.jit(both)(jnp.asarray(W, jnp.float32), jnp.asarray(X, jnp.float32)):
        assert_close(fisher, 4 * metric)


def test_the_metric_is_differentiable(x64):
    weights = jnp.asarray(np.arange(1.0, 5.0).reshape(2, 2))

    def weighted(w):
        return jnp.sum(weights * qj.metric_tensor(_small)(w, jnp.asarray(X)))

    w, step = np.array([0.3, 0.4]), 1e-5
    shifted = jnp.asarray(np.concatenate([w + step * np.eye(2), w - step * np.eye(2)]))
    grad, values = jax.jit(lambda w, ws: (jax.grad(weighted)(w), jax.vmap(weighted)(ws)))(
        jnp.asarray(w), shifted
    )
    assert np.min(np.abs(grad)) > 0.01
    np.testing.assert_allclose(grad, (values[:2] - values[2:]) / (2 * step), rtol=0, atol=FD_ATOL)


def test_inputs_and_constant_matrices_are_fixed_gates(x64):
    unitary = oracle.random_unitary(2, np.random.default_rng(0))

    @qj.circuit(wires=2)
    def circuit(w, x):
        qj.RX(x, wires=0)
        qj.QubitUnitary(unitary, wires=1)
        qj.RY(w[0], wires=0)
        qj.CNOT(wires=[0, 1])
        qj.RY(w[1], wires=1)
        return qj.expval(qj.Z(0))

    def state(w):
        psi = np.eye(4)[0].astype(complex)
        psi = oracle.apply(psi, oracle.gate_matrix("RX", [X]), [0], 2)
        psi = oracle.apply(psi, unitary, [1], 2)
        psi = oracle.apply(psi, oracle.gate_matrix("RY", [w[0]]), [0], 2)
        psi = oracle.apply(psi, oracle.gate_matrix("CNOT"), [0, 1], 2)
        return oracle.apply(psi, oracle.gate_matrix("RY", [w[1]]), [1], 2)

    w = np.array([0.7, 1.3])
    metric = _jit_metric(circuit)(jnp.asarray(w), jnp.asarray(X))
    np.testing.assert_allclose(metric, _finite_difference_metric(state, w), rtol=0, atol=FD_ATOL)


@pytest.mark.parametrize("approx", ["full", "blockdiag", "Diag"])
def test_unknown_approximations_are_rejected_before_any_work(approx):
    with pytest.raises(qj.errors.DifferentiationError, match="approx must be None"):
        qj.metric_tensor(_processed, approx)


def test_a_circuit_without_trainable_gate_parameters_is_rejected():
    @qj.circuit(wires=1)
    def fixed(w, x):
        qj.H(0)
        qj.RX(x, wires=0)
        return qj.expval(qj.Z(0))

    with pytest.raises(qj.errors.DifferentiationError, match="no gate parameter"):
        qj.metric_tensor(fixed)(jnp.array([0.1]), jnp.array(0.2))


def test_trainable_gates_without_generator_or_decomposition_are_rejected():
    @qj.circuit(wires=1)
    def circuit(w):
        phases = jnp.exp(1j * jnp.stack([w, -w]).astype(jnp.complex64))
        qj.QubitUnitary(jnp.diag(phases), wires=0)
        return qj.expval(qj.Z(0))

    with pytest.raises(qj.errors.DifferentiationError, match=r"QubitUnitary\(.*has none"):
        jax.jit(qj.metric_tensor(circuit))(jnp.array(0.3))


def test_trainable_state_preparations_are_rejected():
    @qj.circuit(wires=1)
    def circuit(w):
        qj.StatePrep(jnp.stack([jnp.cos(w), jnp.sin(w)]), wires=0)
        qj.RX(w, wires=0)
        return qj.expval(qj.Z(0))

    with pytest.raises(qj.errors.DifferentiationError, match="state preparation"):
        jax.jit(qj.metric_tensor(circuit))(jnp.array(0.3))


def test_errors_are_qjax_errors_and_value_errors():
    with pytest.raises(TypeError, match=r"takes a qj\.circuit"):
        qj.metric_tensor(lambda w: w)
    with pytest.raises(QjaxError) as caught:
        qj.metric_tensor(_processed, argnums=2)(jnp.asarray(W), jnp.asarray(X))
    assert isinstance(caught.value, ValueError)
    assert "argnums=2 must name positional arguments" in str(caught.value)
