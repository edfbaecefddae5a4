"""Near-duplicate candidates by MinHash LSH, computed with array operations only.

Why not a MinHash library: hashing every shingle of 100,000 postings through Python calls, then
128 permutations per shingle, is what makes the usual approach take half a minute. Here:

* shingles are word 3-grams, hashed for a whole chunk of texts at once: bytes -> word boundaries ->
  word hashes from 64-bit loads of the bytes -> mixed 3-gram hashes (64 bit);
* one-permutation MinHash: the top bits of a shingle's hash pick one of 128 bins and each bin keeps
  its minimum, so a signature costs one pass over the shingles instead of 128; empty bins borrow
  from the next filled bin (densification), which keeps short texts comparable;
* LSH bands hash the place into their key, so only postings in the same place ever become a
  candidate pair: the same text posted for another city is never compared, let alone merged;
* every candidate is then verified with the exact Jaccard similarity of the two shingle sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import xxhash

NUM_BINS = 128
BAND_ROWS = 4
SHINGLE_WORDS = 3
MIN_SHINGLES = 8
_BIN_SHIFT = np.uint64(64 - 7)  # 2**7 == NUM_BINS
_EMPTY = np.uint64(0xFFFFFFFFFFFFFFFF)
_CHUNK_BYTES = 4_000_000
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_COMBINE = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))
# Bytes that belong to words: ASCII letters and digits, and every byte of a non-ASCII character
# except those of the General Punctuation block (dashes, quotes, bullets: UTF-8 E2 80 xx, E2 81 xx).
_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[ord("0") : ord("9") + 1] = True
_WORD_BYTE[ord("a") : ord("z") + 1] = True
_WORD_BYTE[0x80:] = True
_ASCII_LOWER = np.arange(256, dtype=np.uint8)
_ASCII_LOWER[ord("A") : ord("Z") + 1] += 32
_MAX_WORD_BYTES = 64
_MAX_BUCKET_REACH = 64
_BYTE_MASKS = np.array([(1 << (8 * k)) - 1 for k in range(9)], dtype=np.uint64)  # k low bytes kept


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: spreads every input bit over the whole 64-bit output."""
    x = x ^ (x >> np.uint64(30))
    x = x * _MIX1
    x = x ^ (x >> np.uint64(27))
    x = x * _MIX2
    return x ^ (x >> np.uint64(31))


@dataclass(frozen=True)
class Sketches:
    """Signatures and shingle sets of many texts; text ``i`` owns ``shingles[offsets[i]:offsets[i+1]]``.

    Shingles are kept as 32-bit hashes, enough to verify a candidate pair's Jaccard similarity
    (for two texts of 300 shingles, a false match is a one-in-50,000 event) at half the memory.
    """

    signatures: np.ndarray  # (texts, NUM_BINS) uint64; a text without shingles is all _EMPTY
    shingles: np.ndarray  # uint32, not deduplicated within a text (the set ignores repeats)
    offsets: np.ndarray  # int64, len(texts) + 1

    def counts(self) -> np.ndarray:
        return np.diff(self.offsets)

    def shingle_set(self, i: int) -> np.ndarray:
        """The sorted distinct shingles of text ``i``."""
        values = np.sort(self.shingles[self.offsets[i] : self.offsets[i + 1]])
        return values[np.append(True, values[1:] != values[:-1])] if values.size else values


