"""The importer registry: one parse() for every list source, and uploads given as bytes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from screening import importers


def test_it_lists_the_five_sources() -> None:
    assert importers.SOURCES == ("meti-eul", "un", "ofac-sdn", "mof", "us-csl")


@pytest.mark.parametrize(
    ("source", "sample", "count"),
    [
        ("meti-eul", "meti-eul-sample.xlsx", 10),
        ("un", "un-sample.xml", 3),
        ("ofac-sdn", "ofac-sdn-sample", 4),
        ("mof", "mof-sample.xlsx", 7),
        ("us-csl", "us-csl-sample.csv", 7),
    ],
)
def test_it_dispatches_to_the_importer_for_each_source(
    samples: Path, source: str, sample: str, count: int
) -> None:
    assert len(importers.parse(source, samples / sample).entries) == count


def test_it_rejects_an_unknown_source(samples: Path) -> None:
    with pytest.raises(ValueError, match="unknown list source 'eu-fsf'"):
        importers.parse("eu-fsf", samples / "un-sample.xml")


@pytest.mark.parametrize("filename", ["20250929_4.xlsx", "eul.csv"])
def test_it_reads_an_end_user_list_upload_given_as_bytes(samples: Path, filename: str) -> None:
    sample = "meti-eul-sample.xlsx" if filename.endswith(".xlsx") else "meti-eul-sample.csv"

    result = importers.parse_upload("meti-eul", filename, (samples / sample).read_bytes())

    assert len(result.entries) == 10


def test_it_rejects_an_upload_of_the_wrong_type(samples: Path) -> None:
    with pytest.raises(importers.ImportFormatError, match="PDF"):
        importers.parse_upload(
            "meti-eul", "list.xlsx", (samples / "meti-eul-notice.pdf").read_bytes()
        )


def test_it_reads_an_ofac_upload_zipped_and_ignores_other_members(samples: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in ("sdn.csv", "alt.csv", "add.csv"):
            archive.writestr(
                f"SDN_2021/{name.upper()}", (samples / "ofac-sdn-sample" / name).read_bytes()
            )
        archive.writestr("../evil.csv", "ignored")

    result = importers.parse_upload("ofac-sdn", "sdn.zip", buffer.getvalue())

    assert len(result.entries) == 4
    assert result.entries[1].country == "IR"


def test_it_rejects_an_ofac_upload_that_is_not_a_zip(samples: Path) -> None:
    with pytest.raises(importers.ImportFormatError, match="zip"):
        importers.parse_upload(
            "ofac-sdn", "sdn.csv", (samples / "ofac-sdn-sample" / "sdn.csv").read_bytes()
        )
