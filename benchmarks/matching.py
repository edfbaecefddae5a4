"""Matching benchmarks: embedding choice and throughput, and candidate generation at scale.

(a) Embedding options on texts of 200 words cut from the 182 real postings: texts per second, and
    retrieval quality on the labelled CV-posting pairs (precision@5, mean average precision).
    Goal: 100,000 postings embedded within an hour on 2 cores, i.e. at least 28 texts/s.
(b) Generated users against generated jobs with embeddings ready (256 dimensions, clustered):
    top-K retrieval with the hard location filter, then the five cheap agents on every candidate
    pair. Goal: 10,000 users x 100,000 jobs within 5 minutes and 4 GB.
"""

from __future__ import annotations

import argparse
import re
import resource
import time
import zlib
from collections import Counter

import numpy as np

from myjob.config import REPO_ROOT, Settings
from myjob.embeddings.models import WordLlamaEmbedder, normalize_rows
from myjob.matching.candidates import JobIndex, UserFilter, top_candidates
from myjob.matching.evaluation import embedding_rankings, load_labelled, summarize
from myjob.matching.locations import US_STATES, Location
from myjob.matching.pipeline import weights_from
from myjob.matching.profiles import CandidateProfile, JobProfile, UserPreferences
from myjob.matching.scoring import score_candidates
from myjob.models import Seniority

_WORD = re.compile(r"[a-z0-9+#.]+")


class HashedTfidf:
    """Lexical baseline: hashed bag of words with IDF from the texts it is fitted on (no model at all)."""

    name = "hashed-tfidf-4096"
    dim = 4096

    def __init__(self, corpus: list[str]) -> None:
        df: Counter[int] = Counter()
        for text in corpus:
            df.update({zlib.crc32(w.encode()) % self.dim for w in _WORD.findall(text.lower())})
        self.idf = (
            np.log((1 + len(corpus)) / (1 + np.array([df[i] for i in range(self.dim)], dtype=np.float32))) + 1
        )

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word, count in Counter(_WORD.findall(text.lower())).items():
                out[row, zlib.crc32(word.encode()) % self.dim] += 1 + np.log(count)
        return normalize_rows(out * self.idf)


def _texts_of_200_words(n: int) -> list[str]:
    data = load_labelled(REPO_ROOT)
    words = " ".join(p.description for p in data.postings).split()
    return [" ".join(words[(i * 211) % (len(words) - 200) :][:200]) for i in range(n)]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def embedding_choice(quick: bool) -> None:
    texts = _texts_of_200_words(400 if quick else 3000)
    data = load_labelled(REPO_ROOT)
    options = [
        WordLlamaEmbedder(256),
        WordLlamaEmbedder(64),
        HashedTfidf([p.description for p in data.postings]),
    ]
    print(f"(a) embedding options, {len(texts)} texts of 200 words")
    print(f"{'model':28} {'texts/s':>9} {'100k jobs':>10} {'p@5':>6} {'p@5 core':>9} {'MAP':>6}")
    for option in options:
        option.embed(texts[:32])  # warm up
        started = time.perf_counter()
        option.embed(texts)
        rate = len(texts) / (time.perf_counter() - started)
        quality = summarize(embedding_rankings(data, option.embed), data)
        print(
            f"{option.name:28} {rate:9.0f} {100_000 / rate / 60:8.1f} m {quality['p@5']:6.2f}"
            f" {quality['p@5_core']:9.2f} {quality['map']:6.3f}"
        )
    print("goal: >= 28 texts/s (100,000 in an hour)\n")


