"""The officer's HTML pages: queues, the case page and its actions, licences, the dashboard."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from licensing.models import (
    ApplicationStatus,
    Case,
    LicenceApplication,
    ReviewQueue,
    Role,
)
from licensing.selectors import officer_dashboard_figures
from licensing.templatetags.review import name_segments
from screening.models import ScreeningHit
from tests.conftest import REPO
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
LATHE = {
    "description": "NC lathe",
    "control_code": "6(1)",
    "hs_code": "8458.11",
    "quantity": "1",
    "unit": "set",
    "value_jpy": 9_000_000,
}


@pytest.fixture
def senior(db):
    return authority_user("senior1", Role.SENIOR_OFFICER)


@pytest.fixture
def senior2(db):
    return authority_user("senior2", Role.SENIOR_OFFICER)


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Submits an application through the API, screens it and routes it; returns its Case."""

    def submit(exporter, consignee="Falcon Ridge General Trading", destination="AE", goods=(PUMP,)):
        client = api_as(exporter)
        parties = [
            {"role": "consignee", "name": consignee, "address": "Dubai", "country": destination},
            {"role": "end_user", "name": consignee, "address": "Dubai", "country": destination},
        ]
        payload = application_payload(
            destination_country=destination, goods=list(goods), parties=parties
        )
        app_id = client.post("/api/applications/", payload, format="json").json()["id"]
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(f"/api/applications/{app_id}/submit/").status_code == 200
        return Case.objects.select_related("application").get(application_id=app_id)

    return submit


