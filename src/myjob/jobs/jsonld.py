"""A job as schema.org JobPosting JSON-LD, shaped by Google's Job Search structured-data guidance.

Google requires title, description (HTML), datePosted, hiringOrganization and jobLocation (or, for a
job done from home, jobLocationType TELECOMMUTE with applicantLocationRequirements), and recommends
baseSalary, employmentType, identifier, directApply and validThrough. Only facts the posting gave are
written: no country is guessed for a place that does not name one, and validThrough is left out
because Google Jobs results carry no closing date.
"""

from __future__ import annotations

import html
import re
from typing import Any

from myjob.models import Job, SalaryRange
from myjob.places import US_STATES

# fmt: off
_EMPLOYMENT_TYPES = {
    "Full-time": "FULL_TIME", "Part-time": "PART_TIME", "Contractor": "CONTRACTOR", "Temporary": "TEMPORARY",
    "Internship": "INTERN", "Per diem": "PER_DIEM", "Volunteer": "VOLUNTEER",
}
# fmt: on
# fmt: off
_COUNTRIES = {
    "united states": "US", "usa": "US", "us": "US", "united states of america": "US", "india": "IN",
    "canada": "CA", "united kingdom": "GB", "uk": "GB", "germany": "DE", "france": "FR", "ireland": "IE",
    "netherlands": "NL", "spain": "ES", "australia": "AU", "singapore": "SG", "japan": "JP", "brazil": "BR",
    "mexico": "MX", "poland": "PL", "israel": "IL",
}
# fmt: on
_NOT_A_PLACE = frozenset({"anywhere", "remote", "work from home", "wfh"})
_REMARK = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def job_to_jsonld(job: Job) -> dict[str, Any]:
    """The JobPosting of one job, for ``json.dumps`` into a ``<script type="application/ld+json">``."""
    posted = job.posted_at or (job.first_seen_at.date() if job.first_seen_at else None)
    document: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": job.title,
        "description": description_html(job),
        "identifier": {"@type": "PropertyValue", "name": job.company, "value": job.job_id},
        "hiringOrganization": _organization(job),
    }
    if posted is not None:
        document["datePosted"] = posted.isoformat()
    address = _address(job.location)
    if address:
        document["jobLocation"] = {"@type": "Place", "address": address}
    if job.remote:
        document["jobLocationType"] = "TELECOMMUTE"
        country = _country_of(job.location) or _country_of(job.search_location or "")
        if country:
            document["applicantLocationRequirements"] = {"@type": "Country", "name": country}
    if job.schedule_type:
        document["employmentType"] = _EMPLOYMENT_TYPES.get(job.schedule_type, "OTHER")
    if job.salary and (job.salary.minimum is not None or job.salary.maximum is not None):
        document["baseSalary"] = _salary(job.salary)
    if job.apply_links:
        document["url"] = job.apply_links[0].url
        document["directApply"] = False  # applying happens on the employer's or board's site
    if job.skills:
        document["skills"] = job.skills
    return document


def description_html(job: Job) -> str:
    """Paragraphs and highlight lists as escaped HTML, the format Google asks for."""
    parts = [
        "<p>" + html.escape(paragraph).replace("\n", "<br>") + "</p>"
        for paragraph in job.description.split("\n\n")
        if paragraph.strip()
    ]
    for title, items in job.highlights.items():
        parts.append(f"<h3>{html.escape(title)}</h3>")
        parts.append("<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>")
    return "".join(parts) or f"<p>{html.escape(job.title)}</p>"


def _organization(job: Job) -> dict[str, Any]:
    organization: dict[str, Any] = {"@type": "Organization", "name": job.company}
    info = job.company_info or {}
    website = info.get("website") or info.get("url") or info.get("domain")
    if isinstance(website, str) and website:
        organization["sameAs"] = website if website.startswith("http") else f"https://{website}"
    logo = info.get("logo") or info.get("logo_url")
    if isinstance(logo, str) and logo.startswith("http"):
        organization["logo"] = logo
    return organization


def _parts(location: str) -> list[str]:
    """Comma-separated parts of a place, without bracketed remarks such as "(Remote)"."""
    return [part.strip() for part in _REMARK.sub("", location).split(",") if part.strip()]


def _address(location: str) -> dict[str, Any] | None:
    parts = _parts(location)
    if not parts or parts[0].lower() in _NOT_A_PLACE:
        return None
    address: dict[str, Any] = {"@type": "PostalAddress"}
    country = _country_of(location)
    if _COUNTRIES.get(parts[-1].lower()):
        parts = parts[:-1]
    if parts:
        address["addressLocality"] = parts[0]
    if len(parts) > 1:
        address["addressRegion"] = parts[1]
    if country:
        address["addressCountry"] = country
    return address if len(address) > 1 else None


def _country_of(location: str) -> str | None:
    parts = _parts(location)
    if not parts:
        return None
    named = _COUNTRIES.get(parts[-1].lower())
    if named:
        return named
    if len(parts) >= 2 and parts[-1].upper() in US_STATES and len(parts[-1]) == 2:
        return "US"
    return None


def _salary(salary: SalaryRange) -> dict[str, Any]:
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": salary.period}
    if salary.minimum is not None and salary.maximum is not None and salary.minimum != salary.maximum:
        value["minValue"] = salary.minimum
        value["maxValue"] = salary.maximum
    elif salary.minimum is not None and salary.maximum is not None:
        value["value"] = salary.minimum
    elif salary.minimum is not None:
        value["minValue"] = salary.minimum
    else:
        value["maxValue"] = salary.maximum
    return {"@type": "MonetaryAmount", "currency": salary.currency, "value": value}
