"""The steps of ``job_matching_batch``, each one task, in plain Python.

Incremental by construction: jobs first seen since the last complete run's watermark (less an
overlap) are matched against every active user; a user whose active resume version has never had a
full pass is matched against every live job. Pairs already scored for the same (user, resume
version, job) are masked out before retrieval, so a rerun scores, and pays for, nothing again.
What crosses task boundaries (XCom) is small: ids, windows, batch descriptors, counts. Each
batch's candidates (user, job, cosine) are staged in the store under the run's key by
``generate_matching_pairs`` and read back by the batch's scorer; scored pairs, about 1 KB each with
their agents' reasons, are staged the same way and moved into ``matches`` by ``store_matches``.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

import numpy as np

from myjob.config import Settings
from myjob.embeddings import EmbeddingCache, load_embedder
from myjob.matching.aggregate import Weights
from myjob.matching.candidates import JobIndex, UserFilter, top_candidates
from myjob.matching.judge import Judge
from myjob.matching.profiles import (
    CandidateProfile,
    JobProfile,
    SkillExtractorLike,
    candidate_profile,
    job_profile,
    retrieval_view,
)
from myjob.matching.scoring import ScoredPair, score_candidates
from myjob.models import MatchStatus
from myjob.services.outbox import Message
from myjob.store.matches import MatchRepository, as_utc
from myjob.store.runs import RunSummaryRepository
from myjob.store.sql import SqlStore, utcnow

log = logging.getLogger(__name__)

DAG_ID = "job_matching_batch"
# Skip reasons a batch and a run keep (in XCom and the run summary); the scorer logs every one.
SKIPPED_KEPT = 50


def weights_from(settings: Settings) -> Weights:
    return Weights.checked(
        settings.match_weights,
        max_agent_share=settings.match_max_agent_share,
        judge_share_cap=settings.judge_max_weight_share,
    )


@dataclass
class Matching:
    """What every step needs: settings, the store, and (loaded on first use) the extractor and the model."""

    settings: Settings
    store: SqlStore

    @cached_property
    def repo(self) -> MatchRepository:
        return MatchRepository(self.store)

    @cached_property
    def extractor(self) -> SkillExtractorLike:
        from myjob.skills import default_extractor

        return default_extractor()

    @cached_property
    def embeddings(self) -> EmbeddingCache:
        return EmbeddingCache(self.store, load_embedder(self.settings.embedding_model))

    # --- get_active_users / get_new_jobs --------------------------------------------------------

    def active_users(self) -> dict[str, Any]:
        """Active users with their resume version, and which of them need a full pass."""
        passed = self.repo.passed_resumes()
        users = self.repo.active_users()
        return {
            "users": [[u.user_id, u.resume_id] for u in users],
            "full_pass": [u.user_id for u in users if (u.user_id, u.resume_id) not in passed],
        }

    def new_jobs_window(self) -> dict[str, str | None]:
        """Jobs first seen after ``since`` are new; a complete run hands ``watermark`` to the next."""
        last = self.repo.last_complete_run(DAG_ID)
        since: datetime | None = None
        if last and last.get("jobs_watermark"):
            since = datetime.fromisoformat(last["jobs_watermark"]) - timedelta(
                hours=self.settings.matching_new_jobs_overlap_h
            )
        newest = self.repo.newest_first_seen()
        previous = last.get("jobs_watermark") if last else None
        return {
            "since": since.isoformat() if since else None,
            "watermark": newest.isoformat() if newest else previous,
        }

    # --- generate_matching_pairs ------------------------------------------------------------------

    def candidate_profiles(self, user_ids: Sequence[str]) -> dict[str, CandidateProfile]:
        """Profiles of active users; a user whose record cannot be read is skipped with a logged reason."""
        profiles = {}
        for user in self.repo.active_users(user_ids):
            try:
                profiles[user.user_id] = candidate_profile(
                    user.facts, user.text, user.preferences, self.extractor
                )
            except ValueError as error:
                log.warning("user %s skipped: unreadable preferences (%s)", user.user_id, error)
        return profiles

    def job_profiles(self, job_ids: Sequence[str]) -> dict[str, JobProfile]:
        return {job_id: job_profile(job, self.extractor) for job_id, job in self.repo.jobs(job_ids).items()}

    def generate_pairs(
        self, users: dict[str, Any], window: dict[str, str | None], run_key: str
    ) -> list[dict[str, int]]:
        """Stage batches of whole users' candidates (about ``matching_batch_pairs`` pairs each) under
        the run's key, replacing what the run staged before; return their descriptors for the scorers.

        At 10,000 users and top 20 the candidates are about 17 MB of JSON, too much for one XCom;
        the descriptors are a few dozen bytes per batch.
        """
        self.repo.stage_candidates(run_key, self._candidate_batches(users, window))
        return self.repo.staged_batches(run_key)

    def _candidate_batches(
        self, users: dict[str, Any], window: dict[str, str | None]
    ) -> list[dict[str, Any]]:
        """Retrieval for the users and jobs the run must match, cut into batches of whole users."""
        resume_of = {user_id: resume_id for user_id, resume_id in users["users"]}
        full_pass = set(users["full_pass"])
        since_text = window.get("since")
        since = datetime.fromisoformat(since_text) if since_text else None
        new_ids = set(self.repo.live_job_ids(first_seen_after=as_utc(since)))
        wanted = [u for u in resume_of if u in full_pass or new_ids]
        profiles = self.candidate_profiles(wanted)
        wanted = [u for u in wanted if u in profiles and profiles[u].resume_id == resume_of[u]]
        if not wanted:
            return []
        job_ids = self.repo.live_job_ids() if full_pass.intersection(wanted) else sorted(new_ids)
        # Retrieval needs each job's text and place only; skills are read later, for candidates alone.
        jobs = {job_id: retrieval_view(job) for job_id, job in self.repo.jobs(job_ids).items()}
        job_ids = [j for j in job_ids if j in jobs]
        if not job_ids:
            return []
        index = JobIndex(
            job_ids,
            self.embeddings.vectors([jobs[j][0] for j in job_ids]),
            [jobs[j][1] for j in job_ids],
            [jobs[j][2] for j in job_ids],
        )
        user_vectors = self.embeddings.vectors([profiles[u].text for u in wanted])
        scored = self.repo.scored_jobs([(u, resume_of[u]) for u in wanted])
        exclude = {
            row: [index.position[j] for j in scored.get((u, resume_of[u]), ()) if j in index.position]
            for row, u in enumerate(wanted)
        }
        is_new = np.array([j in new_ids for j in job_ids], dtype=bool)
        found: dict[str, list[tuple[int, float]]] = {}
        for group_full in (True, False):
            rows = [r for r, u in enumerate(wanted) if (u in full_pass) == group_full]
            if not rows:
                continue
            results = top_candidates(
                user_vectors[rows],
                [UserFilter(profiles[wanted[r]].location, profiles[wanted[r]].preferences) for r in rows],
                index,
                self.settings.matching_top_k,
                allowed_jobs=None if group_full else is_new,
                exclude={i: exclude[r] for i, r in enumerate(rows)},
            )
            found.update({wanted[r]: result for r, result in zip(rows, results, strict=True)})
        return _batches(
            [
                {
                    "user_id": u,
                    "resume_id": resume_of[u],
                    "full_pass": u in full_pass,
                    "jobs": [[index.job_ids[p], round(s, 6)] for p, s in found.get(u, [])],
                }
                for u in wanted
            ],
            self.settings.matching_batch_pairs,
        )

    # --- ai_score_matches -----------------------------------------------------------------------------

    def score_batch(self, batch: dict[str, Any], judge: Judge | None, run_key: str) -> dict[str, Any]:
        """The batch's staged candidates through the agents, its rows staged; a user whose resume
        changed waits for the next run.

        Returns only counts and ids: the rows replace whatever an earlier attempt of the batch staged.
        """
        from myjob.privacy import pseudonym

        entries = self.repo.candidates(run_key, batch["batch"])
        if entries is None:
            raise LookupError(
                f"run {run_key} has no staged candidates for batch {batch['batch']}: they were stored "
                "or replaced since; rerun generate_matching_pairs with its downstream tasks"
            )
        profiles = self.candidate_profiles([e["user_id"] for e in entries])
        jobs = self.job_profiles(sorted({j for e in entries for j, _ in e["jobs"]}))
        weights = weights_from(self.settings)
        rows: list[dict[str, Any]] = []
        done: list[list[str]] = []
        skipped: list[str] = []
        for entry in entries:
            candidate = profiles.get(entry["user_id"])
            if candidate is None or candidate.resume_id != entry["resume_id"]:
                skipped.append(f"{entry['user_id']}: active resume changed or user inactive")
                log.info("batch %s: %s", batch["batch"], skipped[-1])
                continue
            pairs = [(jobs[j], s) for j, s in entry["jobs"] if j in jobs]
            scored = score_candidates(
                candidate,
                pairs,
                weights=weights,
                name_of=self.extractor.name_of,
                similarity_range=self.settings.semantic_similarity_range,
                judge=judge,
                judge_top_n=self.settings.judge_top_n,
                judge_user=pseudonym(candidate.user_id, self.settings.pseudonym_key),
                run_key=run_key,
            )
            rows.extend(pair.as_row() for pair in scored)
            if entry["full_pass"]:
                done.append([candidate.user_id, candidate.resume_id])
        self.repo.stage_matches(run_key, batch["batch"], rows)
        return {
            "batch": batch["batch"],
            "scored": len(rows),
            "needs_review": sum(1 for r in rows if r["status"] == MatchStatus.NEEDS_REVIEW.value),
            "full_pass_done": done,
            "skipped": skipped[:SKIPPED_KEPT],
        }

    # --- aggregate_match_scores / store_matches ------------------------------------------------------

    @staticmethod
    def aggregate(
        batches: Sequence[dict[str, Any]], outputs: Iterable[dict[str, Any] | None]
    ) -> dict[str, Any]:
        """Join what the mapped scorers reported; a batch with no output failed and is named."""
        by_batch = {o["batch"]: o for o in outputs if o}
        expected = [b["batch"] for b in batches]
        scored = [by_batch[b] for b in expected if b in by_batch]
        failed = [b for b in expected if b not in by_batch]
        return {
            "scored_batches": [o["batch"] for o in scored],
            "scored": sum(o["scored"] for o in scored),
            "full_pass_done": [p for o in scored for p in o["full_pass_done"]],
            "skipped": [s for o in scored for s in o["skipped"]][:SKIPPED_KEPT],
            "failed_batches": failed,
            "complete": not failed,
            "needs_review": sum(o["needs_review"] for o in scored),
        }

    def save(self, aggregated: dict[str, Any], window: dict[str, str | None], run_key: str) -> dict[str, Any]:
        """Move the scored batches' staged rows into ``matches`` and record the run's summary."""
        written = self.repo.store_staged(
            run_key,
            aggregated["scored_batches"],
            utcnow(),
            keep_others=timedelta(hours=self.settings.matching_staging_max_age_h),
        )
        self.repo.record_passes([(u, r) for u, r in aggregated["full_pass_done"]], run_key)
        previous = RunSummaryRepository(self.store).get(DAG_ID, run_key) or {}
        summary = {
            "run_key": run_key,
            "complete": aggregated["complete"] or previous.get("complete", False),
            "jobs_watermark": window.get("watermark")
            if aggregated["complete"]
            else previous.get("jobs_watermark"),
            "matches_written": written + previous.get("matches_written", 0),
            "needs_review": aggregated["needs_review"] + previous.get("needs_review", 0),
            "failed_batches": aggregated["failed_batches"],
            "skipped": aggregated["skipped"],
        }
        RunSummaryRepository(self.store).save(DAG_ID, run_key, summary)
        return summary

    # --- prepare_user_notifications --------------------------------------------------------------------

    def send_digests(self, run_key: str, send: Callable[[Message], object]) -> dict[str, int]:
        """One digest per user with the new matches above the threshold since that user's last digest."""
        pending = self.repo.undigested(self.settings.digest_min_score)
        for user_id, rows in pending.items():
            keys = sorted(f"{r['job_id']}:{r['resume_id']}" for r in rows)
            digest_id = hashlib.sha256("\n".join([user_id, *keys]).encode()).hexdigest()
            send(digest_message(user_id, digest_id, rows))
            newest = max(as_utc(r["created_at"]) for r in rows)  # type: ignore[type-var]
            self.repo.record_digest(digest_id, user_id, run_key, keys, newest)  # type: ignore[arg-type]
        return {"digests": len(pending), "matches": sum(len(r) for r in pending.values())}


