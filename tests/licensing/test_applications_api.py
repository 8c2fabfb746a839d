import io
from unittest import mock

import pytest

from licensing.models import ApplicationStatus, AuditEvent, LicenceApplication
from tests.factories import api_as, application_payload

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def create(client, **overrides):
    return client.post("/api/applications/", application_payload(**overrides), format="json")


def test_an_exporter_creates_a_draft_with_goods_and_parties(acme_exporter):
    response = create(api_as(acme_exporter))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["reference"].startswith("TC-")
    assert body["applicant"] == "Acme Precision K.K."
    assert [g["control_code"] for g in body["goods"]] == ["6(1)", ""]
    assert [g["hs_code"] for g in body["goods"]] == ["845710", "841370"]
    assert [p["role"] for p in body["parties"]] == ["buyer", "consignee", "end_user"]
    assert (
        AuditEvent.objects.filter(verb="application_created", application_id=body["id"]).count()
        == 1
    )


@pytest.mark.parametrize(
    ("overrides", "path"),
    [
        ({"destination_country": "XX"}, ("destination_country",)),
        (
            {
                "goods": [
                    {
                        "description": "Pump",
                        "hs_code": "841370",
                        "quantity": "-3",
                        "unit": "pcs",
                        "value_jpy": 10,
                    }
                ]
            },
            ("goods", 0, "quantity"),
        ),
        (
            {
                "goods": [
                    {
                        "description": "Pump",
                        "hs_code": "841370",
                        "quantity": "1e12",
                        "unit": "pcs",
                        "value_jpy": 10,
                    }
                ]
            },
            ("goods", 0, "quantity"),
        ),
        (
            {
                "goods": [
                    {
                        "description": "Pump",
                        "hs_code": "841370",
                        "quantity": "1",
                        "unit": "pcs",
                        "value_jpy": -5,
                    }
                ]
            },
            ("goods", 0, "value_jpy"),
        ),
        (
            {
                "goods": [
                    {
                        "description": "Pump",
                        "hs_code": "841370",
                        "quantity": "1",
                        "unit": "pcs",
                        "value_jpy": "99999999999999999",
                    }
                ]
            },
            ("goods", 0, "value_jpy"),
        ),
        (
            {
                "goods": [
                    {
                        "description": "Lathe",
                        "control_code": "99(1)",
                        "quantity": "1",
                        "unit": "pcs",
                        "value_jpy": 10,
                    }
                ]
            },
            ("goods", 0, "control_code"),
        ),
        (
            {
                "goods": [
                    {
                        "description": "Pump",
                        "control_code": "",
                        "quantity": "1",
                        "unit": "pcs",
                        "value_jpy": 10,
                    }
                ]
            },
            ("goods", 0, "hs_code"),
        ),
        (
            {"parties": [{"role": "consignee", "name": "X Ltd", "country": "ZZ"}]},
            ("parties", 0, "country"),
        ),
        (
            {"parties": [{"role": "consignee", "name": "  ...  ", "country": "DE"}]},
            ("parties", 0, "name"),
        ),
    ],
)
def test_bad_input_is_rejected_with_the_field_named_and_nothing_saved(
    acme_exporter, overrides, path
):
    response = create(api_as(acme_exporter), **overrides)
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body["code"] == "invalid"
    errors = body["errors"]
    for key in path:
        errors = errors[key]
    assert errors and all(isinstance(m, str) for m in errors)
    assert LicenceApplication.objects.count() == 0


def test_control_codes_written_the_japanese_way_are_understood(acme_exporter):
    goods = [
        {
            "description": "Bio fermenter",
            "control_code": "３の２の項（２）",
            "quantity": "1",
            "unit": "set",
            "value_jpy": 5,
        }
    ]
    response = create(api_as(acme_exporter), goods=goods)
    assert response.status_code == 201, response.json()
    assert response.json()["goods"][0]["control_code"] == "3-2(2)"


def test_submission_moves_to_submitted_and_sends_screening_only_after_commit(
    acme_exporter, django_capture_on_commit_callbacks
):
    client = api_as(acme_exporter)
    app_id = create(client).json()["id"]
    with mock.patch("screening.tasks.screen_application.delay") as delay:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            response = client.post(f"/api/applications/{app_id}/submit/")
            assert response.status_code == 200, response.json()
            assert response.json()["status"] == "submitted"
            delay.assert_not_called()  # nothing is sent while the transaction is open
        assert len(callbacks) == 1
        callbacks[0]()
        delay.assert_called_once_with(app_id)
    history = response.json()["status_history"]
    assert [(h["status_from"], h["status_to"]) for h in history] == [("draft", "submitted")]


