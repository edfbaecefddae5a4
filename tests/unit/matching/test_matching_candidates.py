"""Candidate retrieval: top K by cosine among jobs the hard filter allows, scored pairs left out."""

from __future__ import annotations

import numpy as np

from myjob.matching.candidates import JobIndex, UserFilter, top_candidates
from myjob.matching.locations import parse_location
from myjob.matching.profiles import UserPreferences

JOBS = [  # (where, remote)
    ("Seattle, WA", False),
    ("Austin, TX", False),
    ("Anywhere", True),
    ("Boston, MA", False),
    ("United States", False),
    ("", False),
]


def _index() -> JobIndex:
    vectors = np.eye(len(JOBS), 8, dtype=np.float32)
    return JobIndex(
        [f"j{i}" for i in range(len(JOBS))],
        vectors,
        [parse_location(w) for w, _ in JOBS],
        [r for _, r in JOBS],
    )


def _user(where: str, **prefs) -> UserFilter:
    return UserFilter(parse_location(where), UserPreferences.model_validate(prefs))


def _ids(index: JobIndex, result) -> set[str]:
    return {index.job_ids[p] for p, _ in result}


def test_hard_filter_keeps_reachable_jobs_only():
    index = _index()
    users = [
        _user("Austin, TX"),
        _user("Austin, TX", remote=False),
        _user("Austin, TX", remote_only=True),
        _user("Austin, TX", relocation=True),
        _user("Austin, TX", relocation_locations=["Boston"]),
        _user(""),
    ]
    vectors = np.full((len(users), 8), 0.3, dtype=np.float32)
    found = [_ids(index, r) for r in top_candidates(vectors, users, index, k=10)]
    assert found[0] == {"j1", "j2", "j4", "j5"}  # home state, remote, country-wide, unknown place
    assert found[1] == {"j1", "j4", "j5"}
    assert found[2] == {"j2"}
    assert found[3] == {"j0", "j1", "j2", "j3", "j4", "j5"}
    assert found[4] == {"j1", "j2", "j3", "j4", "j5"}
    assert found[5] == {"j0", "j1", "j2", "j3", "j4", "j5"}


def test_top_k_is_ordered_by_cosine_and_respects_allowed_and_excluded_jobs():
    index = _index()
    user = np.array([[0.1, 0.5, 0.9, 0.2, 0.8, 0.0, 0, 0]], dtype=np.float32)
    [best] = top_candidates(user, [_user("", relocation=True)], index, k=3)
    assert [index.job_ids[p] for p, _ in best] == ["j2", "j4", "j1"]
    assert best[0][1] > best[1][1] > best[2][1]
    [excluded] = top_candidates(user, [_user("", relocation=True)], index, k=3, exclude={0: [2]})
    assert [index.job_ids[p] for p, _ in excluded] == ["j4", "j1", "j3"]
    allowed = np.array([False, True, False, True, False, False])
    [only_new] = top_candidates(user, [_user("", relocation=True)], index, k=3, allowed_jobs=allowed)
    assert [index.job_ids[p] for p, _ in only_new] == ["j1", "j3"]
