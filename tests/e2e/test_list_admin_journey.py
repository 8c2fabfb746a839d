"""The list administrators' journey in a real browser, with METI's real End User List revision:
upload, diff review, approval by one administrator, activation by another, re-screening, impact.

Needs Debian's Chromium (/usr/bin/chromium), the playwright package and the real lists
($SCREENING_DATA); skips without them. Screenshots of every step go to test-artifacts/e2e/<test name>/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.conftest import skip_module_without_browser

skip_module_without_browser()

from playwright.sync_api import expect  # noqa: E402

from enduser.models import RescreenJob  # noqa: E402
from licensing.models import ApplicationStatus, Case, LicenceApplication, Role  # noqa: E402
from screening.models import ListVersion  # noqa: E402
from tests.factories import api_as, application_payload, authority_user  # noqa: E402

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def list_admins(transactional_db: None) -> tuple[Any, Any]:
    return (
        authority_user("listadmin1", Role.LIST_ADMIN),
        authority_user("listadmin2", Role.LIST_ADMIN),
    )


@pytest.fixture
def eul_2025_01_31(shared_data: Any, transactional_db: None) -> ListVersion:
    """The End User List of 2025-01-31, active: loaded before the browser starts (see conftest)."""
    from screening.services import list_version_import

    return list_version_import(
        source="meti-eul",
        path=shared_data / "lists/meti-eul/2025-01-31/end-user-list-2025-01-31.xlsx",
        activate=True,
    )


@pytest.fixture
def pegah_application(eul_2025_01_31: ListVersion, acme: Any) -> LicenceApplication:
    """Acme's submitted application naming Pegah Aluminum Arak Co., screened and routed (tasks
    run in-process, after the commit)."""
    client = api_as(acme)
    parties = [
        {
            "role": "consignee",
            "name": "Pegah Aluminum Arak Co.",
            "address": "Arak",
            "country": "IR",
        },
        {"role": "end_user", "name": "Pegah Aluminum Arak Co.", "address": "Arak", "country": "IR"},
    ]
    coil = {
        "description": "Induction furnace spare coil",
        "hs_code": "8514.20",
        "quantity": "2",
        "unit": "pcs",
        "value_jpy": 2_400_000,
    }
    created = client.post(
        "/api/applications/",
        application_payload(destination_country="IR", goods=[coil], parties=parties),
        format="json",
    )
    assert created.status_code == 201, created.json()
    app_id = created.json()["id"]
    assert client.post(f"/api/applications/{app_id}/submit/").status_code == 200
    application = LicenceApplication.objects.get(pk=app_id)
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert Case.objects.get(application=application).queue.code != "wmd"
    return application


def count_of(page: Any, group: str) -> int:
    return int(page.locator(f".diff-counts .{group} dd").inner_text())


def test_two_list_administrators_load_the_real_revision_and_see_its_impact(
    pegah_application, list_admins, page, live_server, log_in, shot, shared_data
):
    reference = pegah_application.reference
    revision = shared_data / "lists/meti-eul/2025-09-29/20250929_4.xlsx"
    notice = shared_data / "lists/meti-eul/2025-09-29/20250929_2.pdf"

    # The first administrator lands on the list store and opens the upload form.
    log_in("listadmin1")
    expect(page.get_by_role("heading", name="Screening lists")).to_be_visible()
    expect(page.locator("tr.current")).to_contain_text("end-user-list-2025-01-31.xlsx")
    shot("list-store")
    page.get_by_role("link", name=re.compile(r"^Upload a revision")).click()
    expect(page.get_by_role("heading", name=re.compile("Upload a revision"))).to_be_visible()
    expect(page.get_by_label(re.compile("I confirm"))).to_have_count(0)

    # METI publishes a PDF notice beside the workbook; picking it by mistake loads nothing.
    page.get_by_label("List file").set_input_files(str(notice))
    page.get_by_label("Published on").fill("2025-09-29")
    page.get_by_label("Effective from").fill("2025-10-09")
    shot("upload-form")
    page.get_by_role("button", name="Upload and compare").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was loaded")
    expect(page.locator("#id_file")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Published on")).to_have_value("2025-09-29")
    expect(page.get_by_label("Effective from")).to_have_value("2025-10-09")
    assert ListVersion.objects.count() == 1
    shot("wrong-file-refused")

    page.get_by_label("List file").set_input_files(str(revision))
    page.get_by_role("button", name="Upload and compare").click()

    # The diff preview: about 93 added, a handful removed, Pegah among the added.
    expect(page.locator(".messages")).to_contain_text("Loaded as draft")
    draft = ListVersion.objects.get(status=ListVersion.Status.DRAFT)
    assert page.url == f"{live_server.url}/lists/meti-eul/versions/{draft.pk}/"
    expect(page.locator("h1 .status")).to_have_text("Draft")
    added, removed = count_of(page, "added"), count_of(page, "removed")
    assert 85 <= added <= 100 and removed <= 10, (added, removed)
    assert added - removed == 835 - 748
    expect(page.locator("#added")).to_contain_text("PEGAH ALUMINUM ARAK COMPANY")
    expect(page.locator("#added").get_by_text("PEGAH ALUMINUM ARAK COMPANY")).to_be_visible()
    shot("diff-preview")
    # The long group of changed entries starts folded; opened, it shows before and after.
    changed = page.locator("#changed")
    expect(changed.locator("table")).not_to_be_visible()
    changed.locator("summary").click()
    expect(changed.locator("tr.changed-field").first).to_be_visible()
    expect(changed.locator("ins").first).to_be_visible()
    expect(changed.locator(".diff-pager").first).to_contain_text("Page 1 of 2")
    changed.scroll_into_view_if_needed()
    shot("diff-changed")

    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messages")).to_contain_text(
        "A second list administrator must now activate"
    )
    expect(page.get_by_role("button", name="Activate")).to_be_visible()
    expect(page.get_by_text("You approved this version")).to_be_visible()
    shot("approved-by-first-admin")
    assert ListVersion.objects.get(pk=draft.pk).status == ListVersion.Status.DRAFT

    # The second administrator activates it from the list store.
    page.get_by_role("button", name="Log out").click()
    log_in("listadmin2")
    draft_row = page.locator("tr", has=page.get_by_role("link", name=f"#{draft.pk}", exact=True))
    expect(draft_row).to_contain_text("Draft")
    expect(draft_row).to_contain_text("listadmin1")
    shot("second-admin-list-store")
    page.get_by_role("link", name=f"#{draft.pk}", exact=True).click()
    expect(page.get_by_text("Approved by listadmin1")).to_be_visible()
    shot("second-admin-opens-the-draft")
    page.get_by_role("button", name="Activate").click()
    expect(page.locator(".messages")).to_contain_text("is now the active version")
    expect(page.locator("h1 .status")).to_have_text("Active")

    # Re-screening: the progress bar runs to the end, then the impact report appears.
    rescreen = page.locator("#rescreen")
    expect(rescreen.locator("[data-job-status]")).to_have_text("Completed", timeout=60_000)
    expect(rescreen.locator("progress")).to_have_attribute("value", "100")
    job = RescreenJob.objects.get(new_version=draft)
    expect(rescreen.locator("#rescreen-count")).to_contain_text(
        f"{job.parties_total} of {job.parties_total} parties screened"
    )
    shot("rescreen-completed")

    page.get_by_role("link", name="Open the impact report").click()
    assert page.url.startswith(f"{live_server.url}/lists/rescreen/{job.pk}/")
    item = page.locator(".impact-item", has_text=reference)
    expect(item).to_have_count(1)
    case = Case.objects.get(application=pegah_application)
    expect(item.get_by_role("link", name=reference)).to_have_attribute("href", f"/cases/{case.pk}/")
    gained = item.locator("table.gained tbody tr")
    expect(gained.first).to_contain_text("Pegah Aluminum Arak Co.")
    expect(item.locator("table.gained")).to_contain_text("PEGAH ALUMINUM ARAK COMPANY")
    shot("impact-report")

    # Back on the list store, the new version is the one in use.
    page.get_by_role("navigation").get_by_role("link", name="Lists").click()
    expect(page.locator("tr.current")).to_contain_text("20250929_4.xlsx")
    expect(page.locator("tr.current")).to_contain_text("listadmin2")
    expect(page.locator("tr", has_text="end-user-list-2025-01-31.xlsx")).to_contain_text(
        "Superseded"
    )
    shot("list-store-after-activation")

    case.refresh_from_db()
    assert case.queue.code == "wmd"
    assert ListVersion.objects.get(pk=draft.pk).status == "active"


def test_the_progress_bar_follows_a_running_job_and_shows_the_impact_when_it_ends(
    page, live_server, log_in, shot, transactional_db
):
    from screening.services import list_version_import
    from tests.conftest import SAMPLES

    authority_user("listadmin1", Role.LIST_ADMIN)
    version = list_version_import(
        source="meti-eul", path=SAMPLES / "meti-eul-sample.csv", activate=True
    )
    job = RescreenJob.objects.create(
        new_version=version,
        status=RescreenJob.Status.RUNNING,
        entries_screened=3,
        parties_total=40,
        parties_done=10,
    )
    log_in("listadmin1")
    page.goto(f"{live_server.url}/lists/meti-eul/versions/{version.pk}/")
    rescreen = page.locator("#rescreen")
    expect(rescreen.locator("[data-job-status]")).to_have_text("Running")
    expect(rescreen.locator("[data-percent]")).to_have_text("25")
    shot("running-25")

    RescreenJob.objects.filter(pk=job.pk).update(parties_done=30)
    expect(rescreen.locator("[data-percent]")).to_have_text("75")
    expect(rescreen.locator("[data-done]")).to_have_text("30")
    shot("running-75")

    RescreenJob.objects.filter(pk=job.pk).update(
        status=RescreenJob.Status.COMPLETED, parties_done=40, impact=[]
    )
    expect(rescreen.locator("[data-job-status]")).to_have_text("Completed")
    expect(rescreen).to_contain_text("No application gained or lost a hit.")
    shot("completed")


def test_rolling_back_asks_for_confirmation_first(
    page, live_server, log_in, shot, transactional_db
):
    from enduser.services import list_revision_upload, list_version_approve
    from screening.services import list_version_import
    from tests.conftest import SAMPLES

    first, second = (
        authority_user("listadmin1", Role.LIST_ADMIN),
        authority_user("listadmin2", Role.LIST_ADMIN),
    )
    old = list_version_import(
        source="meti-eul", path=SAMPLES / "meti-eul-sample.csv", activate=True
    )
    new = list_revision_upload(
        user=first,
        code="meti-eul",
        filename="eul.xlsx",
        data=(SAMPLES / "meti-eul-sample.xlsx").read_bytes(),
    )
    list_version_approve(user=first, version_id=new.pk)
    list_version_approve(user=second, version_id=new.pk)

    log_in("listadmin1")
    page.goto(f"{live_server.url}/lists/meti-eul/versions/{new.pk}/")
    confirm = page.get_by_role("button", name=f"Yes, roll back to version #{old.pk}")
    expect(confirm).not_to_be_visible()
    page.get_by_text("Roll back to the previous version").click()
    expect(confirm).to_be_visible()
    shot("confirm-rollback")
    confirm.click()
    expect(page.locator(".messages")).to_contain_text(f"version #{old.pk} is active again")
    assert page.url == f"{live_server.url}/lists/meti-eul/versions/{old.pk}/"
    expect(page.locator("h1 .status")).to_have_text("Active")
    shot("rolled-back")
    assert ListVersion.objects.get(pk=old.pk).status == ListVersion.Status.ACTIVE
    assert ListVersion.objects.get(pk=new.pk).status == ListVersion.Status.SUPERSEDED
