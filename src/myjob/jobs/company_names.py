"""Company names reduced to one comparable form.

Boards spell the same employer many ways ("Microsoft Corporation", "MICROSOFT CORP.", "Microsoft");
enrichment lookups, cache keys and dedup blocking all need the same key for all of them.
"""

from __future__ import annotations

import re
import unicodedata

_LEGAL_SUFFIXES = {
    "inc",
    "incorporated",
    "llc",
    "l.l.c",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "s.a",
    "bv",
    "b.v",
    "nv",
    "pty",
    "pvt",
    "lp",
    "llp",
    "srl",
    "oy",
    "ab",
}
_NON_WORD = re.compile(r"[^\w&+]+")


def normalize_company_name(name: str) -> str:
    """Lowercase ASCII words without punctuation, a leading "the" or trailing legal forms.

    >>> normalize_company_name("The Walt Disney Company")
    'walt disney'
    >>> normalize_company_name("  MICROSOFT Corp. ")
    'microsoft'
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in _NON_WORD.sub(" ", folded.replace(".", "")).split() if w]
    if words and words[0] == "the":
        words = words[1:]
    while len(words) > 1 and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)
