"""The product catalogue and its classification records (該非判定), through the API and the pages."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from licensing.models import (
    AuditEvent,
    Case,
    Classification,
    ControlListEntry,
    GoodsLine,
    Product,
)
from licensing.selectors import control_list_revision
from licensing.services import classifications_mark_for_review
from tests.factories import api_as, application_payload, exporter_at

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
GAUGE = {
    "name": "Coordinate measuring machine",
    "model_number": "CMM-900",
    "manufacturer": "Acme Precision K.K.",
    "hs_code": "9031.49",
    "description": "Bridge-type CMM, MPE 1.2 µm.",
}
PUMP = {"name": "Coolant pump", "model_number": "CP-4", "hs_code": "8413.70"}


@pytest.fixture
def acme2(db):
    return exporter_at("Acme Precision K.K.", "acme2")


def pdf(name="parameter-sheet.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def new_product(user, **fields):
    response = api_as(user).post("/api/products/", {**GAUGE, **fields}, format="json")
    assert response.status_code == 201, response.json()
    return response.json()


def classify(user, product_id, **fields):
    data = {"result": "listed", "control_codes": ["2(12)"], "basis": "parameter_sheet"}
    data.update(fields)
    return api_as(user).post(
        f"/api/products/{product_id}/classifications/", data, format="multipart"
    )


def classified(user, approver=None, **fields):
    """A product with a classification (approved by `approver` when given)."""
    product = new_product(user, **{k: v for k, v in fields.items() if k in GAUGE})
    body = classify(user, product["id"], **{k: v for k, v in fields.items() if k not in GAUGE})
    assert body.status_code == 201, body.json()
    if approver is not None:
        assert (
            api_as(approver).post(f"/api/classifications/{body.json()['id']}/approve/").status_code
            == 200
        )
    return product, body.json()


# --- API -----------------------------------------------------------------------------------------


def test_an_exporter_adds_a_product_and_records_its_classification_with_the_sheet(acme_exporter):
    product = new_product(acme_exporter)
    assert product["hs_code"] == "903149"
    assert product["current_classification"] is None

    response = classify(acme_exporter, product["id"], sheet=pdf(), notes="Checked item (12).")
    assert response.status_code == 201, response.json()
    record = response.json()
    assert record["result"] == "listed"
    assert record["codes"] == ["2(12)"]
    assert record["basis"] == "parameter_sheet"
    assert record["decided_by"] == "acme"
    assert record["approved"] is False
    assert record["control_list_as_of"] == timezone.localdate().isoformat()
    assert record["control_list_revision"] == control_list_revision(timezone.localdate())
    assert record["needs_review"] is False
    assert record["sheet"]["name"] == "parameter-sheet.pdf"
    assert record["sheet"]["content_type"] == "application/pdf"

    detail = api_as(acme_exporter).get(f"/api/products/{product['id']}/").json()
    assert detail["current_classification"]["id"] == record["id"]
    assert [c["id"] for c in detail["classifications"]] == [record["id"]]
    assert AuditEvent.objects.filter(verb="classification_recorded").count() == 1


def test_a_new_classification_supersedes_the_current_one(acme_exporter):
    product, first = classified(acme_exporter)
    second = classify(
        acme_exporter, product["id"], result="not_listed_16_2", control_codes=[]
    ).json()
    detail = api_as(acme_exporter).get(f"/api/products/{product['id']}/").json()
    assert detail["current_classification"]["id"] == second["id"]
    history = {c["id"]: c for c in detail["classifications"]}
    assert history[first["id"]]["superseded_by"] == second["id"]
    assert history[second["id"]]["current"] is True


def test_approval_needs_a_different_member_of_the_same_organisation(
    acme_exporter, acme2, rival_exporter, officer
):
    _, record = classified(acme_exporter)
    url = f"/api/classifications/{record['id']}/approve/"

    assert api_as(acme_exporter).post(url).status_code == 403
    assert api_as(rival_exporter).post(url).status_code == 404
    assert api_as(officer).post(url).status_code == 403
    assert Classification.objects.get().approved_at is None

    response = api_as(acme2).post(url)
    assert response.status_code == 200, response.json()
    assert response.json()["approved"] is True
    assert response.json()["approved_by"] == "acme2"
    assert api_as(acme2).post(url).status_code == 409


@pytest.mark.parametrize(
    ("product", "fields", "field"),
    [
        ({}, {"control_codes": []}, "control_codes"),
        ({}, {"control_codes": ["99(1)"]}, "control_codes"),
        ({}, {"control_codes": ["16(1)"]}, "control_codes"),
        ({"hs_code": ""}, {"result": "not_listed_16_1", "control_codes": []}, "result"),
        ({"hs_code": ""}, {"result": "outside_16", "control_codes": []}, "result"),
        ({}, {"result": "maybe"}, "result"),
        ({}, {"basis": "hunch"}, "basis"),
    ],
)
def test_a_classification_with_problems_is_refused_and_nothing_is_saved(
    acme_exporter, product, fields, field
):
    created = new_product(acme_exporter, **product)
    response = classify(acme_exporter, created["id"], **fields)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Classification.objects.exists()


def test_a_sheet_whose_content_is_not_an_allowed_document_is_refused(acme_exporter):
    product = new_product(acme_exporter)
    fake = SimpleUploadedFile("sheet.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = classify(acme_exporter, product["id"], sheet=fake)
    assert response.status_code == 400
    assert "sheet" in response.json()["errors"]
    assert not Classification.objects.exists()


def test_a_sheet_over_the_size_limit_is_refused(acme_exporter, settings):
    settings.DOCUMENT_MAX_BYTES = 10
    product = new_product(acme_exporter)
    response = classify(acme_exporter, product["id"], sheet=pdf())
    assert response.status_code == 400
    assert "sheet" in response.json()["errors"]


def test_a_product_without_a_name_or_with_a_bad_hs_code_is_refused(acme_exporter):
    response = api_as(acme_exporter).post(
        "/api/products/", {"name": " ", "hs_code": "12"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"name", "hs_code"}
    assert not Product.objects.exists()


def test_another_organisation_gets_404_for_products_and_classifications(
    acme_exporter, rival_exporter
):
    product, record = classified(acme_exporter)
    rival = api_as(rival_exporter)
    assert rival.get("/api/products/").json()["results"] == []
    assert rival.get(f"/api/products/{product['id']}/").status_code == 404
    assert rival.put(f"/api/products/{product['id']}/", GAUGE, format="json").status_code == 404
    assert classify(rival_exporter, product["id"]).status_code == 404
    assert Classification.objects.count() == 1


def test_officers_read_every_product_but_cannot_create_one(acme_exporter, officer):
    product = new_product(acme_exporter)
    client = api_as(officer)
    assert [p["id"] for p in client.get("/api/products/").json()["results"]] == [product["id"]]
    assert client.post("/api/products/", GAUGE, format="json").status_code == 403


def test_changing_the_hs_code_puts_a_not_listed_classification_up_for_review(acme_exporter):
    product, record = classified(
        acme_exporter, result="not_listed_16_1", control_codes=[], hs_code="8413.70"
    )
    response = api_as(acme_exporter).put(
        f"/api/products/{product['id']}/", {**GAUGE, "hs_code": "8414.10"}, format="json"
    )
    assert response.status_code == 200
    current = response.json()["current_classification"]
    assert current["needs_review"] is True
    assert "841370" in current["review_reason"]


# --- control-list changes ------------------------------------------------------------------------


def add_entry(code, valid_from):
    return ControlListEntry.objects.create(
        code=code, row=code.split("(")[0], item="", label_en="New item", regime="wa_du",
        valid_from=valid_from,
    )  # fmt: skip


def test_a_control_list_change_marks_older_classifications_for_review_and_not_newer_ones(
    acme_exporter,
):
    _, old = classified(acme_exporter)
    _, new = classified(acme_exporter, name="Surface plate")
    _, superseded = classified(acme_exporter, name="Probe")
    Classification.objects.filter(pk__in=[old["id"], superseded["id"]]).update(
        control_list_as_of=dt.date(2024, 1, 1), control_list_revision="base"
    )
    classify(acme_exporter, superseded["product_id"])  # replaces the old "Probe" record
    changed = dt.date(2025, 4, 1)
    add_entry("2(99)", changed)
    assert control_list_revision(changed) == "2025-04-01"

    assert classifications_mark_for_review(changed_on=changed) == 1
    assert Classification.objects.get(pk=old["id"]).needs_review
    assert "2025-04-01" in Classification.objects.get(pk=old["id"]).review_reason
    assert not Classification.objects.get(pk=new["id"]).needs_review
    assert not Classification.objects.get(pk=superseded["id"]).needs_review
    # Running it again changes nothing.
    assert classifications_mark_for_review(changed_on=changed) == 0

    listing = api_as(acme_exporter).get("/api/products/").json()["results"]
    flags = {p["name"]: p["current_classification"]["needs_review"] for p in listing}
    assert flags == {"Coordinate measuring machine": True, "Surface plate": False, "Probe": False}


def test_the_command_marks_records_made_before_a_future_dated_change(acme_exporter):
    _, record = classified(acme_exporter)
    effective = timezone.localdate() + dt.timedelta(days=30)
    add_entry("3(99)", effective)
    out = io.StringIO()
    call_command("classifications_review", "--since", effective.isoformat(), stdout=out)
    assert "1 classification(s) marked for review" in out.getvalue()
    assert Classification.objects.get(pk=record["id"]).needs_review


def test_the_command_wants_a_date(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("classifications_review", "--since", "last tuesday")


def test_the_admin_action_on_a_control_list_entry_marks_classifications(acme_exporter, client):
    from django.contrib.auth import get_user_model

    _, record = classified(acme_exporter)
    entry = add_entry("4(99)", timezone.localdate() + dt.timedelta(days=1))
    admin = get_user_model().objects.create_superuser("root", "root@example.jp", "x")
    client.force_login(admin)
    response = client.post(
        "/admin/licensing/controllistentry/",
        {"action": "mark_classifications_for_review", "_selected_action": [entry.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "1 classification(s) marked for review" in response.content.decode()
    assert Classification.objects.get(pk=record["id"]).needs_review


# --- goods lines from the catalogue --------------------------------------------------------------


def line_from(product_id, **fields):
    line = {"product_id": product_id, "quantity": "1", "unit": "set", "value_jpy": 9_000_000}
    line.update(fields)
    return line


def test_a_goods_line_from_a_product_carries_its_approved_classification(acme_exporter, acme2):
    product, record = classified(acme_exporter, approver=acme2)
    response = api_as(acme_exporter).post(
        "/api/applications/",
        application_payload(goods=[line_from(product["id"])]),
        format="json",
    )
    assert response.status_code == 201, response.json()
    line = response.json()["goods"][0]
    assert line["description"] == "Coordinate measuring machine CMM-900"
    assert line["control_code"] == "2(12)"
    assert line["hs_code"] == "903149"
    assert line["product"]["id"] == product["id"]
    assert line["classification"]["id"] == record["id"]
    assert line["classification"]["approved"] is True
    assert line["classification_note"] == ""


def test_a_line_from_an_unapproved_classification_is_allowed_with_a_note(acme_exporter):
    product, record = classified(acme_exporter)
    response = api_as(acme_exporter).post(
        "/api/applications/",
        application_payload(goods=[line_from(product["id"], description="CMM for line 3")]),
        format="json",
    )
    assert response.status_code == 201, response.json()
    line = response.json()["goods"][0]
    assert line["description"] == "CMM for line 3"
    assert line["classification"]["id"] == record["id"]
    assert "not been approved" in line["classification_note"]


def test_a_line_whose_code_differs_from_the_classification_says_so(acme_exporter, acme2):
    product, _ = classified(acme_exporter, approver=acme2)
    response = api_as(acme_exporter).post(
        "/api/applications/",
        application_payload(goods=[line_from(product["id"], control_code="6(1)")]),
        format="json",
    )
    line = response.json()["goods"][0]
    assert line["control_code"] == "6(1)"
    assert "differs" in line["classification_note"]


def test_a_product_of_another_organisation_cannot_fill_a_goods_line(acme_exporter, rival_exporter):
    product = new_product(rival_exporter)
    response = api_as(acme_exporter).post(
        "/api/applications/",
        application_payload(goods=[line_from(product["id"])]),
        format="json",
    )
    assert response.status_code == 400
    assert "product_id" in response.json()["errors"]["goods"][0]
    assert not GoodsLine.objects.exists()


def test_a_not_listed_product_fills_row_16_and_its_hs_code(acme_exporter, acme2):
    product, _ = classified(
        acme_exporter, approver=acme2, result="not_listed_16_1", control_codes=[], **PUMP
    )
    response = api_as(acme_exporter).post(
        "/api/applications/", application_payload(goods=[line_from(product["id"])]), format="json"
    )
    line = response.json()["goods"][0]
    assert (line["control_code"], line["hs_code"], line["listed"]) == ("16(1)", "841370", False)


def submitted_case(exporter, goods, callbacks):
    client = api_as(exporter)
    app_id = client.post(
        "/api/applications/", application_payload(goods=goods), format="json"
    ).json()["id"]
    with callbacks(execute=True):
        assert client.post(f"/api/applications/{app_id}/submit/").status_code == 200
    return Case.objects.get(application_id=app_id)


def test_the_officer_sees_the_classification_record_behind_each_line(
    acme_exporter, acme2, officer, client, django_capture_on_commit_callbacks
):
    product, record = classified(acme_exporter, approver=acme2, sheet=pdf())
    case = submitted_case(
        acme_exporter, [line_from(product["id"])], django_capture_on_commit_callbacks
    )

    detail = api_as(officer).get(f"/api/cases/{case.pk}/").json()
    behind = detail["application"]["goods"][0]["classification"]
    assert behind["id"] == record["id"]
    assert behind["codes"] == ["2(12)"]
    assert behind["basis"] == "parameter_sheet"
    assert (behind["decided_by"], behind["approved_by"]) == ("acme", "acme2")
    assert behind["control_list_revision"] == control_list_revision(timezone.localdate())

    client.force_login(officer)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Classification record behind this line" in html
    assert "Parameter sheet" in html and "acme2" in html
    assert f"/classifications/{record['id']}/sheet/" in html
    sheet = client.get(f"/classifications/{record['id']}/sheet/")
    assert sheet.status_code == 200
    assert b"".join(sheet.streaming_content) == PDF


# --- pages ---------------------------------------------------------------------------------------


def test_an_exporter_keeps_the_catalogue_through_the_pages(acme_exporter, acme2, client):
    client.force_login(acme_exporter)
    assert 'href="/products/"' in client.get("/applications/").content.decode()
    assert client.get("/products/new/").status_code == 200
    response = client.post("/products/new/", GAUGE)
    assert response.status_code == 302, response.content.decode()[:2000]
    product = Product.objects.get()

    page = client.get(f"/products/{product.pk}/").content.decode()
    assert 'id="control-codes"' in page and "Record classification" in page
    response = client.post(
        f"/products/{product.pk}/classifications/",
        {
            "result": "listed",
            "control_codes": "2(12), 6(1)",
            "basis": "comparison_table",
            "notes": "Both items checked.",
            "sheet": pdf("comparison.pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    record = Classification.objects.get()
    assert sorted(record.codes) == ["2(12)", "6(1)"]
    assert record.sheet_name == "comparison.pdf"
    page = client.get(f"/products/{product.pk}/").content.decode()
    assert "another member of your organisation must approve it" in page

    client.force_login(acme2)
    page = client.get(f"/products/{product.pk}/").content.decode()
    assert f'action="/classifications/{record.pk}/approve/"' in page
    assert client.post(f"/classifications/{record.pk}/approve/").status_code == 302
    record.refresh_from_db()
    assert record.approved_by == acme2

    response = client.post(f"/products/{product.pk}/edit/", {**GAUGE, "model_number": "CMM-901"})
    assert response.status_code == 302
    assert Product.objects.get().model_number == "CMM-901"


def test_the_record_form_shows_the_services_messages_and_saves_nothing(acme_exporter, client):
    client.force_login(acme_exporter)
    product = Product.objects.create(organisation=acme_exporter.membership.organisation, name="X")
    response = client.post(
        f"/products/{product.pk}/classifications/",
        {"result": "not_listed_16_2", "basis": "internal_review", "control_codes": ""},
    )
    assert response.status_code == 400
    assert "needs its HS code" in response.content.decode()
    response = client.post(
        f"/products/{product.pk}/classifications/",
        {
            "result": "listed",
            "basis": "internal_review",
            "control_codes": "2(12)",
            "sheet": SimpleUploadedFile("sheet.xlsx", b"plain text"),
        },
    )
    assert response.status_code == 400
    assert "Only PDF, PNG, JPEG" in response.content.decode()
    assert not Classification.objects.exists()


def test_the_product_list_marks_records_that_need_review(acme_exporter, client):
    _, record = classified(acme_exporter)
    Classification.objects.filter(pk=record["id"]).update(
        needs_review=True, review_reason="The control list changed."
    )
    client.force_login(acme_exporter)
    html = client.get("/products/").content.decode()
    assert "Coordinate measuring machine" in html
    assert "needs review" in html


def test_another_organisation_gets_404_from_the_product_pages(
    acme_exporter, rival_exporter, client
):
    product, record = classified(acme_exporter, sheet=pdf())
    client.force_login(rival_exporter)
    assert "Coordinate measuring machine" not in client.get("/products/").content.decode()
    for url in (
        f"/products/{product['id']}/",
        f"/products/{product['id']}/edit/",
        f"/classifications/{record['id']}/sheet/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/products/{product['id']}/edit/", GAUGE).status_code == 404
    classify_url = f"/products/{product['id']}/classifications/"
    assert client.post(classify_url, {"result": "listed"}).status_code == 404
    assert client.post(f"/classifications/{record['id']}/approve/").status_code == 404
    assert Classification.objects.get().approved_at is None


def test_the_application_form_fills_a_goods_line_from_a_product(acme_exporter, acme2, client):
    from tests.licensing.test_pages import form_data

    product, record = classified(acme_exporter, approver=acme2)
    classified(rival := exporter_at("Rival Electronics Co., Ltd.", "rival"), name="Rival gauge")
    assert rival
    client.force_login(acme_exporter)
    page = client.get("/applications/new/").content.decode()
    assert "Product from your catalogue" in page
    assert "Coordinate measuring machine CMM-900" in page
    assert "Rival gauge" not in page

    data = form_data(
        **{
            "goods-0-product": str(product["id"]),
            "goods-0-description": "",
            "goods-0-control_code": "",
            "goods-0-hs_code": "",
        }
    )
    response = client.post("/applications/new/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    line = GoodsLine.objects.get(position=0)
    assert (line.product_id, line.classification_id) == (product["id"], record["id"])
    assert line.control_code == "2(12)"
    assert line.description == "Coordinate measuring machine CMM-900"

    edit = client.get(f"/applications/{line.application_id}/edit/").content.decode()
    assert f'<option value="{product["id"]}" selected>' in edit
