"""QAOA layers: the cost layer ``exp(-i gamma H_C)`` and the X mixer ``exp(-i alpha sum X)``.

They follow PennyLane's ``qml.qaoa.cost_layer`` and ``mixer_layer``: each is
``ApproxTimeEvolution`` of its Hamiltonian for time ``gamma`` (``alpha``) in
one Trotter step, that is ``PauliRot(2 * time * c, word)`` for every term
``c * word`` whose word is not the identity (identity terms only add a global
phase and are dropped). A cost Hamiltonian is diagonal, so its rotations
commute and the one step is exact.
"""

from collections.abc import Hashable, Sequence
from typing import Any

import jax.numpy as jnp
import numpy as np
from jax.typing import ArrayLike

from qjax._dtypes import real_dtype
from qjax.errors import ParameterError, WireError
from qjax.ops import RX, RZ, I, MultiRZ, Operator, Sum, X, Z, as_wires, dequeue, paused
from qjax.templates._common import as_array, template_wires

_EXAMPLE = (
    "an observable such as 0.5 * (qj.Z(0) @ qj.Z(1)) + qj.Z(2), or a pair "
    "(coefficients, words) such as ([0.5, 1.0], ['ZZI', 'IIZ'])"
)


def _check_scalar(value: Any, owner: str, name: str) -> None:
    if np.shape(value) != ():
        raise ParameterError(
            f"{owner} {name} must be a scalar, got shape {np.shape(value)}; batch with jax.vmap"
        )


def _observable_terms(hamiltonian: Operator, owner: str) -> list[tuple[Any, tuple[Hashable, ...]]]:
    """``(coefficient, wires of its Z factors)`` for every term of a Z/I observable."""
    if not hamiltonian.is_observable:
        raise ParameterError(
            f"{owner} hamiltonian must be {_EXAMPLE}, got the gate {hamiltonian!r}"
        )
    terms = []
    for coeff, factors in hamiltonian.terms():
        for factor in factors:
            if factor.name not in ("Z", "I"):
                raise ParameterError(
                    f"{owner} hamiltonian must be diagonal, built from Z and I only, got the "
                    f"factor {factor!r}"
                )
        terms.append((coeff, tuple(w for f in factors if f.name == "Z" for w in f.wires)))
    return terms


def _word_terms(
    hamiltonian: Sequence[Any], wires: object, owner: str
) -> list[tuple[Any, tuple[Hashable, ...]]]:
    """``(coefficient, wires of its Z letters)`` for every ``(coefficient, word)`` pair."""
    coefficients, words = hamiltonian
    coefficients = as_array(coefficients)
    if isinstance(words, str) or not isinstance(words, Sequence) or not words:
        raise ParameterError(
            f"{owner} words must be a non-empty list of strings over 'I' and 'Z', got {words!r}"
        )
    if np.shape(coefficients) != (len(words),):
        raise ParameterError(
            f"{owner} coefficients must have shape ({len(words)},), one per word, got shape "
            f"{np.shape(coefficients)}"
        )
    if np.iscomplexobj(coefficients):
        raise ParameterError(f"{owner} coefficients must be real, got {coefficients!r}")
    for word in words:
        if not isinstance(word, str) or not word or set(word) - set("IZ"):
            raise ParameterError(
                f"{owner} words must be strings over 'I' and 'Z' (the Hamiltonian must be "
                f"diagonal), got {word!r}; e.g. 'ZZI'"
            )
    length = len(words[0])
    labels = tuple(range(length)) if wires is None else as_wires(wires, owner, "wires=[0, 1, 2]")
    for word in words:
        if len(word) != len(labels):
            raise WireError(
                f"{owner} words must have one letter per wire ({len(labels)}: "
                f"{list(labels)}), got {word!r}"
            )
    return [
        (coefficients[k], tuple(w for w, letter in zip(labels, word, strict=True) if letter == "Z"))
        for k, word in enumerate(words)
    ]


