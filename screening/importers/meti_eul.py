"""Read METI's End User List (外国ユーザーリスト) from its official Excel layout or a CSV copy.

Layout: sheet 「ユーザーリスト」, one header row with bilingual headings (No. / 国名、地域名 Country or
Region / 企業名、組織名 Company or Organization / 別名 Also Known As / 懸念区分 Type of WMD, and from
the 2025-09-29 revision 通常兵器 Conventional Weapons), then one row per listed organisation.

A file that is not in this layout (not a spreadsheet or CSV, no such sheet, a required column
missing, no entries) raises ImportFormatError naming the row and column of each problem: nothing
is loaded from it. Problems with single rows (empty name, unknown WMD code, duplicate) are
reported as RowProblems and the rest of the file is read.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from screening.importers import countries
from screening.importers.base import ImportedEntry, ImportFormatError, ImportResult, RowProblem
from screening.importers.text import (
    clean,
    clean_lines,
    close_cjk_gaps,
    decode_text,
    is_native,
    name_key,
    separate_native,
    sort_names,
    trailing_parenthetical,
    unique_names,
)

SHEET_NAME = "ユーザーリスト"
CONCERN_CODES = ("B", "C", "M", "N")
_JAPANESE_CONCERNS = {"生物": "B", "化学": "C", "ミサイル": "M", "核": "N"}
_LEGAL_FORMS = frozenset(
    {"LTD", "LIMITED", "PVT", "PRIVATE", "LLC", "INC", "CO", "CORP", "JSC", "OJSC", "PJSC"}
    | {"PLC", "GMBH", "SA", "AG", "FZE", "FZC", "FZCO", "BV", "NV"}
)
# How far down to look for the header row: the official file has it on row 1, but a copy
# with a title line above it is still the same layout.
_HEADER_SEARCH_ROWS = 20


@dataclass(frozen=True)
class _Column:
    key: str
    label: str  # how problems name the column
    patterns: tuple[str, ...]  # lower-cased fragments of the heading, Japanese or English
    required: bool = True


_COLUMNS = (
    _Column("no", "No.", ("no.", "no", "番号")),
    _Column("country", "Country or Region", ("country", "国名", "地域名")),
    _Column("name", "Company or Organization", ("company", "organization", "企業名", "組織名")),
    _Column("aliases", "Also Known As", ("also known as", "別名")),
    _Column("wmd", "Type of WMD", ("type of wmd", "懸念区分")),
    _Column("cw", "Conventional Weapons", ("conventional", "通常兵器"), required=False),
)


def parse(path: str | Path) -> ImportResult:
    """Read an End User List file (.xlsx, or .csv in the same columns)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(
            [RowProblem(None, None, f"cannot read {path.name}: {exc}")]
        ) from exc
    kind = _sniff(data)
    if kind == "csv" and path.suffix.lower() in (".xlsx", ".xlsm"):
        kind = f"the file is named {path.name} but is not an Excel workbook"
    if kind == "xlsx":
        rows, metadata = _xlsx_rows(path)
    elif kind == "csv":
        rows, metadata = _csv_rows(data)
    else:
        raise ImportFormatError([RowProblem(None, None, kind)])
    return _read_rows(rows, metadata)


def _sniff(data: bytes) -> str:
    """The file's type, "xlsx" or "csv", or a message saying why it is neither."""
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"%PDF"):
        return "the file is a PDF; upload the Excel (.xlsx) or CSV version of the list"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return "the file is an old Excel .xls workbook; save it as .xlsx and upload that"
    if not data.strip():
        return "the file is empty"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "the file is not a spreadsheet or a CSV text file"
    return "csv"


