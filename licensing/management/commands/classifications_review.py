"""Marks classifications made against an older control list for review after the list changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from licensing.services import classifications_mark_for_review


class Command(BaseCommand):
    help = (
        "Marks every current classification made against a control list older than the one in "
        "force on --since (the date the list changed) for review."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--since", required=True, help="the date the control list changed, YYYY-MM-DD"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed_on = dt.date.fromisoformat(options["since"])
        except ValueError as exc:
            raise CommandError(f"--since must be a date written YYYY-MM-DD: {exc}") from exc
        marked = classifications_mark_for_review(changed_on=changed_on)
        self.stdout.write(f"{marked} classification(s) marked for review.")
