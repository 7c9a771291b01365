"""The compiler passes: exact against the oracle, and each does what it promises.

Random circuits drawn from a small alphabet (so that inverse pairs,
mergeable rotations and repeated layers occur) are simulated under random
compile options and compared with the dense NumPy oracle. Fixed circuits
check what each pass leaves behind, so that a pass that silently stops
firing fails.
"""

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np
import pytest
from helpers import TRANSFORMS, assert_close, jaxpr_equations
from hypothesis import given
from hypothesis import strategies as st
from test_random_circuits import Gate, gates

import oracle
import qjax as qj
from qjax.compile import (
    CompileOptions,
    Fused,
    FusionLimits,
    Repeat,
    compile_circuit,
    fuse_gates,
    scan_repeats,
)
from qjax.errors import CircuitError, DifferentiationError, ParameterError
from qjax.ops import Kind
from qjax.simulate import apply_operation

ALPHABET = (
    "H", "X", "S", "Sdg", "T", "RX", "RY", "RZ", "Rot", "PhaseShift", "CNOT", "CZ", "CRX",
    "SWAP", "IsingZZ", "IsingXY", "Toffoli", "MultiRZ", "PauliRot", "QubitUnitary",
    "DiagonalQubitUnitary", "MultiControlledX", "GlobalPhase", "I", "CSWAP", "CRot", "U3",
    "ControlledQubitUnitary", "CCZ", "ISWAP",
)  # fmt: skip

FUSING = CompileOptions(min_fusion_wires=1, min_scan_gates=1)
"""The default passes, scanning and fusing the small circuits of these tests too."""

OPTIONS = st.builds(
    CompileOptions,
    min_fusion_wires=st.just(1),
    min_scan_gates=st.just(1),
    cancel_inverses=st.booleans(),
    merge_rotations=st.booleans(),
    scan_repeats=st.booleans(),
    fuse=st.booleans(),
    max_fused_wires=st.integers(1, 5),
    max_diagonal_wires=st.integers(1, 5),
)


def _rescaled(gate: Gate, factor: float) -> Gate:
    """The same gate with its angles scaled: a new repetition of a layer."""
    params = tuple(p * factor if isinstance(p, float) else p for p in gate.params)
    return dataclasses.replace(gate, params=params)


@st.composite
def layered_gates(draw: st.DrawFn, num_wires: int) -> list[Gate]:
    """A prefix, a layer repeated with new angles, and a suffix, from a small alphabet."""

    def block(min_size: int) -> list[Gate]:
        names = draw(st.lists(st.sampled_from(ALPHABET), min_size=min_size, max_size=4))
        return [draw(gates(num_wires, name)) for name in names]

    layer = block(1)
    repeats = draw(st.integers(1, 4))
    body = [_rescaled(gate, 1.0 + 0.5 * r) for r in range(repeats) for gate in layer]
    return block(0) + body + block(0)


def _run(drawn: list[Gate], num_wires: int, options: CompileOptions) -> jax.Array:
    def program():
        for gate in drawn:
            gate.apply()
        return qj.state()

    return qj.circuit(program, wires=num_wires, compile=options)()


def _expected(drawn: list[Gate], num_wires: int) -> np.ndarray:
    state = np.zeros(2**num_wires, complex)
    state[0] = 1
    for gate in drawn:
        state = oracle.apply(state, gate.matrix(), gate.wires, num_wires)
    return state


@given(st.data(), OPTIONS)
def test_compiled_random_circuits_match_oracle(data: st.DataObject, options: CompileOptions):
    num_wires = data.draw(st.integers(3, 5))
    drawn = data.draw(layered_gates(num_wires))
    assert_close(_run(drawn, num_wires, options), _expected(drawn, num_wires))


# ---------------------------------------------------------------------------
# The hardware-efficient ansatz: what the passes leave


def _hea(num_wires: int, options: CompileOptions | bool = FUSING, diff_method: str = "backprop"):
    @qj.circuit(wires=num_wires, compile=options, diff_method=diff_method)
    def ansatz(params):
        for layer in range(params.shape[0]):
            for wire in range(num_wires):
                qj.RY(params[layer, wire, 0], wires=wire)
                qj.RZ(params[layer, wire, 1], wires=wire)
            for wire in range(num_wires - 1):
                qj.CNOT(wires=[wire, wire + 1])
        return qj.expval(qj.Z(0))

    return ansatz


