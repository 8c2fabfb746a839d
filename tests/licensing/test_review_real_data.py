"""Issue 4's scenario on the real End User List: a listed UAE consignee with not-listed goods."""

import pytest

from licensing.models import Case, Role
from screening.services import list_version_import
from tests.factories import api_as, application_payload, authority_user

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]


def test_candid_general_trading_is_licence_required_on_the_wmd_queue_and_refused(
    shared_data, acme_exporter, officer, django_capture_on_commit_callbacks
):
    list_version_import(
        source="meti-eul",
        path=shared_data / "lists/meti-eul/2025-09-29/20250929_4.xlsx",
        activate=True,
    )
    list_version_import(
        source="un", path=shared_data / "lists/un/2026-02-27/consolidated.xml", activate=True
    )
    exporter = api_as(acme_exporter)
    parties = [
        {
            "role": "buyer",
            "name": "Candid General Trading L.L.C.",
            "address": "Dubai",
            "country": "AE",
        },
        {
            "role": "consignee",
            "name": "Candid General Trading L.L.C.",
            "address": "Dubai",
            "country": "AE",
        },
        {
            "role": "end_user",
            "name": "Candid General Trading L.L.C.",
            "address": "Dubai",
            "country": "AE",
        },
    ]
    valve = {
        "description": "Stainless ball valve",
        "hs_code": "8481.80",
        "quantity": "20",
        "unit": "pcs",
        "value_jpy": 900_000,
    }
    app_id = exporter.post(
        "/api/applications/",
        application_payload(destination_country="AE", goods=[valve], parties=parties),
        format="json",
    ).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        exporter.post(f"/api/applications/{app_id}/submit/")
    case = Case.objects.get(application_id=app_id)
    assert case.queue.code == "wmd"
    assert case.outcome == "licence_required"
    rule = case.determination["rules"][0]
    assert rule["code"] == "C4" and "M" in rule["text"]

    client = api_as(officer)
    detail = client.get(f"/api/cases/{case.pk}/").json()
    alerts = [h for h in detail["hits"] if h["alert"]]
    assert {h["entry_name"] for h in alerts} == {"Candid General Trading LLC"}
    assert all(
        h["list"] == "meti-eul" and "M" in h["entry_attributes"]["concern_types"] for h in alerts
    )
    assert alerts[0]["explanation"]["matched_alias"]
    for hit in detail["hits"]:
        disposition = "confirmed" if hit["alert"] else "false_positive"
        client.post(
            f"/api/hits/{hit['id']}/disposition/",
            {"disposition": disposition, "reason": "Checked address and registry"},
            format="json",
        )
    senior = authority_user("senior1", Role.SENIOR_OFFICER)
    for hit in client.get(f"/api/cases/{case.pk}/").json()["hits"]:
        if hit["awaiting_countersignature"]:
            api_as(senior).post(f"/api/hits/{hit['id']}/countersign/")
    response = client.post(
        f"/api/cases/{case.pk}/decision/",
        {"decision": "refuse", "reasons": "End user is on the End User List (missile concern)."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert exporter.get(f"/api/applications/{app_id}/").json()["decision"]["decision"] == "refuse"


def test_a_clean_application_to_a_group_a_country_needs_no_licence(
    shared_data, acme_exporter, django_capture_on_commit_callbacks
):
    list_version_import(
        source="meti-eul",
        path=shared_data / "lists/meti-eul/2025-09-29/20250929_4.xlsx",
        activate=True,
    )
    exporter = api_as(acme_exporter)
    parties = [
        {"role": "consignee", "name": "Rheinland Getriebe GmbH", "country": "DE"},
        {"role": "end_user", "name": "Rheinland Getriebe GmbH", "country": "DE"},
    ]
    pump = {
        "description": "Pump",
        "hs_code": "8413.70",
        "quantity": "1",
        "unit": "pcs",
        "value_jpy": 100_000,
    }
    app_id = exporter.post(
        "/api/applications/", application_payload(goods=[pump], parties=parties), format="json"
    ).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        exporter.post(f"/api/applications/{app_id}/submit/")
    determination = exporter.get(f"/api/applications/{app_id}/").json()["determination"]
    assert determination["outcome"] == "no_licence_required"
    assert determination["rules"][0]["code"] == "N1"
