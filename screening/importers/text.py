"""Text helpers shared by the list importers: cleaning names, telling scripts apart, brackets.

Every list prints names a little differently (full-width letters in Japanese files, ideographic
spaces, native names in brackets), so the importers share one idea of a "clean" name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from screening.importers.base import ImportFormatError, RowProblem

_WHITESPACE = re.compile(r"\s+")
# Spaces a PDF-to-text step leaves between CJK characters ("銳 元科技有限公司"); Chinese and
# Japanese are written without spaces, so a space between two such characters is an artefact.
_CJK = r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u2e80-\u2fdf"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_OPEN = "("
_CLOSE = ")"


def clean(value: object, *, fold_width: bool = False) -> str:
    """A cell as a one-line string: whitespace collapsed, stripped; None becomes "".

    fold_width applies NFKC, which turns full-width Latin letters, digits and punctuation
    (common in Japanese government files: "Ｎ", "（", "，") into their ordinary forms.
    """
    if value is None:
        return ""
    text = str(value)
    if fold_width:
        text = unicodedata.normalize("NFKC", text)
    return _WHITESPACE.sub(" ", text).strip()


def clean_lines(value: object, *, fold_width: bool = False) -> list[str]:
    """The non-empty lines of a multi-line cell, each cleaned."""
    if value is None:
        return []
    text = str(value)
    if fold_width:
        text = unicodedata.normalize("NFKC", text)
    lines = (clean(line) for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def close_cjk_gaps(text: str) -> str:
    return _CJK_GAP.sub("", text)


def _is_latin_letter(char: str) -> bool:
    return unicodedata.name(char, "").startswith("LATIN")


def is_native(text: str) -> bool:
    """True when the text contains letters of a non-Latin script (Han, kana, Hangul, Cyrillic...).

    Digits and punctuation do not count, so "4.27貿易会社" is native and "(Pvt) Ltd" is not.
    """
    return any(ch.isalpha() and not _is_latin_letter(ch) for ch in text)


def has_latin(text: str) -> bool:
    return any(ch.isalpha() and _is_latin_letter(ch) for ch in text)


def name_key(text: str) -> str:
    """A comparison key for deduplicating names: width-folded, case-folded, spaces collapsed."""
    return clean(text, fold_width=True).casefold()


def split_brackets(text: str) -> list[tuple[str, bool]]:
    """Split text into (segment, bracketed) pairs at top-level round brackets.

    Brackets are expected to be half-width already (fold_width). Nested brackets stay inside
    their top-level group: "(大安親善ガラス工場(平安南道))" is one group. An unmatched bracket
    is kept as ordinary text, so nothing is ever lost.
    """
    parts: list[tuple[str, bool]] = []
    depth = 0
    start = 0
    buffer_start = 0
    for index, char in enumerate(text):
        if char == _OPEN:
            if depth == 0:
                if index > buffer_start:
                    parts.append((text[buffer_start:index], False))
                start = index
            depth += 1
        elif char == _CLOSE and depth > 0:
            depth -= 1
            if depth == 0:
                parts.append((text[start + 1 : index], True))
                buffer_start = index + 1
    if depth > 0:
        # An unclosed bracket: keep the rest as plain text.
        parts.append((text[start:], False))
    elif buffer_start < len(text):
        parts.append((text[buffer_start:], False))
    return [(segment, bracketed) for segment, bracketed in parts if segment.strip()]


def join_segments(parts: Iterable[tuple[str, bool]]) -> str:
    text = "".join(f"({segment})" if bracketed else segment for segment, bracketed in parts)
    # Removing a group can leave "Name ," or a doubled space behind.
    text = re.sub(r"\s+([,.;])", r"\1", text)
    return clean(text)


def separate_native(text: str) -> tuple[str, list[str]]:
    """Take native-script names out of a printed name.

    "New East International Trading Ltd. (東新国際貿易有限公司)" gives
    ("New East International Trading Ltd.", ["東新国際貿易有限公司"]). Brackets holding Latin text
    ("(Pvt) Ltd", "(NIOC)") stay in the name: they are part of it as published. When what is left
    is itself in a native script (a name printed only in Japanese), it is returned as a native
    name and the Latin part is "".
    """
    text = clean(text, fold_width=True)
    natives: list[str] = []
    kept: list[tuple[str, bool]] = []
    for segment, bracketed in split_brackets(text):
        if bracketed and is_native(segment):
            natives.append(close_cjk_gaps(clean(segment)))
        else:
            kept.append((segment, bracketed))
    latin = join_segments(kept)
    if latin and is_native(latin):
        return "", [close_cjk_gaps(text)]
    return latin, natives


def trailing_parenthetical(text: str) -> tuple[str, str] | None:
    """("Imam Hossein University", "IHU") for "Imam Hossein University (IHU)"; None otherwise."""
    parts = split_brackets(text)
    if len(parts) < 2 or not parts[-1][1]:
        return None
    head = join_segments(parts[:-1])
    inner = clean(parts[-1][0])
    if not head or not inner:
        return None
    return head, inner


_QUOTES = "\"“”'‘’「」『』"


def strip_quotes(text: str) -> str:
    """'"KOMID"' becomes 'KOMID'; '"Vympel" State Design Bureau' is left alone."""
    text = text.strip()
    if len(text) >= 2 and text[0] in _QUOTES and text[-1] in _QUOTES:
        inner = text[1:-1]
        if not any(quote in inner for quote in _QUOTES):
            return inner.strip()
    return text


def unique_names(names: Iterable[str], *, exclude: Iterable[str] = ()) -> list[str]:
    """Names in first-seen order without repeats (compared case- and width-insensitively)."""
    seen = {name_key(name) for name in exclude}
    result: list[str] = []
    for name in names:
        key = name_key(name)
        if not key or key in seen:
            continue
        seen.add(key)
        result.append(name)
    return result


def sort_names(
    name: str, candidates: Iterable[str], natives: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """Split candidate names into (aliases, native_names) by script, deduplicated.

    Neither list repeats the primary name or each other.
    """
    latin: list[str] = []
    native: list[str] = list(natives)
    for candidate in candidates:
        (native if is_native(candidate) else latin).append(candidate)
    aliases = unique_names(latin, exclude=[name])
    native_names = unique_names(native, exclude=[name, *aliases])
    return aliases, native_names


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode a CSV export: UTF-8 with or without BOM, UTF-16 with BOM, else Shift-JIS (cp932).

    Excel on Japanese Windows saves "CSV" as cp932, and "CSV UTF-8" with a BOM.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "cp932"
    except UnicodeDecodeError as exc:
        raise ImportFormatError(
            [RowProblem(None, None, "the CSV file is neither UTF-8 nor Shift-JIS (cp932) text")]
        ) from exc
