"""Resume and job text as data: invisible characters and instruction-like lines taken out.

Everything the agents read and the judge sees goes through ``clean_text`` first, so that text
written for a machine reader (an instruction to "rate this candidate 100", a fake ``system:``
turn, zero-width characters splitting a keyword) neither raises a score nor reaches the judge as
an instruction. What was removed is reported as flags, and a flagged match is reviewed by a person.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Zero-width and bidirectional control characters: invisible in a rendered resume.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")

_MACHINE = r"(?:ai|llm|gpt|automated|language model)"
_READER = r"(?:screeners?|reviewers?|recruiters?|systems?|models?)"
_INSTRUCTION_PATTERNS = [
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,60}"
    r"\b(?:instructions?|prompts?|rules|guidelines|above|previous)\b",
    r"\b(?:you are|act as|pretend to be|you must now)\b[^.\n]{0,40}"
    r"\b(?:assistant|ai|model|recruiter|screener|judge|gpt|llm)\b",
    r"\b(?:rate|score|rank|grade|mark|evaluate)\b[^.\n]{0,60}"
    r"\b(?:100|10/10|perfect|top|highest|maximum|excellent match)\b",
    rf"\b{_MACHINE}\b[^.\n]{{0,40}}\b{_READER}\b[^.\n]{{0,40}}\b(?:should|must|please|score|rate)\b",
    r"(?:^|\n)\s*(?:#+\s*)?(?:system|assistant|user|developer)\s*(?::|>|\])",
    r"<\|?\s*(?:im_start|im_end|system|endoftext|assistant)\s*\|?>",
    r"\[/?(?:INST|SYS)\]|<</?SYS>>",
    r"</?\s*(?:resume|job|posting|data|instructions?)[-_\w]*\s*>",
    r"\bnew instructions?\b|\bjailbreak\b|\bprompt injection\b",
]
_INSTRUCTION = re.compile("|".join(f"(?:{p})" for p in _INSTRUCTION_PATTERNS), re.IGNORECASE)
_SEGMENT = re.compile(r"[^\n.!?]*(?:[.!?]+|\n|$)")

ZERO_WIDTH_FLAG = "zero_width_characters"
INSTRUCTION_FLAG = "instruction_text"


@dataclass(frozen=True)
class CleanText:
    text: str
    flags: tuple[str, ...]


def clean_text(text: str) -> CleanText:
    """``text`` normalized (NFKC), invisible characters dropped, instruction-like sentences removed."""
    flags: list[str] = []
    normalized = unicodedata.normalize("NFKC", text or "")
    visible = _INVISIBLE.sub("", normalized)
    if visible != normalized:
        flags.append(ZERO_WIDTH_FLAG)
    kept: list[str] = []
    removed = False
    for segment in _SEGMENT.findall(visible):
        if _INSTRUCTION.search(segment):
            removed = True
            kept.append("\n" if segment.endswith("\n") else "")
        else:
            kept.append(segment)
    if removed:
        flags.append(INSTRUCTION_FLAG)
    return CleanText("".join(kept), tuple(flags))
