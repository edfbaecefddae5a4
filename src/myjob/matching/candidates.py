"""Candidate generation: the top K live jobs per user by embedding similarity, after hard filters.

Not the cross product: similarities are computed in blocks of users (one float32 matmul per block,
about 100 MB for 256 users against 100,000 jobs), incompatible or already-scored jobs are masked to
-inf, and ``argpartition`` keeps the K best of each row. Location compatibility is decided on
integer codes so that the mask is a gather, not a Python loop over pairs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from myjob.matching.locations import Location, parse_location
from myjob.matching.profiles import UserPreferences


@dataclass(frozen=True)
class UserFilter:
    """What the hard filter needs to know about one user."""

    location: Location
    preferences: UserPreferences


class JobIndex:
    """Unit vectors of the live jobs a run may propose, with their location codes."""

    def __init__(
        self,
        job_ids: Sequence[str],
        vectors: NDArray[np.float32],
        locations: Sequence[Location],
        remote: Sequence[bool],
    ) -> None:
        self.job_ids = list(job_ids)
        self.position = {job_id: i for i, job_id in enumerate(self.job_ids)}
        self.vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        self.codes: dict[str, int] = {}
        self.key = np.array([self._code(loc.key) for loc in locations], dtype=np.int32)
        self.country = np.array([self._code(loc.country) for loc in locations], dtype=np.int32)
        self.city = np.array([self._code(loc.city) for loc in locations], dtype=np.int32)
        self.remote = np.asarray(remote, dtype=bool)
        self.unknown = (self.key == 0) & ~self.remote  # a remote job with no place is remote, not unknown

    def _code(self, value: str | None) -> int:
        if not value:
            return 0
        return self.codes.setdefault(value, len(self.codes) + 1)

    def __len__(self) -> int:
        return len(self.job_ids)


def _compatible(index: JobIndex, users: Sequence[UserFilter]) -> NDArray[np.bool_]:
    """(users, jobs) mask: remote fit, same region or country-wide posting, relocation, or unknown."""
    n_codes = len(index.codes) + 1
    allowed = np.zeros((len(users), n_codes), dtype=bool)
    allowed_city = np.zeros((len(users), n_codes), dtype=bool)
    relocate_country = np.full(len(users), -1, dtype=np.int32)  # -1 matches no country code
    remote_ok = np.zeros(len(users), dtype=bool)
    remote_only = np.zeros(len(users), dtype=bool)
    anywhere = np.zeros(len(users), dtype=bool)
    for row, user in enumerate(users):
        prefs, here = user.preferences, user.location
        remote_ok[row] = prefs.remote
        remote_only[row] = prefs.remote_only
        if not here.known:
            anywhere[row] = not prefs.remote_only
            continue
        for value in (here.key, here.country):
            code = index.codes.get(value or "", 0)
            if code:
                allowed[row, code] = True
        for target in map(parse_location, prefs.relocation_locations):
            for value in (target.key, target.city):
                code = index.codes.get(value or "", 0)
                if code:
                    allowed_city[row, code] |= value == target.city
                    allowed[row, code] |= value == target.key
        if prefs.relocation and here.country:
            relocate_country[row] = index.codes.get(here.country, 0) or -1
    on_site = allowed[:, index.key] | allowed_city[:, index.city]
    on_site |= relocate_country[:, None] == index.country[None, :]
    on_site |= index.unknown[None, :] | anywhere[:, None]
    remote_fit = remote_ok[:, None] & index.remote[None, :]
    return remote_fit | (on_site & ~remote_only[:, None])


def top_candidates(
    user_vectors: NDArray[np.float32],
    users: Sequence[UserFilter],
    index: JobIndex,
    k: int,
    *,
    allowed_jobs: NDArray[np.bool_] | None = None,
    exclude: Mapping[int, Iterable[int]] | None = None,
    block: int = 256,
) -> list[list[tuple[int, float]]]:
    """Per user (row of ``user_vectors``), up to ``k`` (job position, cosine) pairs, best first.

    ``allowed_jobs`` restricts every user to some jobs (the new ones, in an incremental run);
    ``exclude`` maps a user row to job positions already scored for that user's resume.
    """
    results: list[list[tuple[int, float]]] = []
    if len(index) == 0:
        return [[] for _ in users]
    for start in range(0, len(users), block):
        stop = min(start + block, len(users))
        sims = user_vectors[start:stop] @ index.vectors.T
        mask = _compatible(index, users[start:stop])
        if allowed_jobs is not None:
            mask &= allowed_jobs[None, :]
        for row in range(start, stop):
            for position in (exclude or {}).get(row, ()):
                mask[row - start, position] = False
        np.putmask(sims, ~mask, -np.inf)
        take = min(k, sims.shape[1])
        top = np.argpartition(sims, sims.shape[1] - take, axis=1)[:, sims.shape[1] - take :]
        for row in range(stop - start):
            chosen = top[row][np.isfinite(sims[row, top[row]])]
            ordered = chosen[np.argsort(-sims[row, chosen], kind="stable")]
            results.append([(int(j), float(sims[row, j])) for j in ordered])
    return results
