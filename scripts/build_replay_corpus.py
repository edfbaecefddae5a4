"""Build the SerpAPI replay corpus in data/serpapi_replay from real postings and a real google_jobs answer.

Inputs (from the shared reference data, see data/serpapi_replay/SOURCE.txt):
  * 182 real Microsoft careers postings (id, title, description, state),
  * one real google_jobs response (two jobs in Chennai), copied unchanged as its own search.

Every default search (config.DEFAULT_QUERIES x DEFAULT_LOCATIONS) gets recorded pages of 10
google_jobs items. Postings are placed under the queries their title and text fit, and under
"United States" plus the metro of their state. On top of the originals the script adds the
copies that job search meets in life, and writes which item is a copy of which (truth.json):
the same listing through another board, an edited re-post, case and spacing noise, a staffing
agency re-post; and hard negatives that are not duplicates: the same text for another city,
the same text for another title level, the same title and city for another team.

Deterministic: a fixed seed and no clock, so running it twice writes the same bytes.

    python scripts/build_replay_corpus.py [--shared ../shared/data] [--out data/serpapi_replay]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import random
import re
import shutil
import sys
from collections import defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT / "src"))

from myjob.config import DEFAULT_LOCATIONS, DEFAULT_QUERIES  # noqa: E402

SEED = 20190318
PAGE_SIZE = 10
CREATED_AT = "2026-01-12 14:00:07 UTC"
NO_RESULTS = "Google hasn't returned any results for this query."
UTM = "utm_campaign=google_jobs_apply&utm_source=google_jobs_apply&utm_medium=organic"
FULL_TIME = "Full–time"  # Google writes an en dash here, as in the recorded response

# How SerpAPI names the location it used for each default location.
LOCATION_USED = {
    "United States": "United States",
    "Seattle, Washington": "Seattle,Washington,United States",
    "San Francisco, California": "San Francisco,California,United States",
    "New York, New York": "New York,New York,United States",
    "Austin, Texas": "Austin,Texas,United States",
}
# Where a posting shows on a job card, and which default metro search finds it.
STATE_PLACE = {
    "Washington": ("Redmond, WA", "Seattle, Washington"),
    "California": (None, "San Francisco, California"),
}
OTHER_CITIES = [("New York, NY", "New York, New York"), ("Austin, TX", "Austin, Texas")]
SF_CARD = "San Francisco, CA"

# Query fit: title words, or at least two signals in the text of an engineering posting.
ENGINEERING_TITLE = re.compile(
    r"engineer|\bsde\b|developer|development|\bsw\b|firmware|architect|\beng\b", re.I
)
QUERY_TITLE = {
    "software engineer": re.compile(
        r"software|\bsde\b|\bsw\b|developer|development (engineer|lead)|design engineer|firmware|fpga"
        r"|\beng\b",
        re.I,
    ),
    "data engineer": re.compile(r"data engineer", re.I),
    "data scientist": re.compile(r"scientist|data analyst", re.I),
    "machine learning engineer": re.compile(r"machine learning", re.I),
    "product manager": re.compile(r"product manager|program+ manager|\bpm\b", re.I),
    "devops engineer": re.compile(r"service engineer|\bsre\b|devops|reliability|fasttrack", re.I),
    "frontend developer": re.compile(r"front.?end|full stack", re.I),
    "backend developer": re.compile(r"back.?end", re.I),
}
# Google also matches by text across job families; for a non-engineering title ask for more signals.
OPEN_TO_ANY_TITLE = {"data scientist": 3, "product manager": 3}
QUERY_TEXT = {
    "data scientist": [
        "data science",
        "statistic",
        "analytics",
        "machine learning",
        "experiment",
        "behavioral science",
        "quantitative",
    ],
    "product manager": [
        "product manager",
        "program manager",
        "roadmap",
        "product team",
        "stakeholder",
        "product strategy",
        "customer insight",
    ],
    "data engineer": [
        "data pipeline",
        "etl",
        "big data",
        "spark",
        "hadoop",
        "data warehouse",
        "cosmos",
        "kusto",
        "data platform",
        "data processing",
    ],
    "machine learning engineer": [
        "machine learning",
        "deep learning",
        "neural",
        "ml model",
        "tensorflow",
        "pytorch",
        "artificial intelligence",
    ],
    "devops engineer": [
        "devops",
        "dev ops",
        "ci/cd",
        "continuous integration",
        "continuous deployment",
        "kubernetes",
        "docker",
        "live site",
        "on-call",
        "on call",
        "deployment",
    ],
    "frontend developer": [
        "javascript",
        "typescript",
        "react",
        "angular",
        "html",
        "css",
        "front end",
        "front-end",
        "frontend",
        "full stack",
        "web development",
    ],
    "backend developer": [
        "back end",
        "back-end",
        "backend",
        "distributed system",
        "rest api",
        "restful",
        "apis",
        "microservice",
        "web services",
        "server side",
        "server-side",
        "scalable service",
    ],
}

MS_CAREERS = "Careers.microsoft.com"
BOARDS = ["LinkedIn", "Indeed", "Glassdoor", "ZipRecruiter", "Dice", "Built In Seattle", "BeBee", "Jooble"]
AGENCIES = ["TEKsystems", "Robert Half"]
EDIT_SENTENCES = [
    "Applications are reviewed on a rolling basis.",
    "Please include a link to your portfolio or GitHub profile with your application.",
    "Candidates should be comfortable presenting their work to partner teams.",
    "This posting was updated to clarify the qualifications below.",
]
COMPANY_NOISE = ["MICROSOFT", "Microsoft Corporation", " microsoft ", "Microsoft Corp.", "MICROSOFT CORP"]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def digest(*parts: object) -> bytes:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode("utf-8")).digest()


def number(*parts: object, digits: int = 10) -> int:
    return int.from_bytes(digest(*parts)[:8], "big") % 10**digits


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return set(zip(words, words[1:], words[2:], strict=False))


def jaccard(a: set[Any], b: set[Any]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def norm_title(title: str) -> str:
    return " ".join(title.lower().split())


@dataclass
class Job:
    """One google_jobs listing before it is laid on pages (several searches may show it)."""

    key: str  # stable short name used while building, e.g. "ms-385161/board"
    source_id: str
    title: str
    company: str
    card_location: str
    description: str
    via: str
    apply_options: list[dict[str, str]]
    posted_at: str
    queries: list[str]
    locations: list[str]
    thumbnail: bool = False
    entity: str = ""
    kind: str = "original"
    copy_of: str | None = None
    extensions_extra: list[str] = field(default_factory=list)

    @property
    def htidocid(self) -> str:
        raw = digest("htidocid", self.key)[:10] + b"\0" * 6
        return base64.b64encode(raw).decode("ascii")

    @property
    def job_id(self) -> str:
        payload = {
            "job_title": self.title,
            "company_name": self.company,
            "htidocid": self.htidocid,
            "gl": "us",
            "hl": "en",
        }
        return base64.b64encode(json.dumps(payload, separators=(",", ":")).encode("utf-8")).decode("ascii")


# --- from posting text to google_jobs fields --------------------------------------------------------

_SECTION = re.compile(
    r"(Responsibilities|Qualifications|Minimum [Qq]ualifications|Preferred [Qq]ualifications)\s*:?"
)
_SPLIT = re.compile(r"(?<=[.!?;:])\s*(?=[A-Z•·])|\s*[•·]\s*")


def highlight_items(text: str, limit: int = 6, width: int = 220) -> list[str]:
    items = []
    for piece in _SPLIT.split(text):
        piece = piece.strip(" -–:;·•")
        if len(piece) < 12:
            continue
        items.append(piece if len(piece) <= width else piece[: width - 1].rsplit(" ", 1)[0] + "…")
        if len(items) == limit:
            break
    return items


def job_highlights(description: str) -> list[dict[str, Any]]:
    """Google's highlight boxes, cut from the posting's own Responsibilities and Qualifications sections."""
    marks = [(m.start(), m.end(), m.group(1).lower()) for m in _SECTION.finditer(description)]
    sections: dict[str, str] = {}
    for index, (_start, end, name) in enumerate(marks):
        stop = marks[index + 1][0] if index + 1 < len(marks) else len(description)
        title = "Responsibilities" if name.startswith("resp") else "Qualifications"
        body = description[end:stop].split("Microsoft is an equal opportunity employer")[0]
        sections[title] = (sections.get(title, "") + " " + body).strip()
    boxes = []
    for title in ("Qualifications", "Responsibilities"):
        items = highlight_items(sections.get(title, ""))
        if items:
            boxes.append({"title": title, "items": items})
    return boxes


def benefit_extensions(description: str) -> list[str]:
    lowered = description.lower()
    found = []
    if "health insurance" in lowered or "medical insurance" in lowered:
        found.append("Health insurance")
    if "dental" in lowered:
        found.append("Dental insurance")
    if "paid time off" in lowered or "vacation" in lowered:
        found.append("Paid time off")
    return found


def queries_for(title: str, description: str) -> list[str]:
    text = description.lower()
    engineering = bool(ENGINEERING_TITLE.search(title))
    chosen = []
    for query in DEFAULT_QUERIES:
        by_title = QUERY_TITLE[query].search(title)
        signals = QUERY_TEXT.get(query, [])
        hits = sum(s in text for s in signals)
        by_text = (engineering and hits >= 2) or hits >= OPEN_TO_ANY_TITLE.get(query, len(signals) + 1)
        if by_title or by_text:
            chosen.append(query)
    return chosen


def posted(rng: random.Random, newest_days: int = 1, oldest_days: int = 29) -> tuple[str, int]:
    days = rng.randint(newest_days, oldest_days)
    if days == 1 and rng.random() < 0.6:
        return f"{rng.randint(2, 23)} hours ago", 0
    return ("1 day ago" if days == 1 else f"{days} days ago"), days


def board_link(board: str, job: Job) -> str:
    title_slug = slug(job.title)
    n = number(board, job.key)
    links = {
        MS_CAREERS: f"https://careers.microsoft.com/us/en/job/{job.source_id}/{title_slug}",
        "LinkedIn": f"https://www.linkedin.com/jobs/view/{title_slug}-at-{slug(job.company)}-{n}",
        "Indeed": f"https://www.indeed.com/viewjob?jk={digest(board, job.key).hex()[:16]}",
        "Glassdoor": f"https://www.glassdoor.com/job-listing/{title_slug}-{slug(job.company)}-JV_KO0.htm?jl={n}",
        "ZipRecruiter": f"https://www.ziprecruiter.com/c/{quote(job.company.strip())}/Job/{title_slug}?jid={n:x}",
        "Dice": f"https://www.dice.com/job-detail/{digest(board, job.key).hex()[:32]}",
        "Built In Seattle": f"https://www.builtinseattle.com/job/{title_slug}/{n % 10**7}",
        "BeBee": f"https://us.bebee.com/job/{digest(board, job.key).hex()[:24]}",
        "Jooble": f"https://jooble.org/desc/{n}",
        "TEKsystems": f"https://careers.teksystems.com/us/en/job/JP-{n % 10**6:06d}/{title_slug}",
        "Robert Half": (
            f"https://www.roberthalf.com/us/en/job/{slug(job.card_location)}/{title_slug}/{n % 10**8}-usen"
        ),
    }
    return f"{links[board]}{'&' if '?' in links[board] else '?'}{UTM}"


def apply_options(boards: list[str], job: Job) -> list[dict[str, str]]:
    return [{"title": board, "link": board_link(board, job)} for board in boards]


# --- building the listings --------------------------------------------------------------------------


def originals(postings: list[dict[str, Any]], rng: random.Random) -> list[Job]:
    jobs = []
    for posting in postings:
        title = posting["title"].strip()
        description = posting["description"].strip()
        queries = queries_for(title, description)
        card, metro = STATE_PLACE[posting["state"]]
        if card is None:
            card = SF_CARD if "san francisco" in description.lower() else f"{posting['state']}, United States"
        if not queries:
            continue
        posted_at, _ = posted(rng)
        job = Job(
            key=f"ms-{posting['id']}",
            source_id=posting["id"],
            title=title,
            company="Microsoft",
            card_location=card,
            description=description,
            via=MS_CAREERS,
            apply_options=[],
            posted_at=posted_at,
            queries=queries,
            locations=["United States", metro],
            thumbnail=rng.random() < 0.5,
            entity=f"ms-{posting['id']}",
            extensions_extra=benefit_extensions(description),
        )
        extra_boards = rng.sample(BOARDS, rng.randint(0, 2))
        job.apply_options = apply_options([MS_CAREERS, *extra_boards], job)
        jobs.append(job)
    return jobs


def copy_of(job: Job, suffix: str, kind: str, **changes: Any) -> Job:
    clone = replace(job, key=f"{job.key}/{suffix}", kind=kind, copy_of=job.key, **changes)
    return clone


def other_board_copies(jobs: list[Job], rng: random.Random, count: int) -> list[Job]:
    copies = []
    for job in rng.sample(jobs, count):
        used = {o["title"] for o in job.apply_options}
        board = rng.choice([b for b in BOARDS if b not in used])
        locations = rng.choice([job.locations, job.locations[:1], job.locations[1:]])
        clone = copy_of(
            job,
            "board",
            "other_board",
            via=board,
            locations=locations,
            posted_at=posted(rng)[0],
            thumbnail=False,
        )
        clone.apply_options = apply_options([board], clone)
        copies.append(clone)
    return copies


def edited_reposts(jobs: list[Job], rng: random.Random, count: int) -> list[Job]:
    copies = []
    for job in rng.sample(jobs, count):
        sentences = re.split(r"(?<=[.!?])\s+", job.description)
        if len(sentences) > 6 and rng.random() < 0.5:
            del sentences[rng.randrange(2, len(sentences) - 2)]
        position = rng.randrange(1, max(2, len(sentences) - 1))
        sentences.insert(position, rng.choice(EDIT_SENTENCES))
        clone = copy_of(
            job, "repost", "edited_repost", description=" ".join(sentences), posted_at=posted(rng, 1, 3)[0]
        )
        clone.apply_options = apply_options([MS_CAREERS], clone)
        copies.append(clone)
    return copies


def noisy_copies(jobs: list[Job], rng: random.Random, count: int) -> list[Job]:
    title_noise = [str.upper, lambda t: f"  {t} ", lambda t: t.replace(" ", "  ", 1), str.lower]
    location_noise = [str.upper, lambda c: c.replace(", ", ",  "), lambda c: f" {c}", str.lower]
    copies = []
    for job in rng.sample(jobs, count):
        board = rng.choice(BOARDS)
        clone = copy_of(
            job,
            "noise",
            "noise",
            title=rng.choice(title_noise)(job.title),
            company=rng.choice(COMPANY_NOISE),
            card_location=rng.choice(location_noise)(job.card_location),
            via=board,
            locations=[rng.choice(job.locations)],
            posted_at=posted(rng)[0],
            thumbnail=False,
        )
        clone.apply_options = apply_options([board], clone)
        copies.append(clone)
    return copies


def agency_reposts(jobs: list[Job], rng: random.Random, count: int) -> list[Job]:
    copies = []
    for index, job in enumerate(rng.sample(jobs, count)):
        agency = AGENCIES[index % len(AGENCIES)]
        description = job.description
        if index % 3 == 0:
            description = f"{agency} is recruiting for this position on behalf of its client. {description}"
        clone = copy_of(
            job,
            "agency",
            "agency_repost",
            company=agency,
            via=agency,
            description=description,
            posted_at=posted(rng)[0],
            thumbnail=False,
        )
        clone.apply_options = apply_options([agency, *rng.sample(BOARDS, 1)], clone)
        copies.append(clone)
    return copies


def other_city_traps(jobs: list[Job], rng: random.Random, count: int) -> list[Job]:
    """The same text posted for another office: a different job, not a duplicate."""
    candidates = [
        j for j in jobs if "redmond" not in j.description.lower() and j.card_location == "Redmond, WA"
    ]
    traps = []
    for index, job in enumerate(rng.sample(candidates, count)):
        card, metro = OTHER_CITIES[index % len(OTHER_CITIES)]
        trap = copy_of(
            job,
            f"city-{slug(card)}",
            "other_city",
            card_location=card,
            locations=["United States", metro],
            posted_at=posted(rng)[0],
        )
        trap.entity = trap.key
        trap.apply_options = apply_options([MS_CAREERS], trap)
        traps.append(trap)
    return traps


def split_two_city_posting(jobs: list[Job]) -> list[Job]:
    """A posting whose text names two offices appears once per office (the source's own case)."""
    extra = []
    for job in jobs:
        if re.search(r"Redmond or San Francisco", job.description) and job.card_location == "Redmond, WA":
            trap = copy_of(
                job,
                "city-san-francisco",
                "other_city",
                card_location=SF_CARD,
                locations=["United States", "San Francisco, California"],
            )
            trap.entity = trap.key
            trap.apply_options = apply_options([MS_CAREERS], trap)
            extra.append(trap)
    return extra


def source_pairs(jobs: list[Job]) -> tuple[list[tuple[Job, Job, float]], list[tuple[Job, Job, float]]]:
    """Postings of the source whose texts are near copies: same title = employer re-post, else a trap."""
    reposts, other_titles = [], []
    grams = {j.key: shingles(j.description) for j in jobs}
    for a, b in itertools.combinations(jobs, 2):
        score = jaccard(grams[a.key], grams[b.key])
        if score < 0.8:
            continue
        same = norm_title(a.title) == norm_title(b.title) and a.card_location == b.card_location
        (reposts if same else other_titles).append((a, b, round(score, 3)))
    return reposts, other_titles


# --- pages ------------------------------------------------------------------------------------------


def item(job: Job, query: str, search_id: str) -> dict[str, Any]:
    extensions = [job.posted_at, FULL_TIME, *job.extensions_extra]
    detected: dict[str, Any] = {"posted_at": job.posted_at, "schedule_type": FULL_TIME}
    for extra in job.extensions_extra:
        detected[slug(extra).replace("-", "_")] = True
    out: dict[str, Any] = {
        "title": job.title,
        "company_name": job.company,
        "location": job.card_location,
        "via": job.via,
        "share_link": (
            f"https://www.google.com/search?ibp=htl;jobs&q={quote_plus(query)}"
            f"&htidocid={quote(job.htidocid, safe='')}&hl=en-US&shndl=37&source=sh/x/job/li/m1/1"
        ),
    }
    if job.thumbnail:
        logo = digest("logo", job.company).hex()[:40]
        out["thumbnail"] = f"https://serpapi.com/searches/{search_id}/images/{logo}.jpeg"
    out["extensions"] = extensions
    out["detected_extensions"] = detected
    out["description"] = job.description
    highlights = job_highlights(job.description)
    if highlights:
        out["job_highlights"] = highlights
    out["apply_options"] = job.apply_options
    out["job_id"] = job.job_id
    return out


def page_token(query: str, location: str, page: int) -> str:
    payload = {"fc": base64.b64encode(digest("fc", query, location, page)[:48]).decode("ascii"), "fcv": "3"}
    return base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode("utf-8")).decode(
        "ascii"
    )


