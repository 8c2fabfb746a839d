"""The officers' journey in a real browser: a listed consignee is screened and routed, an officer
works the case (assign, confirm, propose clearances), two senior officers countersign (four eyes),
the officer refuses; a clean application is approved and the exporter prints the licence.

Needs Debian's Chromium (/usr/bin/chromium) and the playwright package; skips without them.
Screenshots of every step go to test-artifacts/e2e/<test name>/.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from tests.e2e.conftest import skip_module_without_browser

skip_module_without_browser()

from django.utils import timezone  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from licensing.models import (  # noqa: E402
    ApplicationStatus,
    Case,
    Licence,
    LicenceApplication,
    Role,
)
from screening.models import ListVersion, ScreeningHit  # noqa: E402
from tests.factories import authority_user  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TINY_PDF = {
    "name": "end-user-statement.pdf",
    "mimeType": "application/pdf",
    "buffer": b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
}
PUMP = {
    "description": "Stainless centrifugal pump",
    "hs_code": "8413.70",
    "quantity": "4",
    "unit": "pcs",
    "value_jpy": "3200000",
}
# A list-controlled machine tool (Appended Table 1, row 6): a licence is required everywhere.
MACHINING_CENTRE = {
    "description": "Five-axis machining centre",
    "control_code": "6(1)",
    "hs_code": "8457.10",
    "quantity": "1",
    "unit": "set",
    "value_jpy": "48000000",
}
# The UAE application: the consignee is on the sample End User List (entry 1, missile concern);
# the buyer and the intermediary only resemble entries of other countries (review-band hits).
UAE_PARTIES = [
    ("consignee", "Falcon Ridge General Trading", "AE", "Jebel Ali Free Zone, Dubai"),
    ("end_user", "Gulf Water Services FZE", "AE", "Fujairah"),
    ("buyer", "Levant Calibration Services LLC", "AE", "Al Quoz, Dubai"),
    ("intermediary", "Harbour Lantern Marine Services LLC", "AE", "Port Rashid, Dubai"),
]
GERMAN_PARTIES = [
    ("buyer", "Rheinland Handels GmbH", "DE", "Köln"),
    ("consignee", "Rheinland Getriebe GmbH", "DE", "Industriestr. 5, Köln"),
    ("end_user", "Rheinland Getriebe GmbH", "DE", "Industriestr. 5, Köln"),
]
REFUSAL = "The consignee is on the End User List (missile concern)."


@pytest.fixture
def sample_eul_active(transactional_db: None) -> ListVersion:
    """The sample End User List, active: loaded before the browser starts (see conftest)."""
    from screening.services import list_version_import
    from tests.conftest import SAMPLES

    return list_version_import(
        source="meti-eul", path=SAMPLES / "meti-eul-sample.csv", activate=True
    )


@pytest.fixture
def officers(transactional_db: None) -> dict[str, Any]:
    return {
        "officer1": authority_user("officer1", Role.OFFICER),
        "senior1": authority_user("senior1", Role.SENIOR_OFFICER),
        "senior2": authority_user("senior2", Role.SENIOR_OFFICER),
    }


def log_out(page: Any) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def messages(page: Any) -> Any:
    return page.locator(".messages")


def apply(
    page: Any,
    *,
    destination: str,
    end_use: str,
    parties: list[tuple[str, str, str, str]],
    shot: Any,
    label: str,
    goods: dict[str, str] = PUMP,
) -> LicenceApplication:
    """Fills the web form (one goods line, the parties), saves, uploads, submits."""
    page.get_by_role("navigation").get_by_role("link", name="New application").click()
    expect(page.get_by_role("heading", name="New licence application")).to_be_visible()
    page.get_by_label("Destination country").select_option(destination)
    page.get_by_label("End use", exact=True).fill(end_use)
    for name, value in goods.items():
        page.locator(f"#id_goods-0-{name}").fill(value)
    for index, (role, name, country, address) in enumerate(parties):
        if index:
            page.get_by_role("button", name="Add party").click()
        page.locator(f"#id_parties-{index}-role").select_option(role)
        page.locator(f"#id_parties-{index}-name").fill(name)
        page.locator(f"#id_parties-{index}-address").fill(address)
        page.locator(f"#id_parties-{index}-country").select_option(country)
    expect(page.locator("#parties-rows > .row")).to_have_count(len(parties))
    shot(f"{label}-form-filled")
    page.get_by_role("button", name="Save draft").click()
    expect(messages(page)).to_contain_text("saved")

    page.get_by_label("Document type").select_option("contract")
    page.get_by_label("File").set_input_files(TINY_PDF)
    page.get_by_role("button", name="Upload").click()
    expect(messages(page)).to_contain_text("Document uploaded.")

    page.get_by_role("button", name="Submit application").click()
    expect(messages(page)).to_contain_text("submitted; screening has started")
    expect(page.locator("h1 .status")).to_have_text("Under review")
    shot(f"{label}-submitted")
    application = LicenceApplication.objects.get(pk=int(page.url.rstrip("/").split("/")[-1]))
    assert application.status == ApplicationStatus.UNDER_REVIEW
    return application


def party(page: Any, name: str) -> Any:
    """A party's section on the case page (a region named by its heading: "Role: name")."""
    return page.get_by_role("region", name=re.compile(rf": {re.escape(name)}$"))


