"""The officer's side through the API: routing, hits, countersignatures, decisions, licences."""

import datetime as dt

import pytest
from django.utils import timezone

from licensing.models import ApplicationStatus, Case, Role
from screening.models import ClearedPair
from tests.factories import api_as, application_payload, authority_user

pytestmark = pytest.mark.django_db

PUMP = {
    "description": "Stainless centrifugal pump",
    "control_code": "",
    "hs_code": "8413.70",
    "quantity": "4",
    "unit": "pcs",
    "value_jpy": 3_200_000,
}


@pytest.fixture
def senior(db):
    return authority_user("senior1", Role.SENIOR_OFFICER)


@pytest.fixture
def senior2(db):
    return authority_user("senior2", Role.SENIOR_OFFICER)


def submit(
    exporter,
    consignee="Falcon Ridge General Trading",
    destination="AE",
    goods=(PUMP,),
    callbacks=None,
):
    client = api_as(exporter)
    parties = [
        {"role": "consignee", "name": consignee, "address": "Dubai", "country": destination},
        {"role": "end_user", "name": consignee, "address": "Dubai", "country": destination},
    ]
    payload = application_payload(
        destination_country=destination, goods=list(goods), parties=parties
    )
    app_id = client.post("/api/applications/", payload, format="json").json()["id"]
    with callbacks(execute=True):
        assert client.post(f"/api/applications/{app_id}/submit/").status_code == 200
    return app_id


def submit_german(exporter, callbacks, goods=(PUMP,)):
    """A clean application to Germany (Group A; the German consignee is on no list)."""
    return submit(
        exporter, consignee="Rheinland Getriebe GmbH", destination="DE", goods=goods,
        callbacks=callbacks,
    )  # fmt: skip


def case_of(app_id):
    return Case.objects.get(application_id=app_id)


