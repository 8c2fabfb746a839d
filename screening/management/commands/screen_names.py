"""python manage.py screen_names --input IN.jsonl --output OUT.jsonl [--lists meti-eul,un,...]"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from screening.engine import ScreeningProcesses
from screening.index import current_index
from screening.selectors import active_versions
from screening.services import names_screen

BATCH = 5000  # names per batch: a batch is split between the worker processes


class Command(BaseCommand):
    help = "Screens names from a JSON-lines file against the active list versions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path)
        parser.add_argument("--output", required=True, type=Path)
        parser.add_argument(
            "--lists", default="", help="comma-separated list codes; default: every enabled list"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count() or 1,
            help="processes screening each batch (default: one per CPU)",
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
        # (the screening processes load what a batch's names need before they fork)
        loaded = current_index(codes, warm=False)
        self.stderr.write(
            f"index of {loaded.index.alias_count} aliases ready in {time.perf_counter() - build_started:.2f}s"
        )
        started = time.perf_counter()
        self.loading = 0.0  # seconds spent loading what the names needed (Index.prepare)
        workers = max(1, options["workers"])
        count = errors = 0
        with (
            source.open("rb") as fin,
            # (what UTF-8 cannot hold, such as a lone surrogate in an id, is written as its JSON
            # escape, which reads back as itself)
            options["output"].open("w", encoding="utf-8", errors="backslashreplace") as fout,
            # one set of processes for every batch of the file: forked once, they keep what they
            # worked out for earlier batches
            loaded.index.processes(workers) as processes,
        ):
            # (input line number, the query, or the error that line gave); written in input order
            batch: list[tuple[int, dict[str, Any] | None, str]] = []
            for number, raw in enumerate(fin, 1):
                if not raw.strip():
                    continue
                try:
                    # (a line that is not UTF-8 is that line's error, not the end of the file;
                    # a byte-order mark, as some Windows tools write, may open the file)
                    query = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
                    if not isinstance(query, dict):
                        raise ValueError("each line must be a JSON object")
                except UnicodeDecodeError as exc:
                    problem = f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at {exc.start + 1})"
                    batch.append((number, None, f"line {number}: {problem}"))
                    continue
                except ValueError as exc:
                    batch.append((number, None, f"line {number}: {exc}"))
                    continue
                batch.append((number, query, ""))
                if len(batch) >= BATCH:
                    count, errors = self._flush(batch, codes, processes, fout, count, errors)
                    batch = []
            count, errors = self._flush(batch, codes, processes, fout, count, errors)
        elapsed = time.perf_counter() - started
        screening = elapsed - self.loading
        rate = count / screening if screening > 0 else 0.0
        loading = (
            f", after {self.loading:.2f}s loading the reading dictionaries their names needed"
            if self.loading
            else ""
        )
        self.stderr.write(
            f"screened {count} names against {', '.join(v.label for v in versions)} in "
            f"{screening:.2f}s ({rate:.0f} names/s){loading}; {errors} error line(s)"
        )

    def _flush(
        self,
        batch: list[tuple[int, dict[str, Any] | None, str]],
        codes: list[str] | None,
        processes: ScreeningProcesses,
        fout: Any,
        count: int,
        errors: int,
    ) -> tuple[int, int]:
        """Screen a batch and write one output line per input line, in input order, each
        carrying its input line number."""
        queries = [query for _, query, _ in batch if query is not None]
        loading = time.perf_counter()
        if processes.index.prepare(q["name"] for q in queries if isinstance(q.get("name"), str)):
            self.loading += time.perf_counter() - loading
        results = iter(names_screen(queries=queries, codes=codes, processes=processes))
        for number, query, problem in batch:
            if query is None:
                result: dict[str, Any] = {"id": None, "error": problem, "hits": []}
            else:
                result = next(results)
            result = {"id": result.get("id"), "line": number, **result}
            if "error" in result:
                errors += 1
            fout.write(json.dumps(result, ensure_ascii=False, default=str) + "\n")
        sys.stderr.flush()
        return count + len(queries), errors
