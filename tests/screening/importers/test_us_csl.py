"""The US Consolidated Screening List importer, on a sample written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from screening.importers import ImportFormatError, us_csl
from tests.screening.importers.helpers import by_id


def test_it_reads_every_row(samples: Path) -> None:
    result = us_csl.parse(samples / "us-csl-sample.csv")

    assert len(result.entries) == 7
    assert result.problems == []


def test_it_gives_a_party_on_two_lists_an_id_per_list(samples: Path) -> None:
    result = us_csl.parse(samples / "us-csl-sample.csv")

    sdn, ssi = by_id(result, "77002:SDN"), by_id(result, "77002:SSI")
    assert sdn.name == ssi.name == "VOLGA CREST BANK"
    assert sdn.attributes["source_list"].startswith("Specially Designated Nationals")
    assert ssi.attributes["source_list"].startswith("Sectoral Sanctions")
    assert by_id(result, "77001").source_id == "77001"


def test_it_splits_alt_names_and_drops_the_and_of_the_entity_list(samples: Path) -> None:
    entry = by_id(us_csl.parse(samples / "us-csl-sample.csv"), "a1b2c3")

    assert entry.aliases == ["Silverline Micro Ltd.", "Silverline Semiconductors"]


def test_it_maps_types_to_kinds(samples: Path) -> None:
    result = us_csl.parse(samples / "us-csl-sample.csv")

    assert by_id(result, "77001").kind == "person"
    assert by_id(result, "77002:SDN").kind == "organisation"
    assert by_id(result, "77003").kind == "unknown"  # a vessel
    assert by_id(result, "a1b2c3").kind == "unknown"  # the Entity List prints no type


def test_it_finds_the_country_in_nationality_or_address(samples: Path) -> None:
    result = us_csl.parse(samples / "us-csl-sample.csv")

    assert by_id(result, "77004").country == "KP"  # nationalities
    assert by_id(result, "77002:SDN").country == "RU"  # address ending in "RU"
    assert by_id(result, "a1b2c3").country == "HK"
    # "CA, 90210" is California: a US state, not Canada.
    assert by_id(result, "d4e5f6").country == "US"


def test_it_keeps_names_as_published(samples: Path) -> None:
    result = us_csl.parse(samples / "us-csl-sample.csv")

    assert by_id(result, "77001").name == "'AZIZ, Rami"
    assert by_id(result, "77004").aliases == ["KIM, Cholsu"]


def test_it_rejects_a_file_with_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "csl.csv"
    path.write_text("_id,name\n1,Someone\n", encoding="utf-8")

    with pytest.raises(ImportFormatError) as raised:
        us_csl.parse(path)

    assert {(p.row, p.column) for p in raised.value.problems} == {
        (1, "source"),
        (1, "type"),
        (1, "alt_names"),
    }


def test_it_rejects_a_spreadsheet(samples: Path) -> None:
    with pytest.raises(ImportFormatError, match="not a CSV"):
        us_csl.parse(samples / "meti-eul-sample.xlsx")


def test_it_reports_an_empty_name_and_a_repeated_listing(tmp_path: Path) -> None:
    header = "_id,source,type,name,alt_names\n"
    path = tmp_path / "csl.csv"
    path.write_text(
        header
        + "1,Entity List (EL) - BIS,,Acme Widgets,\n"
        + "2,Entity List (EL) - BIS,, ,\n"
        + "1,Entity List (EL) - BIS,,Acme Widgets,\n",
        encoding="utf-8",
    )

    result = us_csl.parse(path)

    assert [(p.row, p.column) for p in result.problems] == [(3, "name"), (4, "_id")]
    assert [e.source_id for e in result.entries] == ["1:EL", "1:EL:line4"]
