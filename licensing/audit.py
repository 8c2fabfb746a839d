"""Writing audit events; callers do it inside their own transaction so action and record commit together."""

from __future__ import annotations

from typing import Any

from licensing.models import AuditEvent, LicenceApplication


def audit_record(
    *,
    actor: Any | None,
    verb: str,
    application: LicenceApplication | None = None,
    target: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        application=application,
        target=target or (f"application:{application.pk}" if application else ""),
        payload=payload or {},
    )
