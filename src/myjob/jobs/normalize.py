"""One SerpAPI ``google_jobs`` result item turned into a ``Job``.

The items are untrusted: fields may be missing, of the wrong type, padded with zero-width or control
characters, shouted in capitals or absurdly long. Cleaning happens here once, so dedup, enrichment
and matching all compare the same text. An item that cannot make a job raises ``InvalidPosting``
with a short reason the caller records before going on with the batch.

The ``job_id`` is a fingerprint of what identifies a posting (title, employer, place, description),
computed from comparison forms that ignore case, spacing and punctuation, so the same posting fetched
on another day, or through another board, gets the same id.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from myjob.jobs.company_names import normalize_company_name
from myjob.jobs.salary import parse_salary
from myjob.models import ApplyLink, Job, SalaryRange
from myjob.places import US_STATE_CODE_BY_NAME, US_STATES

MAX_TITLE_CHARS = 300
MAX_COMPANY_CHARS = 200
MAX_LOCATION_CHARS = 200
MAX_DESCRIPTION_CHARS = 50_000
MAX_LIST_ITEMS = 50
FINGERPRINT_VERSION = "job-v1"


class InvalidPosting(ValueError):
    """An item that cannot make a job; ``str(error)`` is the reason to record."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- text cleaning --------------------------------------------------------------------------------

# Format characters that render as nothing (zero-width spaces and joiners, bidi controls, BOM),
# and lone surrogates that no encoder accepts.
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ud800-\udfff]"
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile("\r\n?|[\u2028\u2029\x85]")
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_WORDS = re.compile(r"\w+")


def clean_text(value: str, *, keep_newlines: bool = False) -> str:
    """NFC text without invisible or control characters and with single spaces.

    Newlines survive only where asked (descriptions), at most one blank line in a row.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", value))
    text = _CONTROL.sub(" ", _LINE_BREAKS.sub("\n", text))
    if not keep_newlines:
        return " ".join(text.split())
    lines = (line.strip() for line in _SPACES.sub(" ", text).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def comparison_form(text: str) -> str:
    """Lowercase words joined by single spaces: what two copies of one text share despite noise."""
    return " ".join(_WORDS.findall(text.lower()))


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


# fmt: off
_ACRONYMS = frozenset(
    {
        "ai", "ml", "ui", "ux", "qa", "it", "hr", "bi", "sql", "aws", "gcp", "api", "apis", "sdk",
        "ii", "iii", "iv", "vp", "svp", "evp", "ceo", "cto", "cfo", "coo", "cio", "ciso", "us",
        "usa", "uk", "eu", "nyc", "sre", "etl", "erp", "crm", "seo", "llm", "nlp", "gpu", "cpu", "rn",
        "lpn", "cna", "hvac", "cdl", "pmp", "sap", "saas", "b2b", "dc",
    }
)
# fmt: on
_STATE_CODES = frozenset(code.lower() for code in US_STATES)
_MINOR_WORDS = frozenset(["a", "an", "and", "at", "for", "in", "of", "on", "or", "the", "to", "with", "via"])
_MIXED_WORDS = {"ios": "iOS", "devops": "DevOps", "javascript": "JavaScript", "typescript": "TypeScript"}
_WORD_PIECE = re.compile(r"[A-Za-z][A-Za-z']*")


def fix_case(text: str, *, upper_words: frozenset[str] = _ACRONYMS) -> str:
    """Title case for text written all in capitals or all in lowercase; mixed case is kept as written.

    Shouted or flattened case is noise from a board; a human-chosen mix ("iOS Engineer, DevOps") is not.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2 or not (text.upper() == text or text.lower() == text):
        return text
    position = 0

    def recase(match: re.Match[str]) -> str:
        nonlocal position
        word = match.group(0).lower()
        first = position == 0
        position += 1
        if word in upper_words:
            return word.upper()
        if word in _MIXED_WORDS:
            return _MIXED_WORDS[word]
        if word in _MINOR_WORDS and not first:
            return word
        return word[0].upper() + word[1:]

    return _WORD_PIECE.sub(recase, text)


_COMPANY_UPPER = frozenset({"llc", "llp", "lp", "ag", "se", "nv", "bv", "plc", "usa", "us", "uk"})


def _company_display(name: str) -> str:
    """A shouted company name in title case, except a short single word, which is likely an acronym (IBM)."""
    if " " not in name and len(name) <= 5:
        return name
    return fix_case(name, upper_words=_COMPANY_UPPER)


