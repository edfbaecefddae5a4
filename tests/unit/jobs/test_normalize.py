"""Normalization of google_jobs items: cleaning, fields from extensions, fingerprint, bad input."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from myjob.jobs.normalize import InvalidPosting, clean_text, fix_case, location_key, normalize_posting
from myjob.jobs.salary import parse_salary
from myjob.models import SalaryRange

FETCHED = datetime(2026, 3, 10, 9, 30, tzinfo=UTC)
RECORDED = Path(__file__).parent / "fixtures" / "google_jobs_chennai.json"


def item(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "title": "Senior Data Engineer",
        "company_name": "Contoso Ltd.",
        "location": "Seattle, WA",
        "via": "LinkedIn",
        "description": "Build data pipelines for our analytics platform.\n\nWork with Spark and Airflow.",
        "extensions": ["3 days ago", "120K–150K a year", "Full–time", "Health insurance"],
        "detected_extensions": {
            "posted_at": "3 days ago",
            "salary": "120K–150K a year",
            "schedule_type": "Full–time",
            "health_insurance": True,
        },
        "job_highlights": [
            {"title": "Qualifications", "items": ["5+ years of Python", " SQL "]},
            {"title": "Benefits", "items": ["Health insurance"]},
        ],
        "apply_options": [
            {
                "title": "LinkedIn",
                "link": "https://www.linkedin.com/jobs/view/1?utm_source=google_jobs_apply&a=1",
            },
            {"title": "Evil", "link": "javascript:alert(1)"},
        ],
        "share_link": "https://www.google.com/search?ibp=htl;jobs&q=data",
        "job_id": "eyJqb2JfdGl0bGUiOiJTZW5pb3IifQ==",
    }
    base.update(overrides)
    return base


def normalize(raw: dict[str, Any], fetched_at: datetime = FETCHED) -> Any:
    return normalize_posting(
        raw, query="data engineer", search_location="Seattle, Washington", fetched_at=fetched_at
    )


def test_a_full_item_becomes_a_job() -> None:
    job = normalize(item())
    assert job.title == "Senior Data Engineer"
    assert job.company == "Contoso Ltd."
    assert job.company_normalized == "contoso"
    assert job.schedule_type == "Full-time"
    assert job.salary == SalaryRange(minimum=120_000, maximum=150_000, currency="USD", period="YEAR")
    assert job.posted_at == date(2026, 3, 7)
    assert job.highlights == {
        "Qualifications": ["5+ years of Python", "SQL"],
        "Benefits": ["Health insurance"],
    }
    assert [link.url for link in job.apply_links] == [
        "https://www.linkedin.com/jobs/view/1?a=1",
        "https://www.google.com/search?ibp=htl%3Bjobs&q=data",
    ]
    assert job.sources == ["LinkedIn"]
    assert job.source_job_ids == ["eyJqb2JfdGl0bGUiOiJTZW5pb3IifQ=="]
    assert job.query == "data engineer"
    assert job.search_location == "Seattle, Washington"
    assert job.first_seen_at == job.last_seen_at == FETCHED
    assert len(job.job_id) == 64
    assert int(job.job_id, 16) >= 0
    assert len(job.content_hash) == 64


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("120K–150K a year", SalaryRange(minimum=120_000, maximum=150_000, period="YEAR")),
        ("$45–$60 an hour", SalaryRange(minimum=45, maximum=60, period="HOUR")),
        ("From 90K a year", SalaryRange(minimum=90_000, maximum=None, period="YEAR")),
        ("Up to $150,000 a year", SalaryRange(minimum=None, maximum=150_000, period="YEAR")),
        ("$5,000 a month", SalaryRange(minimum=5_000, maximum=5_000, period="MONTH")),
        ("€50K–€60K a year", SalaryRange(minimum=50_000, maximum=60_000, currency="EUR", period="YEAR")),
        ("£400 a day", SalaryRange(minimum=400, maximum=400, currency="GBP", period="DAY")),
        ("CA$80K–CA$95K a year", SalaryRange(minimum=80_000, maximum=95_000, currency="CAD", period="YEAR")),
        ("₹5L–₹8L a year", SalaryRange(minimum=500_000, maximum=800_000, currency="INR", period="YEAR")),
        ("1.2M a year", SalaryRange(minimum=1_200_000, maximum=1_200_000, period="YEAR")),
        ("150K–120K a year", SalaryRange(minimum=120_000, maximum=150_000, period="YEAR")),
    ],
)
def test_salary_formats(text: str, expected: SalaryRange) -> None:
    assert parse_salary(text) == expected


@pytest.mark.parametrize("text", ["3 days ago", "Full-time", "Health insurance", "401(k)", "", "0 a year"])
def test_text_that_is_not_pay_gives_no_salary(text: str) -> None:
    assert parse_salary(text) is None


def test_salary_found_in_extensions_when_not_detected() -> None:
    raw = item(detected_extensions={"posted_at": "2 days ago"}, extensions=["2 days ago", "$45–$60 an hour"])
    assert normalize(raw).salary == SalaryRange(minimum=45, maximum=60, period="HOUR")


@pytest.mark.parametrize(
    ("posted", "expected"),
    [
        ("3 days ago", date(2026, 3, 7)),
        ("2 hours ago", date(2026, 3, 10)),
        ("11 hours ago", date(2026, 3, 9)),
        ("30+ days ago", date(2026, 2, 8)),
        ("a day ago", date(2026, 3, 9)),
        ("1 week ago", date(2026, 3, 3)),
        ("Just posted", date(2026, 3, 10)),
        ("Yesterday", date(2026, 3, 9)),
        ("sometime", None),
    ],
)
def test_posted_at_relative_to_the_fetch(posted: str, expected: date | None) -> None:
    raw = item(detected_extensions={"posted_at": posted}, extensions=[posted])
    assert normalize(raw).posted_at == expected


@pytest.mark.parametrize(
    ("overrides", "remote"),
    [
        ({"detected_extensions": {"work_from_home": True}}, True),
        ({"location": "Anywhere"}, True),
        ({"location": "Seattle, WA (Remote)"}, True),
        ({"title": "Data Engineer (Remote)"}, True),
        ({"extensions": ["Work from home"]}, True),
        ({"description": "This is a fully remote position on our data team."}, True),
        ({"title": "Remote Sensing Analyst"}, False),
        ({"description": "You will support remote teams across three offices."}, False),
        ({}, False),
    ],
)
def test_remote_detection(overrides: dict[str, Any], remote: bool) -> None:
    raw = item(detected_extensions={}, extensions=[]) | overrides
    assert normalize(raw).remote is remote


def test_anywhere_and_remote_share_one_place_key() -> None:
    assert (
        location_key("Anywhere", True)
        == location_key("", True)
        == location_key("United States", True)
        == "remote"
    )
    assert location_key("Seattle, Washington, United States", False) == location_key("SEATTLE, WA", False)
    assert location_key("Seattle, WA", False) != location_key("Portland, OR", False)


def test_noise_is_cleaned_and_case_fixed() -> None:
    noisy = item(
        title="  SENIOR\u200b DATA   ENGINEER\u0000 ",
        company_name="CONTOSO\ufeff LTD.",
        location="SEATTLE,   WA",
        description=(
            "Build data\u200b pipelines\tfor our analytics platform."
            "\r\n\r\n\r\n\r\nWork with Spark and Airflow. "
        ),
    )
    job = normalize(noisy)
    assert job.title == "Senior Data Engineer"
    assert job.company == "Contoso Ltd."
    assert job.location == "Seattle, WA"
    assert (
        job.description == "Build data pipelines for our analytics platform.\n\nWork with Spark and Airflow."
    )
    assert job.job_id == normalize(item()).job_id


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("IBM", "IBM"),
        ("KPMG", "KPMG"),
        ("MICROSOFT CORPORATION", "Microsoft Corporation"),
        ("ACME HOLDINGS LLC", "Acme Holdings LLC"),
        ("HCLTech", "HCLTech"),
        ("robert half", "Robert Half"),
    ],
)
def test_company_case(raw: str, shown: str) -> None:
    assert normalize(item(company_name=raw)).company == shown


def test_mixed_case_is_kept_and_acronyms_survive() -> None:
    assert fix_case("iOS Engineer, DevOps") == "iOS Engineer, DevOps"
    assert fix_case("SR. SQL DEVELOPER II - AWS") == "Sr. SQL Developer II - AWS"
    assert fix_case("head of data and ai") == "Head of Data and AI"


def test_clean_text_keeps_paragraphs_only_where_asked() -> None:
    text = "a\u00a0 b\u2028c\n\n\n\nd\x07"
    assert clean_text(text) == "a b c d"
    assert clean_text(text, keep_newlines=True) == "a b\nc\n\nd"
    assert clean_text("e\u0301") == "\u00e9"  # NFC


def test_fingerprint_is_stable_across_days_and_boards() -> None:
    first = normalize(item())
    later = normalize(
        item(via="Indeed", job_id="other", extensions=["5 days ago"]),
        fetched_at=datetime(2026, 3, 12, tzinfo=UTC),
    )
    assert later.job_id == first.job_id
    assert later.content_hash == first.content_hash


@pytest.mark.parametrize(
    "overrides",
    [
        {"location": "Portland, OR"},
        {"company_name": "Fabrikam"},
        {"title": "Staff Data Engineer"},
        {"description": "Another team: build the billing service in Go."},
    ],
)
def test_fingerprint_changes_with_identity(overrides: dict[str, Any]) -> None:
    assert normalize(item(**overrides)).job_id != normalize(item()).job_id


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (item(title=None, job_title=None), "missing title"),
        (item(title="  \u200b "), "missing title"),
        (item(company_name=None), "missing company name"),
        (item(company_name="!!!"), "company name has no letters or digits"),
        (item(title={"nested": "object"}), "title is not text"),
        (item(description=["a", "list"]), "description is not text"),
        (["not", "an", "object"], "item is not an object"),
    ],
)
def test_items_that_cannot_make_a_job(raw: Any, reason: str) -> None:
    with pytest.raises(InvalidPosting) as error:
        normalize(raw)
    assert str(error.value) == reason
    assert isinstance(error.value, ValueError)


def test_untrusted_sizes_are_bounded() -> None:
    job = normalize(
        item(
            title="Engineer " * 200,
            description="word " * 100_000,
            apply_options=[{"title": "x", "link": f"https://x.example/{i}"} for i in range(500)],
        )
    )
    assert len(job.title) <= 300
    assert len(job.description) <= 50_000
    assert len(job.apply_links) <= 51


def test_wrongly_typed_optional_fields_are_ignored() -> None:
    job = normalize(
        item(
            detected_extensions="junk",
            extensions=[1, None, "2 days ago"],
            job_highlights="x",
            apply_options=[None, {"link": 5}],
            share_link=None,
            via=None,
            job_id=7,
        )
    )
    assert job.posted_at == date(2026, 3, 8)
    assert job.highlights == {}
    assert job.apply_links == []
    assert job.sources == []
    assert job.source_job_ids == []


def test_the_recorded_serpapi_response() -> None:
    results = json.loads(RECORDED.read_text(encoding="utf-8"))["jobs_results"]
    jobs = [normalize(raw) for raw in results]
    assert [job.company for job in jobs] == ["HCLTech", "Prodapt"]
    assert all(job.schedule_type == "Full-time" and job.location == "Chennai, Tamil Nadu" for job in jobs)
    assert jobs[0].posted_at == date(2026, 3, 9)  # "13 hours ago" at 09:30
    assert all(
        link.url.startswith("https://") and "utm_" not in link.url for job in jobs for link in job.apply_links
    )
    assert len({job.job_id for job in jobs}) == 2
