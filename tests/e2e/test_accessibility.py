"""Accessibility of the main pages in a real browser: axe-core (bundled by axe-playwright-python)
finds no serious or critical violation on any role's main pages, in English and in Japanese, and the
application form can be worked with the keyboard alone (skip link, tab order, visible focus).

Needs Debian's Chromium (/usr/bin/chromium), the playwright and axe-playwright-python packages;
skips without them. Screenshots of every audited page go to test-artifacts/e2e/<test name>/.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import ARTIFACTS, VIEWPORT, skip_module_without_browser

skip_module_without_browser("axe-playwright-python")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from django.utils import timezone  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from enduser.models import RescreenJob  # noqa: E402
from licensing.models import ApplicationStatus, Case, LicenceApplication, Role  # noqa: E402
from screening.models import ListVersion, ScreeningHit  # noqa: E402
from tests.enduser.test_pages import HEADER, REVISION_ROWS  # noqa: E402
from tests.factories import PASSWORD, application_payload, authority_user  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
# axe-core's impact levels are minor, moderate, serious and critical; the last two block a task for
# someone (an unlabelled field, text too faint to read), so none may remain.
BLOCKING = ("serious", "critical")
PUMP = {
    "description": "Stainless centrifugal pump",
    "control_code": "",
    "hs_code": "8413.70",
    "quantity": "4",
    "unit": "pcs",
    "value_jpy": 3_200_000,
}
# The consignee is on the sample End User List; the buyer and the intermediary only resemble
# entries of other countries, so the case shows alerting and review-band hits.
UAE_PARTIES = [
    {
        "role": "consignee",
        "name": "Falcon Ridge General Trading",
        "country": "AE",
        "address": "Dubai",
    },
    {"role": "end_user", "name": "Gulf Water Services FZE", "country": "AE", "address": "Fujairah"},
    {"role": "buyer", "name": "Levant Calibration Services LLC", "country": "AE", "address": ""},
    {"role": "intermediary", "name": "Harbour Lantern Marine Services LLC", "country": "AE"},
]
KAVEH_PARTIES = [
    {"role": "consignee", "name": "Kaveh Rotor Engineering Co.", "country": "IR"},
    {"role": "end_user", "name": "Kaveh Rotor Engineering Co.", "country": "IR"},
]


def blocking_violations(page: Any) -> list[dict[str, Any]]:
    """Runs axe-core on the page as it is now; returns the serious and critical violations."""
    response = Axe().run(page).response
    # A page axe could not look at would pass; every page here has a language, a title and text.
    assert response["passes"], "axe-core checked nothing on this page"
    return [v for v in response["violations"] if v["impact"] in BLOCKING]


def describe(page_name: str, violations: list[dict[str, Any]]) -> list[str]:
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"]]
        shown = "; ".join(targets[:8]) + (
            f"; … {len(targets) - 8} more" if len(targets) > 8 else ""
        )
        lines.append(f"{page_name}: {v['id']} ({v['impact']}) {v['help']}\n    at {shown}")
    return lines


class Audit:
    """Audits pages one after another and reports every problem at the end, so one run lists all
    pages' violations instead of stopping at the first page. Each audited page is saved as a
    screenshot in test-artifacts/e2e/<test name>/."""

    def __init__(self, page: Any, folder: Path) -> None:
        self.page, self.folder = page, folder
        self.problems: list[str] = []
        self.pages: list[str] = []

    def check(self, name: str, *, page: Any = None) -> None:
        page = page or self.page
        page.wait_for_load_state("load")
        # Folded sections (diff groups, "more" boxes, the rollback confirmation) are checked open:
        # their content is what people unfold them for.
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        self.pages.append(name)
        page.screenshot(path=str(self.folder / f"{len(self.pages):02d}-{name}.png"), full_page=True)
        self.problems += describe(name, blocking_violations(page))

    def assert_clean(self) -> None:
        assert not self.problems, (
            f"axe-core found {len(self.problems)} serious or critical violation(s):\n"
            + "\n".join(self.problems)
        )


@pytest.fixture
def audit(page: Any, request: pytest.FixtureRequest) -> Audit:
    folder = ARTIFACTS / re.sub(r"[^\w.-]+", "_", request.node.name)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return Audit(page, folder)


# --- data, created before the browser starts (see conftest) -------------------------------------


@pytest.fixture
def sample_eul_active(transactional_db: None) -> ListVersion:
    from screening.services import list_version_import

    return list_version_import(
        source="meti-eul", path=SAMPLES / "meti-eul-sample.csv", activate=True
    )


@pytest.fixture
def officer1(transactional_db: None) -> Any:
    return authority_user("officer1", Role.OFFICER)


def submitted(user: Any, **payload: Any) -> LicenceApplication:
    """An application created and submitted through the services; screening runs in-process."""
    from licensing.services import application_create, application_submit

    application = application_create(user=user, data=application_payload(**payload))
    application_submit(user=user, application_id=application.pk)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    return application


@pytest.fixture
def exporter_world(sample_eul_active: ListVersion, acme: Any, officer1: Any) -> dict[str, Any]:
    """Acme's draft, an application under review with hits, an approved one with its licence and
    a catalogue product with an unapproved classification."""
    from licensing.services import (
        application_create,
        case_decide,
        classification_record,
        product_create,
    )

    draft = application_create(user=acme, data=application_payload())
    uae = submitted(
        acme,
        destination_country="AE",
        end_use="Spare pumps for a desalination plant.",
        goods=[PUMP],
        parties=UAE_PARTIES,
    )
    assert ScreeningHit.objects.filter(run__application=uae, alert=True).exists()
    german = submitted(acme)
    german_case = Case.objects.get(application=german)
    case_decide(
        user=officer1,
        case_id=german_case.pk,
        decision="approve",
        valid_until=timezone.localdate() + dt.timedelta(days=180),
        conditions="No re-export without METI's prior written consent.",
    )
    german.refresh_from_db()
    assert german.status == ApplicationStatus.APPROVED
    product = product_create(
        user=acme,
        data={
            "name": "Five-axis machining centre",
            "model_number": "MX-500",
            "manufacturer": "Acme Precision Machinery K.K.",
            "hs_code": "8457.10",
            "description": "Simultaneous five-axis control.",
        },
    )
    classification_record(
        user=acme,
        product_id=product.pk,
        result="outside_16",
        basis="internal_review",
        notes="Below every threshold of row 6.",
    )
    return {
        "draft": draft,
        "uae": uae,
        "uae_case": Case.objects.get(application=uae),
        "german": german,
        "german_case": german_case,
        "licence": german.licence,
        "product": product,
    }


@pytest.fixture
def list_world(sample_eul_active: ListVersion, acme: Any) -> dict[str, Any]:
    """A revision activated by two list administrators with its completed re-screening (Kaveh's
    application gained a hit), and a further revision uploaded and approved once (a draft)."""
    from enduser.services import list_revision_upload, list_version_approve

    admin1 = authority_user("listadmin1", Role.LIST_ADMIN)
    admin2 = authority_user("listadmin2", Role.LIST_ADMIN)
    kaveh = submitted(acme, destination_country="IR", goods=[PUMP], parties=KAVEH_PARTIES)
    revision = list_revision_upload(
        user=admin1,
        code="meti-eul",
        filename="eul-revision.csv",
        data=(HEADER + "\n".join(REVISION_ROWS) + "\n").encode(),
    )
    list_version_approve(user=admin1, version_id=revision.pk)
    list_version_approve(user=admin2, version_id=revision.pk)
    job = RescreenJob.objects.get(new_version=revision)
    assert job.status == RescreenJob.Status.COMPLETED
    assert job.impact, "the re-screening should report Kaveh's application"
    draft = list_revision_upload(
        user=admin1,
        code="meti-eul",
        filename="meti-eul-sample.xlsx",
        data=(SAMPLES / "meti-eul-sample.xlsx").read_bytes(),
    )
    list_version_approve(user=admin1, version_id=draft.pk)
    return {"active": revision, "draft": draft, "job": job, "kaveh": kaveh}


# --- the audits ----------------------------------------------------------------------------------


def test_the_audit_reports_an_unlabelled_field_and_unreadable_text(page, audit):
    """The check itself can fail: a page with the two most common faults is reported."""
    page.set_content(
        '<!doctype html><html lang="en"><head><title>Faulty</title></head><body><main>'
        '<h1>Faulty</h1><input type="text" id="nameless">'
        '<p style="color:#bbb;background:#fff">Too faint to read</p></main></body></html>'
    )
    found = {v["id"] for v in blocking_violations(page)}
    assert {"label", "color-contrast"} <= found
    audit.check("faulty")
    with pytest.raises(AssertionError, match=r"faulty: label \(critical\)"):
        audit.assert_clean()


def test_the_login_page_has_no_serious_accessibility_violations(page, live_server, audit):
    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    audit.check("login")
    page.get_by_label("User name").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    audit.check("login-failed")
    audit.assert_clean()


def test_the_exporters_main_pages_have_no_serious_accessibility_violations(
    exporter_world, page, live_server, log_in, audit
):
    w = exporter_world
    log_in("acme")
    expect(page.get_by_role("heading", name="Your organisation's applications")).to_be_visible()
    audit.check("application-list")

    page.goto(f"{live_server.url}/applications/new/")
    expect(page.get_by_role("heading", name="New licence application")).to_be_visible()
    audit.check("new-application")
    # With the preview filled in and a second party row added by the script.
    page.get_by_label("Destination country").select_option("DE")
    page.locator("#id_goods-0-description").fill("Machining centre")
    page.locator("#id_goods-0-control_code").fill("6(1)")
    page.get_by_role("button", name="Add party").click()
    expect(page.locator("[data-preview-body]")).to_be_visible()
    audit.check("new-application-filled")
    # Saved with problems: the error summary and the fields marked invalid.
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing has been saved yet")
    audit.check("new-application-errors")

    page.goto(f"{live_server.url}/applications/{w['draft'].pk}/")
    expect(page.get_by_role("heading", name=w["draft"].reference)).to_be_visible()
    audit.check("draft-detail")
    page.goto(f"{live_server.url}/applications/{w['draft'].pk}/edit/")
    expect(page.get_by_role("heading", name=f"Edit draft {w['draft'].reference}")).to_be_visible()
    audit.check("draft-edit")

    page.goto(f"{live_server.url}/applications/{w['uae'].pk}/")
    expect(page.locator("h1 .status")).to_have_text("Under review")
    audit.check("submitted-detail")
    page.goto(f"{live_server.url}/applications/{w['german'].pk}/")
    expect(page.locator("h1 .status")).to_have_text("Approved")
    audit.check("approved-detail")

    page.goto(f"{live_server.url}/products/")
    expect(page.get_by_role("heading", name="Your organisation's products")).to_be_visible()
    audit.check("product-list")
    page.goto(f"{live_server.url}/products/new/")
    expect(page.get_by_role("heading", name="New product")).to_be_visible()
    audit.check("product-form")
    page.goto(f"{live_server.url}/products/{w['product'].pk}/")
    expect(page.get_by_role("heading", name=w["product"].name)).to_be_visible()
    audit.check("product-detail")
    audit.assert_clean()


def test_the_officers_main_pages_have_no_serious_accessibility_violations(
    exporter_world, page, live_server, log_in, audit
):
    w = exporter_world
    case = w["uae_case"]
    log_in("officer1")
    page.goto(f"{live_server.url}/queues/")
    expect(page.get_by_role("heading", name="Review queues")).to_be_visible()
    audit.check("queues")

    page.get_by_role("link", name=case.queue.name).click()
    expect(page.get_by_role("heading", name=case.queue.name)).to_be_visible()
    expect(page.get_by_role("link", name=w["uae"].reference)).to_be_visible()
    audit.check("queue")

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    expect(page.get_by_role("heading", name=w["uae"].reference)).to_be_visible()
    expect(page.locator("article.hit").first).to_be_visible()
    audit.check("case-with-hits")
    # After an action: the message, a recorded disposition, the remaining forms.
    page.get_by_role("button", name="Assign to me").click()
    expect(page.locator(".messages")).to_contain_text("The case is assigned to you.")
    audit.check("case-assigned")

    page.goto(f"{live_server.url}/cases/{w['german_case'].pk}/")
    expect(page.locator("h1 .status")).to_have_text("Approved")
    audit.check("case-decided")

    page.goto(f"{live_server.url}/applications/")
    expect(page.get_by_role("heading", name="Submitted applications")).to_be_visible()
    audit.check("submitted-applications")
    page.goto(f"{live_server.url}/applications/{w['uae'].pk}/")
    expect(page.get_by_role("heading", name="Screening")).to_be_visible()
    audit.check("application-with-hits")

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    audit.check("dashboard")

    page.goto(f"{live_server.url}/licences/{w['licence'].number}/")
    expect(page.get_by_role("heading", name="Export Licence")).to_be_visible()
    audit.check("printable-licence")
    audit.assert_clean()


def test_the_list_administrators_main_pages_have_no_serious_accessibility_violations(
    list_world, page, live_server, log_in, audit
):
    w = list_world
    log_in("listadmin2")
    expect(page.get_by_role("heading", name="Screening lists")).to_be_visible()
    audit.check("list-store")

    page.goto(f"{live_server.url}/lists/meti-eul/upload/")
    expect(page.get_by_role("heading", name=re.compile("Upload a revision"))).to_be_visible()
    audit.check("upload")
    page.get_by_label("List file").set_input_files(str(SAMPLES / "meti-eul-notice.pdf"))
    page.get_by_role("button", name="Upload and compare").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was loaded")
    audit.check("upload-refused")
    # A file with many bad rows: the list of problems scrolls within its box.
    unknown_concern = [f'{n},"イラン\nIran",Trading House {n},,"X",' for n in range(1, 61)]
    page.get_by_label("List file").set_input_files(
        {
            "name": "unknown-concerns.csv",
            "mimeType": "text/csv",
            "buffer": (HEADER + "\n".join(unknown_concern) + "\n").encode(),
        }
    )
    page.get_by_role("button", name="Upload and compare").click()
    expect(page.get_by_role("alert")).to_contain_text(
        re.compile(r"Nothing was loaded: \d{2,} problems")
    )
    problems = page.locator(".problem-scroll")
    assert problems.evaluate("el => el.scrollHeight > el.clientHeight")
    audit.check("upload-many-problems")

    page.goto(f"{live_server.url}/lists/meti-eul/versions/{w['draft'].pk}/")
    expect(page.locator("h1 .status")).to_have_text("Draft")
    expect(page.get_by_role("button", name="Activate")).to_be_visible()
    audit.check("draft-diff")

    page.goto(f"{live_server.url}/lists/meti-eul/versions/{w['active'].pk}/")
    expect(page.locator("h1 .status")).to_have_text("Active")
    expect(page.locator("#rescreen [data-job-status]")).to_have_text("Completed")
    audit.check("active-version")

    page.goto(f"{live_server.url}/lists/rescreen/{w['job'].pk}/")
    expect(page.locator(".impact-item", has_text=w["kaveh"].reference)).to_have_count(1)
    audit.check("rescreen-job")
    audit.assert_clean()


def test_the_form_and_the_case_page_in_japanese_have_no_serious_accessibility_violations(
    exporter_world, browser, page, live_server, log_in, audit
):
    w = exporter_world
    # A browser that asks for Japanese (Accept-Language): the login page and the exporter's form.
    context = browser.new_context(viewport=VIEWPORT, locale="ja-JP")
    ja = context.new_page()
    ja.goto(f"{live_server.url}/login/")
    expect(ja.locator("html")).to_have_attribute("lang", "ja")
    expect(ja.get_by_role("heading", name="ログイン")).to_be_visible()
    expect(ja.get_by_role("link", name="本文へスキップ")).to_have_attribute("href", "#main")
    audit.check("login-ja", page=ja)
    ja.locator("#id_username").fill("acme")
    ja.locator("#id_password").fill(PASSWORD)
    ja.locator(".login button[type=submit]").click()
    expect(ja.locator("form[action='/logout/']")).to_be_visible()
    ja.goto(f"{live_server.url}/applications/new/")
    expect(ja.locator("html")).to_have_attribute("lang", "ja")
    expect(ja.get_by_role("heading", level=1)).not_to_have_text("New licence application")
    audit.check("new-application-ja", page=ja)
    ja.locator("form[action='/logout/'] button").click()
    ja.goto(f"{live_server.url}/login/")
    ja.locator("#id_username").fill("acme")
    ja.locator("#id_password").fill("not-the-password")
    ja.locator(".login button[type=submit]").click()
    expect(ja.get_by_role("alert")).to_be_visible()
    audit.check("login-failed-ja", page=ja)
    context.close()

    # An officer whose browser asks for English picks Japanese with the language switcher.
    log_in("officer1")
    page.goto(f"{live_server.url}/cases/{w['uae_case'].pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("ja")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    assert page.url == f"{live_server.url}/cases/{w['uae_case'].pk}/"
    expect(page.locator("article.hit").first).to_be_visible()
    audit.check("case-with-hits-ja")
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("html")).to_have_attribute("lang", "ja")
    audit.check("dashboard-ja")
    audit.assert_clean()


# --- the keyboard --------------------------------------------------------------------------------

FOCUS_STYLE = """el => {
  const s = getComputedStyle(el);
  return {outline: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow};
}"""
FOCUSABLE_IN_FORM = """() => {
  const form = document.querySelector("main form[method=post]");
  return [...form.querySelectorAll("input, select, textarea, button, a[href]")]
    .filter(el => el.type !== "hidden" && !el.disabled && el.checkVisibility())
    .map(el => el.id || el.textContent.trim());
}"""
ACTIVE = "() => document.activeElement.id || document.activeElement.textContent.trim()"


def assert_focus_visible(page: Any, what: str) -> None:
    style = page.evaluate_handle("document.activeElement").evaluate(FOCUS_STYLE)
    assert style["outline"] != "none" and style["width"] >= 2, (
        f"no visible focus indicator on {what}: {style}"
    )


def test_the_application_form_can_be_filled_with_the_keyboard(
    acme, page, live_server, log_in, shot
):
    log_in("acme")
    page.goto(f"{live_server.url}/applications/new/")
    expect(page.get_by_role("heading", name="New licence application")).to_be_visible()

    # The first Tab reaches the skip link, which shows itself when focused.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    box = skip.bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10, box
    assert_focus_visible(page, "the skip link")
    shot("skip-link-focused")
    # Without it, the header comes first, its links showing their focus on the blue bar too.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Export licence screening")).to_be_focused()
    assert_focus_visible(page, "the header's first link")
    shot("header-link-focused")
    page.keyboard.press("Shift+Tab")
    expect(skip).to_be_focused()

    # Following it moves focus past the header: the next Tab lands on the first field.
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Destination country")).to_be_focused()
    assert_focus_visible(page, "the destination select")

    # Tab then walks through every control of the form in reading order, to the Cancel link.
    expected = page.evaluate(FOCUSABLE_IN_FORM)
    assert expected[:3] == ["id_destination_country", "id_end_use_category", "id_end_use"]
    assert expected[-2:] == ["Save draft", "Cancel"]
    visited = [page.evaluate(ACTIVE)]
    for _ in range(len(expected) - 1):
        page.keyboard.press("Tab")
        visited.append(page.evaluate(ACTIVE))
        if visited[-1] == "id_goods-0-description":
            assert_focus_visible(page, "a text input")
            shot("text-input-focused")
        if visited[-1] == "Add goods line":
            assert_focus_visible(page, "a button")
            shot("button-focused")
    assert visited == expected
    assert_focus_visible(page, "the Cancel link")
    shot("cancel-link-focused")

    # Typing works where the focus is: the fields filled by keyboard hold the values.
    page.get_by_label("Destination country").focus()
    page.keyboard.type("Germany")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("Production of automotive parts.")
    expect(page.get_by_label("Destination country")).to_have_value("DE")
    expect(page.get_by_label("End use", exact=True)).to_have_value(
        "Production of automotive parts."
    )
