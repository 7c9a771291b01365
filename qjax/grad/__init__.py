"""How circuits are differentiated: backprop (plain JAX), adjoint, parameter-shift, finite-diff."""

from qjax.grad._adjoint import adjoint_execute
from qjax.grad._metric import metric_tensor, quantum_fisher
from qjax.grad._shift_rules import (
    FD_STEP_SCALE,
    ShiftRule,
    finite_diff_execute,
    parameter_shift_execute,
    shift_coefficients,
)

__all__ = [
    "FD_STEP_SCALE",
    "ShiftRule",
    "adjoint_execute",
    "finite_diff_execute",
    "metric_tensor",
    "parameter_shift_execute",
    "quantum_fisher",
    "shift_coefficients",
]
