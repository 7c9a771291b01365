"""The gate set, with PennyLane's names, signatures and matrix conventions.

Matrices are pure functions of the parameters. Diagonal gates (RZ, CZ,
PhaseShift, MultiRZ, IsingZZ, ...) define only their diagonal, permutation
gates (X, SWAP) only their permutation, and controlled gates (CNOT, Toffoli,
CRX, ...) only their target gate: the simulator never multiplies by a zero.
"""

import math
from typing import Any, ClassVar

import jax
import jax.numpy as jnp
import numpy as np

from qjax._dtypes import complex_dtype, is_traced, real_dtype
from qjax.errors import ParameterError, UnitaryError, WireError
from qjax.ops._operation import Controlled, Frequencies, Generator, NamedControlled, Operation
from qjax.ops._operator import Kind, Operator
from qjax.ops._queuing import paused

UNITARY_ATOL = 1e-6
"""Absolute tolerance of the unitarity check on concrete matrices (complex64-safe)."""


def _real(x: Any) -> jax.Array:
    return jnp.asarray(x, real_dtype())


def _complex(x: Any) -> jax.Array:
    return jnp.asarray(x, complex_dtype())


def _phase(angle: Any) -> jax.Array:
    """``exp(i * angle)`` for a real angle."""
    angle = _real(angle)
    return jax.lax.complex(jnp.cos(angle), jnp.sin(angle))


def _half_angle(theta: Any) -> tuple[jax.Array, jax.Array]:
    half = _real(theta) / 2
    return _complex(jnp.cos(half)), _complex(jnp.sin(half))


def _matrix(rows: list[list[Any]]) -> jax.Array:
    return jnp.stack([jnp.stack([_complex(entry) for entry in row]) for row in rows])


def _constant(rows: Any) -> jax.Array:
    return jnp.asarray(np.asarray(rows), complex_dtype())


def _z_parities(num_wires: int) -> np.ndarray:
    """The eigenvalues (+1/-1) of ``Z ⊗ ... ⊗ Z`` on ``num_wires`` qubits."""
    bits = (np.arange(2**num_wires)[:, None] >> np.arange(num_wires)) & 1
    return 1 - 2 * (bits.sum(axis=1) % 2)


class _Fixed(Operation):
    """A gate without parameters whose matrix is a constant."""

    self_inverse = True
    matrix_rows: ClassVar[Any] = None

    @classmethod
    def compute_matrix(cls) -> jax.Array:  # type: ignore[override]
        return _constant(cls.matrix_rows)


class _FixedDiagonal(Operation):
    """A gate without parameters whose matrix is a constant diagonal."""

    kind = Kind.DIAGONAL
    self_inverse = True
    diagonal_values: ClassVar[Any] = None

    @classmethod
    def compute_diagonal(cls) -> jax.Array:  # type: ignore[override]
        return _constant(cls.diagonal_values)


class I(Operation):  # noqa: E742 - PennyLane's name
    """The identity on any number of wires; applying it costs nothing.

    >>> I(0).matrix().real
    Array([[1., 0.],
           [0., 1.]], dtype=float32)
    """

    num_wires = None
    kind = Kind.PERMUTATION
    self_inverse = True
    is_observable = True

    @property
    def permutation(self) -> tuple[int, ...]:
        return tuple(range(2 ** len(self.wires)))


class Barrier(Operation):
    """A barrier across wires: it changes nothing and only shows in drawings and OpenQASM.

    The compiler removes it before simulating.

    >>> Barrier(wires=[0, 1]).decomposition()
    []
    """

    num_wires = None
    kind = Kind.SEQUENCE
    self_inverse = True
    compute_takes_num_wires = True

    @classmethod
    def example(cls) -> str:
        return "Barrier(wires=[0, 1])"

    @staticmethod
    def compute_matrix(num_wires: int) -> jax.Array:  # type: ignore[override]
        return jnp.eye(2**num_wires, dtype=complex_dtype())

    def decomposition(self) -> list[Operation]:
        return []


