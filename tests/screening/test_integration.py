"""Submission to screening through real PostgreSQL, Redis and a celery worker process (.ci/run)."""

import time

import pytest

from licensing.models import ApplicationStatus, AuditEvent, LicenceApplication
from screening.models import ScreeningHit, ScreeningRun
from screening.services import list_version_import
from screening.tasks import screen_application
from tests.factories import api_as, application_payload
from tests.screening.conftest import SAMPLES

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def wait_for_status(app_id: int, status: str, timeout: float = 90.0) -> LicenceApplication:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        application = LicenceApplication.objects.get(pk=app_id)
        if application.status == status:
            return application
        time.sleep(0.25)
    raise AssertionError(
        f"application {app_id} still {LicenceApplication.objects.get(pk=app_id).status} after {timeout}s"
    )


def test_a_worker_process_screens_a_submitted_application_once(acme_exporter):
    list_version_import(source="meti-eul", path=SAMPLES / "meti-eul-sample.csv", activate=True)
    client = api_as(acme_exporter)
    parties = [
        {"role": "buyer", "name": "Gulf Water Services FZE", "country": "AE"},
        {
            "role": "consignee",
            "name": "Falcon Ridge General Trading",
            "address": "Dubai",
            "country": "AE",
        },
        {"role": "end_user", "name": "Fujairah Desalination Company", "country": "AE"},
    ]
    app_id = client.post(
        "/api/applications/",
        application_payload(destination_country="AE", parties=parties),
        format="json",
    ).json()["id"]
    response = client.post(f"/api/applications/{app_id}/submit/")
    assert response.status_code == 200
    # The response shows the application as it is now; the worker may already have taken it.
    assert response.json()["status"] in {"submitted", "screening", "under_review"}

    wait_for_status(app_id, ApplicationStatus.UNDER_REVIEW)
    run = ScreeningRun.objects.get(application_id=app_id)
    assert run.status == ScreeningRun.Status.COMPLETED
    assert run.parties_screened == 3
    alert = ScreeningHit.objects.get(run=run, alert=True)
    assert alert.entry.name == "Falcon Ridge General Trading LLC"
    assert alert.explanation["summary"]
    hits, events = (
        ScreeningHit.objects.count(),
        AuditEvent.objects.filter(application_id=app_id).count(),
    )

    # A redelivered message must change nothing.
    screen_application.delay(app_id)
    time.sleep(3)
    assert ScreeningHit.objects.count() == hits
    assert AuditEvent.objects.filter(application_id=app_id).count() == events
    assert ScreeningRun.objects.filter(application_id=app_id).count() == 1
