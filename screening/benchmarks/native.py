"""Names in Japanese script against Latin ones, on the real lists.

Japan's asset-freeze list (MOF) writes each party in katakana (and kanji) beside the Latin name
the other lists use. That gives real pairs of one name in both scripts: the katakana name is
screened against the entry's own Latin names, against other entries that share a word with them
(which must not alert), and through an index of the other lists (MOF left out), where it should
find the entries its Latin name finds. METI's End User List likewise writes Chinese and North
Korean firms in Han characters beside their Latin names.
"""

from __future__ import annotations

import random
import re
from collections import Counter, defaultdict
from dataclasses import replace
from typing import Any

from screening.engine import EngineConfig, EngineEntry, Index, build_index
from screening.engine.scripts import word_script

_KANA = re.compile(r"[\u30a0-\u30ff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[a-z]{3,}")
KINDS = ("person", "organisation", "unknown")


def katakana_pairs(entries: list[EngineEntry]) -> list[tuple[EngineEntry, str, list[str]]]:
    """(entry, its katakana name, its Latin names) for every MOF entry that has both."""
    out = []
    for e in entries:
        if e.list_code != "mof":
            continue
        names = (e.name, *e.aliases, *e.native_names)
        kana = [n for n in names if _KANA.search(n)]
        latin = [n for n in (e.name, *e.aliases) if not _KANA.search(n) and _LATIN.search(n)]
        if kana and latin:
            out.append((e, kana[0], latin))
    return out


def bench_katakana(entries: list[EngineEntry], full: Index) -> dict[str, Any]:
    """`full`: an index of every list in `entries`; one of the other lists is built here."""
    pairs = katakana_pairs(entries)
    if not pairs:
        return {}
    cfg = full.config
    threshold = cfg.alert_threshold
    others = build_index([e for e in entries if e.list_code != "mof"], cfg)
    by_word: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for e, _k, latin in pairs:
        for w in sorted(set(_WORD.findall(latin[0].lower()))):
            by_word[w].append((e.source_id, latin[0]))
    rnd = random.Random(7)
    c: Counter[tuple[str, str]] = Counter()
    for e, kana, latin in pairs:
        kind = e.kind or "unknown"
        c[kind, "pairs"] += 1
        if max(full.score_pair(kana, n)[0] for n in latin) >= threshold:
            c[kind, "pair_alerts"] += 1
        # up to three other entries sharing a word of the Latin name: none should alert
        own = {n.lower() for n in latin}
        near = [
            (sid, n)
            for w in sorted(set(_WORD.findall(latin[0].lower())))
            for sid, n in by_word[w]
            if sid != e.source_id and n.lower() not in own
        ]
        for _sid, n in rnd.sample(near, min(3, len(near))):
            c[kind, "negatives"] += 1
            c[kind, "negative_alerts"] += full.score_pair(kana, n)[0] >= threshold
        # through the other lists: the entries the Latin name finds (score >= 0.9)
        want = {m.entry.key for m in others.screen(latin[0], kind=e.kind) if m.score >= 0.9}
        if want:
            c[kind, "listed_elsewhere"] += 1
            got = {m.entry.key for m in others.screen(kana) if m.alert}
            c[kind, "found_elsewhere"] += bool(got & want)
    return {kind: {k: c[kind, k] for (kk, k) in c if kk == kind} for kind in KINDS}


# the dot (or equals sign, or space) between two katakana words
_KANA_WORD_BREAK = re.compile(r"(?<=[\u30a1-\u30fa\u30fc])[・＝= ](?=[\u30a1-\u30fa\u30fc])")


def without_dots(entries: list[EngineEntry]) -> list[EngineEntry]:
    """The entries with MOF's katakana names written without the dots between their words
    (ナジールモハンマドアブドゥルバシール), as Japanese often writes them: bench_katakana on these
    measures how such names are read."""

    def joined(name: str) -> str:
        return _KANA_WORD_BREAK.sub("", name)

    return [
        replace(
            e,
            name=joined(e.name),
            aliases=tuple(joined(a) for a in e.aliases),
            native_names=tuple(joined(n) for n in e.native_names),
        )
        if e.list_code == "mof"
        else e
        for e in entries
    ]


def bench_eul_native(entries: list[EngineEntry], cfg: EngineConfig) -> dict[str, Any]:
    """METI EUL entries with a native name: does it alert on the entry's own Latin names?"""
    eul = [e for e in entries if e.list_code == "meti-eul" and e.native_names]
    if not eul:
        return {}
    index = build_index(eul, cfg)
    by_country: Counter[tuple[str, str]] = Counter()
    for e in eul:
        country = e.country or "?"
        by_country[country, "names"] += 1
        s = max(index.score_pair(e.native_names[0], n)[0] for n in (e.name, *e.aliases))
        by_country[country, "alerts"] += s >= cfg.alert_threshold
    countries = sorted({c for c, _ in by_country}, key=lambda c: -by_country[c, "names"])
    return {
        c: {"names": by_country[c, "names"], "alerts": by_country[c, "alerts"]} for c in countries
    }


def render_katakana(
    k: dict[str, Any], title: str = "katakana names (MOF) vs Latin names"
) -> list[str]:
    lines = [f"{title:<38}own Latin name   other entries sharing a word   through the other lists"]
    for kind in KINDS:
        r = k.get(kind) or {}
        if not r.get("pairs"):
            continue
        lines.append(
            f"  {kind:<35}{r.get('pair_alerts', 0):>5}/{r['pairs']:<5} = "
            f"{r.get('pair_alerts', 0) / r['pairs']:.3f}"
            f"   {r.get('negative_alerts', 0):>5}/{r.get('negatives', 0):<5} alert"
            f"             {r.get('found_elsewhere', 0):>5}/{r.get('listed_elsewhere', 0):<5}"
        )
    return lines


def render_eul_native(r: dict[str, Any]) -> list[str]:
    names = sum(v["names"] for v in r.values())
    alerts = sum(v["alerts"] for v in r.values())
    per = ", ".join(f"{c} {v['alerts']}/{v['names']}" for c, v in r.items())
    return [f"METI EUL native names vs their own Latin names: {alerts}/{names} alert ({per})"]


def bench_un_native(entries: list[EngineEntry], index: Index) -> dict[str, Any]:
    """UN entries' names in their original script (Arabic, Cyrillic, Han): do they alert on the
    entry's own Latin names? By script."""
    c: Counter[tuple[str, str]] = Counter()
    for e in entries:
        if e.list_code != "un":
            continue
        native = [n for n in e.native_names if not _LATIN.search(n)]
        if not native:
            continue
        script = word_script("".join(ch for ch in native[0] if ch.isalpha()))
        c[script, "names"] += 1
        s = max(index.score_pair(native[0], n)[0] for n in (e.name, *e.aliases))
        c[script, "alerts"] += s >= index.config.alert_threshold
    scripts = sorted({k for k, _ in c}, key=lambda k: -c[k, "names"])
    return {k: {"names": c[k, "names"], "alerts": c[k, "alerts"]} for k in scripts}


def render_un_native(r: dict[str, Any]) -> list[str]:
    names = sum(v["names"] for v in r.values())
    alerts = sum(v["alerts"] for v in r.values())
    per = ", ".join(f"{k} {v['alerts']}/{v['names']}" for k, v in r.items())
    return [f"UN names in their own script vs their Latin names: {alerts}/{names} alert ({per})"]
