"""A worker is killed (SIGKILL, whole process group) while it screens a batch of applications."""

from __future__ import annotations

import time

import pytest

from licensing.models import ApplicationStatus
from licensing.services import application_create, application_submit
from tests.faults.support import (
    TIMEOUT,
    assert_screened_and_routed_exactly_once,
    status_counts,
    sweep_until_screened,
    varied_payload,
)

pytestmark = [
    pytest.mark.faults,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BATCH = 50


def test_kill_9_mid_batch_then_a_fresh_worker_and_the_sweeper_screen_everything_once(
    acme_exporter, eul_active, start_worker, timing
):
    # The batch is queued first, so the worker is guaranteed to be in the middle of it.
    started = time.monotonic()
    ids = []
    for n in range(BATCH):
        application = application_create(user=acme_exporter, data=varied_payload(n))
        application_submit(user=acme_exporter, application_id=application.pk)
        ids.append(application.pk)
    timing(f"{BATCH} applications submitted in {time.monotonic() - started:.1f}s")
    assert status_counts(ids) == {ApplicationStatus.SUBMITTED: BATCH}

    first = start_worker("first", wait_ready=False)
    started = time.monotonic()
    # Preferably while an application is half screened (claimed, its results not yet committed).
    while True:
        counts = status_counts(ids)
        screened = counts.get(ApplicationStatus.UNDER_REVIEW, 0)
        if screened >= 15 or (screened >= 3 and counts.get(ApplicationStatus.SCREENING)):
            break
        assert time.monotonic() - started < TIMEOUT, f"too little screened: {counts}"
        time.sleep(0.002)
    first.kill()
    at_kill = status_counts(ids)
    timing(f"worker killed {time.monotonic() - started:.1f}s after its start: {at_kill}")
    assert at_kill.get(ApplicationStatus.UNDER_REVIEW, 0) < BATCH, (
        "the worker finished the whole batch before it could be killed"
    )

    start_worker("fresh")
    took, resent = sweep_until_screened(ids)
    timing(
        f"all {BATCH} under review {took:.1f}s after the fresh worker was ready; "
        f"applications re-sent per sweep: {resent}"
    )
    assert_screened_and_routed_exactly_once(ids)
