"""Scheduled refresh of sanctions lists, against a local HTTP server serving the real files."""

import functools
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from screening.feeds import feed_refresh
from screening.models import ListFeed, ListVersion
from screening.services import screening_list_ensure

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *a, **k: None  # type: ignore[attr-defined]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()


def test_a_new_release_is_loaded_and_activated_and_an_unchanged_one_is_not(
    served, shared_data, django_capture_on_commit_callbacks
):
    base, root = served
    (root / "un.xml").write_bytes(
        (shared_data / "lists/un/2026-02-27/consolidated.xml").read_bytes()
    )
    feed = ListFeed.objects.create(screening_list=screening_list_ensure("un"), url=f"{base}/un.xml")
    with django_capture_on_commit_callbacks(execute=True):
        result = feed_refresh(feed_id=feed.pk)
    assert result == "loaded version 1 with 1003 entries (active)" or result.endswith(
        "with 1003 entries (active)"
    )
    assert ListVersion.objects.get(screening_list__code="un", status="active").entry_count == 1003
    assert feed_refresh(feed_id=feed.pk) == "unchanged"
    assert ListVersion.objects.filter(screening_list__code="un").count() == 1


def test_ofac_is_fetched_as_its_three_files(
    served, shared_data, django_capture_on_commit_callbacks
):
    base, root = served
    folder = root / "ofac"
    folder.mkdir()
    for name in ("sdn.csv", "alt.csv", "add.csv"):
        (folder / name).write_bytes((shared_data / "lists/ofac-sdn/2019-01" / name).read_bytes())
    feed = ListFeed.objects.create(
        screening_list=screening_list_ensure("ofac-sdn"), url=f"{base}/ofac/"
    )
    with django_capture_on_commit_callbacks(execute=True):
        feed_refresh(feed_id=feed.pk)
    assert (
        ListVersion.objects.get(screening_list__code="ofac-sdn", status="active").entry_count
        == 7379
    )


def test_a_broken_release_or_a_dead_url_changes_nothing_and_is_recorded(served):
    base, root = served
    (root / "un.xml").write_text("<not-the-un-list/>", encoding="utf-8")
    feed = ListFeed.objects.create(screening_list=screening_list_ensure("un"), url=f"{base}/un.xml")
    assert feed_refresh(feed_id=feed.pk).startswith("rejected")
    dead = ListFeed.objects.create(
        screening_list=screening_list_ensure("mof"), url=f"{base}/missing.xlsx"
    )
    assert feed_refresh(feed_id=dead.pk).startswith("download failed")
    assert ListVersion.objects.count() == 0
    feed.refresh_from_db()
    assert feed.last_checked_at is not None
