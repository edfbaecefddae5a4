"""Duplicate postings found and merged, within a batch and against the jobs already stored.

Two passes over the same records:

1. exact: the same place and the same description once case, spacing and punctuation are ignored
   (or, for postings with too little text to compare, the same fingerprint);
2. near: MinHash LSH candidates in the same place, kept when the exact Jaccard similarity of their
   word 3-gram sets reaches ``NEAR_THRESHOLD`` (see ``dedup_minhash``).

Company names play no part in either pass, so a staffing agency's re-post under its own name is
found; the place always does, so the same text posted for another city stays a separate job, and a
posting for another team (another description) stays apart by text. Duplicates are merged into one
kept job, never dropped: every merge is reported as a ``DuplicateLink``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np

from myjob.jobs import dedup_minhash
from myjob.jobs.normalize import location_key
from myjob.models import ApplyLink, Job, SalaryRange

NEAR_THRESHOLD = 0.5
EXACT = "exact"
NEAR = "near"


@dataclass(frozen=True)
class DuplicateLink:
    duplicate: Job
    kept_job_id: str
    reason: str  # EXACT or NEAR
    similarity: float


@dataclass
class DedupResult:
    unique: list[Job]  # jobs new to the store, each already merged with its in-batch duplicates
    updates: list[Job]  # stored jobs (under their existing job_id) merged with batch duplicates of them
    links: list[DuplicateLink]  # every duplicate found, so nothing is dropped silently


@dataclass(frozen=True)
class Edge:
    """Records ``left`` and ``right`` (indexes into the compared sequence) are duplicates."""

    left: int
    right: int
    reason: str
    similarity: float


# --- the algorithm, shared by deduplicate() and the benchmark --------------------------------------


def exact_key(job: Job) -> str:
    """Same place and same description text; the fingerprint when the text is too short to tell."""
    place = location_key(job.location, job.remote)
    if len(job.description.split()) < dedup_minhash.MIN_SHINGLES + dedup_minhash.SHINGLE_WORDS:
        return f"id:{job.job_id}"
    return f"text:{place}\x1f{job.content_hash}"


def duplicate_edges(texts: Sequence[str], places: Sequence[str], exact_keys: Sequence[str]) -> list[Edge]:
    """Every duplicate relation among the records: exact ones, then near ones between exact groups.

    Each exact group is represented by its first member in the near pass, so identical copies cost
    nothing more; records whose texts yield fewer than MIN_SHINGLES shingles take part only in the
    exact pass (too little text to call two postings the same job).
    """
    edges: list[Edge] = []
    first_of: dict[str, int] = {}
    representatives: list[int] = []
    for i, key in enumerate(exact_keys):
        head = first_of.setdefault(key, i)
        if head == i:
            representatives.append(i)
        else:
            edges.append(Edge(head, i, EXACT, 1.0))
    rep_texts = [texts[i] for i in representatives]
    rep_places = [places[i] for i in representatives]
    shingles = dedup_minhash.shingle(rep_texts)
    eligible = shingles.counts() >= dedup_minhash.MIN_SHINGLES
    sig = dedup_minhash.signatures(shingles)
    cache: dict[int, np.ndarray] = {}
    for a, b in dedup_minhash.candidate_pairs(sig, rep_places, eligible).tolist():
        if rep_places[a] != rep_places[b]:
            continue
        similarity = dedup_minhash.jaccard(shingles, a, b, cache)
        if similarity >= NEAR_THRESHOLD:
            edges.append(Edge(representatives[a], representatives[b], NEAR, similarity))
    return edges


def clusters(size: int, edges: Sequence[Edge]) -> np.ndarray:
    """Connected components: ``label[i]`` is the smallest index of the component holding ``i``."""
    parent = list(range(size))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for edge in edges:
        a, b = find(edge.left), find(edge.right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return np.array([find(i) for i in range(size)], dtype=np.int64)


# --- jobs ----------------------------------------------------------------------------------------


def _richer(a: str | None, b: str | None) -> str | None:
    return a if (a or "") else b


def merge_jobs(kept: Job, duplicate: Job) -> Job:
    """``kept`` with what ``duplicate`` adds: its sources, ids, links, highlights and missing facts.

    The id stays ``kept.job_id``; lists are unions in first-seen order (links by URL), so merging
    the same duplicate twice changes nothing; the longer description wins with its content hash.
    """
    links: dict[str, ApplyLink] = {}
    for link in [*kept.apply_links, *duplicate.apply_links]:
        links.setdefault(link.url, link)
    highlights = {title: list(items) for title, items in kept.highlights.items()}
    for title, items in duplicate.highlights.items():
        merged = highlights.setdefault(title, [])
        merged.extend(item for item in items if item not in merged)
    longer = duplicate if len(duplicate.description) > len(kept.description) else kept
    return kept.model_copy(
        update={
            "location": kept.location or duplicate.location,
            "remote": kept.remote or duplicate.remote,
            "schedule_type": _richer(kept.schedule_type, duplicate.schedule_type),
            "salary": _richer_salary(kept, duplicate),
            "posted_at": min((d for d in (kept.posted_at, duplicate.posted_at) if d), default=None),
            "description": longer.description,
            "content_hash": longer.content_hash,
            "highlights": highlights,
            "apply_links": list(links.values()),
            "sources": _union(kept.sources, duplicate.sources),
            "source_job_ids": _union(kept.source_job_ids, duplicate.source_job_ids),
            "company_info": kept.company_info or duplicate.company_info,
            "skills": _union(kept.skills, duplicate.skills),
            "first_seen_at": min(
                _times(kept.first_seen_at, duplicate.first_seen_at), key=_instant, default=None
            ),
            "last_seen_at": max(
                _times(kept.last_seen_at, duplicate.last_seen_at), key=_instant, default=None
            ),
        }
    )


def _richer_salary(kept: Job, duplicate: Job) -> SalaryRange | None:
    def filled(job: Job) -> int:
        salary = job.salary
        return 0 if salary is None else (salary.minimum is not None) + (salary.maximum is not None)

    return duplicate.salary if filled(duplicate) > filled(kept) else kept.salary


def _union(first: Sequence[str], second: Sequence[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _times(*values: datetime | None) -> list[datetime]:
    return [t for t in values if t is not None]


def _instant(moment: datetime | None) -> datetime:
    """A naive UTC datetime, so times read back without a zone compare with zoned ones."""
    if moment is None:
        return datetime.max
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _keep_order(job: Job) -> tuple[datetime, str]:
    """Who is kept in a group: the first seen, then the smallest id (stable across runs and orders)."""
    return (_instant(job.first_seen_at), job.job_id)


def deduplicate(batch: Sequence[Job], existing: Sequence[Job] = ()) -> DedupResult:
    """Merge the batch's duplicates into one job each, and into the stored job they copy.

    Deterministic: records are compared in job_id order, so the result does not depend on the
    order of either input. Stored jobs are never merged with one another: a batch job that bridges
    two stored jobs joins the one it is most similar to.
    """
    stored = sorted({job.job_id: job for job in existing}.values(), key=lambda j: j.job_id)
    fresh = sorted(batch, key=lambda j: (j.job_id, _instant(j.first_seen_at), j.source_job_ids, j.sources))
    records = [*stored, *fresh]
    n_stored = len(stored)
    edges = duplicate_edges(
        [job.description for job in records],
        [location_key(job.location, job.remote) for job in records],
        [exact_key(job) for job in records],
    )
    edges += _same_id_edges(records)
    labels = clusters(len(records), edges)
    best_stored = _best_stored_neighbour(edges, n_stored)
    strongest = _strongest_edges(edges)

    groups: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        groups.setdefault(label, []).append(i)
    unique: list[Job] = []
    updated: dict[str, Job] = {}
    links: list[DuplicateLink] = []
    for members in groups.values():
        stored_members = [i for i in members if i < n_stored]
        batch_members = [i for i in members if i >= n_stored]
        if not batch_members:
            continue
        if stored_members:
            default = min(stored_members, key=lambda i: _keep_order(records[i]))
            for i in batch_members:
                target = best_stored.get(i, default)
                kept = updated.get(records[target].job_id, records[target])
                links.append(_link(records[i], kept.job_id, strongest[i]))
                updated[kept.job_id] = merge_jobs(kept, records[i])
            continue
        ordered = sorted(batch_members, key=lambda i: _keep_order(records[i]))
        head = ordered[0]
        merged = records[head]
        for i in ordered[1:]:
            links.append(_link(records[i], merged.job_id, strongest[i]))
            merged = merge_jobs(merged, records[i])
        unique.append(merged)
    return DedupResult(
        unique=sorted(unique, key=lambda j: j.job_id),
        updates=sorted(updated.values(), key=lambda j: j.job_id),
        links=sorted(links, key=lambda link: (link.kept_job_id, link.duplicate.job_id)),
    )


def _same_id_edges(records: Sequence[Job]) -> list[Edge]:
    """A batch record with the id of a stored job (or of an earlier batch record) is that job again."""
    first: dict[str, int] = {}
    edges = []
    for i, job in enumerate(records):
        head = first.setdefault(job.job_id, i)
        if head != i:
            edges.append(Edge(head, i, EXACT, 1.0))
    return edges


def _best_stored_neighbour(edges: Sequence[Edge], n_stored: int) -> dict[int, int]:
    """For batch records linked straight to stored ones, the most similar stored job (ties: lowest)."""
    best: dict[int, tuple[float, int]] = {}
    for edge in edges:
        for batch_i, stored_i in ((edge.left, edge.right), (edge.right, edge.left)):
            if batch_i >= n_stored > stored_i:
                current = best.get(batch_i)
                if current is None or (-edge.similarity, stored_i) < (-current[0], current[1]):
                    best[batch_i] = (edge.similarity, stored_i)
    return {i: stored_i for i, (_sim, stored_i) in best.items()}


def _strongest_edges(edges: Sequence[Edge]) -> dict[int, Edge]:
    """Per record, its most similar relation (exact before near): the reason it is called a duplicate."""
    strongest: dict[int, Edge] = {}
    for edge in edges:
        for i in (edge.left, edge.right):
            current = strongest.get(i)
            if current is None or (edge.reason == EXACT, edge.similarity) > (current.reason == EXACT,
                                                                               current.similarity):
                strongest[i] = edge
    return strongest


def _link(duplicate: Job, kept_job_id: str, edge: Edge) -> DuplicateLink:
    return DuplicateLink(duplicate, kept_job_id, edge.reason, edge.similarity)
