from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from myjob.store import SqlStore
from myjob.store.sql import MIGRATIONS_DIR, alembic_config
from myjob.store.tables import cache_entries, metadata, run_summaries


def test_migrations_are_one_linear_chain() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, f"several Alembic heads in {MIGRATIONS_DIR}: {script.get_heads()}"


def test_migrated_schema_matches_table_definitions(store: SqlStore) -> None:
    inspector = inspect(store.engine)
    for table in metadata.sorted_tables:
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
        primary = set(inspector.get_pk_constraint(table.name)["constrained_columns"])
        assert primary == {c.name for c in table.primary_key.columns}, table.name


def test_migrate_twice_is_harmless(store: SqlStore) -> None:
    store.migrate()
    assert "jobs" in store.table_names()


def test_upsert_inserts_then_updates_by_primary_key(store: SqlStore) -> None:
    later = datetime(2026, 1, 2, tzinfo=UTC)
    row = {"key": "k1", "value": {"a": 1}, "expires_at": later}
    assert store.upsert(cache_entries, [row]) == 1
    store.upsert(cache_entries, [row | {"value": {"a": 2}}])
    with store.begin() as connection:
        values = connection.execute(select(cache_entries.c.value)).scalars().all()
    assert values == [{"a": 2}]


def test_upsert_preserve_keeps_stored_value(store: SqlStore) -> None:
    first = datetime(2026, 1, 1, tzinfo=UTC)
    row = {"dag_id": "d", "run_key": "r", "summary": {"n": 1}, "updated_at": first}
    store.upsert(run_summaries, [row])
    store.upsert(
        run_summaries,
        [row | {"summary": {"n": 2}, "updated_at": first + timedelta(days=1)}],
        preserve=["updated_at"],
    )
    with store.begin() as connection:
        summary, updated_at = connection.execute(
            select(run_summaries.c.summary, run_summaries.c.updated_at)
        ).one()
    assert summary == {"n": 2}
    assert updated_at.replace(tzinfo=UTC) == first


def test_upsert_many_rows_in_chunks(store: SqlStore) -> None:
    expires = datetime(2026, 1, 1, tzinfo=UTC)
    rows = [{"key": f"k{i}", "value": i, "expires_at": expires} for i in range(12_000)]
    store.upsert(cache_entries, rows)
    with store.begin() as connection:
        assert len(connection.execute(select(cache_entries.c.key)).all()) == 12_000


def test_sqlite_store_creates_its_folder(tmp_path: Path) -> None:
    from myjob.store import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'deep' / 'er' / 'store.db'}")
    assert (tmp_path / "deep" / "er" / "store.db").exists()
    opened.dispose()


def _open_and_count_tables(url: str) -> int:
    from myjob.store import open_store

    opened = open_store(url)
    count = len(opened.table_names())
    opened.dispose()
    return count


def test_several_processes_can_migrate_a_new_store_at_once(store: SqlStore, tmp_path: Path) -> None:
    """Mapped tasks on several workers open a new store at the same moment; none may fail."""
    import multiprocessing

    from sqlalchemy import text

    url = store.engine.url.render_as_string(hide_password=False)
    if store.dialect == "postgresql":
        with store.begin() as connection:  # back to an empty database, as a new deployment has
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    else:
        url = f"sqlite:///{tmp_path / 'fresh.db'}"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        counts = pool.map(_open_and_count_tables, [url] * 4)
    assert len(set(counts)) == 1
    assert counts[0] == len(metadata.tables) + 1  # and alembic_version