def test_submitting_runs_screening_and_moves_the_application_on(
    acme_exporter, sample_eul, django_capture_on_commit_callbacks
):
    client = api_as(acme_exporter)
    app_id = create(client).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/applications/{app_id}/submit/")
    body = client.get(f"/api/applications/{app_id}/").json()
    assert body["status"] == "under_review"
    assert [h["status_to"] for h in body["status_history"]] == [
        "submitted",
        "screening",
        "under_review",
    ]
    assert body["screening"]["parties_screened"] == 3
    # every time in the answer is in the site's time zone, the nested ones as the others
    times = [body["created_at"], body["submitted_at"], body["screening"]["started_at"]]
    times += [body["screening"]["finished_at"], body["case"]["accepted_at"]]
    assert all(t.endswith("+09:00") for t in times), times


def test_running_the_screening_task_twice_changes_nothing(
    acme_exporter, django_capture_on_commit_callbacks
):
    from screening.tasks import screen_application

    client = api_as(acme_exporter)
    app_id = create(client).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/applications/{app_id}/submit/")
    events_before = AuditEvent.objects.count()
    screen_application.delay(app_id)
    screen_application.delay(app_id)
    assert AuditEvent.objects.count() == events_before
    assert LicenceApplication.objects.get(pk=app_id).screening_runs.count() == 1


def test_submitting_twice_is_a_conflict_and_changes_nothing(acme_exporter):
    client = api_as(acme_exporter)
    app_id = create(client).json()["id"]
    assert client.post(f"/api/applications/{app_id}/submit/").status_code == 200
    events = AuditEvent.objects.count()
    second = client.post(f"/api/applications/{app_id}/submit/")
    assert second.status_code == 409
    assert "already been submitted" in second.json()["detail"]
    assert AuditEvent.objects.count() == events


def test_a_submitted_application_cannot_be_edited(acme_exporter):
    client = api_as(acme_exporter)
    app_id = create(client).json()["id"]
    client.post(f"/api/applications/{app_id}/submit/")
    response = client.put(
        f"/api/applications/{app_id}/", application_payload(end_use="Something else"), format="json"
    )
    assert response.status_code == 409
    assert LicenceApplication.objects.get(pk=app_id).end_use == "Production of automotive parts."


def test_a_draft_can_be_edited_and_lines_replaced(acme_exporter):
    client = api_as(acme_exporter)
    app_id = create(client).json()["id"]
    payload = application_payload(
        goods=[
            {
                "description": "Only line",
                "hs_code": "8413",
                "quantity": "1",
                "unit": "pcs",
                "value_jpy": 1,
            }
        ]
    )
    response = client.put(f"/api/applications/{app_id}/", payload, format="json")
    assert response.status_code == 200, response.json()
    assert [g["description"] for g in response.json()["goods"]] == ["Only line"]


def test_submission_needs_goods_a_consignee_and_an_end_user(acme_exporter):
    client = api_as(acme_exporter)
    app_id = create(client, parties=[{"role": "buyer", "name": "B GmbH", "country": "DE"}]).json()[
        "id"
    ]
    response = client.post(f"/api/applications/{app_id}/submit/")
    assert response.status_code == 400
    assert "parties" in response.json()["errors"]
    assert LicenceApplication.objects.get(pk=app_id).status == ApplicationStatus.DRAFT


def test_another_company_cannot_see_or_touch_the_application(acme_exporter, rival_exporter):
    app_id = create(api_as(acme_exporter)).json()["id"]
    rival = api_as(rival_exporter)
    assert rival.get(f"/api/applications/{app_id}/").status_code == 404
    assert rival.post(f"/api/applications/{app_id}/submit/").status_code == 404
    assert (
        rival.put(f"/api/applications/{app_id}/", application_payload(), format="json").status_code
        == 404
    )
    assert rival.get("/api/applications/").json()["count"] == 0
    assert LicenceApplication.objects.get(pk=app_id).status == ApplicationStatus.DRAFT


