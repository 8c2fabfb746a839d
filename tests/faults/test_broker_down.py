"""The broker is unreachable when exporters submit: nothing is lost, the sweeper sends it later."""

from __future__ import annotations

import logging
import time

import pytest

from licensing.models import ApplicationStatus
from screening.services import stuck_work_resend
from tests.factories import api_as
from tests.faults.support import (
    assert_screened_and_routed_exactly_once,
    point_producer,
    status_counts,
    varied_payload,
    wait_until_screened,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

COUNT = 20
NOTHING_LISTENS = "redis://127.0.0.1:6390/0"
SWEEP_INTERVAL = 60.0  # Celery beat's schedule for screening.sweep_stuck_work


def test_submissions_while_the_broker_is_down_answer_200_and_the_sweeper_sends_them_later(
    acme_exporter, eul_active, start_worker, task_queue, broker_url, stuck_after, caplog, timing
):
    import redis

    start_worker("only")
    client = api_as(acme_exporter)
    point_producer(broker_url=NOTHING_LISTENS, queue=task_queue)
    ids = []
    slowest = 0.0
    started = time.monotonic()
    with caplog.at_level(logging.ERROR, logger="tradecontrol.tasks"):
        for n in range(COUNT):
            app_id = client.post("/api/applications/", varied_payload(n), format="json").json()[
                "id"
            ]
            before = time.monotonic()
            response = client.post(f"/api/applications/{app_id}/submit/")
            slowest = max(slowest, time.monotonic() - before)
            assert response.status_code == 200, response.content
            assert response.json()["status"] == "submitted"
            ids.append(app_id)
    timing(
        f"{COUNT} submitted with the broker down in {time.monotonic() - started:.1f}s "
        f"(slowest submit {slowest:.2f}s)"
    )
    unsent = [
        r for r in caplog.records if "could not send screening.screen_application" in r.message
    ]
    assert len(unsent) == COUNT

    # Nothing reached the queue, nothing was lost: every application waits, submitted.
    queued = redis.Redis.from_url(broker_url)
    try:
        assert queued.llen(task_queue) == 0
    finally:
        queued.close()
    time.sleep(2)
    assert status_counts(ids) == {ApplicationStatus.SUBMITTED: COUNT}

    point_producer(broker_url=broker_url, queue=task_queue)
    time.sleep(stuck_after + 1)  # past the sweeper's deadline
    assert stuck_work_resend() == {"applications": COUNT, "rescreen_jobs": 0}
    took = wait_until_screened(ids, timeout=SWEEP_INTERVAL)
    timing(f"all {COUNT} under review {took:.1f}s after one sweep")
    assert_screened_and_routed_exactly_once(ids)
