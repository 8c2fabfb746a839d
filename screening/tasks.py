"""Thin Celery tasks: id in, one service call."""

from __future__ import annotations

from celery import shared_task

from screening import services


@shared_task(
    name="screening.screen_application", acks_late=True, max_retries=5, default_retry_delay=10
)
def screen_application(application_id: int) -> int | None:
    run = services.application_screen(application_id=application_id)
    return run.pk if run else None