def sketch(texts: Sequence[str]) -> Sketches:
    """Word 3-gram shingles (case, punctuation and spacing ignored) and MinHash signatures of each text.

    Texts go through in chunks of a few megabytes, so the temporary arrays and the signature table
    being filled stay small (the table in cache) whatever the number of texts.
    """
    signatures = np.empty((len(texts), NUM_BINS), dtype=np.uint64)
    parts: list[np.ndarray] = []
    counts = np.zeros(len(texts), dtype=np.int64)
    start = 0
    while start < len(texts):
        stop, size = start, 0
        while stop < len(texts) and (size == 0 or size + len(texts[stop]) < _CHUNK_BYTES):
            size += len(texts[stop]) + 1
            stop += 1
        # ASCII texts are lowercased on their bytes below; only the others need str.lower().
        docs = [t.encode("ascii") if t.isascii() else t.lower().encode("utf-8") for t in texts[start:stop]]
        hashes, counts[start:stop] = _shingle_chunk(docs)
        signatures[start:stop] = _signatures(hashes, counts[start:stop])
        parts.append(hashes.astype(np.uint32))
        start = stop
    offsets = np.zeros(len(texts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    shingles = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint32)
    return Sketches(signatures=signatures, shingles=shingles, offsets=offsets)


def _shingle_chunk(docs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    padded = _ASCII_LOWER[np.frombuffer(b" ".join(docs) + b" " + bytes(8), dtype=np.uint8)]
    data = padded[:-8]
    doc_starts = np.zeros(len(docs), dtype=np.int64)
    np.cumsum([len(d) + 1 for d in docs[:-1]], out=doc_starts[1:])
    is_word = _WORD_BYTE[data]
    punctuation = np.flatnonzero(data[:-2] == 0xE2)
    punctuation = punctuation[(data[punctuation + 1] & 0xFE) == 0x80]
    for k in range(3):
        is_word[punctuation + k] = False
    edges = np.flatnonzero(is_word[1:] != is_word[:-1]) + 1
    if is_word[0]:
        edges = np.concatenate(([0], edges))
    word_starts, word_ends = edges[0::2], edges[1::2]
    words = _word_hashes(padded, word_starts, word_ends - word_starts)
    words_per_doc = np.diff(np.append(np.searchsorted(word_starts, doc_starts), word_starts.size))
    span = SHINGLE_WORDS - 1
    counts = np.maximum(words_per_doc - span, 0)
    if words.size <= span:
        return np.zeros(0, dtype=np.uint64), counts
    word_doc = np.repeat(np.arange(len(docs)), words_per_doc)
    combined: np.ndarray = words[:-span] * _COMBINE[0]
    for k in range(1, SHINGLE_WORDS):
        combined = combined + words[k : words.size - span + k] * _COMBINE[k]
    return _mix(combined)[word_doc[span:] == word_doc[:-span]], counts


def _word_hashes(padded: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Hash each word 8 bytes at a time, read straight from the buffer (unaligned 64-bit loads).

    ``padded`` ends with 8 zero bytes so the last load stays inside it; bytes past a word's end are
    masked off. Words longer than _MAX_WORD_BYTES are hashed on their first bytes and their length.
    """
    loads = np.ndarray((padded.size - 7,), dtype="<u8", buffer=padded.data, strides=(1,))
    hashes = _mix(lengths.astype(np.uint64) * _COMBINE[1] ^ _masked(loads[starts], lengths))
    active = np.flatnonzero(lengths > 8)
    for offset in range(8, _MAX_WORD_BYTES, 8):
        if active.size == 0:
            break
        remaining = lengths[active] - offset
        block = _masked(loads[starts[active] + offset], remaining)
        hashes[active] = _mix(hashes[active] ^ block)
        active = active[remaining > 8]
    return hashes


def _masked(block: np.ndarray, remaining: np.ndarray) -> np.ndarray:
    """Keep the first ``remaining`` bytes (the low ones of a little-endian load) of each 8-byte load."""
    return block & _BYTE_MASKS[np.minimum(remaining, 8)]


def _signatures(hashes: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """One-permutation MinHash with densification, (texts, NUM_BINS) uint64."""
    table = np.full(counts.size * NUM_BINS, _EMPTY, dtype=np.uint64)
    doc = np.repeat(np.arange(counts.size, dtype=np.int64), counts)
    np.minimum.at(table, doc * NUM_BINS + (hashes >> _BIN_SHIFT).astype(np.int64), hashes)
    sig = table.reshape(counts.size, NUM_BINS)
    empty: np.ndarray = sig == _EMPTY
    return _densify(sig, empty) if empty.any() else sig


def _densify(sig: np.ndarray, empty: np.ndarray) -> np.ndarray:
    """Fill each empty bin from the next filled bin to its right (circularly), marked by the distance.

    Two texts with the same shingles fill the same way, so equal bins still mean shared shingles.
    """
    columns = np.arange(NUM_BINS)
    filled_at = np.where(empty, 2 * NUM_BINS, columns)
    doubled = np.concatenate([filled_at, filled_at + NUM_BINS], axis=1)
    next_filled = np.minimum.accumulate(doubled[:, ::-1], axis=1)[:, ::-1][:, :NUM_BINS]
    has_any = np.logical_not(empty.all(axis=1))
    source = np.where(has_any[:, None], next_filled % NUM_BINS, columns)
    distance = (next_filled - columns).astype(np.uint64)
    borrowed = np.take_along_axis(sig, source, axis=1) + distance * _COMBINE[0]
    out = np.where(empty & has_any[:, None], borrowed, sig)
    out[~has_any] = _EMPTY
    return out


def candidate_pairs(sig: np.ndarray, groups: Sequence[str], eligible: np.ndarray) -> np.ndarray:
    """Pairs (i < j) of eligible texts in the same group sharing at least one LSH band, as (k, 2) int64.

    ``groups`` (the place) goes into every band key, so texts from different groups never pair.
    """
    n = sig.shape[0]
    group_hash = np.fromiter(
        (xxhash.xxh64_intdigest(g.encode("utf-8")) for g in groups), dtype=np.uint64, count=n
    )
    index = np.flatnonzero(eligible)
    if index.size < 2:
        return np.zeros((0, 2), dtype=np.int64)
    rows = sig[index]
    bands = NUM_BINS // BAND_ROWS
    found: list[np.ndarray] = []
    for band in range(bands):
        block = rows[:, band * BAND_ROWS : (band + 1) * BAND_ROWS]
        key = group_hash[index] + np.uint64(band * int(_COMBINE[2]) % 2**64)
        for r in range(BAND_ROWS):
            key = _mix(key ^ block[:, r])
        found.append(_pairs_with_equal_keys(key, index))
    pairs = np.concatenate(found)
    if pairs.size == 0:
        return pairs.reshape(0, 2)
    return np.unique(pairs, axis=0)


def _pairs_with_equal_keys(key: np.ndarray, index: np.ndarray) -> np.ndarray:
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    same = np.flatnonzero(sorted_key[1:] == sorted_key[:-1])
    if same.size == 0:
        return np.zeros((0, 2), dtype=np.int64)
    # Runs of equal keys: pair every member with the later members of its run, up to
    # _MAX_BUCKET_REACH of them, so a huge bucket (one template posted hundreds of times in one
    # place) costs linear work; its members still join up through the chain of pairs.
    run_start = np.concatenate(([True], sorted_key[1:] != sorted_key[:-1]))
    run_id = np.cumsum(run_start) - 1
    members = index[order]
    result: list[np.ndarray] = []
    for offset in range(1, min(int(np.bincount(run_id).max()), _MAX_BUCKET_REACH + 1)):
        left = np.arange(members.size - offset)
        ok = run_id[left] == run_id[left + offset]
        if not ok.any():
            break
        result.append(np.stack([members[left[ok]], members[left[ok] + offset]], axis=1))
    pairs = np.concatenate(result)
    return np.sort(pairs, axis=1)


def jaccard(sketches: Sketches, i: int, j: int, cache: dict[int, np.ndarray]) -> float:
    """Jaccard similarity of two texts' shingle sets."""
    a = cache.get(i)
    if a is None:
        a = cache[i] = sketches.shingle_set(i)
    b = cache.get(j)
    if b is None:
        b = cache[j] = sketches.shingle_set(j)
    if a.size == 0 or b.size == 0:
        return 0.0
    if a.size > b.size:
        a, b = b, a
    found = np.searchsorted(b, a)
    common = int((b[np.minimum(found, b.size - 1)] == a).sum())
    return common / (a.size + b.size - common)
