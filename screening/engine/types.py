"""Plain data passed into and out of the matching engine (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class EngineEntry:
    key: int  # opaque caller id (database primary key of the list entry)
    list_code: str  # "meti-eul", "un", "ofac-sdn", "mof", "us-csl"
    source_id: str
    name: str
    aliases: tuple[str, ...] = ()
    native_names: tuple[str, ...] = ()
    country: str | None = None  # ISO alpha-2
    kind: str | None = None  # "person" | "organisation" | None
    list_version: str = ""  # label of the list version, carried into explanations

    def __reduce__(self) -> tuple[type[EngineEntry], tuple[Any, ...]]:
        return _rebuilt(self)


@dataclass
class Match:
    entry: EngineEntry
    matched_name: str  # the alias that produced the best score
    score: float  # 0..1
    alert: bool
    band: str  # "alert" | "review" | "below"
    explanation: dict[str, Any] = field(default_factory=dict)


def _rebuilt(obj: Any) -> tuple[Any, tuple[Any, ...]]:
    """Pickle a frozen dataclass through its constructor: compiled by mypyc, its fields cannot be
    set one by one as unpickling otherwise does."""
    return type(obj), tuple(getattr(obj, f.name) for f in fields(obj))
