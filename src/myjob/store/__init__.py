"""The store: where the pipelines keep jobs, resumes and matches.

``SqlStore`` is the one implementation shipped today (SQLite by default, PostgreSQL by URL, the
same code for both). Each concern reads and writes through its own repository module beside it
(``jobs.py`` for postings), so a pipeline never writes SQL of its own.
"""

from myjob.store.sql import SqlStore, open_store

__all__ = ["SqlStore", "open_store"]
