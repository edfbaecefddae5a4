"""The store tests run twice: on SQLite and on the real PostgreSQL at 127.0.0.1:5432."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from myjob.store import SqlStore, open_store


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    if request.param == "sqlite":
        opened = open_store(f"sqlite:///{tmp_path / 'store.db'}")
        yield opened
        opened.dispose()
        return
    url = request.getfixturevalue("postgres_url")
    opened = open_store(url)
    yield opened
    with opened.begin() as connection:  # leave the session's database empty for the next test
        names = ", ".join(f'"{n}"' for n in opened.table_names() if n != "alembic_version")
        connection.execute(text(f"TRUNCATE {names}"))
    opened.dispose()
