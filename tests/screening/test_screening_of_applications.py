import json

import pytest

from licensing.models import ApplicationStatus, LicenceApplication
from screening.models import ListVersion, ScreeningHit, ScreeningRun
from screening.services import application_screen
from tests.factories import api_as, application_payload
from tests.screening.conftest import SAMPLES

pytestmark = pytest.mark.django_db

LISTED_CONSIGNEE = {
    "role": "consignee",
    "name": "Falcon Ridge General Trading",
    "address": "Dubai",
    "country": "AE",
}


def submit(client, **overrides):
    app_id = client.post(
        "/api/applications/", application_payload(**overrides), format="json"
    ).json()["id"]
    client.post(f"/api/applications/{app_id}/submit/")
    return app_id


def submitted(client, capture_on_commit):
    """Submit an application with the listed consignee, screening it on commit: the application
    and its screening run."""
    with capture_on_commit(execute=True):
        app_id = submit(client, destination_country="AE", parties=parties_with_listed_consignee())
    application = LicenceApplication.objects.get(pk=app_id)
    return application, ScreeningRun.objects.get(application=application)


def parties_with_listed_consignee():
    return [
        {"role": "buyer", "name": "Gulf Water Services FZE", "country": "AE"},
        LISTED_CONSIGNEE,
        {"role": "end_user", "name": "Fujairah Desalination Company", "country": "AE"},
    ]


def test_a_submitted_application_gets_one_run_with_explained_hits(
    acme_exporter, sample_eul, sample_sanctions, django_capture_on_commit_callbacks
):
    client = api_as(acme_exporter)
    application, run = submitted(client, django_capture_on_commit_callbacks)
    app_id = application.pk
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert run.status == ScreeningRun.Status.COMPLETED
    assert run.parties_screened == 3
    assert set(run.list_versions.values_list("screening_list__code", flat=True)) == {
        "meti-eul",
        "un",
        "ofac-sdn",
    }
    assert run.engine_version
    alert = ScreeningHit.objects.get(run=run, alert=True)
    assert alert.party.name == "Falcon Ridge General Trading"
    assert alert.entry.source_id == "1"
    assert alert.explanation["list_version"] == sample_eul.label
    assert alert.explanation["engine_version"] == run.engine_version
    body = client.get(f"/api/applications/{app_id}/").json()
    assert body["screening"]["alerts"] == 1


def test_screening_uses_the_version_active_when_it_runs(
    acme_exporter, sample_eul, django_capture_on_commit_callbacks
):
    from screening.services import list_version_import

    newer = list_version_import(
        source="meti-eul", path=SAMPLES / "meti-eul-sample.xlsx", activate=True
    )
    client = api_as(acme_exporter)
    with django_capture_on_commit_callbacks(execute=True):
        app_id = submit(client, destination_country="AE", parties=parties_with_listed_consignee())
    run = ScreeningRun.objects.get(application_id=app_id)
    assert list(run.list_versions.all()) == [newer]
    assert ListVersion.objects.get(pk=sample_eul.pk).status == ListVersion.Status.SUPERSEDED


def test_screening_twice_writes_no_duplicate_hits(
    acme_exporter, sample_eul, django_capture_on_commit_callbacks
):
    client = api_as(acme_exporter)
    with django_capture_on_commit_callbacks(execute=True):
        app_id = submit(client, destination_country="AE", parties=parties_with_listed_consignee())
    hits = ScreeningHit.objects.count()
    # Simulate a redelivered task for an application a dead worker left in SCREENING.
    LicenceApplication.objects.filter(pk=app_id).update(status=ApplicationStatus.SCREENING)
    application_screen(application_id=app_id)
    assert ScreeningHit.objects.count() == hits
    assert ScreeningRun.objects.filter(application_id=app_id).count() == 1
    assert LicenceApplication.objects.get(pk=app_id).status == ApplicationStatus.UNDER_REVIEW


