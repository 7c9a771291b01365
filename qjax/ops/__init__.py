"""Gate, state-preparation and observable definitions (what acts, never how)."""

from qjax.ops._channels import (
    KRAUS_ATOL,
    AmplitudeDamping,
    BitFlip,
    Channel,
    DepolarizingChannel,
    GeneralizedAmplitudeDamping,
    KrausChannel,
    PauliError,
    PhaseDamping,
    PhaseFlip,
    QubitChannel,
    ResetError,
    ThermalRelaxationError,
)
from qjax.ops._gates import (
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
    PAULI_ROT_DENSE_MAX_WIRES,
    RX,
    RY,
    RZ,
    SWAP,
    SX,
    U1,
    U2,
    U3,
    UNITARY_ATOL,
    Barrier,
    ControlledPhaseShift,
    ControlledQubitUnitary,
    CRot,
    DiagonalQubitUnitary,
    GlobalPhase,
    H,
    I,
    IsingXX,
    IsingXY,
    IsingYY,
    IsingZZ,
    MeasuredAtEnd,
    MultiControlledX,
    MultiRZ,
    PauliRot,
    PhaseShift,
    QubitUnitary,
    Rot,
    S,
    Sdg,
    SXdg,
    T,
    Tdg,
    Toffoli,
    X,
    Y,
    Z,
)
from qjax.ops._mid_measure import (
    Conditional,
    MeasurementValue,
    MidMeasure,
    OutcomeWire,
    Postselect,
    cond,
    measure,
)
from qjax.ops._observables import HERMITIAN_ATOL, Hermitian
from qjax.ops._operation import (
    Adjoint,
    Controlled,
    Frequencies,
    Generator,
    NamedControlled,
    Operation,
    generator_matrix,
    spectrum_frequencies,
)
from qjax.ops._operator import (
    NON_UNITARY_KINDS,
    Kind,
    Operator,
    Prod,
    SProd,
    Sum,
    Term,
    Wires,
    as_wires,
)
from qjax.ops._queuing import dequeue, enqueue, paused, recorded_so_far, recording
from qjax.ops._state_prep import NORM_ATOL, BasisState, StatePrep, StatePreparation
from qjax.ops._transforms import adjoint, ctrl

PauliX = X
PauliY = Y
PauliZ = Z
Hadamard = H
Identity = I

__all__ = [
    "CCZ", "CH", "CNOT", "CRX", "CRY", "CRZ", "CSWAP", "CY", "CZ", "ECR", "H", "HERMITIAN_ATOL",
    "I", "ISWAP", "NORM_ATOL", "PAULI_ROT_DENSE_MAX_WIRES", "RX", "RY", "RZ", "SWAP", "SX",
    "U1", "U2", "U3", "UNITARY_ATOL", "Adjoint", "Barrier", "MeasuredAtEnd", "BasisState",
    "Controlled",
    "ControlledPhaseShift", "ControlledQubitUnitary", "CRot", "DiagonalQubitUnitary",
    "Frequencies", "Generator", "GlobalPhase", "Hadamard", "Hermitian", "Identity", "IsingXX",
    "IsingXY",
    "IsingYY", "IsingZZ", "Kind", "MultiControlledX", "MultiRZ", "NamedControlled",
    "Operation", "Operator", "PauliRot", "PauliX", "PauliY", "PauliZ", "PhaseShift", "Prod",
    "QubitUnitary", "Rot", "S", "SProd", "Sdg", "SXdg", "StatePrep", "StatePreparation",
    "Sum", "T", "Tdg", "Term", "Toffoli", "Wires", "X", "Y", "Z", "adjoint", "as_wires",
    "ctrl", "dequeue", "generator_matrix", "spectrum_frequencies", "enqueue", "paused", "recording",
    "recorded_so_far",
    "KRAUS_ATOL", "NON_UNITARY_KINDS", "AmplitudeDamping", "BitFlip", "Channel", "Conditional",
    "DepolarizingChannel", "GeneralizedAmplitudeDamping", "KrausChannel", "MeasurementValue",
    "MidMeasure", "OutcomeWire", "PauliError", "Postselect", "PhaseDamping", "PhaseFlip",
    "QubitChannel", "ResetError",
    "ThermalRelaxationError", "cond", "measure",
]  # fmt: skip
