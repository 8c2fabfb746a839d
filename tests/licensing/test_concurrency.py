"""Two officers deciding one case at the same moment on PostgreSQL: exactly one wins (.ci/run)."""

import threading

import pytest
from django.db import connection

from licensing.models import ApplicationStatus, Case, Decision, Role
from licensing.services import application_create, application_submit, case_decide
from tests.factories import application_payload, authority_user
from tradecontrol.errors import ConflictError

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_two_concurrent_decisions_on_one_case_one_wins_the_other_conflicts(
    acme_exporter, sample_eul
):
    from screening.services import application_screen

    application = application_create(user=acme_exporter, data=application_payload())
    application_submit(user=acme_exporter, application_id=application.pk)
    application_screen(application_id=application.pk)  # in this process: the worker may also run it
    case = Case.objects.get(application=application)
    officers = [
        authority_user("officer-a", Role.OFFICER),
        authority_user("officer-b", Role.OFFICER),
    ]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(user, kind):
        try:
            barrier.wait()
            case_decide(user=user, case_id=case.pk, decision=kind, reasons="decided in a race")
            outcomes.append("won")
        except ConflictError:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(officers[0], "approve")),
        threading.Thread(target=decide, args=(officers[1], "refuse")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["conflict", "won"]
    assert Decision.objects.filter(case=case).count() == 1
    application.refresh_from_db()
    assert application.status in (ApplicationStatus.APPROVED, ApplicationStatus.REFUSED)
