"""A corpus of google_jobs-shaped postings with known duplicates, for the dedup benchmark.

Descriptions are recombined from the sentences of 182 real job postings (data/ms-skills-extractor,
MIT), so word and shingle statistics, and the boilerplate every posting of one employer shares,
look like real postings rather than random words. The proportions follow a measured study of the
problem: of 100,000 postings, 15,000 are duplicates (about 26,000 true pairs when counted within
clusters), and two kinds of traps look like duplicates but are not:

* the same text posted for another city (a different job for the people who apply);
* the same title in the same city for another team (a different description).

Duplicate kinds: the same posting through another board (identical text, other link), the same with
case, spacing and invisible-character noise, a re-post with small edits (a sentence dropped, added or
moved, a few words changed), and a staffing agency's re-post under its own name with its own header
and footer. ``truth[i]`` is the cluster of posting ``i``: equal clusters are duplicates.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
POSTINGS = REPO / "data" / "ms-skills-extractor" / "microsoft_careers_sample.json"

CITIES = [
    "Seattle, WA",
    "Redmond, WA",
    "Bellevue, WA",
    "Portland, OR",
    "San Francisco, CA",
    "San Jose, CA",
    "Los Angeles, CA",
    "San Diego, CA",
    "Sacramento, CA",
    "Phoenix, AZ",
    "Denver, CO",
    "Salt Lake City, UT",
    "Austin, TX",
    "Dallas, TX",
    "Houston, TX",
    "San Antonio, TX",
    "Chicago, IL",
    "Minneapolis, MN",
    "Madison, WI",
    "Detroit, MI",
    "Columbus, OH",
    "Cleveland, OH",
    "Indianapolis, IN",
    "St. Louis, MO",
    "Kansas City, MO",
    "Nashville, TN",
    "Atlanta, GA",
    "Charlotte, NC",
    "Raleigh, NC",
    "Miami, FL",
    "Orlando, FL",
    "Tampa, FL",
    "Washington, DC",
    "Arlington, VA",
    "Baltimore, MD",
    "Philadelphia, PA",
    "Pittsburgh, PA",
    "New York, NY",
    "Boston, MA",
    "Cambridge, MA",
    "Providence, RI",
    "Hartford, CT",
    "Newark, NJ",
    "Buffalo, NY",
    "Albuquerque, NM",
    "Las Vegas, NV",
    "Boise, ID",
    "Omaha, NE",
    "Des Moines, IA",
    "Milwaukee, WI",
    "Louisville, KY",
    "Birmingham, AL",
    "New Orleans, LA",
    "Oklahoma City, OK",
    "Little Rock, AR",
    "Richmond, VA",
    "Anchorage, AK",
    "Honolulu, HI",
]
REMOTE_SHARE = 0.06
BOARDS = [
    "LinkedIn",
    "Indeed",
    "ZipRecruiter",
    "Glassdoor",
    "SimplyHired",
    "Monster",
    "Dice",
    "BeBee",
    "Jooble",
    "Talent.com",
    "CareerBuilder",
    "Built In",
]
_NAME_A = [
    "North",
    "Blue",
    "Silver",
    "Bright",
    "Cedar",
    "Summit",
    "Harbor",
    "Iron",
    "Pioneer",
    "Granite",
    "Red",
    "Golden",
    "Clear",
    "Swift",
    "Prairie",
    "Atlas",
    "Vertex",
    "Lumen",
    "Beacon",
    "Maple",
]
_NAME_B = [
    "wind",
    "stone",
    "field",
    "bridge",
    "point",
    "river",
    "crest",
    "light",
    "path",
    "works",
    "gate",
    "line",
    "wave",
    "forge",
    "ridge",
    "core",
    "leaf",
    "view",
    "peak",
    "star",
]
_NAME_C = [
    "Systems",
    "Labs",
    "Technologies",
    "Health",
    "Analytics",
    "Software",
    "Networks",
    "Financial",
    "Logistics",
    "Energy",
    "Robotics",
    "Media",
    "Bio",
    "Cloud",
    "Data",
    "Digital",
]
_SUFFIX = ["Inc.", "LLC", "Corporation", "Corp.", "Co.", "", "", "Group"]
_AGENCY = ["Staffing", "Talent Partners", "Recruiting Group", "Workforce Solutions", "Search Partners"]
_AGENCY_HEADERS = [
    "Our client, a leading {industry} company, is hiring a {title} in {city}.",
    "{agency} is recruiting on behalf of a growing {industry} employer for this {title} position.",
    "We are partnering with an established {industry} organization to find a {title}.",
    "Contract to hire opportunity with one of our {industry} clients.",
]
_AGENCY_FOOTERS = [
    "{agency} is an equal opportunity employer and considers all qualified candidates.",
    "Apply today through {agency} and a recruiter will contact you within two business days.",
    "Benefits are offered through {agency} for the length of the assignment.",
]
_INDUSTRIES = ["technology", "healthcare", "financial services", "retail", "manufacturing", "software"]
_SYNONYMS = {
    "experience": "background",
    "strong": "solid",
    "team": "group",
    "build": "create",
    "design": "architect",
    "customers": "clients",
    "develop": "build",
    "required": "needed",
    "skills": "abilities",
    "work": "collaborate",
    "large": "big",
    "help": "support",
}


@dataclass
class Corpus:
    items: list[dict[str, Any]]
    truth: list[int]  # cluster id per item
    kinds: list[str] = field(
        default_factory=list
    )  # "original", "trap_city", "trap_team", or a duplicate kind

    def true_pairs(self) -> int:
        sizes: dict[int, int] = {}
        for cluster in self.truth:
            sizes[cluster] = sizes.get(cluster, 0) + 1
        return sum(s * (s - 1) // 2 for s in sizes.values())


@dataclass
class _Posting:
    title: str
    company: str
    city: str
    sentences: list[str]
    source: int


def _sentences(text: str) -> list[str]:
    """Sentences of 4 to 60 words (bullet lists and run-together sentences split apart)."""
    parts = re.split(r"(?<=[.!?])\s+|(?<=[a-z)]\.)(?=[A-Z])|\s*[\u2022\u00b7]\s*", text)
    return [p.strip() for p in parts if 4 <= len(p.split()) <= 60]


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        postings = json.loads(POSTINGS.read_text(encoding="utf-8"))
        counts: dict[str, int] = {}
        per_source = [_sentences(p["description"]) for p in postings]
        for sentences in per_source:
            for s in set(sentences):
                counts[s] = counts.get(s, 0) + 1
        # Sentences most postings share are the employer's boilerplate; the rest describe roles.
        self.boilerplate = sorted({s for s, c in counts.items() if c >= 20})
        self.sources = [[s for s in sentences if counts[s] < 20] for sentences in per_source]
        self.pool = sorted({s for sentences in self.sources for s in sentences})
        self.titles = [re.sub(r"\s+", " ", p["title"]).strip() for p in postings]
        self.companies = self._names(4000, company=True)
        self.agencies = self._names(150, company=False)
        self.serial = 0

    def _names(self, count: int, *, company: bool) -> list[str]:
        names: set[str] = set()
        while len(names) < count:
            stem = self.rng.choice(_NAME_A) + self.rng.choice(_NAME_B)
            if company:
                name = f"{stem} {self.rng.choice(_NAME_C)} {self.rng.choice(_SUFFIX)}".strip()
            else:
                name = f"{stem} {self.rng.choice(_AGENCY)}"
            names.add(name)
        return sorted(names)

    def city(self) -> str:
        return "Anywhere" if self.rng.random() < REMOTE_SHARE else self.rng.choice(CITIES)

    def role_sentences(self, source: int) -> list[str]:
        target = self.rng.randint(150, 320)
        own = self.sources[source][:]
        self.rng.shuffle(own)
        chosen: list[str] = []
        words = 0
        while words < target:
            sentence = own.pop() if own and self.rng.random() < 0.35 else self.rng.choice(self.pool)
            chosen.append(sentence)
            words += len(sentence.split())
        return chosen

    def company_boilerplate(self, company: str) -> list[str]:
        name = re.sub(r"\s+(Inc\.|LLC|Corporation|Corp\.|Co\.|Group)$", "", company)
        chosen = random.Random(company).sample(  # the same boilerplate in every posting of one employer
            self.boilerplate, k=min(2, len(self.boilerplate))
        )
        return [s.replace("Microsoft", name) for s in chosen]

    def original(self) -> _Posting:
        source = self.rng.randrange(len(self.sources))
        company = self.rng.choice(self.companies)
        sentences = self.role_sentences(source) + self.company_boilerplate(company)
        return _Posting(self.titles[source], company, self.city(), sentences, source)

    def item(
        self,
        posting: _Posting,
        *,
        board: str | None = None,
        description: str | None = None,
        title: str | None = None,
    ) -> dict[str, Any]:
        self.serial += 1
        board = board or self.rng.choice(BOARDS)
        slug = re.sub(r"[^a-z0-9]+", "-", f"{posting.title}-{posting.company}".lower()).strip("-")
        extensions = [f"{self.rng.randint(1, 29)} days ago", "Full-time"]
        item: dict[str, Any] = {
            "title": title or posting.title,
            "company_name": posting.company,
            "location": posting.city,
            "via": board,
            "description": description if description is not None else " ".join(posting.sentences),
            "extensions": extensions,
            "detected_extensions": {"posted_at": extensions[0], "schedule_type": "Full-time"},
            "job_id": f"bench-{self.serial}",
            "apply_options": [
                {
                    "title": board,
                    "link": f"https://{board.lower().replace(' ', '')}.example/jobs/{slug}-{self.serial}",
                }
            ],
        }
        if posting.city == "Anywhere":
            item["detected_extensions"]["work_from_home"] = True
        return item

    # --- duplicate kinds ---------------------------------------------------------------------------

    def noisy(self, text: str) -> str:
        words = text.split(" ")
        for _ in range(max(1, len(words) // 15)):
            k = self.rng.randrange(len(words))
            words[k] = self.rng.choice(
                [words[k].upper(), words[k].lower(), words[k] + "\u200b", "  " + words[k], words[k] + "\n"]
            )
        return " ".join(words)

    def edited(self, posting: _Posting) -> list[str]:
        sentences = posting.sentences[:]
        for _ in range(self.rng.randint(1, 2)):
            action = self.rng.choice(["drop", "add", "move", "words"])
            if action == "drop" and len(sentences) > 6:
                sentences.pop(self.rng.randrange(len(sentences)))
            elif action == "add":
                sentences.insert(self.rng.randrange(len(sentences) + 1), self.rng.choice(self.pool))
            elif action == "move":
                i, j = self.rng.randrange(len(sentences)), self.rng.randrange(len(sentences))
                sentences[i], sentences[j] = sentences[j], sentences[i]
            else:
                k = self.rng.randrange(len(sentences))
                sentences[k] = " ".join(_SYNONYMS.get(w, w) for w in sentences[k].split())
        return sentences

    def duplicate(self, posting: _Posting) -> tuple[dict[str, Any], _Posting, str]:
        kind = self.rng.choices(["board", "noise", "edit", "agency"], weights=[30, 20, 30, 20])[0]
        if kind == "board":
            title = posting.title.upper() if self.rng.random() < 0.3 else None
            return self.item(posting, title=title), posting, kind
        if kind == "noise":
            return self.item(posting, description=self.noisy(" ".join(posting.sentences))), posting, kind
        if kind == "edit":
            edited = _Posting(
                posting.title, posting.company, posting.city, self.edited(posting), posting.source
            )
            return self.item(edited), edited, kind
        agency = self.rng.choice(self.agencies)
        values = {
            "agency": agency,
            "title": posting.title,
            "city": posting.city,
            "industry": self.rng.choice(_INDUSTRIES),
        }
        header = self.rng.choice(_AGENCY_HEADERS).format(**values)
        footer = self.rng.choice(_AGENCY_FOOTERS).format(**values)
        body = posting.sentences[:-2] if self.rng.random() < 0.5 else posting.sentences
        title = posting.title + (" (Contract)" if self.rng.random() < 0.3 else "")
        reposted = _Posting(title, agency, posting.city, [header, *body, footer], posting.source)
        return self.item(reposted), reposted, kind

    def trap_city(self, posting: _Posting) -> dict[str, Any]:
        city = posting.city
        while city == posting.city:
            city = self.city()
        return self.item(_Posting(posting.title, posting.company, city, posting.sentences, posting.source))

    def trap_team(self, posting: _Posting) -> dict[str, Any]:
        boilerplate = self.company_boilerplate(posting.company)
        role = [s for s in posting.sentences if s not in boilerplate]
        sentences = self.rng.sample(role, k=len(role) // 4)
        while len(sentences) < len(role):
            sentence = self.rng.choice(self.pool)
            if sentence not in role:
                sentences.append(sentence)
        sentences += boilerplate
        return self.item(_Posting(posting.title, posting.company, posting.city, sentences, posting.source))


def _cluster_size(rng: random.Random) -> int:
    return rng.choices([2, 3, 4, 5], weights=[35, 30, 22, 13])[0]


def generate(size: int = 100_000, *, seed: int = 7) -> Corpus:
    """``size`` postings: 15% duplicates in clusters of 2-5, ~3.9% city traps, ~2.5% team traps."""
    gen = _Generator(seed)
    rng = gen.rng
    duplicates_wanted = round(size * 0.15)
    city_traps, team_traps = round(size * 0.039), round(size * 0.0247)
    entries: list[tuple[dict[str, Any], int, str]] = []
    cluster = 0
    duplicates = 0
    while duplicates < duplicates_wanted:
        head = gen.original()
        members = [head]
        entries.append((gen.item(head), cluster, "original"))
        for _ in range(min(_cluster_size(rng) - 1, duplicates_wanted - duplicates)):
            base = rng.choice(members) if rng.random() < 0.2 else head
            item, derived, kind = gen.duplicate(base)
            members.append(derived)
            entries.append((item, cluster, kind))
            duplicates += 1
        cluster += 1
    for count, make, kind in (
        (city_traps, gen.trap_city, "trap_city"),
        (team_traps, gen.trap_team, "trap_team"),
    ):
        for _ in range(count):
            head = gen.original()
            entries.append((gen.item(head), cluster, "original"))
            entries.append((make(head), cluster + 1, kind))
            cluster += 2
    while len(entries) < size:
        entries.append((gen.item(gen.original()), cluster, "original"))
        cluster += 1
    rng.shuffle(entries)
    entries = entries[:size]
    return Corpus(items=[e[0] for e in entries], truth=[e[1] for e in entries], kinds=[e[2] for e in entries])
