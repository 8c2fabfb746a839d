"""Re-screening after a revision on a real celery worker, PostgreSQL and Redis (.ci/run).

The worker's pool process is daemonic; the re-screening forks processes of its own to screen the
stored parties, which must work there and give what one process gives.
"""

import time

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from enduser.models import RescreenJob
from licensing.models import ApplicationStatus, LicenceApplication, Organisation, Party, Role
from screening.models import ScreeningHit
from tests.enduser.test_revisions import HEADER, KAVEH_REVISION
from tests.factories import api_as, authority_user

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_worker_re_screens_stored_parties_on_forked_processes(
    list_admin, sample_eul, settings, tmp_path
):
    assert settings.RESCREEN_PROCESSES >= 2
    user = get_user_model().objects.create(username="stored-exporter")
    org = Organisation.objects.create(name="Stored Exporter K.K.")
    apps = LicenceApplication.objects.bulk_create(
        LicenceApplication(
            reference=f"ST-2026-{i:06d}",
            applicant=org,
            created_by=user,
            status=ApplicationStatus.UNDER_REVIEW,
            destination_country_id="IR",
            end_use="stored",
            submitted_at=timezone.now(),
        )
        for i in range(40)
    )
    # 120 distinct names (enough to fork), two applications naming the newly listed entity
    parties = [
        Party(
            application=app,
            position=k,
            role="consignee",
            name=f"Harmless {i}-{k} Trading",
            country_id="IR",
        )
        for i, app in enumerate(apps)
        for k in range(3)
    ]
    parties[0].name = parties[60].name = "Kaveh Rotor Engineering Co."
    Party.objects.bulk_create(parties)

    rows = (HEADER + "\n".join(KAVEH_REVISION) + "\n").encode("utf-8")
    upload = tmp_path / "eul.csv"
    upload.write_bytes(rows)
    with upload.open("rb") as f:
        draft = api_as(list_admin).post(
            "/api/lists/meti-eul/versions/", {"file": f}, format="multipart"
        )
    draft_id = draft.json()["id"]
    second = authority_user("listadmin-two", Role.LIST_ADMIN)
    api_as(list_admin).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    api_as(second).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")

    deadline = time.monotonic() + 120
    job = RescreenJob.objects.get(new_version_id=draft_id)
    while time.monotonic() < deadline and job.status not in ("completed", "failed"):
        time.sleep(0.25)
        job.refresh_from_db()
    assert job.status == "completed", job.error
    assert job.parties_done == job.parties_total == 120
    gained = {item["reference"] for item in job.impact if item["gained"]}
    assert gained == {"ST-2026-000000", "ST-2026-000020"}
    assert (
        ScreeningHit.objects.filter(
            party__name="Kaveh Rotor Engineering Co.", closed_note=""
        ).count()
        == 2
    )
