"""qjax: a JAX-native, compiled quantum circuit simulator.

>>> import jax, qjax as qj
>>> @qj.circuit(wires=2)
... def bell_correlation(theta):
...     qj.RY(theta, wires=0)
...     qj.CNOT(wires=[0, 1])
...     return qj.expval(qj.Z(0) @ qj.Z(1))
>>> bell_correlation(0.3)
Array(1., dtype=float32)
"""

from qjax import compile, errors, grad, kernels, math, nn, noise, ops, optim, templates
from qjax._version import __version__
from qjax.circuit import Circuit, MeasurementProcess, QuantumFunction, record
from qjax.compile import CompileOptions, compile_circuit, repeat
from qjax.drawer import CircuitSpecs, draw, draw_mpl, specs
from qjax.grad import metric_tensor, quantum_fisher
from qjax.interop import MeasuredWire, QasmProgram, from_qasm, to_qasm
from qjax.measure import (
    counts,
    density_matrix,
    expval,
    mutual_info,
    probs,
    purity,
    sample,
    state,
    var,
    vn_entropy,
)
from qjax.noise import NoiseModel
from qjax.ops import (
    CCZ,
    CH,
    CNOT,
    CRX,
    CRY,
    CRZ,
    CSWAP,
    CY,
    CZ,
    ECR,
    ISWAP,
    RX,
    RY,
    RZ,
    SWAP,
    SX,
    U1,
    U2,
    U3,
    AmplitudeDamping,
    Barrier,
    BasisState,
    BitFlip,
    ControlledPhaseShift,
    ControlledQubitUnitary,
    CRot,
    DepolarizingChannel,
    DiagonalQubitUnitary,
    GeneralizedAmplitudeDamping,
    GlobalPhase,
    H,
    Hadamard,
    Hermitian,
    I,
    Identity,
    IsingXX,
    IsingXY,
    IsingYY,
    IsingZZ,
    KrausChannel,
    MultiControlledX,
    MultiRZ,
    PauliError,
    PauliRot,
    PauliX,
    PauliY,
    PauliZ,
    PhaseDamping,
    PhaseFlip,
    PhaseShift,
    QubitChannel,
    QubitUnitary,
    ResetError,
    Rot,
    S,
    Sdg,
    StatePrep,
    SXdg,
    T,
    Tdg,
    ThermalRelaxationError,
    Toffoli,
    X,
    Y,
    Z,
    adjoint,
    cond,
    ctrl,
    measure,
)
from qjax.sampling import counts_to_dict
from qjax.workflow import CircuitFunction, add_noise, circuit, execute

__all__ = [
    "CCZ", "CH", "CNOT", "CRX", "CRY", "CRZ", "CSWAP", "CY", "CZ", "ECR", "RX", "RY", "RZ",
    "SWAP", "SX", "U1", "U2", "U3", "Barrier", "BasisState", "Circuit", "CircuitFunction",
    "CompileOptions",
    "ControlledPhaseShift", "ControlledQubitUnitary", "CRot", "DiagonalQubitUnitary",
    "GlobalPhase", "H", "Hadamard", "Hermitian", "I", "ISWAP", "Identity", "IsingXX",
    "IsingXY", "IsingYY", "IsingZZ", "MeasurementProcess", "MultiControlledX", "MultiRZ",
    "PauliRot", "PauliX", "PauliY", "PauliZ", "PhaseShift", "QuantumFunction", "QubitUnitary",
    "Rot", "S", "SXdg", "Sdg", "StatePrep", "T", "Tdg", "Toffoli", "X", "Y", "Z",
    "__version__", "adjoint", "circuit", "compile", "compile_circuit", "counts", "counts_to_dict",
    "ctrl", "density_matrix", "errors", "execute", "expval", "grad", "kernels", "metric_tensor",
    "ops", "optim", "probs", "quantum_fisher", "record", "repeat", "sample", "state", "templates",
    "var", "AmplitudeDamping", "BitFlip", "DepolarizingChannel", "GeneralizedAmplitudeDamping",
    "KrausChannel", "NoiseModel", "PauliError", "PhaseDamping", "PhaseFlip", "QubitChannel",
    "ResetError", "ThermalRelaxationError", "add_noise", "cond", "math", "measure", "mutual_info",
    "nn", "noise", "purity", "vn_entropy", "CircuitSpecs", "draw", "draw_mpl", "specs",
    "MeasuredWire", "QasmProgram", "from_qasm", "to_qasm",
]  # fmt: skip