def test_officers_see_submitted_applications_but_cannot_create_them(acme_exporter, officer):
    exporter = api_as(acme_exporter)
    draft_id = create(exporter).json()["id"]
    submitted_id = create(exporter).json()["id"]
    exporter.post(f"/api/applications/{submitted_id}/submit/")
    client = api_as(officer)
    assert client.get(f"/api/applications/{draft_id}/").status_code == 404
    assert client.get(f"/api/applications/{submitted_id}/").status_code == 200
    response = create(client)
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


def test_list_administrators_see_no_applications(acme_exporter, list_admin):
    app_id = create(api_as(acme_exporter)).json()["id"]
    assert api_as(list_admin).get(f"/api/applications/{app_id}/").status_code == 404


def test_anonymous_callers_are_refused(acme_exporter, client):
    assert client.get("/api/applications/").status_code in (401, 403)


def test_a_token_is_issued_for_valid_credentials_and_works(acme_exporter, client):
    from rest_framework.test import APIClient

    from tests.factories import PASSWORD

    response = client.post("/api/auth/token/", {"username": "acme", "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.post("/api/applications/", application_payload(), format="json").status_code == 201
    assert (
        client.post("/api/auth/token/", {"username": "acme", "password": "wrong"}).status_code
        == 400
    )


def test_documents_are_accepted_by_content_and_refused_otherwise(acme_exporter, settings):
    client = api_as(acme_exporter)
    app_id = create(client).json()["id"]
    good = io.BytesIO(PDF)
    good.name = "contract.pdf"
    response = client.post(
        f"/api/applications/{app_id}/documents/",
        {"doc_type": "contract", "file": good},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["content_type"] == "application/pdf"

    fake = io.BytesIO(b"MZ\x90\x00 this is really an executable")
    fake.name = "pledge.pdf"
    response = client.post(
        f"/api/applications/{app_id}/documents/",
        {"doc_type": "end_user_pledge", "file": fake},
        format="multipart",
    )
    assert response.status_code == 400
    assert "file" in response.json()["errors"]

    settings.DOCUMENT_MAX_BYTES = 100
    big = io.BytesIO(PDF + b"0" * 200)
    big.name = "specs.pdf"
    response = client.post(
        f"/api/applications/{app_id}/documents/",
        {"doc_type": "specifications", "file": big},
        format="multipart",
    )
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]["file"][0]
    assert LicenceApplication.objects.get(pk=app_id).documents.count() == 1


def test_the_openapi_schema_and_docs_are_served(acme_exporter, client):
    client.force_login(acme_exporter)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/applications/{id}/submit/" in schema.content
    assert client.get("/api/docs/").status_code == 200


def test_a_party_named_only_by_a_legal_form_is_refused(acme_exporter):
    parties = [{"role": "consignee", "name": "株式会社", "country": "JP"}]
    response = create(api_as(acme_exporter), parties=parties)
    assert response.status_code == 400
    assert "legal form" in response.json()["errors"]["parties"][0]["name"][0]


def test_screening_with_no_active_list_is_recorded_and_leaves_the_case_incomplete(
    acme_exporter, django_capture_on_commit_callbacks
):
    client = api_as(acme_exporter)
    app_id = create(client).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/applications/{app_id}/submit/")
    body = client.get(f"/api/applications/{app_id}/").json()
    assert body["screening"]["parties_screened"] == 0
    assert "no list has an active version" in body["screening"]["problems"][0]["problem"]
    assert "U1" in [rule["code"] for rule in body["determination"]["rules"]]


def test_the_preview_says_what_applies_before_anything_is_saved(acme_exporter):
    client = api_as(acme_exporter)
    pump = {"description": "Pump", "control_code": "", "hs_code": "841370"}
    preview = client.post(
        "/api/applications/preview/", {"destination_country": "AE", "goods": [pump]}, format="json"
    ).json()
    assert preview["destination_group"] == "C"
    assert "End User List" in preview["notes"][0]
    lathe = {"description": "Lathe", "control_code": "6の項(1)", "hs_code": ""}
    preview = client.post(
        "/api/applications/preview/", {"destination_country": "DE", "goods": [lathe]}, format="json"
    ).json()
    assert preview["outcome"] == "licence_required"
    assert [r["code"] for r in preview["rules"]] == ["L1"]
    assert (
        client.post(
            "/api/applications/preview/", {"destination_country": "XX"}, format="json"
        ).json()["outcome"]
        is None
    )
    assert LicenceApplication.objects.count() == 0