def test_an_eul_consignee_with_catch_all_goods_is_licence_required_on_the_wmd_queue(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit(acme_exporter, callbacks=django_capture_on_commit_callbacks)
    case = case_of(app_id)
    assert case.queue.code == "wmd"
    assert case.outcome == "licence_required"
    detail = api_as(officer).get(f"/api/cases/{case.pk}/").json()
    assert detail["determination"]["outcome"] == "licence_required"
    assert [r["code"] for r in detail["determination"]["rules"]] == ["C4"]
    alert = next(h for h in detail["hits"] if h["alert"])
    assert alert["list"] == "meti-eul" and alert["source_id"] == "1"
    assert alert["explanation"]["summary"]
    assert alert["entry_attributes"]["concern_types"] == ["M"]
    assert alert["disposition"] == "pending"
    assert any(p["hits"] for p in detail["application"]["parties"])
    exporter_view = api_as(acme_exporter).get(f"/api/applications/{app_id}/").json()
    assert exporter_view["determination"]["outcome"] == "licence_required"


def test_an_officer_confirms_the_hits_and_refuses_and_the_exporter_sees_the_refusal(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit(acme_exporter, callbacks=django_capture_on_commit_callbacks)
    case = case_of(app_id)
    client = api_as(officer)
    assert client.post(f"/api/cases/{case.pk}/assign/").json()["assigned_to"] == "officer1"
    refused_early = client.post(
        f"/api/cases/{case.pk}/decision/", {"decision": "refuse", "reasons": "EUL"}, format="json"
    )
    assert refused_early.status_code == 409
    assert "pending" in refused_early.json()["detail"]
    for h in client.get(f"/api/cases/{case.pk}/").json()["hits"]:
        response = client.post(
            f"/api/hits/{h['id']}/disposition/",
            {"disposition": "confirmed", "reason": "Same entity, same address in Dubai"},
            format="json",
        )
        assert response.status_code == 200, response.json()
    response = client.post(
        f"/api/cases/{case.pk}/decision/",
        {"decision": "refuse", "reasons": "Consignee is a missile-concern entity."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = api_as(acme_exporter).get(f"/api/applications/{app_id}/").json()
    assert body["status"] == "refused"
    assert body["decision"] == {
        "decision": "refuse",
        "reasons": "Consignee is a missile-concern entity.",
        "decided_at": body["decision"]["decided_at"],
    }
    assert (
        client.post(
            f"/api/cases/{case.pk}/decision/", {"decision": "approve"}, format="json"
        ).status_code
        == 409
    )


def test_a_clean_application_to_group_a_is_no_licence_required_with_its_basis(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit_german(acme_exporter, django_capture_on_commit_callbacks)
    determination = (
        api_as(acme_exporter).get(f"/api/applications/{app_id}/").json()["determination"]
    )
    assert determination["outcome"] == "no_licence_required"
    assert determination["rules"][0]["code"] == "N1"
    assert "Group A" in determination["rules"][0]["text"]
    assert case_of(app_id).queue.code == "triage"


def test_a_no_licence_required_case_is_closed_as_such_without_a_licence(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit_german(acme_exporter, django_capture_on_commit_callbacks)
    case = case_of(app_id)
    response = api_as(officer).post(
        f"/api/cases/{case.pk}/decision/",
        {"decision": "no_licence_required", "reasons": "Pump for a German brewery."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    seen = api_as(acme_exporter).get(f"/api/applications/{app_id}/").json()
    assert seen["status"] == "no_licence_required"
    assert seen["licence"] is None
    case.refresh_from_db()
    assert case.closed_at is not None
    event = case.application.audit_events.get(
        verb="status_changed", payload__to="no_licence_required"
    )
    assert event.payload["basis"][0].startswith("N1: ")
    assert event.actor == officer
    # Closed is closed: no second decision.
    again = api_as(officer).post(
        f"/api/cases/{case.pk}/decision/", {"decision": "refuse", "reasons": "x"}, format="json"
    )
    assert again.status_code == 409


def test_no_licence_required_cannot_close_a_case_that_needs_a_licence(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    lathe = dict(PUMP, description="NC lathe", control_code="6(1)", hs_code="8458.11")
    app_id = submit_german(acme_exporter, django_capture_on_commit_callbacks, goods=[lathe])
    case = case_of(app_id)
    assert case.outcome == "licence_required"
    response = api_as(officer).post(
        f"/api/cases/{case.pk}/decision/", {"decision": "no_licence_required"}, format="json"
    )
    assert response.status_code == 409
    assert "approve with a licence or refuse" in response.json()["detail"]
    case.refresh_from_db()
    assert case.closed_at is None
    assert case.application.status == ApplicationStatus.UNDER_REVIEW


def test_an_approval_issues_a_numbered_licence_with_validity_and_conditions(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    lathe = {
        "description": "NC lathe",
        "control_code": "6(1)",
        "hs_code": "8458.11",
        "quantity": "1",
        "unit": "set",
        "value_jpy": 9_000_000,
    }
    app_id = submit_german(acme_exporter, django_capture_on_commit_callbacks, goods=[lathe])
    case = case_of(app_id)
    assert case.queue.code == "dual-use"
    until = (timezone.localdate() + dt.timedelta(days=180)).isoformat()
    response = api_as(officer).post(
        f"/api/cases/{case.pk}/decision/",
        {
            "decision": "approve",
            "valid_until": until,
            "conditions": "No re-export without prior consent.",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    licence = api_as(acme_exporter).get(f"/api/applications/{app_id}/").json()["licence"]
    assert licence["number"].startswith("JP-EL-")
    assert licence["valid_until"] == until
    assert licence["conditions"] == "No re-export without prior consent."


def test_clearing_a_hit_needs_a_different_senior_officer_and_is_remembered(
    acme_exporter, officer, senior, senior2, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit(acme_exporter, callbacks=django_capture_on_commit_callbacks)
    case = case_of(app_id)
    hit_ids = [
        h["id"] for h in api_as(officer).get(f"/api/cases/{case.pk}/").json()["hits"] if h["alert"]
    ]
    hit_id = hit_ids[0]
    response = api_as(senior).post(
        f"/api/hits/{hit_id}/disposition/",
        {"disposition": "false_positive", "reason": ""},
        format="json",
    )
    assert response.status_code == 400  # a reason is required
    response = api_as(senior).post(
        f"/api/hits/{hit_id}/disposition/",
        {"disposition": "false_positive", "reason": "Different company: Sharjah, founded 2024"},
        format="json",
    )
    assert response.json()["awaiting_countersignature"] is True
    assert response.json()["disposition"] == "pending"
    assert (
        api_as(officer).post(f"/api/hits/{hit_id}/countersign/").status_code == 403
    )  # not a senior officer
    assert (
        api_as(senior).post(f"/api/hits/{hit_id}/countersign/").status_code == 403
    )  # not the same person
    response = api_as(senior2).post(f"/api/hits/{hit_id}/countersign/")
    assert response.status_code == 200
    assert response.json()["disposition"] == "false_positive"
    assert ClearedPair.objects.count() == 1

    # The same party on a later application is not alerted again, and the officer sees why.
    later = submit(acme_exporter, callbacks=django_capture_on_commit_callbacks)
    hits = api_as(officer).get(f"/api/cases/{case_of(later).pk}/").json()["hits"]
    remembered = [h for h in hits if h["cleared_before"]]
    assert remembered
    assert all(not h["alert"] and h["disposition"] == "false_positive" for h in remembered)
    assert remembered[0]["cleared_before"]["by"] == "senior1"
    assert "Sharjah" in remembered[0]["cleared_before"]["reason"]


def test_information_requests_pause_the_clock_and_the_exporter_answers(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit_german(acme_exporter, django_capture_on_commit_callbacks)
    case = case_of(app_id)
    due = case.due_at
    response = api_as(officer).post(
        f"/api/cases/{case.pk}/decision/",
        {"decision": "request_information", "message": "Send the end-user pledge."},
        format="json",
    )
    assert response.status_code == 200, response.json()
    exporter = api_as(acme_exporter)
    body = exporter.get(f"/api/applications/{app_id}/").json()
    assert body["status"] == "information_requested"
    assert body["information_requests"][0]["message"] == "Send the end-user pledge."
    assert (
        exporter.post(
            f"/api/applications/{app_id}/answer/", {"answer": ""}, format="json"
        ).status_code
        == 400
    )
    response = exporter.post(
        f"/api/applications/{app_id}/answer/", {"answer": "Pledge uploaded."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "under_review"
    case.refresh_from_db()
    assert case.paused_at is None
    assert case.due_at >= due


def test_queues_list_open_cases_and_cases_filter_by_queue(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    submit(acme_exporter, callbacks=django_capture_on_commit_callbacks)
    submit_german(acme_exporter, django_capture_on_commit_callbacks)
    client = api_as(officer)
    queues = {q["code"]: q for q in client.get("/api/queues/").json()}
    assert queues["wmd"]["open_cases"] == 1
    assert queues["triage"]["open_cases"] == 1
    assert queues["wmd"]["oldest_age_days"] == 0
    wmd = client.get("/api/cases/?queue=wmd").json()
    assert wmd["count"] == 1 and wmd["results"][0]["queue"] == "wmd"
    assert client.get("/api/cases/?assigned=none").json()["count"] == 2
    assert client.get("/api/cases/?overdue=true").json()["count"] == 0
    Case.objects.update(due_at=timezone.now() - dt.timedelta(days=1))
    assert client.get("/api/cases/?overdue=true").json()["count"] == 2


def test_exporters_and_list_admins_get_404_from_every_officer_endpoint(
    acme_exporter, list_admin, officer, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit(acme_exporter, callbacks=django_capture_on_commit_callbacks)
    case = case_of(app_id)
    hit_id = api_as(officer).get(f"/api/cases/{case.pk}/").json()["hits"][0]["id"]
    for user in (acme_exporter, list_admin):
        client = api_as(user)
        assert client.get("/api/queues/").status_code == 404
        assert client.get("/api/cases/").status_code == 404
        assert client.get(f"/api/cases/{case.pk}/").status_code == 404
        assert client.post(f"/api/cases/{case.pk}/assign/").status_code == 404
        assert (
            client.post(
                f"/api/cases/{case.pk}/decision/", {"decision": "approve"}, format="json"
            ).status_code
            == 404
        )
        assert (
            client.post(
                f"/api/hits/{hit_id}/disposition/",
                {"disposition": "confirmed", "reason": "x"},
                format="json",
            ).status_code
            == 404
        )
    assert case_of(app_id).application.status == ApplicationStatus.UNDER_REVIEW


def test_a_case_assigned_to_another_officer_is_not_decided_behind_their_back(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit_german(acme_exporter, django_capture_on_commit_callbacks)
    case = case_of(app_id)
    colleague = authority_user("officer-b", Role.OFFICER)
    assert api_as(colleague).post(f"/api/cases/{case.pk}/assign/").status_code == 200
    response = api_as(officer).post(
        f"/api/cases/{case.pk}/decision/", {"decision": "no_licence_required"}, format="json"
    )
    assert response.status_code == 409
    assert "assigned to officer-b" in response.json()["detail"]
    case.refresh_from_db()
    assert case.closed_at is None
    # taking the case first is one step, and then the decision goes through
    assert api_as(officer).post(f"/api/cases/{case.pk}/assign/").status_code == 200
    response = api_as(officer).post(
        f"/api/cases/{case.pk}/decision/", {"decision": "no_licence_required"}, format="json"
    )
    assert response.status_code == 200


def test_the_officer_deciding_an_unassigned_case_takes_it_on_the_record(
    acme_exporter, officer, sample_eul, django_capture_on_commit_callbacks
):
    app_id = submit_german(acme_exporter, django_capture_on_commit_callbacks)
    case = case_of(app_id)
    assert case.assigned_to is None
    response = api_as(officer).post(
        f"/api/cases/{case.pk}/decision/", {"decision": "no_licence_required"}, format="json"
    )
    assert response.status_code == 200
    case.refresh_from_db()
    assert case.assigned_to == officer
    taken = case.application.audit_events.get(verb="case_assigned")
    assert taken.actor == officer and taken.payload["reason"] == "deciding"


def test_an_administrator_reroutes_a_rule_in_the_admin_and_new_cases_follow_it(
    client, acme_exporter, sample_eul, django_capture_on_commit_callbacks, django_user_model
):
    from licensing.models import ReviewQueue, RoutingRule

    admin_user = django_user_model.objects.create_superuser("root", "root@example.jp", "pw")
    client.force_login(admin_user)
    assert client.get("/admin/licensing/reviewqueue/").status_code == 200
    rule = RoutingRule.objects.get(rule_code="N1")
    dual_use = ReviewQueue.objects.get(code="dual-use")
    response = client.post(
        f"/admin/licensing/routingrule/{rule.pk}/change/",
        {
            "rule_code": "N1",
            "queue": dual_use.pk,
            "priority": rule.priority,
            "active": "on",
            "description": rule.description,
        },
    )
    assert response.status_code == 302, response.content[:500]
    app_id = submit_german(acme_exporter, django_capture_on_commit_callbacks)
    assert case_of(app_id).queue.code == "dual-use"
