"""Read the UN Security Council consolidated sanctions list (consolidated.xml).

INDIVIDUAL records become people (name from FIRST_NAME..FOURTH_NAME), ENTITY records
organisations; source_id is the REFERENCE_NUMBER ("QDi.001"). Problems are numbered by record:
the n-th INDIVIDUAL or ENTITY in the file, counting both.

Aliases: the UN grades individual aliases "Good" or "Low". Low-quality aliases ("Abu Ali") are
too common to screen on by default, so they go to attributes["weak_aliases"], not aliases; the
engine may still use them. Entity aliases (a.k.a. and f.k.a.) are all aliases. An alias field
that holds several names ("A; B" or "أبو شيماء (Abu-Shaima; Abu- Shayma)") is split.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as DefusedET
from defusedxml import DefusedXmlException

from screening.importers import countries
from screening.importers.base import (
    ImportedEntry,
    ImportFormatError,
    ImportResult,
    Kind,
    RowProblem,
)
from screening.importers.text import (
    clean,
    is_native,
    join_segments,
    sort_names,
    split_brackets,
    strip_quotes,
    unique_names,
)

_NAME_PARTS = ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
_ORIGINAL_SCRIPT_NOTE = re.compile(r"\(\s*original script\s*\)", re.IGNORECASE)
# "Mohammed Sabet; Mohammad Sabet b) M. Javad Kareemi Sabet": an enumerator inside an alias.
_ENUMERATOR = re.compile(r"\s+[a-z]\)\s+")
_SUB_UNIT_NOTE = re.compile(r"\s*-\s*sub-unit name\s*$", re.IGNORECASE)


def parse(path: str | Path) -> ImportResult:
    path = Path(path)
    try:
        tree = DefusedET.parse(str(path))
    except (ParseError, DefusedXmlException, OSError) as exc:
        raise ImportFormatError(
            [RowProblem(None, None, f"the file is not a readable UN consolidated list XML ({exc})")]
        ) from exc
    root = tree.getroot()
    if root.tag != "CONSOLIDATED_LIST":
        raise ImportFormatError(
            [
                RowProblem(
                    None,
                    None,
                    f"the XML root is <{root.tag}>, expected <CONSOLIDATED_LIST> "
                    "(the UN Security Council consolidated list)",
                )
            ]
        )

    entries: list[ImportedEntry] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    record = 0
    counts = {"individuals": 0, "entities": 0}
    sections: tuple[tuple[str, str, Kind], ...] = (
        ("INDIVIDUALS", "INDIVIDUAL", "person"),
        ("ENTITIES", "ENTITY", "organisation"),
    )
    for section, tag, kind in sections:
        for element in root.iterfind(f"{section}/{tag}"):
            record += 1
            entry = _read_record(element, record, kind, problems)
            if entry is None:
                continue
            if entry.source_id in seen:
                problems.append(
                    RowProblem(
                        record,
                        "REFERENCE_NUMBER",
                        f"{entry.source_id} repeats record {seen[entry.source_id]}",
                    )
                )
            seen.setdefault(entry.source_id, record)
            counts["individuals" if kind == "person" else "entities"] += 1
            entries.append(entry)

    if record == 0:
        raise ImportFormatError(
            [RowProblem(None, None, "the file has no INDIVIDUAL or ENTITY records")]
        )
    metadata: dict[str, object] = {"date_generated": root.get("dateGenerated", ""), **counts}
    return ImportResult(entries=entries, problems=problems, metadata=metadata)


def _text(element: Element, path: str) -> str:
    return clean(element.findtext(path))


def _texts(element: Element, path: str) -> list[str]:
    return [value for value in (clean(item.text) for item in element.iterfind(path)) if value]


def _read_record(
    element: Element, record: int, kind: Kind, problems: list[RowProblem]
) -> ImportedEntry | None:
    reference = _text(element, "REFERENCE_NUMBER")
    if kind == "person":
        name = clean(" ".join(_text(element, part) for part in _NAME_PARTS))
        alias_tag, address_tag = "INDIVIDUAL_ALIAS", "INDIVIDUAL_ADDRESS"
    else:
        name = _text(element, "FIRST_NAME")
        alias_tag, address_tag = "ENTITY_ALIAS", "ENTITY_ADDRESS"
    if not name:
        problems.append(
            RowProblem(record, "FIRST_NAME", f"name is empty ({reference or 'no reference'})")
        )
        return None
    if not reference:
        data_id = _text(element, "DATAID")
        problems.append(
            RowProblem(record, "REFERENCE_NUMBER", f"no reference number for {name}; DATAID used")
        )
        reference = f"DATAID:{data_id or record}"

    strong: list[str] = []
    weak: list[str] = []
    for alias in element.iterfind(alias_tag):
        names = split_alias(_text(alias, "ALIAS_NAME"))
        if _text(alias, "QUALITY").casefold() == "low":
            weak.extend(names)
        else:
            strong.extend(names)
    # NAME_ORIGINAL_SCRIPT is sorted by script like any alias: a few records repeat a Latin
    # spelling there.
    original = split_alias(_text(element, "NAME_ORIGINAL_SCRIPT"))
    aliases, native_names = sort_names(name, [*strong, *original])
    weak_aliases = unique_names(weak, exclude=[name, *aliases, *native_names])

    nationalities = _texts(element, "NATIONALITY/VALUE")
    address_countries = [
        text for text in (_text(a, "COUNTRY") for a in element.iterfind(address_tag)) if text
    ]
    country, country_text = None, ""
    # A person's nationality says more than where they were last seen; entities have only
    # addresses. The first printed country that resolves wins.
    for text in [*nationalities, *address_countries]:
        code = countries.resolve(text)
        if code:
            country, country_text = code, text
            break
    if not country_text and (nationalities or address_countries):
        country_text = (nationalities or address_countries)[0]

    attributes: dict[str, object] = {
        "un_list_type": _text(element, "UN_LIST_TYPE"),
        "listed_on": _text(element, "LISTED_ON"),
        "data_id": _text(element, "DATAID"),
    }
    optional: dict[str, list[str]] = {
        "weak_aliases": weak_aliases,
        "nationalities": nationalities,
        "titles": _texts(element, "TITLE/VALUE"),
        "designations": _texts(element, "DESIGNATION/VALUE"),
        "dates_of_birth": _dates_of_birth(element),
    }
    attributes.update({key: value for key, value in optional.items() if value})

    return ImportedEntry(
        source_id=reference,
        name=name,
        aliases=aliases,
        native_names=native_names,
        country=country,
        country_text=country_text,
        kind=kind,
        address=_first_address(element, address_tag),
        attributes=attributes,
    )


def split_alias(text: str) -> list[str]:
    """The names in one UN alias field.

    "A; B" holds two names, and "ORIGINAL (Latin 1; Latin 2)" an original-script name followed by
    its transliterations; "(original script)" markers and "b)" enumerators are dropped.
    """
    text = clean(text)
    if not text:
        return []
    parts = split_brackets(text)
    if len(parts) >= 2 and parts[-1][1] and ";" in parts[-1][0]:
        pieces = [join_segments(parts[:-1]), *parts[-1][0].split(";")]
    else:
        pieces = text.split(";")
    names: list[str] = []
    for piece in pieces:
        piece = _ORIGINAL_SCRIPT_NOTE.sub(" ", piece)
        for name in _ENUMERATOR.split(f" {piece} "):
            names.extend(_split_translation(strip_quotes(clean(name).strip(" ,"))))
    return [name for name in names if name]


def _split_translation(name: str) -> list[str]:
    """An original-script alias followed by its translation in brackets gives both names:
    "شبكة أنصار المجاهدين (Ansar al-Mujahideen Network - sub-unit name)"."""
    if not is_native(name):
        return [name]
    native: list[tuple[str, bool]] = []
    latin: list[str] = []
    for segment, bracketed in split_brackets(name):
        if bracketed and not is_native(segment):
            latin.append(clean(_SUB_UNIT_NOTE.sub("", segment)))
        else:
            native.append((segment, bracketed))
    return [join_segments(native), *latin]


def _dates_of_birth(element: Element) -> list[str]:
    dates: list[str] = []
    for item in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        date = _text(item, "DATE") or _text(item, "YEAR")
        if not date:
            start, end = _text(item, "FROM_YEAR"), _text(item, "TO_YEAR")
            date = f"{start}-{end}" if start and end else start or end
        if date:
            qualifier = _text(item, "TYPE_OF_DATE")
            dates.append(f"{date} ({qualifier.lower()})" if qualifier else date)
    return dates


def _first_address(element: Element, tag: str) -> str:
    for item in element.iterfind(tag):
        parts = [
            _text(item, field)
            for field in ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
        ]
        address = ", ".join(part for part in parts if part)
        if address:
            return address
    return ""
