"""Duplicate postings found and merged, within a batch and against the jobs already stored.

Two passes over the same records:

1. exact: the same place and the same description once case, spacing and punctuation are ignored
   (or, for postings with too little text to compare, the same fingerprint);
2. near: MinHash LSH candidates in the same place with compatible titles, kept when the exact
   Jaccard similarity of their word 3-gram sets reaches the threshold (see ``dedup_minhash``).

The company name does not have to match, so a staffing agency's re-post under its own name is found;
the place always does, so the same text posted for another city stays a separate job; the title's
seniority does, so one text posted for two levels stays two jobs; and a posting for another team
(another description) stays apart by text. Duplicates are merged into one
kept job, never dropped: every merge is reported as a ``DuplicateLink``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

import numpy as np

from myjob.jobs import dedup_minhash
from myjob.jobs.dedup_titles import title_key, title_keys_compatible
from myjob.jobs.normalize import location_key
from myjob.models import ApplyLink, Job, SalaryRange

# Jaccard similarity of word 3-gram sets needed for a near duplicate. Postings of one employer share
# its boilerplate and team blurbs: in the replay corpus two different real postings of one employer,
# title and city reach 0.75 while its edited re-posts stay above 0.9, so the employer's own copies
# need more; across employers (an agency re-posting with its own header and footer) half is plenty.
NEAR_THRESHOLD = 0.5
SAME_EMPLOYER_THRESHOLD = 0.8
EXACT = "exact"
NEAR = "near"
_Nearest = dict[int, dict[int, tuple[float, int]]]


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


class DedupRecord(NamedTuple):
    """What dedup compares of a job."""

    text: str  # the description
    place: str  # location_key: duplicates share it
    title: str  # dedup_titles.title_key: duplicates have compatible ones
    company: str  # company_normalized: the same employer's postings need more similarity
    exact: str  # equal keys are exact duplicates


def dedup_record(job: Job) -> DedupRecord:
    """Exact key: same place, title words and description text; the fingerprint for too short a text."""
    place = location_key(job.location, job.remote)
    title = title_key(job.title)
    if len(job.description.split()) < dedup_minhash.MIN_SHINGLES + dedup_minhash.SHINGLE_WORDS:
        exact = f"id:{job.job_id}"
    else:
        exact = f"text:{place}\x1f{title}\x1f{job.content_hash}"
    return DedupRecord(job.description, place, title, job.company_normalized, exact)


def duplicate_edges(records: Sequence[DedupRecord]) -> list[Edge]:
    """Every duplicate relation among the records: exact ones, then near ones between exact groups.

    Each exact group is represented by its first member in the near pass, so identical copies cost
    nothing more; records whose texts yield fewer than MIN_SHINGLES shingles take part only in the
    exact pass (too little text to call two postings the same job).
    """
    edges: list[Edge] = []
    first_of: dict[str, int] = {}
    heads: list[int] = []
    for i, record in enumerate(records):
        head = first_of.setdefault(record.exact, i)
        if head == i:
            heads.append(i)
        else:
            edges.append(Edge(head, i, EXACT, 1.0))
    sketches = dedup_minhash.sketch([records[i].text for i in heads])
    eligible = sketches.counts() >= dedup_minhash.MIN_SHINGLES
    places = [records[i].place for i in heads]
    cache: dict[int, np.ndarray] = {}
    for a, b in dedup_minhash.candidate_pairs(sketches.signatures, places, eligible).tolist():
        left, right = records[heads[a]], records[heads[b]]
        if left.place != right.place or not title_keys_compatible(left.title, right.title):
            continue
        similarity = dedup_minhash.jaccard(sketches, a, b, cache)
        if similarity >= (SAME_EMPLOYER_THRESHOLD if left.company == right.company else NEAR_THRESHOLD):
            edges.append(Edge(heads[a], heads[b], NEAR, similarity))
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
    edges = duplicate_edges([dedup_record(job) for job in records]) + _same_id_edges(records)
    labels = clusters(len(records), edges)
    exact_groups = clusters(len(records), [e for e in edges if e.reason == EXACT]).tolist()
    near = _nearest(edges, exact_groups)

    def link(i: int, kept: int) -> DuplicateLink:
        group = exact_groups[i]
        if group == exact_groups[kept]:
            return DuplicateLink(records[i], records[kept].job_id, EXACT, 1.0)
        similarity = max(near.get(group, {}).values(), default=(0.0, 0))[0]
        return DuplicateLink(records[i], records[kept].job_id, NEAR, similarity)

    members_of: dict[int, list[int]] = {}
    for i, label in enumerate(labels.tolist()):
        members_of.setdefault(label, []).append(i)
    unique: list[Job] = []
    updated: dict[int, Job] = {}
    links: list[DuplicateLink] = []
    for members in members_of.values():
        stored_members = [i for i in members if i < n_stored]
        batch_members = sorted((i for i in members if i >= n_stored), key=lambda i: _keep_order(records[i]))
        if not batch_members:
            continue
        if not stored_members:
            head = batch_members[0]
            merged = records[head]
            for i in batch_members[1:]:
                links.append(link(i, head))
                merged = merge_jobs(merged, records[i])
            unique.append(merged)
            continue
        for i in batch_members:
            target = _stored_target(i, stored_members, exact_groups, near, records)
            links.append(link(i, target))
            updated[target] = merge_jobs(updated.get(target, records[target]), records[i])
    return DedupResult(
        unique=sorted(unique, key=lambda j: j.job_id),
        updates=sorted(updated.values(), key=lambda j: j.job_id),
        links=sorted(links, key=lambda link: (link.kept_job_id, link.duplicate.job_id)),
    )


def _same_id_edges(records: Sequence[Job]) -> list[Edge]:
    """Records with one id are one posting, even when a merge has since changed the stored text."""
    first: dict[str, int] = {}
    edges = []
    for i, job in enumerate(records):
        head = first.setdefault(job.job_id, i)
        if head != i:
            edges.append(Edge(head, i, EXACT, 1.0))
    return edges


def _nearest(edges: Sequence[Edge], exact_groups: list[int]) -> _Nearest:
    """Per exact group, per record it is near to: (best similarity, -record), so max() breaks ties low."""
    near: _Nearest = {}
    for edge in edges:
        if edge.reason != NEAR:
            continue
        for mine, other in ((edge.left, edge.right), (edge.right, edge.left)):
            best = near.setdefault(exact_groups[mine], {})
            best[other] = max(best.get(other, (0.0, -other)), (edge.similarity, -other))
    return near


def _stored_target(
    i: int,
    stored_members: list[int],
    exact_groups: list[int],
    near: _Nearest,
    records: Sequence[Job],
) -> int:
    """The stored job a batch record merges into: an exact copy, else the most similar, else the oldest."""
    group = exact_groups[i]
    exact = [s for s in stored_members if exact_groups[s] == group]
    if exact:
        return min(exact, key=lambda s: _keep_order(records[s]))
    similar = [(score, s) for s, score in near.get(group, {}).items() if s in stored_members]
    if similar:
        return max(similar)[1]
    return min(stored_members, key=lambda s: _keep_order(records[s]))
