"""SQL implementation of the store over SQLAlchemy 2 (SQLite or PostgreSQL)."""

from __future__ import annotations

import fcntl
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, Table, create_engine, event, inspect, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# SQLite caps bound parameters per statement (32,766); PostgreSQL at 65,535. Stay well below both.
_MAX_PARAMS = 30_000
# PostgreSQL advisory lock id that serializes schema migrations of the store (any fixed number).
_MIGRATION_LOCK_KEY = 0x6D796A6F62


def utcnow() -> datetime:
    return datetime.now(UTC)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # WAL lets readers go on while a mapped task writes; busy_timeout makes concurrent writers
    # from LocalExecutor wait for each other instead of failing with "database is locked".
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def create_store_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


class SqlStore:
    """Engine plus the few generic operations every repository needs: transactions and upserts."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def migrate(self) -> None:
        """Bring the schema to the newest Alembic revision; safe to run on every start."""
        with self._sqlite_file_lock(), self.engine.begin() as connection:
            if self.dialect == "postgresql":
                # Mapped tasks on several workers open a new store at the same moment: without
                # this lock they all try to create the schema and all but one fail. It is held
                # until this transaction ends; the others then find the schema at head.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            config = alembic_config(self.engine.url.render_as_string(hide_password=False))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    @contextmanager
    def _sqlite_file_lock(self) -> Iterator[None]:
        """On SQLite, the same serialization through a lock file beside the database.

        SQLite runs DDL outside any transaction here, so parallel LocalExecutor tasks on a new
        store would race to create the same tables; an exclusive ``flock`` makes them take turns.
        """
        database = self.engine.url.database if self.dialect == "sqlite" else None
        if not database or database == ":memory:":
            yield
            return
        with Path(f"{database}.migrate-lock").open("a") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @contextmanager
    def begin(self) -> Iterator[Connection]:
        with self.engine.begin() as connection:
            yield connection

    def upsert(
        self,
        table: Table,
        rows: Sequence[Mapping[str, Any]],
        *,
        connection: Connection | None = None,
        preserve: Sequence[str] = (),
    ) -> int:
        """Insert rows, or update the existing row with the same primary key.

        Columns named in ``preserve`` keep their stored value on update (``first_seen_at``, say),
        so that writing the same row again changes nothing.
        """
        if not rows:
            return 0
        if connection is None:
            with self.begin() as own:
                return self.upsert(table, rows, connection=own, preserve=preserve)
        keys = [c.name for c in table.primary_key.columns]
        columns = list(rows[0].keys())
        insert = postgresql.insert if self.dialect == "postgresql" else sqlite.insert
        chunk = max(1, _MAX_PARAMS // max(1, len(columns)))
        for start in range(0, len(rows), chunk):
            statement = insert(table).values(list(rows[start : start + chunk]))
            updates = {c: statement.excluded[c] for c in columns if c not in keys and c not in preserve}
            if updates:
                statement = statement.on_conflict_do_update(index_elements=keys, set_=updates)
            else:
                statement = statement.on_conflict_do_nothing(index_elements=keys)
            connection.execute(statement)
        return len(rows)

    def table_names(self) -> list[str]:
        return sorted(inspect(self.engine).get_table_names())

    def dispose(self) -> None:
        self.engine.dispose()


def open_store(url: str, *, migrate: bool = True) -> SqlStore:
    """The store at ``url``, migrated to the newest schema unless told otherwise."""
    store = SqlStore(create_store_engine(url))
    if migrate:
        store.migrate()
    return store
