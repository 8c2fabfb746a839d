"""python manage.py screen_names --input IN.jsonl --output OUT.jsonl [--lists meti-eul,un,...]"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screening.index import current_index
from screening.selectors import active_versions
from screening.services import names_screen

BATCH = 500


class Command(BaseCommand):
    help = "Screens names from a JSON-lines file against the active list versions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path)
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument(
            "--lists", default="", help="comma-separated list codes; default: every enabled list"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        codes = [c.strip() for c in options["lists"].split(",") if c.strip()] or None
        versions = list(active_versions(codes))
        if codes:
            missing = sorted(set(codes) - {v.screening_list.code for v in versions})
            if missing:
                raise CommandError(
                    f"no active version of: {', '.join(missing)} (load one with import_list --activate)"
                )
        if not versions:
            raise CommandError(
                "no list has an active version; load one with import_list --activate"
            )
        source = options["input"]
        if not source.exists():
            raise CommandError(f"{source} does not exist")
        build_started = time.perf_counter()
        loaded = current_index(codes)
        self.stderr.write(
            f"index of {loaded.index.alias_count} aliases ready in {time.perf_counter() - build_started:.2f}s"
        )
        started = time.perf_counter()
        count = errors = 0
        with (
            source.open(encoding="utf-8") as fin,
            options["output"].open("w", encoding="utf-8") as fout,
        ):
            batch: list[dict[str, Any]] = []
            for number, line in enumerate(fin, 1):
                if not line.strip():
                    continue
                try:
                    query = json.loads(line)
                    if not isinstance(query, dict):
                        raise ValueError("each line must be a JSON object")
                except ValueError as exc:
                    fout.write(
                        json.dumps(
                            {
                                "id": None,
                                "line": number,
                                "error": f"line {number}: {exc}",
                                "hits": [],
                            }
                        )
                        + "\n"
                    )
                    errors += 1
                    continue
                batch.append(query)
                if len(batch) >= BATCH:
                    count, errors = self._flush(batch, codes, fout, count, errors)
                    batch = []
            count, errors = self._flush(batch, codes, fout, count, errors)
        elapsed = time.perf_counter() - started
        rate = count / elapsed if elapsed else 0.0
        self.stderr.write(
            f"screened {count} names against {', '.join(v.label for v in versions)} in {elapsed:.2f}s "
            f"({rate:.0f} names/s); {errors} error line(s)"
        )

    def _flush(
        self,
        batch: list[dict[str, Any]],
        codes: list[str] | None,
        fout: Any,
        count: int,
        errors: int,
    ) -> tuple[int, int]:
        if not batch:
            return count, errors
        for result in names_screen(queries=batch, codes=codes):
            if "error" in result:
                errors += 1
            fout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
        sys.stderr.flush()
        return count + len(batch), errors