class MeasuredAtEnd(Barrier):
    """Marks wires measured at the end of an imported program: no later gate may act on them.

    The measurement is read from the final state (``qj.probs``, ``qj.sample``),
    so the circuit refuses a gate on these wires after the marker. It
    changes nothing and draws as a barrier.

    >>> MeasuredAtEnd(wires=[0]).decomposition()
    []
    """

    @classmethod
    def example(cls) -> str:
        return "MeasuredAtEnd(wires=[0])"


class X(Operation):
    """Pauli X (NOT): a bit flip, applied as a reversal of one axis.

    >>> X(0).matrix().real
    Array([[0., 1.],
           [1., 0.]], dtype=float32)
    """

    kind = Kind.PERMUTATION
    self_inverse = True
    is_observable = True
    permutation = (1, 0)


class Y(_Fixed):
    """Pauli Y.

    >>> Y(0).matrix().imag
    Array([[ 0., -1.],
           [ 1.,  0.]], dtype=float32)
    """

    is_observable = True
    matrix_rows = ((0, -1j), (1j, 0))


class Z(_FixedDiagonal):
    """Pauli Z.

    >>> Z(0).diagonal().real
    Array([ 1., -1.], dtype=float32)
    """

    is_observable = True
    diagonal_values = (1, -1)


class H(_Fixed):
    """The Hadamard gate (also an observable, ``(X + Z) / sqrt(2)``).

    >>> bool(jnp.allclose(H(0).matrix() * 2**0.5, jnp.array([[1, 1], [1, -1]])))
    True
    """

    is_observable = True
    matrix_rows = np.array([[1, 1], [1, -1]]) / math.sqrt(2)


class S(_FixedDiagonal):
    """The phase gate ``diag(1, i)``.

    >>> S(0).diagonal().tolist()
    [(1+0j), 1j]
    """

    self_inverse = False
    diagonal_values = (1, 1j)

    def _adjoint(self) -> Operation:
        return Sdg(self.wires)


class Sdg(_FixedDiagonal):
    """The inverse phase gate ``diag(1, -i)``.

    >>> bool(jnp.allclose(Sdg(0).diagonal(), jnp.array([1, -1j])))
    True
    """

    self_inverse = False
    diagonal_values = (1, -1j)

    def _adjoint(self) -> Operation:
        return S(self.wires)


class T(_FixedDiagonal):
    """The T gate ``diag(1, exp(i pi/4))``.

    >>> bool(jnp.allclose(T(0).diagonal()[1] ** 2, 1j))
    True
    """

    self_inverse = False
    diagonal_values = (1, np.exp(1j * np.pi / 4))

    def _adjoint(self) -> Operation:
        return Tdg(self.wires)


class Tdg(_FixedDiagonal):
    """The inverse T gate ``diag(1, exp(-i pi/4))``.

    >>> bool(jnp.allclose(Tdg(0).diagonal()[1] ** 2, -1j))
    True
    """

    self_inverse = False
    diagonal_values = (1, np.exp(-1j * np.pi / 4))

    def _adjoint(self) -> Operation:
        return T(self.wires)


class SX(_Fixed):
    """The square root of X, ``[[1+i, 1-i], [1-i, 1+i]] / 2``.

    >>> bool(jnp.allclose(SX(0).matrix() @ SX(0).matrix(), X(0).matrix()))
    True
    """

    self_inverse = False
    matrix_rows = np.array([[1 + 1j, 1 - 1j], [1 - 1j, 1 + 1j]]) / 2

    def _adjoint(self) -> Operation:
        return SXdg(self.wires)


class SXdg(_Fixed):
    """The inverse square root of X.

    >>> bool(jnp.allclose(SXdg(0).matrix() @ SX(0).matrix(), jnp.eye(2)))
    True
    """

    self_inverse = False
    matrix_rows = np.array([[1 - 1j, 1 + 1j], [1 + 1j, 1 - 1j]]) / 2

    def _adjoint(self) -> Operation:
        return SX(self.wires)


class _Rotation(Operation):
    """A one-parameter gate ``exp(i theta G)``: inverted by negating theta."""

    num_params = 1
    param_names = ("theta",)
    negate_to_invert = True
    generator_terms: ClassVar[Generator] = ()

    def generator(self) -> Generator | None:
        return self.generator_terms


