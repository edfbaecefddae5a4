"""What matching needs from a JSON Resume: experience in years, latest title, seniority, location."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from myjob.models import Seniority
from myjob.resumes.dates import parse_date

_SENIORITY_RULES: list[tuple[Seniority, re.Pattern[str]]] = [
    (
        Seniority.EXECUTIVE,
        re.compile(r"\b(ceo|cto|cfo|coo|cio|chief|president|vp|vice president|founder)\b", re.I),
    ),
    (Seniority.INTERN, re.compile(r"\b(intern|internship|trainee|apprentice|working student)\b", re.I)),
    (Seniority.LEAD, re.compile(r"\b(lead|head|manager|director|principal|staff)\b", re.I)),
    (Seniority.SENIOR, re.compile(r"\b(senior|sr\.?)\b", re.I)),
    (Seniority.JUNIOR, re.compile(r"\b(junior|jr\.?|graduate|entry[- ]level|associate)\b", re.I)),
]


def _months(value: str | None, default: int) -> int:
    parsed = parse_date(value) if value else None
    return parsed.months() if parsed else default


def years_experience(work: list[dict[str, Any]], today: date) -> float | None:
    """Years covered by dated work entries, overlaps counted once (two parallel jobs are not two years)."""
    now = today.year * 12 + today.month - 1
    spans = sorted(
        (_months(item["startDate"], now), _months(item.get("endDate"), now))
        for item in work
        if item.get("startDate")
    )
    if not spans:
        return None
    total, (start, end) = 0, spans[0]
    for next_start, next_end in spans[1:]:
        if next_start > end:
            total += end - start
            start, end = next_start, next_end
        else:
            end = max(end, next_end)
    total += end - start
    return round(max(total, 0) / 12, 1)


def recent_title(work: list[dict[str, Any]]) -> str | None:
    """Position of the entry that ends last (an open end is the present)."""
    dated = [w for w in work if w.get("position")]
    if not dated:
        return None
    latest = max(dated, key=lambda w: (_months(w.get("endDate"), 10**6), _months(w.get("startDate"), 0)))
    return str(latest["position"])


def seniority(title: str | None, years: float | None) -> Seniority | None:
    if title:
        for level, pattern in _SENIORITY_RULES:
            if pattern.search(title):
                return level
    if years is None:
        return None
    if years < 2:
        return Seniority.JUNIOR
    return Seniority.MID if years < 6 else Seniority.SENIOR


def location_text(basics: dict[str, Any]) -> str | None:
    location = basics.get("location") or {}
    text = ", ".join(location[k] for k in ("city", "region") if location.get(k))
    return text or None