def _angles(num_wires: int, depth: int, seed: int = 0) -> jax.Array:
    rng = np.random.default_rng(seed)
    return jnp.asarray(rng.uniform(0, 2 * np.pi, (depth, num_wires, 2)), jnp.float32)


def test_hardware_efficient_ansatz_compiles_to_one_scan_of_two_fused_blocks():
    ansatz = _hea(6)
    compiled = compile_circuit(ansatz.record(_angles(6, 10)), FUSING)
    (repeat,) = compiled.gates
    assert isinstance(repeat, Repeat) and repeat.count == 10
    assert [op.wires for op in repeat.body] == [(0, 1, 2, 3), (3, 4, 5)]
    assert all(isinstance(op, Fused) and op.kind is Kind.DENSE for op in repeat.body)


def test_without_scan_fusion_leaves_two_blocks_per_layer():
    options = CompileOptions(scan_repeats=False, min_fusion_wires=1, min_scan_gates=1)
    compiled = compile_circuit(_hea(6).record(_angles(6, 10)), options)
    assert len(compiled.gates) == 20
    assert all(isinstance(op, Fused) for op in compiled.gates)
    assert compiled.gates[-1].kind is Kind.PERMUTATION  # the last layer's CNOTs on wires 3..5


def _state_equations(fn, args, num_wires: int) -> list:
    state_shape = (2,) * num_wires
    jaxpr = jax.make_jaxpr(fn)(*args).jaxpr
    return [e for e in jaxpr_equations(jaxpr) if e.outvars[0].aval.shape == state_shape]


def test_program_size_does_not_grow_with_depth():
    ansatz = _hea(7)
    shallow = _state_equations(ansatz, (_angles(7, 10),), 7)
    deep = _state_equations(ansatz, (_angles(7, 50),), 7)
    assert len(shallow) == len(deep) > 0
    contractions = [
        e
        for e in jaxpr_equations(jax.make_jaxpr(ansatz)(_angles(7, 50)).jaxpr)
        if e.primitive.name == "dot_general" and e.outvars[0].aval.size == 2**7
    ]
    assert len(contractions) == 2  # one per fused block of the scanned layer


@pytest.mark.parametrize("depth", [10, 50])
def test_forward_pass_holds_a_few_states(depth):
    num_wires = 14
    compiled = jax.jit(_hea(num_wires)).lower(_angles(num_wires, depth)).compile()
    temp_states = compiled.memory_analysis().temp_size_in_bytes / (8 * 2**num_wires)
    # The scan's carry in and out, and the initial state: about three states, any depth.
    assert temp_states <= 3.5, temp_states


@pytest.mark.parametrize("transform", TRANSFORMS.values(), ids=TRANSFORMS)
@pytest.mark.parametrize("diff_method", ["backprop", "adjoint", "parameter-shift", "finite-diff"])
def test_every_diff_method_differentiates_the_compiled_circuit(transform, diff_method, x64):
    params = _angles(4, 3).astype(jnp.float64)
    reference = jax.grad(_hea(4, False))(params)
    grad = transform(jax.grad(_hea(4, FUSING, diff_method)))(params)
    np.testing.assert_allclose(grad, reference, atol=1e-6 if diff_method == "finite-diff" else 1e-9)


def test_adjoint_through_scans_under_jit_and_vmap():
    batch = jnp.stack([_angles(4, 5, seed) for seed in range(3)])
    got = jax.jit(jax.vmap(jax.grad(_hea(4, FUSING, "adjoint"))))(batch)
    want = jax.vmap(jax.grad(_hea(4, False)))(batch)
    assert_close(got, want)


def test_adjoint_hessian_through_scans_matches_backprop(x64):
    params = _angles(3, 3).astype(jnp.float64)
    got = jax.hessian(_hea(3, FUSING, "adjoint"))(params)
    want = jax.hessian(_hea(3, False))(params)
    np.testing.assert_allclose(got, want, atol=1e-9)


# ---------------------------------------------------------------------------
# Each pass on fixed circuits


def _compiled_gates(program, num_wires: int, options: CompileOptions, *args) -> tuple:
    return compile_circuit(qj.record(program, wires=num_wires)(*args), options).gates


PEEPHOLE = CompileOptions(scan_repeats=False, fuse=False)


