"""``qj.specs``: resources of fixed circuits against counts worked out by hand.

Bytes are ``2**n`` amplitudes (``4**n`` density-matrix entries) times the
itemsize of the complex dtype; passes are the operations the compiled circuit
applies, so fusion lowers them and ``compile=False`` keeps one per gate.
"""

import dataclasses

import jax
import jax.numpy as jnp
import numpy as np
import pytest

import qjax as qj


def mixed(theta, phi):
    qj.H(0)
    qj.CNOT(wires=[0, 1])
    qj.Rot(theta, phi, 0.3, wires=2)
    qj.RX(theta, wires=0)
    qj.QubitUnitary(np.eye(2), wires=1)
    qj.Barrier(wires=[0, 1, 2])
    qj.CZ(wires=[1, 2])
    return qj.expval(qj.Z(0)), qj.probs(wires=[1, 2])


def block():
    qj.RX(0.1, wires=0)
    qj.RY(0.2, wires=0)
    qj.RX(0.3, wires=1)
    qj.CNOT(wires=[0, 1])
    qj.RZ(0.4, wires=1)
    return qj.probs()


def measured():
    qj.H(0)
    m = qj.measure(0)
    qj.cond(m, qj.X)(wires=1)
    return qj.probs(wires=[1])


def noisy():
    qj.X(0)
    qj.BitFlip(0.1, wires=0)
    qj.CNOT(wires=[0, 1])
    return qj.expval(qj.Z(1))


def _layer(angles):
    qj.RY(angles[0], wires=0)
    qj.CZ(wires=[0, 1])


def layered(angles):
    qj.repeat(_layer, angles)
    return qj.probs(wires=[1])


def test_counts_depth_parameters_and_bytes():
    info = qj.specs(qj.circuit(mixed, wires=3))(0.1, 0.2)
    assert info.num_wires == 3 and info.wires == (0, 1, 2)
    assert info.num_operations == 6
    assert dict(info.gate_types) == {
        "H": 1, "CNOT": 1, "Rot": 1, "RX": 1, "QubitUnitary": 1, "CZ": 1,
    }  # fmt: skip
    assert dict(info.gate_sizes) == {1: 4, 2: 2}
    # columns: H and Rot | CNOT | RX and QubitUnitary | barrier | CZ
    assert info.depth == 4
    assert info.num_parameters == 3 + 1 + 4
    assert info.num_trainable_params == 3
    assert info.measurements == ("qj.expval(Z(wires=[0]))", "qj.probs(wires=[1, 2])")
    assert (info.method, info.simulated_wires, info.dtype) == ("statevector", 3, "complex64")
    assert info.state_bytes == 2**3 * 8
    assert dict(info.passes_by_kind) == {"dense": 4, "controlled": 1, "diagonal": 1}
    assert info.num_passes == 6
    assert (info.shots, info.diff_method) == (None, "backprop")


def test_complex128_states_take_twice_the_bytes(x64):
    info = qj.specs(mixed, wires=3)(0.1, 0.2)
    assert (info.dtype, info.state_bytes) == ("complex128", 2**3 * 16)


def test_fusion_needs_fewer_passes_than_gate_by_gate():
    plain = qj.specs(qj.circuit(block, wires=2, compile=False))()
    options = qj.CompileOptions(min_fusion_wires=1, max_fused_wires=2)
    fused = qj.specs(qj.circuit(block, wires=2, compile=options))()
    assert dict(plain.passes_by_kind) == {"dense": 3, "controlled": 1, "diagonal": 1}
    assert dict(fused.passes_by_kind) == {"dense": 1}
    assert (plain.num_passes, fused.num_passes) == (5, 1)
    assert plain.gate_types == fused.gate_types and plain.depth == fused.depth == 4


def test_cancelled_inverses_cost_no_pass():
    def twice():
        qj.H(0)
        qj.H(0)
        return qj.probs()

    assert qj.specs(qj.circuit(twice, wires=1))().num_passes == 0
    assert qj.specs(qj.circuit(twice, wires=1, compile=False))().num_passes == 2