def qaoa_cost_layer(gamma: ArrayLike, hamiltonian: Any, wires: object = None) -> None:
    """Applies the QAOA cost layer ``exp(-i gamma H_C)`` of a diagonal cost Hamiltonian.

    As PennyLane's ``qml.qaoa.cost_layer``: each term ``c * Z...Z`` becomes
    ``RZ(2 gamma c)`` (one Z) or ``MultiRZ(2 gamma c)`` on the term's Z wires,
    in the order of the terms; identity terms are dropped (a global phase).

    Args:
      gamma: the layer's angle, a scalar.
      hamiltonian: an observable built from ``Z`` and ``I`` (e.g. the first
        result of :func:`maxcut`), or a pair ``(coefficients, words)`` of real
        coefficients and strings over ``"I"`` and ``"Z"``, letter ``k`` acting
        on ``wires[k]``. An observable created inside the circuit is consumed,
        as a measurement consumes it.
      wires: for ``(coefficients, words)``, the wires of the letters (default
        ``range(len(word))``); an observable carries its own.

    Raises:
      ParameterError: ``gamma`` is not a scalar, or the Hamiltonian is not
        diagonal or malformed.
      WireError: a word's length differs from the number of wires.

    >>> import qjax as qj
    >>> def layer(gamma):
    ...     qj.templates.qaoa_cost_layer(gamma, ([0.5, -1.0], ["ZZ", "IZ"]))
    ...     return qj.probs()
    >>> qj.record(layer, wires=2)(0.1).operations
    (MultiRZ(0.1, wires=[0, 1]), RZ(-0.2, wires=[1]))
    """
    owner = "qaoa_cost_layer"
    _check_scalar(gamma, owner, "gamma")
    if isinstance(hamiltonian, Operator):
        if wires is not None:
            raise ParameterError(
                f"{owner} wires apply to (coefficients, words) only; an observable carries "
                "its own wires"
            )
        terms = _observable_terms(hamiltonian, owner)
        dequeue(hamiltonian)
    elif isinstance(hamiltonian, (tuple, list)) and len(hamiltonian) == 2:
        terms = _word_terms(hamiltonian, wires, owner)
    else:
        raise ParameterError(f"{owner} hamiltonian must be {_EXAMPLE}, got {hamiltonian!r}")
    time = jnp.asarray(gamma, real_dtype())
    for coeff, z_wires in terms:
        if not z_wires:
            continue
        angle = 2 * time * jnp.asarray(coeff, real_dtype())
        if len(z_wires) == 1:
            RZ(angle, wires=list(z_wires))
        else:
            MultiRZ(angle, wires=list(z_wires))


def qaoa_mixer_layer(alpha: ArrayLike, wires: object) -> None:
    """Applies the QAOA X mixer ``exp(-i alpha sum_w X_w)``: ``RX(2 alpha)`` on every wire.

    As PennyLane's ``qml.qaoa.mixer_layer`` with ``qml.qaoa.x_mixer(wires)``.

    Args:
      alpha: the layer's angle, a scalar.
      wires: the wires to mix.

    Raises:
      ParameterError: ``alpha`` is not a scalar.

    >>> import qjax as qj
    >>> def layer(alpha):
    ...     qj.templates.qaoa_mixer_layer(alpha, wires=[0, 1])
    ...     return qj.probs()
    >>> qj.record(layer, wires=2)(0.25).operations
    (RX(0.5, wires=[0]), RX(0.5, wires=[1]))
    """
    owner = "qaoa_mixer_layer"
    wires = template_wires(wires, owner, f"{owner}(alpha, wires=range(4))")
    _check_scalar(alpha, owner, "alpha")
    for wire in wires:
        RX(2 * alpha, wires=[wire])


def maxcut(edges: Sequence[tuple[Hashable, Hashable]]) -> tuple[Operator, Operator]:
    """The MaxCut cost and mixer Hamiltonians of a graph given by its edges.

    As PennyLane's ``qml.qaoa.maxcut``: the cost is
    ``H_C = sum_(i, j) (Z_i Z_j - I) / 2``, whose energy on a basis state is
    minus the number of edges it cuts, with the ``Z Z`` terms first, then the
    identity terms; the mixer is ``sum_v X_v`` over the graph's nodes, in the
    order they first appear in ``edges``. Use the cost with
    :func:`qaoa_cost_layer` and ``qj.expval``, and the mixer's wires with
    :func:`qaoa_mixer_layer`.

    Args:
      edges: the graph's edges, pairs of distinct wire labels, each edge once.

    Returns:
      ``(cost, mixer)``, two observables.

    Raises:
      WireError: an edge is not a pair of distinct labels, or appears twice.

    >>> import jax.numpy as jnp, qjax as qj
    >>> cost, mixer = qj.templates.maxcut([(0, 1), (1, 2)])
    >>> @qj.circuit(wires=3)
    ... def energy(bits):
    ...     qj.BasisState(bits, wires=[0, 1, 2])
    ...     return qj.expval(cost)
    >>> energy(jnp.array([0, 1, 0]))
    Array(-2., dtype=float32)
    """
    owner = "maxcut"
    if isinstance(edges, np.ndarray):
        edges = edges.tolist()
    if isinstance(edges, (str, bytes)) or not isinstance(edges, Sequence) or not edges:
        raise WireError(f"{owner} edges must be a non-empty list of wire pairs, got {edges!r}")
    pairs: list[tuple[Hashable, Hashable]] = []
    for edge in edges:
        pair = tuple(edge) if isinstance(edge, (tuple, list)) else (edge,)
        if len(pair) != 2 or pair[0] == pair[1]:
            raise WireError(
                f"{owner} edges must be pairs of distinct wires, got {edge!r}; "
                "e.g. [(0, 1), (1, 2)]"
            )
        if pair in pairs or pair[::-1] in pairs:
            raise WireError(f"{owner} edges must each appear once, got {edge!r} twice")
        pairs.append(pair)  # type: ignore[arg-type]
    nodes = list(dict.fromkeys(wire for pair in pairs for wire in pair))
    with paused():
        cuts = [0.5 * (Z(wires=[a]) @ Z(wires=[b])) for a, b in pairs]
        offsets = [-0.5 * (I(wires=[a]) @ I(wires=[b])) for a, b in pairs]
        cost = Sum(*cuts, *offsets)
        mixer = Sum(*(1.0 * X(wires=[node]) for node in nodes))
    return cost, mixer
