"""Locations as the matcher compares them: city, region (US state) and country, or anywhere.

Postings say "Seattle, WA", "Redmond, Washington, United States", "Anywhere" or "Berlin,
Germany"; resumes say much the same. Parsing both to one shape lets the hard filter compare
codes in bulk and the location agent explain what matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from myjob.places import US_STATE_CODE_BY_NAME, US_STATES

_US_NAMES = {"united states", "united states of america", "usa", "us", "u.s.", "u.s.a."}
_ANYWHERE = re.compile(r"\b(?:anywhere|remote|worldwide|work from home|wfh)\b", re.IGNORECASE)
_COUNTRY_ALIASES = {"uk": "united kingdom", "england": "united kingdom", "deutschland": "germany"}


@dataclass(frozen=True)
class Location:
    """A parsed place; ``key`` is the most precise level the filter compares (region, else country)."""

    city: str | None = None
    region: str | None = None
    country: str | None = None
    anywhere: bool = False

    @property
    def known(self) -> bool:
        return bool(self.city or self.region or self.country)

    @property
    def key(self) -> str | None:
        if self.region:
            return f"{self.country}/{self.region}"
        return self.country

    def label(self) -> str:
        parts = [p for p in (self.city, self.region, self.country) if p]
        return ", ".join(parts) if parts else ("anywhere" if self.anywhere else "unknown")


def parse_location(text: str | None) -> Location:
    """Best-effort parse; unknown parts stay None, and an unknown place never blocks a match."""
    if not text or not text.strip():
        return Location()
    anywhere = bool(_ANYWHERE.search(text))
    cleaned = re.sub(r"\(.*?\)", " ", text)
    parts = [p.strip().strip(".").lower() for p in re.split(r"[,;/|·-]+", cleaned) if p.strip()]
    parts = [p for p in parts if not _ANYWHERE.fullmatch(p) and p not in {"hybrid", "on-site", "onsite"}]
    city = region = country = None
    for part in reversed(parts):
        upper = part.upper()
        if country is None and part in _US_NAMES:
            country = "united states"
        elif region is None and (upper in US_STATES or part in US_STATE_CODE_BY_NAME):
            region = US_STATES.get(upper, part)
            country = country or "united states"
        elif (
            country is None
            and region is None
            and city is None
            and (len(part) > 2 or part in _COUNTRY_ALIASES)
        ):
            country = _COUNTRY_ALIASES.get(part, part)
        elif city is None:
            city = part
    if country and country != "united states" and region is None and city is None and len(parts) == 1:
        # A single word that is not a state or "United States" is as likely a city ("Berlin") as a
        # country; keep it as the city and leave the country unknown rather than guess.
        city, country = country, None
    return Location(city=city, region=region, country=country, anywhere=anywhere)