def hit_of(page: Any, name: str) -> Any:
    return party(page, name).locator("article.hit")


def record_disposition(page: Any, name: str, choice: str, reason: str) -> None:
    hit = hit_of(page, name)
    hit.get_by_label(choice).check()
    hit.get_by_label("Reason").fill(reason)
    hit.get_by_role("button", name="Record disposition").click()


def test_officers_confirm_clear_with_four_eyes_refuse_and_approve(
    sample_eul_active, officers, acme, page, live_server, log_in, shot
):
    # 2. The exporter applies to ship pumps to the UAE, the consignee being a listed entity.
    log_in("acme")
    application = apply(
        page,
        destination="AE",
        end_use="Spare pumps for a desalination plant.",
        parties=UAE_PARTIES,
        shot=shot,
        label="uae",
    )
    reference = application.reference
    case = Case.objects.get(application=application)
    assert case.queue.code == "wmd"
    hits = {h.party.name: h for h in ScreeningHit.objects.filter(run__application=application)}
    assert set(hits) == {name for _, name, _, _ in UAE_PARTIES} - {"Gulf Water Services FZE"}
    assert hits["Falcon Ridge General Trading"].alert
    assert not hits["Levant Calibration Services LLC"].alert
    assert not hits["Harbour Lantern Marine Services LLC"].alert
    log_out(page)

    # 3. officer1 finds the case in the WMD queue.
    log_in("officer1")
    page.get_by_role("navigation").get_by_role("link", name="Queues").click()
    expect(page.get_by_role("heading", name="Review queues")).to_be_visible()
    wmd_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=case.queue.name))
    expect(wmd_row.locator("[data-open]")).to_have_text("1")
    shot("queues")
    wmd_row.get_by_role("link", name=case.queue.name).click()
    expect(page.get_by_role("heading", name=case.queue.name)).to_be_visible()
    expect(page.get_by_text("1 case", exact=True)).to_be_visible()
    case_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(case_row).to_contain_text("Acme Precision")
    expect(case_row).to_contain_text("unassigned")
    shot("wmd-queue")
    case_row.get_by_role("link", name=reference).click()
    assert page.url == f"{live_server.url}/cases/{case.pk}/"
    expect(page.get_by_role("heading", name=reference)).to_be_visible()

    # The hit on the consignee: list entry, matched alias, score, list and version, concern M.
    falcon = hit_of(page, "Falcon Ridge General Trading")
    expect(falcon).to_have_count(1)
    expect(falcon).to_contain_text("Falcon Ridge General Trading LLC")
    falcon_hit = hits["Falcon Ridge General Trading"]
    if falcon_hit.matched_name != falcon_hit.entry.name:
        expect(falcon).to_contain_text(f"matched alias: {falcon_hit.matched_name}")
    else:
        expect(falcon).to_contain_text(f"matched on the entry's name: {falcon_hit.matched_name}")
    expect(falcon.locator(".score")).to_have_text(
        f"{hits['Falcon Ridge General Trading'].score:.3f}"
    )
    expect(falcon.locator(".tag.bad", has_text="alert")).to_be_visible()
    expect(falcon.locator(".tag.state")).to_have_text("Pending")
    expect(falcon.locator(".tag.info")).to_have_text("meti-eul")
    published = sample_eul_active.published_on or sample_eul_active.loaded_at.date()
    listed = f"{sample_eul_active.screening_list.name} of {published:%Y-%m-%d}, entry #1"
    expect(falcon).to_contain_text(listed)
    expect(falcon.get_by_text(listed)).to_have_attribute(
        "title", f"version {sample_eul_active.label}"
    )
    expect(falcon).to_contain_text("WMD concern")
    expect(falcon).to_contain_text("(M)")
    expect(party(page, "Gulf Water Services FZE")).to_contain_text("No hits for this party.")
    expect(page.get_by_text("3 hits, 3 still to decide")).to_be_visible()
    rules = page.locator("ol.rules")
    expect(rules.locator(".rule-code", has_text="C4")).to_be_visible()
    shot("case-opened")

    # Assign to self.
    page.get_by_role("button", name="Assign to me").click()
    expect(messages(page)).to_contain_text("The case is assigned to you.")
    expect(page.get_by_role("button", name="Assign to me")).to_have_count(0)
    expect(page.locator("aside")).to_contain_text("officer1")
    shot("assigned")

    # Refusing while hits are pending says so plainly and changes nothing.
    expect(page.locator("#decide ~ .notice.pending-hits")).to_contain_text(
        "3 screening hits are still pending"
    )
    page.get_by_label("Reasons for refusal").fill(REFUSAL)
    page.get_by_role("button", name="Refuse", exact=True).click()
    expect(messages(page)).to_contain_text("3 screening hit(s) are still pending")
    expect(page.get_by_label("Reasons for refusal")).to_have_value(REFUSAL)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    shot("refuse-blocked-while-pending")

    # Confirm the consignee's hit; propose clearing the buyer's.
    record_disposition(
        page,
        "Falcon Ridge General Trading",
        "Confirmed",
        "Same name and Jebel Ali address as EUL entry 1; the free-zone licence names it.",
    )
    expect(messages(page)).to_contain_text("Hit confirmed.")
    falcon = hit_of(page, "Falcon Ridge General Trading")
    expect(falcon.locator(".tag.state")).to_have_text("Confirmed")
    expect(falcon.locator(".disposition")).to_contain_text("Confirmed by officer1")
    expect(falcon.get_by_role("button", name="Record disposition")).to_have_count(0)
    shot("falcon-confirmed")

    record_disposition(
        page,
        "Levant Calibration Services LLC",
        "False positive",
        "A Dubai calibration laboratory; the listed Levant Calibration Centre is in Syria.",
    )
    expect(messages(page)).to_contain_text("Clearance proposed")
    levant = hit_of(page, "Levant Calibration Services LLC")
    expect(levant.locator(".disposition")).to_contain_text("Clearance proposed by officer1")
    expect(levant.locator(".tag.state")).to_have_text("Awaiting countersignature")
    # An officer cannot countersign anything.
    expect(page.get_by_role("button", name="Countersign clearance")).to_have_count(0)
    expect(page.get_by_text("3 hits, 2 still to decide")).to_be_visible()
    shot("levant-awaiting-countersignature")
    log_out(page)

    # 4. Four eyes. senior1 countersigns officer1's proposal and proposes clearing the last hit.
    log_in("senior1")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    hit_of(page, "Levant Calibration Services LLC").get_by_role(
        "button", name="Countersign clearance"
    ).click()
    expect(messages(page)).to_contain_text("Clearance countersigned")
    levant = hit_of(page, "Levant Calibration Services LLC")
    expect(levant.locator(".tag.state")).to_have_text("False positive")
    expect(levant.locator(".disposition")).to_contain_text(
        "False positive: proposed by officer1, countersigned by senior1"
    )
    record_disposition(
        page,
        "Harbour Lantern Marine Services LLC",
        "False positive",
        "A ship chandler at Port Rashid; the listed Harbour Lantern Trading is in China.",
    )
    expect(messages(page)).to_contain_text("Clearance proposed")
    harbour = hit_of(page, "Harbour Lantern Marine Services LLC")
    # The proposer may not countersign their own clearance.
    expect(harbour).to_contain_text("You proposed this clearance")
    expect(harbour.get_by_role("button", name="Countersign clearance")).to_have_count(0)
    shot("senior1-countersigned-and-proposed")
    log_out(page)

    log_in("senior2")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    hit_of(page, "Harbour Lantern Marine Services LLC").get_by_role(
        "button", name="Countersign clearance"
    ).click()
    expect(messages(page)).to_contain_text("Clearance countersigned")
    harbour = hit_of(page, "Harbour Lantern Marine Services LLC")
    expect(harbour.locator(".tag.state")).to_have_text("False positive")
    expect(harbour.locator(".disposition")).to_contain_text(
        "False positive: proposed by senior1, countersigned by senior2"
    )
    expect(page.get_by_text("3 hits, 0 still to decide")).to_be_visible()
    expect(page.locator("#decide ~ .notice.pending-hits")).to_have_count(0)
    shot("senior2-countersigned")
    log_out(page)
    dispositions = {
        h.party.name: (h.disposition, h.countersigned_by and h.countersigned_by.username)
        for h in ScreeningHit.objects.filter(run__application=application)
    }
    assert dispositions == {
        "Falcon Ridge General Trading": ("confirmed", None),
        "Levant Calibration Services LLC": ("false_positive", "senior1"),
        "Harbour Lantern Marine Services LLC": ("false_positive", "senior2"),
    }

    # 5. officer1 refuses with reasons.
    log_in("officer1")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_label("Reasons for refusal").fill(REFUSAL)
    page.get_by_role("button", name="Refuse", exact=True).click()
    expect(messages(page)).to_contain_text("Refused: the exporter has been told the reasons.")
    expect(page.locator("h1 .status")).to_have_text("Refused")
    expect(page.locator("#decide")).to_have_count(0)
    decisions = page.locator("h2:text-is('Decisions') + .table-wrap tbody tr")
    expect(decisions).to_have_count(1)
    expect(decisions).to_contain_text("officer1")
    expect(decisions).to_contain_text(REFUSAL)
    shot("refused")
    log_out(page)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED

    # 6. The exporter sees the refusal and its reasons.
    log_in("acme")
    page.get_by_role("link", name=reference).click()
    expect(page.locator("h1 .status")).to_have_text("Refused")
    refusal = page.get_by_role("region", name="Review").locator(".notice")
    expect(refusal).to_contain_text(f"Refused on {timezone.localdate():%Y-%m-%d}.")
    expect(refusal).to_contain_text(REFUSAL)
    # The exporter never sees the list entries behind the decision.
    expect(page.get_by_text("Falcon Ridge General Trading LLC")).to_have_count(0)
    shot("exporter-sees-refusal")

    # 7. A list-controlled machine tool to Germany, approved with conditions; the exporter
    # prints the licence.
    german = apply(
        page,
        destination="DE",
        end_use="Machining of gearbox housings.",
        parties=GERMAN_PARTIES,
        shot=shot,
        label="germany",
        goods=MACHINING_CENTRE,
    )
    german_case = Case.objects.get(application=german)
    assert german_case.queue.code == "dual-use"  # row 6: licence required for every destination
    assert german_case.outcome == "licence_required"
    assert not ScreeningHit.objects.filter(run__application=german).exists()
    log_out(page)

    log_in("officer1")
    page.goto(f"{live_server.url}/cases/{german_case.pk}/")
    expect(page.get_by_role("heading", name=german.reference)).to_be_visible()
    expect(page.locator("#decide ~ .notice.pending-hits")).to_have_count(0)
    valid_until = timezone.localdate() + dt.timedelta(days=180)
    conditions = "No re-export without METI's prior written consent."
    page.get_by_label("Valid until").fill(f"{valid_until:%Y-%m-%d}")
    page.get_by_label("Conditions").fill(conditions)
    shot("germany-approve-form")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(messages(page)).to_contain_text("Approved: the licence has been issued.")
    expect(page.locator("h1 .status")).to_have_text("Approved")
    licence = Licence.objects.get(application=german)
    assert licence.valid_until == valid_until
    assert licence.conditions == conditions
    assert licence.issued_by == officers["officer1"]
    assert re.fullmatch(r"JP-EL-\d{4}-\d{6}", licence.number)
    expect(page.get_by_role("link", name="Printable licence")).to_be_visible()
    shot("germany-approved")
    log_out(page)

    log_in("acme")
    page.get_by_role("link", name=german.reference).click()
    expect(page.locator("h1 .status")).to_have_text("Approved")
    review = page.get_by_role("region", name="Review")
    expect(review).to_contain_text(
        f"Licence {licence.number}, valid from {timezone.localdate():%Y-%m-%d} "
        f"until {valid_until:%Y-%m-%d}."
    )
    shot("exporter-sees-approval")
    review.get_by_role("link", name="View and print the licence").click()
    assert page.url == f"{live_server.url}/licences/{licence.number}/"
    expect(page.get_by_role("heading", name="Export Licence")).to_be_visible()
    document = page.locator("article.licence-doc")
    expect(document.locator(".number")).to_have_text(licence.number)
    expect(document).to_contain_text("Acme Precision")
    expect(document).to_contain_text("Germany (DE)")
    expect(document).to_contain_text("Five-axis machining centre")
    expect(document).to_contain_text("Rheinland Getriebe GmbH")
    expect(document.locator(".conditions")).to_have_text(conditions)
    expect(document).to_contain_text(
        f"from {timezone.localdate():%Y-%m-%d} until {valid_until:%Y-%m-%d} (inclusive)"
    )
    expect(document).to_contain_text("Issued by officer1")
    shot("printable-licence")

    # 8. A pump for the same German customer: not listed, Group A, no hits. The officer closes
    # the case as needing no licence; no licence is issued.
    page.goto(f"{live_server.url}/applications/")
    pump = apply(
        page,
        destination="DE",
        end_use="Coolant circulation for gearbox machining lines.",
        parties=GERMAN_PARTIES,
        shot=shot,
        label="germany-pump",
    )
    pump_case = Case.objects.get(application=pump)
    assert pump_case.queue.code == "triage" and pump_case.outcome == "no_licence_required"
    log_out(page)

    log_in("officer1")
    page.goto(f"{live_server.url}/cases/{pump_case.pk}/")
    expect(page.locator(".rules")).to_contain_text("Group A destination")
    page.get_by_label("Note for the record").fill("Pump for coolant circulation; Group A.")
    shot("pump-close-form")
    page.get_by_role("button", name="Close: no licence required").click()
    expect(messages(page)).to_contain_text("Closed: no licence is required for this export.")
    expect(page.locator("h1 .status")).to_have_text("No licence required")
    assert not Licence.objects.filter(application=pump).exists()
    shot("pump-closed")
    log_out(page)

    log_in("acme")
    page.get_by_role("link", name=pump.reference).click()
    expect(page.locator("h1 .status")).to_have_text("No licence required")
    expect(page.get_by_role("link", name="View and print the licence")).to_have_count(0)
    shot("exporter-sees-no-licence-required")
