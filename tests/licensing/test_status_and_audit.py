import subprocess
import sys

import pytest

from licensing.models import TRANSITIONS, ApplicationStatus, AuditEvent
from licensing.services import TransitionError, application_create, application_status_change
from tests.factories import application_payload

pytestmark = pytest.mark.django_db


def test_terminal_statuses_allow_no_further_transition():
    for status in (
        ApplicationStatus.APPROVED,
        ApplicationStatus.REFUSED,
        ApplicationStatus.WITHDRAWN,
    ):
        assert TRANSITIONS[status] == frozenset()
    assert set(TRANSITIONS) == set(ApplicationStatus.values)


def test_a_draft_cannot_jump_to_approved(acme_exporter):
    application = application_create(user=acme_exporter, data=application_payload())
    with pytest.raises(TransitionError):
        application_status_change(
            application=application, to=ApplicationStatus.APPROVED, actor=None
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_audit_events_cannot_be_changed_or_deleted(acme_exporter):
    application_create(user=acme_exporter, data=application_payload())
    event = AuditEvent.objects.get()
    event.verb = "tampered"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().update(verb="tampered")
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.get().verb == "application_created"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "example.jp"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}, "DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_DEBUG": "maybe"}, "DJANGO_DEBUG"),
    ],
)
def test_production_mode_refuses_to_start_without_its_settings(env, message):
    clean = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "tradecontrol.settings", **env}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert message in result.stderr


def test_seed_demo_is_idempotent_and_creates_every_account(django_capture_on_commit_callbacks):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from licensing.models import LicenceApplication

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--lists", "samples", verbosity=0)
    first = LicenceApplication.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", "--lists", "samples", verbosity=0)
    names = set(get_user_model().objects.values_list("username", flat=True))
    assert {"exporter", "exporter2", "officer", "senior", "listadmin", "listadmin2"} <= names
    assert LicenceApplication.objects.count() == first >= 3
    exporter = get_user_model().objects.get(username="exporter")
    exporter2 = get_user_model().objects.get(username="exporter2")
    assert exporter.membership.organisation != exporter2.membership.organisation


def test_production_settings_pass_the_deployment_checklist():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "tradecontrol.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "k" * 20 + "Q3x!9#zLp@w2Rt$7Yb^6Nd&5Mh*4Jf(3Gc)2" + "z" * 20,
        "DJANGO_ALLOWED_HOSTS": "licensing.example.jp",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout
