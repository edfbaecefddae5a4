"""Skills: one taxonomy, one canonical id per skill, phrase matching with aliases.

``default_extractor()`` is what the pipelines use: the taxonomy shipped in data/skills, loaded
once per process because reading the taxonomy and building the trie costs a few tenths of a second.
"""

from __future__ import annotations

import functools
from pathlib import Path

from myjob.skills.extractor import SkillExtractor, SkillHit
from myjob.skills.taxonomy import load_taxonomy

__all__ = ["SkillExtractor", "SkillHit", "default_extractor", "extractor_from"]


@functools.cache
def extractor_from(folder: Path) -> SkillExtractor:
    return SkillExtractor(load_taxonomy(folder))


def default_extractor() -> SkillExtractor:
    """The extractor over the shipped taxonomy (``Settings.data_dir``/skills), cached per process."""
    from myjob.config import get_settings

    return extractor_from(get_settings().data_dir / "skills")
