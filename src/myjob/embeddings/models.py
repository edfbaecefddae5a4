"""Embedding models that load from files inside their wheel, never from a model hub.

WordLlama ships its 256-dimension weights and tokenizer inside the wheel, but its default loader
looks for the tokenizer in another folder and then tries the hub; pointing ``cache_dir`` at the
package folder with downloads disabled makes it load offline (``benchmarks/matching.py`` measures
it against the alternatives).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Protocol

import numpy as np
from numpy.typing import NDArray

from myjob.errors import UserError

Vectors = NDArray[np.float32]


class Embedder(Protocol):
    """Turns texts into unit-length float32 rows, so that a dot product is the cosine."""

    name: str
    dim: int

    def embed(self, texts: list[str]) -> Vectors: ...


class WordLlamaEmbedder:
    """WordLlama static token embeddings (l2_supercat), optionally truncated (Matryoshka dimensions)."""

    def __init__(self, dim: int = 256) -> None:
        import wordllama
        from wordllama import WordLlama

        self.dim = dim
        self.name = f"wordllama-l2_supercat-{dim}"
        self._model = WordLlama.load(
            cache_dir=Path(wordllama.__file__).parent,
            disable_download=True,
            trunc_dim=None if dim == 256 else dim,
        )

    def embed(self, texts: list[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.asarray(self._model.embed(texts, norm=False, batch_size=64), dtype=np.float32)
        return normalize_rows(vectors)


def normalize_rows(vectors: Vectors) -> Vectors:
    """Unit rows; an all-zero row (a text with no known token) stays zero instead of NaN."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0).astype(np.float32)


_MODELS = {
    "wordllama-l2_supercat-256": functools.partial(WordLlamaEmbedder, 256),
    "wordllama-l2_supercat-128": functools.partial(WordLlamaEmbedder, 128),
    "wordllama-l2_supercat-64": functools.partial(WordLlamaEmbedder, 64),
}


@functools.cache
def load_embedder(name: str) -> Embedder:
    """The named model, loaded once per process rather than once per batch."""
    try:
        factory = _MODELS[name]
    except KeyError:
        raise UserError(
            f"unknown embedding model {name!r}", hint=f"set MYJOB_EMBEDDING_MODEL to one of {sorted(_MODELS)}"
        ) from None
    return factory()
