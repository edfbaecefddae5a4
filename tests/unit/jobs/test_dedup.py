"""Deduplication: each duplicate kind and each look-alike, within a batch and against stored jobs."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from myjob.jobs import dedup_minhash
from myjob.jobs.dedup import DedupResult, deduplicate, merge_jobs
from myjob.jobs.normalize import normalize_posting
from myjob.models import ApplyLink, Job, SalaryRange

DAY1 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
DAY2 = DAY1 + timedelta(days=1)
_VOCABULARY = [
    f"{stem}{suffix}"
    for stem in (
        "data",
        "cloud",
        "team",
        "build",
        "ship",
        "design",
        "scale",
        "test",
        "review",
        "deploy",
        "secure",
        "model",
        "query",
        "stream",
        "cache",
        "index",
        "metric",
        "service",
        "client",
        "api",
        "storage",
        "network",
        "agent",
        "report",
        "budget",
        "policy",
        "driver",
        "kernel",
        "portal",
        "ledger",
    )
    for suffix in ("", "s", "ing", "ed", "er")
]


def sentences(seed: int, count: int = 14) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(_VOCABULARY) for _ in range(rng.randint(12, 20))).capitalize() + "."
        for _ in range(count)
    ]


def posting(
    *,
    seed: int = 1,
    title: str = "Senior Data Engineer",
    company: str = "Contoso",
    location: str = "Seattle, WA",
    text: list[str] | None = None,
    via: str = "LinkedIn",
    fetched_at: datetime = DAY1,
    **extra: Any,
) -> Job:
    item = {
        "title": title,
        "company_name": company,
        "location": location,
        "via": via,
        "description": " ".join(text if text is not None else sentences(seed)),
        "job_id": f"{via}-{seed}-{company}-{location}-{title}",
        "apply_options": [{"title": via, "link": f"https://{via.lower()}.example/{seed}/{company}"}],
        "detected_extensions": {"posted_at": "2 days ago"},
    } | extra
    return normalize_posting(item, query="data engineer", search_location=location, fetched_at=fetched_at)


def one_group(result: DedupResult) -> Job:
    assert len(result.unique) == 1, [j.title for j in result.unique]
    return result.unique[0]


# --- duplicates ------------------------------------------------------------------------------------


def test_same_posting_through_two_boards_is_an_exact_duplicate() -> None:
    first, second = posting(via="LinkedIn"), posting(via="Indeed")
    result = deduplicate([first, second])
    merged = one_group(result)
    assert [link.reason for link in result.links] == ["exact"]
    assert merged.sources == ["LinkedIn", "Indeed"] or merged.sources == ["Indeed", "LinkedIn"]
    assert {link.url for link in merged.apply_links} == {
        "https://linkedin.example/1/Contoso",
        "https://indeed.example/1/Contoso",
    }
    assert set(merged.source_job_ids) == {*first.source_job_ids, *second.source_job_ids}


def test_case_and_spacing_noise_is_an_exact_duplicate() -> None:
    clean = posting()
    noisy_text = [
        s.upper() if i % 3 == 0 else "  " + s.replace(" ", "  \u200b") for i, s in enumerate(sentences(1))
    ]
    noisy = posting(
        text=noisy_text,
        title="SENIOR  DATA ENGINEER",
        company="CONTOSO",
        location="SEATTLE, WA",
        via="Indeed",
    )
    result = deduplicate([clean, noisy])
    one_group(result)
    assert [(link.reason, link.similarity) for link in result.links] == [("exact", 1.0)]


def test_small_edits_are_a_near_duplicate() -> None:
    text = sentences(1)
    edited = [*text[:5], *text[6:], "Apply before the end of the month."]
    edited[2] = edited[2].replace("data", "information", 1)
    result = deduplicate([posting(text=text), posting(text=edited, via="Indeed")])
    one_group(result)
    (link,) = result.links
    assert link.reason == "near"
    assert 0.8 <= link.similarity < 1.0


def test_agency_repost_under_another_name_is_a_duplicate() -> None:
    text = sentences(1)
    agency = [
        "Our client, a leading software company, is hiring in Seattle.",
        *text[:-1],
        "Apply today through Robert Half and a recruiter will call you.",
    ]
    employer, repost = (
        posting(text=text),
        posting(
            text=agency, company="Robert Half", via="ZipRecruiter", title="Senior Data Engineer (Contract)"
        ),
    )
    result = deduplicate([repost, employer])
    merged = one_group(result)
    (link,) = result.links
    assert link.reason == "near"
    assert set(merged.sources) == {"LinkedIn", "ZipRecruiter"}
    assert len(merged.apply_links) == 2


# --- look-alikes that are different jobs -----------------------------------------------------------


def test_same_text_in_another_city_is_not_a_duplicate() -> None:
    result = deduplicate([posting(location="Seattle, WA"), posting(location="Austin, TX")])
    assert len(result.unique) == 2
    assert result.links == []


def test_same_title_and_city_for_another_team_is_not_a_duplicate() -> None:
    text = sentences(1)
    other_team = text[:4] + sentences(2, count=10)
    result = deduplicate([posting(text=text), posting(text=other_team, seed=2)])
    assert len(result.unique) == 2
    assert result.links == []


def test_same_text_for_another_level_is_not_a_duplicate() -> None:
    result = deduplicate(
        [
            posting(title="Software Engineer II"),
            posting(title="Senior Software Engineer"),
            posting(title="Software Engineer"),
        ]
    )
    assert len(result.unique) == 3
    assert result.links == []


def test_one_employers_similar_postings_need_more_than_an_agency_copy() -> None:
    text = sentences(1)
    sibling = text[:11] + sentences(3, count=3)  # much shared team text, yet another position
    result = deduplicate([posting(text=text), posting(text=sibling, seed=3)])
    assert len(result.unique) == 2
    agency_copy = deduplicate([posting(text=text), posting(text=sibling, seed=3, company="Apex Staffing")])
    assert len(agency_copy.unique) == 1


def test_short_texts_are_only_exact_duplicates() -> None:
    a = posting(text=["Join us."], seed=1)
    b = posting(text=["Join us."], seed=2, company="Fabrikam")
    assert len(deduplicate([a, b]).unique) == 2
    assert len(deduplicate([a, posting(text=["Join us."], seed=1, via="Indeed")]).unique) == 1


def test_unrelated_postings_stay_apart() -> None:
    jobs = [posting(seed=seed) for seed in range(20)]
    result = deduplicate(jobs)
    assert len(result.unique) == 20
    assert result.links == []


# --- against stored jobs ------------------------------------------------------------------------------


def test_a_duplicate_of_a_stored_job_updates_it_under_its_id() -> None:
    stored = posting(via="LinkedIn")
    text = sentences(1)
    result = deduplicate(
        [posting(text=[*text, "New benefits paragraph here."], via="Indeed", fetched_at=DAY2)],
        existing=[stored],
    )
    assert result.unique == []
    (updated,) = result.updates
    assert updated.job_id == stored.job_id
    assert updated.first_seen_at == DAY1
    assert updated.last_seen_at == DAY2
    assert set(updated.sources) == {"LinkedIn", "Indeed"}
    (link,) = result.links
    assert link.kept_job_id == stored.job_id
    assert link.reason == "near"


def test_rerun_adds_no_record_and_changes_nothing() -> None:
    batch = [posting(via="LinkedIn"), posting(via="Indeed"), posting(seed=5), posting(location="Austin, TX")]
    first = deduplicate(batch)
    stored = first.unique
    again = deduplicate(batch, existing=stored)
    assert again.unique == []
    assert {job.job_id for job in again.updates} == {job.job_id for job in stored}
    assert sorted(again.updates, key=lambda j: j.job_id) == sorted(stored, key=lambda j: j.job_id)


def test_exact_copy_of_a_stored_job_is_exact() -> None:
    stored = posting()
    result = deduplicate([posting(via="Indeed", fetched_at=DAY2)], existing=[stored])
    assert [(link.reason, link.kept_job_id) for link in result.links] == [("exact", stored.job_id)]


def test_stored_jobs_are_never_merged_with_each_other() -> None:
    text = sentences(1)
    older = posting(text=text[:10] + sentences(7, count=4))
    newer = posting(text=text[:10] + sentences(8, count=4), company="Apex Staffing")
    bridge = posting(text=text, company="Northwind Talent", fetched_at=DAY2)
    result = deduplicate([bridge], existing=[older, newer])
    assert result.unique == []
    assert len(result.updates) == 1
    assert result.updates[0].job_id in {older.job_id, newer.job_id}


def test_every_duplicate_is_linked_and_nothing_is_lost() -> None:
    jobs = [posting(via=board, seed=seed) for seed in range(4) for board in ("LinkedIn", "Indeed", "Dice")]
    result = deduplicate(jobs)
    assert len(result.unique) == 4
    assert len(result.links) == 8
    kept_ids = {job.job_id for job in result.unique}
    assert all(link.kept_job_id in kept_ids for link in result.links)
    merged_ids = {sid for job in result.unique for sid in job.source_job_ids}
    assert merged_ids == {sid for job in jobs for sid in job.source_job_ids}


def test_result_does_not_depend_on_input_order() -> None:
    text = sentences(1)
    jobs = [
        posting(via="LinkedIn"),
        posting(via="Indeed"),
        posting(text=[*text, "One more line of text here."]),
        posting(text=text, company="Apex Staffing"),
        posting(seed=9),
        posting(location="Austin, TX"),
    ]
    expected = deduplicate(jobs)
    for seed in range(5):
        shuffled = jobs[:]
        random.Random(seed).shuffle(shuffled)
        result = deduplicate(shuffled)
        assert [j.model_dump() for j in result.unique] == [j.model_dump() for j in expected.unique]
        assert [(link.duplicate.job_id, link.kept_job_id) for link in result.links] == [
            (link.duplicate.job_id, link.kept_job_id) for link in expected.links
        ]


# --- merge ------------------------------------------------------------------------------------------


def test_merge_keeps_the_id_and_the_richer_fields() -> None:
    kept = posting(text=sentences(1)[:10]).model_copy(
        update={"salary": None, "schedule_type": None, "posted_at": date(2026, 3, 8)}
    )
    duplicate = posting(via="Indeed", fetched_at=DAY1 - timedelta(days=3)).model_copy(
        update={
            "salary": SalaryRange(minimum=100, maximum=120, period="HOUR"),
            "schedule_type": "Full-time",
            "highlights": {"Benefits": ["Dental"]},
            "skills": ["python"],
            "posted_at": date(2026, 3, 1),
            "apply_links": [ApplyLink(title="Indeed", url="https://indeed.example/x"), *kept.apply_links],
        }
    )
    merged = merge_jobs(kept, duplicate)
    assert merged.job_id == kept.job_id
    assert merged.salary == duplicate.salary
    assert merged.schedule_type == "Full-time"
    assert merged.description == duplicate.description
    assert merged.content_hash == duplicate.content_hash
    assert merged.first_seen_at == DAY1 - timedelta(days=3)
    assert merged.last_seen_at == DAY1
    assert merged.posted_at == date(2026, 3, 1)
    assert [link.url for link in merged.apply_links] == [kept.apply_links[0].url, "https://indeed.example/x"]
    assert merged.highlights == {"Benefits": ["Dental"]}
    assert merged.skills == ["python"]
    assert merge_jobs(merged, duplicate) == merged  # merging again changes nothing


def test_merge_compares_zoned_and_unzoned_times() -> None:
    kept = posting().model_copy(
        update={"first_seen_at": datetime(2026, 3, 1, 12, 0)}
    )  # read back without zone
    merged = merge_jobs(kept, posting(fetched_at=datetime(2026, 3, 1, 11, 0, tzinfo=UTC)))
    assert merged.first_seen_at == datetime(2026, 3, 1, 11, 0, tzinfo=UTC)


# --- the similarity machinery --------------------------------------------------------------------


def test_shingles_ignore_case_punctuation_and_spacing() -> None:
    sketches = dedup_minhash.sketch(
        [
            "Build the data platform, ship it — fast!",
            "build  THE data\u2014platform ship it fast",
            "\u00e9t\u00e9 caf\u00e9 na\u00efve r\u00e9sum\u00e9 ok",
            "",
        ]
    )
    assert list(sketches.counts()) == [5, 5, 3, 0]
    assert dedup_minhash.jaccard(sketches, 0, 1, {}) == 1.0
    assert (sketches.signatures[0] == sketches.signatures[1]).all()
    assert dedup_minhash.jaccard(sketches, 0, 3, {}) == 0.0


def test_sketches_do_not_depend_on_chunking(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [" ".join(sentences(seed, count=20)) for seed in range(30)]
    whole = dedup_minhash.sketch(texts)
    monkeypatch.setattr(dedup_minhash, "_CHUNK_BYTES", 3000)
    chunked = dedup_minhash.sketch(texts)
    assert (whole.signatures == chunked.signatures).all()
    assert (whole.shingles == chunked.shingles).all()
    assert (whole.offsets == chunked.offsets).all()


@pytest.mark.parametrize("shared", [0.3, 0.6, 0.9])
def test_signatures_estimate_jaccard(shared: float) -> None:
    base = " ".join(sentences(1, count=30))
    words = base.split()
    keep = int(len(words) * shared)
    other = " ".join(words[:keep] + " ".join(sentences(2, count=30)).split()[keep:])
    sketches = dedup_minhash.sketch([base, other])
    estimate = float((sketches.signatures[0] == sketches.signatures[1]).mean())
    assert abs(estimate - dedup_minhash.jaccard(sketches, 0, 1, {})) < 0.15


def test_a_crowded_bucket_still_links_every_copy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dedup_minhash, "_MAX_BUCKET_REACH", 2)
    text = sentences(1)
    copies = [posting(text=[*text, f"Reference number {n} applies."], via=f"Board{n}") for n in range(12)]
    result = deduplicate(copies)
    assert len(result.unique) == 1
    assert len(result.links) == 11
