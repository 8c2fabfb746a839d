"""Every importer on the real published lists in ../shared/data (skipped where absent).

Counts are the README's, except the MOF list: see test_it_reads_every_designation_on_the_mof_list.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.screening.importers.helpers import by_id, by_name, parse_cached

pytestmark = pytest.mark.realdata

EUL_2025_09 = "lists/meti-eul/2025-09-29/20250929_4.xlsx"
EUL_2025_01 = "lists/meti-eul/2025-01-31/end-user-list-2025-01-31.xlsx"
UN = "lists/un/2026-02-27/consolidated.xml"
OFAC_2021 = "lists/ofac-sdn/2021-07"
OFAC_2019 = "lists/ofac-sdn/2019-01"
MOF = "lists/mof/2026-03-05/shisantouketsu20260305.xlsx"
CSL = "lists/us-csl/2022-05/consolidated.csv"


# --- METI End User List ---------------------------------------------------------------------


def test_it_reads_all_835_entries_of_the_2025_09_end_user_list(shared_data: Path) -> None:
    result = parse_cached("meti-eul", str(shared_data / EUL_2025_09))

    assert len(result.entries) == 835
    assert result.problems == []
    assert [e.source_id for e in result.entries] == [str(n) for n in range(1, 836)]
    assert result.metadata["has_conventional_weapons_column"] is True


def test_it_finds_the_54_conventional_weapons_only_entries(shared_data: Path) -> None:
    result = parse_cached("meti-eul", str(shared_data / EUL_2025_09))

    cw_only = [
        e
        for e in result.entries
        if e.attributes["conventional_weapons"] and not e.attributes["concern_types"]
    ]
    assert len(cw_only) == 54
    assert sum(e.attributes["conventional_weapons"] for e in result.entries) == 240
    assert all(e.kind == "organisation" and e.country for e in result.entries)


def test_candid_general_trading_is_a_uae_missile_concern(shared_data: Path) -> None:
    entry = by_name(
        parse_cached("meti-eul", str(shared_data / EUL_2025_09)), "Candid General Trading LLC"
    )

    assert entry.country == "AE"
    assert entry.attributes["concern_types"] == ["M"]
    assert entry.attributes["conventional_weapons"] is False
    assert entry.aliases == ["Candid Trading LLC"]


def test_it_reads_an_eul_entry_with_native_names_aliases_and_concern_types(
    shared_data: Path,
) -> None:
    entry = by_id(parse_cached("meti-eul", str(shared_data / EUL_2025_09)), "309")

    assert entry.name == "Daehung Oil & Vehicle Trading Co."
    assert entry.aliases == ["Taehung Oil & Vehicle Trading Co."]
    assert entry.native_names == ["大興運輸貿易会社", "太興運輸貿易会社"]
    assert entry.country == "KP"
    assert entry.attributes["concern_types"] == ["B", "C", "M", "N"]


def test_it_separates_native_names_and_keeps_latin_brackets_on_the_real_list(
    shared_data: Path,
) -> None:
    result = parse_cached("meti-eul", str(shared_data / EUL_2025_09))

    new_east = by_id(result, "400")
    assert new_east.name == "New East International Trading Ltd., Pyongyang Office"
    assert new_east.native_names == ["東新国際貿易有限公司平壌事務所"]
    assert by_name(result, "ERDC Metal Paint Products (Pvt) Ltd.").country == "PK"
    rosoboronexport = by_id(result, "806")
    assert "АО Рособоронэкспорт" in rosoboronexport.native_names
    assert "ROSOBORONEXPORT" in rosoboronexport.aliases
    assert rosoboronexport.attributes["concern_types"] == ["M"]
    assert rosoboronexport.attributes["conventional_weapons"] is True


def test_it_reads_all_748_entries_of_the_2025_01_end_user_list(shared_data: Path) -> None:
    result = parse_cached("meti-eul", str(shared_data / EUL_2025_01))

    assert len(result.entries) == 748
    assert result.problems == []
    assert result.metadata["has_conventional_weapons_column"] is False
    assert not any(e.attributes["conventional_weapons"] for e in result.entries)
    assert all(e.attributes["concern_types"] for e in result.entries)


def test_it_reads_native_names_inline_in_aliases_and_closes_pdf_spacing(shared_data: Path) -> None:
    result = parse_cached("meti-eul", str(shared_data / EUL_2025_01))

    amroggang = by_name(result, "Amroggang Development Banking Corporation")
    assert "Amroggang Development Bank" in amroggang.aliases
    assert "鴨緑江開発銀行" in amroggang.native_names
    # The rebuilt file prints "・ 銳 元科技有限公司", spaces left by PDF extraction.
    assert by_name(result, "Sharp Edge Engineering (SEE)").native_names == ["銳元科技有限公司"]


def test_the_two_eul_revisions_share_most_entries(shared_data: Path) -> None:
    older = parse_cached("meti-eul", str(shared_data / EUL_2025_01))
    newer = parse_cached("meti-eul", str(shared_data / EUL_2025_09))

    def keys(result: object) -> set[tuple[str | None, str]]:
        return {(e.country, e.name.casefold()) for e in result.entries}  # type: ignore[attr-defined]

    # METI renumbers rows each revision; names, not No., carry across.
    assert len(keys(older) & keys(newer)) > 700


# --- UN -----------------------------------------------------------------------------------


def test_it_reads_730_individuals_and_273_entities_from_the_un_list(shared_data: Path) -> None:
    result = parse_cached("un", str(shared_data / UN))

    assert Counter(e.kind for e in result.entries) == {"person": 730, "organisation": 273}
    assert result.problems == []
    assert len({e.source_id for e in result.entries}) == 1003
    assert result.metadata["date_generated"] == "2026-02-27T00:00:09.554Z"


def test_it_reads_a_un_individual_with_an_original_script_name(shared_data: Path) -> None:
    result = parse_cached("un", str(shared_data / UN))

    tikriti = by_id(result, "IQi.004")
    assert tikriti.name == "ABID HAMID MAHMUD AL-TIKRITI"
    assert tikriti.native_names == ["عابد حامد محمود التكريتي"]
    assert tikriti.country == "IQ"

    chataev = by_id(result, "QDi.365")
    assert chataev.native_names == ["Ахмед Ражапович Чатаев"]
    assert chataev.country == "RU"


def test_it_keeps_low_quality_un_aliases_apart(shared_data: Path) -> None:
    soleimani = by_id(parse_cached("un", str(shared_data / UN)), "IRi.039")

    assert "Qasim Soleimani" in soleimani.aliases
    assert soleimani.attributes["weak_aliases"] == ["Haj Qasem", "Haji Qassem", "Sardar Soleimani"]


def test_it_splits_a_un_entity_alias_holding_many_names(shared_data: Path) -> None:
    nusrah = by_id(parse_cached("un", str(shared_data / UN)), "QDe.137")

    assert {"Hay’at Tahrir al-Sham", "Jabhat al-Nusrah", "Al-Nusra Front"} <= set(nusrah.aliases)
    assert {"هيئة تحرير الشام", "جبهة النصرة"} <= set(nusrah.native_names)
    assert nusrah.country == "SY"


# --- OFAC SDN -----------------------------------------------------------------------------


@pytest.mark.parametrize(("folder", "count"), [(OFAC_2021, 8976), (OFAC_2019, 7379)])
def test_it_reads_every_ofac_sdn_entry(shared_data: Path, folder: str, count: int) -> None:
    result = parse_cached("ofac-sdn", str(shared_data / folder))

    assert len(result.entries) == count
    assert result.problems == []


def test_it_reads_an_ofac_entity_with_aliases_and_address(shared_data: Path) -> None:
    result = parse_cached("ofac-sdn", str(shared_data / OFAC_2021))

    bank = by_id(result, "306")
    assert bank.name == "BANCO NACIONAL DE CUBA"
    assert bank.aliases == ["NATIONAL BANK OF CUBA"]
    assert (bank.kind, bank.country) == ("organisation", "CH")
    assert bank.attributes["programmes"] == ["CUBA"]

    nasrallah = by_id(result, "2686")
    assert (nasrallah.name, nasrallah.kind, nasrallah.country) == (
        "NASRALLAH, Hasan",
        "person",
        "LB",
    )
    assert nasrallah.attributes["programmes"] == ["SDGT", "SYRIA"]


def test_it_sorts_ofac_entries_by_type(shared_data: Path) -> None:
    result = parse_cached("ofac-sdn", str(shared_data / OFAC_2021))

    assert Counter(e.kind for e in result.entries) == {
        "person": 4620,
        "organisation": 3673,
        "unknown": 683,  # 406 vessels and 277 aircraft
    }


# --- MOF ----------------------------------------------------------------------------------


def test_it_reads_every_designation_on_the_mof_list(shared_data: Path) -> None:
    """2,862 entries, one more than the README's 2,861, and two genuine problems.

    The README counts rows with both a Japanese and an English name. Sheet
    「16.北朝鮮(協調；団体)」 row 17 (notice 12, ダンドン・ホンシャン・インダストリアル・デベロップメント・
    カンパニー・リミテッド) is a real designation whose English name was typed into the alias column,
    leaving 英語表記 empty: it is read, and reported. Sheet 「2.タリバーン関係者等」 row 276 has a
    notice date and number (274) but no name and no 削除 mark: it cannot be read, and is reported.
    """
    result = parse_cached("mof", str(shared_data / MOF))

    assert len(result.entries) == 2862
    assert len({e.source_id for e in result.entries}) == 2862
    assert [(p.row, p.column) for p in result.problems] == [(276, "日本語表記"), (17, "英語表記")]
    assert "2.タリバーン関係者等" in result.problems[0].message
    assert "16.北朝鮮(協調；団体)" in result.problems[1].message
    dandong = by_id(result, "16.北朝鮮(協調；団体):17")
    assert dandong.aliases == ["Dandong Hongxiang Industrial Development Company Limited"]


def test_it_reads_all_45_mof_sheets(shared_data: Path) -> None:
    result = parse_cached("mof", str(shared_data / MOF))

    sheets = result.metadata["sheets"]
    assert len(sheets) == 45
    statuses = Counter(sheet["status"] for sheet in sheets)
    assert statuses == {"index": 1, "read": 41, "lifted programme": 3}
    assert result.metadata["lifted_designations"] == 598
    per_sheet = {sheet["sheet"]: sheet.get("entries") for sheet in sheets}
    assert per_sheet["29.ロシア連邦(個人)"] == 752
    assert per_sheet["28.ロシア連邦(団体(特定銀行を除く))"] == 369
    assert per_sheet["2.タリバーン関係者等"] == 480
    assert per_sheet["41.マリ共和国"] == 0  # every designation lifted
    assert sum(count or 0 for count in per_sheet.values()) == 2862


def test_it_reads_mof_entries_from_different_sheet_layouts(shared_data: Path) -> None:
    result = parse_cached("mof", str(shared_data / MOF))

    putin = by_name(result, "Vladimir Putin")
    assert putin.source_id == "29.ロシア連邦(個人):3"
    assert putin.kind == "person"
    assert putin.native_names == ["ウラジーミル・プーチン"]
    assert putin.attributes["date_of_birth"] == "1952-10-07"

    bank = by_name(result, "Central Bank of the Russian Federation")
    assert (bank.kind, bank.country) == ("organisation", "RU")

    fedai = by_name(result, "MOHAMMAD FEDAI ASHIANI")
    assert fedai.aliases == ["Mohammaed Fedai Ashiani"]
    assert "モハンメド・フェダーイー・アシアーニー" in fedai.native_names

    akhund = by_name(result, "ABDUL KABIR MOHAMMAD JAN")
    assert akhund.aliases == ["A. Kabir"]
    assert akhund.country == "AF"
    assert akhund.attributes["programme"] == "2.タリバーン関係者等"


# --- US CSL -------------------------------------------------------------------------------


def test_it_reads_all_14160_rows_of_the_us_csl(shared_data: Path) -> None:
    result = parse_cached("us-csl", str(shared_data / CSL))

    assert len(result.entries) == 14160
    assert len({e.source_id for e in result.entries}) == 14160
    # The one genuine problem: the Capta List prints BANK OF KUNLUN twice (lines 1979, 1980).
    [problem] = result.problems
    assert (problem.row, problem.column) == (1980, "_id")
    assert (
        Counter(e.attributes["source_list"] for e in result.entries)[
            "Specially Designated Nationals (SDN) - Treasury Department"
        ]
        == 10026
    )


def test_it_reads_a_csl_entry_listed_on_three_lists(shared_data: Path) -> None:
    result = parse_cached("us-csl", str(shared_data / CSL))

    for suffix in ("CAP", "SDN", "SSI"):
        entry = by_id(result, f"18725:{suffix}")
        assert entry.name == "BANCO VTB AFRICA SA"
        assert entry.aliases == ["VTB AFRICA"]
        assert entry.country == "AO"