class RX(_Rotation):
    """Rotation about X: ``exp(-i theta X / 2)``.

    >>> RX(jnp.pi, wires=0).matrix().imag.round(6)
    Array([[ 0., -1.],
           [-1.,  0.]], dtype=float32)
    """

    generator_terms = ((-0.5, "X"),)

    @staticmethod
    def compute_matrix(theta: Any) -> jax.Array:  # type: ignore[override]
        c, s = _half_angle(theta)
        return _matrix([[c, -1j * s], [-1j * s, c]])


class RY(_Rotation):
    """Rotation about Y: ``exp(-i theta Y / 2)``.

    >>> bool(jnp.allclose(RY(jnp.pi, wires=0).matrix(), jnp.array([[0, -1], [1, 0]]), atol=1e-6))
    True
    """

    generator_terms = ((-0.5, "Y"),)

    @staticmethod
    def compute_matrix(theta: Any) -> jax.Array:  # type: ignore[override]
        c, s = _half_angle(theta)
        return _matrix([[c, -s], [s, c]])


class RZ(_Rotation):
    """Rotation about Z: ``exp(-i theta Z / 2)``, a diagonal.

    >>> RZ(jnp.pi, wires=0).diagonal().imag.round(6)
    Array([-1.,  1.], dtype=float32)
    """

    kind = Kind.DIAGONAL
    generator_terms = ((-0.5, "Z"),)

    @staticmethod
    def compute_diagonal(theta: Any) -> jax.Array:  # type: ignore[override]
        half = _real(theta) / 2
        return jnp.stack([_phase(-half), _phase(half)])


class PhaseShift(_Rotation):
    """The phase shift ``diag(1, exp(i phi))``.

    >>> bool(jnp.allclose(PhaseShift(jnp.pi / 2, wires=0).diagonal(), jnp.array([1, 1j])))
    True
    """

    param_names = ("phi",)
    kind = Kind.DIAGONAL
    generator_terms = ((0.5, "I"), (-0.5, "Z"))

    @staticmethod
    def compute_diagonal(phi: Any) -> jax.Array:  # type: ignore[override]
        return jnp.stack([_complex(1), _phase(phi)])


class U1(PhaseShift):
    """OpenQASM's ``u1``: the same matrix as :class:`PhaseShift`.

    >>> U1(jnp.pi, wires=0).diagonal().real.round(6)
    Array([ 1., -1.], dtype=float32)
    """


class U2(Operation):
    """OpenQASM's ``u2(phi, delta) = U3(pi/2, phi, delta)``.

    >>> bool(jnp.allclose(U2(0.0, jnp.pi, wires=0).matrix(), H(0).matrix(), atol=1e-6))
    True
    """

    num_params = 2
    param_names = ("phi", "delta")

    def parameter_frequencies(self) -> Frequencies | None:
        """Each angle enters as a phase shift: frequency 1."""
        return ((1.0,), (1.0,))

    @staticmethod
    def compute_matrix(phi: Any, delta: Any) -> jax.Array:  # type: ignore[override]
        return U3.compute_matrix(np.pi / 2, phi, delta)

    def _adjoint(self) -> Operation:
        phi, delta = self.params
        return U3(-np.pi / 2, -delta, -phi, wires=self.wires)


class U3(Operation):
    """The general single-qubit gate ``U3(theta, phi, delta)`` of OpenQASM 2.

    >>> bool(jnp.allclose(U3(jnp.pi, 0.0, jnp.pi, wires=0).matrix(), X(0).matrix(), atol=1e-6))
    True
    """

    num_params = 3
    param_names = ("theta", "phi", "delta")

    def parameter_frequencies(self) -> Frequencies | None:
        """``theta`` enters as an RY rotation, ``phi`` and ``delta`` as phase shifts."""
        return ((1.0,), (1.0,), (1.0,))

    @staticmethod
    def compute_matrix(theta: Any, phi: Any, delta: Any) -> jax.Array:  # type: ignore[override]
        c, s = _half_angle(theta)
        phi, delta = _real(phi), _real(delta)
        return _matrix([[c, -_phase(delta) * s], [_phase(phi) * s, _phase(phi + delta) * c]])

    def _adjoint(self) -> Operation:
        theta, phi, delta = self.params
        return U3(-theta, -delta, -phi, wires=self.wires)


