"""Recall on real list names written the ways exporters write them, by kind of change.

Each case takes a name from the loaded lists, changes it one way (a typo, a legal form dropped
or misspelt, two words run together, a branch suffix, words reordered, a word dropped, a
transliteration variant, ...) and asks whether screening the changed name alerts on an entry of
that name. Seeded, so every run draws the same cases. These classes were written while the engine
was developed, so they check for regressions; SCREENING.md's held-out set is the real test.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

from screening.engine import EmptyNameError, EngineEntry, Index

ABBREVIATIONS = {
    "international": "Intl",
    "company": "Co",
    "industries": "Inds",
    "technology": "Tech",
    "corporation": "Corp",
    "manufacturing": "Mfg",
    "engineering": "Eng",
    "university": "Univ",
    "group": "Grp",
    "services": "Svcs",
}
GENERIC = {
    "trading",
    "group",
    "holding",
    "holdings",
    "international",
    "industries",
    "industrial",
    "services",
    "general",
    "technology",
    "engineering",
}
LEGAL_TAIL = re.compile(
    r",?\s*(LLC|Ltd\.?|Co\.,? ?Ltd\.?|Limited|Inc\.?|GmbH|JSC|LLP|PJSC|S\.A\.|Company Limited)\s*$",
    re.I,
)
SPELLINGS = [
    ("ou", "u"),
    ("ee", "i"),
    ("ph", "f"),
    ("kh", "h"),
    ("oo", "u"),
    ("dj", "j"),
    ("q", "k"),
]

Change = Callable[[str, random.Random], str | None]


def typo(name: str, rnd: random.Random) -> str | None:
    words = name.split()
    long = [i for i, w in enumerate(words) if len(w) >= 6]
    if not long:
        return None
    i = rnd.choice(long)
    w = words[i]
    j = rnd.randrange(1, len(w) - 1)
    op = rnd.randrange(3)
    if op == 0:
        w = w[:j] + w[j + 1 :]
    elif op == 1:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    else:
        w = w[:j] + rnd.choice("aeiou") + w[j + 1 :]
    words[i] = w
    return " ".join(words)


def abbreviate(name: str, rnd: random.Random) -> str | None:
    words = name.split()
    out = [ABBREVIATIONS.get(w.lower().strip(",."), w) for w in words]
    return " ".join(out) if out != words else None


def drop_legal_form(name: str, rnd: random.Random) -> str | None:
    short = LEGAL_TAIL.sub("", name)
    return short if short != name and short.strip() else None


def run_together(name: str, rnd: random.Random) -> str | None:
    words = name.split()
    if len(words) < 3:
        return None
    i = rnd.randrange(len(words) - 1)
    if len(words[i]) > 6 or len(words[i + 1]) > 6:
        return None
    return " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2 :])


def branch(name: str, rnd: random.Random) -> str | None:
    return name + ", Tehran Branch"


def family_name_first(name: str, rnd: random.Random) -> str | None:
    words = name.split()
    return " ".join(words[-1:] + words[:-1]) if len(words) >= 2 else None


def lower_case_no_punctuation(name: str, rnd: random.Random) -> str | None:
    return re.sub(r"[.,()\-]", " ", name).lower()


def drop_middle_name(name: str, rnd: random.Random) -> str | None:
    words = name.replace(",", " ").split()
    if len(words) < 3:
        return None
    i = rnd.randrange(1, len(words) - 1)
    return " ".join(words[:i] + words[i + 1 :])


def spelling_variant(name: str, rnd: random.Random) -> str | None:
    # in a word, not an acronym: "OOO" written "uo" is no one's spelling
    words = name.lower().split()
    options = [
        (i, a, b) for i, w in enumerate(words) if len(w) >= 4 for a, b in SPELLINGS if a in w
    ]
    if not options:
        return None
    i, a, b = rnd.choice(options)
    words[i] = words[i].replace(a, b, 1)
    return " ".join(words)


def drop_generic_word(name: str, rnd: random.Random) -> str | None:
    words = name.split()
    generic = [i for i, w in enumerate(words) if w.lower().strip(",.") in GENERIC]
    if not generic or len(words) < 3:
        return None
    i = rnd.choice(generic)
    return " ".join(words[:i] + words[i + 1 :])


def ampersand(name: str, rnd: random.Random) -> str | None:
    if "&" in name:
        return name.replace("&", "and")
    if re.search(r"\band\b", name, re.I):
        return re.sub(r"\band\b", "&", name, flags=re.I)
    return None


# (name, change, drawn from: "organisation", "person" or "any")
CHANGES: list[tuple[str, Change, str]] = [
    ("typo in a long word", typo, "any"),
    ("abbreviations", abbreviate, "organisation"),
    ("legal form dropped", drop_legal_form, "organisation"),
    ("two words run together", run_together, "any"),
    ("branch suffix added", branch, "organisation"),
    ("family name first", family_name_first, "person"),
    ("lower case, no punctuation", lower_case_no_punctuation, "any"),
    ("a middle name dropped", drop_middle_name, "person"),
    ("transliteration variant", spelling_variant, "any"),
    ("a generic word dropped", drop_generic_word, "organisation"),
    ("& and 'and' swapped", ampersand, "organisation"),
]


def bench_perturbations(
    entries: list[EngineEntry], index: Index, per_change: int = 400, seed: int = 11
) -> dict[str, Any]:
    """Recall (an alerting match on an entry of the original name) per kind of change."""
    rnd = random.Random(seed)
    pools = {
        "organisation": [
            e for e in entries if e.kind == "organisation" and len(e.name.split()) >= 2
        ],
        "person": [e for e in entries if e.kind == "person" and len(e.name.split()) >= 2],
    }
    pools["any"] = pools["organisation"] + pools["person"]
    out: dict[str, Any] = {}
    for label, change, pool_name in CHANGES:
        pool = pools[pool_name]
        found = total = 0
        for entry in rnd.sample(pool, min(per_change, len(pool))):
            query = change(entry.name, rnd)
            if not query:
                continue
            total += 1
            try:
                matches = index.screen(query, limit=10)
            except EmptyNameError:
                continue
            # the same name may be listed as several entries (on several lists), written in
            # other cases or punctuation
            targets = index.entries_named(entry.name) | {entry.key}
            if any(m.alert and m.entry.key in targets for m in matches):
                found += 1
        out[label] = {"found": found, "cases": total, "recall": found / total if total else 0.0}
    all_found = sum(v["found"] for v in out.values())
    all_cases = sum(v["cases"] for v in out.values())
    out["all"] = {"found": all_found, "cases": all_cases, "recall": all_found / max(all_cases, 1)}
    return out
