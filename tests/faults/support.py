"""Helpers of the fault-injection tests: applications, waiting, the sweeper, exactly-once checks."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from licensing.models import ApplicationStatus, AuditEvent, Case, LicenceApplication
from screening.models import ScreeningHit, ScreeningRun
from tests.factories import application_payload


def point_producer(*, broker_url: str | None, queue: str) -> None:
    """Sends this process's tasks to broker_url (None: the configured broker) and queue from now on.

    The write URL is set rather than broker_url, which the CELERY_BROKER_URL variable overrides.
    """
    from tradecontrol.celery import app

    app.conf.update(broker_write_url=broker_url, task_default_queue=queue)
    app._pool = None  # type: ignore[attr-defined]  # new connections to the new URL
    app.__dict__.pop("amqp", None)  # cached: queues, router and producer pool of the old settings


TIMEOUT = 180.0  # generous: only a hung or lost application should ever reach it


def varied_payload(n: int) -> dict[str, Any]:
    """A valid application; every third one names a listed end user so that screening finds hits."""
    listed = [
        ("AE", "Falcon Ridge General Trading"),
        ("HK", "Bright Harbour Electronics Ltd"),
        ("TW", "Jade Summit Technology Co."),
    ]
    country, end_user = (
        listed[(n // 3) % 3] if n % 3 == 0 else ("AE", f"Gulf Water Services {n} FZE")
    )
    return application_payload(
        destination_country=country,
        end_use=f"Spare parts for plant {n}.",
        parties=[
            {"role": "buyer", "name": f"Desert Pumps Trading {n} LLC", "country": country},
            {"role": "consignee", "name": f"Harbour Logistics {n}", "country": country},
            {"role": "end_user", "name": end_user, "country": country},
        ],
    )


def status_counts(ids: Iterable[int]) -> dict[str, int]:
    rows = (
        LicenceApplication.objects.filter(pk__in=list(ids))
        .values("status")
        .annotate(n=Count("id"))
        .order_by("status")
    )
    return {row["status"]: row["n"] for row in rows}


def screened_count(ids: Iterable[int]) -> int:
    return LicenceApplication.objects.filter(
        pk__in=list(ids), status=ApplicationStatus.UNDER_REVIEW
    ).count()


def wait_until_screened(ids: list[int], *, timeout: float = TIMEOUT) -> float:
    """Waits until every application is under review; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if screened_count(ids) == len(ids):
            return time.monotonic() - started
        time.sleep(0.25)
    raise AssertionError(
        f"not all {len(ids)} applications screened after {timeout}s: {status_counts(ids)}"
    )


def sweep_until_screened(
    ids: list[int], *, every: float = 2.0, timeout: float = TIMEOUT
) -> tuple[float, list[int]]:
    """Drives the sweeper as Celery beat would (only more often) until every application is under
    review; returns the seconds it took and how many applications each sweep re-sent."""
    from screening.services import stuck_work_resend

    started = time.monotonic()
    resent: list[int] = []
    while time.monotonic() - started < timeout:
        if screened_count(ids) == len(ids):
            return time.monotonic() - started, resent
        resent.append(stuck_work_resend()["applications"])
        time.sleep(every)
    raise AssertionError(
        f"not all {len(ids)} applications screened after {timeout}s of sweeping "
        f"(re-sent per sweep: {resent}): {status_counts(ids)}"
    )


def assert_screened_and_routed_exactly_once(ids: list[int]) -> None:
    """Each application: under review, one submission run (completed), one case, one
    screening_completed and one case_routed event, and no hit twice."""
    assert status_counts(ids) == {ApplicationStatus.UNDER_REVIEW: len(ids)}

    runs = Counter(
        ScreeningRun.objects.filter(application_id__in=ids, reason="submission").values_list(
            "application_id", flat=True
        )
    )
    assert {a: n for a, n in runs.items() if n != 1} == {}, "applications with several runs"
    assert sorted(runs) == sorted(ids), "applications without a run"
    assert (
        not ScreeningRun.objects.filter(application_id__in=ids)
        .exclude(status=ScreeningRun.Status.COMPLETED)
        .exists()
    )

    cases = Counter(
        Case.objects.filter(application_id__in=ids).values_list("application_id", flat=True)
    )
    assert sorted(cases) == sorted(ids) and set(cases.values()) == {1}

    for verb in ("screening_completed", "case_routed"):
        events = Counter(
            AuditEvent.objects.filter(application_id__in=ids, verb=verb).values_list(
                "application_id", flat=True
            )
        )
        twice = {a: n for a, n in events.items() if n != 1}
        assert twice == {}, f"{verb} recorded more than once: {twice}"
        assert sorted(events) == sorted(ids), f"applications without {verb}"

    hits = ScreeningHit.objects.filter(run__application_id__in=ids)
    keys = Counter(hits.values_list("run__application_id", "party_id", "entry_id"))
    assert {k: n for k, n in keys.items() if n != 1} == {}, "a party matched one entry twice"
    # What the completed event reported is what is stored.
    reported = {
        e.application_id: e.payload["hits"]
        for e in AuditEvent.objects.filter(application_id__in=ids, verb="screening_completed")
    }
    stored = Counter(hits.values_list("run__application_id", flat=True))
    assert {a: stored.get(a, 0) for a in ids} == {a: reported[a] for a in ids}
    assert sum(stored.values()) > 0, "the batch was meant to produce hits"