class Rot(Operation):
    """``Rot(phi, theta, omega) = RZ(omega) RY(theta) RZ(phi)``.

    >>> bool(jnp.allclose(Rot(0.0, jnp.pi, 0.0, wires=0).matrix(), RY(jnp.pi, 0).matrix()))
    True
    """

    num_params = 3
    param_names = ("phi", "theta", "omega")

    def parameter_frequencies(self) -> Frequencies | None:
        """Each angle enters as a rotation ``RZ``, ``RY``, ``RZ``: frequency 1."""
        return ((1.0,), (1.0,), (1.0,))

    @staticmethod
    def compute_matrix(phi: Any, theta: Any, omega: Any) -> jax.Array:  # type: ignore[override]
        c, s = _half_angle(theta)
        phi, omega = _real(phi), _real(omega)
        return _matrix(
            [
                [_phase(-(phi + omega) / 2) * c, -_phase((phi - omega) / 2) * s],
                [_phase((omega - phi) / 2) * s, _phase((phi + omega) / 2) * c],
            ]
        )

    def _adjoint(self) -> Operation:
        phi, theta, omega = self.params
        return Rot(-omega, -theta, -phi, wires=self.wires)


class CNOT(NamedControlled):
    """Controlled X (wires: control, target), applied as a flip of the controlled slice.

    >>> CNOT(wires=[0, 1]).control_wires
    (0,)
    """

    base_class = X
    self_inverse = True


class CY(NamedControlled):
    """Controlled Y.

    >>> CY(wires=[0, 1]).base
    Y(wires=[1])
    """

    base_class = Y
    self_inverse = True


class CZ(_FixedDiagonal):
    """Controlled Z, the diagonal ``diag(1, 1, 1, -1)``.

    >>> CZ(wires=[0, 1]).diagonal().real
    Array([ 1.,  1.,  1., -1.], dtype=float32)
    """

    num_wires = 2
    diagonal_values = (1, 1, 1, -1)


class CH(NamedControlled):
    """Controlled Hadamard.

    >>> CH(wires=[0, 1]).base
    H(wires=[1])
    """

    base_class = H
    self_inverse = True


class SWAP(Operation):
    """Swaps two qubits, applied as a transposition of two axes.

    >>> SWAP(wires=[0, 1]).permutation
    (0, 2, 1, 3)
    """

    num_wires = 2
    kind = Kind.PERMUTATION
    self_inverse = True
    permutation = (0, 2, 1, 3)


class ISWAP(_Fixed):
    """Swaps two qubits and multiplies ``|01>`` and ``|10>`` by ``i``.

    >>> ISWAP(wires=[0, 1]).matrix()[1, 2]
    Array(0.+1.j, dtype=complex64)
    """

    num_wires = 2
    self_inverse = False
    matrix_rows = ((1, 0, 0, 0), (0, 0, 1j, 0), (0, 1j, 0, 0), (0, 0, 0, 1))


class ECR(_Fixed):
    """The echoed cross-resonance gate, ``(X ⊗ I - Y ⊗ X) / sqrt(2)``.

    >>> bool(jnp.allclose(ECR(wires=[0, 1]).matrix() @ ECR(wires=[0, 1]).matrix(), jnp.eye(4)))
    True
    """

    num_wires = 2
    matrix_rows = np.array(
        [[0, 0, 1, 1j], [0, 0, 1j, 1], [1, -1j, 0, 0], [-1j, 1, 0, 0]]
    ) / math.sqrt(2)


class CRX(NamedControlled):
    """Controlled RX.

    >>> CRX(0.5, wires=[0, 1]).base
    RX(0.5, wires=[1])
    """

    base_class = RX
    negate_to_invert = True


