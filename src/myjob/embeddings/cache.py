"""Vectors cached by the hash of the text embedded, in the store's ``embeddings`` table."""

from __future__ import annotations

import hashlib

import numpy as np
from sqlalchemy import select

from myjob.embeddings.models import Embedder, Vectors
from myjob.store.sql import SqlStore
from myjob.store.tables import embeddings

_LOOKUP_CHUNK = 500


def text_hash(text: str) -> str:
    """The cache key of a text: the exact string embedded, so a changed posting is embedded again."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache:
    """Embeds only texts whose hash the store has not seen with this model, and keeps the rest."""

    def __init__(self, store: SqlStore, embedder: Embedder) -> None:
        self.store = store
        self.embedder = embedder
        self.last_embedded = 0

    def vectors(self, texts: list[str]) -> Vectors:
        """One unit row per text, in order; the number of texts actually embedded is in ``last_embedded``."""
        hashes = [text_hash(t) for t in texts]
        known = self._load(sorted(set(hashes)))
        missing = {h: t for h, t in zip(hashes, texts, strict=True) if h not in known}
        self.last_embedded = len(missing)
        if missing:
            fresh = self.embedder.embed(list(missing.values()))
            rows = []
            for key, vector in zip(missing, fresh, strict=True):
                known[key] = vector
                rows.append(
                    {
                        "content_hash": key,
                        "model": self.embedder.name,
                        "dim": self.embedder.dim,
                        "vector": vector.astype("<f4").tobytes(),
                    }
                )
            self.store.upsert(embeddings, rows)
        out = np.zeros((len(texts), self.embedder.dim), dtype=np.float32)
        for i, key in enumerate(hashes):
            out[i] = known[key]
        return out

    def _load(self, hashes: list[str]) -> dict[str, Vectors]:
        found: dict[str, Vectors] = {}
        with self.store.begin() as connection:
            for start in range(0, len(hashes), _LOOKUP_CHUNK):
                chunk = hashes[start : start + _LOOKUP_CHUNK]
                rows = connection.execute(
                    select(embeddings.c.content_hash, embeddings.c.vector).where(
                        embeddings.c.model == self.embedder.name, embeddings.c.content_hash.in_(chunk)
                    )
                )
                for key, blob in rows:
                    found[key] = np.frombuffer(blob, dtype="<f4").astype(np.float32)
        return found