def test_adjacent_inverses_cancel_and_uncover_more_pairs():
    def program():
        qj.X(0)
        qj.H(0)
        qj.H(0)
        qj.X(0)
        qj.S(1)
        qj.Sdg(1)
        qj.CNOT(wires=[1, 2])
        qj.CNOT(wires=[1, 2])
        qj.T(2)
        return qj.state()

    assert [repr(op) for op in _compiled_gates(program, 3, PEEPHOLE)] == ["T(wires=[2])"]


def test_gates_between_or_reordered_wires_do_not_cancel():
    def program():
        qj.H(0)
        qj.CNOT(wires=[0, 1])
        qj.H(0)
        qj.CNOT(wires=[1, 0])
        qj.CNOT(wires=[0, 1])
        qj.T(1)
        qj.T(1)
        return qj.state()

    assert [op.name for op in _compiled_gates(program, 2, PEEPHOLE)] == [
        "H", "CNOT", "H", "CNOT", "CNOT", "T", "T",
    ]  # fmt: skip


def test_adjacent_rotations_add_their_angles_and_stay_differentiable():
    def program(a, b):
        qj.RX(a, wires=0)
        qj.RX(b, wires=0)
        qj.CRZ(a, wires=[0, 1])
        qj.CRZ(b, wires=[0, 1])
        qj.CRZ(b, wires=[1, 0])
        qj.RY(a, wires=1)
        qj.RZ(b, wires=1)
        return qj.expval(qj.Z(0) @ qj.Y(1))

    merged = _compiled_gates(program, 2, PEEPHOLE, 0.25, 0.5)
    assert [(op.name, op.wires) for op in merged] == [
        ("RX", (0,)), ("CRZ", (0, 1)), ("CRZ", (1, 0)), ("RY", (1,)), ("RZ", (1,)),
    ]  # fmt: skip
    assert_close(merged[0].params[0], 0.75)
    on = qj.circuit(program, wires=2, compile=PEEPHOLE)
    off = qj.circuit(program, wires=2, compile=False)
    assert_close(jax.grad(on, argnums=(0, 1))(0.3, 0.7), jax.grad(off, argnums=(0, 1))(0.3, 0.7))


def test_repeated_layers_become_a_scan_with_prefix_and_suffix_kept():
    def program(angles):
        qj.H(0)
        for angle in angles:
            qj.RX(angle, wires=0)
            qj.CNOT(wires=[0, 1])
        for _ in range(5):
            qj.H(1)
            qj.CZ(wires=[1, 0])
        qj.RY(0.5, wires=1)
        return qj.state()

    options = CompileOptions(fuse=False, min_scan_gates=1)
    compiled = _compiled_gates(program, 2, options, jnp.arange(4.0))
    assert [repr(op) for op in compiled] == [
        "H(wires=[0])",
        "Repeat([RX, CNOT], count=4)",
        "Repeat([H, CZ], count=5)",
        "RY(0.5, wires=[1])",
    ]
    assert compiled[1].body[0].params[0].shape == (4,)
    assert jax.tree_util.tree_leaves(compiled[2]) == []


def test_min_repeats_leaves_short_runs_unrolled():
    layer = [qj.ops.RY(0.1, wires=0), qj.ops.CNOT(wires=[0, 1])]
    assert scan_repeats(layer * 2, min_repeats=3) == layer * 2


def test_diagonal_gates_merge_beyond_the_dense_width():
    def program(theta):
        qj.RZ(theta, wires=0)
        qj.IsingZZ(theta, wires=[1, 2])
        qj.CZ(wires=[3, 4])
        qj.MultiRZ(theta, wires=[0, 4])
        qj.T(2)
        return qj.state()

    options = CompileOptions(
        max_fused_wires=1, max_diagonal_wires=5, scan_repeats=False, min_fusion_wires=1
    )
    (fused,) = _compiled_gates(program, 5, options, 0.3)
    assert fused.kind is Kind.DIAGONAL and fused.wires == (0, 1, 2, 3, 4)
    expected = _expected(
        [
            Gate("H", (w,)) for w in range(5)
        ] + [
            Gate("RZ", (0,), (0.3,)), Gate("IsingZZ", (1, 2), (0.3,)), Gate("CZ", (3, 4)),
            Gate("MultiRZ", (0, 4), (0.3,)), Gate("T", (2,)),
        ],
        5,
    )  # fmt: skip
    start = np.full(2**5, 2**-2.5, complex)
    got = np.asarray(fused.diagonal()) * start
    assert_close(got, expected)


