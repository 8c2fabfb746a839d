"""End User List revisions: upload, validation, diff, four-eyes activation, rollback, re-screening."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from enduser.models import RescreenJob
from enduser.services import due_versions_activate
from licensing.models import Case, LicenceApplication, Role
from screening.models import ListEntry, ListVersion, ScreeningHit
from tests.factories import api_as, application_payload, authority_user

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HEADER = '"No.","国名、地域名\nCountry or Region","企業名､組織名\nCompany or Organization","別名\nAlso Known As","懸念区分\nType of WMD","通常兵器\nConventional Weapons"\n'


@pytest.fixture
def admin2(db):
    return authority_user("listadmin2", Role.LIST_ADMIN)


def csv_file(rows: list[str], name: str = "eul.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, (HEADER + "\n".join(rows) + "\n").encode("utf-8"), content_type="text/csv"
    )


def upload(user, file, **extra):
    return api_as(user).post(
        "/api/lists/meti-eul/versions/", {"file": file, **extra}, format="multipart"
    )


def snapshot():
    active = ListVersion.objects.filter(screening_list__code="meti-eul", status="active").first()
    return (
        active.pk if active else None,
        ListEntry.objects.filter(version=active).count() if active else 0,
        ListVersion.objects.count(),
    )


def sample_xlsx():
    return SimpleUploadedFile("eul.xlsx", (SAMPLES / "meti-eul-sample.xlsx").read_bytes())


# A revision that adds an Iranian entity the sample list does not have, plus filler entries.
KAVEH_REVISION = ['1,"イラン\nIran",Kaveh Rotor Engineering Company,,"ミサイル\nM",'] + [
    f'{i + 2},"アラブ首長国連邦\nUnited Arab Emirates",Filler Trading {chr(65 + i)} LLC,,"ミサイル\nM",'
    for i in range(8)
]


def submit_kaveh_application(exporter, callbacks) -> int:
    """An application to Iran naming an entity that only the revision above lists."""
    client = api_as(exporter)
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
    payload = application_payload(destination_country="IR", goods=[pump], parties=parties)
    app_id = client.post("/api/applications/", payload, format="json").json()["id"]
    with callbacks(execute=True):
        client.post(f"/api/applications/{app_id}/submit/")
    return app_id


def test_an_upload_becomes_a_draft_with_its_diff_from_the_active_version(list_admin, sample_eul):
    rows = [
        '1,"アラブ首長国連邦\nUnited Arab Emirates",Falcon Ridge General Trading LLC,・Falcon Ridge Trading LLC,"ミサイル\nM",',
        '2,"イラン\nIran",Zagros Precision Industries (ZPI),,"核\nN","通常兵器\nCW"',
        '3,"パキスタン\nPakistan",Indus Valve Works (Pvt) Ltd.,,"ミサイル\nM",',
        '4,"イラン\nIran",Kaveh Rotor Engineering Company,,"ミサイル\nM",',
        '5,"中国\nChina","Harbour Lantern Trading Co., Ltd.",,"核\nN",',
        '6,"香港\nHong Kong",Bright Harbour Electronics Limited,・Bright Harbour Electronics Ltd,"核\nN",',
    ]
    response = upload(
        list_admin,
        csv_file(rows),
        published_on="2026-11-20",
        effective_from="2026-11-25",
        confirm_shrink="true",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["diff"]["added"] == 1  # Kaveh Rotor Engineering
    assert (
        body["diff"]["changed"] == 2
    )  # Zagros: concern types and aliases; Harbour Lantern: native names
    assert body["diff"]["removed"] == sample_eul.entry_count - 5
    detail = api_as(list_admin).get(f"/api/lists/meti-eul/versions/{body['id']}/").json()
    assert [e["name"] for e in detail["diff_entries"]["added"]] == [
        "Kaveh Rotor Engineering Company"
    ]
    changed = {c["after"]["name"]: c["fields"] for c in detail["diff_entries"]["changed"]}
    assert set(changed["Zagros Precision Industries (ZPI)"]) == {"aliases", "concern_types"}
    assert set(changed["Harbour Lantern Trading Co., Ltd."]) == {"native_names"}
    assert ListVersion.objects.get(pk=sample_eul.pk).status == "active"  # nothing activated yet


@pytest.mark.parametrize(
    ("file", "field"),
    [
        (
            lambda: SimpleUploadedFile(
                "eul.xlsx", (SAMPLES / "meti-eul-missing-column.xlsx").read_bytes()
            ),
            "file",
        ),
        (
            lambda: SimpleUploadedFile(
                "eul.xlsx", (SAMPLES / "not-a-spreadsheet.xlsx").read_bytes()
            ),
            "file",
        ),
        (
            lambda: SimpleUploadedFile("eul.xlsx", (SAMPLES / "meti-eul-notice.pdf").read_bytes()),
            "file",
        ),
        (
            lambda: SimpleUploadedFile(
                "eul.xlsx", (SAMPLES / "meti-eul-bad-rows.xlsx").read_bytes()
            ),
            "file",
        ),
        (lambda: SimpleUploadedFile("eul.csv", b""), "file"),
        (
            lambda: csv_file(['1,"イラン\nIran",Kaveh Rotor Engineering Company,,"ミサイル\nM",']),
            "confirm_shrink",
        ),
        (
            lambda: csv_file(
                ['1,"イラン\nIran",Kaveh Rotor,,"ミサイル\nQ",', '2,"イラン\nIran",,,"核\nN",'] * 5
            ),
            "file",
        ),
    ],
    ids=[
        "missing-column",
        "not-a-spreadsheet",
        "pdf-named-xlsx",
        "bad-rows",
        "empty-file",
        "shrinks-by-half",
        "unknown-code-and-empty-name",
    ],
)
def test_a_bad_upload_is_refused_with_its_problems_and_changes_nothing(
    list_admin, sample_eul, file, field
):
    before = snapshot()
    response = upload(list_admin, file())
    assert response.status_code == 400, response.content
    errors = response.json()["errors"]
    assert field in errors and errors[field]
    assert snapshot() == before


def test_problems_name_the_row_and_column(list_admin, sample_eul):
    response = upload(
        list_admin,
        SimpleUploadedFile("eul.xlsx", (SAMPLES / "meti-eul-bad-rows.xlsx").read_bytes()),
    )
    problems = " ".join(response.json()["errors"]["file"])
    assert "row" in problems and "column" in problems


def test_activation_needs_two_different_list_administrators(
    list_admin, admin2, sample_eul, django_capture_on_commit_callbacks
):
    draft_id = upload(list_admin, sample_xlsx()).json()["id"]
    first = api_as(list_admin).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    assert first.status_code == 202
    assert first.json()["approved_by"] == "listadmin1"
    assert (
        api_as(list_admin).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/").status_code
        == 403
    )
    assert ListVersion.objects.get(pk=draft_id).status == "draft"
    with django_capture_on_commit_callbacks(execute=True):
        second = api_as(admin2).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    assert second.status_code == 200, second.json()
    assert second.json()["status"] == "active"
    assert ListVersion.objects.get(pk=sample_eul.pk).status == "superseded"
    assert RescreenJob.objects.get(new_version_id=draft_id).status == "completed"


def test_a_future_effective_date_schedules_the_activation(
    list_admin, admin2, sample_eul, django_capture_on_commit_callbacks
):
    later = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    draft_id = upload(list_admin, sample_xlsx(), effective_from=later).json()["id"]
    api_as(list_admin).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    response = api_as(admin2).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    assert response.status_code == 202
    assert response.json()["scheduled_for"] == later
    assert due_versions_activate() == []
    ListVersion.objects.filter(pk=draft_id).update(scheduled_for=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert due_versions_activate() == [draft_id]
    assert ListVersion.objects.get(pk=draft_id).status == "active"


def test_rolling_back_reactivates_the_previous_version_in_one_action(
    list_admin, admin2, sample_eul, django_capture_on_commit_callbacks
):
    draft_id = upload(list_admin, sample_xlsx()).json()["id"]
    api_as(list_admin).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    with django_capture_on_commit_callbacks(execute=True):
        api_as(admin2).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(list_admin).post("/api/lists/meti-eul/rollback/")
    assert response.status_code == 200
    assert response.json()["id"] == sample_eul.pk
    assert ListVersion.objects.get(pk=sample_eul.pk).status == "active"
    assert ListVersion.objects.get(pk=draft_id).status == "superseded"


def test_others_cannot_upload_or_activate(acme_exporter, officer, sample_eul):
    for user in (acme_exporter, officer):
        assert upload(user, sample_xlsx()).status_code == 404
        assert (
            api_as(user).post(f"/api/lists/meti-eul/versions/{sample_eul.pk}/activate/").status_code
            == 404
        )


def test_an_open_case_gains_a_hit_when_a_revision_adds_its_party(
    acme_exporter, list_admin, admin2, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit_kaveh_application(acme_exporter, django_capture_on_commit_callbacks)
    case = Case.objects.get(application_id=app_id)
    assert case.queue.code == "triage"

    rows = KAVEH_REVISION
    draft_id = upload(list_admin, csv_file(rows)).json()["id"]
    api_as(list_admin).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    with django_capture_on_commit_callbacks(execute=True):
        api_as(admin2).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    job = RescreenJob.objects.get(new_version_id=draft_id)
    assert job.status == "completed"
    assert job.parties_done == job.parties_total >= 2
    assert [item["reference"] for item in job.impact] == [case.application.reference]
    assert job.impact[0]["gained"][0]["entry"] == "Kaveh Rotor Engineering Company"
    case.refresh_from_db()
    assert case.queue.code == "wmd"
    assert case.outcome == "licence_required"
    assert ScreeningHit.objects.filter(
        run__application_id=app_id, alert=True, closed_note=""
    ).exists()
    progress = api_as(list_admin).get(f"/api/rescreen-jobs/{job.pk}/").json()
    assert progress["percent"] == 100


def test_rolling_back_and_forward_again_re_screens_each_time(
    acme_exporter, list_admin, admin2, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit_kaveh_application(acme_exporter, django_capture_on_commit_callbacks)
    rows = KAVEH_REVISION
    draft_id = upload(list_admin, csv_file(rows)).json()["id"]
    api_as(list_admin).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    with django_capture_on_commit_callbacks(execute=True):
        api_as(admin2).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")

    def open_hits():
        return ScreeningHit.objects.filter(
            run__application_id=app_id, closed_note="", entry__name__startswith="Kaveh"
        ).count()

    assert open_hits() == 2
    with django_capture_on_commit_callbacks(execute=True):
        back = api_as(list_admin).post("/api/lists/meti-eul/rollback/").json()
    assert back["id"] == sample_eul.pk
    assert (
        open_hits() == 0
    )  # the entry is not on the restored list: its hits are closed with a note
    # Forward again by activating the newer version anew (a new draft of the same file).
    again = upload(list_admin, csv_file(rows)).json()["id"]
    api_as(list_admin).post(f"/api/lists/meti-eul/versions/{again}/activate/")
    with django_capture_on_commit_callbacks(execute=True):
        api_as(admin2).post(f"/api/lists/meti-eul/versions/{again}/activate/")
    assert open_hits() == 2
    assert RescreenJob.objects.filter(status="completed").count() >= 3
    activated_by = ListVersion.objects.get(pk=again).activated_by
    assert activated_by is not None and activated_by.username == "listadmin2"


def test_a_party_named_on_several_applications_is_screened_once_and_hit_on_each(
    acme_exporter, list_admin, admin2, sample_eul, django_capture_on_commit_callbacks
):
    first = submit_kaveh_application(acme_exporter, django_capture_on_commit_callbacks)
    second = submit_kaveh_application(acme_exporter, django_capture_on_commit_callbacks)
    draft_id = upload(list_admin, csv_file(KAVEH_REVISION)).json()["id"]
    api_as(list_admin).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    with django_capture_on_commit_callbacks(execute=True):
        api_as(admin2).post(f"/api/lists/meti-eul/versions/{draft_id}/activate/")
    job = RescreenJob.objects.get(new_version_id=draft_id)
    assert job.parties_done == job.parties_total == 4
    references = {LicenceApplication.objects.get(pk=pk).reference for pk in (first, second)}
    assert {item["reference"] for item in job.impact} == references
    for app_id in (first, second):
        hits = ScreeningHit.objects.filter(
            run__application_id=app_id, closed_note="", entry__name__startswith="Kaveh"
        )
        assert hits.count() == 2  # consignee and end user
