"""The shipped skill taxonomy (data/skills/taxonomy.jsonl), read into plain records.

Built by scripts/build_skill_taxonomy.py; each line is one skill under its canonical id, with the
aliases that name it and the precision rules of the ambiguous ones.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

TAXONOMY_FILE = "taxonomy.jsonl"


@dataclass(frozen=True)
class SkillEntry:
    skill_id: str
    name: str
    aliases: tuple[str, ...]
    exact: frozenset[str] = frozenset()
    """Aliases that count only in this spelling ("Go", not "go")."""
    listed: frozenset[str] = frozenset()
    """Aliases that count only inside a list ("Python, Go, R") or before "programming"/"language"."""
    guards: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Alias -> next words that make it an ordinary word ("Excel at")."""


def load_taxonomy(folder: Path) -> list[SkillEntry]:
    entries = []
    with (folder / TAXONOMY_FILE).open(encoding="utf-8") as lines:
        for line in lines:
            raw = json.loads(line)
            entries.append(
                SkillEntry(
                    skill_id=raw["id"],
                    name=raw["name"],
                    aliases=tuple(raw["aliases"]),
                    exact=frozenset(raw.get("exact", ())),
                    listed=frozenset(raw.get("listed", ())),
                    guards={alias: tuple(words) for alias, words in raw.get("guards", {}).items()},
                )
            )
    return entries
