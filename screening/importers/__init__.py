"""List importers: pure functions from an official list file to entries plus row-level problems.

    parse("meti-eul", "20250929_4.xlsx") -> ImportResult

Each source has a module with parse(path). They never touch the database and import nothing from
Django. A file that is not in the expected format at all (wrong file type, missing columns, no
entries) raises ImportFormatError with a RowProblem for each reason, naming row and column where
there is one: nothing is loaded from it. Problems with single rows (an empty name, an unknown WMD
code, a duplicate) come back in ImportResult.problems, and the rest of the file is read.

parse_upload() takes an uploaded file's name and bytes, for the admin upload form.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path, PurePath

from screening.importers.base import ImportedEntry, ImportFormatError, ImportResult, RowProblem

SOURCES = ("meti-eul", "un", "ofac-sdn", "mof", "us-csl")

__all__ = [
    "SOURCES",
    "ImportFormatError",
    "ImportResult",
    "ImportedEntry",
    "RowProblem",
    "parse",
    "parse_upload",
]

# An OFAC upload is a zip of its CSV files; nothing else in one is read.
_OFAC_FILES = ("sdn.csv", "alt.csv", "add.csv")
_MAX_ZIP_MEMBER_BYTES = 200 * 1024 * 1024


def _parser(source: str) -> Callable[[str | Path], ImportResult]:
    # Imported on demand: a caller that reads one list does not load the others' dependencies.
    if source == "meti-eul":
        from screening.importers import meti_eul

        return meti_eul.parse
    if source == "un":
        from screening.importers import un

        return un.parse
    if source == "ofac-sdn":
        from screening.importers import ofac_sdn

        return ofac_sdn.parse
    if source == "mof":
        from screening.importers import mof

        return mof.parse
    if source == "us-csl":
        from screening.importers import us_csl

        return us_csl.parse
    raise ValueError(f"unknown list source {source!r}; expected one of: {', '.join(SOURCES)}")


def parse(source: str, path: str | Path) -> ImportResult:
    """Read the list file (or, for ofac-sdn, the folder of CSV files) at path."""
    parser = _parser(source)
    return parser(path)


def parse_upload(source: str, filename: str, data: bytes) -> ImportResult:
    """Read an uploaded file given as bytes.

    The bytes are written to a temporary folder under a safe name that keeps the upload's
    extension. For ofac-sdn the upload is a .zip holding sdn.csv, alt.csv and add.csv.
    """
    parser = _parser(source)
    suffix = PurePath(filename).suffix.lower()
    if not suffix.isascii() or len(suffix) > 10:
        suffix = ""
    with tempfile.TemporaryDirectory(prefix="list-upload-") as folder:
        target = Path(folder)
        if source == "ofac-sdn":
            _extract_ofac_zip(data, filename, target)
            return parser(target)
        if data.startswith(b"PK\x03\x04") and source in ("meti-eul", "mof"):
            # openpyxl goes by the extension; a workbook uploaded as "list.zip" is still one.
            suffix = ".xlsx"
        path = target / f"upload{suffix}"
        path.write_bytes(data)
        return parser(path)


def _extract_ofac_zip(data: bytes, filename: str, target: Path) -> None:
    if not data.startswith(b"PK\x03\x04"):
        raise ImportFormatError(
            [RowProblem(None, None, f"{filename}: upload a .zip holding sdn.csv, alt.csv, add.csv")]
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                # Only the three known names are written, by our own path: a member called
                # "../x" cannot escape the folder.
                name = PurePath(member.filename).name.lower()
                if member.is_dir() or name not in _OFAC_FILES:
                    continue
                if member.file_size > _MAX_ZIP_MEMBER_BYTES:
                    raise ImportFormatError(
                        [RowProblem(None, None, f"{name} in {filename} is too large")]
                    )
                (target / name).write_bytes(archive.read(member))
    except zipfile.BadZipFile as exc:
        raise ImportFormatError([RowProblem(None, None, f"{filename} is not a valid zip")]) from exc