def test_permutation_gates_compose_into_one_permutation():
    gates_ = [
        qj.ops.X(0), qj.ops.CNOT(wires=[0, 2]), qj.ops.SWAP(wires=[1, 2]),
        qj.ops.Toffoli(wires=[2, 0, 1]),
    ]  # fmt: skip
    (fused,) = fuse_gates(gates_, FusionLimits(dense=3, diagonal=3), order=int)
    assert fused.kind is Kind.PERMUTATION
    matrix = np.eye(8)
    for gate, name in zip(gates_, ["X", "CNOT", "SWAP", "Toffoli"], strict=True):
        matrix = oracle.embed(oracle.gate_matrix(name), list(gate.wires), 3) @ matrix
    expected = np.argmax(matrix, axis=0)
    assert fused.permutation == tuple(expected)


def test_fused_blocks_respect_the_width_and_keep_lone_gates():
    ops = [
        qj.ops.RY(0.1, wires=0), qj.ops.CNOT(wires=[0, 1]), qj.ops.CNOT(wires=[1, 2]),
        qj.ops.RX(0.2, wires=3),
    ]  # fmt: skip
    fused = fuse_gates(ops, FusionLimits(dense=2, diagonal=2), order=int)
    assert [op.wires for op in fused] == [(0, 1), (1, 2), (3,)]
    assert isinstance(fused[0], Fused) and fused[2] == ops[3]


def test_repeat_adjoint_undoes_the_scan():
    def program(angles):
        for angle in angles:
            qj.RX(angle, wires=0)
            qj.IsingXY(angle, wires=[0, 1])
        return qj.state()

    (repeat,) = _compiled_gates(
        program, 2, CompileOptions(fuse=False, min_scan_gates=1), jnp.arange(1.0, 4.0)
    )
    start = jnp.asarray(oracle.random_state(2, np.random.default_rng(0)), jnp.complex64)
    start = jnp.reshape(start, (2, 2))
    there = apply_operation(start, repeat, tuple)
    back = apply_operation(there, repeat.adjoint(), tuple)
    assert_close(there.reshape(-1), _expected_from(start, program, jnp.arange(1.0, 4.0)))
    assert_close(back, start)


def _expected_from(start, program, *args) -> np.ndarray:
    state = np.asarray(start).reshape(-1)
    for op in qj.record(program, wires=2)(*args).gates:
        state = oracle.apply(
            state, oracle.gate_matrix(op.name, [float(p) for p in op.params]), op.wires, 2
        )
    return state


# ---------------------------------------------------------------------------
# Options


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"min_repeats": 1}, "min_repeats must be at least 2"),
        ({"max_fused_wires": 0}, "max_fused_wires must be at least 1"),
        ({"max_diagonal_wires": 0}, "max_diagonal_wires must be at least 1"),
    ],
)
def test_compile_options_are_validated(kwargs, message):
    with pytest.raises(CircuitError, match=message):
        CompileOptions(**kwargs)


def test_compile_argument_must_be_a_bool_or_options():
    with pytest.raises(CircuitError, match=r"compile must be True, False or a qj.CompileOptions"):
        qj.circuit(lambda: qj.state(), wires=1, compile="fast")


def test_compile_false_runs_the_gates_as_recorded():
    compiled = compile_circuit(_hea(3).record(_angles(3, 2)), CompileOptions.none())
    assert len(compiled.gates) == 2 * (3 * 2 + 2)


# ---------------------------------------------------------------------------
# qj.repeat


def _hea_layer(num_wires: int):
    def layer(angles):
        for wire in range(num_wires):
            qj.RY(angles[wire, 0], wires=wire)
            qj.RZ(angles[wire, 1], wires=wire)
        for wire in range(num_wires - 1):
            qj.CNOT(wires=[wire, wire + 1])

    return layer


def _repeated_hea(num_wires: int, options: CompileOptions | bool = FUSING, diff_method="backprop"):
    @qj.circuit(wires=num_wires, compile=options, diff_method=diff_method)
    def ansatz(params):
        qj.repeat(_hea_layer(num_wires), params)
        return qj.expval(qj.Z(0))

    return ansatz


