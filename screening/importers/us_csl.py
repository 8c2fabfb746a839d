"""Read the US Consolidated Screening List (consolidated.csv from trade.gov).

One row per listing: the same party on two US lists (SDN and SSI, say) is two rows, and both are
kept. source_id is the row's `_id`; where `_id` repeats (a party on several lists shares its SDN
entity number) the list's abbreviation is appended ("18725:SSI") so every entry has its own id.
A CSV without the required columns raises ImportFormatError.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

from screening.importers import countries
from screening.importers.base import (
    ImportedEntry,
    ImportFormatError,
    ImportResult,
    Kind,
    RowProblem,
)
from screening.importers.text import clean, decode_text, name_key, sort_names, strip_quotes

REQUIRED_COLUMNS = ("_id", "source", "type", "name", "alt_names")
_KINDS: dict[str, Kind] = {"individual": "person", "entity": "organisation"}
# Entity List alt_names read "X; and Y": the "and" belongs to the sentence, not the name.
_LEADING_AND = re.compile(r"^and\s+", re.IGNORECASE)
_SOURCE_ABBREVIATION = re.compile(r"\(([A-Za-z][A-Za-z -]*)\)")


def parse(path: str | Path) -> ImportResult:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(
            [RowProblem(None, None, f"cannot read {path.name}: {exc}")]
        ) from exc
    if data.startswith((b"PK\x03\x04", b"%PDF")) or b"\x00" in data[:4096]:
        raise ImportFormatError([RowProblem(None, None, "the file is not a CSV text file")])
    text, encoding = decode_text(data)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [clean(name) for name in reader.fieldnames or []]
    reader.fieldnames = header
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise ImportFormatError(
            [RowProblem(1, column, "required column is missing") for column in missing]
        )

    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for row in reader:
            rows.append((reader.line_num, {key: value or "" for key, value in row.items() if key}))
    except csv.Error as exc:
        raise ImportFormatError(
            [RowProblem(reader.line_num, None, f"the CSV file cannot be read: {exc}")]
        ) from exc
    if not rows:
        raise ImportFormatError([RowProblem(1, None, "the list has no entries")])

    id_counts = Counter(clean(row.get("_id")) for _, row in rows)
    entries: list[ImportedEntry] = []
    problems: list[RowProblem] = []
    seen_ids: dict[str, int] = {}
    for line, row in rows:
        entry = _read_row(line, row, problems)
        if entry is None:
            continue
        if id_counts[entry.source_id] > 1:
            entry.source_id = f"{entry.source_id}:{_abbreviation(entry.attributes['source_list'])}"
        if entry.source_id in seen_ids:
            # The same listing printed twice on the same list; kept, but it needs its own id.
            problems.append(
                RowProblem(
                    line,
                    "_id",
                    f"{entry.source_id} repeats line {seen_ids[entry.source_id]} on the same list",
                )
            )
            entry.source_id = f"{entry.source_id}:line{line}"
        seen_ids.setdefault(entry.source_id, line)
        entries.append(entry)
    return ImportResult(
        entries=entries,
        problems=problems,
        metadata={"encoding": encoding, "columns": header},
    )


def _abbreviation(source: object) -> str:
    """ "SSI" from "Sectoral Sanctions Identifications List (SSI) - Treasury Department"."""
    match = _SOURCE_ABBREVIATION.search(str(source))
    return match.group(1).replace(" ", "") if match else clean(source)[:20]


def _split(value: str) -> list[str]:
    return [clean(part) for part in value.split(";") if clean(part)]


def _read_row(line: int, row: dict[str, str], problems: list[RowProblem]) -> ImportedEntry | None:
    source_id = clean(row.get("_id"))
    name = clean(row.get("name"))
    if not name:
        problems.append(RowProblem(line, "name", f"name is empty (_id {source_id or '?'})"))
        return None
    if not source_id:
        problems.append(RowProblem(line, "_id", f"no _id for {name}; line number used"))
        source_id = f"line{line}"

    alt_names = [
        strip_quotes(_LEADING_AND.sub("", alt)) for alt in _split(row.get("alt_names", ""))
    ]
    aliases, native_names = sort_names(name, [alt for alt in alt_names if name_key(alt)])

    addresses = _split(row.get("addresses", ""))
    country, country_text = None, ""
    # A person's nationality or citizenship says more than an address; entities have only
    # addresses. The CSL prints alpha-2 codes in all three fields.
    candidates = [
        *_split(row.get("nationalities", "").replace(",", ";")),
        *_split(row.get("citizenships", "").replace(",", ";")),
    ]
    for text in candidates:
        code = countries.resolve(text)
        if code:
            country, country_text = code, text
            break
    if country is None:
        for address in addresses:
            code = countries.resolve_address(address)
            if code:
                last = address.rsplit(",", 1)[-1].strip()
                # "RU" as printed; not "90210" when a US ZIP code gave the country.
                country, country_text = code, last if any(ch.isalpha() for ch in last) else ""
                break

    attributes: dict[str, object] = {"source_list": clean(row.get("source"))}
    programs = _split(row.get("programs", ""))
    if programs:
        attributes["programmes"] = programs
    for column in (
        "entity_number",
        "title",
        "remarks",
        "federal_register_notice",
        "start_date",
        "end_date",
        "license_requirement",
        "license_policy",
        "dates_of_birth",
        "places_of_birth",
        "vessel_flag",
        "source_list_url",
    ):
        value = clean(row.get(column))
        if value:
            attributes[column] = value

    return ImportedEntry(
        source_id=source_id,
        name=name,
        aliases=aliases,
        native_names=native_names,
        country=country,
        country_text=country_text,
        kind=_KINDS.get(clean(row.get("type")).lower(), "unknown"),
        address=addresses[0] if addresses else "",
        attributes=attributes,
    )
