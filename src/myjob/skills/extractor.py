"""Phrase matching of skill aliases over normalized tokens (a token trie, longest match first).

Why not spaCy's PhraseMatcher: spaCy is not a dependency of the platform, and a trie over the same
token sequences does the same job in pure Python, about twice as fast (benchmarks/resumes.py
measures both on the same phrases).
Why rules: a taxonomy of 9,000 skills contains ordinary words ("Go", "R", "Spring", "Excel at").
Aliases marked ``exact`` match only in their own spelling; ``listed`` ones only where a list
puts them (between commas, slashes, bullets, line ends, "and"/"or") or before "programming" /
"language"; ``guards`` reject an alias followed by a word that makes it a verb.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from myjob.skills.taxonomy import SkillEntry
from myjob.skills.tokens import JOINER, SEPARATOR, WORD, Token, phrase_key, surface, tokenize

_LIST_WORDS = frozenset(
    {"and", "or", "with", "using", "in", "on", "including", "plus", "skills", "languages"}
)
_LANGUAGE_WORDS = frozenset({"programming", "language", "lang", "developer", "development", "framework"})


@dataclass(frozen=True)
class SkillHit:
    skill_id: str
    name: str
    start: int
    end: int
    matched_text: str


@dataclass(frozen=True, slots=True)
class _Target:
    skill_id: str
    spelling: str | None  # required original spelling, None when any case will do
    listed: bool
    guards: tuple[str, ...]


_END = "\x00end"


def _in_list(tokens: list[Token], first: int, last: int) -> bool:
    before = tokens[first - 1] if first > 0 else None
    after = tokens[last + 1] if last + 1 < len(tokens) else None
    if after is not None and after.kind == WORD and after.norm in _LANGUAGE_WORDS:
        return True

    def boundary(token: Token | None) -> bool:
        return token is None or token.kind in (SEPARATOR, JOINER) or token.norm in _LIST_WORDS

    return boundary(before) and boundary(after)


class SkillExtractor:
    """Finds skills in text; every hit carries the canonical id of its skill."""

    def __init__(self, entries: list[SkillEntry]) -> None:
        self._names: dict[str, str] = {}
        self._trie: dict[str, Any] = {}
        for entry in entries:
            self._names[entry.skill_id] = entry.name
            for alias in entry.aliases:
                key = phrase_key(alias)
                if not key:
                    continue
                node = self._trie
                for part in key:
                    node = node.setdefault(part, {})
                node.setdefault(_END, []).append(
                    _Target(
                        entry.skill_id,
                        surface(alias) if alias in entry.exact else None,
                        alias in entry.listed,
                        entry.guards.get(alias, ()),
                    )
                )

    def __len__(self) -> int:
        return len(self._names)

    def _accept(self, target: _Target, text: str, tokens: list[Token], first: int, last: int) -> bool:
        if target.spelling is not None and surface(text, tokens[first : last + 1]) != target.spelling:
            return False
        if target.guards and last + 1 < len(tokens) and tokens[last + 1].norm in target.guards:
            return False
        return not target.listed or _in_list(tokens, first, last)

    def extract(self, text: str) -> list[SkillHit]:
        """Non-overlapping hits in text order; at each position the longest acceptable alias wins."""
        tokens = tokenize(text)
        hits: list[SkillHit] = []
        position = 0
        while position < len(tokens):
            token = tokens[position]
            node = self._trie.get(token.norm) if token.kind == WORD else None
            candidates: list[tuple[int, list[_Target]]] = []
            cursor = position
            while node is not None:
                if _END in node:
                    candidates.append((cursor, node[_END]))
                cursor += 1
                if cursor >= len(tokens) or tokens[cursor].kind not in (WORD, JOINER):
                    break
                node = node.get(tokens[cursor].norm)
            matched = self._longest(text, tokens, position, candidates)
            if matched is None:
                position += 1
                continue
            last, skill_id = matched
            start, end = tokens[position].start, tokens[last].end
            hits.append(SkillHit(skill_id, self._names[skill_id], start, end, text[start:end]))
            position = last + 1
        return hits

    def _longest(
        self, text: str, tokens: list[Token], first: int, candidates: list[tuple[int, list[_Target]]]
    ) -> tuple[int, str] | None:
        for last, targets in reversed(candidates):
            if tokens[last].kind != WORD:
                continue
            for target in targets:
                if self._accept(target, text, tokens, first, last):
                    return last, target.skill_id
        return None

    def canonical_ids(self, text: str) -> list[str]:
        """Sorted unique canonical ids of the skills that ``text`` names."""
        return sorted({hit.skill_id for hit in self.extract(text)})

    def name_of(self, skill_id: str) -> str:
        """Display name of a canonical id; the id itself when unknown (a skill since removed)."""
        return self._names.get(skill_id, skill_id)

    def knows(self, skill_id: str) -> bool:
        return skill_id in self._names
