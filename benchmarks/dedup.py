"""Deduplication of 100,000 postings: the pipeline's method against a plain MinHash LSH baseline.

Both methods start from the same normalized jobs (normalization is shared and not timed) and end with
clusters built by the same union-find; each runs in its own fresh process so its wall time and peak
memory are its own. Precision and recall count pairs within clusters, so a wrong link that joins
two clusters costs every pair it creates.

* ours: ``myjob.jobs.dedup.duplicate_edges``, the very function ``deduplicate()`` runs in the
  pipeline (exact pass, one-permutation MinHash LSH keyed by place, exact Jaccard verification).
* baseline: datasketch MinHash (128 permutations, xxhash32 of each shingle, its bulk generator) and
  MinHashLSH at the same threshold, over the same word 3-gram shingles, signatures computed in 2
  worker processes, candidates kept under the same rules (same place, compatible titles, similarity
  at least the same thresholds, here the MinHash estimate); no exact pass, no exact verification.
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
import queue
import re
import resource
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.corpus import generate
from myjob.jobs.dedup import (
    NEAR_THRESHOLD,
    SAME_EMPLOYER_THRESHOLD,
    DedupRecord,
    Edge,
    clusters,
    dedup_record,
    duplicate_edges,
)
from myjob.jobs.dedup_titles import title_keys_compatible
from myjob.jobs.normalize import normalize_posting

FULL_SIZE = 100_000
QUICK_SIZE = 10_000
NUM_PERM = 128
BASELINE_WORKERS = 2
FETCHED_AT = datetime(2026, 1, 12, 14, 0, tzinfo=UTC)
# The tokenization of dedup_minhash.shingle, written as a regex: lowercase ASCII letters and digits
# and any non-ASCII character outside the General Punctuation block (U+2000-U+207F).
_WORD = re.compile("[0-9a-z\u0080-\u1fff\u2080-\U0010ffff]+")


# --- the two methods (each runs in its own process) ------------------------------------------------


def ours(records: Sequence[DedupRecord]) -> list[Edge]:
    return duplicate_edges(records)


def _baseline_signatures(texts: Sequence[str]) -> np.ndarray:
    """datasketch's bulk path (permutations set up once per worker) over the shingle strings."""
    from datasketch import MinHash
    from xxhash import xxh32_intdigest

    shingle_lists = []
    for text in texts:
        words = _WORD.findall(text.lower())
        shingles = {" ".join(words[i : i + 3]).encode("utf-8") for i in range(max(len(words) - 2, 0))}
        shingle_lists.append(list(shingles))
    minhashes = MinHash.generator(shingle_lists, num_perm=NUM_PERM, hashfunc=xxh32_intdigest)
    return np.array([minhash.hashvalues for minhash in minhashes], dtype=np.uint64)


def baseline(records: Sequence[DedupRecord]) -> list[Edge]:
    from datasketch import LeanMinHash, MinHashLSH

    texts = [record.text for record in records]
    step = (len(texts) + 4 * BASELINE_WORKERS - 1) // (4 * BASELINE_WORKERS)
    chunks = [texts[i : i + step] for i in range(0, len(texts), step)]
    with multiprocessing.get_context("fork").Pool(BASELINE_WORKERS) as pool:
        signatures = np.concatenate(pool.map(_baseline_signatures, chunks))
    sketches = [LeanMinHash(seed=1, hashvalues=row, scheme="affine32") for row in signatures]
    lsh = MinHashLSH(threshold=NEAR_THRESHOLD, num_perm=NUM_PERM)
    with lsh.insertion_session() as session:
        for i, sketch in enumerate(sketches):
            session.insert(i, sketch)
    edges = []
    for i, sketch in enumerate(sketches):
        for j in lsh.query(sketch):
            if j > i and _same_rules(records[i], records[j], sketch, sketches[j]):
                edges.append(Edge(i, j, "near", 0.0))
    return edges


def _same_rules(a: DedupRecord, b: DedupRecord, sketch_a: Any, sketch_b: Any) -> bool:
    """The place, title and threshold rules of ours, on the baseline's own similarity estimate."""
    if a.place != b.place or not title_keys_compatible(a.title, b.title):
        return False
    threshold = SAME_EMPLOYER_THRESHOLD if a.company == b.company else NEAR_THRESHOLD
    return bool(sketch_a.jaccard(sketch_b) >= threshold)


METHODS: dict[str, Callable[[Sequence[DedupRecord]], list[Edge]]] = {
    "ours": ours,
    "datasketch baseline": baseline,
}


