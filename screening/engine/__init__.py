"""Name-matching engine for export-control screening: typed Python, no Django, compiled with
mypyc where built (see `compiled`).

`build_index(entries)` makes an Index of every alias; `Index.screen(name, country, kind)` returns
scored, explained matches; `score_pair(a, b)` scores one pair; `normalise(name)` shows the forms
the scorer compares.
"""

from __future__ import annotations

from . import compiled as _compiled

# ruff: noqa: E402 (which engine runs is settled before its modules are imported)
# "compiled" (mypyc) when a build of these sources is present, else which engine runs and why
ENGINE_BUILD = _compiled.activate(__path__)

from . import normalise as _normalise_module
from . import scripts as _scripts_module
from .config import ENGINE_VERSION, EngineConfig
from .index import Index, ScreeningProcesses, build_index, score_pair
from .normalise import EmptyNameError, NormalisedName, Reading, Token, normalise
from .types import EngineEntry, Match


def clear_word_caches() -> None:
    """Forget every word-level cache (spelling folds, tokens, transliterations), as in a new
    process: for benchmarks that must not reuse what an earlier run computed."""
    for module in (_normalise_module, _scripts_module):
        for value in vars(module).values():
            cache_clear = getattr(value, "cache_clear", None)
            if callable(cache_clear) and callable(getattr(value, "cache_info", None)):
                cache_clear()


__all__ = [
    "ENGINE_BUILD",
    "ENGINE_VERSION",
    "EmptyNameError",
    "EngineConfig",
    "EngineEntry",
    "Index",
    "Match",
    "NormalisedName",
    "Reading",
    "ScreeningProcesses",
    "Token",
    "build_index",
    "clear_word_caches",
    "normalise",
    "score_pair",
]
