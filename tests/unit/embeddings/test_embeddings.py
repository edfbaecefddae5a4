"""The shipped embedding model loads offline, and the cache embeds a text once."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from myjob.embeddings import EmbeddingCache, WordLlamaEmbedder, load_embedder, text_hash
from myjob.errors import UserError
from myjob.store import open_store


class CountingEmbedder:
    name = "counting-4"
    dim = 4

    def __init__(self) -> None:
        self.seen: list[str] = []

    def embed(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.array([[len(t), 1, 0, 0] for t in texts], dtype=np.float32) / 10


def test_wordllama_loads_with_the_network_closed(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    model = WordLlamaEmbedder(256)
    vectors = model.embed(["Python developer", "Senior Java engineer", ""])
    assert vectors.shape == (3, 256)
    assert np.allclose(np.linalg.norm(vectors[:2], axis=1), 1, atol=1e-5)
    assert not np.isnan(vectors).any()


def test_related_texts_are_closer_than_unrelated_ones():
    model = load_embedder("wordllama-l2_supercat-256")
    a, b, c = model.embed(
        ["machine learning engineer, PyTorch", "deep learning scientist", "forklift operator, warehouse"]
    )
    assert a @ b > a @ c


def test_unknown_model_is_a_user_error():
    with pytest.raises(UserError, match="unknown embedding model"):
        load_embedder("no-such-model")


def test_cache_embeds_each_text_once_across_instances(tmp_path: Path):
    store = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    embedder = CountingEmbedder()
    first = EmbeddingCache(store, embedder).vectors(["a", "bb", "a"])
    again = EmbeddingCache(store, embedder)
    second = again.vectors(["bb", "a", "ccc"])
    assert embedder.seen == ["a", "bb", "ccc"]
    assert again.last_embedded == 1
    np.testing.assert_array_equal(first[0], second[1])
    assert text_hash("a") != text_hash("a ")
