"""JobPosting JSON-LD against Google's Job Search structured-data guidance."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from myjob.jobs.jsonld import job_to_jsonld
from myjob.jobs.normalize import normalize_posting
from myjob.models import Job, SalaryRange

FETCHED = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
REQUIRED = {"@context", "@type", "title", "description", "datePosted", "hiringOrganization"}
EMPLOYMENT_TYPES = {
    "FULL_TIME",
    "PART_TIME",
    "CONTRACTOR",
    "TEMPORARY",
    "INTERN",
    "VOLUNTEER",
    "PER_DIEM",
    "OTHER",
}
UNITS = {"HOUR", "DAY", "WEEK", "MONTH", "YEAR"}


def job(**overrides: Any) -> Job:
    item = {
        "title": "Senior Data Engineer",
        "company_name": "Contoso",
        "location": "Seattle, WA",
        "via": "LinkedIn",
        "description": "Build pipelines & <dashboards>.\n\nWork with Spark.",
        "detected_extensions": {
            "posted_at": "3 days ago",
            "schedule_type": "Full-time",
            "salary": "120K–150K a year",
        },
        "job_highlights": [{"title": "Qualifications", "items": ["5+ years of Python"]}],
        "apply_options": [{"title": "LinkedIn", "link": "https://www.linkedin.com/jobs/view/1"}],
    } | overrides
    return normalize_posting(item, query="data engineer", search_location="United States", fetched_at=FETCHED)


def check_google_rules(document: dict[str, Any]) -> None:
    """Required properties present and recommended ones well formed, as Google's guidance lists them."""
    assert set(document) >= REQUIRED
    assert document["@context"] == "https://schema.org/"
    assert document["@type"] == "JobPosting"
    date.fromisoformat(document["datePosted"])
    assert document["hiringOrganization"]["@type"] == "Organization"
    assert document["hiringOrganization"]["name"]
    assert document["description"].startswith("<")
    # A job needs a place, or it must be remote with TELECOMMUTE.
    assert "jobLocation" in document or document.get("jobLocationType") == "TELECOMMUTE"
    if "jobLocation" in document:
        address = document["jobLocation"]["address"]
        assert document["jobLocation"]["@type"] == "Place"
        assert address["@type"] == "PostalAddress"
        assert address.get("addressLocality") or address.get("addressRegion")
    if "employmentType" in document:
        assert document["employmentType"] in EMPLOYMENT_TYPES
    if "baseSalary" in document:
        salary = document["baseSalary"]
        assert salary["@type"] == "MonetaryAmount"
        assert len(salary["currency"]) == 3
        assert salary["value"]["@type"] == "QuantitativeValue"
        assert salary["value"]["unitText"] in UNITS
        assert {"value", "minValue", "maxValue"} & set(salary["value"])
    assert document["identifier"]["@type"] == "PropertyValue"
    json.dumps(document)


def test_a_full_job() -> None:
    document = job_to_jsonld(job())
    check_google_rules(document)
    assert document["title"] == "Senior Data Engineer"
    assert document["datePosted"] == "2026-03-07"
    assert document["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Seattle",
        "addressRegion": "WA",
        "addressCountry": "US",
    }
    assert document["employmentType"] == "FULL_TIME"
    assert document["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 120000.0,
            "maxValue": 150000.0,
            "unitText": "YEAR",
        },
    }
    assert document["identifier"]["value"] == job().job_id
    assert document["url"] == "https://www.linkedin.com/jobs/view/1"
    assert document["directApply"] is False
    assert "jobLocationType" not in document


def test_description_is_escaped_html_with_highlights() -> None:
    description = job_to_jsonld(job())["description"]
    assert description == (
        "<p>Build pipelines &amp; &lt;dashboards&gt;.</p><p>Work with Spark.</p>"
        "<h3>Qualifications</h3><ul><li>5+ years of Python</li></ul>"
    )


def test_remote_job_is_telecommute_with_applicant_country() -> None:
    document = job_to_jsonld(job(location="Anywhere", detected_extensions={"work_from_home": True}))
    check_google_rules(document)
    assert document["jobLocationType"] == "TELECOMMUTE"
    assert document["applicantLocationRequirements"] == {"@type": "Country", "name": "US"}
    assert "jobLocation" not in document


def test_remote_job_with_an_office_keeps_both() -> None:
    document = job_to_jsonld(job(location="Seattle, WA (Remote)"))
    check_google_rules(document)
    assert document["jobLocationType"] == "TELECOMMUTE"
    assert document["jobLocation"]["address"]["addressLocality"] == "Seattle"


def test_a_country_is_never_guessed() -> None:
    document = job_to_jsonld(job(location="Chennai, Tamil Nadu"))
    check_google_rules(document)
    assert document["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Chennai",
        "addressRegion": "Tamil Nadu",
    }
    named = job_to_jsonld(job(location="Chennai, Tamil Nadu, India"))
    assert named["jobLocation"]["address"]["addressCountry"] == "IN"


@pytest.mark.parametrize(
    ("salary", "value"),
    [
        (SalaryRange(minimum=45, maximum=45, period="HOUR"), {"value": 45}),
        (SalaryRange(minimum=90_000, maximum=None), {"minValue": 90_000}),
        (SalaryRange(minimum=None, maximum=150_000, currency="EUR"), {"maxValue": 150_000}),
    ],
)
def test_salary_shapes(salary: SalaryRange, value: dict[str, float]) -> None:
    document = job_to_jsonld(job().model_copy(update={"salary": salary}))
    check_google_rules(document)
    assert {
        k: v for k, v in document["baseSalary"]["value"].items() if k not in {"@type", "unitText"}
    } == value
    assert document["baseSalary"]["currency"] == salary.currency


def test_sparse_job_still_meets_the_required_properties() -> None:
    bare = job(detected_extensions={}, description="", job_highlights=None, apply_options=None)
    document = job_to_jsonld(bare)
    check_google_rules(document)
    assert document["datePosted"] == "2026-03-10"  # first seen, when the board gave no age
    assert document["description"] == "<p>Senior Data Engineer</p>"
    assert not {"employmentType", "baseSalary", "url", "directApply"} & set(document)


def test_unknown_schedule_is_other_and_company_facts_are_used() -> None:
    enriched = job().model_copy(
        update={
            "schedule_type": "Seasonal",
            "company_info": {"website": "contoso.example", "logo": "https://contoso.example/logo.png"},
        }
    )
    document = job_to_jsonld(enriched)
    assert document["employmentType"] == "OTHER"
    assert document["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Contoso",
        "sameAs": "https://contoso.example",
        "logo": "https://contoso.example/logo.png",
    }


def test_every_replay_posting_exports_valid_jsonld() -> None:
    replay = Path(__file__).resolve().parents[3] / "data" / "serpapi_replay"
    if not (replay / "index.json").exists():
        pytest.skip("replay corpus not built")
    index = json.loads((replay / "index.json").read_text(encoding="utf-8"))
    pages = [page for search in index["searches"] for page in search["pages"]]
    exported = 0
    for page in pages:
        for item in json.loads((replay / page).read_text(encoding="utf-8")).get("jobs_results", []):
            posting = normalize_posting(item, query=None, search_location="United States", fetched_at=FETCHED)
            check_google_rules(job_to_jsonld(posting))
            exported += 1
    assert exported > 100