@pytest.mark.parametrize("options", [True, False], ids=["compiled", "as-recorded"])
@pytest.mark.parametrize("diff_method", ["backprop", "adjoint"])
def test_repeat_equals_the_python_loop(options, diff_method):
    params = _angles(4, 5)
    value, grad = jax.jit(jax.value_and_grad(_repeated_hea(4, options, diff_method)))(params)
    want_value, want_grad = jax.value_and_grad(_hea(4, False))(params)
    assert_close(value, want_value)
    assert_close(grad, want_grad)


def test_repeat_is_traced_once_whatever_the_depth():
    shallow = jax.make_jaxpr(_repeated_hea(5))(_angles(5, 2)).jaxpr
    deep = jax.make_jaxpr(_repeated_hea(5))(_angles(5, 200)).jaxpr
    assert len(list(jaxpr_equations(deep))) == len(list(jaxpr_equations(shallow)))


def test_repeat_batches_under_vmap():
    batch = jnp.stack([_angles(3, 4, seed) for seed in range(3)])
    got = jax.vmap(_repeated_hea(3))(batch)
    want = jnp.stack([_hea(3, False)(params) for params in batch])
    assert_close(got, want)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "needs parameters with a leading axis"),
        ({"a": jnp.ones(3), "b": jnp.ones(4)}, "must share one leading axis"),
        (jnp.float32(1.0), "must share one leading axis"),
    ],
)
def test_repeat_rejects_parameters_without_a_shared_leading_axis(params, message):
    def program():
        qj.repeat(lambda p: qj.RX(0.1, wires=0), params)
        return qj.state()

    with pytest.raises(ParameterError, match=message):
        qj.circuit(program, wires=1)()


def test_repeat_rejects_layers_that_measure_or_prepare():
    def program():
        qj.repeat(lambda p: qj.BasisState([1], wires=[0]), jnp.ones(2))
        return qj.state()

    with pytest.raises(CircuitError, match="a repeated layer may only apply gates"):
        qj.circuit(program, wires=1)()


def test_adjoint_walks_back_repeated_layers_without_parameters():
    def program(theta):
        qj.RX(theta, wires=0)
        for _ in range(3):
            qj.H(0)
            qj.CNOT(wires=[0, 1])
        return qj.expval(qj.Z(1))

    got = jax.grad(qj.circuit(program, wires=2, diff_method="adjoint"))(0.3)
    want = jax.grad(qj.circuit(program, wires=2, compile=False))(0.3)
    assert_close(got, want)


@pytest.mark.parametrize("options", [True, False], ids=["compiled", "as-recorded"])
def test_zero_wire_matrices_are_global_phases(options):
    def program(phi):
        qj.H(0)
        qj.QubitUnitary(jnp.exp(1j * phi) * jnp.ones((1, 1), jnp.complex64), wires=[])
        qj.ctrl(qj.QubitUnitary(jnp.exp(1j * phi) * jnp.ones((1, 1), jnp.complex64), wires=[]), 0)
        return qj.state()

    got = qj.circuit(program, wires=1, compile=options)(0.3)
    phase = np.exp(0.3j)
    assert_close(got, phase * np.array([1, phase]) / np.sqrt(2))


def test_parameter_shift_through_repeat_names_the_loop_alternative():
    circuit = _repeated_hea(2, diff_method="parameter-shift")
    with pytest.raises(DifferentiationError, match=r"qj.repeat.*Python loop.*adjoint"):
        jax.grad(circuit)(_angles(2, 3))


def test_basis_changes_between_expanded_pauli_rotations_cancel():
    def program(a, b):
        qj.PauliRot(a, "XXXXX", wires=range(5))
        qj.PauliRot(b, "XXXXX", wires=range(5))
        return qj.state()

    options = CompileOptions(scan_repeats=False, min_fusion_wires=1, max_fused_wires=1)
    gates = _compiled_gates(program, 5, options, 0.3, 0.4)
    assert "MultiRZ" in [op.name for op in gates]
    assert sum(op.name == "MultiRZ" for op in gates) == 1  # the H H pairs cancel, the RZs merge
    got = qj.circuit(program, wires=5, compile=options)(0.3, 0.4)
    want = qj.circuit(program, wires=5, compile=False)(0.3, 0.4)
    assert_close(got, want)
