"""Read Japan's MOF asset-freeze list (財務省「経済制裁措置及び対象者リスト」, shisantouketsu*.xlsx).

The workbook has an index sheet 「一覧」 and one sheet per sanctions programme. Each programme
sheet has a title block, then a header row (告示日付 / 告示番号 / 日本語表記 / 英語表記 / 別名 ...;
the other headings differ from sheet to sheet), then one row per designation. Rows whose notice
date says 削除 are designations that were lifted: they have a number but no name and are counted
in metadata, not read. A row with neither number nor name continues the row above (long notes
are split across rows) and is added to that entry's other_information. Sheets marked 【解除】
(programmes that ended) have no header and no entries.

source_id is f"{sheet name}:{row}", attributes["programme"] the sheet name (both with the stray
trailing spaces of some sheet names removed). A workbook with no sheet in this layout raises
ImportFormatError.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

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
    clean_lines,
    close_cjk_gaps,
    has_latin,
    is_native,
    join_segments,
    sort_names,
    split_brackets,
    strip_quotes,
    unique_names,
)

if TYPE_CHECKING:
    from openpyxl import Workbook

INDEX_SHEET = "一覧"
_HEADER_SEARCH_ROWS = 15
_UNKNOWN = frozenset({"不明", "なし", "無し", "該当なし", "-", "－", "―", "ー", "n/a", "unknown"})
# Headings of columns that only people have; a value in one marks the row as a person.
_PERSON_HEADINGS = ("生年月日", "出生地", "国籍", "旅券番号", "称号", "性別", "身分登録番号")


@dataclass
class _Columns:
    number: int
    date: int | None
    name_ja: int | None
    name_en: int | None
    aliases: list[int]
    weak_aliases: list[int]
    nationality: int | None
    addresses: list[int]
    birth: int | None
    un_reference: int | None
    other: list[int]
    person: list[int]
    headings: list[str]


def parse(path: str | Path) -> ImportResult:
    path = Path(path)
    # Deferred so that importing the registry does not pay for openpyxl.
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            # The MOF file has a print area openpyxl cannot keep; irrelevant for reading.
            warnings.simplefilter("ignore")
            workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise ImportFormatError(
            [RowProblem(None, None, f"the file is not a readable Excel workbook ({exc})")]
        ) from exc

    entries: list[ImportedEntry] = []
    problems: list[RowProblem] = []
    sheets: list[dict[str, object]] = []
    try:
        index_titles = _index_titles(workbook)
        for sheet in workbook.worksheets:
            sheet.reset_dimensions()  # some writers record wrong dimensions; read every row
            rows = [list(values) for values in sheet.iter_rows(values_only=True)]
            title = clean(sheet.title)
            summary = _read_sheet(title, rows, index_titles, entries, problems)
            sheets.append(summary)
    finally:
        workbook.close()

    if not entries:
        raise ImportFormatError(
            [
                RowProblem(
                    None,
                    None,
                    "no sheet has the MOF asset-freeze header (告示番号, 日本語表記, 英語表記)",
                )
            ]
        )
    metadata: dict[str, object] = {
        "sheets": sheets,
        "programmes": sum(1 for sheet in sheets if sheet["status"] == "read"),
        "lifted_designations": sum(int(str(sheet.get("lifted", 0))) for sheet in sheets),
    }
    return ImportResult(entries=entries, problems=problems, metadata=metadata)


def _index_titles(workbook: Workbook) -> dict[str, str]:
    """Programme number ("28") to its full title, from the index sheet 「一覧」."""
    titles: dict[str, str] = {}
    if INDEX_SHEET not in workbook.sheetnames:
        return titles
    for values in workbook[INDEX_SHEET].iter_rows(values_only=True):
        cells = [value for value in values if value is not None and clean(value)]
        if len(cells) >= 2 and clean(cells[0]).isdigit():
            titles[clean(cells[0])] = clean(cells[1])
    return titles


def _heading(value: object) -> str:
    return clean(value, fold_width=True)


def _find_columns(rows: Sequence[Sequence[object]]) -> tuple[int, _Columns] | None:
    for position, values in enumerate(rows[:_HEADER_SEARCH_ROWS]):
        headings = [_heading(value) for value in values]
        if "日本語表記" not in headings and "英語表記" not in headings:
            continue

        def first(*names: str, _headings: list[str] = headings) -> int | None:
            for index, heading in enumerate(_headings):
                if any(name in heading for name in names):
                    return index
            return None

        number = first("告示番号")
        if number is None:
            continue
        aliases: list[int] = []
        weak: list[int] = []
        addresses: list[int] = []
        other: list[int] = []
        person: list[int] = []
        for index, heading in enumerate(headings):
            if "確定に十分でない" in heading:
                # The UN's "low quality" aliases, in Japanese.
                weak.append(index)
            elif re.search("別名|別称|旧称|呼称", heading):
                aliases.append(index)
            elif re.search("住所|所在地|活動地域", heading):
                addresses.append(index)
            elif heading in ("その他の情報", "詳細"):
                other.append(index)
            if any(name in heading for name in _PERSON_HEADINGS):
                person.append(index)
        columns = _Columns(
            number=number,
            date=first("告示日付"),
            name_ja=first("日本語表記"),
            name_en=first("英語表記"),
            aliases=aliases,
            weak_aliases=weak,
            nationality=first("国籍"),
            addresses=addresses,
            birth=first("生年月日"),
            un_reference=first("国連参照番号"),
            other=other,
            person=person,
            headings=headings,
        )
        return position, columns
    return None


def _sheet_kind(title: str, index_titles: dict[str, str]) -> Kind | None:
    """Person or organisation when the sheet says so ("(個人)", "(団体)", "(特定銀行)").

    The last of 個人 / 団体 / 銀行 / グループ in the sheet name, else in its index title, decides:
    "ロシア連邦の団体及び個人（個人）" is people. "個人及び団体" or "個人又は団体" alone is a mixed sheet.
    """
    for text in (title, _programme_title(title, index_titles)):
        text = re.sub("個人(?:及び|又は|と|、)団体|団体(?:及び|又は|と|、)個人", "", text)
        keywords = re.findall("個人|団体|銀行|グループ", text)
        if keywords:
            return "person" if keywords[-1] == "個人" else "organisation"
    return None


def _programme_title(title: str, index_titles: dict[str, str]) -> str:
    match = re.match(r"(\d+)\.", title)
    return index_titles.get(match.group(1), "") if match else ""


def _read_sheet(
    title: str,
    rows: list[list[object]],
    index_titles: dict[str, str],
    entries: list[ImportedEntry],
    problems: list[RowProblem],
) -> dict[str, object]:
    found = _find_columns(rows)
    if found is None:
        text = " ".join(clean(value) for values in rows for value in values if value is not None)
        if title == INDEX_SHEET:
            return {"sheet": title, "status": "index"}
        if "解除" in title or "告示廃止" in text:
            # A programme that has ended: only a title and the date its notice was withdrawn.
            return {"sheet": title, "status": "lifted programme", "note": text[:200]}
        if not text:
            return {"sheet": title, "status": "empty"}
        problems.append(
            RowProblem(
                None,
                "日本語表記",
                f"sheet 「{title}」: no header row with 告示番号, 日本語表記 and 英語表記; "
                "sheet not read",
            )
        )
        return {"sheet": title, "status": "not read"}

    position, columns = found
    header_row = position + 1
    sheet_kind = _sheet_kind(title, index_titles)
    programme_title = _programme_title(title, index_titles)
    read = lifted = 0
    previous: ImportedEntry | None = None
    for offset, values in enumerate(rows[position + 1 :]):
        row_number = header_row + 1 + offset
        cells = [clean(value) for value in values]
        if not any(cells):
            continue
        number = _get(cells, columns.number)
        name_ja = _get(cells, columns.name_ja)
        name_en = _get(cells, columns.name_en)
        date = _get(cells, columns.date)
        if not name_ja and not name_en:
            if number and "削除" in date:
                lifted += 1
            elif number or date:
                problems.append(
                    RowProblem(
                        row_number,
                        "日本語表記",
                        f"sheet 「{title}」: notice {number or date} has no name; row not read",
                    )
                )
            elif previous is not None:
                # Text that did not fit in the row above continues on its own row.
                notes = [cell for cell in cells if cell]
                existing = str(previous.attributes.get("other_information", ""))
                previous.attributes["other_information"] = "\n".join([existing, *notes]).strip()
            else:
                problems.append(
                    RowProblem(
                        row_number,
                        None,
                        f"sheet 「{title}」: text below the header that belongs to no entry",
                    )
                )
            continue

        entry = _read_row(title, programme_title, row_number, values, columns, sheet_kind)
        if not name_en:
            problems.append(
                RowProblem(
                    row_number,
                    "英語表記",
                    f"sheet 「{title}」: no English name for {name_ja}; read with the Japanese "
                    "name, and any Latin text in the alias column as aliases",
                )
            )
        if not number:
            problems.append(
                RowProblem(row_number, "告示番号", f"sheet 「{title}」: no notice number")
            )
        entries.append(entry)
        previous = entry
        read += 1
    return {
        "sheet": title,
        "status": "read",
        "header_row": header_row,
        "entries": read,
        "lifted": lifted,
    }


def _get(cells: Sequence[str], index: int | None) -> str:
    if index is None or index >= len(cells):
        return ""
    return cells[index]


def _raw(values: Sequence[object], index: int | None) -> object:
    if index is None or index >= len(values):
        return None
    return values[index]


def _known(text: str) -> bool:
    return bool(text) and text.casefold() not in _UNKNOWN


def _read_row(
    title: str,
    programme_title: str,
    row_number: int,
    values: Sequence[object],
    columns: _Columns,
    sheet_kind: Kind | None,
) -> ImportedEntry:
    name_en, en_natives = read_english_name(_raw(values, columns.name_en))
    name_ja = close_cjk_gaps(clean(_raw(values, columns.name_ja), fold_width=True))
    name = name_en or name_ja

    candidates: list[str] = []
    for index in columns.aliases:
        candidates.extend(split_alias_cell(_raw(values, index)))
    aliases, native_names = sort_names(name, candidates, [name_ja, *en_natives])
    weak: list[str] = []
    for index in columns.weak_aliases:
        weak.extend(split_alias_cell(_raw(values, index)))
    weak_aliases = unique_names(weak, exclude=[name, *aliases, *native_names])

    nationality = clean(_raw(values, columns.nationality), fold_width=True)
    country = countries.resolve(nationality) if _known(nationality) else None
    address = ""
    for index in columns.addresses:
        text = clean(_raw(values, index), fold_width=True)
        if _known(text):
            address = text
            break
    if country is None and address:
        country = countries.resolve_address(address)

    kind: Kind = sheet_kind or _row_kind(values, columns)

    attributes: dict[str, object] = {
        "programme": title,
        "notice_number": clean(_raw(values, columns.number), fold_width=True),
        "notice_dates": clean_lines(_raw(values, columns.date)),
        "row": row_number,
    }
    if programme_title:
        attributes["programme_title"] = programme_title
    if name_ja:
        attributes["name_ja"] = name_ja
    if weak_aliases:
        attributes["weak_aliases"] = weak_aliases
    if _known(nationality):
        attributes["nationality"] = nationality
    birth = _raw(values, columns.birth)
    if birth is not None and _known(clean(birth)):
        attributes["date_of_birth"] = _date_text(birth)
    un_reference = clean(_raw(values, columns.un_reference))
    if un_reference:
        attributes["un_reference"] = un_reference
    other = "\n".join(clean(_raw(values, index)) for index in columns.other if _raw(values, index))
    if other:
        attributes["other_information"] = other

    return ImportedEntry(
        source_id=f"{title}:{row_number}",
        name=name,
        aliases=aliases,
        native_names=native_names,
        country=country,
        country_text=nationality if _known(nationality) else "",
        kind=kind,
        address=address,
        attributes=attributes,
    )


def _row_kind(values: Sequence[object], columns: _Columns) -> Kind:
    # A UN reference says which: "QDi.123" is an individual, "QDe.004" an entity.
    reference = re.match(r"[A-Z]{2}([ie])\.\d", clean(_raw(values, columns.un_reference)))
    if reference:
        return "person" if reference.group(1) == "i" else "organisation"
    if not columns.person:
        return "organisation"
    if any(_known(clean(_raw(values, index))) for index in columns.person):
        return "person"
    # A mixed sheet (individuals and groups) and nothing personal is known about this row.
    return "unknown"


def _date_text(value: object) -> str:
    """Dates of birth as printed; Excel dates as ISO. Some cells hold bare Excel serial numbers."""
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1800 <= value <= 2100:
            return str(int(value))  # a bare year of birth
        if 3000 < value < 80000:
            from openpyxl.utils.datetime import from_excel

            return str(from_excel(value).date().isoformat())
    return clean(value)


# --- names ---------------------------------------------------------------------------------

_ORIGINAL_SCRIPT = re.compile(r"^\s*original\s+script\s*:?\s*", re.IGNORECASE)
# Bracketed notes inside name and alias cells: "（以前のリスト記載ぶり）", "(formerly listed as)",
# "（1970年7月14日チュニジア国チュニスにて出生）", "（ティグリニャ語）", "（リビア旅券番号：215215）".
_ANNOTATION = re.compile(
    r"以前|記載|掲載|出生|生まれ|旅券|番号|時点|推定|語$|formerly|previously|listed|born|passport",
    re.IGNORECASE,
)
_AKA = re.compile(r"\b[afn]\.k\.a\.?\s*:?", re.IGNORECASE)
# "(a)" to "(z)", then "(aa)" in the longest lists.
_ENUMERATOR = re.compile(r"\(\s*[a-z]{1,2}\s*\)")
_JAPANESE_MARKER = re.compile(
    r"\((?:別称|旧称|別名)\d*\)|(?:別称|旧称|別名)\d*[、:]|^(?:別称|旧称|別名)$"
)
_BORN = re.compile(r",?\s*\bborn\b.*$", re.IGNORECASE)
_EDGE_PUNCTUATION = " ,、。・:;"


def read_english_name(value: object) -> tuple[str, list[str]]:
    """The 英語表記 cell: ("MOHAMMED OMAR GHULAM NABI", ["محمد عمر غلام نبی"]) for a cell that adds
    "(original script: محمد عمر غلام نبی)". Latin brackets ("YANUKOVYCH(YANUKOVICH)") stay."""
    text = " ".join(clean_lines(value, fold_width=True))
    natives: list[str] = []
    kept: list[tuple[str, bool]] = []
    for segment, bracketed in split_brackets(text):
        if bracketed and _ORIGINAL_SCRIPT.match(segment):
            natives.append(clean(_ORIGINAL_SCRIPT.sub("", segment)))
        elif bracketed and is_native(segment):
            if not _ANNOTATION.search(segment):
                natives.append(close_cjk_gaps(clean(segment)))
        else:
            kept.append((segment, bracketed))
    name = join_segments(kept)
    # "(original script：不明)": the original script is unknown.
    natives = [native for native in natives if _known(native)]
    if name and is_native(name):
        return "", [name, *natives]
    return name, natives


def split_alias_cell(value: object) -> list[str]:
    """The names in a MOF alias cell, Japanese and Latin.

    The cells list names in several ways: "(a)X(b)Y", "X、Y" (with the English line below as
    "X', Y'"), "X; Y", "（別称、X、Y）\\n(a.k.a. X'; a.k.a. Y')"; a Japanese name may carry its
    Latin form in brackets ("フランク・カコレレ（FRANK KAKORERE）"). "不明" (unknown) gives nothing.
    """
    if value is None:
        return []
    text = unicodedata.normalize("NFKC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        return []
    enumerated = bool(_ENUMERATOR.search(text))
    text = _AKA.sub("\n", text)
    text = _JAPANESE_MARKER.sub("\n", text)
    if enumerated:
        text = _ENUMERATOR.sub("\n", text)
    pieces = [_balance(piece) for line in text.split("\n") for piece in re.split(r"[;；]", line)]
    if not enumerated and not any(_surname_first(piece) for piece in pieces):
        # Without (a), (b) markers the Japanese line separates names with 「、」 and the English
        # line with commas; commas are split only when their count mirrors the Japanese line,
        # because "SURNAME, Given" also has a comma.
        japanese_counts = [len(p.split("、")) for p in pieces if is_native(p) and "、" in p]
        expected = max(japanese_counts, default=1)
        split: list[str] = []
        for piece in pieces:
            if is_native(piece):
                split.extend(piece.split("、"))
            elif expected > 1 and _bare_commas(piece) == expected - 1:
                split.extend(_split_bare_commas(piece))
            else:
                split.append(piece)
        pieces = split
    names: list[str] = []
    for piece in pieces:
        names.extend(_clean_alias(piece))
    return unique_names(names)


def _surname_first(text: str) -> bool:
    """ "ISSA, Marwan": a surname in capitals, a comma, given names. Its Japanese line
    ("イーサー、マルワン") uses 「、」 the same way, so neither line is a list to split."""
    head, _, rest = text.partition(",")
    letters = [ch for ch in head if ch.isalpha()]
    return bool(rest) and bool(letters) and head.isupper() and any(ch.islower() for ch in rest)


def _bare_commas(text: str) -> int:
    """Commas outside brackets."""
    return sum(segment.count(",") for segment, bracketed in split_brackets(text) if not bracketed)


def _split_bare_commas(text: str) -> list[str]:
    parts: list[str] = []
    current = ""
    for segment, bracketed in split_brackets(text):
        if bracketed:
            current += f"({segment})"
            continue
        pieces = segment.split(",")
        current += pieces[0]
        for piece in pieces[1:]:
            parts.append(current)
            current = piece
    parts.append(current)
    return parts


def _balance(text: str) -> str:
    """Drop the half of a bracket pair that splitting cut off: "(Ahmed Garbaya" -> "Ahmed Garbaya"."""
    text = text.strip()
    while text.endswith("(") or text.startswith(")"):
        text = text.strip("()").strip()
    while text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].strip()
    while text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].strip()
    if text.startswith("(") and text.endswith(")") and len(split_brackets(text)) == 1:
        text = text[1:-1].strip()
    return text


def _clean_alias(piece: str) -> list[str]:
    piece = _balance(clean(piece).strip(_EDGE_PUNCTUATION))
    if not piece:
        return []
    main: list[tuple[str, bool]] = []
    extra: list[str] = []
    native_piece = is_native(piece)
    for segment, bracketed in split_brackets(piece):
        if not bracketed:
            main.append((segment, False))
        elif _ORIGINAL_SCRIPT.match(segment):
            extra.append(_ORIGINAL_SCRIPT.sub("", segment))
        elif _ANNOTATION.search(segment):
            continue
        elif native_piece and has_latin(segment) and not is_native(segment):
            # "フランク・カコレレ（FRANK KAKORERE）": the Latin spelling is a name of its own.
            extra.append(segment.replace("、", ","))
        elif not native_piece and is_native(segment):
            extra.append(segment)
        else:
            main.append((segment, True))
    names = [join_segments(main), *extra]
    result: list[str] = []
    for name in names:
        name = _BORN.sub("", name)
        name = strip_quotes(_balance(clean(name).strip(_EDGE_PUNCTUATION)))
        name = close_cjk_gaps(name)
        if not name or name.casefold() in _UNKNOWN or not any(ch.isalpha() for ch in name):
            continue
        if re.search(r"\d+年|出生|旅券|番号", name):
            # A date of birth or passport note written as a list item, not a name.
            continue
        result.append(name)
    return result
