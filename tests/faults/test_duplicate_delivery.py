"""The same screening task delivered twice at the same moment (two beat processes sweeping together,
a sweep racing the original message): the application must still be screened and routed once."""

from __future__ import annotations

import time
from collections import Counter

import pytest
import redis

from licensing.services import application_create, application_submit
from screening.models import ScreeningRun
from screening.tasks import screen_application
from tests.faults.support import (
    assert_screened_and_routed_exactly_once,
    varied_payload,
    wait_until_screened,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNT = 30


def wait_until_drained(broker_url: str, queue: str, timeout: float = 60.0) -> None:
    client = redis.Redis.from_url(broker_url)
    try:
        deadline = time.monotonic() + timeout
        while client.llen(queue) and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        client.close()
    time.sleep(2)  # the last deliveries finish (one screening takes milliseconds)


def test_two_deliveries_at_once_still_screen_each_application_once(
    acme_exporter, eul_active, start_worker, task_queue, broker_url, timing
):
    ids = []
    for n in range(COUNT):
        application = application_create(user=acme_exporter, data=varied_payload(n))
        application_submit(user=acme_exporter, application_id=application.pk)
        screen_application.delay(application.pk)  # the duplicate, right behind the original
        ids.append(application.pk)

    start_worker("only")  # two pool processes: each takes one of the two messages
    took = wait_until_screened(ids)
    wait_until_drained(broker_url, task_queue)
    runs = Counter(
        ScreeningRun.objects.filter(application_id__in=ids, reason="submission").values_list(
            "application_id", flat=True
        )
    )
    timing(
        f"{COUNT} applications sent twice each, all under review in {took:.1f}s; "
        f"{sum(1 for n in runs.values() if n > 1)} of them got more than one submission run"
    )
    assert_screened_and_routed_exactly_once(ids)
