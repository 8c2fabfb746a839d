"""Liveness (/healthz) and readiness (/readyz) for load balancers and orchestrators."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse


def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _check(checks: dict[str, Any], name: str, func: Any) -> None:
    try:
        checks[name] = func()
    except Exception as exc:  # any failure means not ready; say which
        checks[name] = f"failed: {exc.__class__.__name__}: {exc}"[:300]


def readyz(request: HttpRequest) -> JsonResponse:
    checks: dict[str, Any] = {}

    def database() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"

    def migrations() -> str:
        plan = MigrationExecutor(connection).migration_plan(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )
        if plan:
            raise RuntimeError(f"{len(plan)} migration(s) not applied")
        return "ok"

    def broker() -> str:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            return "not used (tasks run in-process)"
        from tradecontrol.celery import app

        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"

    def lists() -> str:
        from screening.models import ListVersion

        active = list(
            ListVersion.objects.filter(
                status=ListVersion.Status.ACTIVE, screening_list__enabled=True
            ).values_list("screening_list__code", flat=True)
        )
        if not active:
            raise RuntimeError("no list has an active version")
        return ", ".join(sorted(active))

    _check(checks, "database", database)
    _check(checks, "migrations", migrations)
    _check(checks, "broker", broker)
    _check(checks, "lists", lists)
    ready = all(not str(v).startswith("failed") for v in checks.values())
    return JsonResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status=200 if ready else 503,
    )