class CRY(NamedControlled):
    """Controlled RY.

    >>> CRY(0.5, wires=[0, 1]).base
    RY(0.5, wires=[1])
    """

    base_class = RY
    negate_to_invert = True


class CRZ(_Rotation):
    """Controlled RZ, the diagonal ``diag(1, 1, exp(-i theta/2), exp(i theta/2))``.

    >>> CRZ(0.5, wires=[0, 1]).diagonal()[:2]
    Array([1.+0.j, 1.+0.j], dtype=complex64)
    """

    num_wires = 2
    kind = Kind.DIAGONAL
    generator_terms = ((-0.25, "IZ"), (0.25, "ZZ"))

    @staticmethod
    def compute_diagonal(theta: Any) -> jax.Array:  # type: ignore[override]
        one = _complex(1)
        return jnp.concatenate([jnp.stack([one, one]), RZ.compute_diagonal(theta)])


class ControlledPhaseShift(_Rotation):
    """Controlled phase shift, the diagonal ``diag(1, 1, 1, exp(i phi))``.

    >>> ControlledPhaseShift(jnp.pi, wires=[0, 1]).diagonal().real.round(6)
    Array([ 1.,  1.,  1., -1.], dtype=float32)
    """

    num_wires = 2
    param_names = ("phi",)
    kind = Kind.DIAGONAL
    generator_terms = ((0.25, "II"), (-0.25, "IZ"), (-0.25, "ZI"), (0.25, "ZZ"))

    @staticmethod
    def compute_diagonal(phi: Any) -> jax.Array:  # type: ignore[override]
        one = _complex(1)
        return jnp.stack([one, one, one, _phase(phi)])


class CRot(NamedControlled):
    """Controlled Rot.

    >>> CRot(0.1, 0.2, 0.3, wires=[0, 1]).base
    Rot(0.1, 0.2, 0.3, wires=[1])
    """

    base_class = Rot

    def _adjoint(self) -> Operation:
        phi, theta, omega = self.params
        return CRot(-omega, -theta, -phi, wires=self.wires)


class Toffoli(NamedControlled):
    """Doubly controlled X (wires: control, control, target).

    >>> Toffoli(wires=[0, 1, 2]).control_wires
    (0, 1)
    """

    base_class = X
    num_controls = 2
    self_inverse = True


class CCZ(_FixedDiagonal):
    """Doubly controlled Z, the diagonal ``diag(1, ..., 1, -1)``.

    >>> CCZ(wires=[0, 1, 2]).diagonal().real[-2:]
    Array([ 1., -1.], dtype=float32)
    """

    num_wires = 3
    diagonal_values = (1,) * 7 + (-1,)


class CSWAP(NamedControlled):
    """Controlled SWAP (Fredkin; wires: control, target, target).

    >>> CSWAP(wires=[0, 1, 2]).base
    SWAP(wires=[1, 2])
    """

    base_class = SWAP
    self_inverse = True


class IsingXX(_Rotation):
    """``exp(-i phi X ⊗ X / 2)``.

    >>> IsingXX(jnp.pi, wires=[0, 1]).matrix()[0, 3].round(6)
    Array(0.-1.j, dtype=complex64)
    """

    num_wires = 2
    param_names = ("phi",)
    generator_terms = ((-0.5, "XX"),)

    @staticmethod
    def compute_matrix(phi: Any) -> jax.Array:  # type: ignore[override]
        c, s = _half_angle(phi)
        z = _complex(0)
        return _matrix(
            [[c, z, z, -1j * s], [z, c, -1j * s, z], [z, -1j * s, c, z], [-1j * s, z, z, c]]
        )


class IsingYY(_Rotation):
    """``exp(-i phi Y ⊗ Y / 2)``.

    >>> IsingYY(jnp.pi, wires=[0, 1]).matrix()[0, 3].round(6)
    Array(0.+1.j, dtype=complex64)
    """

    num_wires = 2
    param_names = ("phi",)
    generator_terms = ((-0.5, "YY"),)

    @staticmethod
    def compute_matrix(phi: Any) -> jax.Array:  # type: ignore[override]
        c, s = _half_angle(phi)
        z = _complex(0)
        return _matrix(
            [[c, z, z, 1j * s], [z, c, -1j * s, z], [z, -1j * s, c, z], [1j * s, z, z, c]]
        )


class IsingZZ(_Rotation):
    """``exp(-i phi Z ⊗ Z / 2)``, a diagonal.

    >>> IsingZZ(jnp.pi, wires=[0, 1]).diagonal().imag.round(6)
    Array([-1.,  1.,  1., -1.], dtype=float32)
    """

    num_wires = 2
    param_names = ("phi",)
    kind = Kind.DIAGONAL
    generator_terms = ((-0.5, "ZZ"),)

    @staticmethod
    def compute_diagonal(phi: Any) -> jax.Array:  # type: ignore[override]
        return MultiRZ.compute_diagonal(phi, num_wires=2)


class IsingXY(_Rotation):
    """``exp(i phi (X ⊗ X + Y ⊗ Y) / 4)``.

    >>> IsingXY(jnp.pi, wires=[0, 1]).matrix()[1, 2].round(6)
    Array(0.+1.j, dtype=complex64)
    """

    num_wires = 2
    param_names = ("phi",)
    generator_terms = ((0.25, "XX"), (0.25, "YY"))

    @staticmethod
    def compute_matrix(phi: Any) -> jax.Array:  # type: ignore[override]
        c, s = _half_angle(phi)
        z, one = _complex(0), _complex(1)
        return _matrix([[one, z, z, z], [z, c, 1j * s, z], [z, 1j * s, c, z], [z, z, z, one]])


class MultiRZ(_Rotation):
    """``exp(-i theta Z ⊗ ... ⊗ Z / 2)`` on any number of wires, a diagonal.

    >>> MultiRZ(jnp.pi, wires=[0, 1, 2]).diagonal().imag.round(6)
    Array([-1.,  1.,  1., -1.,  1., -1., -1.,  1.], dtype=float32)
    """

    num_wires = None
    kind = Kind.DIAGONAL
    compute_takes_num_wires = True

    def generator(self) -> Generator | None:
        return ((-0.5, "Z" * len(self.wires)),)

    @staticmethod
    def compute_diagonal(theta: Any, num_wires: int) -> jax.Array:  # type: ignore[override]
        half = _real(theta) / 2
        return _phase(-half * _z_parities(num_wires).astype(real_dtype()))


PAULI_ROT_DENSE_MAX_WIRES = 2
"""PauliRot on more non-identity wires than this is applied as basis changes around a MultiRZ."""


class PauliRot(Operation):
    """``exp(-i theta P / 2)`` for a Pauli word ``P`` over ``I, X, Y, Z``, one letter per wire.

    >>> PauliRot(0.5, "XY", wires=[0, 1]).generator()
    ((-0.5, 'XY'),)
    """

    num_wires = None
    num_params = 1
    param_names = ("theta",)
    negate_to_invert = True

    def __init__(self, theta: Any, pauli_word: str, wires: object = None):
        self._init((theta,), wires, {"pauli_word": pauli_word})

    @classmethod
    def example(cls) -> str:
        return 'PauliRot(0.5, "XY", wires=[0, 1])'

    def _validate(self) -> None:
        super()._validate()
        word = self.hyperparameters["pauli_word"]
        if not isinstance(word, str) or set(word) - set("IXYZ"):
            raise ParameterError(
                f"PauliRot pauli_word must be a string over I, X, Y, Z, got {word!r}; "
                f"e.g. {self.example()}"
            )
        if len(word) != len(self.wires):
            raise WireError(
                f"PauliRot word {word!r} has {len(word)} letters but wires={list(self.wires)} "
                f"has {len(self.wires)}; give one letter per wire"
            )

    @property
    def kind(self) -> Kind:  # type: ignore[override]
        """Diagonal for Z-only words, dense on few wires, else basis changes around MultiRZ."""
        word = self.hyperparameters["pauli_word"]
        if set(word) <= set("IZ"):
            return Kind.DIAGONAL
        active = len(word) - word.count("I")
        return Kind.DENSE if active <= PAULI_ROT_DENSE_MAX_WIRES else Kind.SEQUENCE

    def generator(self) -> Generator | None:
        return ((-0.5, self.hyperparameters["pauli_word"]),)

    @staticmethod
    def compute_matrix(theta: Any, pauli_word: str) -> jax.Array:  # type: ignore[override]
        letters = {
            "I": np.eye(2),
            "X": [[0, 1], [1, 0]],
            "Y": [[0, -1j], [1j, 0]],
            "Z": [[1, 0], [0, -1]],
        }
        pauli = np.ones((1, 1))
        for letter in pauli_word:
            pauli = np.kron(pauli, letters[letter])
        c, s = _half_angle(theta)
        return c * _constant(np.eye(len(pauli))) - 1j * s * _constant(pauli)

    @staticmethod
    def compute_diagonal(theta: Any, pauli_word: str) -> jax.Array:  # type: ignore[override]
        z_wires = [i for i, letter in enumerate(pauli_word) if letter == "Z"]
        bits = (
            np.arange(2 ** len(pauli_word))[:, None]
            >> (len(pauli_word) - 1 - np.array(z_wires, dtype=int))
        ) & 1
        parities = 1 - 2 * (bits.sum(axis=1) % 2)
        return _phase(-(_real(theta) / 2) * parities.astype(real_dtype()))

    def decomposition(self) -> list[Operation]:
        word = self.hyperparameters["pauli_word"]
        active = [(w, letter) for w, letter in zip(self.wires, word, strict=False) if letter != "I"]
        with paused():
            into_z: list[Operation] = []
            for wire, letter in active:
                if letter == "X":
                    into_z.append(H(wires=[wire]))
                elif letter == "Y":
                    into_z += [Sdg(wires=[wire]), H(wires=[wire])]
            rotation = MultiRZ(self.params[0], wires=[w for w, _ in active])
            return into_z + [rotation] + [op.adjoint() for op in reversed(into_z)]


class MultiControlledX(Controlled):
    """X on the last wire, controlled by all the others (``control_values`` default all 1).

    >>> MultiControlledX(wires=[0, 1, 2, 3], control_values=[1, 0, 1]).control_wires
    (0, 1, 2)
    """

    num_wires = None
    self_inverse = True

    def __init__(self, wires: object = None, control_values: object = None):
        Operator.__init__(self, wires=wires)
        if len(self.wires) < 2:
            raise WireError(
                f"MultiControlledX needs at least 2 wires (controls then target), "
                f"got wires={list(self.wires)}; e.g. MultiControlledX(wires=[0, 1, 2])"
            )
        with paused():
            super().__init__(X(wires=self.wires[-1:]), self.wires[:-1], control_values)

    @classmethod
    def example(cls) -> str:
        return "MultiControlledX(wires=[0, 1, 2])"

    def __repr__(self) -> str:
        values = list(self.control_values)
        return f"MultiControlledX(wires={list(self.wires)}, control_values={values})"


def _check_unitary(matrix: Any, owner: str) -> None:
    if is_traced(matrix):
        return
    matrix = np.asarray(matrix)
    if not np.allclose(matrix @ matrix.conj().T, np.eye(len(matrix)), atol=UNITARY_ATOL, rtol=0):
        raise UnitaryError(
            f"{owner} matrix is not unitary (U @ U^dagger != I within atol={UNITARY_ATOL}); "
            "pass a unitary matrix, e.g. one from jnp.linalg.qr"
        )


class QubitUnitary(Operation):
    """Any ``(2**k, 2**k)`` unitary on k wires, concrete or traced.

    A concrete matrix is checked to be unitary; a traced one is trusted.

    >>> QubitUnitary(jnp.eye(2), wires=0).matrix().real
    Array([[1., 0.],
           [0., 1.]], dtype=float32)
    """

    num_wires = None
    num_params = 1
    param_names = ("U",)
    real_params = False

    @classmethod
    def example(cls) -> str:
        return "QubitUnitary(jnp.eye(4), wires=[0, 1])"

    def param_shapes(self) -> tuple[tuple[int, ...], ...]:
        return ((2 ** len(self.wires),) * 2,)

    def _validate(self) -> None:
        super()._validate()
        _check_unitary(self.params[0], self.name)

    @staticmethod
    def compute_matrix(U: Any) -> jax.Array:  # type: ignore[override]
        return _complex(U)

    def _adjoint(self) -> Operation:
        return QubitUnitary(jnp.conj(_complex(self.params[0])).T, wires=self.wires)


