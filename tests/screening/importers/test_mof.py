"""The MOF asset-freeze list importer, on a sample workbook written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from screening.importers import ImportFormatError, mof
from tests.screening.importers.helpers import by_id, by_name


@pytest.fixture
def sample(samples: Path) -> Path:
    return samples / "mof-sample.xlsx"


def test_it_reads_every_programme_sheet(sample: Path) -> None:
    result = mof.parse(sample)

    assert len(result.entries) == 7
    assert result.metadata["programmes"] == 3
    statuses = {sheet["sheet"]: sheet["status"] for sheet in result.metadata["sheets"]}
    assert statuses == {
        "一覧": "index",
        "1.架空国前政権関係者（個人）": "read",
        "2.【解除】架空国": "lifted programme",
        "3.テロリスト等": "read",
        "4.架空国(団体)": "read",
    }


def test_it_finds_the_header_row_on_each_sheet(sample: Path) -> None:
    result = mof.parse(sample)

    header_rows = {
        sheet["sheet"]: sheet["header_row"]
        for sheet in result.metadata["sheets"]
        if sheet["status"] == "read"
    }
    assert header_rows == {
        "1.架空国前政権関係者（個人）": 2,
        "3.テロリスト等": 3,
        "4.架空国(団体)": 2,
    }


def test_it_identifies_entries_by_sheet_and_row(sample: Path) -> None:
    entry = by_name(mof.parse(sample), "ALI HASSAN KARIMI")

    assert entry.source_id == "1.架空国前政権関係者（個人）:3"
    assert entry.attributes["programme"] == "1.架空国前政権関係者（個人）"
    assert entry.attributes["programme_title"] == "架空国の前政権関係者等（個人）"
    assert entry.attributes["notice_number"] == "1"
    assert entry.attributes["notice_dates"] == ["2020.1.10", "2022.3.1改訂"]


def test_it_reads_bilingual_names_aliases_and_the_original_script(sample: Path) -> None:
    entry = by_name(mof.parse(sample), "ALI HASSAN KARIMI")

    assert entry.aliases == ["Ali Karimi", "Hassan Karimi"]
    assert entry.native_names == [
        "アリ・ハッサン・カリミ",
        "علي حسن كريمي",
        "アリ・カリミ",
        "ハッサン・カリーミ",
    ]
    assert entry.attributes["weak_aliases"] == ["アブー・アリ", "Abu Ali"]
    assert (entry.kind, entry.country) == ("person", "IR")


def test_it_splits_japanese_and_english_alias_lists_line_by_line(sample: Path) -> None:
    result = mof.parse(sample)

    front = by_name(result, "SOUTH DAWN FRONT (SDF)")
    assert front.aliases == ["Southern Dawn", "Dawn Brigade"]
    assert front.native_names == ["サウス・ドーン戦線", "サザン・ドーン", "ドーン・ブリゲード"]

    bureau = by_name(result, "JSC Northern Anvil Design Bureau")
    assert bureau.aliases == ["Northern Anvil", "JSC NADB"]
    assert bureau.native_names == ["株式会社北方鉄床設計局", "北方鉄床", "株式会社NADB"]


def test_it_skips_lifted_designations_and_counts_them(sample: Path) -> None:
    result = mof.parse(sample)

    assert result.metadata["lifted_designations"] == 1
    assert "1.架空国前政権関係者（個人）:4" not in {e.source_id for e in result.entries}


def test_it_adds_a_continuation_row_to_the_entry_above(sample: Path) -> None:
    entry = by_name(mof.parse(sample), "Mina SORAYA")

    assert entry.attributes["other_information"] == (
        "資金を提供した。\n2019年には、別の団体にも資金を提供したと報告されている。"
    )
    # "不明" (unknown) is not a nationality or an alias.
    assert (entry.aliases, entry.country, entry.country_text) == ([], None, "")


def test_it_reads_a_row_without_an_english_name_and_reports_it(sample: Path) -> None:
    result = mof.parse(sample)

    entry = by_id(result, "1.架空国前政権関係者（個人）:7")
    assert entry.name == "ダリウス・ファルハディ"
    assert entry.aliases == ["Darius F."]
    assert entry.country == "IR"  # イラン人, an Iranian
    [problem] = result.problems
    assert (problem.row, problem.column) == (7, "英語表記")


def test_it_tells_people_from_organisations(sample: Path) -> None:
    result = mof.parse(sample)

    # From the sheet title, the UN reference number ("QDe", "QDi"), or the sheet's columns.
    assert by_name(result, "Mina SORAYA").kind == "person"
    assert by_name(result, "SOUTH DAWN FRONT (SDF)").kind == "organisation"
    assert by_name(result, "YUSUF NADER").kind == "person"
    assert by_name(result, "KOREA UNHA TRADING").kind == "organisation"


def test_it_finds_countries_in_addresses(sample: Path) -> None:
    result = mof.parse(sample)

    assert by_name(result, "SOUTH DAWN FRONT (SDF)").country == "PK"
    assert by_name(result, "JSC Northern Anvil Design Bureau").country == "RU"
    assert by_name(result, "KOREA UNHA TRADING").country == "KP"  # 北朝鮮平壌特別市...


def test_it_reports_a_designation_without_a_name(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "1.架空"
    sheet.append(["告示日付", "告示番号", "日本語表記", "英語表記"])
    sheet.append(["2020.1.1", "1", "テスト・ワン", "TEST ONE"])
    sheet.append(["2020.1.1", "2", None, None])
    workbook.save(tmp_path / "mof.xlsx")

    result = mof.parse(tmp_path / "mof.xlsx")

    assert [e.name for e in result.entries] == ["TEST ONE"]
    [problem] = result.problems
    assert (problem.row, problem.column) == (3, "日本語表記")


def test_it_reports_a_sheet_it_cannot_read(sample: Path, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "1.架空"
    sheet.append(["告示日付", "告示番号", "日本語表記", "英語表記"])
    sheet.append(["2020.1.1", "1", "テスト・ワン", "TEST ONE"])
    other = workbook.create_sheet("2.別の表")
    other.append(["氏名", "備考"])
    other.append(["誰か", "見出しが違う"])
    workbook.save(tmp_path / "mof.xlsx")

    result = mof.parse(tmp_path / "mof.xlsx")

    [problem] = result.problems
    assert "2.別の表" in problem.message
    assert len(result.entries) == 1


def test_it_rejects_a_workbook_in_another_layout(samples: Path) -> None:
    with pytest.raises(ImportFormatError, match="no sheet has the MOF asset-freeze header"):
        mof.parse(samples / "meti-eul-sample.xlsx")


def test_it_rejects_a_file_that_is_not_a_workbook(samples: Path) -> None:
    with pytest.raises(ImportFormatError, match="not a readable Excel workbook"):
        mof.parse(samples / "not-a-spreadsheet.xlsx")


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("不明", []),
        (
            "(a)アブー・カリム(b)カリム・ザ・エルダー\n(a.k.a.: (a)Abu Karim (b)Karim the Elder)",
            ["アブー・カリム", "カリム・ザ・エルダー", "Abu Karim", "Karim the Elder"],
        ),
        ("ユン・ホチン\nYun Ho-chin", ["ユン・ホチン", "Yun Ho-chin"]),
        ("(a)ビクトル（Viktor B.）、(b)ボリス", ["ビクトル", "Viktor B.", "ボリス"]),
        (
            "ラ・キョンス；チャン・ミョン\nRa Kyong-Su; Chang Myong",
            ["ラ・キョンス", "チャン・ミョン", "Ra Kyong-Su", "Chang Myong"],
        ),
        # "SURNAME, Given" is one name, in both scripts.
        ("イーサー、マルワン\n’ISSA, Marwan", ["イーサー、マルワン", "’ISSA, Marwan"]),
        (
            "(a)ファリド・カマル（1970年1月1日カイロにて出生）(以前掲載の氏名)\n"
            "(a.k.a.: (a)Farid Kamal, born 1 Jan. 1970 in Cairo (formerly listed as))",
            ["ファリド・カマル", "Farid Kamal"],
        ),
    ],
)
def test_it_splits_alias_cells_written_every_way(cell: str, names: list[str]) -> None:
    assert mof.split_alias_cell(cell) == names
