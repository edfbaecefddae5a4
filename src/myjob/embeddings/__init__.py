"""Text embeddings for matching: a model that ships inside a PyPI package, and a cache by content hash.

``load_embedder(name)`` returns the model named in ``Settings.embedding_model``; ``EmbeddingCache``
stores each vector in the ``embeddings`` table under the hash of the exact text embedded, so a job
or a resume is embedded once however many runs see it.
"""

from myjob.embeddings.cache import EmbeddingCache, text_hash
from myjob.embeddings.models import Embedder, WordLlamaEmbedder, load_embedder

__all__ = ["Embedder", "EmbeddingCache", "WordLlamaEmbedder", "load_embedder", "text_hash"]
