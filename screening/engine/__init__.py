"""Name-matching engine for export-control screening: pure Python, no Django.

`build_index(entries)` makes an Index of every alias; `Index.screen(name, country, kind)` returns
scored, explained matches; `score_pair(a, b)` scores one pair; `normalise(name)` shows the forms
the scorer compares.
"""

from __future__ import annotations

from .config import ENGINE_VERSION, EngineConfig
from .index import Index, build_index, score_pair
from .normalise import EmptyNameError, NormalisedName, Reading, Token, normalise
from .types import EngineEntry, Match

__all__ = [
    "ENGINE_VERSION",
    "EmptyNameError",
    "EngineConfig",
    "EngineEntry",
    "Index",
    "Match",
    "NormalisedName",
    "Reading",
    "Token",
    "build_index",
    "normalise",
    "score_pair",
]
