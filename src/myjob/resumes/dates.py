"""Dates and date ranges as resumes write them ("Dec 2013 – Present", "2018-2020", "03/2019")."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = rf"(?:{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}(?:-\d{{2}})?|\d{{1,2}}/\d{{4}}|\d{{4}})"
_PRESENT = r"(?:present|current|now|today|ongoing)"
RANGE = re.compile(
    rf"(?P<start>{_DATE})\s*(?:-|–|—|to|until|\u2212)\s*(?P<end>{_DATE}|{_PRESENT})",
    re.IGNORECASE,
)
SINGLE = re.compile(rf"(?<![\d-])(?P<date>{_DATE})(?![\d-])", re.IGNORECASE)


@dataclass(frozen=True)
class YearMonth:
    year: int
    month: int | None = None

    def iso(self) -> str:
        return f"{self.year:04d}" if self.month is None else f"{self.year:04d}-{self.month:02d}"

    def months(self) -> int:
        return self.year * 12 + (self.month or 1) - 1


def parse_date(text: str) -> YearMonth | None:
    text = text.strip().lower().rstrip(".")
    if match := re.fullmatch(r"(\d{4})-(\d{2})(?:-\d{2})?", text):
        return (
            YearMonth(int(match[1]), int(match[2])) if 1 <= int(match[2]) <= 12 else YearMonth(int(match[1]))
        )
    if match := re.fullmatch(r"(\d{1,2})/(\d{4})", text):
        return (
            YearMonth(int(match[2]), int(match[1])) if 1 <= int(match[1]) <= 12 else YearMonth(int(match[2]))
        )
    if match := re.fullmatch(r"([a-z]+)\.?\s+(\d{4})", text):
        return YearMonth(int(match[2]), _MONTHS.get(match[1]))
    if re.fullmatch(r"\d{4}", text) and 1950 <= int(text) <= 2100:
        return YearMonth(int(text))
    return None


@dataclass(frozen=True)
class DateRange:
    start: YearMonth
    end: YearMonth | None  # None: to the present
    span: tuple[int, int]  # where the range is written in its line


def find_range(line: str) -> DateRange | None:
    match = RANGE.search(line)
    if not match:
        return None
    start = parse_date(match["start"])
    end_text = match["end"]
    end = None if re.fullmatch(_PRESENT, end_text, re.IGNORECASE) else parse_date(end_text)
    if start is None or (end is None and not re.fullmatch(_PRESENT, end_text, re.IGNORECASE)):
        return None
    return DateRange(start, end, match.span())


def find_single(line: str) -> tuple[YearMonth, tuple[int, int]] | None:
    match = SINGLE.search(line)
    if not match:
        return None
    date = parse_date(match["date"])
    return (date, match.span()) if date else None