def _measure(name: str, path: str, results: Any) -> None:
    """In a fresh process: load the records, time the method, report labels, time and peak memory."""
    import psutil

    with open(path, "rb") as handle:
        records = pickle.load(handle)
    loaded_rss = psutil.Process().memory_info().rss
    started = time.perf_counter()
    edges = METHODS[name](records)
    labels = clusters(len(records), edges)
    seconds = time.perf_counter() - started
    peak = _peak_rss()
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    results.put(
        {
            "name": name,
            "seconds": seconds,
            "peak": peak,
            "workers": workers,
            "loaded": loaded_rss,
            "labels": labels.tobytes(),
        }
    )


def _peak_rss() -> int:
    """This process's own peak RSS in bytes.

    Linux's ru_maxrss of a spawned process also counts the parent it was forked from before exec
    (the kernel keeps the larger of the two), so the peak is read from VmHWM, which belongs to the
    process's current memory map only.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _run_isolated(name: str, path: str) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    process = context.Process(target=_measure, args=(name, path, results))
    process.start()
    while True:
        try:
            outcome = results.get(timeout=1.0)
            break
        except queue.Empty:
            if not process.is_alive():
                raise RuntimeError(
                    f"{name}: the measuring process ended with code {process.exitcode}"
                ) from None
    process.join()
    outcome["labels"] = np.frombuffer(outcome["labels"], dtype=np.int64)
    return outcome


# --- scoring ----------------------------------------------------------------------------------------


def _pairs(labels: np.ndarray) -> int:
    _, counts = np.unique(labels, return_counts=True)
    return int((counts * (counts - 1) // 2).sum())


def pair_scores(predicted: np.ndarray, truth: np.ndarray) -> tuple[float, float, int]:
    """Precision and recall over pairs within clusters, and the number of predicted pairs."""
    both = predicted.astype(np.int64) * (int(truth.max()) + 1) + truth
    true_positive, found, actual = _pairs(both), _pairs(predicted), _pairs(truth)
    precision = true_positive / found if found else 1.0
    recall = true_positive / actual if actual else 1.0
    return precision, recall, found


# --- the run ----------------------------------------------------------------------------------------


def _normalize(items: list[dict[str, Any]]) -> list[DedupRecord]:
    return [
        dedup_record(normalize_posting(item, query=None, search_location=None, fetched_at=FETCHED_AT))
        for item in items
    ]


def _prepare(size: int, folder: Path) -> tuple[Path, np.ndarray, dict[str, int]]:
    """Generate and normalize the corpus (2 processes), and save the records both methods read."""
    started = time.perf_counter()
    corpus = generate(size)
    step = 5_000
    with multiprocessing.get_context("fork").Pool(2) as pool:
        chunks = pool.map(_normalize, [corpus.items[i : i + step] for i in range(0, size, step)])
    records = [record for chunk in chunks for record in chunk]
    path = folder / "records.pickle"
    path.write_bytes(pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL))
    kinds: dict[str, int] = {}
    for kind in corpus.kinds:
        kinds[kind] = kinds.get(kind, 0) + 1
    kinds["true pairs"] = corpus.true_pairs()
    kinds["prepare seconds"] = round(time.perf_counter() - started)
    return path, np.array(corpus.truth, dtype=np.int64), kinds


def run(args: argparse.Namespace) -> None:
    size = QUICK_SIZE if args.quick else FULL_SIZE
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as folder:
        path, truth, stats = _prepare(size, Path(folder))
        duplicates = sum(v for k, v in stats.items() if k in {"board", "noise", "edit", "agency"})
        print(
            f"corpus: {size:,} postings, {duplicates:,} duplicates ({stats['true pairs']:,} true pairs); "
            f"traps: {stats.get('trap_city', 0):,} same text in another city, "
            f"{stats.get('trap_team', 0):,} same title and city for another team "
            f"(generated and normalized in {stats['prepare seconds']} s, not timed)"
        )
        print(
            f"{'method':<22}{'wall s':>8}{'peak RSS MB':>13}{'(workers*)':>11}{'precision':>11}"
            f"{'recall':>9}{'pairs':>9}"
        )
        walls: dict[str, float] = {}
        for name in METHODS:
            outcome = _run_isolated(name, str(path))
            precision, recall, found = pair_scores(outcome["labels"], truth)
            walls[name] = outcome["seconds"]
            workers = f"{outcome['workers'] / 2**20:,.0f}" if outcome["workers"] else "-"
            print(
                f"{name:<22}{outcome['seconds']:>8.1f}{outcome['peak'] / 2**20:>13,.0f}{workers:>11}"
                f"{precision:>11.4f}{recall:>9.4f}{found:>9,}",
                flush=True,
            )
        print(
            f"peak RSS includes the input each process holds before timing: "
            f"{outcome['loaded'] / 2**20:,.0f} MB; *largest worker, pages shared with its parent included"
        )
        ratio = walls["ours"] / walls["datasketch baseline"]
        print(f"wall time ours / baseline: {ratio:.2f} (goal <= 0.50); baseline / ours: {1 / ratio:.1f}x")
