"""Build data/skills/taxonomy.jsonl: one canonical id per skill, with every alias merged under it.

Sources (see data/skills/SOURCE.txt): Microsoft's Skills Extractor taxonomy (skills.json and the
spaCy patterns built from it) and the O*NET 29.2 technology skills. Corrections that no source
gets right (C and C++ conflated, ambiguous words like "Go" or "Spring") come from
data/skills/curation.json. Run again whenever a source or the curation changes:

    python scripts/build_skill_taxonomy.py --shared-data ../shared/data
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from myjob.skills.tokens import phrase_key

REPO = Path(__file__).resolve().parents[1]
OUT_DIR = REPO / "data" / "skills"


@dataclass
class Skill:
    skill_id: str
    name: str
    aliases: set[str] = field(default_factory=set)
    exact: set[str] = field(default_factory=set)  # aliases matched only in this spelling
    sources: set[str] = field(default_factory=set)

    def absorb(self, other: Skill) -> None:
        self.aliases |= other.aliases
        self.exact |= other.exact
        self.sources |= other.sources


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9+#.]+", "-", name.lower()).strip("-.")


class Taxonomy:
    """Skills plus an index from alias key to the one id that owns it."""

    def __init__(self, curation: dict) -> None:
        self.curation = curation
        self.skills: dict[str, Skill] = {}
        self.index: dict[tuple[str, ...], str] = {}
        self.dropped = {d.lower() for d in curation["drop"]}

    def owner(self, aliases: Iterable[str]) -> str | None:
        for alias in aliases:
            found = self.index.get(phrase_key(alias))
            if found:
                return found
        return None

    def add(self, skill: Skill) -> None:
        skill.aliases = {a for a in skill.aliases if a.lower() not in self.dropped and phrase_key(a)}
        skill.exact &= skill.aliases
        if skill.skill_id in self.skills:
            self.skills[skill.skill_id].absorb(skill)
            skill = self.skills[skill.skill_id]
        else:
            self.skills[skill.skill_id] = skill
        for alias in skill.aliases:
            self.index.setdefault(phrase_key(alias), skill.skill_id)

    def merge(self, source_id: str, target_id: str) -> None:
        source = self.skills.pop(source_id, None)
        if source is None or target_id not in self.skills:
            return
        self.skills[target_id].absorb(source)
        for key, owner in list(self.index.items()):
            if owner == source_id:
                self.index[key] = target_id


def load_microsoft(taxonomy: Taxonomy, folder: Path) -> None:
    curation = taxonomy.curation
    raw = json.loads((folder / "skills.json").read_text(encoding="utf-8"))
    patterns: dict[str, list[tuple[str, bool]]] = {}
    with (folder / "skill_patterns.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            skill_id = entry["label"].split("|", 1)[1]
            parts = [next(iter(token.values())) for token in entry["pattern"]]
            if any(not part for part in parts):
                continue  # spaCy split ".NET" into "" + "net": the TEXT pattern covers it
            text = " ".join(parts)
            # an upper-case acronym ("SQL", "HTML") is no English word, so any spelling will do
            acronym = text.isupper() and len(text) >= 3 and text.isalnum()
            is_exact = any("TEXT" in token for token in entry["pattern"]) and not acronym
            patterns.setdefault(skill_id, []).append((text, is_exact))
    for skill_id, entry in raw.items():
        if skill_id in taxonomy.dropped:
            continue
        names = [source["displayName"] for source in entry["sources"]]
        name = curation["rename"].get(skill_id, names[0] if names else skill_id)
        skill = Skill(skill_id, name, {name, *names, *entry["aliases"]}, sources={"microsoft"})
        if skill_id not in patterns and "-" in skill_id:
            skill.aliases.add(skill_id.replace("-", " "))
        for text, is_exact in patterns.get(skill_id, []):
            skill.aliases.add(text)
            if is_exact:
                skill.exact.add(text)
        skill.aliases -= set(curation["drop_aliases"].get(skill_id, []))
        skill.aliases.add(name)
        taxonomy.add(skill)
    for source_id, target_id in curation["merge"].items():
        taxonomy.merge(source_id, target_id)
    for skill_id, name in curation["new_skills"].items():
        aliases = {name, *curation["new_skill_aliases"].get(skill_id, [])}
        taxonomy.add(Skill(skill_id, name, aliases, sources={"curation"}))
    for skill_id, aliases in curation["extra_aliases"].items():
        if skill_id in taxonomy.skills:
            taxonomy.add(Skill(skill_id, taxonomy.skills[skill_id].name, set(aliases)))


_ACRONYM = re.compile(r"^(?P<phrase>.+?)\s+\(?(?P<acronym>[A-Z][A-Z0-9]{1,6})\)?$")


def plausible_acronym(phrase: str, acronym: str) -> bool:
    """Whether ``acronym`` abbreviates ``phrase`` ("Structured query language SQL", not "SoftRisk SQL")."""
    words = phrase.split()
    if len(words) < 2:
        return False
    initials = "".join(w[0] for w in words[-len(acronym) :]).lower()
    if initials == acronym.lower():
        return True
    letters, position = "".join(words).lower(), 0
    for char in acronym.lower():
        position = letters.find(char, position) + 1
        if position == 0:
            return False
    return letters[0] == acronym[0].lower() and len(words) <= len(acronym) + 1


def onet_aliases(example: str, curation: dict) -> tuple[str, set[str], set[str]]:
    """Name, aliases and exact-spelling aliases of one O*NET technology example."""
    name = re.sub(r"\s+software$", "", example).strip()
    aliases, exact = {name}, set()
    match = _ACRONYM.match(name)
    if match and plausible_acronym(match["phrase"], match["acronym"]):
        aliases.add(match["phrase"])
        aliases.add(match["acronym"])
        exact.add(match["acronym"])
        base = match["phrase"]
    else:
        base = name
    common = {w.lower() for w in curation["common_words"]}
    for vendor in sorted(curation["vendors"], key=len, reverse=True):
        if base.startswith(vendor + " "):
            rest = base[len(vendor) + 1 :].strip()
            if rest and rest.lower() not in common:
                aliases.add(rest)
                if " " not in rest:
                    exact.add(rest)
            break
    return name, aliases, exact


def is_generic(example: str, commodity: str) -> bool:
    """Category names ("Spreadsheet software") name no product a resume would list."""
    if example.lower() == commodity.lower():
        return True
    words = re.sub(r"\s+software$", "", example).split()
    return example.endswith("software") and all(w.islower() for w in words[1:])


def load_onet(taxonomy: Taxonomy, tsv: Path) -> None:
    with tsv.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            example = row["Example"].strip()
            if is_generic(example, row["Commodity Title"]) or example.lower() in taxonomy.dropped:
                continue
            name, aliases, exact = onet_aliases(example, taxonomy.curation)
            owner = taxonomy.owner(sorted(aliases - exact, key=len, reverse=True))
            for acronym in exact - aliases.intersection(taxonomy.curation["vendors"]):
                holder = taxonomy.index.get(phrase_key(acronym))
                if holder and acronym not in taxonomy.skills[holder].exact | {taxonomy.skills[holder].name}:
                    aliases.discard(acronym)  # "REACT" the acronym is not React the library
                elif holder and owner is None:
                    owner = holder
            skill_id = owner or slug(name)
            if owner:  # the owner's own rules decide how its known aliases are spelled
                exact = {
                    a
                    for a in exact
                    if phrase_key(a) not in taxonomy.index or a in taxonomy.skills[owner].exact
                }
            taxonomy.add(Skill(skill_id, name, aliases, exact, {"onet"}))


def apply_precision_rules(taxonomy: Taxonomy) -> dict[str, dict[str, object]]:
    """Per-skill rules for ambiguous aliases: exact spelling, list context, verb guards."""
    curation = taxonomy.curation
    listed_words = {w.lower(): w for w in curation["list_context"]}
    exact_words = {w.lower(): w for w in curation["case_sensitive"]}
    rules: dict[str, dict[str, object]] = {}
    for skill in taxonomy.skills.values():
        listed: set[str] = set()
        for alias in list(skill.aliases):
            low = alias.lower()
            short = re.fullmatch(r"[a-z0-9]{1,2}", low) is not None
            if low in listed_words or short:
                spelled = listed_words.get(low, alias if alias != low or not short else alias.upper())
                skill.aliases.discard(alias)
                skill.aliases.add(spelled)
                skill.exact.discard(alias)
                skill.exact.add(spelled)
                listed.add(spelled)
            elif low in exact_words:
                skill.aliases.discard(alias)
                skill.aliases.add(exact_words[low])
                skill.exact.discard(alias)
                skill.exact.add(exact_words[low])
        guards = {a: curation["verb_guard"][a] for a in skill.aliases if a in curation["verb_guard"]}
        rules[skill.skill_id] = {"listed": sorted(listed), "guards": guards}
    return rules


def write(taxonomy: Taxonomy, rules: dict[str, dict[str, object]], out: Path) -> int:
    seen: set[tuple[tuple[str, ...], str]] = set()
    lines = []
    for skill in sorted(taxonomy.skills.values(), key=lambda s: s.skill_id):
        aliases = []
        for alias in sorted(skill.aliases):
            key = (phrase_key(alias), alias if alias in skill.exact else "")
            if taxonomy.index.get(key[0], skill.skill_id) != skill.skill_id or key in seen:
                continue  # one alias, one owner
            seen.add(key)
            aliases.append(alias)
        if not aliases:
            continue
        record: dict[str, object] = {"id": skill.skill_id, "name": skill.name, "aliases": aliases}
        exact = sorted(a for a in skill.exact if a in aliases)
        if exact:
            record["exact"] = exact
        listed = [a for a in rules[skill.skill_id]["listed"] if a in aliases]  # type: ignore[attr-defined]
        if listed:
            record["listed"] = listed
        if rules[skill.skill_id]["guards"]:
            record["guards"] = rules[skill.skill_id]["guards"]
        record["sources"] = sorted(skill.sources)
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--shared-data", type=Path, default=REPO.parent / "shared" / "data")
    args = parser.parse_args()
    curation = json.loads((OUT_DIR / "curation.json").read_text(encoding="utf-8"))
    taxonomy = Taxonomy(curation)
    load_microsoft(taxonomy, args.shared_data / "ms-skills-extractor")
    load_onet(taxonomy, args.shared_data / "onet-29.2" / "technology_skills_unique_DERIVED.tsv")
    rules = apply_precision_rules(taxonomy)
    count = write(taxonomy, rules, OUT_DIR / "taxonomy.jsonl")
    print(f"wrote {count} skills to {(OUT_DIR / 'taxonomy.jsonl').relative_to(REPO)}")


if __name__ == "__main__":
    main()
