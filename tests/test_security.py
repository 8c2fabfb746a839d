"""Who may call what: every API endpoint and page against every role, and login throttling."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from licensing.models import Case, Role
from screening.models import ScreeningHit
from tests.factories import PASSWORD, api_as, application_payload, authority_user, exporter_at

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "owner", "other_exporter", "officer", "senior", "list_admin"]


@pytest.fixture
def world(sample_eul, django_capture_on_commit_callbacks):
    users = {
        "owner": exporter_at("Acme Precision K.K.", "acme"),
        "other_exporter": exporter_at("Rival Electronics Co., Ltd.", "rival"),
        "officer": authority_user("officer1", Role.OFFICER),
        "senior": authority_user("senior1", Role.SENIOR_OFFICER),
        "list_admin": authority_user("listadmin1", Role.LIST_ADMIN),
    }
    client = api_as(users["owner"])
    parties = [
        {"role": "consignee", "name": "Falcon Ridge General Trading", "country": "AE"},
        {"role": "end_user", "name": "Falcon Ridge General Trading", "country": "AE"},
    ]
    pump = {
        "description": "Pump",
        "hs_code": "8413.70",
        "quantity": "1",
        "unit": "pcs",
        "value_jpy": 1000,
    }
    submitted = client.post(
        "/api/applications/",
        application_payload(destination_country="AE", goods=[pump], parties=parties),
        format="json",
    ).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/api/applications/{submitted}/submit/")
    draft = client.post("/api/applications/", application_payload(), format="json").json()["id"]
    case = Case.objects.get(application_id=submitted)
    hit = ScreeningHit.objects.filter(run__application_id=submitted).first()
    assert hit is not None
    return {
        "users": users,
        "draft": draft,
        "submitted": submitted,
        "case": case.pk,
        "hit": hit.pk,
        "version": sample_eul.pk,
    }


def client_for(world, role):
    if role == "anonymous":
        return APIClient()
    return api_as(world["users"][role])


# (method, path template, body, expected status per role in ROLES order)
# Reads that must not change anything; writes are checked only for who may NOT do them.
API: list[tuple[str, str, object, list[int | None]]] = [
    ("get", "/api/applications/{draft}/", None, [401, 200, 404, 404, 404, 404]),
    ("get", "/api/applications/{submitted}/", None, [401, 200, 404, 200, 200, 404]),
    ("post", "/api/applications/{draft}/submit/", None, [401, None, 404, 404, 404, 404]),
    ("put", "/api/applications/{draft}/", "payload", [401, None, 404, 404, 404, 404]),
    ("post", "/api/applications/", "payload", [401, None, None, 403, 403, 403]),
    ("get", "/api/queues/", None, [401, 404, 404, 200, 200, 404]),
    ("get", "/api/cases/", None, [401, 404, 404, 200, 200, 404]),
    ("get", "/api/cases/{case}/", None, [401, 404, 404, 200, 200, 404]),
    ("post", "/api/cases/{case}/assign/", None, [401, 404, 404, None, None, 404]),
    (
        "post",
        "/api/cases/{case}/decision/",
        {"decision": "refuse", "reasons": "x"},
        [401, 404, 404, None, None, 404],
    ),
    (
        "post",
        "/api/hits/{hit}/disposition/",
        {"disposition": "confirmed", "reason": "x"},
        [401, 404, 404, None, None, 404],
    ),
    ("post", "/api/hits/{hit}/countersign/", None, [401, 404, 404, 403, None, 404]),
    ("get", "/api/lists/", None, [401, 403, 403, 200, 200, 200]),
    ("get", "/api/lists/meti-eul/versions/{version}/", None, [401, 404, 404, 404, 404, 200]),
    (
        "post",
        "/api/lists/meti-eul/versions/{version}/activate/",
        None,
        [401, 404, 404, 404, 404, None],
    ),
    ("post", "/api/lists/meti-eul/rollback/", None, [401, 404, 404, 404, 404, None]),
    (
        "post",
        "/api/screening/check/",
        {"names": [{"name": "Falcon Ridge"}]},
        [401, 200, 200, 200, 200, 403],
    ),
]


def test_every_api_endpoint_answers_each_role_as_the_table_says(world):
    wrong = []
    for method, template, body, expected in API:
        path = template.format(**world)
        for role, status in zip(ROLES, expected, strict=True):
            if status is None:
                continue  # allowed, and exercised by the feature tests
            data = application_payload() if body == "payload" else body
            response = getattr(client_for(world, role), method)(path, data, format="json")
            if response.status_code != status:
                wrong.append(
                    f"{role}: {method.upper()} {path} -> {response.status_code}, expected {status}"
                )
    assert wrong == []


PAGES = [
    ("/applications/{draft}/", [302, 200, 404, 404, 404, 404]),
    ("/applications/{submitted}/", [302, 200, 404, 200, 200, 404]),
    ("/applications/{draft}/edit/", [302, 200, 404, 404, 404, 404]),
    ("/queues/", [302, 404, 404, 200, 200, 404]),
    ("/cases/{case}/", [302, 404, 404, 200, 200, 404]),
    ("/dashboard/", [302, 404, 404, 200, 200, 404]),
    ("/lists/", [302, 404, 404, 200, 200, 200]),
]


def test_every_page_answers_each_role_as_the_table_says(world, client):
    wrong = []
    for template, expected in PAGES:
        path = template.format(**world)
        for role, status in zip(ROLES, expected, strict=True):
            client.logout()
            if role != "anonymous":
                client.force_login(world["users"][role])
            code = client.get(path).status_code
            if code != status:
                wrong.append(f"{role}: GET {path} -> {code}, expected {status}")
    assert wrong == []


def test_forms_need_a_csrf_token(world):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world["users"]["owner"])
    assert strict.post(f"/applications/{world['draft']}/submit/").status_code == 403
    pdf = SimpleUploadedFile("c.pdf", b"%PDF-1.4\n%%EOF\n")
    assert (
        strict.post(
            f"/applications/{world['draft']}/documents/", {"doc_type": "contract", "file": pdf}
        ).status_code
        == 403
    )


def test_repeated_wrong_passwords_lock_the_login_for_a_while(acme_exporter, client, settings):
    settings.LOGIN_MAX_FAILURES = 3
    for _ in range(3):
        assert client.post("/login/", {"username": "acme", "password": "wrong"}).status_code == 200
    response = client.post("/login/", {"username": "acme", "password": PASSWORD})
    assert (
        response.status_code == 200
    )  # still the login page: the right password is refused for now
    assert b"Too many failed attempts" in response.content
    other = client.post("/login/", {"username": "someone-else", "password": "wrong"})
    assert b"Too many failed attempts" not in other.content
