"""Load the real lists through the project's importers and convert them for the engine."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from screening.engine import EngineEntry

# (source code, path under data/lists, importer module) - the newest revision of each list
REAL_LISTS: tuple[tuple[str, str, str], ...] = (
    ("meti-eul", "meti-eul/2025-09-29/20250929_4.xlsx", "meti_eul"),
    ("un", "un/2026-02-27/consolidated.xml", "un"),
    ("ofac-sdn", "ofac-sdn/2021-07", "ofac_sdn"),
    ("mof", "mof/2026-03-05/shisantouketsu20260305.xlsx", "mof"),
    ("us-csl", "us-csl/2022-05/consolidated.csv", "us_csl"),
)


def data_dir() -> Path:
    default = Path(__file__).resolve().parents[2].parent / "shared" / "data"
    return Path(os.environ.get("SCREENING_DATA", default))


def _parser(source: str, module: str) -> Callable[[Path], Any]:
    """The importer registry when it exists, else the importer module's own parse()."""
    try:
        registry = importlib.import_module("screening.importers")
        parse = getattr(registry, "parse", None)
        if callable(parse):
            return lambda path: parse(source, path)
    except ImportError:
        pass
    mod = importlib.import_module(f"screening.importers.{module}")
    return mod.parse  # type: ignore[no-any-return]


def to_engine_entry(imported: Any, list_code: str, key: int, list_version: str) -> EngineEntry:
    """ImportedEntry -> EngineEntry (the engine never sees importer classes)."""
    kind = imported.kind if imported.kind in ("person", "organisation") else None
    return EngineEntry(
        key=key,
        list_code=list_code,
        source_id=str(imported.source_id),
        name=imported.name,
        aliases=tuple(a for a in imported.aliases if a),
        native_names=tuple(n for n in imported.native_names if n),
        country=imported.country,
        kind=kind,
        list_version=list_version,
    )


def load_real_lists(base: Path | None = None) -> tuple[list[EngineEntry], list[str]]:
    """All real lists as engine entries, plus notes on any list that could not be loaded."""
    base = base or data_dir()
    entries: list[EngineEntry] = []
    notes: list[str] = []
    for source, rel, module in REAL_LISTS:
        path = base / "lists" / rel
        if not path.exists():
            notes.append(f"{source}: {path} absent")
            continue
        try:
            result = _parser(source, module)(path)
        except Exception as exc:  # a broken importer must not stop the other figures
            notes.append(f"{source}: importer failed: {type(exc).__name__}: {exc}")
            continue
        version = rel.split("/")[1]
        for imp in result.entries:
            entries.append(to_engine_entry(imp, source, len(entries) + 1, f"{source}@{version}"))
        notes.append(f"{source}: {len(result.entries)} entries")
    return entries, notes
