"""Salary strings as Google Jobs shows them, read into a ``SalaryRange``.

Google writes pay in a few fixed shapes ("120K–150K a year", "$45–$60 an hour", "From 90K a year",
"Up to $150,000 a year", "€50K a year"). Anything that does not read as pay returns None rather than
a guess, because a wrong salary is worse than none for matching and filtering.
"""

from __future__ import annotations

import re

from myjob.models import SalaryRange

# Longest symbols first so "CA$" wins over "$".
# fmt: off
_SYMBOLS = {
    "CA$": "CAD", "C$": "CAD", "AU$": "AUD", "A$": "AUD", "NZ$": "NZD", "HK$": "HKD", "S$": "SGD",
    "US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "₹": "INR", "¥": "JPY",
}
# fmt: on
_SYMBOL_RE = "|".join(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True))
_AMOUNT = re.compile(
    rf"(?P<code>\b[A-Z]{{3}}\s?)?(?P<symbol>{_SYMBOL_RE})?\s?"
    r"(?P<number>\d[\d,]*(?:\.\d+)?)\s?(?P<scale>[KkMm]\b|[KkMm](?=\W|$)|lakh|L\b)?"
)
# fmt: off
_PERIODS = {
    "hour": "HOUR", "hr": "HOUR", "hourly": "HOUR",
    "day": "DAY", "daily": "DAY",
    "week": "WEEK", "weekly": "WEEK",
    "month": "MONTH", "monthly": "MONTH",
    "year": "YEAR", "yr": "YEAR", "annum": "YEAR", "yearly": "YEAR", "annually": "YEAR",
}
# fmt: on
_PERIOD = re.compile(
    r"(?:\b(?:an?|per)\s+|/\s*)(?P<unit>hour|hr|day|week|month|year|yr|annum)\b"
    r"|\b(?P<adverb>hourly|daily|weekly|monthly|yearly|annually)\b",
    re.IGNORECASE,
)
_SCALES = {"k": 1_000.0, "m": 1_000_000.0, "lakh": 100_000.0, "l": 100_000.0}
_KNOWN_CODES = frozenset(_SYMBOLS.values()) | {"CHF", "SEK", "NOK", "DKK", "PLN", "MXN", "BRL", "ZAR"}
_MAX_PLAUSIBLE = 100_000_000.0


def parse_salary(text: str) -> SalaryRange | None:
    """One pay string to a range with currency and period, or None when it is not pay.

    >>> parse_salary("120K–150K a year")
    SalaryRange(minimum=120000.0, maximum=150000.0, currency='USD', period='YEAR')
    >>> parse_salary("Up to $60 an hour")
    SalaryRange(minimum=None, maximum=60.0, currency='USD', period='HOUR')
    """
    period_match = _PERIOD.search(text)
    amounts = list(_AMOUNT.finditer(text))
    if not amounts:
        return None
    has_money_sign = any(m["symbol"] or m["scale"] or _code(m) for m in amounts)
    if period_match is None and not has_money_sign:
        return None
    unit = (period_match["unit"] or period_match["adverb"]).lower() if period_match else "year"
    values = [_value(m) for m in amounts[:2]]
    if any(v <= 0 or v > _MAX_PLAUSIBLE for v in values):
        return None
    currency = next((c for c in (_currency(m) for m in amounts) if c), "USD")
    lowered = text.lower()
    minimum: float | None
    maximum: float | None
    if len(values) == 2:
        minimum, maximum = sorted(values)
    elif lowered.lstrip().startswith(("up to", "upto", "max")):
        minimum, maximum = None, values[0]
    elif lowered.lstrip().startswith(("from", "starting", "min")):
        minimum, maximum = values[0], None
    else:
        minimum = maximum = values[0]
    return SalaryRange(minimum=minimum, maximum=maximum, currency=currency, period=_PERIODS[unit])


def _code(match: re.Match[str]) -> str | None:
    code = (match["code"] or "").strip()
    return code if code in _KNOWN_CODES else None


def _currency(match: re.Match[str]) -> str | None:
    return _code(match) or (_SYMBOLS[match["symbol"]] if match["symbol"] else None)


def _value(match: re.Match[str]) -> float:
    number = float(match["number"].replace(",", ""))
    scale = (match["scale"] or "").lower()
    return number * _SCALES.get(scale, 1.0)
