"""Ready-made circuit building blocks: plain functions that record gates.

Call a template inside any circuit function, like a gate. The embeddings,
layers and QAOA layers follow PennyLane's templates of the same names (their
arguments, gate order, wire order and conventions); a template with weights
has a ``.shape`` helper, PennyLane's static method:
``jnp.zeros(StronglyEntanglingLayers.shape(n_layers=2, n_wires=4))``.
"""

from qjax.templates._embeddings import (
    AmplitudeEmbedding,
    AngleEmbedding,
    BasisEmbedding,
    IQPEmbedding,
)
from qjax.templates._layers import (
    BasicEntanglerLayers,
    DataReuploading,
    HardwareEfficientAnsatz,
    SimplifiedTwoDesign,
    StronglyEntanglingLayers,
)
from qjax.templates._qaoa import maxcut, qaoa_cost_layer, qaoa_mixer_layer
from qjax.templates._random import RandomLayers

__all__ = [
    "AmplitudeEmbedding",
    "AngleEmbedding",
    "BasicEntanglerLayers",
    "BasisEmbedding",
    "DataReuploading",
    "HardwareEfficientAnsatz",
    "IQPEmbedding",
    "RandomLayers",
    "SimplifiedTwoDesign",
    "StronglyEntanglingLayers",
    "maxcut",
    "qaoa_cost_layer",
    "qaoa_mixer_layer",
]
