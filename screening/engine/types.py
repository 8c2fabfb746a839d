"""Plain data passed into and out of the matching engine (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, fields
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


@dataclass(init=False)  # its own __init__: one @dataclass makes runs as interpreted Python
class Match:
    entry: EngineEntry
    matched_name: str  # the alias that produced the best score
    score: float  # 0..1
    alert: bool
    band: str  # "alert" | "review" | "below"
    explanation: dict[str, Any]

    def __init__(
        self,
        entry: EngineEntry,
        matched_name: str,
        score: float,
        alert: bool,
        band: str,
        explanation: dict[str, Any] | None = None,
    ) -> None:
        self.entry = entry
        self.matched_name = matched_name
        self.score = score
        self.alert = alert
        self.band = band
        self.explanation = {} if explanation is None else explanation

    def __reduce__(self) -> tuple[type[Match], tuple[Any, ...]]:
        return _rebuilt(self)


def _rebuilt(obj: Any) -> tuple[Any, tuple[Any, ...]]:
    """Pickle a dataclass through its constructor: compiled by mypyc, its fields cannot be set one
    by one as unpickling otherwise does."""
    return type(obj), tuple(getattr(obj, f.name) for f in fields(obj))