def _xlsx_rows(path: Path) -> tuple[list[tuple[int, list[object]]], dict[str, object]]:
    # Deferred so that CSV-only use does not pay for importing openpyxl.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # openpyxl warns about print areas and data validation it cannot keep; irrelevant here.
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportFormatError(
            [RowProblem(None, None, f"the file is not a readable Excel workbook ({exc})")]
        ) from exc
    try:
        sheet_names = list(workbook.sheetnames)
        # A re-saved copy may have renamed the sheet; then any sheet with the header will do.
        candidates = [SHEET_NAME] if SHEET_NAME in sheet_names else sheet_names
        for sheet_name in candidates:
            sheet = workbook[sheet_name]
            sheet.reset_dimensions()  # some writers record wrong dimensions; read every row
            rows = [
                (number, list(values))
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            ]
            if _find_header(rows) is not None or sheet_name == SHEET_NAME:
                return rows, {"format": "xlsx", "sheet": sheet_name, "sheets": sheet_names}
    finally:
        workbook.close()
    raise ImportFormatError(
        [
            RowProblem(
                None,
                None,
                f"no sheet named 「{SHEET_NAME}」 and no sheet with the End User List header "
                f"(sheets: {', '.join(sheet_names)})",
            )
        ]
    )


def _csv_rows(data: bytes) -> tuple[list[tuple[int, list[object]]], dict[str, object]]:
    text, encoding = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if first_line.count("\t") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[object]]] = []
    try:
        for number, values in enumerate(reader, start=1):
            rows.append((number, list(values)))
    except csv.Error as exc:
        raise ImportFormatError(
            [RowProblem(len(rows) + 1, None, f"the CSV file cannot be read: {exc}")]
        ) from exc
    return rows, {"format": "csv", "encoding": encoding}


def _heading_key(value: object) -> str:
    return clean(value, fold_width=True).casefold()


def _match_columns(header: Sequence[object]) -> dict[str, int]:
    found: dict[str, int] = {}
    headings = [_heading_key(value) for value in header]
    for column in _COLUMNS:
        for index, heading in enumerate(headings):
            if not heading or index in found.values():
                continue
            if column.key == "no":
                # "No." must be the whole first word, not "no" inside "Also Known As".
                first = heading.split(" ")[0]
                if first in ("no.", "no", "番号", "no.番号"):
                    found[column.key] = index
                    break
            elif any(pattern in heading for pattern in column.patterns):
                found[column.key] = index
                break
    return found


def _find_header(rows: Sequence[tuple[int, list[object]]]) -> tuple[int, dict[str, int]] | None:
    """The header row's position and column map, if a row with at least the name heading exists."""
    best: tuple[int, dict[str, int]] | None = None
    for position, (_number, values) in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        found = _match_columns(values)
        if "name" in found and (best is None or len(found) > len(best[1])):
            best = (position, found)
    return best


def _read_rows(rows: list[tuple[int, list[object]]], metadata: dict[str, object]) -> ImportResult:
    header = _find_header(rows)
    if header is None:
        first_row = rows[0][0] if rows else 1
        raise ImportFormatError(
            [
                RowProblem(first_row, column.label, "required column is missing")
                for column in _COLUMNS
                if column.required
            ]
        )
    position, columns = header
    header_row = rows[position][0]
    missing = [column for column in _COLUMNS if column.required and column.key not in columns]
    if missing:
        raise ImportFormatError(
            [
                RowProblem(header_row, column.label, "required column is missing")
                for column in missing
            ]
        )
    metadata = {
        **metadata,
        "header_row": header_row,
        "has_conventional_weapons_column": "cw" in columns,
    }

    entries: list[ImportedEntry] = []
    problems: list[RowProblem] = []
    seen_numbers: dict[str, int] = {}
    seen_names: dict[tuple[str, str], int] = {}
    number_column = columns.get("no")
    for row_number, values in rows[position + 1 :]:
        # A row with nothing but its No. is empty: the formula may run past the last entry.
        if not any(clean(value) for index, value in enumerate(values) if index != number_column):
            continue
        entry = _read_row(row_number, header_row, values, columns, problems)
        if entry is None:
            continue
        if entry.source_id in seen_numbers:
            problems.append(
                RowProblem(
                    row_number,
                    "No.",
                    f"No. {entry.source_id} repeats row {seen_numbers[entry.source_id]}",
                )
            )
        seen_numbers.setdefault(entry.source_id, row_number)
        duplicate_key = (entry.country or entry.country_text, name_key(entry.name))
        if duplicate_key in seen_names:
            problems.append(
                RowProblem(
                    row_number,
                    "Company or Organization",
                    f"duplicate of row {seen_names[duplicate_key]} ({entry.name})",
                )
            )
        seen_names.setdefault(duplicate_key, row_number)
        entries.append(entry)

    if not entries:
        raise ImportFormatError([RowProblem(header_row, None, "the list has no entries")])
    return ImportResult(entries=entries, problems=problems, metadata=metadata)


