"""The Japanese catalogue: the site speaks Japanese when the browser asks for it, and every
message in locale/ja has a translation that the compiled .mo file really carries."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "ja" / "LC_MESSAGES"
PO_FILE = LOCALE / "django.po"
MO_FILE = LOCALE / "django.mo"

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")


@dataclass
class Message:
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False


def read_po(path: Path) -> list[Message]:
    """A small .po reader: msgid, msgid_plural, msgstr / msgstr[n], flags; enough for checks."""
    messages: list[Message] = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        message = Message()
        target: tuple[str, int] | None = None
        for line in block.splitlines():
            if line.startswith("#~"):
                message.obsolete = True
                continue
            if line.startswith("#,"):
                message.flags |= {f.strip() for f in line[2:].split(",")}
                continue
            if line.startswith("#") or not line.strip():
                continue
            keyword, _, rest = line.partition(" ")
            if line.startswith('"'):
                text = ast.literal_eval(line)
            else:
                text = ast.literal_eval(rest)
                if keyword == "msgid":
                    target = ("msgid", 0)
                elif keyword == "msgid_plural":
                    target = ("msgid_plural", 0)
                    message.msgid_plural = ""
                elif keyword.startswith("msgstr"):
                    index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
                    target = ("msgstr", index)
                    message.msgstr[index] = ""
            assert target is not None, f"unexpected line in {path.name}: {line!r}"
            kind, index = target
            if kind == "msgid":
                message.msgid += text
            elif kind == "msgid_plural":
                message.msgid_plural = (message.msgid_plural or "") + text
            else:
                message.msgstr[index] += text
        if not message.obsolete:
            messages.append(message)
    return messages


@pytest.fixture(scope="module")
def catalogue() -> list[Message]:
    return [m for m in read_po(PO_FILE) if m.msgid]  # the header has an empty msgid


@pytest.fixture(autouse=True)
def _back_to_the_default_language():
    yield
    translation.deactivate()


@pytest.mark.django_db
def test_the_login_page_is_in_japanese_when_the_browser_asks_for_it(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ja")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ja">' in page
    assert ">ログイン</button>" in page
    assert "ユーザー名" in page and "パスワード" in page
    assert ">Log in</button>" not in page


@pytest.mark.django_db
@pytest.mark.parametrize("accept_language", ["en", "en-GB,en;q=0.9", "fr", None])
def test_the_login_page_is_in_english_otherwise(client, accept_language):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get(reverse("login"), **headers)

    page = response.content.decode()
    assert response.status_code == 200
    assert ">Log in</button>" in page
    assert "ログイン" not in page


def test_the_japanese_catalogue_declares_japanese_with_a_single_plural_form():
    header = read_po(PO_FILE)[0]
    assert header.msgid == ""
    assert "Language: ja\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_every_message_in_the_japanese_catalogue_is_translated(catalogue):
    assert catalogue, "the catalogue has no messages"
    untranslated = [m.msgid for m in catalogue if not m.msgstr.get(0, "").strip()]
    fuzzy = [m.msgid for m in catalogue if "fuzzy" in m.flags]

    assert untranslated == []
    assert fuzzy == []


def test_every_translation_keeps_the_placeholders_of_its_message(catalogue):
    broken = [
        m.msgid
        for m in catalogue
        if sorted(PLACEHOLDER.findall(m.msgid)) != sorted(PLACEHOLDER.findall(m.msgstr.get(0, "")))
    ]
    assert broken == []


def test_the_compiled_catalogue_exists_and_carries_every_translation(catalogue):
    assert MO_FILE.is_file(), "run: manage.py compilemessages -l ja --ignore=.venv"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    stale = []
    for m in catalogue:
        if m.msgid_plural is None:
            found = compiled.gettext(m.msgid)
        else:
            found = compiled.ngettext(m.msgid, m.msgid_plural, 1)
        if found != m.msgstr[0]:
            stale.append(m.msgid)
    assert stale == [], "the .mo is older than the .po: run compilemessages"
