"""The OFAC SDN importer (legacy CSV files), on a sample folder written for these tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from screening.importers import ImportFormatError, ofac_sdn
from tests.screening.importers.helpers import by_id


def test_it_reads_every_sdn_row(samples: Path) -> None:
    result = ofac_sdn.parse(samples / "ofac-sdn-sample")

    assert [e.source_id for e in result.entries] == ["9001", "9002", "9003", "9004"]
    assert result.problems == []


def test_it_reads_cp1252_files_and_ignores_the_end_of_file_mark(samples: Path) -> None:
    result = ofac_sdn.parse(samples / "ofac-sdn-sample")

    assert result.metadata["encoding"] == "cp1252"
    assert by_id(result, "9001").name == "MÜLLER, José Andrés"


def test_it_keeps_names_as_published_and_sorts_kinds(samples: Path) -> None:
    result = ofac_sdn.parse(samples / "ofac-sdn-sample")

    person = by_id(result, "9001")
    assert (person.name, person.kind) == ("MÜLLER, José Andrés", "person")
    assert by_id(result, "9002").kind == "organisation"
    vessel = by_id(result, "9003")
    assert vessel.kind == "unknown"
    assert vessel.attributes["sdn_type"] == "vessel"
    assert vessel.attributes["vessel_flag"] == "Malta"


def test_it_reads_empty_fields_written_as_minus_zero_minus(samples: Path) -> None:
    entry = by_id(ofac_sdn.parse(samples / "ofac-sdn-sample"), "9002")

    assert "title" not in entry.attributes
    assert "remarks" not in entry.attributes


def test_it_splits_programmes(samples: Path) -> None:
    entry = by_id(ofac_sdn.parse(samples / "ofac-sdn-sample"), "9001")

    assert entry.attributes["programmes"] == ["SDGT", "IRGC"]


def test_it_attaches_aliases_without_repeating_the_name(samples: Path) -> None:
    result = ofac_sdn.parse(samples / "ofac-sdn-sample")

    assert by_id(result, "9001").aliases == ["MUELLER, Jose"]
    assert by_id(result, "9002").aliases == ["CEDAR NORTH MARINE", "NCS CO."]
    assert by_id(result, "9004").native_names == ["東方蓮花進出口"]


def test_it_takes_the_country_from_the_first_address(samples: Path) -> None:
    result = ofac_sdn.parse(samples / "ofac-sdn-sample")

    entry = by_id(result, "9002")
    assert (entry.country, entry.country_text) == ("IR", "Iran")
    assert entry.address == "Pier 9, Bandar Abbas, Iran"
    assert by_id(result, "9004").country == "KP"  # "Korea, North"
    assert by_id(result, "9003").country is None


def test_it_reads_a_folder_without_add_csv(samples: Path, tmp_path: Path) -> None:
    for name in ("sdn.csv", "alt.csv"):
        shutil.copy(samples / "ofac-sdn-sample" / name, tmp_path / name)

    result = ofac_sdn.parse(tmp_path)

    assert len(result.entries) == 4
    assert all(entry.country is None for entry in result.entries)


def test_it_rejects_a_folder_without_the_sdn_files(tmp_path: Path) -> None:
    (tmp_path / "add.csv").write_text("", encoding="utf-8")

    with pytest.raises(ImportFormatError) as raised:
        ofac_sdn.parse(tmp_path)

    assert {p.message for p in raised.value.problems} == {
        "sdn.csv not found in the upload",
        "alt.csv not found in the upload",
    }


def test_it_rejects_files_with_the_wrong_number_of_columns(tmp_path: Path) -> None:
    (tmp_path / "sdn.csv").write_text("ent_num,SDN_Name\n1,Someone\n", encoding="utf-8")
    (tmp_path / "alt.csv").write_text("", encoding="utf-8")

    with pytest.raises(ImportFormatError, match="expected 12"):
        ofac_sdn.parse(tmp_path)


def test_it_reports_bad_rows_and_aliases_of_unknown_entries(samples: Path, tmp_path: Path) -> None:
    sdn = (samples / "ofac-sdn-sample" / "sdn.csv").read_bytes().rstrip(b"\x1a")
    sdn += b'9005,-0- ,-0- ,"IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    (tmp_path / "sdn.csv").write_bytes(sdn)
    (tmp_path / "alt.csv").write_text('9999,1,"aka","GHOST",-0- \r\n', encoding="utf-8")

    result = ofac_sdn.parse(tmp_path)

    assert len(result.entries) == 4
    assert [(p.row, p.column) for p in result.problems] == [(5, "SDN_Name"), (1, "ent_num")]