def _generated(n_users: int, n_jobs: int, dim: int, seed: int = 7):
    rng = np.random.default_rng(seed)
    centers = normalize_rows(rng.standard_normal((64, dim)).astype(np.float32))

    def vectors(n: int) -> np.ndarray:
        picks = rng.integers(0, len(centers), n)
        return normalize_rows(
            centers[picks] + 0.6 * rng.standard_normal((n, dim)).astype(np.float32) / np.sqrt(dim) * 8
        )

    states = list(US_STATES.values())
    skills = [f"skill-{i}" for i in range(400)]
    levels = list(Seniority)
    job_vectors = vectors(n_jobs)
    jobs = []
    for i in range(n_jobs):
        remote = rng.random() < 0.2
        state = states[int(rng.integers(0, len(states)))]
        required = tuple(skills[j] for j in rng.choice(len(skills), int(rng.integers(3, 12)), replace=False))
        lo = float(rng.integers(60, 200)) * 1000
        jobs.append(
            JobProfile(
                job_id=f"job-{i}",
                title="Software Engineer",
                company="Acme",
                location=Location(
                    city=f"city-{int(rng.integers(0, 5))}", region=state, country="united states"
                ),
                remote=remote,
                required=required[:-2],
                preferred=required[-2:],
                level=levels[int(rng.integers(0, len(levels)))],
                min_years=float(rng.integers(0, 10)),
                salary=(lo, lo * 1.3, "USD") if rng.random() < 0.5 else None,
                text="",
            )
        )
    user_vectors = vectors(n_users)
    users = []
    for i in range(n_users):
        state = states[int(rng.integers(0, len(states)))]
        prefs = UserPreferences(
            remote=bool(rng.random() < 0.7),
            relocation=bool(rng.random() < 0.2),
            salary_min=float(rng.integers(60, 200)) * 1000 if rng.random() < 0.5 else None,
        )
        users.append(
            CandidateProfile(
                user_id=f"user-{i}",
                resume_id=f"resume-{i}",
                skills=frozenset(
                    skills[j] for j in rng.choice(len(skills), int(rng.integers(5, 30)), replace=False)
                ),
                years=float(rng.integers(0, 20)),
                seniority=levels[int(rng.integers(0, len(levels)))],
                title=None,
                location=Location(
                    city=f"city-{int(rng.integers(0, 5))}", region=state, country="united states"
                ),
                preferences=prefs,
                text="",
            )
        )
    return users, user_vectors, jobs, job_vectors


def candidates_at_scale(n_users: int, n_jobs: int) -> None:
    settings = Settings()
    weights = weights_from(settings)
    started = time.perf_counter()
    users, user_vectors, jobs, job_vectors = _generated(n_users, n_jobs, 256)
    generated_s = time.perf_counter() - started
    rss_before = _peak_rss_mb()
    started = time.perf_counter()
    index = JobIndex(
        [j.job_id for j in jobs], job_vectors, [j.location for j in jobs], [j.remote for j in jobs]
    )
    found = top_candidates(
        user_vectors, [UserFilter(u.location, u.preferences) for u in users], index, settings.matching_top_k
    )
    retrieval_s = time.perf_counter() - started
    started = time.perf_counter()
    pairs = 0
    for user, candidates in zip(users, found, strict=True):
        scored = score_candidates(
            user,
            [(jobs[p], s) for p, s in candidates],
            weights=weights,
            name_of=str,
            similarity_range=settings.semantic_similarity_range,
        )
        pairs += len(scored)
    scoring_s = time.perf_counter() - started
    total = retrieval_s + scoring_s
    print(
        f"(b) {n_users:,} users x {n_jobs:,} jobs, 256-d embeddings ready"
        f" (generating them took {generated_s:.0f} s, not counted)"
    )
    print(f"    retrieval + hard filter, top {settings.matching_top_k}: {retrieval_s:7.1f} s")
    print(
        f"    cheap agents on {pairs:,} pairs:        {scoring_s:7.1f} s  ({pairs / scoring_s:,.0f} pairs/s)"
    )
    print(
        f"    wall time {total:.1f} s (goal <= 300 s: {300 / total:.1f}x under),"
        f" peak RSS {_peak_rss_mb():,.0f} MB"
        f" (before the run {rss_before:,.0f} MB; goal <= 4,096 MB)"
    )
    print(f"    cross product avoided: {n_users * n_jobs:,} pairs -> {pairs:,} scored")


def run(args: argparse.Namespace) -> None:
    embedding_choice(args.quick)
    if args.quick:
        candidates_at_scale(1_000, 10_000)
    else:
        candidates_at_scale(10_000, 100_000)
