"""Ready-made circuit building blocks: plain functions that record gates."""

from qjax.templates._embeddings import AngleEmbedding
from qjax.templates._layers import BasicEntanglerLayers

__all__ = ["AngleEmbedding", "BasicEntanglerLayers"]
