"""Thin Celery tasks: id in, one service call."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from screening import services


@shared_task(
    name="screening.screen_application",
    acks_late=True,
    autoretry_for=(OperationalError,),  # the database went away; the work is idempotent
    retry_backoff=True,
    max_retries=5,
)
def screen_application(application_id: int) -> int | None:
    run = services.application_screen(application_id=application_id)
    return run.pk if run else None
