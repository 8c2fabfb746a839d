"""Bad input found by fuzzing the OpenAPI schema: each gives 400 naming the field (or a plain
answer), never a server error."""

import pytest

from licensing.models import LicenceApplication
from tests.factories import api_as, application_payload

pytestmark = pytest.mark.django_db


def create(client, **overrides):
    response = client.post("/api/applications/", application_payload(**overrides), format="json")
    assert response.status_code == 201, response.json()
    return response.json()


# --- filters on a country's code ----------------------------------------------------------------


def test_applications_filter_by_destination_in_any_case(acme_exporter):
    client = api_as(acme_exporter)
    created = create(client)

    for value in ("DE", "de"):
        response = client.get("/api/applications/", {"destination_country": value})
        assert response.status_code == 200, response.content
        assert [a["id"] for a in response.json()["results"]] == [created["id"]]
    response = client.get("/api/applications/", {"destination_country": "7}Ûú'"})
    assert response.status_code == 200
    assert response.json()["results"] == []


def test_cases_filter_by_destination_in_any_case(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    client = api_as(acme_exporter)
    created = create(client)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/api/applications/{created['id']}/submit/").status_code == 200

    officer_client = api_as(officer)
    for value in ("de", "DE"):
        response = officer_client.get("/api/cases/", {"destination": value})
        assert response.status_code == 200, response.content
        assert [c["application_id"] for c in response.json()["results"]] == [created["id"]]
    response = officer_client.get("/api/cases/", {"destination": "zz"})
    assert response.status_code == 200
    assert response.json()["results"] == []


# --- product ids beyond what the database holds -------------------------------------------------


@pytest.mark.parametrize("product_id", [2**63, 10**20, 0, -1])
def test_a_product_id_out_of_range_is_a_field_error(acme_exporter, product_id):
    payload = application_payload()
    payload["goods"][0]["product_id"] = product_id
    client = api_as(acme_exporter)

    response = client.post("/api/applications/", payload, format="json")
    assert response.status_code == 400, response.content
    assert "product_id" in response.json()["errors"]["goods"][0]

    draft = create(client)
    response = client.put(f"/api/applications/{draft['id']}/", payload, format="json")
    assert response.status_code == 400, response.content
    assert "product_id" in response.json()["errors"]["goods"][0]
    assert LicenceApplication.objects.count() == 1


def test_the_service_treats_a_huge_product_id_as_no_such_product(acme_exporter):
    import datetime as dt

    from licensing.selectors import user_organisation
    from licensing.services import application_validate
    from tradecontrol.errors import InputErrors

    data = application_payload()
    data["goods"][0]["product_id"] = str(10**20)
    with pytest.raises(InputErrors) as caught:
        application_validate(
            data, on=dt.date(2026, 6, 1), organisation=user_organisation(acme_exporter)
        )
    assert "product_id" in caught.value.errors["goods"][0]


# --- the determination preview ------------------------------------------------------------------


@pytest.mark.parametrize(
    "goods",
    ["Pump", [1, "x"], {"description": "Pump"}, [{"description": "Pump"}, None]],
)
def test_preview_with_goods_that_are_not_lines_is_a_field_error(acme_exporter, goods):
    response = api_as(acme_exporter).post(
        "/api/applications/preview/",
        {"destination_country": "AE", "end_use_category": "civil", "goods": goods},
        format="json",
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert "goods" in body["errors"]


def test_preview_from_a_form_post_is_a_field_error(acme_exporter):
    response = api_as(acme_exporter).post(
        "/api/applications/preview/",
        {"destination_country": "AE", "goods": ["description", "quantity"]},
    )
    assert response.status_code == 400, response.content
    assert "goods" in response.json()["errors"]


def test_preview_of_a_well_formed_draft_still_answers(acme_exporter):
    response = api_as(acme_exporter).post(
        "/api/applications/preview/",
        {"destination_country": "DE", "goods": application_payload()["goods"]},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["destination_group"]
