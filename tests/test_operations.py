"""Health and readiness endpoints, the sweeper, and submissions while the broker is down."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from licensing.models import ApplicationStatus, LicenceApplication
from screening.services import stuck_work_resend
from tests.factories import api_as, application_payload

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_login(client):
    assert client.get("/healthz").json() == {"status": "ok"}


def test_readyz_reports_each_check_and_is_not_ready_without_lists(client):
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert "no list" in body["checks"]["lists"]


def test_readyz_is_ready_once_a_list_is_active(client, sample_eul):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["checks"]["lists"] == "meti-eul"


def test_a_submission_while_the_broker_is_down_is_saved_and_the_sweeper_sends_it_later(
    acme_exporter, sample_eul, django_capture_on_commit_callbacks
):
    client = api_as(acme_exporter)
    app_id = client.post("/api/applications/", application_payload(), format="json").json()["id"]
    with (
        mock.patch(
            "screening.tasks.screen_application.delay", side_effect=ConnectionError("redis down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(f"/api/applications/{app_id}/submit/")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert stuck_work_resend() == {
        "applications": 0,
        "rescreen_jobs": 0,
    }  # not yet past the deadline
    LicenceApplication.objects.filter(pk=app_id).update(
        updated_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert stuck_work_resend()["applications"] == 1
    assert LicenceApplication.objects.get(pk=app_id).status == ApplicationStatus.UNDER_REVIEW


def test_the_sweeper_does_not_resend_the_same_application_on_every_sweep(acme_exporter, sample_eul):
    app = LicenceApplication.objects.create(
        applicant=acme_exporter.membership.organisation,
        created_by=acme_exporter,
        status=ApplicationStatus.SUBMITTED,
        destination_country_id="DE",
        end_use="x",
    )
    LicenceApplication.objects.filter(pk=app.pk).update(
        updated_at=timezone.now() - dt.timedelta(hours=1)
    )
    with mock.patch("screening.tasks.screen_application.delay") as delay:
        assert stuck_work_resend()["applications"] == 1
        assert stuck_work_resend()["applications"] == 0  # its clock restarted
    delay.assert_called_once_with(app.pk)
