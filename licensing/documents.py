"""Recognising supporting documents by their content, not by what the uploader says they are."""

from __future__ import annotations

from dataclasses import dataclass

import filetype


@dataclass(frozen=True)
class DocumentKind:
    extension: str
    mime: str


ALLOWED = {
    "pdf": DocumentKind("pdf", "application/pdf"),
    "png": DocumentKind("png", "image/png"),
    "jpg": DocumentKind("jpg", "image/jpeg"),
    "docx": DocumentKind(
        "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    "xlsx": DocumentKind(
        "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
}
EXTENSION_ALIASES = {"jpeg": "jpg"}


def sniff_document(head: bytes, filename: str) -> DocumentKind | None:
    """The kind of an allowed document whose bytes agree with its file extension, else None."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    ext = EXTENSION_ALIASES.get(ext, ext)
    if ext not in ALLOWED:
        return None
    guess = filetype.guess(head)
    if guess is None:
        return None
    detected = EXTENSION_ALIASES.get(guess.extension, guess.extension)
    if detected == "zip" and ext in ("docx", "xlsx"):
        # Office files are zip containers; the part names say which kind.
        marker = b"word/" if ext == "docx" else b"xl/"
        return ALLOWED[ext] if marker in head or b"[Content_Types].xml" in head else None
    return ALLOWED[ext] if detected == ext else None
