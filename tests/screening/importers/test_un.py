"""The UN Security Council consolidated list importer, on a sample written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.importers import ImportFormatError, un
from tests.screening.importers.helpers import by_id


def test_it_reads_individuals_and_entities(samples: Path) -> None:
    result = un.parse(samples / "un-sample.xml")

    assert [(e.source_id, e.kind) for e in result.entries] == [
        ("QDi.901", "person"),
        ("QDi.902", "person"),
        ("KPe.901", "organisation"),
    ]
    assert result.problems == []
    assert result.metadata == result.metadata | {
        "date_generated": "2026-01-15T00:00:00.000Z",
        "individuals": 2,
        "entities": 1,
    }


def test_it_builds_a_persons_name_from_all_four_parts(samples: Path) -> None:
    entry = by_id(un.parse(samples / "un-sample.xml"), "QDi.901")

    assert entry.name == "KARIM ADNAN SALEH AL-NOURI"


def test_it_keeps_the_original_script_name_as_a_native_name(samples: Path) -> None:
    result = un.parse(samples / "un-sample.xml")

    assert by_id(result, "QDi.901").native_names == ["كريم عدنان صالح النوري"]
    assert by_id(result, "QDi.902").native_names == ["Павел Ильич Зорин"]


def test_it_splits_alias_fields_and_keeps_low_quality_aliases_apart(samples: Path) -> None:
    entry = by_id(un.parse(samples / "un-sample.xml"), "QDi.901")

    # "Karim al-Nuri; Kareem al-Noori" is two aliases; the alias equal to the name is dropped.
    assert entry.aliases == ["Karim al-Nuri", "Kareem al-Noori"]
    assert entry.attributes["weak_aliases"] == ["Abu Saleh"]


def test_it_takes_the_country_from_nationality_then_address(samples: Path) -> None:
    result = un.parse(samples / "un-sample.xml")

    assert by_id(result, "QDi.901").country == "IR"
    assert by_id(result, "QDi.901").country_text == "Iran (Islamic Republic of)"
    # No nationality: the address country.
    assert by_id(result, "QDi.902").country == "SY"
    assert by_id(result, "KPe.901").country == "KP"


def test_it_reads_entity_aliases_with_their_transliterations(samples: Path) -> None:
    entry = by_id(un.parse(samples / "un-sample.xml"), "KPe.901")

    assert entry.aliases == ["Unha Trading", "KSRTC", "Silver River Front", "Silver River Network"]
    assert entry.native_names == ["جبهة النهر الفضي"]
    assert entry.address == "Potonggang District, Pyongyang, Democratic People's Republic of Korea"


def test_it_reads_dates_of_birth(samples: Path) -> None:
    result = un.parse(samples / "un-sample.xml")

    assert by_id(result, "QDi.901").attributes["dates_of_birth"] == ["1971-03-02 (exact)"]
    assert by_id(result, "QDi.902").attributes["dates_of_birth"] == ["1980-1982 (between)"]


def test_it_reports_a_record_without_a_name(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        "<CONSOLIDATED_LIST><INDIVIDUALS>"
        "<INDIVIDUAL><FIRST_NAME>ANNA</FIRST_NAME><REFERENCE_NUMBER>XXi.001</REFERENCE_NUMBER>"
        "</INDIVIDUAL>"
        "<INDIVIDUAL><FIRST_NAME> </FIRST_NAME><REFERENCE_NUMBER>XXi.002</REFERENCE_NUMBER>"
        "</INDIVIDUAL>"
        "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )

    result = un.parse(path)

    assert [e.source_id for e in result.entries] == ["XXi.001"]
    [problem] = result.problems
    assert (problem.row, problem.column) == (2, "FIRST_NAME")
    assert "XXi.002" in problem.message


def test_it_rejects_xml_that_is_not_the_consolidated_list(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text("<sdnList><sdnEntry/></sdnList>", encoding="utf-8")

    with pytest.raises(ImportFormatError, match="CONSOLIDATED_LIST"):
        un.parse(path)


def test_it_rejects_a_file_that_is_not_xml(samples: Path) -> None:
    with pytest.raises(ImportFormatError, match="not a readable"):
        un.parse(samples / "meti-eul-sample.csv")


def test_it_refuses_xml_entity_expansion(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]>'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>&a;</FIRST_NAME>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )

    with pytest.raises(ImportFormatError):
        un.parse(path)
