"""From normalized lines to a JSON Resume document (https://jsonresume.org/schema).

Resumes have no grammar, so this is a set of small, tested heuristics: section headings from a
vocabulary (or Markdown headings), contact details by pattern, work entries anchored on their
date ranges, education entries on degree and school words. Whatever is not recognized stays in
the text, where skill matching still sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from myjob.resumes.dates import DateRange, find_range, find_single

SECTION_WORDS: dict[str, str] = {
    "summary": "summary",
    "professional summary": "summary",
    "profile": "summary",
    "about": "summary",
    "about me": "summary",
    "objective": "summary",
    "career objective": "summary",
    "overview": "summary",
    "experience": "work",
    "work experience": "work",
    "professional experience": "work",
    "employment": "work",
    "employment history": "work",
    "work history": "work",
    "career history": "work",
    "relevant experience": "work",
    "education": "education",
    "education and training": "education",
    "academic background": "education",
    "skills": "skills",
    "technical skills": "skills",
    "core skills": "skills",
    "key skills": "skills",
    "skills and tools": "skills",
    "competencies": "skills",
    "core competencies": "skills",
    "technologies": "skills",
    "projects": "projects",
    "selected projects": "projects",
    "volunteer": "volunteer",
    "volunteering": "volunteer",
    "volunteer experience": "volunteer",
    "awards": "awards",
    "honors": "awards",
    "publications": "publications",
    "languages": "languages",
    "interests": "interests",
    "references": "references",
    "certifications": "certificates",
    "certificates": "certificates",
    "licenses and certifications": "certificates",
}
_TITLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|manager|director|lead|head|chief|ceo|cto|cfo|coo|president|vp|"
    r"analyst|scientist|architect|consultant|designer|administrator|specialist|intern|instructor|teacher|"
    r"researcher|founder|owner|officer|associate|assistant|coordinator|technician|accountant|nurse|"
    r"editor|writer|advisor|adviser|partner|principal|fellow|professor|lecturer|tutor|sre|devops)\b",
    re.IGNORECASE,
)
_DEGREE = re.compile(
    r"\b(ph\.?d|doctorate|m\.?sc?|m\.?s\.?|mba|m\.?eng|m\.?a\.?|master(?:'s)?|b\.?sc?|b\.?s\.?|b\.?a\.?|"
    r"b\.?eng|bachelor(?:'s)?|associate(?:'s)? degree|diploma|certificate)\b",
    re.IGNORECASE,
)
_SCHOOL = re.compile(r"\b(university|college|institute|school|academy|polytechnic|[A-Z]{2,4} [A-Z][a-z]+)\b")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w/])(\+?\(?\d[\d ().-]{7,}\d)(?![\w/])")
_URL = re.compile(r"(?:https?://)?(?:www\.)?(?:[\w-]+\.)+[a-z]{2,}(?:/[\w./%-]*)?", re.IGNORECASE)
_NETWORKS = {
    "linkedin.com": "LinkedIn",
    "github.com": "GitHub",
    "twitter.com": "Twitter",
    "x.com": "X",
    "gitlab.com": "GitLab",
    "stackoverflow.com": "Stack Overflow",
}
_LABEL = re.compile(
    r"^(location|address|email|e-mail|phone|mobile|tel|linkedin|github|portfolio|website|web|"
    r"twitter|gitlab)\s*:\s*",
    re.IGNORECASE,
)
_SEPARATORS = re.compile(r"\s+(?:--|—|–|-|\||·|•|@|at)\s+")
_NAME_PREFIX = re.compile(r"^(curriculum vitae|cv|resume|résumé)\s*(?:--|—|–|-|:)?\s*", re.IGNORECASE)
_LOCATION = re.compile(r"^(remote|[A-Z][\w .'-]+,\s*[A-Z][\w .'-]+)(\s*\(.*\))?$")
_BULLET = "• "


@dataclass
class _Entry:
    header: list[str] = field(default_factory=list)
    dates: DateRange | None = None
    highlights: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def heading_kind(line: str) -> str | None:
    key = re.sub(r"[^a-z ]+", " ", line.lower()).strip()
    key = re.sub(r"\s+", " ", key)
    return SECTION_WORDS.get(key)


def split_sections(lines: list[str], headings: set[int]) -> dict[str, list[str]]:
    """Lines by section kind; "top" holds what comes before the first heading (name, contacts).

    A Markdown heading that names no known section starts an "other" section, except inside work
    or education, where it is an entry ("### Acme -- Austin"), and at the very top (the name).
    """
    sections: dict[str, list[str]] = {"top": []}
    current = "top"
    for index, line in enumerate(lines):
        kind = heading_kind(line) if len(line) < 60 else None
        if kind:
            current = kind
            sections.setdefault(current, [])
            continue
        if index in headings and current not in _ENTRY_SECTIONS and (current != "top" or sections["top"]):
            current = "other"
        sections.setdefault(current, []).append(line)
    return sections


_ENTRY_SECTIONS = frozenset({"work", "education", "volunteer", "projects"})


def _parts(line: str) -> list[str]:
    return [p.strip(" ,|") for p in _SEPARATORS.split(line.strip(_BULLET)) if p.strip(" ,|")]


def _clean(text: str) -> str:
    return text.strip(" ,|–—-:").strip()


def parse_basics(top: list[str], all_lines: list[str]) -> dict[str, Any]:
    basics: dict[str, Any] = {}
    text = "\n".join(all_lines)
    if email := _EMAIL.search(text):
        basics["email"] = email.group()
    for match in _PHONE.finditer("\n".join(top) or text):
        digits = re.sub(r"\D", "", match.group())
        if 10 <= len(digits) <= 15 and not find_range(match.group()):
            basics["phone"] = match.group().strip()
            break
    content = [line for line in top if line]
    if content:
        first = _NAME_PREFIX.sub("", content[0]).strip()
        if first and not _EMAIL.search(first) and len(first.split()) <= 5:
            basics["name"] = first
    if len(content) > 1 and not _contact_like(content[1]) and len(content[1].split()) <= 6:
        basics["label"] = content[1]
    profiles, location = [], None
    for line in content[1:]:
        labelled = _LABEL.match(line)
        if labelled and labelled[1].lower() in ("location", "address"):
            location = line[labelled.end() :].strip()
            continue
        for part in [p.strip() for p in re.split(r"\s*[|•·]\s*", line)]:
            body = _LABEL.sub("", part)
            if _EMAIL.search(body) or (_PHONE.fullmatch(body) if body else False):
                continue
            url = _URL.fullmatch(body)
            if url:
                host = re.sub(r"^(https?://)?(www\.)?", "", body.lower()).split("/")[0]
                network = _NETWORKS.get(host)
                if network:
                    username = body.rstrip("/").split("/")[-1]
                    profiles.append({"network": network, "username": username, "url": _absolute(body)})
                elif "url" not in basics:
                    basics["url"] = _absolute(body)
            elif location is None and _LOCATION.match(body) and not _TITLE_WORDS.search(body):
                location = body
    if profiles:
        basics["profiles"] = profiles
    if location:
        basics["location"] = _location(location)
    return basics


def _contact_like(line: str) -> bool:
    return bool(_EMAIL.search(line) or _LABEL.match(line) or _URL.search(line) or _PHONE.search(line))


def _absolute(url: str) -> str:
    return url if url.lower().startswith(("http://", "https://")) else f"https://{url}"


def _location(text: str) -> dict[str, str]:
    text = re.sub(r"\s*\(.*\)$", "", text).strip()
    parts = [p.strip() for p in text.split(",") if p.strip()]
    location = {"city": parts[0]} if parts else {}
    if len(parts) >= 2:
        location["region"] = parts[-1]
    return location


def _entries(lines: list[str]) -> list[_Entry]:
    """Group section lines into entries, each anchored on a date range."""
    entries: list[_Entry] = []
    pending: list[str] = []
    current: _Entry | None = None
    for line in lines:
        if not line:
            continue
        dates = find_range(line)
        if dates is not None and not line.startswith(_BULLET):
            rest = _clean(line[: dates.span[0]] + " " + line[dates.span[1] :])
            rest = re.sub(r"^\(|\)$", "", rest).strip()
            current = _Entry(header=pending + ([rest] if rest else []), dates=dates)
            entries.append(current)
            pending = []
        elif line.startswith(_BULLET) and current is not None and not pending:
            current.highlights.append(line[len(_BULLET) :])
        elif current is not None and current.highlights and not pending and line[:1].islower():
            current.highlights[-1] += " " + line  # a bullet wrapped onto the next line
        elif current is not None and not pending and not current.highlights and len(line.split()) > 12:
            current.extra.append(line)
        else:
            pending.append(line)
    return entries


def _assign_header(header: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in header:
        parts = _parts(line)
        for index, part in enumerate(parts):
            part = re.sub(r"\s*\((?:parallel|contract|part[- ]time|full[- ]time)[^)]*\)$", "", part).strip()
            if "position" not in fields and _TITLE_WORDS.search(part):
                fields["position"] = part
            elif "name" not in fields and not (index > 0 and _LOCATION.match(part)):
                fields["name"] = part
            elif "location" not in fields:
                fields["location"] = part
    return fields


def parse_work(lines: list[str]) -> list[dict[str, Any]]:
    work = []
    for entry in _entries(lines):
        item: dict[str, Any] = _assign_header(entry.header)
        if entry.dates:
            item["startDate"] = entry.dates.start.iso()
            if entry.dates.end is not None:
                item["endDate"] = entry.dates.end.iso()
        if entry.extra:
            item["summary"] = " ".join(entry.extra)
        if entry.highlights:
            item["highlights"] = entry.highlights
        work.append(item)
    return work


def _education_blocks(lines: list[str]) -> list[str]:
    """One string per entry: a bullet alone, or consecutive lines up to the one carrying the dates."""
    blocks: list[str] = []
    pending: list[str] = []
    for line in [*lines, ""]:
        if line.startswith(_BULLET) or not line:
            if pending:
                blocks.append(" — ".join(pending))
                pending = []
            if line:
                blocks.append(line.removeprefix(_BULLET))
            continue
        pending.append(line)
        if find_range(line) or find_single(line):
            blocks.append(" — ".join(pending))
            pending = []
    return blocks


def parse_education(lines: list[str]) -> list[dict[str, Any]]:
    education: list[dict[str, Any]] = []
    for text in _education_blocks(lines):
        dates = find_range(text)
        single = None if dates else find_single(text)
        span = dates.span if dates else (single[1] if single else None)
        rest = _clean(re.sub(r"\(\s*\)", "", text[: span[0]] + text[span[1] :])) if span else text
        rest = _clean(re.sub(r"(\s*—\s*)+$", "", rest))
        degree = _DEGREE.search(rest)
        if not degree and not _SCHOOL.search(rest):
            continue
        item: dict[str, Any] = {}
        parts = [p for p in re.split(r"\s*(?:,| — | -- | – | \| )\s*", rest) if p]
        school = next((p for p in parts if _SCHOOL.search(p) and not _DEGREE.match(p)), parts[-1])
        item["institution"] = school
        others = [p for p in parts if p != school]
        if others:
            first = others[0]
            found = _DEGREE.match(first)
            if found:
                item["studyType"] = found.group().strip()
                area = first[found.end() :].strip(" ,.-")
                area = re.sub(r"^(in|of)\s+", "", area)
                if area:
                    item["area"] = area
                elif len(others) > 1:
                    item["area"] = others[1]
            else:
                item["area"] = first
        _set_dates(item, dates, single)
        education.append(item)
    return education


def _set_dates(item: dict[str, Any], dates: DateRange | None, single: tuple[Any, Any] | None) -> None:
    if dates:
        item["startDate"] = dates.start.iso()
        if dates.end is not None:
            item["endDate"] = dates.end.iso()
    elif single:
        item["endDate"] = single[0].iso()


def parse_skills(lines: list[str]) -> list[dict[str, Any]]:
    skills = []
    for line in lines:
        text = line.removeprefix(_BULLET).strip()
        if not text:
            continue
        name, _, rest = text.partition(":") if ":" in text[:40] else ("", "", text)
        keywords = [k.strip(" .") for k in re.split(r"[,;|]", rest) if k.strip(" .")]
        if keywords:
            skills.append({"name": name.strip() or "Skills", "keywords": keywords})
    return skills


def to_json_resume(lines: list[str], headings: set[int]) -> dict[str, Any]:
    sections = split_sections(lines, headings)
    resume: dict[str, Any] = {"basics": parse_basics(sections.get("top", []), lines)}
    summary = " ".join(line for line in sections.get("summary", []) if line)
    if summary:
        resume["basics"]["summary"] = summary
    for key, parser in (
        ("work", parse_work),
        ("volunteer", parse_work),
        ("education", parse_education),
        ("skills", parse_skills),
    ):
        found = parser(sections.get(key, []))
        if found:
            if key == "volunteer":
                found = [
                    {("organization" if k == "name" else k): v for k, v in item.items()} for item in found
                ]
            resume[key] = found
    return resume
