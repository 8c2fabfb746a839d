"""The exporter's journey in a real browser: draft, field errors, add-row buttons, upload, submit.

Needs Debian's Chromium (/usr/bin/chromium) and the playwright package; skips without them.
Screenshots of every step go to test-artifacts/e2e/<test name>/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import skip_module_without_browser

skip_module_without_browser()

from playwright.sync_api import expect  # noqa: E402

from licensing.models import ApplicationStatus, LicenceApplication  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TINY_PDF = {
    "name": "contract.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
}


def field(page: Any, field_id: str) -> Any:
    """The .field block (label, input, help, errors) around the input with this id."""
    return page.locator(".field", has=page.locator(f"#{field_id}"))


def rows_under(page: Any, heading: str) -> Any:
    return page.locator(f"h2:text-is('{heading}') + .table-wrap tbody tr")


def fill_goods(page: Any, index: int, **values: str) -> None:
    for name, value in values.items():
        page.locator(f"#id_goods-{index}-{name}").fill(value)


def fill_party(
    page: Any, index: int, role: str, name: str, country: str, address: str = ""
) -> None:
    page.locator(f"#id_parties-{index}-role").select_option(role)
    page.locator(f"#id_parties-{index}-name").fill(name)
    page.locator(f"#id_parties-{index}-address").fill(address)
    page.locator(f"#id_parties-{index}-country").select_option(country)


def test_an_exporter_drafts_fixes_uploads_and_submits_and_another_company_sees_nothing(
    page, live_server, acme, sakura, log_in, shot
):
    # Log in and open the editor from the navigation.
    page.goto(f"{live_server.url}/login/")
    shot("login")
    log_in("acme")
    expect(page.get_by_role("heading", name="Your organisation's applications")).to_be_visible()
    shot("dashboard")
    page.get_by_role("navigation").get_by_role("link", name="New application").click()
    expect(page.get_by_role("heading", name="New licence application")).to_be_visible()
    shot("new-application")

    page.get_by_label("Destination country").select_option("DE")
    page.get_by_label("End use", exact=True).fill("Machining of gearbox housings.")

    # Goods: a listed line with a bad quantity, then a second line (cloned by the button) that is
    # not listed and lacks its HS code.
    fill_goods(
        page,
        0,
        description="Machining centre",
        control_code="6(1)",
        hs_code="8457.10",
        quantity="-2",
        unit="set",
        value_jpy="48000000",
    )
    page.get_by_role("button", name="Add goods line").click()
    expect(page.locator("#goods-rows > .row")).to_have_count(2)
    expect(page.locator("#id_goods-TOTAL_FORMS")).to_have_value("2")
    expect(page.locator("#goods-rows > .row").nth(1).get_by_role("heading")).to_have_text(
        "Goods line 2"
    )
    fill_goods(page, 1, description="Coolant pump", quantity="4", unit="pcs", value_jpy="800000")

    # Parties: buyer in the first row, consignee and end user in rows the button adds.
    fill_party(page, 0, "buyer", "Rheinland Handels GmbH", "DE", "Köln")
    page.get_by_role("button", name="Add party").click()
    page.get_by_role("button", name="Add party").click()
    expect(page.locator("#parties-rows > .row")).to_have_count(3)
    expect(page.locator("#id_parties-TOTAL_FORMS")).to_have_value("3")
    fill_party(page, 1, "consignee", "Rheinland Getriebe GmbH", "DE", "Industriestr. 5, Köln")
    fill_party(page, 2, "end_user", "Rheinland Getriebe GmbH", "DE")
    shot("filled-with-mistakes")

    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing has been saved yet")
    assert page.url == f"{live_server.url}/applications/new/"
    expect(field(page, "id_goods-0-quantity").locator(".errorlist")).to_contain_text(
        "more than zero"
    )
    expect(field(page, "id_goods-1-hs_code").locator(".errorlist")).to_contain_text(
        "need an HS code"
    )
    expect(page.locator("#id_goods-0-quantity")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_goods-0-quantity")).to_be_focused()
    # What was typed is all still there, added rows included.
    expect(page.locator("#id_goods-0-quantity")).to_have_value("-2")
    expect(page.locator("#id_goods-1-description")).to_have_value("Coolant pump")
    expect(page.locator("#id_parties-2-name")).to_have_value("Rheinland Getriebe GmbH")
    expect(page.locator("#id_parties-2-role")).to_have_value("end_user")
    expect(page.get_by_label("Destination country")).to_have_value("DE")
    assert LicenceApplication.objects.count() == 0
    shot("field-errors")

    page.locator("#id_goods-0-quantity").fill("2")
    page.locator("#id_goods-1-hs_code").fill("8413.70")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("saved")
    application = LicenceApplication.objects.get()
    assert page.url == f"{live_server.url}/applications/{application.pk}/"
    expect(page.locator("h1 .status")).to_have_text("Draft")
    goods = rows_under(page, "Goods")
    expect(goods).to_have_count(2)
    expect(goods.nth(0)).to_contain_text("6(1)")
    expect(goods.nth(0)).to_contain_text("8457.10")
    expect(goods.nth(0)).to_contain_text("¥48,000,000")
    expect(goods.nth(1)).to_contain_text("Not listed")
    expect(goods.nth(1)).to_contain_text("8413.70")
    parties = rows_under(page, "Parties")
    expect(parties).to_have_count(3)
    expect(parties.nth(0)).to_contain_text("Buyer")
    expect(parties.nth(1)).to_contain_text("Consignee")
    expect(parties.nth(2)).to_contain_text("End user")
    shot("draft-saved")

    # A supporting document.
    page.get_by_label("Document type").select_option("contract")
    page.get_by_label("File").set_input_files(TINY_PDF)
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".messages")).to_contain_text("Document uploaded.")
    expect(rows_under(page, "Supporting documents")).to_contain_text("contract.pdf")
    shot("document-uploaded")

    # Submit: screening runs in-process and the status history tells the story.
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator(".messages")).to_contain_text("submitted; screening has started")
    expect(page.locator("h1 .status")).to_have_text("Under review")
    expect(page.get_by_role("button", name="Submit application")).to_have_count(0)
    expect(page.get_by_role("link", name="Edit draft")).to_have_count(0)
    history = rows_under(page, "Status history")
    expect(history).to_have_count(3)
    when, anything = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$"), re.compile(".*")
    expect(history.nth(0).locator("td")).to_have_text(
        [when, "Draft", "Submitted", "acme", anything]
    )
    expect(history.nth(1).locator("td")).to_have_text(
        [when, "Submitted", "Screening", "system", anything]
    )
    expect(history.nth(2).locator("td")).to_have_text(
        [when, "Screening", "Under review", "system", anything]
    )
    shot("submitted")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert application.goods.count() == 2
    assert application.parties.count() == 3
    assert application.documents.count() == 1
    reference = application.reference
    page.get_by_role("navigation").get_by_role("link", name="Applications").click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    shot("dashboard-after-submit")

    # Another company's exporter neither sees it in the list nor can open it.
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    log_in("sakura")
    expect(page.get_by_text("No applications yet.")).to_be_visible()
    expect(page.get_by_text(reference)).to_have_count(0)
    shot("other-company-dashboard")
    for path in (f"/applications/{application.pk}/", f"/applications/{application.pk}/edit/"):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        expect(page.get_by_text(reference)).to_have_count(0)
    shot("other-company-404")


def test_a_removed_goods_line_is_greyed_out_restorable_and_not_saved(
    page, live_server, acme, log_in, shot
):
    log_in("acme")
    page.goto(f"{live_server.url}/applications/new/")
    page.get_by_label("Destination country").select_option("AE")
    page.get_by_label("End use", exact=True).fill("Desalination plant spares.")
    fill_goods(
        page, 0, description="Pump", hs_code="8413.70", quantity="4", unit="pcs", value_jpy="1000"
    )
    page.get_by_role("button", name="Add goods line").click()
    fill_goods(page, 1, description="Spare seals")
    second = page.locator("#goods-rows > .row").nth(1)

    second.get_by_role("button", name="Remove").click()
    expect(second).to_have_class(re.compile(r"\bremoved\b"))
    expect(second.locator("input[name='goods-1-DELETE']")).to_be_checked()
    expect(second.get_by_text("left out when you save")).to_be_visible()
    second.get_by_role("button", name="Restore").click()
    expect(second).not_to_have_class(re.compile(r"\bremoved\b"))
    expect(second.locator("input[name='goods-1-DELETE']")).not_to_be_checked()
    second.get_by_role("button", name="Remove").click()
    fill_party(page, 0, "consignee", "Gulf Water FZE", "AE", "Dubai")
    shot("line-removed")

    # The half-filled removed line raises no error and is not saved.
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("saved")
    expect(rows_under(page, "Goods")).to_have_count(1)
    shot("saved-without-the-line")
    assert LicenceApplication.objects.get().goods.count() == 1
