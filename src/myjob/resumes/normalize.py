"""Text normalization: one Unicode form, no invisible characters, tidy whitespace.

Zero-width and control characters are removed because they split words ("Pyth\u200bon") and hide
keywords from a reader; their presence is reported as a flag, since it is a known trick to game
resume screening.
"""

from __future__ import annotations

import re
import unicodedata

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BULLETS = re.compile(r"^\s*[•●▪■◦‣∙\-*–]\s+")


def normalize_lines(lines: list[str]) -> tuple[list[str], set[str]]:
    """Normalized lines (blank ones kept as "") and the flags of what was removed."""
    flags: set[str] = set()
    out = []
    for raw in lines:
        line = unicodedata.normalize("NFC", raw).translate(_LIGATURES)
        if _ZERO_WIDTH.search(line):
            flags.add("zero_width_characters")
            line = _ZERO_WIDTH.sub("", line)
        if _CONTROL.search(line):
            flags.add("control_characters")
            line = _CONTROL.sub(" ", line)
        line = _SPACES.sub(" ", line).strip()
        line = _BULLETS.sub("• ", line)
        out.append(line)
    return out, flags
