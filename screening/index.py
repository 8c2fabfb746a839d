"""One in-memory engine index per set of active list versions, rebuilt beside the old one on change."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from screening.engine.types import EngineEntry
from screening.models import ListVersion
from screening.selectors import active_versions, entries_of_versions


@dataclass
class LoadedIndex:
    key: tuple[int, ...]  # ids of the list versions it was built from
    versions: list[ListVersion]
    index: Any  # screening.engine Index


_lock = threading.Lock()
_cache: dict[tuple[str, ...] | None, LoadedIndex] = {}


def engine_config() -> Any:
    from screening.engine import EngineConfig

    return EngineConfig(
        alert_threshold=settings.SCREENING_ALERT_THRESHOLD,
        review_threshold=settings.SCREENING_REVIEW_THRESHOLD,
    )


def build_index_for(versions: list[ListVersion], *, warm: bool = True) -> Any:
    """An engine index of the entries of these versions; warmed (Index.warm) unless `warm` is
    False."""
    from screening.engine import build_index

    labels = {v.pk: v.label for v in versions}
    codes = {v.pk: v.screening_list.code for v in versions}
    entries = (
        EngineEntry(
            key=e.pk,
            list_code=codes[e.version_id],
            source_id=e.source_id,
            name=e.name,
            aliases=tuple(e.aliases or ()),
            native_names=tuple(e.native_names or ()),
            country=e.country or None,
            kind=e.kind if e.kind != "unknown" else None,
            list_version=labels[e.version_id],
        )
        for e in entries_of_versions(list(labels)).iterator(chunk_size=5000)
    )
    index = build_index(entries, engine_config())
    if warm:
        index.warm()
    return index


def current_index(codes: list[str] | None = None, *, warm: bool = True) -> LoadedIndex:
    """The index over the active versions; rebuilt only when the set of active versions changed.

    A new index is warmed before it is swapped in (the reading dictionaries and its katakana
    table, about 1.5 s), so that no request waits for them. `warm=False` leaves them to the first
    names that need them: for a one-off command whose names may never need them (the index it
    builds is the one this process keeps, unwarmed, for those versions)."""
    versions = list(active_versions(codes))
    key = tuple(sorted(v.pk for v in versions))
    cache_key = tuple(sorted(codes)) if codes else None
    loaded = _cache.get(cache_key)
    if loaded is not None and loaded.key == key:
        return loaded
    with _lock:
        loaded = _cache.get(cache_key)
        if loaded is not None and loaded.key == key:
            return loaded
        # Build the new index completely before swapping it in: screening never sees a half list.
        fresh = LoadedIndex(key=key, versions=versions, index=build_index_for(versions, warm=warm))
        _cache[cache_key] = fresh
        return fresh


def clear_cache() -> None:
    with _lock:
        _cache.clear()