def digest_message(user_id: str, digest_id: str, rows: Sequence[dict[str, Any]]) -> Message:
    lines = [f"To: {user_id}", f"{len(rows)} new job match(es) for you:", ""]
    for row in rows[:20]:
        where = f" ({row['location']})" if row.get("location") else ""
        lines.append(
            f"- {row['score']:.0f}/100 {row.get('title') or row['job_id']} at {row.get('company') or '?'}"
            + where
        )
        lines.append(f"  {row['explanation']}")
    if len(rows) > 20:
        lines.append(f"... and {len(rows) - 20} more: `myjob matches {user_id}`")
    return Message(
        subject=f"{len(rows)} new job matches",
        body="\n".join(lines),
        kind="digest",
        key=f"digest-{digest_id[:32]}",
    )


def _batches(entries: list[dict[str, Any]], max_pairs: int) -> list[dict[str, Any]]:
    """Whole users per batch (the judge ranks one user's candidates together), about ``max_pairs`` pairs."""
    batches: list[dict[str, Any]] = []
    current: list[dict[str, Any]] = []
    size = 0
    for entry in entries:
        if not entry["jobs"] and not entry["full_pass"]:
            continue
        if current and size + len(entry["jobs"]) > max_pairs:
            batches.append({"batch": len(batches), "users": current})
            current, size = [], 0
        current.append(entry)
        size += len(entry["jobs"])
    if current:
        batches.append({"batch": len(batches), "users": current})
    return batches


def scored_pairs_summary(pairs: Sequence[ScoredPair]) -> list[dict[str, Any]]:
    """Rows for ``myjob score --json``: the same fields the store keeps, plus the job title."""
    return [p.as_row() | {"title": p.job.title, "company": p.job.company} for p in pairs]