def test_channels_choose_the_density_method_and_four_to_the_n_bytes():
    info = qj.specs(noisy, wires=2)()
    assert (info.method, info.simulated_wires) == ("density", 2)
    assert info.state_bytes == 4**2 * 8
    assert dict(info.passes_by_kind) == {"permutation": 1, "channel": 1, "controlled": 1}
    assert dict(info.gate_types) == {"X": 1, "BitFlip": 1, "CNOT": 1}
    assert info.num_parameters == 0


def test_trajectories_hold_a_pure_state():
    info = qj.specs(qj.circuit(noisy, wires=2, method="trajectories"))(key=jax.random.key(0))
    assert (info.method, info.state_bytes) == ("trajectories", 2**2 * 8)


def test_deferred_measurements_add_a_wire():
    info = qj.specs(measured, wires=2)()
    assert dict(info.gate_types) == {"H": 1, "MidMeasure": 1, "Conditional(X)": 1}
    assert info.simulated_wires == 3 and info.state_bytes == 2**3 * 8
    # the measurement becomes a CNOT onto its outcome wire, the condition a controlled X
    assert dict(info.passes_by_kind) == {"dense": 1, "controlled": 2}
    drawn = qj.specs(qj.circuit(measured, wires=2, method="trajectories"))(key=jax.random.key(0))
    assert drawn.simulated_wires == 2
    assert dict(drawn.passes_by_kind) == {"dense": 1, "measure": 1, "conditional": 1}


def test_repeated_layers_count_per_layer():
    info = qj.specs(layered, wires=2)(jnp.array([[0.1], [0.2], [0.3]]))
    assert dict(info.gate_types) == {"RY": 3, "CZ": 3}
    assert info.depth == 6
    assert (info.num_parameters, info.num_trainable_params) == (3, 3)
    assert dict(info.passes_by_kind) == {"dense": 3, "diagonal": 3}


def test_constants_are_not_trainable():
    def circuit(theta):
        qj.RX(theta, wires=0)
        qj.RY(jnp.cos(0.3), wires=0)
        qj.ctrl(qj.RZ(2 * theta, wires=1), control=0)
        return qj.probs()

    info = qj.specs(circuit, wires=2)(0.5)
    assert dict(info.gate_types) == {"RX": 1, "RY": 1, "C(RZ)": 1}
    assert (info.num_parameters, info.num_trainable_params) == (3, 2)


def test_trainable_count_unknown_when_recording_needs_values():
    def branching(theta):
        if theta > 0:
            qj.RX(theta, wires=0)
        return qj.probs()

    info = qj.specs(branching, wires=1)(0.5)
    assert (info.num_parameters, info.num_trainable_params) == (1, None)


def test_specs_under_jit():
    found = []

    def traced(theta):
        found.append(qj.specs(mixed, wires=3)(theta, 0.2))
        return theta

    jax.jit(traced)(0.1)
    (info,) = found
    assert (info.num_parameters, info.num_trainable_params, info.depth) == (8, 3, 4)


def test_shots_and_diff_method_of_a_circuit():
    sampled = qj.circuit(block, wires=2, shots=100, diff_method="parameter-shift")
    info = qj.specs(sampled)(key=jax.random.key(0))
    assert (info.shots, info.diff_method) == (100, "parameter-shift")


def test_result_is_immutable_and_reads_like_a_mapping():
    info = qj.specs(block, wires=2)()
    assert info["depth"] == info.depth == 4
    as_dict = info.to_dict()
    assert as_dict["gate_types"] == {"RX": 2, "RY": 1, "CNOT": 1, "RZ": 1}
    assert type(as_dict["gate_types"]) is dict
    with pytest.raises(KeyError, match="num_qubits"):
        info["num_qubits"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.depth = 1
    with pytest.raises(TypeError):
        info.gate_types["RX"] = 0
    assert "depth: 4" in str(info).splitlines()


def test_bad_function_raises():
    with pytest.raises(qj.errors.WireError, match="wires="):
        qj.specs(block)