class ControlledQubitUnitary(Controlled):
    """A unitary on the last ``log2(len(U))`` wires, controlled by the wires before them.

    >>> op = ControlledQubitUnitary(jnp.eye(2), wires=[0, 1, 2])
    >>> op.control_wires, op.target_wires
    ((0, 1), (2,))
    """

    num_wires = None

    def __init__(self, U: Any, wires: object = None, control_values: object = None):
        Operator.__init__(self, wires=wires)
        size = np.shape(U)[0] if np.ndim(U) == 2 else 0
        num_targets = size.bit_length() - 1
        if size < 2 or size != 2**num_targets or len(self.wires) <= num_targets:
            raise ParameterError(
                f"ControlledQubitUnitary needs a (2**k, 2**k) matrix and more than k wires "
                f"(controls, then k targets), got U of shape {np.shape(U)} and "
                f"wires={list(self.wires)}; e.g. {self.example()}"
            )
        _check_unitary(U, self.name)
        with paused():
            base = QubitUnitary(U, wires=self.wires[-num_targets:])
            super().__init__(base, self.wires[:-num_targets], control_values)

    @classmethod
    def example(cls) -> str:
        return "ControlledQubitUnitary(jnp.eye(2), wires=[0, 1])"


class DiagonalQubitUnitary(Operation):
    """A diagonal unitary given by its ``2**k`` diagonal entries (each of modulus 1).

    >>> DiagonalQubitUnitary(jnp.array([1, -1]), wires=0).diagonal().real
    Array([ 1., -1.], dtype=float32)
    """

    num_wires = None
    num_params = 1
    param_names = ("D",)
    real_params = False
    kind = Kind.DIAGONAL

    @classmethod
    def example(cls) -> str:
        return "DiagonalQubitUnitary(jnp.array([1, -1, 1j, -1j]), wires=[0, 1])"

    def param_shapes(self) -> tuple[tuple[int, ...], ...]:
        return ((2 ** len(self.wires),),)

    def _validate(self) -> None:
        super()._validate()
        diagonal = self.params[0]
        if not is_traced(diagonal) and not np.allclose(
            np.abs(np.asarray(diagonal)), 1, atol=UNITARY_ATOL, rtol=0
        ):
            raise UnitaryError(
                f"DiagonalQubitUnitary entries must have modulus 1 (within atol={UNITARY_ATOL}), "
                f"got {np.asarray(diagonal)}"
            )

    @staticmethod
    def compute_diagonal(D: Any) -> jax.Array:  # type: ignore[override]
        return _complex(D)

    def _adjoint(self) -> Operation:
        return DiagonalQubitUnitary(jnp.conj(_complex(self.params[0])), wires=self.wires)


class GlobalPhase(_Rotation):
    """``exp(-i phi)`` times the identity, on any number of wires (none by default).

    Only observable through ``qj.ctrl``, which turns it into a relative phase.

    >>> bool(jnp.allclose(GlobalPhase(jnp.pi / 2).diagonal(), jnp.array([-1j]), atol=1e-6))
    True
    """

    num_wires = None
    param_names = ("phi",)
    kind = Kind.DIAGONAL
    compute_takes_num_wires = True

    def __init__(self, phi: Any, wires: object = ()):
        self._init((phi,), wires, {})

    @classmethod
    def example(cls) -> str:
        return "GlobalPhase(0.5)"

    def generator(self) -> Generator | None:
        return ((-1.0, "I" * len(self.wires)),)

    @staticmethod
    def compute_diagonal(phi: Any, num_wires: int) -> jax.Array:  # type: ignore[override]
        return jnp.broadcast_to(_phase(-_real(phi)), (2**num_wires,))
