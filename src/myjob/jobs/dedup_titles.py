"""Job titles reduced to words that tell two positions apart.

Employers post one description under several levels ("Software Engineer II", "Senior Software
Engineer"): the same text, different jobs. Boards and agencies decorate a title ("(Contract)",
"- Remote", "Sr."): the same job. So a title becomes a set of words with abbreviations spelled out
and decorations dropped, and two titles are compatible when their seniority words agree and one
set holds the other.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9+#]+")
# fmt: off
_SPELLED_OUT = {
    "sr": "senior", "snr": "senior", "jr": "junior", "eng": "engineer", "engr": "engineer",
    "mgr": "manager", "dev": "developer", "devs": "developers", "mgmt": "management", "assoc": "associate",
    "1": "i", "2": "ii", "3": "iii", "4": "iv", "5": "v",
}
# fmt: on
# fmt: off
_DECORATION = frozenset({
    "contract", "contractor", "remote", "hybrid", "onsite", "on", "site", "temporary", "temp", "to", "hire",
    "full", "part", "time", "fulltime", "parttime", "w2", "c2c", "c2h", "urgent", "urgently", "hiring",
    "immediate", "immediately", "needed", "opening", "position", "job", "role", "the", "a", "an", "and",
    "of", "for", "in", "with", "at", "us", "usa",
})
# fmt: on
# fmt: off
_LEVELS = frozenset({
    "intern", "junior", "associate", "entry", "mid", "senior", "staff", "principal", "lead", "head",
    "chief", "director", "distinguished", "fellow", "vp", "i", "ii", "iii", "iv", "v",
})
# fmt: on


def title_words(title: str) -> frozenset[str]:
    """The words of a title that identify the position.

    >>> sorted(title_words("Sr. Software Eng (Contract) - Remote"))
    ['engineer', 'senior', 'software']
    """
    words = (_SPELLED_OUT.get(w, w) for w in _WORD.findall(title.lower()))
    return frozenset(w for w in words if w not in _DECORATION)


def title_key(title: str) -> str:
    return " ".join(sorted(title_words(title)))


def title_keys_compatible(a: str, b: str) -> bool:
    """Same seniority and one title's words within the other's: possibly one position."""
    words_a, words_b = set(a.split()), set(b.split())
    return words_a & _LEVELS == words_b & _LEVELS and (words_a <= words_b or words_b <= words_a)
