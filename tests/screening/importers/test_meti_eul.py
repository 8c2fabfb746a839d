"""The METI End User List importer, on sample files written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.importers import ImportFormatError, meti_eul
from tests.screening.importers.helpers import by_id, by_name


def test_it_reads_every_row_of_the_excel_layout(samples: Path) -> None:
    result = meti_eul.parse(samples / "meti-eul-sample.xlsx")

    assert len(result.entries) == 10
    assert result.problems == []
    assert all(entry.kind == "organisation" for entry in result.entries)
    assert result.metadata["sheet"] == "ユーザーリスト"
    assert result.metadata["has_conventional_weapons_column"] is True


def test_it_numbers_entries_from_the_row_when_the_no_formula_has_no_cached_value(
    samples: Path,
) -> None:
    # The sample stores =ROW()-1 without a cached value, as a workbook saved by a program
    # that does not calculate formulas does.
    result = meti_eul.parse(samples / "meti-eul-sample.xlsx")

    assert [entry.source_id for entry in result.entries] == [str(n) for n in range(1, 11)]
    assert by_id(result, "3").name == "Morning Star Export Corporation"


def test_it_reads_the_bilingual_country_cell(samples: Path) -> None:
    entry = by_name(
        meti_eul.parse(samples / "meti-eul-sample.xlsx"), "Falcon Ridge General Trading LLC"
    )

    assert entry.country == "AE"
    assert entry.country_text == "アラブ首長国連邦 / United Arab Emirates"
    assert entry.attributes["country_text_ja"] == "アラブ首長国連邦"
    assert entry.attributes["country_text_en"] == "United Arab Emirates"


def test_it_takes_native_names_out_of_brackets_half_and_full_width(samples: Path) -> None:
    result = meti_eul.parse(samples / "meti-eul-sample.xlsx")

    half = by_id(result, "3")
    assert half.name == "Morning Star Export Corporation"
    assert half.native_names == ["朝鮮暁星輸出会社", "暁星輸出会社"]

    full = by_id(result, "4")
    assert full.name == "Harbour Lantern Trading Co., Ltd."
    assert full.native_names == ["港灯貿易有限公司", "港灯贸易有限公司"]


def test_it_keeps_latin_brackets_that_are_part_of_the_name(samples: Path) -> None:
    result = meti_eul.parse(samples / "meti-eul-sample.xlsx")

    assert by_id(result, "5").name == "Indus Valve Works (Pvt) Ltd."
    assert by_id(result, "5").aliases == []


def test_it_adds_the_name_without_a_trailing_acronym_as_an_alias(samples: Path) -> None:
    entry = by_id(meti_eul.parse(samples / "meti-eul-sample.xlsx"), "2")

    assert entry.name == "Zagros Precision Industries (ZPI)"
    assert "Zagros Precision Industries" in entry.aliases
    assert entry.attributes["derived_aliases"] == ["Zagros Precision Industries"]
    # A bare acronym would match far too much to be an alias.
    assert "ZPI" not in entry.aliases
    assert entry.attributes["acronyms"] == ["ZPI"]


def test_it_reads_aliases_one_per_bullet_and_joins_wrapped_lines(samples: Path) -> None:
    entry = by_id(meti_eul.parse(samples / "meti-eul-sample.xlsx"), "6")

    assert entry.aliases == [
        "AO Severnaya Nakovalnya",
        "Northern Anvil Joint Stock Company for Design and Engineering",
    ]
    assert entry.native_names == ["АО Северная Наковальня"]


def test_it_strips_and_deduplicates_names(samples: Path) -> None:
    result = meti_eul.parse(samples / "meti-eul-sample.xlsx")

    assert by_id(result, "7").name == "Bright Harbour Electronics Limited"
    assert by_id(result, "2").aliases[:2] == [
        "Zagros Precision Co.",
        "ZAGROS PRECISION INDUSTRIES GROUP",
    ]
    # An ideographic space between name and acronym becomes an ordinary one.
    assert by_id(result, "10").name == "Levant Calibration Centre (LCC)"


def test_it_keeps_a_name_printed_only_in_japanese(samples: Path) -> None:
    entry = by_id(meti_eul.parse(samples / "meti-eul-sample.xlsx"), "9")

    assert entry.name == "ハヌル技術交流社"
    assert entry.native_names == []


@pytest.mark.parametrize(
    ("source_id", "concern_types"),
    [
        ("1", ["M"]),  # ミサイル\nM
        ("2", ["B", "C", "M", "N"]),  # 生物、化学、ミサイル、核\nB,C,M,N
        ("3", ["M", "N"]),  # Japanese comma: M、N
        ("4", ["N"]),  # full-width Ｎ
        ("5", ["M"]),  # ミサイルM, no line break
        ("7", ["N"]),  # trailing space
        ("9", ["B", "C", "M", "N"]),  # a space instead of a line break
        ("10", ["C", "M"]),
    ],
)
def test_it_reads_every_way_the_type_of_wmd_is_written(
    samples: Path, source_id: str, concern_types: list[str]
) -> None:
    entry = by_id(meti_eul.parse(samples / "meti-eul-sample.xlsx"), source_id)

    assert entry.attributes["concern_types"] == concern_types


def test_it_reads_the_conventional_weapons_column(samples: Path) -> None:
    result = meti_eul.parse(samples / "meti-eul-sample.xlsx")

    cw_only = by_id(result, "6")
    assert cw_only.attributes == cw_only.attributes | {
        "concern_types": [],
        "conventional_weapons": True,
    }
    assert by_id(result, "2").attributes["conventional_weapons"] is True
    assert by_id(result, "1").attributes["conventional_weapons"] is False


def test_it_reads_the_same_list_from_a_utf8_csv_with_a_bom(samples: Path) -> None:
    from_csv = meti_eul.parse(samples / "meti-eul-sample.csv")
    from_xlsx = meti_eul.parse(samples / "meti-eul-sample.xlsx")

    assert from_csv.metadata["encoding"] == "utf-8-sig"
    assert from_csv.problems == []
    assert [entry.name for entry in from_csv.entries] == [entry.name for entry in from_xlsx.entries]
    assert [entry.attributes["concern_types"] for entry in from_csv.entries] == [
        entry.attributes["concern_types"] for entry in from_xlsx.entries
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_it_detects_the_encoding_of_a_csv(samples: Path, tmp_path: Path, encoding: str) -> None:
    text = (samples / "meti-eul-sample.csv").read_bytes().decode("utf-8-sig")
    path = tmp_path / "eul.csv"
    # cp932 cannot hold the simplified 贸 of row 4; it becomes "?" in that copy.
    path.write_bytes(text.encode(encoding, errors="replace"))

    result = meti_eul.parse(path)

    assert result.metadata["encoding"] == encoding
    assert len(result.entries) == 10
    assert by_id(result, "3").native_names[0] == "朝鮮暁星輸出会社"
    assert by_id(result, "1").country == "AE"


def test_it_rejects_a_file_with_missing_columns(samples: Path) -> None:
    with pytest.raises(ImportFormatError) as raised:
        meti_eul.parse(samples / "meti-eul-missing-column.xlsx")

    [problem] = raised.value.problems
    assert problem.row == 1
    assert problem.column == "Also Known As"
    assert "missing" in problem.message


def test_it_rejects_a_text_file_named_xlsx(samples: Path) -> None:
    with pytest.raises(ImportFormatError) as raised:
        meti_eul.parse(samples / "not-a-spreadsheet.xlsx")

    assert "not an Excel workbook" in str(raised.value)


def test_it_rejects_a_pdf(samples: Path) -> None:
    with pytest.raises(ImportFormatError) as raised:
        meti_eul.parse(samples / "meti-eul-notice.pdf")

    assert "PDF" in str(raised.value)


def test_it_rejects_a_csv_without_the_list_header(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("id,name\n1,Someone\n", encoding="utf-8")

    with pytest.raises(ImportFormatError) as raised:
        meti_eul.parse(path)

    columns = {problem.column for problem in raised.value.problems}
    assert {"No.", "Country or Region", "Also Known As", "Type of WMD"} <= columns


def test_it_rejects_a_list_with_no_entries(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(
        "No.,国名、地域名 Country or Region,企業名、組織名 Company or Organization,"
        "別名 Also Known As,懸念区分 Type of WMD\n",
        encoding="utf-8",
    )

    with pytest.raises(ImportFormatError, match="no entries"):
        meti_eul.parse(path)


def test_it_reports_an_empty_name_with_its_row_and_column(samples: Path) -> None:
    result = meti_eul.parse(samples / "meti-eul-bad-rows.xlsx")

    problem = next(p for p in result.problems if "name is empty" in p.message)
    assert (problem.row, problem.column) == (3, "Company or Organization")
    assert "Nameless Alias" not in [alias for e in result.entries for alias in e.aliases]


def test_it_reports_an_unknown_wmd_code_and_keeps_the_known_ones(samples: Path) -> None:
    result = meti_eul.parse(samples / "meti-eul-bad-rows.xlsx")

    problem = next(p for p in result.problems if "unknown WMD" in p.message)
    assert (problem.row, problem.column) == (4, "Type of WMD")
    assert "'X'" in problem.message
    assert by_name(result, "Karun Fluid Systems").attributes["concern_types"] == ["M"]


def test_it_reports_a_duplicate_entry(samples: Path) -> None:
    result = meti_eul.parse(samples / "meti-eul-bad-rows.xlsx")

    problem = next(p for p in result.problems if "duplicate" in p.message)
    assert problem.row == 5
    assert "row 2" in problem.message
    # The rest of the file is still read.
    assert len(result.entries) == 3


def test_it_reports_a_row_with_neither_wmd_type_nor_conventional_weapons(tmp_path: Path) -> None:
    path = tmp_path / "eul.csv"
    path.write_text(
        "No.,Country or Region,Company or Organization,Also Known As,Type of WMD\n"
        "1,Iran,Karun Fluid Systems,,\n",
        encoding="utf-8",
    )

    result = meti_eul.parse(path)

    assert [(p.row, p.column) for p in result.problems] == [(2, "Type of WMD")]


def test_it_ignores_rows_that_hold_only_the_no_formula(samples: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(samples / "meti-eul-sample.xlsx")
    sheet = workbook["ユーザーリスト"]
    for row in range(12, 20):
        sheet.cell(row=row, column=1).value = "=ROW()-1"
    workbook.save(tmp_path / "eul.xlsx")

    result = meti_eul.parse(tmp_path / "eul.xlsx")

    assert len(result.entries) == 10
    assert result.problems == []
