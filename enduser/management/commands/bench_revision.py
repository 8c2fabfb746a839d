"""Benchmark: the diff of the two real End User List revisions, and re-screening stored parties.

Run on a throwaway database (make bench uses var/bench): loads the older revision, stores
--parties parties on open applications, uploads the newer revision and times the diff and the
re-screening of every stored party against what changed.
"""

from __future__ import annotations

import random
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from enduser.diff import diff_entries
from enduser.models import RescreenJob
from enduser.services import changes_rescreen, version_rows
from licensing.models import ApplicationStatus, Country, LicenceApplication, Organisation, Party
from screening.importers import parse
from screening.models import ListVersion
from screening.services import list_version_import


def _rows(path: Path) -> list[dict[str, Any]]:
    result = parse("meti-eul", path)
    return [
        {
            "id": i,
            "source_id": e.source_id,
            "name": e.name,
            "aliases": e.aliases,
            "native_names": e.native_names,
            "country": e.country or "",
            "attributes": e.attributes,
        }
        for i, e in enumerate(result.entries)
    ]


class Command(BaseCommand):
    help = "Times the real End User List diff and re-screening of many stored parties (benchmark)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--parties", type=int, default=100_000)
        parser.add_argument("--per-application", type=int, default=10)
        parser.add_argument(
            "--via-worker",
            action="store_true",
            help="send the re-screening to the celery workers (CELERY_BROKER_URL) and time it there",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = Path(settings.SCREENING_DATA) / "lists" / "meti-eul"
        old_path = data / "2025-01-31" / "end-user-list-2025-01-31.xlsx"
        new_path = data / "2025-09-29" / "20250929_4.xlsx"
        if not old_path.exists():
            raise CommandError(f"real End User List not found under {data}")
        call_command("migrate", verbosity=0)

        old_rows, new_rows = _rows(old_path), _rows(new_path)
        started = time.perf_counter()
        diff = diff_entries(old_rows, new_rows)
        pure = time.perf_counter() - started
        self.stdout.write(
            f"diff 2025-01-31 -> 2025-09-29 (pure): {pure * 1000:.0f} ms  {diff.counts()}"
        )

        old = list_version_import(source="meti-eul", path=old_path, activate=False)
        from enduser.services import activate_and_rescreen

        with transaction.atomic():
            activate_and_rescreen(version=old, user=None)
        self._parties(options["parties"], options["per_application"], old_rows, new_rows)

        started = time.perf_counter()
        new = list_version_import(source="meti-eul", path=new_path, activate=False)
        load = time.perf_counter() - started
        started = time.perf_counter()
        db_diff = diff_entries(version_rows(old), version_rows(new))
        db_time = time.perf_counter() - started
        self.stdout.write(
            f"upload of 835 entries: {load:.2f} s; diff from the database: {db_time:.2f} s {db_diff.counts()}"
        )
        ListVersion.objects.filter(pk=old.pk).update(status=ListVersion.Status.SUPERSEDED)
        ListVersion.objects.filter(pk=new.pk).update(
            status=ListVersion.Status.ACTIVE, activated_at=timezone.now()
        )
        started = time.perf_counter()
        if options["via_worker"]:
            job = self._rescreen_on_a_worker(old, new)
            where = f"a celery worker forking {settings.RESCREEN_PROCESSES}, {connection.vendor}"
        else:
            job = changes_rescreen(old_version_id=old.pk, new_version_id=new.pk)
            where = f"this process forking {settings.RESCREEN_PROCESSES}, {connection.vendor}"
        elapsed = time.perf_counter() - started
        gained = sum(1 for item in job.impact if item["gained"])
        self.stdout.write(
            f"re-screening {job.parties_done:,} stored parties against {job.entries_screened} added/changed entries: "
            f"{elapsed:.1f} s ({job.parties_done / elapsed:,.0f} parties/s, {where}); "
            f"{gained} applications gained hits"
        )

    def _rescreen_on_a_worker(self, old: ListVersion, new: ListVersion) -> RescreenJob:
        """The job is sent as activation sends it; the time includes the worker picking it up."""
        from screening.tasks import rescreen_changes

        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("--via-worker needs CELERY_BROKER_URL and a running worker")
        job = RescreenJob.objects.create(old_version=old, new_version=new)
        rescreen_changes.delay(old.pk, new.pk)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in (RescreenJob.Status.COMPLETED, RescreenJob.Status.FAILED):
                if job.status == RescreenJob.Status.FAILED:
                    raise CommandError(f"re-screening failed on the worker: {job.error}")
                return job
            time.sleep(0.2)
        raise CommandError("the worker did not finish re-screening within 600 s")

    def _parties(
        self,
        total: int,
        per_app: int,
        old_rows: list[dict[str, Any]],
        new_rows: list[dict[str, Any]],
    ) -> None:
        existing = Party.objects.count()
        if existing >= total:
            return
        User = get_user_model()
        user, _ = User.objects.get_or_create(username="bench-exporter")
        org, _ = Organisation.objects.get_or_create(name="Bench Exporter K.K.")
        countries = list(Country.objects.values_list("iso2", flat=True))
        rng = random.Random(7)
        added_names = [
            r["name"] for r in new_rows if r["name"] not in {o["name"] for o in old_rows}
        ][:50]
        words = [
            "Global",
            "Precision",
            "Trading",
            "Industrial",
            "Systems",
            "Tech",
            "Pacific",
            "Nordic",
            "Alpha",
            "Machinery",
            "Instruments",
            "Logistics",
            "Harbour",
            "Summit",
            "Green",
            "Blue",
            "Star",
            "River",
        ]
        forms = ["LLC", "Co., Ltd.", "GmbH", "K.K.", "S.A.", "Inc.", "FZE", "Pvt Ltd"]
        apps = (total - existing + per_app - 1) // per_app
        now = timezone.now()
        created = LicenceApplication.objects.bulk_create(
            LicenceApplication(
                applicant=org,
                created_by=user,
                status=ApplicationStatus.UNDER_REVIEW,
                destination_country_id="AE",
                end_use="bench",
                submitted_at=now,
            )
            for _ in range(apps)
        )
        parties = []
        for index, app in enumerate(created):
            for k in range(per_app):
                if (index * per_app + k) % 2000 == 0 and added_names:
                    name = rng.choice(added_names)  # a few parties are entities the revision adds
                else:
                    name = (
                        " ".join(rng.sample(words, 2)) + f" {rng.choice(words)} {rng.choice(forms)}"
                    )
                parties.append(
                    Party(
                        application=app,
                        position=k,
                        role="consignee",
                        name=name,
                        country_id=rng.choice(countries),
                    )
                )
        Party.objects.bulk_create(parties, batch_size=5000)
        self.stdout.write(f"stored {len(parties):,} parties on {len(created):,} open applications")