def _cell(values: Sequence[object], columns: dict[str, int], key: str) -> object:
    index = columns.get(key)
    if index is None or index >= len(values):
        return None
    return values[index]


def _read_row(
    row_number: int,
    header_row: int,
    values: Sequence[object],
    columns: dict[str, int],
    problems: list[RowProblem],
) -> ImportedEntry | None:
    source_id = _list_number(_cell(values, columns, "no"), row_number, header_row)

    name, name_natives = _read_name(_cell(values, columns, "name"))
    if not name:
        problems.append(RowProblem(row_number, "Company or Organization", "name is empty"))
        return None

    aliases, alias_natives = _read_aliases(_cell(values, columns, "aliases"))
    derived: list[str] = []
    acronyms: list[str] = []
    for printed in [name, *aliases]:
        _derive_from_parenthetical(printed, derived, acronyms)

    all_aliases, native_names = sort_names(
        name, [*aliases, *derived], [*name_natives, *alias_natives]
    )
    derived_kept = [alias for alias in all_aliases if alias in derived and alias not in aliases]

    country_lines = clean_lines(_cell(values, columns, "country"), fold_width=True)
    country_text = " / ".join(country_lines)
    country = countries.resolve("\n".join(country_lines))
    if not country_lines:
        problems.append(RowProblem(row_number, "Country or Region", "country is empty"))

    concern_types = _concern_types(_cell(values, columns, "wmd"), row_number, problems)
    conventional = _conventional_weapons(_cell(values, columns, "cw"), row_number, problems)
    if not concern_types and not conventional:
        problems.append(
            RowProblem(
                row_number,
                "Type of WMD",
                "neither a WMD concern type nor the conventional weapons mark is given",
            )
        )

    attributes: dict[str, object] = {
        "concern_types": concern_types,
        "conventional_weapons": conventional,
        "row": row_number,
    }
    ja = [line for line in country_lines if is_native(line)]
    en = [line for line in country_lines if not is_native(line)]
    if ja:
        attributes["country_text_ja"] = " ".join(ja)
    if en:
        attributes["country_text_en"] = " ".join(en)
    if derived_kept:
        attributes["derived_aliases"] = derived_kept
    if acronyms:
        attributes["acronyms"] = unique_names(acronyms)

    return ImportedEntry(
        source_id=source_id,
        name=name,
        aliases=all_aliases,
        native_names=native_names,
        country=country,
        country_text=country_text,
        kind="organisation",
        attributes=attributes,
    )


def _list_number(value: object, row_number: int, header_row: int) -> str:
    """The entry's No.: the cached value when the file has one, else what =ROW()-1 gives.

    The official file computes No. with a formula; a workbook saved by a program that does not
    calculate formulas has no cached value, and read with data_only the cell is None (or the
    formula text when read without data_only).
    """
    if isinstance(value, bool):
        value = None
    if isinstance(value, int | float) and float(value).is_integer():
        return str(int(value))
    text = clean(value, fold_width=True)
    if text.isdigit():
        return str(int(text))
    return str(row_number - header_row)


def _read_name(value: object) -> tuple[str, list[str]]:
    # Continuation lines of a long English name are joined with a space; a line that is a
    # native name in brackets is separated out by separate_native().
    text = " ".join(clean_lines(value, fold_width=True))
    latin, natives = separate_native(text)
    if not latin and natives:
        # Printed only in a native script ("セソン技術貿易"): that is the name.
        return natives[0], natives[1:]
    return latin, natives