def pages_for(query: str, location: str, jobs: list[Job]) -> list[dict[str, Any]]:
    chunks = [jobs[i : i + PAGE_SIZE] for i in range(0, len(jobs), PAGE_SIZE)] or [[]]
    pages = []
    for number_, chunk in enumerate(chunks):
        search_id = digest("search", query, location, number_).hex()[:24]
        parameters: dict[str, Any] = {
            "engine": "google_jobs",
            "q": query,
            "location_requested": location,
            "location_used": LOCATION_USED[location],
            "google_domain": "google.com",
            "hl": "en",
            "gl": "us",
        }
        if number_:
            parameters["next_page_token"] = page_token(query, location, number_)
        page: dict[str, Any] = {
            "search_metadata": {
                "id": search_id,
                "status": "Success",
                "json_endpoint": f"https://serpapi.com/searches/{search_id[:16]}/{search_id}.json",
                "created_at": CREATED_AT,
                "processed_at": CREATED_AT,
                "google_jobs_url": (
                    f"https://www.google.com/search?q={quote_plus(query)}&ibp=htl;jobs&hl=en&gl=us"
                ),
                "total_time_taken": round(0.9 + (number(search_id) % 300) / 100, 2),
            },
            "search_parameters": parameters,
        }
        if chunk:
            page["jobs_results"] = [item(job, query, search_id) for job in chunk]
        else:
            page["error"] = NO_RESULTS
        if number_ + 1 < len(chunks):
            token = page_token(query, location, number_ + 1)
            page["serpapi_pagination"] = {
                "next_page_token": token,
                "next": (
                    "https://serpapi.com/search.json?engine=google_jobs&gl=us&hl=en"
                    f"&location={quote_plus(location)}&next_page_token={token}&q={quote_plus(query)}"
                ),
            }
        pages.append(page)
    return pages


