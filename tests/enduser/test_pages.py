"""The list administrator's pages: list store, revision upload, diff preview, four-eyes activation,
rollback, re-screening impact."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from enduser.models import RescreenJob
from licensing.models import Case, Role
from screening.models import ListEntry, ListVersion
from tests.factories import api_as, application_payload, authority_user

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HEADER = '"No.","国名、地域名\nCountry or Region","企業名､組織名\nCompany or Organization","別名\nAlso Known As","懸念区分\nType of WMD","通常兵器\nConventional Weapons"\n'
# A revision of the sample: one entry added (Kaveh), two changed (Zagros, Harbour Lantern), the
# rest removed.
REVISION_ROWS = [
    '1,"アラブ首長国連邦\nUnited Arab Emirates",Falcon Ridge General Trading LLC,・Falcon Ridge Trading LLC,"ミサイル\nM",',
    '2,"イラン\nIran",Zagros Precision Industries (ZPI),,"核\nN","通常兵器\nCW"',
    '3,"パキスタン\nPakistan",Indus Valve Works (Pvt) Ltd.,,"ミサイル\nM",',
    '4,"イラン\nIran",Kaveh Rotor Engineering Company,,"ミサイル\nM",',
    '5,"中国\nChina","Harbour Lantern Trading Co., Ltd.",,"核\nN",',
    '6,"香港\nHong Kong",Bright Harbour Electronics Limited,・Bright Harbour Electronics Ltd,"核\nN",',
]


@pytest.fixture
def admin2(db):
    return authority_user("listadmin2", Role.LIST_ADMIN)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def csv_file(rows: list[str], name: str = "eul.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, (HEADER + "\n".join(rows) + "\n").encode("utf-8"), content_type="text/csv"
    )


def sample_file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (SAMPLES / name).read_bytes())


def upload_page(user, file, **fields):
    return client_for(user).post("/lists/meti-eul/upload/", {"file": file, **fields})


def snapshot():
    active = ListVersion.objects.filter(screening_list__code="meti-eul", status="active").first()
    return (
        active.pk if active else None,
        ListEntry.objects.filter(version=active).count() if active else 0,
        ListVersion.objects.count(),
    )


def section(html: str, element_id: str) -> str:
    """The HTML of the <details> or <section> with this id."""
    match = re.search(rf'<(details|section)[^>]*\bid="{element_id}".*?</\1>', html, re.S)
    assert match, f"no element with id {element_id!r}"
    return match.group(0)


def found(pattern: str, html: str, group: int = 0) -> str:
    match = re.search(pattern, html, re.S)
    assert match, f"nothing matches {pattern!r}"
    return match.group(group)


def text(response) -> str:
    return response.content.decode()


def draft_from_revision(user) -> ListVersion:
    response = upload_page(
        user,
        csv_file(REVISION_ROWS),
        published_on="2026-11-20",
        effective_from="2026-11-20",
    )
    assert response.status_code == 302, text(response)
    return ListVersion.objects.get(status="draft")


def approve(user, version):
    return client_for(user).post(f"/lists/meti-eul/versions/{version.pk}/approve/", follow=True)


# --- who may see what ----------------------------------------------------------------------------


def test_exporters_get_404_on_every_list_admin_page(acme_exporter, list_admin, sample_eul):
    job = RescreenJob.objects.create(new_version=sample_eul)
    client = client_for(acme_exporter)
    for path in (
        "/lists/",
        "/lists/meti-eul/upload/",
        f"/lists/meti-eul/versions/{sample_eul.pk}/",
        f"/lists/meti-eul/versions/{sample_eul.pk}/file/",
        f"/lists/rescreen/{job.pk}/",
    ):
        assert client.get(path).status_code == 404, path
    for path in (f"/lists/meti-eul/versions/{sample_eul.pk}/approve/", "/lists/meti-eul/rollback/"):
        assert client.post(path).status_code == 404, path
    assert (
        client.post("/lists/meti-eul/upload/", {"file": csv_file(REVISION_ROWS)}).status_code == 404
    )
    assert snapshot()[2] == 1


def test_an_officer_may_look_but_not_upload_or_activate(officer, sample_eul):
    client = client_for(officer)
    page = client.get("/lists/")
    assert page.status_code == 200
    assert "Upload a revision" not in text(page)
    assert f'href="/lists/meti-eul/versions/{sample_eul.pk}/"' in text(page)
    version_page = client.get(f"/lists/meti-eul/versions/{sample_eul.pk}/")
    assert version_page.status_code == 200
    assert "Roll back" not in text(version_page)
    assert client.get("/lists/meti-eul/upload/").status_code == 404
    assert client.post(f"/lists/meti-eul/versions/{sample_eul.pk}/approve/").status_code == 404
    assert client.post("/lists/meti-eul/rollback/").status_code == 404


def test_pages_need_a_login(client, sample_eul):
    response = client.get("/lists/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_list_store_shows_every_version_and_marks_the_active_one(list_admin, sample_eul):
    draft = draft_from_revision(list_admin)
    html = text(client_for(list_admin).get("/lists/"))
    assert 'href="/lists/meti-eul/upload/"' in html
    active_row = found(r'<tr class="current">(.*?)</tr>', html, 1)
    assert f"#{sample_eul.pk}<" in active_row and "Active" in active_row
    assert f'href="/lists/meti-eul/versions/{draft.pk}/"' in html
    assert "Draft" in html and "listadmin1" in html and "2026-11-20" in html
    # Lists with no version yet can get their first one.
    assert 'href="/lists/un/upload/"' in html


# --- upload --------------------------------------------------------------------------------------


def test_an_upload_with_missing_columns_shows_the_problems_and_changes_nothing(
    list_admin, sample_eul
):
    before = snapshot()
    response = upload_page(
        list_admin,
        sample_file("meti-eul-missing-column.xlsx"),
        published_on="2025-09-29",
        effective_from="2025-10-09",
    )
    assert response.status_code == 200
    html = text(response)
    problems = found(r'<aside class="card problems".*?</aside>', html)
    assert "Nothing was loaded" in problems
    assert "column" in problems.lower()
    assert 'value="2025-09-29"' in html and 'value="2025-10-09"' in html
    assert 'name="confirm_shrink"' not in html  # offered only when the revision shrinks by half
    assert snapshot() == before


def test_every_problem_with_its_row_and_column_is_listed_beside_the_form(list_admin, sample_eul):
    before = snapshot()
    html = text(upload_page(list_admin, sample_file("meti-eul-bad-rows.xlsx")))
    listed = found(r'<ol class="problem-list">(.*?)</ol>', html, 1)
    assert listed.count("<li>") >= 2
    assert "row" in listed and "column" in listed
    assert snapshot() == before


def test_a_revision_with_fewer_than_half_the_entries_needs_the_confirmation(list_admin, sample_eul):
    client = client_for(list_admin)
    assert 'name="confirm_shrink"' not in text(client.get("/lists/meti-eul/upload/"))
    before = snapshot()
    one_entry = [REVISION_ROWS[3]]
    refused = client.post(
        "/lists/meti-eul/upload/", {"file": csv_file(one_entry), "published_on": "2026-11-20"}
    )
    assert refused.status_code == 200
    assert 'name="confirm_shrink"' in text(refused)
    assert "fewer than half" in text(refused)
    assert 'value="2026-11-20"' in text(refused)
    assert snapshot() == before
    accepted = client.post(
        "/lists/meti-eul/upload/",
        {"file": csv_file(one_entry), "published_on": "2026-11-20", "confirm_shrink": "on"},
    )
    assert accepted.status_code == 302


def test_a_valid_upload_redirects_to_the_version_page_showing_the_diff_groups(
    list_admin, sample_eul
):
    client = client_for(list_admin)
    response = client.post(
        "/lists/meti-eul/upload/",
        {
            "file": csv_file(REVISION_ROWS),
            "published_on": "2026-11-20",
            "effective_from": "2026-11-25",
        },
    )
    draft = ListVersion.objects.get(status="draft")
    assert response.status_code == 302
    assert response["Location"] == f"/lists/meti-eul/versions/{draft.pk}/"
    page = client.get(response["Location"])
    html = text(page)
    assert "Loaded as draft" in html
    added, removed, changed = (section(html, g) for g in ("added", "removed", "changed"))
    assert "Kaveh Rotor Engineering Company" in added
    assert "Morning Star Export Corporation" in removed
    assert "Kaveh" not in removed and "Kaveh" not in changed
    # Zagros lost its B, C and M concern types and its aliases: each shown struck out.
    zagros = found(r'<tbody class="changed-entry">(?:(?!</tbody>).)*Zagros.*?</tbody>', changed)
    assert "Aliases" in zagros and "Concern types" in zagros
    assert "<del>Zagros Precision Co.</del>" in zagros
    assert re.search(r"<del><abbr[^>]*>B</abbr></del>", zagros)
    assert "Approve" in html
    assert ListVersion.objects.get(pk=sample_eul.pk).status == "active"
    download = client.get(f"/lists/meti-eul/versions/{draft.pk}/file/")
    assert download.status_code == 200
    assert 'filename="eul.csv"' in download["Content-Disposition"]
    assert b"Kaveh Rotor Engineering Company" in b"".join(download.streaming_content)  # type: ignore[attr-defined]


def test_the_diff_can_be_searched_by_name(list_admin, sample_eul):
    draft = draft_from_revision(list_admin)
    html = text(client_for(list_admin).get(f"/lists/meti-eul/versions/{draft.pk}/?q=kaveh"))
    assert "Kaveh Rotor Engineering Company" in section(html, "added")
    assert "Morning Star" not in section(html, "removed")


# --- approval, activation, rollback --------------------------------------------------------------


def test_one_admin_approves_and_a_second_activates_through_the_pages(
    list_admin, admin2, sample_eul, django_capture_on_commit_callbacks
):
    draft = draft_from_revision(list_admin)
    first = approve(list_admin, draft)
    assert "Approved. A second list administrator must now activate" in text(first)
    assert "Approved by listadmin1" in text(first)
    assert ListVersion.objects.get(pk=draft.pk).status == "draft"

    with django_capture_on_commit_callbacks(execute=True):
        second = approve(admin2, draft)
    assert "is now the active version" in text(second)
    # Re-screening runs once the activation has committed; the page then shows it completed.
    html = text(client_for(admin2).get(f"/lists/meti-eul/versions/{draft.pk}/"))
    assert ListVersion.objects.get(pk=draft.pk).status == "active"
    assert ListVersion.objects.get(pk=sample_eul.pk).status == "superseded"
    rescreen = section(html, "rescreen")
    assert "Completed" in rescreen and 'value="100"' in rescreen
    assert "Roll back to the previous version" in html


def test_the_admin_who_approved_cannot_activate(list_admin, sample_eul):
    draft = draft_from_revision(list_admin)
    approve(list_admin, draft)
    response = approve(list_admin, draft)
    assert "You approved this version; a second list administrator must activate it." in text(
        response
    )
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.activated_by is None


def test_a_future_effective_date_shows_the_scheduled_day(list_admin, admin2, sample_eul):
    later = timezone.localdate() + dt.timedelta(days=10)
    response = upload_page(
        list_admin,
        csv_file(REVISION_ROWS),
        effective_from=later.isoformat(),
    )
    draft = ListVersion.objects.get(status="draft")
    assert response.status_code == 302
    approve(list_admin, draft)
    html = text(approve(admin2, draft))
    assert f"Scheduled for {later.isoformat()}" in html
    assert ListVersion.objects.get(pk=draft.pk).status == "draft"
    assert f"<strong>{later.isoformat()}</strong>" in text(client_for(list_admin).get("/lists/"))


def test_rollback_through_the_page(
    list_admin, admin2, sample_eul, django_capture_on_commit_callbacks
):
    draft = draft_from_revision(list_admin)
    approve(list_admin, draft)
    with django_capture_on_commit_callbacks(execute=True):
        approve(admin2, draft)
    client = client_for(list_admin)
    page = text(client.get(f"/lists/meti-eul/versions/{draft.pk}/"))
    assert f"Yes, roll back to version #{sample_eul.pk}" in page

    # A page opened before someone else changed the active version rolls nothing back.
    stale = client.post(
        "/lists/meti-eul/rollback/", {"from_version": str(sample_eul.pk)}, follow=True
    )
    assert "nothing was rolled back" in text(stale)
    assert ListVersion.objects.get(pk=draft.pk).status == "active"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/lists/meti-eul/rollback/", {"from_version": str(draft.pk)}, follow=True
        )
    assert response.redirect_chain[-1][0] == f"/lists/meti-eul/versions/{sample_eul.pk}/"
    assert f"version #{sample_eul.pk} is active again" in text(response)
    assert ListVersion.objects.get(pk=sample_eul.pk).status == "active"
    assert ListVersion.objects.get(pk=draft.pk).status == "superseded"


# --- re-screening --------------------------------------------------------------------------------


def test_the_impact_report_lists_an_application_that_gained_a_hit(
    acme_exporter, list_admin, admin2, sample_eul, django_capture_on_commit_callbacks
):
    exporter = api_as(acme_exporter)
    parties = [
        {"role": "consignee", "name": "Kaveh Rotor Engineering Co.", "country": "IR"},
        {"role": "end_user", "name": "Kaveh Rotor Engineering Co.", "country": "IR"},
    ]
    pump = {
        "description": "Pump",
        "hs_code": "8413.70",
        "quantity": "1",
        "unit": "pcs",
        "value_jpy": 100000,
    }
    app_id = exporter.post(
        "/api/applications/",
        application_payload(destination_country="IR", goods=[pump], parties=parties),
        format="json",
    ).json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        exporter.post(f"/api/applications/{app_id}/submit/")
    case = Case.objects.get(application_id=app_id)

    draft = draft_from_revision(list_admin)
    approve(list_admin, draft)
    with django_capture_on_commit_callbacks(execute=True):
        approve(admin2, draft)
    job = RescreenJob.objects.get(new_version=draft)
    version_page = section(
        text(client_for(list_admin).get(f"/lists/meti-eul/versions/{draft.pk}/")), "rescreen"
    )
    assert "Completed" in version_page
    assert f'href="/lists/rescreen/{job.pk}/"' in version_page

    report = client_for(list_admin).get(f"/lists/rescreen/{job.pk}/")
    assert report.status_code == 200
    impact = section(text(report), "rescreen")
    assert f'<a href="/cases/{case.pk}/">{case.application.reference}</a>' in impact
    assert "Kaveh Rotor Engineering Co." in impact  # the party
    case.refresh_from_db()
    assert case.queue.name in impact  # the queue by its name, not its code
    ja = client_for(list_admin).get(f"/lists/rescreen/{job.pk}/", HTTP_ACCEPT_LANGUAGE="ja")
    assert case.queue.name_ja and case.queue.name_ja in section(text(ja), "rescreen")
    assert "Kaveh Rotor Engineering Company" in impact  # the entry
    assert re.search(r'class="right score alert-yes">\d\.\d{3}<', impact)
    assert "<caption>Hits gained</caption>" in impact
    # The consignee and the end user share the name: one row, both roles.
    assert impact.count("<td>Kaveh Rotor Engineering Co.") == 1
    assert "Consignee, End user" in impact
