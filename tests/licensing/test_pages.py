import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from licensing.models import ApplicationStatus, LicenceApplication
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "destination_country": "DE",
        "end_use": "Machining of gearbox housings.",
        "end_use_category": "civil",
        "goods-TOTAL_FORMS": "2",
        "goods-INITIAL_FORMS": "0",
        "goods-MIN_NUM_FORMS": "1",
        "goods-MAX_NUM_FORMS": "200",
        "goods-0-description": "Machining centre",
        "goods-0-control_code": "6(1)",
        "goods-0-hs_code": "8457.10",
        "goods-0-quantity": "2",
        "goods-0-unit": "set",
        "goods-0-value_jpy": "48000000",
        "goods-1-description": "Coolant pump",
        "goods-1-control_code": "",
        "goods-1-hs_code": "8413.70",
        "goods-1-quantity": "4",
        "goods-1-unit": "pcs",
        "goods-1-value_jpy": "800000",
        "parties-TOTAL_FORMS": "3",
        "parties-INITIAL_FORMS": "0",
        "parties-MIN_NUM_FORMS": "1",
        "parties-MAX_NUM_FORMS": "50",
        "parties-0-role": "buyer",
        "parties-0-name": "Rheinland Handels GmbH",
        "parties-0-address": "Köln",
        "parties-0-country": "DE",
        "parties-1-role": "consignee",
        "parties-1-name": "Rheinland Getriebe GmbH",
        "parties-1-address": "Köln",
        "parties-1-country": "DE",
        "parties-2-role": "end_user",
        "parties-2-name": "Rheinland Getriebe GmbH",
        "parties-2-address": "Köln",
        "parties-2-country": "DE",
    }
    data.update(overrides)
    return data


def test_the_login_page_logs_an_exporter_in_and_lands_on_the_dashboard(acme_exporter, client):
    assert client.get("/login/").status_code == 200
    response = client.post("/login/", {"username": "acme", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/applications/"
    assert b"Your organisation" in response.content


def test_pages_need_a_login(client):
    response = client.get("/applications/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_an_exporter_creates_uploads_and_submits_through_the_pages(
    acme_exporter, client, django_capture_on_commit_callbacks
):
    client.force_login(acme_exporter)
    assert client.get("/applications/new/").status_code == 200
    response = client.post("/applications/new/", form_data())
    assert response.status_code == 302, response.content.decode()[:2000]
    application = LicenceApplication.objects.get()
    assert application.goods.count() == 2
    assert application.parties.count() == 3

    pdf = SimpleUploadedFile("contract.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        f"/applications/{application.pk}/documents/", {"doc_type": "contract", "file": pdf}
    )
    assert response.status_code == 302
    assert application.documents.count() == 1
    page = client.get(f"/applications/{application.pk}/")
    assert b"contract.pdf" in page.content

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/applications/{application.pk}/submit/", follow=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert b"submitted; screening has started" in response.content
    assert b"Status history" in response.content


def test_errors_are_shown_beside_the_fields_and_nothing_is_saved(acme_exporter, client):
    client.force_login(acme_exporter)
    response = client.post(
        "/applications/new/",
        form_data(
            **{"goods-1-hs_code": "", "goods-0-quantity": "-1", "goods-0-control_code": "42(1)"}
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "need an HS code" in html
    assert "more than zero" in html
    assert "is not a row or item of Appended Table 1" in html
    assert 'value="Machining centre"' in html  # what the user typed is kept
    assert LicenceApplication.objects.count() == 0


def test_removed_rows_are_not_saved(acme_exporter, client):
    client.force_login(acme_exporter)
    client.post("/applications/new/", form_data(**{"goods-1-DELETE": "on"}))
    assert LicenceApplication.objects.get().goods.count() == 1


def test_a_wrong_document_is_refused_on_the_page(acme_exporter, client):
    client.force_login(acme_exporter)
    client.post("/applications/new/", form_data())
    application = LicenceApplication.objects.get()
    fake = SimpleUploadedFile("pledge.pdf", b"just text pretending", content_type="application/pdf")
    response = client.post(
        f"/applications/{application.pk}/documents/", {"doc_type": "end_user_pledge", "file": fake}
    )
    assert response.status_code == 400
    assert b"Only PDF, PNG, JPEG" in response.content
    assert application.documents.count() == 0


def test_another_company_gets_404_on_every_page_of_the_application(
    acme_exporter, rival_exporter, client
):
    client.force_login(acme_exporter)
    client.post("/applications/new/", form_data())
    application = LicenceApplication.objects.get()
    pdf = SimpleUploadedFile("contract.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(f"/applications/{application.pk}/documents/", {"doc_type": "contract", "file": pdf})
    doc = application.documents.get()
    client.force_login(rival_exporter)
    for url in [
        f"/applications/{application.pk}/",
        f"/applications/{application.pk}/edit/",
        f"/applications/{application.pk}/documents/{doc.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/applications/{application.pk}/submit/").status_code == 404
    assert b"Rheinland" not in client.get("/applications/").content
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_the_owner_can_download_a_document_with_safe_headers(acme_exporter, client):
    client.force_login(acme_exporter)
    client.post("/applications/new/", form_data())
    application = LicenceApplication.objects.get()
    pdf = SimpleUploadedFile("contract.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(f"/applications/{application.pk}/documents/", {"doc_type": "contract", "file": pdf})
    doc = application.documents.get()
    response = client.get(f"/applications/{application.pk}/documents/{doc.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_the_form_offers_the_control_list_as_suggestions(acme_exporter, client):
    client.force_login(acme_exporter)
    html = client.get("/applications/new/").content.decode()
    assert 'list="control-codes"' in html
    assert '<option value="3-2(1)">' in html
    assert 'id="preview"' in html


def test_the_edit_page_shows_quantities_in_plain_notation(acme_exporter, client):
    client.force_login(acme_exporter)
    client.post("/applications/new/", form_data())
    application = LicenceApplication.objects.get()
    application.goods.update(quantity=100)
    response = client.get(f"/applications/{application.pk}/edit/")
    assert response.status_code == 200
    assert 'value="100"' in response.content.decode()
    assert "1E+2" not in response.content.decode()


def test_the_status_history_gives_the_systems_reasons_in_japanese(
    acme_exporter, client, sample_eul, django_capture_on_commit_callbacks
):
    client.force_login(acme_exporter)
    client.post("/applications/new/", form_data())
    application = LicenceApplication.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/applications/{application.pk}/submit/")
    page = client.get(f"/applications/{application.pk}/", HTTP_ACCEPT_LANGUAGE="ja").content
    text = page.decode()
    assert "輸出者が提出" in text and "スクリーニング完了" in text
    assert "submitted by exporter" not in text