def test_the_check_api_screens_names_for_exporters_and_officers(
    acme_exporter, officer, list_admin, sample_eul
):
    names = {
        "names": [
            {"id": "a", "name": "Falcon Ridge General Trading", "country": "AE"},
            {"id": "b", "name": "!!!"},
            {"id": "c", "name": "Falcon Ridge General Trading", "country": "1!"},
        ]
    }
    for user in (acme_exporter, officer):
        response = api_as(user).post("/api/screening/check/", names, format="json")
        assert response.status_code == 200, response.json()
        results = response.json()["results"]
        assert results[0]["hits"][0]["source_id"] == "1"
        assert results[0]["hits"][0]["alert"] is True
        assert "error" in results[1]
        assert results[2]["error"].startswith("country must be a two-letter ISO 3166 code")
    # a name that is not text ("\ud800" in the JSON) is refused with the field named
    odd = json.dumps({"names": [{"name": "Falcon Ridge \ud800"}]})
    response = api_as(officer).post("/api/screening/check/", odd, content_type="application/json")
    assert response.status_code == 400
    assert "Surrogate" in response.json()["errors"]["names"][0]["name"][0]
    assert api_as(list_admin).post("/api/screening/check/", names, format="json").status_code == 403


def test_the_check_api_takes_at_most_1000_names(acme_exporter, sample_eul):
    too_many = {"names": [{"name": f"Company {i}"} for i in range(1001)]}
    response = api_as(acme_exporter).post("/api/screening/check/", too_many, format="json")
    assert response.status_code == 400
    just_enough = {"names": [{"name": f"Company {i}"} for i in range(1000)]}
    response = api_as(acme_exporter).post("/api/screening/check/", just_enough, format="json")
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1000


def test_the_lists_api_shows_versions_and_the_active_one(officer, acme_exporter, sample_eul):
    response = api_as(officer).get("/api/lists/")
    assert response.status_code == 200
    eul = next(item for item in response.json() if item["code"] == "meti-eul")
    assert eul["active_version"] == sample_eul.pk
    assert eul["versions"][0]["entry_count"] == sample_eul.entry_count
    assert api_as(acme_exporter).get("/api/lists/").status_code == 403


def test_a_fault_of_the_engine_on_one_party_is_recorded_and_the_case_moves_on(
    acme_exporter, sample_eul, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    """An engine bug on one name must not hold the application in screening (a retry would fail
    alike) nor pass it as screened: the party is recorded as not screened, the others are."""
    from screening import services
    from screening.engine import Index

    real = services.current_index

    class Faulty(Index):  # the engine with a fault on one name, in whichever step screens it
        def _screen(self, name, country, kind, limit, min_score):  # type: ignore[no-untyped-def]
            if name == "Gulf Water Services FZE":
                raise IndexError("string index out of range")
            return super()._screen(name, country, kind, limit, min_score)

    class Loaded:
        def __init__(self, wrapped):
            self.wrapped = wrapped
            self.index = Faulty(wrapped.index.config)
            self.index._build(wrapped.index.entries)

        def __getattr__(self, name):
            return getattr(self.wrapped, name)

    monkeypatch.setattr(services, "current_index", lambda *a, **kw: Loaded(real(*a, **kw)))
    client = api_as(acme_exporter)
    application, run = submitted(client, django_capture_on_commit_callbacks)
    assert application.status == ApplicationStatus.UNDER_REVIEW
    assert run.parties_screened == 2
    [problem] = run.problems
    assert problem["party_name"] == "Gulf Water Services FZE"
    assert "screening failed on this name (IndexError)" in problem["problem"]
    assert ScreeningHit.objects.get(run=run, alert=True).party.name == LISTED_CONSIGNEE["name"]
    assert "screening failed on the name" in caplog.text and "IndexError" in caplog.text
    body = client.get(f"/api/applications/{application.pk}/").json()
    assert "U1" in [rule["code"] for rule in body["determination"]["rules"]]  # incomplete