def page(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def text_of(response):
    """The page's visible text, whitespace collapsed, for assertions a reader can follow."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def pending_hits(case):
    return [h for h in ScreeningHit.objects.filter(run__application=case.application)]


# --- who may see the officer pages -------------------------------------------------------------------


def test_exporters_and_list_admins_get_404_from_every_officer_page(
    client, acme_exporter, list_admin, officer, sample_eul, submit
):
    case = submit(acme_exporter)
    hit = pending_hits(case)[0]
    for user in (acme_exporter, list_admin):
        client.force_login(user)
        for url in ("/queues/", "/queues/wmd/", f"/cases/{case.pk}/", "/dashboard/"):
            assert client.get(url).status_code == 404, url
        for url in (
            f"/cases/{case.pk}/assign/",
            f"/cases/{case.pk}/decision/",
            f"/cases/{case.pk}/hits/{hit.pk}/disposition/",
            f"/cases/{case.pk}/hits/{hit.pk}/countersign/",
        ):
            assert client.post(url, {"decision": "approve"}).status_code == 404, url
    case.refresh_from_db()
    assert case.assigned_to is None
    assert case.application.status == ApplicationStatus.UNDER_REVIEW


def test_officer_pages_need_a_login(client):
    response = client.get("/queues/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_officers_see_queues_and_dashboard_in_the_menu_and_exporters_do_not(
    client, acme_exporter, officer
):
    assert 'href="/queues/"' in page(client, officer, "/applications/").content.decode()
    assert 'href="/dashboard/"' in page(client, officer, "/applications/").content.decode()
    assert 'href="/queues/"' not in page(client, acme_exporter, "/applications/").content.decode()


# --- queues ------------------------------------------------------------------------------------------


def test_the_queue_list_counts_open_cases_and_the_oldest_ones_age(
    client, acme_exporter, officer, sample_eul, submit
):
    eul_case = submit(acme_exporter)
    submit(acme_exporter, consignee="Rheinland Getriebe GmbH", destination="DE")
    Case.objects.filter(pk=eul_case.pk).update(
        accepted_at=timezone.now() - dt.timedelta(days=12, hours=1)
    )
    response = page(client, officer, "/queues/")
    assert response.status_code == 200
    queues = {q.code: q for q in response.context["queues"]}
    assert queues["wmd"].open_cases == 1
    assert queues["wmd"].oldest_age_days == 12
    assert queues["triage"].open_cases == 1
    assert queues["arms"].open_cases == 0 and queues["arms"].oldest_age_days is None
    assert 'href="/queues/wmd/"' in response.content.decode()
    assert "12 days" in text_of(response)
    assert "Rows 5-15 individual licences" in text_of(response)


def test_the_queues_are_described_in_japanese_on_japanese_pages(client, officer):
    response = page(client, officer, "/queues/", HTTP_ACCEPT_LANGUAGE="ja")
    body = text_of(response)
    assert "5～15項の個別許可" in body
    assert "Rows 5-15 individual licences" not in body
    detail = text_of(page(client, officer, "/queues/triage/", HTTP_ACCEPT_LANGUAGE="ja"))
    assert "未判断のあいまい一致、未回答の質問、許可不要の確認" in detail


def test_the_queue_page_lists_its_cases_with_their_columns(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter)
    text = text_of(page(client, officer, "/queues/wmd/"))
    assert case.application.reference in text
    assert "Acme Precision K.K." in text
    assert "United Arab Emirates (AE)" in text
    assert "Licence required" in text
    assert "Under review" in text
    assert "unassigned" in text


def test_the_queue_page_filters_by_status_destination_assignee_and_overdue(
    client, acme_exporter, officer, sample_eul, submit
):
    uae = submit(acme_exporter)
    iran = submit(acme_exporter, consignee="Zagros Precision Industries", destination="IR")
    assert Case.objects.get(pk=iran.pk).queue.code == "wmd"
    client.force_login(officer)

    def refs(query):
        response = client.get(f"/queues/wmd/?{query}")
        assert response.status_code == 200
        return {c.application.reference for c in response.context["page"]}

    both = {uae.application.reference, iran.application.reference}
    assert refs("") == both
    assert refs("destination=IR") == {iran.application.reference}
    assert refs("assigned=none") == both
    assert client.post(f"/cases/{uae.pk}/assign/").status_code == 302
    assert refs("assigned=me") == {uae.application.reference}
    assert refs("assigned=none") == {iran.application.reference}
    assert refs("overdue=yes") == set()
    Case.objects.filter(pk=iran.pk).update(due_at=timezone.now() - dt.timedelta(days=1))
    assert refs("overdue=yes") == {iran.application.reference}
    assert refs("overdue=no") == {uae.application.reference}
    assert refs("status=under_review") == both
    assert refs("status=refused") == set()
    assert refs("status=nonsense&destination=IR") == {iran.application.reference}
    # The destination filter offers the queue's destinations only, yet still applies to others.
    response = client.get("/queues/wmd/")
    offered = [code for code, _label in response.context["form"].fields["destination"].choices]
    assert offered == ["", "IR", "AE"]  # by name: Iran, United Arab Emirates
    assert refs("destination=KP") == set()


def _bulk_cases(exporter, officer, count, start=0):
    queue = ReviewQueue.objects.get(code="dual-use")
    now = timezone.now()
    org = exporter.membership.organisation
    applications = LicenceApplication.objects.bulk_create(
        LicenceApplication(
            reference=f"TC-BULK-{start + i:06d}",
            applicant=org,
            created_by=exporter,
            status=ApplicationStatus.UNDER_REVIEW,
            destination_country_id=("AE", "CN", "DE", "IN")[i % 4],
            end_use="Bulk test",
            submitted_at=now,
        )
        for i in range(count)
    )
    if applications[0].pk is None:  # databases that do not return ids from bulk inserts
        applications = list(
            LicenceApplication.objects.filter(reference__startswith="TC-BULK-").order_by("id")[
                start:
            ]
        )
    Case.objects.bulk_create(
        Case(
            application=application,
            queue=queue,
            assigned_to=officer if i % 3 == 0 else None,
            outcome="licence_required",
            accepted_at=now - dt.timedelta(days=i % 100),
            due_at=now + dt.timedelta(days=90 - i % 100),
        )
        for i, application in enumerate(applications)
    )


def test_a_queue_page_costs_the_same_number_of_queries_for_60_and_600_cases(
    client, acme_exporter, officer
):
    client.force_login(officer)

    def queries_for(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        return len(captured), response

    _bulk_cases(acme_exporter, officer, 60)
    few, response = queries_for("/queues/dual-use/?status=all")
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 50
    _bulk_cases(acme_exporter, officer, 540, start=60)
    many, response = queries_for("/queues/dual-use/?status=all")
    assert response.context["page"].paginator.count == 600
    assert many == few
    last, response = queries_for("/queues/dual-use/?status=all&assigned=none&page=8")
    assert response.context["page"].number == 8
    assert last == few
    assert "page 8 of 8" in text_of(response)
    assert 'href="?status=all&amp;assigned=none&amp;page=7"' in response.content.decode()


# --- the case page -----------------------------------------------------------------------------------


def test_the_case_page_shows_the_hit_beside_the_list_entry_with_alias_score_and_rule_trace(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter)
    response = page(client, officer, f"/cases/{case.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    text = text_of(response)
    assert case.application.reference in text
    assert "Falcon Ridge General Trading LLC" in text  # the list entry
    assert "1.000" in text  # the score
    assert "meti-eul" in text and "entry #1" in text
    assert "WMD concern: Missile (M)" in text
    assert '<mark class="tok tok-exact"' in html  # aligned words are highlighted
    assert "Pending" in text
    assert "C4" in text and "Catch-all: a party is on the End User List" in text
    assert "Licence required" in text
    assert "Case routed to a queue" in text  # the audit trail
    assert "Assign to me" in text
    assert "Record disposition" in text
    # the rule's facts as labelled rows, not as data: the hit it rests on, by party and entry
    facts = re.search(r"<summary>Facts</summary>(.*?)</details>", html, re.S)
    assert facts and '<dl class="rule-facts">' in facts.group(1) and "{" not in facts.group(1)
    assert re.search(r"<dt>Entry</dt><dd>Falcon Ridge General Trading LLC</dd>", facts.group(1))
    assert re.search(r"<dt>Concern types</dt><dd>M</dd>", facts.group(1))


def test_the_facts_of_a_rule_are_labelled_rows_with_their_text_escaped():
    from django.utils import translation

    from licensing.templatetags.review import facts_table

    facts = {
        "destination": "IR",
        "goods": ["3(1)", "16"],
        "designations": [],
        "hits": [
            {
                "party": "<b>Acme</b>",
                "score": 0.91,
                "disposition": "confirmed",
                "concern_types": ["N", "M"],
            }
        ],
        "destination_group": {"country": "IR", "group": "D", "on": "2026-11-27"},
        "first_seen": None,
    }
    html = str(facts_table(facts))
    assert html.startswith('<dl class="rule-facts"><dt>Destination</dt><dd>IR</dd>')
    assert "<dt>Goods</dt><dd>3(1), 16</dd>" in html
    assert '<dt>Designations</dt><dd><span class="muted">none</span></dd>' in html
    assert '<ol class="rule-facts"><li><dl class="rule-facts"><dt>Party</dt>' in html
    assert "&lt;b&gt;Acme&lt;/b&gt;" in html and "<b>" not in html
    assert "<dt>Concern types</dt><dd>N, M</dd>" in html
    assert "<dt>Disposition</dt><dd>Confirmed</dd>" in html  # a hit's state in words
    assert "<dt>Group</dt><dd>D</dd>" in html
    assert "<dt>First seen</dt>" in html  # a fact without a label of its own: its name
    with translation.override("ja"):
        assert "<dt>仕向地</dt>" in str(facts_table(facts))
    assert str(facts_table(None)) == '<span class="muted">none</span>'


def test_the_highlighter_marks_aligned_words_and_the_legal_form_they_were_written_as():
    explanation = {
        "alignment": [
            {"query": "falcon", "list": "falcon", "how": "exact", "score": 1.0},
            {"query": "rdge", "list": "ridge", "how": "fuzzy", "score": 0.8},
            {"query": "~LLC", "list": "~LLC", "how": "legal-class", "score": 1.0},
        ],
        "normalisation": {"query": {"legal_forms": [{"written": "l.l.c", "class": "LLC"}]}},
    }
    segments = name_segments("Falcon Rdge Co. L.L.C", explanation, "query")
    marked = [(text, info["how"]) for text, info in segments if info]
    assert marked == [
        ("Falcon", "exact"),
        ("Rdge", "fuzzy"),
        ("L", "legal-class"),
        ("L", "legal-class"),
        ("C", "legal-class"),
    ]
    assert "".join(text for text, _info in segments) == "Falcon Rdge Co. L.L.C"
    assert name_segments("Anything", None, "query") == [("Anything", None)]


def test_a_marked_words_title_says_how_it_matched_in_the_pages_language():
    from django.utils import translation

    from licensing.templatetags.review import highlight_tokens

    explanation = {
        "alignment": [{"query": "~LLC", "list": "~CORP", "how": "legal-class", "score": 0.8}],
        "normalisation": {"query": {"legal_forms": [{"written": "llc", "class": "LLC"}]}},
    }
    with translation.override("en"):
        html = highlight_tokens("Falcon LLC", explanation, "query")
        assert 'title="matches “CORP (legal form)”: same kind of legal form (0.80)"' in html
    with translation.override("ja"):
        html = highlight_tokens("Falcon LLC", explanation, "query")
        assert "legal-class" not in html.split('title="')[1]


def test_an_officer_assigns_the_case_to_themselves(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter)
    client.force_login(officer)
    response = client.post(f"/cases/{case.pk}/assign/", follow=True)
    assert response.status_code == 200
    assert "The case is assigned to you." in text_of(response)
    case.refresh_from_db()
    assert case.assigned_to == officer
    assert "Assign to me" not in text_of(response)


def test_deciding_before_the_hits_are_decided_shows_the_services_message(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter)
    client.force_login(officer)
    response = client.post(
        f"/cases/{case.pk}/decision/",
        {"decision": "refuse", "refuse-reasons": "Missile-concern consignee."},
    )
    assert response.status_code == 409
    text = text_of(response)
    assert "screening hit(s) are still pending" in text
    assert "Missile-concern consignee." in response.content.decode()  # what was typed is kept
    case.refresh_from_db()
    assert case.application.status == ApplicationStatus.UNDER_REVIEW


def test_a_disposition_needs_a_reason_given_beside_the_field(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter)
    hit = pending_hits(case)[0]
    client.force_login(officer)
    response = client.post(
        f"/cases/{case.pk}/hits/{hit.pk}/disposition/",
        {f"hit-{hit.pk}-disposition": "confirmed", f"hit-{hit.pk}-reason": "  "},
    )
    assert response.status_code == 400
    assert "Give the reason for this disposition." in text_of(response)
    hit.refresh_from_db()
    assert hit.disposition == "pending"


def test_an_officer_confirms_the_hits_and_refuses_and_the_exporter_sees_the_refusal(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter)
    client.force_login(officer)
    for hit in pending_hits(case):
        response = client.post(
            f"/cases/{case.pk}/hits/{hit.pk}/disposition/",
            {
                f"hit-{hit.pk}-disposition": "confirmed",
                f"hit-{hit.pk}-reason": "Same entity, same address in Dubai",
            },
            follow=True,
        )
        assert "Hit confirmed." in text_of(response)
    assert "Confirmed by officer1" in text_of(response)

    response = client.post(f"/cases/{case.pk}/decision/", {"decision": "refuse"})
    assert response.status_code == 400
    assert "Say why; the exporter will read it." in text_of(response)

    response = client.post(
        f"/cases/{case.pk}/decision/",
        {"decision": "refuse", "refuse-reasons": "Consignee is a missile-concern entity."},
        follow=True,
    )
    assert "Refused: the exporter has been told the reasons." in text_of(response)
    assert "Decision: refused" in text_of(response)  # in the audit trail

    exporter_page = text_of(page(client, acme_exporter, f"/applications/{case.application_id}/"))
    assert "Refused on" in exporter_page
    assert "Consignee is a missile-concern entity." in exporter_page
    assert "Licence required" in exporter_page  # the determination outcome
    assert "C4" in exporter_page

    client.force_login(officer)
    response = client.post(f"/cases/{case.pk}/decision/", {"decision": "approve"})
    assert response.status_code == 409
    assert "a decision has already been made" in text_of(response)


def test_clearing_a_hit_needs_a_countersignature_from_a_different_senior_officer(
    client, acme_exporter, officer, senior, senior2, sample_eul, submit
):
    case = submit(acme_exporter)
    hit = next(h for h in pending_hits(case) if h.alert)
    url = f"/cases/{case.pk}/hits/{hit.pk}/"
    client.force_login(senior)
    response = client.post(
        url + "disposition/",
        {
            f"hit-{hit.pk}-disposition": "false_positive",
            f"hit-{hit.pk}-reason": "Different company: Sharjah, founded 2024",
        },
        follow=True,
    )
    text = text_of(response)
    assert "another senior officer must countersign it" in text
    assert "Awaiting countersignature" in text
    assert "Countersign clearance" not in text  # not offered to the one who proposed it

    client.force_login(officer)
    assert "Countersign clearance" not in text_of(client.get(f"/cases/{case.pk}/"))
    response = client.post(url + "countersign/", follow=True)
    assert "Only a senior officer can countersign a clearance." in text_of(response)

    client.force_login(senior)
    response = client.post(url + "countersign/", follow=True)
    assert "You proposed this clearance; another senior officer must countersign it." in text_of(
        response
    )
    hit.refresh_from_db()
    assert hit.disposition == "pending"

    client.force_login(senior2)
    assert "Countersign clearance" in text_of(client.get(f"/cases/{case.pk}/"))
    response = client.post(url + "countersign/", follow=True)
    assert "Clearance countersigned" in text_of(response)
    hit.refresh_from_db()
    assert hit.disposition == "false_positive"
    assert hit.countersigned_by == senior2


def test_approving_issues_a_licence_printable_by_the_owner_and_hidden_from_a_rival(
    client, acme_exporter, rival_exporter, officer, list_admin, sample_eul, submit
):
    case = submit(
        acme_exporter, consignee="Rheinland Getriebe GmbH", destination="DE", goods=(LATHE,)
    )
    until = timezone.localdate() + dt.timedelta(days=180)
    client.force_login(officer)
    response = client.post(
        f"/cases/{case.pk}/decision/",
        {
            "decision": "approve",
            "approve-valid_until": until.isoformat(),
            "approve-conditions": "No re-export without prior consent.",
        },
        follow=True,
    )
    assert "Approved: the licence has been issued." in text_of(response)
    licence = LicenceApplication.objects.get(pk=case.application_id).licence
    assert licence.number.startswith("JP-EL-")
    assert f'href="/licences/{licence.number}/"' in response.content.decode()

    printable = page(client, acme_exporter, f"/licences/{licence.number}/")
    assert printable.status_code == 200
    text = text_of(printable)
    assert licence.number in text
    assert "Acme Precision K.K." in text
    assert "NC lathe" in text and "6(1)" in text
    assert "Germany (DE)" in text and "Rheinland Getriebe GmbH" in text
    assert f"until {until.isoformat()}" in text
    assert "No re-export without prior consent." in text
    assert "Issued by officer1" in text
    assert "css/review.css" in printable.content.decode()
    assert "@media print" in (REPO / "tradecontrol/static/css/review.css").read_text()

    exporter_page = page(client, acme_exporter, f"/applications/{case.application_id}/")
    assert f'href="/licences/{licence.number}/"' in exporter_page.content.decode()
    assert "Approved on" in text_of(exporter_page)

    assert page(client, officer, f"/licences/{licence.number}/").status_code == 200
    assert page(client, rival_exporter, f"/licences/{licence.number}/").status_code == 404
    assert page(client, list_admin, f"/licences/{licence.number}/").status_code == 404
    assert page(client, acme_exporter, "/licences/JP-EL-1999-000001/").status_code == 404


def test_an_approval_dated_in_the_past_is_refused_beside_the_date(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(
        acme_exporter, consignee="Rheinland Getriebe GmbH", destination="DE", goods=(LATHE,)
    )
    client.force_login(officer)
    response = client.post(
        f"/cases/{case.pk}/decision/",
        {"decision": "approve", "approve-valid_until": "2020-01-01"},
    )
    assert response.status_code == 400
    assert "The licence must be valid after today." in text_of(response)


def test_an_officer_requests_information_and_the_exporter_answers_on_the_page(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter, consignee="Rheinland Getriebe GmbH", destination="DE")
    client.force_login(officer)
    response = client.post(
        f"/cases/{case.pk}/decision/",
        {
            "decision": "request_information",
            "request_information-message": "Send the end-user pledge.",
        },
        follow=True,
    )
    assert "the review clock is paused" in text_of(response)
    case.refresh_from_db()
    assert case.paused_at is not None

    exporter_page = page(client, acme_exporter, f"/applications/{case.application_id}/")
    text = text_of(exporter_page)
    assert "Send the end-user pledge." in text
    assert "Send the answer" in text
    assert "Upload a document" in text  # documents may be added while information is requested

    response = client.post(f"/applications/{case.application_id}/answer/", {"answer": " "})
    assert response.status_code == 400
    assert "Write your answer." in text_of(response)

    response = client.post(
        f"/applications/{case.application_id}/answer/",
        {"answer": "Pledge uploaded, signed by the end user."},
        follow=True,
    )
    assert "Answer sent" in text_of(response)
    case.refresh_from_db()
    assert case.paused_at is None
    assert case.application.status == ApplicationStatus.UNDER_REVIEW

    officer_page = text_of(page(client, officer, f"/cases/{case.pk}/"))
    assert "Pledge uploaded, signed by the end user." in officer_page
    assert "Exporter answered" in officer_page

    # Only the applicant's own exporters may answer; officers and rivals get 404.
    assert (
        client.post(f"/applications/{case.application_id}/answer/", {"answer": "x"}).status_code
        == 404
    )


# --- dashboard ---------------------------------------------------------------------------------------


def test_the_dashboard_shows_open_cases_ageing_hits_and_decisions(
    client, acme_exporter, officer, sample_eul, submit
):
    submit(acme_exporter)
    info = submit(acme_exporter, consignee="Rheinland Getriebe GmbH", destination="DE")
    client.force_login(officer)
    client.post(
        f"/cases/{info.pk}/decision/",
        {"decision": "request_information", "request_information-message": "Pledge, please."},
    )
    response = client.get("/dashboard/")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures["open_cases"] == 2
    assert {q["code"]: q["value"] for q in figures["queues"]}["wmd"] == 1
    assert figures["ageing"][0] == {"label": "0–30", "value": 2}
    eul = next(row for row in figures["hits"] if row["label"] == "meti-eul")
    assert eul["value"] >= eul["alerts"] >= 1
    assert figures["weeks"][-1]["request_information"] == 1
    assert len(figures["weeks"]) == 8
    html = response.content.decode()
    assert html.count('<svg class="chart"') == 4
    assert "Open cases per queue" in html and "Decisions per week" in html


def test_the_dashboard_figures_bucket_open_cases_by_age_in_a_fixed_number_of_queries(
    acme_exporter, officer, django_assert_num_queries
):
    _bulk_cases(acme_exporter, officer, 100)
    with django_assert_num_queries(5):
        figures = officer_dashboard_figures()
    # ages 0..99 days: 31 cases of 0-30, 30 of 31-60, 30 of 61-90, 9 over 90
    assert [b["value"] for b in figures["ageing"]] == [31, 30, 30, 9]
    assert figures["open_cases"] == 100


def test_a_no_licence_required_case_is_closed_from_its_page_with_the_basis_shown_in_japanese(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter, consignee="Rheinland Getriebe GmbH", destination="DE")
    assert case.outcome == "no_licence_required"
    client.force_login(officer)
    response = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="ja")
    body = text_of(response)
    assert "グループA向け、リスト非該当貨物" in body  # the N1 rule in the page's language
    assert "Group A destination" not in body
    assert 'value="no_licence_required"' in response.content.decode()
    response = client.post(
        f"/cases/{case.pk}/decision/",
        {"decision": "no_licence_required", "no_licence_required-reasons": "Brewery pump."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.closed_at is not None
    assert case.application.status == "no_licence_required"
    assert not hasattr(case.application, "licence") or case.application.licence is None
    exporter_page = page(client, acme_exporter, f"/applications/{case.application_id}/")
    assert "No licence required" in text_of(exporter_page)


def test_a_case_that_needs_a_licence_offers_no_no_licence_required_decision(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter)  # an EUL consignee in the UAE: licence required
    assert case.outcome != "no_licence_required"
    response = page(client, officer, f"/cases/{case.pk}/")
    assert 'value="no_licence_required"' not in response.content.decode()


def test_every_decision_kind_has_a_label_and_an_audit_verb_label():
    from licensing.models import Decision
    from licensing.templatetags.review import DECISIONS, VERBS

    for kind in Decision.Kind.values:
        assert kind in DECISIONS, kind
        assert f"decision_{kind}" in VERBS, kind


def test_a_case_assigned_to_a_colleague_says_so_before_the_decision_forms(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter, consignee="Rheinland Getriebe GmbH", destination="DE")
    colleague = authority_user("officer-b", Role.OFFICER)
    client.force_login(colleague)
    assert client.post(f"/cases/{case.pk}/assign/").status_code == 302
    body = text_of(page(client, officer, f"/cases/{case.pk}/"))
    assert "This case is assigned to officer-b: assign it to yourself before deciding." in body
    response = client.post(f"/cases/{case.pk}/decision/", {"decision": "no_licence_required"})
    assert response.status_code == 409
    case.refresh_from_db()
    assert case.closed_at is None
    own = text_of(page(client, colleague, f"/cases/{case.pk}/"))
    assert "assign it to yourself before deciding" not in own


def test_why_a_name_matched_is_told_in_the_pages_language(
    client, acme_exporter, officer, sample_eul, submit
):
    case = submit(acme_exporter)  # the consignee is on the End User List
    client.force_login(officer)
    english = text_of(client.get(f"/cases/{case.pk}/"))
    japanese = text_of(client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="ja"))
    assert re.search(r"1\.00 \(alert\); \w+~\w+ 1\.00", english)
    assert "same word" in english
    assert re.search(r"1\.00（警告）；\w+~\w+ 1\.00", japanese)
    assert "同じ語" in japanese
    # the engine's own English sentence stays in the record, not on the Japanese page
    assert "(alert)" not in japanese and " vs " not in japanese


def test_the_engines_penalty_notes_are_translated_and_unknown_notes_kept():
    from django.utils import translation

    from licensing.templatetags.review import match_summary
    from screening.engine import score_pair

    _, explanation = score_pair("Unit 12 Trading", "Unit 15 Trading")
    assert explanation["penalties"], explanation
    with translation.override("ja"):
        line = match_summary(explanation)
    assert "数字が異なる: ×0.70" in line
    _, whole = score_pair("李瑜", "LI, Cheng Yu")
    with translation.override("en"):
        assert "each word of the listed name it lacks counts against the match" in (
            match_summary(whole)
        )
    with translation.override("ja"):
        assert "掲載名にあってこの氏名にない語はそれぞれ一致を下げる" in match_summary(whole)
    explanation["penalties"] = ["a note this page does not know"]
    with translation.override("ja"):
        assert match_summary(explanation).endswith("；a note this page does not know")
    assert match_summary({"summary": "stored before explanations had scores"}) == (
        "stored before explanations had scores"
    )


def test_a_match_in_the_names_own_script_shows_the_keys_compared():
    from django.utils import translation

    from licensing.templatetags.review import match_summary
    from screening.engine import score_pair

    _, native = score_pair("東新國際貿易有限公司", "东新国际贸易有限公司")
    assert native["path"] == "native"
    assert native["native"]["query_distinctive"] == "东新"
    with translation.override("en"):
        assert "the names compared in their own script: 东新国际贸易 ~ 东新国际贸易" in (
            match_summary(native)
        )
    with translation.override("ja"):
        assert "原語表記どうしで比較：东新国际贸易 ~ 东新国际贸易" in match_summary(native)


def test_a_katakana_name_written_without_dots_is_told_how_it_was_split():
    from django.utils import translation

    from licensing.templatetags.review import name_reading_notes
    from screening.engine import EngineEntry, build_index

    index = build_index(
        [
            EngineEntry(
                key=1,
                list_code="un",
                source_id="1",
                name="NAZIR MOHAMMAD ABDUL BASIR",
                aliases=(),
                native_names=(),
                country=None,
                kind="person",
                list_version="un@1",
            )
        ]
    )
    _, told = index.score_pair("ナジールモハンマドアブドゥルバシール", "NAZIR MOHAMMAD ABDUL BASIR")
    with translation.override("en"):
        assert (
            "The katakana in the party’s name has no dots between its words; it was also read "
            "as ナジール・モハンマド・アブドゥル・バシール, the words the lists’ names sound like."
        ) in name_reading_notes(told)
    with translation.override("ja"):
        assert any(
            "「ナジール・モハンマド・アブドゥル・バシール」としても読みました" in note
            for note in name_reading_notes(told)
        )


def test_what_the_engine_assumed_in_reading_the_name_is_told_in_the_pages_language():
    from django.utils import translation

    from licensing.templatetags.review import name_reading_notes
    from screening.engine import score_pair

    _, korean = score_pair("金正恩", "Kim Jong Un")
    with translation.override("en"):
        assert name_reading_notes(korean) == [
            "The party’s name was read as Korean (Han characters read in Korean) (confidence 0.85)."
        ]
    with translation.override("ja"):
        assert name_reading_notes(korean) == [
            "当事者名を朝鮮語（漢字の朝鮮語読み）として読みました（確度 0.85）。"
        ]
    _, hangul = score_pair("김정은", "Kim Jong Un")
    with translation.override("en"):
        assert name_reading_notes(hangul) == [
            "The party’s name was read as Korean (Hangul romanised) (confidence 0.95)."
        ]
    _, misspelt = score_pair("Jiint Stock Company Uraltransmash", "JSC Uraltransmash")
    with translation.override("en"):
        assert name_reading_notes(misspelt) == ["“jiint” was read as the legal-form word “joint”."]
    _, arabic = score_pair("عبد الستار عبد المنان", "ABDUL SATAR ABDUL MANAN")
    with translation.override("ja"):
        assert name_reading_notes(arabic) == [
            "アラビア文字・ヘブライ文字の語は、子音と、アラビア文字が書き表す長母音で比較しました。"
        ]
    _, bracketed = score_pair("Evgeni Novitski", "Evgeny(Evgeni) Novitsky(Novitski)")
    with translation.override("en"):
        assert name_reading_notes(bracketed) == [
            "A name that gives other spellings of a word in brackets was compared with each "
            "spelling in place of that word."
        ]
    _, initial = score_pair("セルゲイ・S・チェメゾフ", "Sergey Sergeevich Chemezov")
    with translation.override("ja"):
        assert (
            "原語表記の名前に添えられたラテン文字の頭文字・法人格は、読み取りの際に除きました。"
            in (name_reading_notes(initial))
        )
    # the country in either name, once however often it was read
    _, country = score_pair(
        "Foreign Trade Bank of North Korea",
        "Foreign Trade Bank of the Democratic People's Republic of Korea",
    )
    with translation.override("en"):
        assert name_reading_notes(country) == [
            "“north korea” was also read as “dprk”: a country’s name is read as one word, whether "
            "written in full, as an acronym or as it is commonly called.",
            "“democratic peoples republic of korea” was also read as “dprk”: a country’s name is "
            "read as one word, whether written in full, as an acronym or as it is commonly "
            "called.",
        ]
    with translation.override("ja"):
        assert name_reading_notes(country)[0].startswith(
            "「north korea」を「dprk」としても読みました。"
        )
    # a given name in a short form, read as the full name, on the side that was read so
    _, short = score_pair("Ted Doe", "Theodore Doe")
    with translation.override("en"):
        assert name_reading_notes(short) == [
            "“ted” was also read as “edward” or “theodore”: a given name written in a short "
            "form is compared with the full name as well."
        ]
    with translation.override("ja"):
        assert name_reading_notes(short) == [
            "「ted」を「edward」または「theodore」としても読みました。"
            "愛称・短縮形で書かれた名は、正式な名とも照合します。"
        ]
    _, listed_short = score_pair("Benjamin Netanyahu", "Bibi Netanyahu")
    with translation.override("en"):
        assert name_reading_notes(listed_short)[0].startswith("“bibi” was also read as “benjamin”")
    # the name as written matched: the short form's reading is not what was compared
    _, as_written = score_pair("Ted Doe", "Ted Doe")
    assert name_reading_notes(as_written) == []
    # a name in Latin letters, written as listed: nothing assumed
    _, plain = score_pair("Uraltransmash", "JSC Uraltransmash")
    assert name_reading_notes(plain) == []
    assert name_reading_notes(None) == []


@pytest.mark.django_db
def test_the_audit_trail_names_a_queue_in_the_pages_language():
    from django.utils import translation

    from licensing.models import ReviewQueue
    from licensing.selectors import queue_names
    from licensing.templatetags.review import queue_label

    queue = ReviewQueue.objects.get(code="sanctions")
    assert queue.name_ja
    with translation.override("ja"):
        assert queue_label("sanctions", queue_names({"sanctions"})) == queue.name_ja
    with translation.override("en"):
        assert queue_label("sanctions", queue_names({"sanctions"})) == queue.name
    assert queue_label("no-such-queue", queue_names({"no-such-queue"})) == "no-such-queue"
