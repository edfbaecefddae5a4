"""Reads and writes of the matching pipeline: users to match, scored pairs, LLM usage, digests."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, and_, delete, func, or_, select, tuple_, update

from myjob.models import Job, ResumeFacts
from myjob.services.llm import UsageRecord
from myjob.store.runs import RunSummaryRepository
from myjob.store.sql import SqlStore, utcnow
from myjob.store.tables import (
    digests,
    jobs,
    llm_usage,
    matches,
    resume_match_passes,
    resumes,
    staged_candidates,
    staged_matches,
    users,
)

_CHUNK = 500
# Staged batches moved into ``matches`` per statement round: about this many times 200 rows in memory.
_BATCHES_PER_MOVE = 50
_STAGED_MATCH_COLUMNS = [c for c in staged_matches.c if c.name not in ("run_key", "batch", "staged_at")]
log = logging.getLogger(__name__)


def as_utc(value: datetime | None) -> datetime | None:
    """SQLite hands timestamps back without their zone; every one we write is UTC."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class ActiveUser:
    user_id: str
    resume_id: str
    facts: ResumeFacts
    text: str
    preferences: dict[str, Any]


class MatchRepository:
    def __init__(self, store: SqlStore) -> None:
        self.store = store

    # --- what to match ----------------------------------------------------------------------------

    def active_users(self, user_ids: Sequence[str] | None = None) -> list[ActiveUser]:
        """Active users with an active resume (optionally only ``user_ids``); unreadable facts skip a user."""
        query = (
            select(users.c.user_id, users.c.preferences, resumes.c.resume_id, resumes.c.facts, resumes.c.text)
            .join(resumes, resumes.c.resume_id == users.c.active_resume_id)
            .where(users.c.active.is_(True))
            .order_by(users.c.user_id)
        )
        found: list[ActiveUser] = []
        with self.store.begin() as connection:
            for chunk in _chunks(user_ids) if user_ids is not None else [None]:
                q = query if chunk is None else query.where(users.c.user_id.in_(chunk))
                for row in connection.execute(q).mappings():
                    try:
                        facts = ResumeFacts.model_validate(row["facts"])
                    except ValidationError as error:
                        log.warning("user %s skipped: unreadable resume facts (%s)", row["user_id"], error)
                        continue
                    found.append(
                        ActiveUser(
                            row["user_id"],
                            row["resume_id"],
                            facts,
                            row["text"] or "",
                            dict(row["preferences"] or {}),
                        )
                    )
        return found

    def passed_resumes(self) -> set[tuple[str, str]]:
        """(user, resume) pairs already matched against every live job once."""
        with self.store.begin() as connection:
            return {
                (u, r)
                for u, r in connection.execute(
                    select(resume_match_passes.c.user_id, resume_match_passes.c.resume_id)
                )
            }

    def record_passes(self, pairs: Iterable[tuple[str, str]], run_key: str) -> None:
        now = utcnow()
        rows = [{"user_id": u, "resume_id": r, "run_key": run_key, "completed_at": now} for u, r in pairs]
        self.store.upsert(resume_match_passes, rows, preserve=("run_key", "completed_at"))

    def live_job_ids(self, first_seen_after: datetime | None = None) -> list[str]:
        query = select(jobs.c.job_id).where(jobs.c.status == "live").order_by(jobs.c.job_id)
        if first_seen_after is not None:
            query = query.where(jobs.c.first_seen_at > first_seen_after)
        with self.store.begin() as connection:
            return list(connection.execute(query).scalars())

    def newest_first_seen(self) -> datetime | None:
        with self.store.begin() as connection:
            return as_utc(connection.execute(select(func.max(jobs.c.first_seen_at))).scalar_one())

    def jobs(self, job_ids: Sequence[str]) -> dict[str, Job]:
        """Live jobs by id; a job taken down since candidates were chosen is left out."""
        found: dict[str, Job] = {}
        with self.store.begin() as connection:
            for chunk in _chunks(job_ids):
                query = select(jobs.c.job_id, jobs.c.record).where(
                    jobs.c.job_id.in_(chunk), jobs.c.status == "live"
                )
                for job_id, record in connection.execute(query):
                    found[job_id] = Job.model_validate(record)
        return found

    def scored_jobs(self, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
        """Job ids already scored for each (user, resume): never scored, nor paid for, twice."""
        found: dict[tuple[str, str], set[str]] = defaultdict(set)
        with self.store.begin() as connection:
            for chunk in _chunks(pairs):
                query = select(matches.c.user_id, matches.c.resume_id, matches.c.job_id).where(
                    tuple_(matches.c.user_id, matches.c.resume_id).in_(chunk)
                )
                for user_id, resume_id, job_id in connection.execute(query):
                    found[(user_id, resume_id)].add(job_id)
        return found

    # --- candidates ---------------------------------------------------------------------------------

    def stage_candidates(self, run_key: str, batches: Sequence[dict[str, Any]]) -> None:
        """Hold the run's candidate batches, replacing all the run staged before (candidates and scores).

        A retry or rerun of ``generate_matching_pairs`` may cut different batches; rows scored from
        the earlier cut would no longer match any batch, so they go too. One row per batch keeps the
        pairs (about 17 KB per 200) out of XCom; each row is bounded by the batch size.
        """
        now = utcnow()
        rows = [
            {
                "run_key": run_key,
                "batch": b["batch"],
                "users": b["users"],
                "user_count": len(b["users"]),
                "pair_count": sum(len(u["jobs"]) for u in b["users"]),
                "staged_at": now,
            }
            for b in batches
        ]
        with self.store.begin() as connection:
            connection.execute(delete(staged_candidates).where(staged_candidates.c.run_key == run_key))
            connection.execute(delete(staged_matches).where(staged_matches.c.run_key == run_key))
            self.store.upsert(staged_candidates, rows, connection=connection)

    def staged_batches(self, run_key: str) -> list[dict[str, int]]:
        """The run's batch descriptors (number, users, pairs): all that ``ai_score_matches`` expands over."""
        query = (
            select(staged_candidates.c.batch, staged_candidates.c.user_count, staged_candidates.c.pair_count)
            .where(staged_candidates.c.run_key == run_key)
            .order_by(staged_candidates.c.batch)
        )
        with self.store.begin() as connection:
            return [
                {"batch": batch, "users": user_count, "pairs": pair_count}
                for batch, user_count, pair_count in connection.execute(query)
            ]

    def candidates(self, run_key: str, batch: int) -> list[dict[str, Any]] | None:
        """One batch's users and their (job, cosine) candidates; None when the run staged no such batch."""
        query = select(staged_candidates.c.users).where(
            staged_candidates.c.run_key == run_key, staged_candidates.c.batch == batch
        )
        with self.store.begin() as connection:
            found = connection.execute(query).scalar()
        return None if found is None else list(found)

    # --- results -----------------------------------------------------------------------------------

    def stage_matches(self, run_key: str, batch: int, rows: Sequence[dict[str, Any]]) -> int:
        """Hold a scored batch under the run's key, replacing what an earlier attempt of it staged.

        Scored pairs (about 1 KB each with their agents' reasons) stay out of XCom this way;
        the mapped scorer hands on only counts.
        """
        now = utcnow()
        staged = [{**row, "run_key": run_key, "batch": batch, "staged_at": now} for row in rows]
        with self.store.begin() as connection:
            connection.execute(
                delete(staged_matches).where(
                    staged_matches.c.run_key == run_key, staged_matches.c.batch == batch
                )
            )
            return self.store.upsert(staged_matches, staged, connection=connection)

    def store_staged(
        self, run_key: str, batches: Sequence[int], created_at: datetime, *, keep_others: timedelta
    ) -> int:
        """Upsert the staged rows of ``batches`` into ``matches``, then clear the run's staging.

        One transaction: either the matches are stored and the staging is gone, or neither. Rows of
        batches not named (their scorer failed) are dropped with the rest; their users come back in
        the next run. ``created_at`` and ``run_key`` keep their first value, so a rerun changes nothing.
        Staging of other runs staged more than ``keep_others`` before ``created_at`` goes too: those
        runs stopped before storing and were never rerun, and nothing else would ever remove it.
        """
        moved = 0
        with self.store.begin() as connection:
            for chunk in _chunks(batches, _BATCHES_PER_MOVE):
                query = select(*_STAGED_MATCH_COLUMNS).where(
                    staged_matches.c.run_key == run_key, staged_matches.c.batch.in_(chunk)
                )
                rows = [
                    dict(r) | {"run_key": run_key, "created_at": created_at}
                    for r in connection.execute(query).mappings()
                ]
                moved += self.store.upsert(
                    matches, rows, connection=connection, preserve=("created_at", "run_key")
                )
            connection.execute(delete(staged_matches).where(staged_matches.c.run_key == run_key))
            connection.execute(delete(staged_candidates).where(staged_candidates.c.run_key == run_key))
            self._delete_abandoned_staging(connection, created_at - keep_others)
        return moved

    @staticmethod
    def _delete_abandoned_staging(connection: Connection, staged_before: datetime) -> None:
        """Staged rows older than ``staged_before``: called once the storing run's own rows are cleared,
        so only other runs' rows remain. Undated match rows predate the date column and count as old."""
        connection.execute(delete(staged_candidates).where(staged_candidates.c.staged_at < staged_before))
        connection.execute(
            delete(staged_matches).where(
                or_(staged_matches.c.staged_at.is_(None), staged_matches.c.staged_at < staged_before)
            )
        )

    def matches_for_user(self, user_id: str, *, limit: int = 20) -> list[dict[str, Any]]:
        """The user's matches for the active resume (all resumes when none is active), best first."""
        with self.store.begin() as connection:
            active = connection.execute(
                select(users.c.active_resume_id).where(users.c.user_id == user_id)
            ).scalar()
            query = (
                select(matches, jobs.c.title, jobs.c.company, jobs.c.location)
                .join(jobs, jobs.c.job_id == matches.c.job_id, isouter=True)
                .where(matches.c.user_id == user_id)
            )
            if active:
                query = query.where(matches.c.resume_id == active)
            rows = connection.execute(
                query.order_by(matches.c.score.desc(), matches.c.job_id).limit(limit)
            ).mappings()
            return [dict(r) for r in rows]

    def match(self, user_id: str, job_id: str) -> dict[str, Any] | None:
        rows = [r for r in self.matches_for_user(user_id, limit=100_000) if r["job_id"] == job_id]
        return rows[0] if rows else None

    def best_per_user(self, *, limit: int) -> list[tuple[str, dict[str, Any]]]:
        """(user, best stored match) for up to ``limit`` users with matches."""
        with self.store.begin() as connection:
            user_ids = list(
                connection.execute(
                    select(matches.c.user_id).distinct().order_by(matches.c.user_id).limit(limit)
                ).scalars()
            )
        return [(u, rows[0]) for u in user_ids if (rows := self.matches_for_user(u, limit=1))]

    def last_complete_run(self, dag_id: str) -> dict[str, Any] | None:
        """The newest run summary that says every batch was scored (its watermark is safe to start from)."""
        return next(
            (s for s in RunSummaryRepository(self.store).newest_first(dag_id) if s.get("complete")), None
        )

    def undigested(self, min_score: float) -> dict[str, list[dict[str, Any]]]:
        """Per user, scored matches at or above ``min_score`` created after the user's last digest."""
        query = (
            select(matches, jobs.c.title, jobs.c.company, jobs.c.location)
            .join(users, users.c.user_id == matches.c.user_id)
            .join(jobs, jobs.c.job_id == matches.c.job_id, isouter=True)
            .where(
                users.c.active.is_(True),
                matches.c.resume_id == users.c.active_resume_id,
                matches.c.status == "scored",
                matches.c.score >= min_score,
                or_(users.c.last_digest_at.is_(None), matches.c.created_at > users.c.last_digest_at),
            )
            .order_by(matches.c.user_id, matches.c.score.desc(), matches.c.job_id)
        )
        found: dict[str, list[dict[str, Any]]] = defaultdict(list)
        with self.store.begin() as connection:
            for row in connection.execute(query).mappings():
                found[row["user_id"]].append(dict(row))
        return dict(found)

    def record_digest(
        self, digest_id: str, user_id: str, run_key: str, match_keys: list[str], up_to: datetime
    ) -> None:
        """The digest row and ``users.last_digest_at`` (its newest match), in one transaction."""
        with self.store.begin() as connection:
            self.store.upsert(
                digests,
                [
                    {
                        "digest_id": digest_id,
                        "user_id": user_id,
                        "run_key": run_key,
                        "match_keys": match_keys,
                        "created_at": utcnow(),
                    }
                ],
                connection=connection,
                preserve=("created_at",),
            )
            connection.execute(
                update(users)
                .where(
                    users.c.user_id == user_id,
                    or_(users.c.last_digest_at.is_(None), users.c.last_digest_at < up_to),
                )
                .values(last_digest_at=up_to)
            )

    def digests_for(self, user_id: str) -> list[dict[str, Any]]:
        with self.store.begin() as connection:
            rows = connection.execute(
                select(digests).where(digests.c.user_id == user_id).order_by(digests.c.created_at)
            )
            return [dict(r) for r in rows.mappings()]


class LlmUsageRepository:
    """The ledger of chat calls (``services.llm.UsageLedger``)."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store

    def recorded(self, request_id: str) -> dict[str, Any] | None:
        with self.store.begin() as connection:
            found = connection.execute(
                select(llm_usage.c.response).where(llm_usage.c.request_id == request_id)
            ).first()
            return dict(found[0]) if found and found[0] is not None else None

    def record(self, usage: UsageRecord) -> None:
        row = {
            "request_id": usage.request_id,
            "user_id": usage.user,
            "run_key": usage.run_key,
            "operation": usage.operation,
            "model": usage.model,
            "prompt_tokens": usage.prompt_tokens,
            "completion_tokens": usage.completion_tokens,
            "cost_usd": usage.cost_usd,
            "response": usage.response,
            "created_at": utcnow(),
        }
        self.store.upsert(llm_usage, [row], preserve=("created_at",))

    def spent(
        self, *, run_key: str | None = None, user: str | None = None, since: datetime | None = None
    ) -> float:
        conditions = []
        if run_key is not None:
            conditions.append(llm_usage.c.run_key == run_key)
        if user is not None:
            conditions.append(llm_usage.c.user_id == user)
        if since is not None:
            conditions.append(llm_usage.c.created_at >= since)
        query = select(func.coalesce(func.sum(llm_usage.c.cost_usd), 0.0))
        if conditions:
            query = query.where(and_(*conditions))
        with self.store.begin() as connection:
            return float(connection.execute(query).scalar_one())

    def usage(self, run_key: str | None = None) -> list[dict[str, Any]]:
        query = select(llm_usage).order_by(llm_usage.c.created_at)
        if run_key is not None:
            query = query.where(llm_usage.c.run_key == run_key)
        with self.store.begin() as connection:
            return [dict(r) for r in connection.execute(query).mappings()]


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield list(items[start : start + size])
