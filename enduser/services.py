"""Writes for list revisions: upload with validation and diff, four-eyes activation, rollback,
and re-screening of stored parties against what changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from enduser.diff import diff_entries
from enduser.models import RescreenJob
from licensing.audit import audit_record
from licensing.models import ApplicationStatus, Case, LicenceApplication, Party, Role
from licensing.selectors import user_has_role
from screening import importers
from screening.importers.base import ImportFormatError
from screening.models import ListEntry, ListVersion, ScreeningHit, ScreeningRun
from screening.services import list_version_activate, list_version_create
from tradecontrol.errors import ConflictError, InputErrors
from tradecontrol.tasks import send_after_commit

logger = logging.getLogger(__name__)

OPEN_STATUSES = (ApplicationStatus.UNDER_REVIEW, ApplicationStatus.INFORMATION_REQUESTED)
# Lists whose revisions must be clean to load: the End User List is METI's own, row problems are errors.
STRICT_LISTS = {"meti-eul"}


def _require_list_admin(user: Any) -> None:
    if not user_has_role(user, Role.LIST_ADMIN):
        raise PermissionDenied("Only list administrators can do this.")


def version_rows(version: ListVersion | None) -> list[dict[str, Any]]:
    if version is None:
        return []
    rows = ListEntry.objects.filter(version=version).values(
        "id", "source_id", "name", "aliases", "native_names", "country", "attributes"
    )
    return [dict(row) for row in rows]


def active_version_of(code: str) -> ListVersion | None:
    return ListVersion.objects.filter(
        screening_list__code=code, status=ListVersion.Status.ACTIVE
    ).first()


def list_revision_upload(
    *,
    user: Any,
    code: str,
    filename: str,
    data: bytes,
    published_on: dt.date | None = None,
    effective_from: dt.date | None = None,
    confirm_shrink: bool = False,
) -> ListVersion:
    """Validates an uploaded revision and stores it as a draft with its diff; on any problem, nothing changes."""
    _require_list_admin(user)
    if code not in importers.SOURCES:
        raise InputErrors(
            {"code": [f"Unknown list {code!r}; known: {', '.join(importers.SOURCES)}."]}
        )
    if not data:
        raise InputErrors({"file": ["The file is empty."]})
    try:
        result = importers.parse_upload(code, filename, data)
    except ImportFormatError as exc:
        raise InputErrors({"file": [str(p) for p in exc.problems]}) from exc
    if code in STRICT_LISTS and result.problems:
        raise InputErrors({"file": [str(p) for p in result.problems]})
    if not result.entries:
        raise InputErrors({"file": ["The file holds no entries."]})
    active = active_version_of(code)
    if active is not None and len(result.entries) < active.entry_count / 2 and not confirm_shrink:
        raise InputErrors(
            {
                "confirm_shrink": [
                    f"This revision has {len(result.entries)} entries, fewer than half of the active version's "
                    f"{active.entry_count}. Confirm that the list really shrank (confirm_shrink in the API) to load it anyway."
                ]
            }
        )
    if effective_from and published_on and effective_from < published_on:
        raise InputErrors(
            {"effective_from": ["The effective date is before the publication date."]}
        )

    sha256 = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        version = list_version_create(
            code=code,
            result=result,
            source_name=filename,
            sha256=sha256,
            published_on=published_on,
            effective_from=effective_from,
            user=user,
            diff_base=active,
        )
        version.source_file.save(
            f"{code}-{sha256[:12]}-{filename.rsplit('/', 1)[-1][:80]}",
            ContentFile(data),
            save=False,
        )
        diff = diff_entries(version_rows(active), version_rows(version))
        version.diff = diff.as_dict()
        version.save(update_fields=["source_file", "diff"])
        audit_record(
            actor=user,
            verb="list_revision_uploaded",
            target=f"list_version:{version.pk}",
            payload={
                "list": code,
                "file": filename,
                "sha256": sha256,
                "entries": version.entry_count,
                "diff": diff.counts(),
                "base": active.pk if active else None,
            },
        )
    return version


def list_version_approve(*, user: Any, version_id: int) -> ListVersion:
    """First list administrator approves; a second, different one activates (or schedules) it."""
    _require_list_admin(user)
    with transaction.atomic():
        version = (
            ListVersion.objects.select_for_update()
            .select_related("screening_list")
            .get(pk=version_id)
        )
        if version.status != ListVersion.Status.DRAFT:
            raise ConflictError(
                f"Version {version.pk} is {version.get_status_display().lower()}, not a draft."
            )
        if version.approved_by_id is None:
            version.approved_by, version.approved_at = user, timezone.now()
            version.save(update_fields=["approved_by", "approved_at"])
            audit_record(
                actor=user,
                verb="list_version_approved",
                target=f"list_version:{version.pk}",
                payload={"list": version.screening_list.code},
            )
            return version
        if version.approved_by_id == user.pk:
            raise PermissionDenied(
                "You approved this version; a second list administrator must activate it."
            )
        today = timezone.localdate()
        if version.effective_from and version.effective_from > today:
            version.scheduled_for = version.effective_from
            version.activated_by = user
            version.save(update_fields=["scheduled_for", "activated_by"])
            audit_record(
                actor=user,
                verb="list_version_scheduled",
                target=f"list_version:{version.pk}",
                payload={
                    "list": version.screening_list.code,
                    "on": version.effective_from.isoformat(),
                },
            )
            return version
        version.activated_by = user
        version.save(update_fields=["activated_by"])
        return activate_and_rescreen(version=version, user=user)


def activate_and_rescreen(*, version: ListVersion, user: Any | None) -> ListVersion:
    """Call inside a transaction: swap the active version, then re-screen what changed after commit."""
    previous = active_version_of(version.screening_list.code)
    list_version_activate(version=version, user=user)
    # One job per activation: activating the same pair again (a rollback undone) re-screens again.
    RescreenJob.objects.create(old_version=previous, new_version=version)
    from screening.tasks import rescreen_changes

    send_after_commit(rescreen_changes, previous.pk if previous else None, version.pk)
    return version


def due_versions_activate() -> list[int]:
    """Activates drafts whose second approval scheduled them for today or earlier (Celery beat)."""
    activated = []
    today = timezone.localdate()
    for version_id in ListVersion.objects.filter(
        status=ListVersion.Status.DRAFT, scheduled_for__lte=today
    ).values_list("pk", flat=True):
        with transaction.atomic():
            version = ListVersion.objects.select_for_update().get(pk=version_id)
            if (
                version.status == ListVersion.Status.DRAFT
                and version.scheduled_for
                and version.scheduled_for <= today
            ):
                activate_and_rescreen(version=version, user=version.activated_by)
                activated.append(version.pk)
    return activated


def list_version_rollback(*, user: Any, code: str) -> ListVersion:
    """One action: the version loaded before the active one becomes active again, and parties are
    re-screened against the difference. Repeated, it steps further back (C -> B -> A)."""
    _require_list_admin(user)
    with transaction.atomic():
        current = active_version_of(code)
        previous = (
            ListVersion.objects.select_for_update()
            .filter(screening_list__code=code, status=ListVersion.Status.SUPERSEDED)
            .filter(loaded_at__lte=current.loaded_at if current else timezone.now())
            .exclude(pk=current.pk if current else 0)
            .order_by("-loaded_at", "-id")
            .first()
        )
        if previous is None:
            raise ConflictError("There is no earlier version to roll back to.")
        version = activate_and_rescreen(version=previous, user=user)
        audit_record(
            actor=user,
            verb="list_version_rolled_back",
            target=f"list_version:{version.pk}",
            payload={"list": code, "from": current.pk if current else None},
        )
    return version


# --- re-screening --------------------------------------------------------------------------------


def _parties_to_rescreen() -> Any:
    since = timezone.now() - dt.timedelta(days=settings.RESCREEN_LICENCE_MONTHS * 31)
    return (
        Party.objects.filter(
            Q(application__status__in=OPEN_STATUSES) | Q(application__licence__issued_at__gte=since)
        )
        .select_related("application")
        .order_by("id")
    )


def changes_rescreen(*, old_version_id: int | None, new_version_id: int) -> RescreenJob:
    """Screens stored parties against the entries a revision added or changed; idempotent per job."""
    from screening.index import current_index

    new_version = ListVersion.objects.select_related("screening_list").get(pk=new_version_id)
    jobs = RescreenJob.objects.filter(
        old_version_id=old_version_id, new_version=new_version
    ).order_by("-created_at", "-id")
    job = (
        jobs.filter(status__in=[RescreenJob.Status.QUEUED, RescreenJob.Status.RUNNING]).first()
        or jobs.first()
    )
    if job is None:  # called directly, not through an activation
        job = RescreenJob.objects.create(old_version_id=old_version_id, new_version=new_version)
    claimed = RescreenJob.objects.filter(
        pk=job.pk, status__in=[RescreenJob.Status.QUEUED, RescreenJob.Status.RUNNING]
    ).update(status=RescreenJob.Status.RUNNING, started_at=timezone.now())
    if not claimed:
        job.refresh_from_db()
        return job  # already completed

    targets, replaced, removed = _changed_entries(old_version_id, new_version)
    parties = list(_parties_to_rescreen()) if targets or replaced or removed else []
    RescreenJob.objects.filter(pk=job.pk).update(
        parties_total=len(parties), entries_screened=len(targets)
    )
    # Parties are screened against the revised list's active version (token weights from that
    # list, as when screening against it alone); only matches on added or changed entries are kept.
    code = new_version.screening_list.code
    loaded = current_index([code]) if parties and targets else None

    found: dict[int, list[tuple[Party, Any]]] = {}
    # The same party (a regular consignee) recurs across applications: each name and country is
    # screened once, in batches shared between forked processes.
    screened: dict[tuple[str, str | None], list[Any]] = {}
    chunk = 5000
    if loaded is not None:
        # the chunks share one set of forked processes, which keep what they worked out for
        # earlier chunks (see Index.processes)
        with loaded.index.processes(settings.RESCREEN_PROCESSES) as processes:
            for start in range(0, len(parties), chunk):
                part = parties[start : start + chunk]
                keys = list(dict.fromkeys((p.name, p.country_id) for p in part))
                keys = [k for k in keys if k not in screened]
                rows = loaded.index.screen_batch(
                    [(name, country, None) for name, country in keys],
                    limit=50,
                    processes=processes,
                )
                for key, row in zip(keys, rows, strict=True):
                    # a name with nothing to compare was reported when the application was screened
                    matches = [] if isinstance(row, str) else row
                    screened[key] = [m for m in matches if m.entry.key in targets]
                for party in part:
                    for match in screened[(party.name, party.country_id)]:
                        found.setdefault(party.application_id, []).append((party, match))
                RescreenJob.objects.filter(pk=job.pk).update(
                    parties_done=min(start + chunk, len(parties))
                )

    impact = _apply_rescreen(
        job_id=job.pk,
        new_version=new_version,
        found=found,
        removed=removed,
        replaced=replaced,
        party_ids=[p.pk for p in parties],
    )
    RescreenJob.objects.filter(pk=job.pk).update(
        status=RescreenJob.Status.COMPLETED,
        finished_at=timezone.now(),
        parties_done=len(parties),
        impact=impact,
    )
    job.refresh_from_db()
    return job


def _changed_entries(
    old_version_id: int | None, new_version: ListVersion
) -> tuple[set[int], dict[int, int], set[int]]:
    """Entry ids added or changed (new rows), replaced (old row -> new row) and removed (old rows)."""
    stored = new_version.diff
    if stored and new_version.diff_base_id == old_version_id:
        added = {e["id"] for e in stored.get("added_entries", [])}
        changed = {c["before"]["id"]: c["after"]["id"] for c in stored.get("changed_entries", [])}
        removed = {e["id"] for e in stored.get("removed_entries", [])}
        return added | set(changed.values()), changed, removed
    old_version = ListVersion.objects.filter(pk=old_version_id).first() if old_version_id else None
    diff = diff_entries(version_rows(old_version), version_rows(new_version))
    changed = {old.id: new.id for old, new, _f in diff.changed}
    return {e.id for e in diff.added} | set(changed.values()), changed, {e.id for e in diff.removed}


def _apply_rescreen(
    *,
    job_id: int,
    new_version: ListVersion,
    found: dict[int, list[tuple[Party, Any]]],
    removed: set[int],
    replaced: dict[int, int],
    party_ids: list[int],
) -> list[dict[str, Any]]:
    from licensing.services import case_route
    from screening.engine import ENGINE_VERSION
    from screening.index import engine_config
    from screening.services import _hit_with_memory

    config = engine_config()
    reason = f"revision:{new_version.pk}:job:{job_id}"
    label = new_version.label
    impact: dict[int, dict[str, Any]] = {}

    with transaction.atomic():
        # Hits on entries the revision removed or replaced are closed with a note.
        stale = (
            ScreeningHit.objects.filter(party_id__in=party_ids, closed_note="")
            .filter(Q(entry_id__in=removed) | Q(entry_id__in=list(replaced)))
            .select_related("run", "entry", "party")
        )
        for hit in stale:
            note = (
                f"entry removed from {new_version.screening_list.code} in {label}"
                if hit.entry_id in removed
                else f"entry changed in {label}; re-screened against the new text"
            )
            ScreeningHit.objects.filter(pk=hit.pk).update(closed_note=note)
            item = impact.setdefault(hit.run.application_id, {"gained": [], "lost": []})
            item["lost"].append(
                {
                    "party": hit.party.name,
                    "entry": hit.entry.name,
                    "source_id": hit.entry.source_id,
                    "note": note,
                }
            )

        for application_id, pairs in found.items():
            application = LicenceApplication.objects.get(pk=application_id)
            run, _ = ScreeningRun.objects.get_or_create(
                application=application,
                reason=reason,
                defaults={
                    "engine_version": ENGINE_VERSION,
                    "alert_threshold": config.alert_threshold,
                    "review_threshold": config.review_threshold,
                    "status": ScreeningRun.Status.COMPLETED,
                    "finished_at": timezone.now(),
                },
            )
            run.list_versions.add(new_version)
            entries = {
                e.pk: e for e in ListEntry.objects.filter(pk__in={m.entry.key for _p, m in pairs})
            }
            hits = [_hit_with_memory(run, party, match, entries) for party, match in pairs]
            ScreeningHit.objects.bulk_create(hits, ignore_conflicts=True)
            run.parties_screened = len({p.pk for p, _m in pairs})
            run.save(update_fields=["parties_screened"])
            item = impact.setdefault(application_id, {"gained": [], "lost": []})
            item["gained"] += [
                {
                    "party": p.name,
                    "entry": m.entry.name,
                    "source_id": m.entry.source_id,
                    "score": round(m.score, 3),
                    "alert": m.alert,
                }
                for p, m in pairs
            ]

        report = []
        for application_id, item in sorted(impact.items()):
            application = LicenceApplication.objects.select_related("case").get(pk=application_id)
            case = getattr(application, "case", None)
            flagged = False
            if case is not None:
                if case.is_open:
                    case_route(application=application, reason=f"list revision {label}")
                else:
                    Case.objects.filter(pk=case.pk).update(
                        review_flag=f"hits changed by {label}: {len(item['gained'])} gained, {len(item['lost'])} lost"
                    )
                    flagged = True
            audit_record(
                actor=None,
                verb="rescreened",
                application=application,
                target=f"list_version:{new_version.pk}",
                payload={
                    "gained": len(item["gained"]),
                    "lost": len(item["lost"]),
                    "version": label,
                },
            )
            case = (
                Case.objects.filter(application_id=application_id).select_related("queue").first()
            )
            report.append(
                {
                    "application_id": application_id,
                    "reference": application.reference,
                    "case_id": case.pk if case else None,
                    "queue": case.queue.code if case else None,
                    "status": application.status,
                    "review_flag": flagged,
                    **item,
                }
            )
    return report
