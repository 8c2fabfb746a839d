"""What every list importer returns: entries read from an official file plus row-level problems.

Importers are pure functions from a file to an ImportResult; they never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["person", "organisation", "unknown"]


@dataclass
class ImportedEntry:
    source_id: str  # the list's own identifier (EUL "No.", UN REFERENCE_NUMBER, OFAC ent_num, ...)
    name: str  # primary name as published (Latin script where the list has one)
    aliases: list[str] = field(default_factory=list)
    native_names: list[str] = field(default_factory=list)  # names in non-Latin scripts
    country: str | None = None  # ISO 3166-1 alpha-2 when it can be resolved
    country_text: str = ""  # the country as printed in the file
    kind: Kind = "unknown"
    address: str = ""
    # list-specific: concern_types ["N","M","B","C"], conventional_weapons bool, programme, ...
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass
class RowProblem:
    row: int | None  # 1-based row (or record) number in the file, None for file-level problems
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


@dataclass
class ImportResult:
    entries: list[ImportedEntry]
    problems: list[RowProblem] = field(default_factory=list)
    # file-level facts an importer can read (publication date in the file, sheet names, ...)
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportFormatError(Exception):
    """The file is not in the expected format at all; nothing can be read from it."""

    def __init__(self, problems: list[RowProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))
