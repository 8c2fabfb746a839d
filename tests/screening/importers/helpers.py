"""Shared helpers for the importer tests: cached parses of the real lists."""

from __future__ import annotations

from functools import cache

from screening import importers
from screening.importers.base import ImportedEntry, ImportResult


@cache
def parse_cached(source: str, path: str) -> ImportResult:
    """Parse each real list once per test run; the MOF workbook alone takes seconds."""
    return importers.parse(source, path)


def by_name(result: ImportResult, name: str) -> ImportedEntry:
    matches = [entry for entry in result.entries if entry.name == name]
    assert len(matches) == 1, f"{len(matches)} entries named {name!r}"
    return matches[0]


def by_id(result: ImportResult, source_id: str) -> ImportedEntry:
    matches = [entry for entry in result.entries if entry.source_id == source_id]
    assert len(matches) == 1, f"{len(matches)} entries with source_id {source_id!r}"
    return matches[0]