def _read_aliases(value: object) -> tuple[list[str], list[str]]:
    """Aliases, one per line starting with 「・」; other lines continue the alias above.

    A line that is only a native name in brackets ("(鴨緑江開発銀行)") belongs to the alias above
    it but is a native name in its own right.
    """
    aliases: list[str] = []
    natives: list[str] = []
    current: list[str] = []

    def finish() -> None:
        if current:
            latin, found = separate_native(" ".join(current))
            if latin:
                aliases.append(latin)
            natives.extend(found)
            current.clear()

    for line in clean_lines(value, fold_width=True):
        bullet = line.startswith(("・", "･", "•"))
        text = line.lstrip("・･• ").strip()
        if not text:
            continue
        if bullet:
            finish()
            current.append(text)
        elif is_native(text):
            latin, found = separate_native(text)
            natives.extend(found)
            if latin:
                current.append(latin)
        else:
            # A Latin line without a bullet continues the alias above (a long name wrapped
            # onto two lines), or starts the first alias when the cell has no bullets at all.
            current.append(text)
    finish()
    return aliases, [close_cjk_gaps(native) for native in natives]


def _derive_from_parenthetical(printed: str, derived: list[str], acronyms: list[str]) -> None:
    """Extra aliases from a trailing Latin parenthetical.

    "Imam Hossein University (IHU)" is kept as printed and also gives "Imam Hossein University",
    so a query without the acronym finds it. The acronym itself is not an alias (three letters
    match far too much) but is kept in attributes. A long parenthetical is an expansion
    ("ESNICO (Equipment Supplier for Nuclear Industries Corporation)") and is an alias itself;
    "(Latin: LUMIÈRE ELYSÉES)" gives the spelling after the colon.
    """
    split = trailing_parenthetical(printed)
    if split is None:
        return
    head, inner = split
    if inner.upper().rstrip(".") in _LEGAL_FORMS:
        # "(Pvt)", "(LTD)": part of the company's legal form, not a short name.
        return
    if len(head) >= 3:
        derived.append(head)
    if inner.casefold().startswith("latin:"):
        derived.append(clean(inner.split(":", 1)[1]))
    elif len(inner.split()) >= 3:
        derived.append(inner)
    elif " " not in inner and len(inner) <= 12:
        acronyms.append(inner)


def _concern_types(value: object, row_number: int, problems: list[RowProblem]) -> list[str]:
    """Concern codes from cells like 「生物、化学、ミサイル、核\\nB,C,M,N」, 「M、N」, 「Ｎ」, 「ミサイルM」."""
    text = unicodedata.normalize("NFKC", str(value)) if value is not None else ""
    if not text.strip():
        return []
    from_japanese: set[str] = set()
    rest = text
    for word, code in _JAPANESE_CONCERNS.items():
        if word in rest:
            from_japanese.add(code)
            rest = rest.replace(word, " ")
    from_codes: set[str] = set()
    unknown: list[str] = []
    for token in re.split(r"[\s,、，;/・]+", rest):
        if not token:
            continue
        if re.fullmatch(r"[A-Za-z]+", token) and all(ch in CONCERN_CODES for ch in token.upper()):
            from_codes.update(token.upper())
        else:
            unknown.append(token)
    if unknown:
        problems.append(
            RowProblem(
                row_number,
                "Type of WMD",
                f"unknown WMD concern code {', '.join(repr(t) for t in unknown)} "
                f"(expected {', '.join(CONCERN_CODES)})",
            )
        )
    if from_japanese and from_codes and from_japanese != from_codes:
        problems.append(
            RowProblem(
                row_number,
                "Type of WMD",
                f"the Japanese and English concern types disagree "
                f"({''.join(sorted(from_japanese))} vs {''.join(sorted(from_codes))}); both kept",
            )
        )
    return sorted(from_japanese | from_codes)


def _conventional_weapons(value: object, row_number: int, problems: list[RowProblem]) -> bool:
    text = clean(value, fold_width=True)
    if not text:
        return False
    upper = text.upper()
    if "CW" in upper or "通常兵器" in text or text in ("○", "〇", "◯", "●", "✓", "✔", "Y", "YES"):
        return True
    problems.append(
        RowProblem(
            row_number,
            "Conventional Weapons",
            f"unrecognised value {text!r} (expected 「通常兵器 CW」 or empty)",
        )
    )
    return False
