"""The difference between two revisions of a list, matched by names and country, never by row number.

METI republishes the whole End User List and renumbers it each time, so an entry is "the same" in
two revisions when they share a normalised name or alias (and, where both have one, the country).
Pure functions over plain dictionaries, so the diff is tested and benchmarked without a database.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

# Fields an administrator cares about, in the order a change is reported.
COMPARED = ("name", "aliases", "native_names", "country", "concern_types", "conventional_weapons")


def name_key(name: str) -> str:
    """Case, width, punctuation and spacing do not make a different entity."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.findall(r"\w+", text))


@dataclass
class EntryView:
    id: int
    source_id: str
    name: str
    aliases: list[str]
    native_names: list[str]
    country: str
    concern_types: list[str]
    conventional_weapons: bool

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> EntryView:
        attributes = row.get("attributes") or {}
        return cls(
            id=row["id"],
            source_id=row["source_id"],
            name=row["name"],
            aliases=list(row.get("aliases") or []),
            native_names=list(row.get("native_names") or []),
            country=row.get("country") or "",
            concern_types=sorted(attributes.get("concern_types") or []),
            conventional_weapons=bool(attributes.get("conventional_weapons")),
        )

    def name_keys(self) -> set[str]:
        return {
            k for k in (name_key(n) for n in [self.name, *self.aliases, *self.native_names]) if k
        }

    def comparable(self, fieldname: str) -> Any:
        value = getattr(self, fieldname)
        if fieldname in ("aliases", "native_names"):
            return sorted({name_key(v) for v in value})
        if fieldname == "name":
            return name_key(value)
        return value

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source_id": self.source_id,
            "name": self.name,
            "country": self.country,
            "aliases": self.aliases,
            "native_names": self.native_names,
            "concern_types": self.concern_types,
            "conventional_weapons": self.conventional_weapons,
        }


@dataclass
class Diff:
    added: list[EntryView] = field(default_factory=list)
    removed: list[EntryView] = field(default_factory=list)
    changed: list[tuple[EntryView, EntryView, dict[str, dict[str, Any]]]] = field(
        default_factory=list
    )
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "removed": len(self.removed),
            "changed": len(self.changed),
            "unchanged": self.unchanged,
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.counts(),
            "added_entries": [e.summary() for e in self.added],
            "removed_entries": [e.summary() for e in self.removed],
            "changed_entries": [
                {"before": old.summary(), "after": new.summary(), "fields": fields}
                for old, new, fields in self.changed
            ],
        }


def _changes(old: EntryView, new: EntryView) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for name in COMPARED:
        if old.comparable(name) != new.comparable(name):
            out[name] = {"before": getattr(old, name), "after": getattr(new, name)}
    return out


def diff_entries(old_rows: list[dict[str, Any]], new_rows: list[dict[str, Any]]) -> Diff:
    old = [EntryView.from_row(r) for r in old_rows]
    new = [EntryView.from_row(r) for r in new_rows]
    by_key: dict[str, list[int]] = defaultdict(list)
    for index, entry in enumerate(old):
        for key in entry.name_keys():
            by_key[key].append(index)

    # Score every candidate pair by how many names they share (+1 when the country agrees), then
    # take the best pairs first so that a split or merge of entries pairs up the closest ones.
    candidates: list[tuple[int, int, int]] = []
    for j, entry in enumerate(new):
        shared: dict[int, int] = defaultdict(int)
        for key in entry.name_keys():
            for i in by_key.get(key, ()):
                shared[i] += 1
        for i, count in shared.items():
            same_country = (
                not old[i].country or not entry.country or old[i].country == entry.country
            )
            if not same_country and name_key(old[i].name) != name_key(entry.name):
                continue  # an alias shared across countries is not enough
            score = count * 2 + (1 if old[i].country == entry.country else 0)
            score += 3 if name_key(old[i].name) == name_key(entry.name) else 0
            candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    result = Diff()
    for _score, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        fields = _changes(old[i], new[j])
        if fields:
            result.changed.append((old[i], new[j], fields))
        else:
            result.unchanged += 1
    result.added = [e for j, e in enumerate(new) if j not in used_new]
    result.removed = [e for i, e in enumerate(old) if i not in used_old]
    return result
