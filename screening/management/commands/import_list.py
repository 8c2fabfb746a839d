"""python manage.py import_list SOURCE PATH [--published-on DATE] [--effective-from DATE] [--activate]"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screening import importers
from screening.services import ListImportError, list_version_import


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"not a date (YYYY-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Loads an official list file as a new version of that list (a draft unless --activate)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", choices=list(importers.SOURCES))
        parser.add_argument("path", type=Path)
        parser.add_argument("--published-on", type=_date)
        parser.add_argument("--effective-from", type=_date)
        parser.add_argument(
            "--strict", action="store_true", help="reject the file on any row-level problem"
        )
        parser.add_argument(
            "--activate", action="store_true", help="make it the active version at once"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        try:
            version = list_version_import(
                source=options["source"],
                path=path,
                published_on=options["published_on"],
                effective_from=options["effective_from"],
                activate=options["activate"],
                strict=options["strict"],
            )
        except ListImportError as exc:
            for problem in exc.problems:
                self.stderr.write(f"  {problem}")
            raise CommandError(
                f"{path}: {len(exc.problems)} problem(s); nothing was loaded"
            ) from exc
        for problem in version.problems:
            self.stderr.write(f"  warning: {problem}")
        self.stdout.write(
            f"{version.screening_list.code}: version {version.pk} with {version.entry_count} entries "
            f"({version.get_status_display().lower()})"
        )
