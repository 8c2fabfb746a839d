"""Scheduled refresh of sanctions lists from their publishers' URLs."""

from __future__ import annotations

import hashlib
import io
import logging
import urllib.request
import zipfile
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from screening import importers
from screening.importers.base import ImportFormatError
from screening.models import ListFeed, ListVersion
from screening.services import list_version_create

logger = logging.getLogger(__name__)

OFAC_FILES = ("sdn.csv", "alt.csv", "add.csv")


def _get(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "tradecontrol-list-refresh/1"})
    with urllib.request.urlopen(request, timeout=settings.LIST_FEED_TIMEOUT) as response:  # noqa: S310 (admin-configured URL)
        data: bytes = response.read(settings.LIST_FEED_MAX_BYTES + 1)
    if len(data) > settings.LIST_FEED_MAX_BYTES:
        raise ValueError(f"{url} is larger than {settings.LIST_FEED_MAX_BYTES} bytes")
    return data


def _download(feed: ListFeed) -> tuple[str, bytes]:
    code = feed.screening_list.code
    if code != "ofac-sdn":
        return feed.url.rsplit("/", 1)[-1] or f"{code}.dat", _get(feed.url)
    base = feed.url if feed.url.endswith("/") else feed.url + "/"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in OFAC_FILES:
            try:
                archive.writestr(name, _get(base + name))
            except Exception:
                if name == "add.csv":  # optional
                    continue
                raise
    return "ofac-sdn.zip", buffer.getvalue()


def feed_refresh(*, feed_id: int) -> str:
    """Downloads the feed; a release with new content becomes a new version. Returns what happened."""
    from enduser.services import activate_and_rescreen
    from licensing.audit import audit_record

    feed = ListFeed.objects.select_related("screening_list").get(pk=feed_id)
    code = feed.screening_list.code
    now = timezone.now()
    try:
        filename, data = _download(feed)
    except Exception as exc:  # the publisher is down or the URL is wrong: record, retry next time
        result = f"download failed: {exc}"
        ListFeed.objects.filter(pk=feed.pk).update(last_checked_at=now, last_result=result[:500])
        logger.warning("list feed %s: %s", code, result)
        return result
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 == feed.last_sha256:
        result = "unchanged"
        ListFeed.objects.filter(pk=feed.pk).update(last_checked_at=now, last_result=result)
        return result
    try:
        parsed = importers.parse_upload(code, filename, data)
    except ImportFormatError as exc:
        result = "rejected: " + "; ".join(str(p) for p in exc.problems[:5])
        ListFeed.objects.filter(pk=feed.pk).update(last_checked_at=now, last_result=result[:500])
        return result
    with transaction.atomic():
        version = list_version_create(
            code=code,
            result=parsed,
            source_name=filename,
            sha256=sha256,
            diff_base=ListVersion.objects.filter(
                screening_list=feed.screening_list, status="active"
            ).first(),
        )
        audit_record(
            actor=None,
            verb="list_feed_loaded",
            target=f"list_version:{version.pk}",
            payload={
                "list": code,
                "url": feed.url,
                "sha256": sha256,
                "entries": version.entry_count,
            },
        )
        if feed.activate:
            activate_and_rescreen(version=version, user=None)
        result = f"loaded version {version.pk} with {version.entry_count} entries" + (
            " (active)" if feed.activate else ""
        )
        ListFeed.objects.filter(pk=feed.pk).update(
            last_checked_at=now, last_sha256=sha256, last_result=result
        )
    return result


def feeds_due() -> list[int]:
    return list(
        ListFeed.objects.filter(enabled=True, screening_list__enabled=True).values_list(
            "pk", flat=True
        )
    )


def feed_ids_refresh_all() -> dict[str, Any]:
    return {str(feed_id): feed_refresh(feed_id=feed_id) for feed_id in feeds_due()}
