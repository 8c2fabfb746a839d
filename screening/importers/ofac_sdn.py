"""Read the US OFAC SDN list in its legacy CSV form: a folder with sdn.csv, alt.csv and add.csv.

The files have no header row; "-0-" means empty; older releases end with a DOS end-of-file mark
(Ctrl-Z) and may be cp1252 rather than UTF-8. Names are kept as OFAC prints them
("NASRALLAH, Hasan" for a person); the matching engine deals with name order. source_id is
ent_num. A folder without sdn.csv or alt.csv raises ImportFormatError; add.csv is optional
(without it no countries or addresses are known).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from screening.importers import countries
from screening.importers.base import (
    ImportedEntry,
    ImportFormatError,
    ImportResult,
    Kind,
    RowProblem,
)
from screening.importers.text import clean, sort_names

EMPTY = "-0-"
SDN_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
ADD_COLUMNS = ("ent_num", "add_num", "address", "city_state", "country", "add_remarks")
_KINDS: dict[str, Kind] = {"individual": "person", "": "organisation"}


@dataclass
class _Record:
    entry: ImportedEntry
    row: int
    alt_names: list[str] = field(default_factory=list)


def parse(path: str | Path) -> ImportResult:
    """Read the SDN files in a folder (or the folder of a given sdn.csv)."""
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    if not folder.is_dir():
        raise ImportFormatError([RowProblem(None, None, f"{folder} is not a folder")])
    files = {child.name.lower(): child for child in folder.iterdir() if child.is_file()}
    missing = [name for name in ("sdn.csv", "alt.csv") if name not in files]
    if missing:
        raise ImportFormatError(
            [RowProblem(None, None, f"{name} not found in the upload") for name in missing]
        )

    problems: list[RowProblem] = []
    metadata: dict[str, object] = {}
    records: dict[str, _Record] = {}
    sdn_rows, metadata["encoding"] = _read_csv(files["sdn.csv"], len(SDN_COLUMNS), "sdn.csv")
    for row_number, values in sdn_rows:
        _read_sdn_row(row_number, values, records, problems)
    if not records:
        raise ImportFormatError([RowProblem(None, None, "sdn.csv has no entries")])

    alt_rows, _ = _read_csv(files["alt.csv"], len(ALT_COLUMNS), "alt.csv")
    for row_number, values in alt_rows:
        ent_num, name = _value(values, 0), _value(values, 3)
        record = records.get(ent_num)
        if record is None:
            problems.append(
                RowProblem(row_number, "ent_num", f"alt.csv: no SDN entry {ent_num!r} for {name!r}")
            )
        elif name:
            record.alt_names.append(name)

    if "add.csv" in files:
        add_rows, _ = _read_csv(files["add.csv"], len(ADD_COLUMNS), "add.csv")
        for row_number, values in add_rows:
            _read_address(row_number, values, records, problems)
    else:
        metadata["addresses"] = "add.csv not supplied"

    entries: list[ImportedEntry] = []
    for record in records.values():
        entry = record.entry
        entry.aliases, entry.native_names = sort_names(entry.name, record.alt_names)
        entries.append(entry)
    return ImportResult(entries=entries, problems=problems, metadata=metadata)


def decode(data: bytes) -> tuple[str, str]:
    """UTF-8 when it decodes, else cp1252 (OFAC's older files), else Latin-1 (never fails)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _read_csv(path: Path, width: int, label: str) -> tuple[list[tuple[int, list[str]]], str]:
    text, encoding = decode(path.read_bytes())
    # The Ctrl-Z end-of-file mark of DOS-era tools would otherwise read as a one-column row.
    text = text.rstrip("\x1a\r\n ")
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for values in reader:
            if not any(value.strip() for value in values):
                continue
            rows.append((reader.line_num, values))
    except csv.Error as exc:
        raise ImportFormatError(
            [RowProblem(reader.line_num, None, f"{label} cannot be read as CSV: {exc}")]
        ) from exc
    if rows and all(len(values) != width for _, values in rows[:20]):
        raise ImportFormatError(
            [
                RowProblem(
                    rows[0][0],
                    None,
                    f"{label} has {len(rows[0][1])} columns, expected {width} "
                    "(OFAC legacy CSV without a header row)",
                )
            ]
        )
    return rows, encoding


def _value(values: list[str], index: int) -> str:
    if index >= len(values):
        return ""
    value = clean(values[index])
    return "" if value == EMPTY else value


def _read_sdn_row(
    row_number: int, values: list[str], records: dict[str, _Record], problems: list[RowProblem]
) -> None:
    if len(values) != len(SDN_COLUMNS):
        problems.append(
            RowProblem(
                row_number,
                None,
                f"sdn.csv row has {len(values)} columns, expected {len(SDN_COLUMNS)}; skipped",
            )
        )
        return
    ent_num, name = _value(values, 0), _value(values, 1)
    if not ent_num.isdigit():
        problems.append(RowProblem(row_number, "ent_num", f"not an entry number: {ent_num!r}"))
        return
    if not name:
        problems.append(RowProblem(row_number, "SDN_Name", f"name is empty (ent_num {ent_num})"))
        return
    if ent_num in records:
        problems.append(
            RowProblem(row_number, "ent_num", f"{ent_num} repeats row {records[ent_num].row}")
        )
        return
    sdn_type = _value(values, 2).lower()
    attributes: dict[str, object] = {
        "programmes": [
            program.strip(" []") for program in _value(values, 3).split("] [") if program.strip()
        ],
    }
    if sdn_type:
        attributes["sdn_type"] = sdn_type
    for column, key in (
        (4, "title"),
        (5, "call_sign"),
        (6, "vessel_type"),
        (7, "tonnage"),
        (8, "gross_registered_tonnage"),
        (9, "vessel_flag"),
        (10, "vessel_owner"),
        (11, "remarks"),
    ):
        value = _value(values, column)
        if value:
            attributes[key] = value
    records[ent_num] = _Record(
        entry=ImportedEntry(
            source_id=ent_num,
            name=name,
            # Vessels and aircraft are neither people nor organisations.
            kind=_KINDS.get(sdn_type, "unknown"),
            attributes=attributes,
        ),
        row=row_number,
    )


def _read_address(
    row_number: int, values: list[str], records: dict[str, _Record], problems: list[RowProblem]
) -> None:
    ent_num = _value(values, 0)
    record = records.get(ent_num)
    if record is None:
        problems.append(RowProblem(row_number, "ent_num", f"add.csv: no SDN entry {ent_num!r}"))
        return
    entry = record.entry
    street, city, country_text = _value(values, 2), _value(values, 3), _value(values, 4)
    if not entry.address:
        entry.address = ", ".join(part for part in (street, city, country_text) if part)
    if country_text and not entry.country_text:
        # The first address with a country gives the entry's country.
        entry.country_text = country_text
        entry.country = countries.resolve(country_text)
