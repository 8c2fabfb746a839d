"""The real METI End User List revision 2025-01-31 -> 2025-09-29 through upload, diff, activation, re-screening."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from licensing.models import Case, Role
from screening.services import list_version_import
from tests.factories import api_as, application_payload, authority_user

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]


def test_the_real_revision_diff_is_believable_and_a_newly_listed_consignee_gains_a_hit(
    shared_data, acme_exporter, list_admin, django_capture_on_commit_callbacks
):
    admin2 = authority_user("listadmin2", Role.LIST_ADMIN)
    eul = shared_data / "lists" / "meti-eul"
    old = list_version_import(
        source="meti-eul", path=eul / "2025-01-31" / "end-user-list-2025-01-31.xlsx", activate=True
    )
    assert old.entry_count == 748

    client = api_as(acme_exporter)
    parties = [
        {
            "role": "consignee",
            "name": "Pegah Aluminum Arak Co.",
            "address": "Arak",
            "country": "IR",
        },
        {"role": "end_user", "name": "Pegah Aluminum Arak Co.", "address": "Arak", "country": "IR"},
    ]
    pump = {
        "description": "Induction furnace spare coil",
        "hs_code": "8514.20",
        "quantity": "2",
        "unit": "pcs",
        "value_jpy": 2_400_000,
    }
    app_id = client.post(
        "/api/applications/",
        application_payload(destination_country="IR", goods=[pump], parties=parties),
        format="json",
    ).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/applications/{app_id}/submit/")
    assert Case.objects.get(application_id=app_id).queue.code != "wmd"

    data = (eul / "2025-09-29" / "20250929_4.xlsx").read_bytes()
    response = api_as(list_admin).post(
        "/api/lists/meti-eul/versions/",
        {
            "file": SimpleUploadedFile("20250929_4.xlsx", data),
            "published_on": "2025-09-29",
            "effective_from": "2025-10-09",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["entry_count"] == 835
    diff = body["diff"]
    assert diff["added"] - diff["removed"] == 835 - 748  # METI: 87 more than before
    assert 85 <= diff["added"] <= 100 and diff["removed"] <= 10
    detail = api_as(list_admin).get(f"/api/lists/meti-eul/versions/{body['id']}/").json()
    assert "PEGAH ALUMINUM ARAK COMPANY" in [e["name"] for e in detail["diff_entries"]["added"]]

    api_as(list_admin).post(f"/api/lists/meti-eul/versions/{body['id']}/activate/")
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            api_as(admin2).post(f"/api/lists/meti-eul/versions/{body['id']}/activate/").status_code
            == 200
        )
    case = Case.objects.get(application_id=app_id)
    assert case.queue.code == "wmd"
    assert case.outcome == "licence_required"
    job = (
        api_as(list_admin).get(f"/api/lists/meti-eul/versions/{body['id']}/").json()["rescreen_job"]
    )
    assert job["status"] == "completed"
    assert any(item["application_id"] == app_id and item["gained"] for item in job["impact"])