def write_json(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def build(shared: Path, out: Path) -> dict[str, Any]:
    rng = random.Random(SEED)
    postings = sorted(
        json.loads((shared / "ms-skills-extractor" / "microsoft_careers_sample.json").read_text("utf-8")),
        key=lambda p: p["id"],
    )
    recorded_file = (
        shared / "serpapi-google-jobs" / "responses" / "frugal_google_jobs_python_developer_chennai.json"
    )
    recorded = json.loads(recorded_file.read_text("utf-8"))

    base = originals(postings, rng)
    reposts, other_titles = source_pairs(base)
    for a, b, _score in reposts:  # the later posting of the pair is the re-post
        b.kind, b.copy_of, b.entity = "employer_repost", a.key, a.entity
    pool = [j for j in base if j.kind == "original"]
    derived = (
        other_board_copies(pool, rng, 24)
        + edited_reposts(pool, rng, 12)
        + noisy_copies(pool, rng, 12)
        + agency_reposts(pool, rng, 10)
        + other_city_traps(pool, rng, 6)
        + split_two_city_posting(pool)
    )
    jobs = base + derived

    searches: dict[tuple[str, str], list[Job]] = defaultdict(list)
    for job in jobs:
        for query in job.queries:
            for location in job.locations:
                searches[(query, location)].append(job)

    if out.exists():
        shutil.rmtree(out / "pages", ignore_errors=True)
    index = []
    for query in DEFAULT_QUERIES:
        for location in DEFAULT_LOCATIONS:
            listed = sorted(searches.get((query, location), []), key=lambda j: j.key)
            random.Random(f"{SEED}:{query}:{location}").shuffle(listed)
            folder = f"pages/{slug(query)}__{slug(location)}"
            names = []
            for number_, page in enumerate(pages_for(query, location, listed), start=1):
                name = f"{folder}/page-{number_:02d}.json"
                write_json(out / name, page)
                names.append(name)
            index.append({"query": query, "location": location, "pages": names})
    write_json(out / "pages/python-developer__chennai-tamil-nadu/page-01.json", recorded)
    index.append(
        {
            "query": "python developer",
            "location": "Chennai, Tamil Nadu",
            "pages": ["pages/python-developer__chennai-tamil-nadu/page-01.json"],
            "note": "real recorded response, unchanged",
        }
    )
    write_json(out / "index.json", {"page_size": PAGE_SIZE, "created_at": CREATED_AT, "searches": index})

    truth = truth_file(jobs, reposts, other_titles, recorded, searches)
    write_json(out / "truth.json", truth)
    return truth["stats"]


def truth_file(
    jobs: list[Job],
    reposts: list[tuple[Job, Job, float]],
    other_titles: list[tuple[Job, Job, float]],
    recorded: dict[str, Any],
    searches: dict[tuple[str, str], list[Job]],
) -> dict[str, Any]:
    by_key = {j.key: j for j in jobs}
    placed = {j.key for listed in searches.values() for j in listed}
    items = {
        j.job_id: {
            "entity": j.entity,
            "kind": j.kind,
            "source_id": j.source_id,
            "copy_of": by_key[j.copy_of].job_id if j.copy_of else None,
        }
        for j in jobs
        if j.key in placed
    }
    for index, job in enumerate(recorded["jobs_results"]):
        items[job["job_id"]] = {
            "entity": f"recorded-{index}",
            "kind": "recorded",
            "source_id": None,
            "copy_of": None,
        }

    duplicates = [
        {"item": job_id, "duplicate_of": meta["copy_of"], "kind": meta["kind"]}
        for job_id, meta in items.items()
        if meta["copy_of"] and meta["kind"] != "other_city"
    ]
    traps = [
        {
            "item": j.job_id,
            "resembles": by_key[j.copy_of].job_id,
            "kind": "same_text_other_city",
            "why": f"same text, posted for {j.card_location} instead of {by_key[j.copy_of].card_location}",
        }
        for j in jobs
        if j.kind == "other_city" and j.job_id in items and j.copy_of
    ]
    traps += [
        {
            "item": b.job_id,
            "resembles": a.job_id,
            "kind": "same_text_other_title",
            "why": f"text {score:.0%} alike (word 3-gram Jaccard), but {b.title!r} is not {a.title!r}",
        }
        for a, b, score in other_titles
        if a.job_id in items and b.job_id in items
    ]
    groups: dict[tuple[str, str], list[Job]] = defaultdict(list)
    for j in jobs:
        if j.kind == "original" and j.job_id in items:
            groups[(norm_title(j.title), j.card_location)].append(j)
    for members in groups.values():
        for a, b in itertools.pairwise(members):
            if a.entity != b.entity:
                traps.append(
                    {
                        "item": b.job_id,
                        "resembles": a.job_id,
                        "kind": "same_title_city_other_team",
                        "why": f"both {a.title!r} in {a.card_location}, different teams and text",
                    }
                )

    occurrences = sum(len(v) for v in searches.values()) + len(recorded["jobs_results"])
    kinds = defaultdict(int)
    for d in duplicates:
        kinds[d["kind"]] += 1
    trap_kinds = defaultdict(int)
    for t in traps:
        trap_kinds[t["kind"]] += 1
    stats = {
        "source_postings": len({j.source_id for j in jobs if j.source_id}),
        "items": len(items),
        "entities": len({m["entity"] for m in items.values()}),
        "occurrences_on_pages": occurrences,
        "duplicates": len(duplicates),
        "duplicates_by_kind": dict(sorted(kinds.items())),
        "traps": len(traps),
        "traps_by_kind": dict(sorted(trap_kinds.items())),
        "salary_extensions": 0,
    }
    return {
        "about": (
            "Ground truth of the replay corpus. Two items are the same job exactly when their entity is "
            "equal. 'duplicates' lists every copy with the item it copies; 'traps' lists look-alikes that "
            "are different jobs. Item keys are google_jobs job_id values."
        ),
        "stats": stats,
        "items": items,
        "duplicates": duplicates,
        "traps": traps,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO_ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "data" / "serpapi_replay")
    args = parser.parse_args(argv)
    stats = build(args.shared, args.out)
    print(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
