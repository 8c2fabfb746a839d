"""Thin Celery tasks: id in, one service call."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from screening import services
from tradecontrol.logging import bound_context


@shared_task(
    name="screening.screen_application",
    acks_late=True,
    autoretry_for=(OperationalError,),  # the database went away; the work is idempotent
    retry_backoff=True,
    max_retries=5,
)
def screen_application(application_id: int) -> int | None:
    with bound_context(task="screen_application", application_id=application_id):
        run = services.application_screen(application_id=application_id)
    return run.pk if run else None


@shared_task(
    name="screening.rescreen_changes",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def rescreen_changes(old_version_id: int | None, new_version_id: int) -> int:
    from enduser.services import changes_rescreen

    return changes_rescreen(old_version_id=old_version_id, new_version_id=new_version_id).pk


@shared_task(name="screening.activate_due_versions")
def activate_due_versions() -> list[int]:
    from enduser.services import due_versions_activate

    return due_versions_activate()


@shared_task(name="screening.refresh_list_feeds", acks_late=True)
def refresh_list_feeds() -> dict[str, str]:
    from screening.feeds import feed_ids_refresh_all

    return feed_ids_refresh_all()


@shared_task(name="screening.sweep_stuck_work")
def sweep_stuck_work() -> dict[str, int]:
    from screening.services import stuck_work_resend

    return stuck_work_resend()