def location_key(location: str, remote: bool) -> str:
    """The place in one comparable form: remote jobs share one key, US state names become codes.

    Two postings are the same job only in the same place, so dedup and the fingerprint use this.
    """
    if remote and (not location or _is_anywhere(location) or comparison_form(location) in _COUNTRY_ONLY):
        return "remote"
    parts = [comparison_form(part) for part in location.split(",")]
    parts = [
        US_STATE_CODE_BY_NAME.get(part, part.upper() if part in _STATE_CODES else part).lower()
        for part in parts
    ]
    while len(parts) > 1 and parts[-1] in _COUNTRY_ONLY:
        parts.pop()
    key = ", ".join(p for p in parts if p)
    return "remote" if remote and key in {"", "remote"} else key


_COUNTRY_ONLY = frozenset({"united states", "usa", "us", "united states of america"})


def _is_anywhere(location: str) -> bool:
    return comparison_form(location) in {"anywhere", "remote", "work from home", "wfh"}


# --- fields ---------------------------------------------------------------------------------------

_RELATIVE = re.compile(
    r"\b(?P<count>\d+|an?)\+?\s*(?P<unit>minute|min|hour|hr|day|week|month|year)s?\s+ago\b", re.IGNORECASE
)
_UNIT_DAYS = {"minute": 0, "min": 0, "hour": 0, "hr": 0, "day": 1, "week": 7, "month": 30, "year": 365}
_UNIT_HOURS = {"minute": 1 / 60, "min": 1 / 60, "hour": 1, "hr": 1}
# fmt: off
_SCHEDULES = {
    "fulltime": "Full-time", "parttime": "Part-time", "contractor": "Contractor", "contract": "Contractor",
    "internship": "Internship", "intern": "Internship", "tempwork": "Temporary", "temporary": "Temporary",
    "perdiem": "Per diem", "volunteer": "Volunteer",
}
# fmt: on
_REMOTE_TEXT = re.compile(r"\b(?:remote|work from home|wfh|telecommute|work from anywhere)\b", re.IGNORECASE)
# In a title "remote" alone can be the trade ("Remote Sensing Analyst"); only marked forms count.
_REMOTE_TITLE = re.compile(
    r"[(\[]\s*(?:fully\s+|100%\s+)?remote\s*[)\]]|[-–|,/]\s*remote\b|\bremote\s*$|^remote\s*[-–|:,]"
    r"|\bwork from home\b|\bwfh\b",
    re.IGNORECASE,
)
_REMOTE_DESCRIPTION = re.compile(
    r"\b(?:fully remote|100% remote|remote position|remote role|remote-first|work from anywhere)\b",
    re.IGNORECASE,
)
_TRACKING_PARAMS = re.compile(r"^(?:utm_\w+|gclid|fbclid)$", re.IGNORECASE)


def parse_posted_at(text: str, fetched_at: datetime) -> datetime | None:
    """When a posting was published, from Google's "3 days ago" / "30+ days ago" relative to the fetch."""
    lowered = text.strip().lower()
    if lowered in {"just posted", "today", "just now"}:
        return fetched_at
    if lowered == "yesterday":
        return fetched_at - timedelta(days=1)
    match = _RELATIVE.search(lowered)
    if match is None:
        return None
    count = 1 if match["count"] in {"a", "an"} else int(match["count"])
    unit = match["unit"]
    if unit in _UNIT_HOURS:
        return fetched_at - timedelta(hours=count * _UNIT_HOURS[unit])
    return fetched_at - timedelta(days=min(count * _UNIT_DAYS[unit], 3650))


def parse_schedule_type(text: str) -> str | None:
    key = re.sub(r"[^a-z]", "", text.lower())
    return _SCHEDULES.get(key)


def clean_url(url: Any) -> str | None:
    """An http(s) link without tracking parameters, or None for anything else (javascript:, junk)."""
    if not isinstance(url, str):
        return None
    parts = urlsplit(clean_text(url))
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING_PARAMS.match(k)]
    )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))


def _text_field(item: dict[str, Any], *names: str, limit: int) -> str:
    for name in names:
        value = item.get(name)
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            raise InvalidPosting(f"{name} is not text")
        cleaned = clean_text(str(value))
        if cleaned:
            return cleaned[:limit].strip()
    return ""


def _strings(value: Any) -> list[str]:
    if not isinstance(value, list):
        return []
    return [clean_text(v) for v in value[: MAX_LIST_ITEMS * 2] if isinstance(v, str) and clean_text(v)]


def _highlights(value: Any) -> dict[str, list[str]]:
    highlights: dict[str, list[str]] = {}
    if not isinstance(value, list):
        return highlights
    for section in value[:MAX_LIST_ITEMS]:
        if not isinstance(section, dict):
            continue
        title = clean_text(section["title"]) if isinstance(section.get("title"), str) else ""
        items = _strings(section.get("items"))[:MAX_LIST_ITEMS]
        if items:
            highlights.setdefault(title or "Highlights", []).extend(items)
    return highlights


def _apply_links(item: dict[str, Any]) -> list[ApplyLink]:
    links: dict[str, ApplyLink] = {}
    options = item.get("apply_options")
    for option in options[:MAX_LIST_ITEMS] if isinstance(options, list) else []:
        if not isinstance(option, dict):
            continue
        url = clean_url(option.get("link"))
        title = clean_text(option["title"]) if isinstance(option.get("title"), str) else ""
        if url and url not in links:
            links[url] = ApplyLink(title=title or urlsplit(url).netloc, url=url)
    share = clean_url(item.get("share_link"))
    if share and share not in links:
        links[share] = ApplyLink(title="Google Jobs", url=share)
    return list(links.values())


def _salary(detected: dict[str, Any], extensions: list[str]) -> SalaryRange | None:
    candidates = [detected["salary"]] if isinstance(detected.get("salary"), str) else []
    for text in [*candidates, *extensions]:
        if _RELATIVE.search(text):
            continue
        salary = parse_salary(clean_text(text))
        if salary is not None:
            return salary
    return None


def _first(parse: Any, detected_value: Any, extensions: list[str]) -> Any:
    texts = [detected_value] if isinstance(detected_value, str) else []
    for text in [*texts, *extensions]:
        value = parse(text)
        if value is not None:
            return value
    return None


# --- the item -------------------------------------------------------------------------------------


def normalize_posting(
    item: dict[str, Any], *, query: str | None, search_location: str | None, fetched_at: datetime
) -> Job:
    """One google_jobs ``jobs_results`` item to a ``Job``; raises ``InvalidPosting`` when it cannot."""
    if not isinstance(item, dict):
        raise InvalidPosting("item is not an object")
    title = fix_case(_text_field(item, "title", "job_title", limit=MAX_TITLE_CHARS))
    if not title:
        raise InvalidPosting("missing title")
    company = _company_display(_text_field(item, "company_name", limit=MAX_COMPANY_CHARS))
    if not company:
        raise InvalidPosting("missing company name")
    company_normalized = normalize_company_name(company)
    if not company_normalized:
        raise InvalidPosting("company name has no letters or digits")
    location = fix_case(_text_field(item, "location", limit=MAX_LOCATION_CHARS), upper_words=_STATE_CODES)
    description = _text_field_multiline(item.get("description"))

    raw_detected = item.get("detected_extensions")
    detected: dict[str, Any] = raw_detected if isinstance(raw_detected, dict) else {}
    extensions = _strings(item.get("extensions"))
    remote = (
        detected.get("work_from_home") is True
        or _is_anywhere(location)
        or bool(_REMOTE_TEXT.search(location) or _REMOTE_TITLE.search(title))
        or any(_REMOTE_TEXT.fullmatch(e) for e in extensions)
        or bool(_REMOTE_DESCRIPTION.search(description[:5000]))
    )
    posted = _first(lambda text: parse_posted_at(text, fetched_at), detected.get("posted_at"), extensions)
    via = _text_field(item, "via", limit=100)
    via = re.sub(r"^via\s+", "", via, flags=re.IGNORECASE)
    source_job_id = item.get("job_id")

    content_hash = _digest(comparison_form(description))
    loc_key = location_key(location, remote)
    return Job(
        job_id=_digest(
            FINGERPRINT_VERSION, comparison_form(title), company_normalized, loc_key, content_hash
        ),
        title=title,
        company=company,
        company_normalized=company_normalized,
        location=location,
        remote=remote,
        schedule_type=_first(parse_schedule_type, detected.get("schedule_type"), extensions),
        salary=_salary(detected, extensions),
        posted_at=posted.date() if posted else None,
        description=description,
        highlights=_highlights(item.get("job_highlights")),
        apply_links=_apply_links(item),
        sources=[via] if via else [],
        source_job_ids=[source_job_id[:2000]] if isinstance(source_job_id, str) and source_job_id else [],
        query=clean_text(query) if query else None,
        search_location=clean_text(search_location) if search_location else None,
        content_hash=content_hash,
        first_seen_at=fetched_at,
        last_seen_at=fetched_at,
    )


def _text_field_multiline(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidPosting("description is not text")
    return clean_text(value[: MAX_DESCRIPTION_CHARS * 2], keep_newlines=True)[:MAX_DESCRIPTION_CHARS].strip()
