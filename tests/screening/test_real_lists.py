"""The real published lists loaded through import_list and screened through the service."""

from collections.abc import Iterator

import pytest
from django.db import transaction

from screening.index import clear_cache
from screening.models import ListVersion
from screening.services import list_version_import, names_screen
from tests.conftest import shared_data_dir

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]

NEWEST = {
    "meti-eul": "meti-eul/2025-09-29/20250929_4.xlsx",
    "un": "un/2026-02-27/consolidated.xml",
    "ofac-sdn": "ofac-sdn/2021-07",
    "mof": "mof/2026-03-05/shisantouketsu20260305.xlsx",
    "us-csl": "us-csl/2022-05/consolidated.csv",
}


@pytest.fixture(scope="module")
def real_lists(django_db_setup, django_db_blocker) -> Iterator[dict[str, ListVersion]]:
    """Loaded once for the module inside a transaction that is rolled back at its end."""
    data = shared_data_dir()
    if not (data / "lists").is_dir():
        pytest.skip(f"real list data not found at {data} (set SCREENING_DATA)")
    with django_db_blocker.unblock(), transaction.atomic():
        versions = {
            code: list_version_import(source=code, path=data / "lists" / rel, activate=True)
            for code, rel in NEWEST.items()
        }
        clear_cache()
        yield versions
        clear_cache()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _fresh_index() -> None:
    """The module's lists do not change between its tests, so the index is built once."""


def top_hit(name: str, country: str | None = None, kind: str | None = None) -> dict:
    result = names_screen(queries=[{"id": "q", "name": name, "country": country, "kind": kind}])[0]
    assert result["hits"], f"no hit for {name!r}"
    return result["hits"][0]


def test_every_real_list_loads_with_its_published_entry_count(real_lists):
    counts = {code: version.entry_count for code, version in real_lists.items()}
    assert counts["meti-eul"] == 835
    assert counts["un"] == 1003
    assert counts["ofac-sdn"] == 8976
    assert counts["us-csl"] == 14160
    assert counts["mof"] >= 2861
    for version in real_lists.values():
        assert version.entries.count() == version.entry_count


def test_a_real_end_user_list_entity_alerts_with_its_concern_type(real_lists):
    hit = top_hit("Candid General Trading L.L.C.", "AE", "organisation")
    assert hit["list"] == "meti-eul"
    assert hit["alert"] is True
    assert hit["entry_name"] == "Candid General Trading LLC"
    assert hit["explanation"]["list_version"] == real_lists["meti-eul"].label


def test_a_un_listed_person_is_found_with_name_order_reversed(real_lists):
    from screening.models import ListEntry

    person = (
        ListEntry.objects.filter(version=real_lists["un"], kind="person").exclude(name="").first()
    )
    assert person is not None
    tokens = person.name.split()
    reversed_name = " ".join(tokens[1:] + tokens[:1])
    result = names_screen(queries=[{"id": "q", "name": reversed_name, "kind": "person"}])[0]
    assert any(
        h["list"] == "un" and h["source_id"] == person.source_id and h["alert"]
        for h in result["hits"]
    )


def test_ordinary_companies_do_not_alert(real_lists):
    clean = [
        "Toyota Motor Corporation",
        "Rheinland Getriebe GmbH",
        "Fujairah Desalination Company",
        "Sakura Electronics Co., Ltd.",
        "University of Tokyo",
    ]
    results = names_screen(queries=[{"id": n, "name": n} for n in clean])
    alerting = [(r["id"], h["entry_name"]) for r in results for h in r["hits"] if h["alert"]]
    assert alerting == []
