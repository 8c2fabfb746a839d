"""Writes for screening: loading list versions, screening applications, batch name checks."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
import unicodedata
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from licensing.audit import audit_record
from licensing.models import ApplicationStatus, LicenceApplication
from screening import importers
from screening.engine import ScreeningProcesses
from screening.importers.base import ImportFormatError, ImportResult
from screening.index import current_index, engine_config
from screening.models import (
    ClearedPair,
    ListEntry,
    ListVersion,
    ScreeningHit,
    ScreeningList,
    ScreeningRun,
)
from tradecontrol.errors import ConflictError, InputErrors

logger = logging.getLogger(__name__)

LIST_DEFINITIONS: dict[str, dict[str, str]] = {
    "meti-eul": {
        "name": "METI End User List",
        "publisher": "METI",
        "kind": ScreeningList.Kind.END_USER,
    },
    "un": {
        "name": "UN Security Council Consolidated List",
        "publisher": "United Nations",
        "kind": ScreeningList.Kind.SANCTIONS,
    },
    "ofac-sdn": {
        "name": "OFAC Specially Designated Nationals",
        "publisher": "US Treasury OFAC",
        "kind": ScreeningList.Kind.SANCTIONS,
    },
    "mof": {
        "name": "MOF Asset-Freeze List",
        "publisher": "Japan Ministry of Finance",
        "kind": ScreeningList.Kind.SANCTIONS,
    },
    "us-csl": {
        "name": "US Consolidated Screening List",
        "publisher": "US International Trade Administration",
        "kind": ScreeningList.Kind.SANCTIONS,
    },
    "meti-russia": {
        "name": "METI Russia/Belarus Specified Entities",
        "publisher": "METI",
        "kind": ScreeningList.Kind.SANCTIONS,
    },
}


class ListImportError(Exception):
    def __init__(self, problems: list[Any]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(str(p) for p in problems[:5]))


def screening_list_ensure(code: str) -> ScreeningList:
    if code not in LIST_DEFINITIONS:
        raise ValueError(f"unknown list {code!r}; known: {', '.join(sorted(LIST_DEFINITIONS))}")
    definition = LIST_DEFINITIONS[code]
    screening_list, _created = ScreeningList.objects.get_or_create(code=code, defaults=definition)
    return screening_list


def _checksum(path: Path) -> str:
    digest = hashlib.sha256()
    files = sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path]
    for file in files:
        digest.update(file.name.encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()


def list_version_create(
    *,
    code: str,
    result: ImportResult,
    source_name: str,
    sha256: str,
    published_on: dt.date | None = None,
    effective_from: dt.date | None = None,
    user: Any | None = None,
    diff_base: ListVersion | None = None,
) -> ListVersion:
    """Stores an importer's result as a new draft version with its entries; call inside a transaction."""
    version = ListVersion.objects.create(
        screening_list=screening_list_ensure(code),
        published_on=published_on,
        effective_from=effective_from,
        source_name=source_name[:300],
        sha256=sha256,
        entry_count=len(result.entries),
        problems=[str(p) for p in result.problems],
        loaded_by=user if user is not None and getattr(user, "is_authenticated", False) else None,
        diff_base=diff_base,
    )
    ListEntry.objects.bulk_create(
        (
            ListEntry(
                version=version,
                source_id=e.source_id,
                name=e.name[:500],
                aliases=e.aliases,
                native_names=e.native_names,
                country=e.country or "",
                country_text=(e.country_text or "")[:200],
                kind=e.kind,
                address=e.address,
                attributes=e.attributes,
            )
            for e in result.entries
        ),
        batch_size=2000,
    )
    return version


def list_version_import(
    *,
    source: str,
    path: Path,
    published_on: dt.date | None = None,
    effective_from: dt.date | None = None,
    activate: bool = False,
    strict: bool = False,
    user: Any | None = None,
) -> ListVersion:
    """Reads an official file into a new version.

    A file that cannot be read at all (wrong format, missing columns, no entries) loads nothing and
    raises ListImportError naming each problem. Row-level problems in an otherwise readable
    official file are kept on the version as warnings, unless strict, when they also reject it.
    """
    try:
        result: ImportResult = importers.parse(source, path)
    except ImportFormatError as exc:
        raise ListImportError(exc.problems) from exc
    if strict and result.problems:
        raise ListImportError(result.problems)
    if not result.entries:
        raise ListImportError(["the file holds no entries"])
    with transaction.atomic():
        version = list_version_create(
            code=source,
            result=result,
            source_name=path.name,
            sha256=_checksum(path),
            published_on=published_on,
            effective_from=effective_from,
            user=user,
        )
        audit_record(
            actor=user,
            verb="list_version_loaded",
            target=f"list_version:{version.pk}",
            payload={"list": source, "entries": version.entry_count, "sha256": version.sha256},
        )
        if activate:
            from enduser.services import activate_and_rescreen

            activate_and_rescreen(version=version, user=user)
    return version


def list_version_activate(*, version: ListVersion, user: Any | None) -> ListVersion:
    """Swaps the active version in one transaction: there is never a moment without one."""
    with transaction.atomic():
        previous = (
            ListVersion.objects.select_for_update()
            .filter(screening_list=version.screening_list, status=ListVersion.Status.ACTIVE)
            .exclude(pk=version.pk)
        )
        previous_ids = list(previous.values_list("pk", flat=True))
        previous.update(status=ListVersion.Status.SUPERSEDED)
        ListVersion.objects.filter(pk=version.pk).update(
            status=ListVersion.Status.ACTIVE,
            activated_at=timezone.now(),
            activated_by=user
            if user is not None and getattr(user, "is_authenticated", False)
            else None,
        )
        version.refresh_from_db()
        audit_record(
            actor=user,
            verb="list_version_activated",
            target=f"list_version:{version.pk}",
            payload={"list": version.screening_list.code, "superseded": previous_ids},
        )
    return version


# --- screening -----------------------------------------------------------------------------------


def _claim_for_screening(application_id: int) -> LicenceApplication | None:
    """Moves SUBMITTED -> SCREENING with a conditional update; a redelivered task may resume SCREENING."""
    from licensing.services import application_status_change

    with transaction.atomic():
        application = (
            LicenceApplication.objects.select_for_update().filter(pk=application_id).first()
        )
        if application is None:
            logger.warning("screen_application: application %s does not exist", application_id)
            return None
        if application.status == ApplicationStatus.SUBMITTED:
            application_status_change(
                application=application,
                to=ApplicationStatus.SCREENING,
                actor=None,
                reason="screening started",
            )
            return application
        if application.status == ApplicationStatus.SCREENING:
            return application  # a worker died mid-run; finish the job
        return None  # already screened: nothing to do


def application_screen(*, application_id: int) -> ScreeningRun | None:
    """Screens every party against every enabled list's active version; safe to run twice."""
    from licensing.services import application_status_change

    application = _claim_for_screening(application_id)
    if application is None:
        return ScreeningRun.objects.filter(
            application_id=application_id, reason="submission"
        ).first()
    loaded = current_index()
    config = engine_config()
    from screening.engine import ENGINE_VERSION

    parties = list(application.parties.select_related("country"))
    results = []
    problems: list[dict[str, Any]] = []
    if not loaded.versions:
        # Nothing to screen against is recorded, and the determination treats the case as incomplete.
        problems.append(
            {"party_id": None, "party_name": "", "problem": "no list has an active version"}
        )
    # one batch in this process: a name that cannot be screened (nothing to compare, or a fault
    # of the engine on it, which the engine logs) answers with why, and the party is recorded as
    # not screened, so the case goes to an officer marked incomplete
    rows = loaded.index.screen_batch([(p.name, p.country_id, None) for p in parties])
    for party, row in zip(parties, rows, strict=True):
        if isinstance(row, str):
            problems.append({"party_id": party.pk, "party_name": party.name, "problem": row})
        results.append((party, [] if isinstance(row, str) else row))
    entry_ids = {m.entry.key for _party, matches in results for m in matches}
    loaded_entries = ListEntry.objects.in_bulk(entry_ids)

    with transaction.atomic():
        # Two deliveries of this task may screen at the same time; the row lock lets one write and
        # the other find the work done (the unique constraint on the submission run backs this up).
        application = LicenceApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != ApplicationStatus.SCREENING:
            return ScreeningRun.objects.filter(
                application_id=application.pk, reason="submission"
            ).first()
        run, _created = ScreeningRun.objects.get_or_create(
            application=application,
            reason="submission",
            defaults={
                "engine_version": ENGINE_VERSION,
                "alert_threshold": config.alert_threshold,
                "review_threshold": config.review_threshold,
            },
        )
        run.list_versions.set(loaded.versions)
        hits = [
            _hit_with_memory(run, party, match, loaded_entries)
            for party, matches in results
            for match in matches
        ]
        # Upsert on (run, party, entry): a second run of the task writes nothing new.
        ScreeningHit.objects.bulk_create(hits, ignore_conflicts=True)
        run.status = ScreeningRun.Status.COMPLETED
        run.finished_at = timezone.now()
        run.parties_screened = (
            len(parties) - sum(1 for p in problems if p["party_id"]) if loaded.versions else 0
        )
        run.problems = problems
        run.engine_version = ENGINE_VERSION
        run.save()
        if application.status == ApplicationStatus.SCREENING:
            audit_record(
                actor=None,
                verb="screening_completed",
                application=application,
                target=f"screening_run:{run.pk}",
                payload={
                    "parties": len(parties),
                    "hits": len(hits),
                    "alerts": sum(h.alert for h in hits),
                    "list_versions": [v.label for v in loaded.versions],
                    "engine_version": ENGINE_VERSION,
                },
            )
            application_status_change(
                application=application,
                to=ApplicationStatus.UNDER_REVIEW,
                actor=None,
                reason="screening completed",
            )
            # Routed only now that screening has finished, in the same transaction.
            from licensing.services import case_route

            case_route(application=application)
    return run


def names_screen(
    *,
    queries: list[dict[str, Any]],
    codes: list[str] | None = None,
    processes: ScreeningProcesses | None = None,
) -> list[dict[str, Any]]:
    """Screens a batch of names now; each query answers with its hits or an error, never a crash.

    `processes` (from the index's processes(), for command-line batches, not inside a server)
    screen the batch beside this process."""
    loaded = current_index(codes)
    problems = [_query_problem(query) for query in queries]
    rows = iter(
        loaded.index.screen_batch(
            [
                (query["name"], _country_code(query.get("country")), query.get("kind") or None)
                for query, problem in zip(queries, problems, strict=True)
                if not problem
            ],
            processes=processes,
        )
    )
    out: list[dict[str, Any]] = []
    for query, problem in zip(queries, problems, strict=True):
        row = problem or next(rows)  # a str says why the name could not be screened
        if isinstance(row, str):
            out.append({"id": query.get("id"), "error": row, "hits": []})
        else:
            out.append({"id": query.get("id"), "hits": [match_as_dict(m) for m in row]})
    return out


# the kinds a name to screen may say it is (ARCHITECTURE.md); the check API offers the same
QUERY_KINDS = ("organisation", "person")


def _query_problem(query: dict[str, Any]) -> str:
    """Why a query cannot be screened as it is written, or "" (ARCHITECTURE.md: a name, a
    country as an ISO 3166 two-letter code or null, a kind "organisation", "person" or null)."""
    name = query.get("name")
    if name is None:
        return "name is missing"
    if not isinstance(name, str):
        return "name must be a string"
    if not name.isascii():
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:  # "\ud800" in JSON: no character at all
            return "name is not text: it holds a lone surrogate code point"
    country = query.get("country")
    if country not in (None, "") and _country_code(country) is None:
        return f"country must be a two-letter ISO 3166 code such as IR, or null (not {country!r})"
    kind = query.get("kind")
    if kind not in (None, "", *QUERY_KINDS):
        return f"kind must be organisation, person or null (not {kind!r})"
    return ""


def _country_code(country: Any) -> str | None:
    """IR for "IR" or "ir"; None for anything else."""
    if isinstance(country, str) and len(country) == 2 and country.isascii() and country.isalpha():
        return country.upper()
    return None


def match_as_dict(match: Any) -> dict[str, Any]:
    return {
        "list": match.entry.list_code,
        "source_id": match.entry.source_id,
        "entry_name": match.entry.name,
        "matched_name": match.matched_name,
        "score": round(float(match.score), 4),
        "alert": bool(match.alert),
        "band": match.band,
        "explanation": match.explanation,
    }


# --- good-guy memory and dispositions ------------------------------------------------------------


def party_key(name: str, country: str | None) -> str:
    """A party's identity for the good-guy memory: its name's words and its country."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", name).casefold())
    return f"{' '.join(words)}|{(country or '').upper()}"


def entry_fingerprint(entry: ListEntry) -> str:
    """Changes whenever the entry's names, country or list attributes change."""
    content = json.dumps(
        {
            "name": entry.name,
            "aliases": sorted(entry.aliases or []),
            "native": sorted(entry.native_names or []),
            "country": entry.country,
            "attributes": {k: v for k, v in (entry.attributes or {}).items() if k not in ("row",)},
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(content.encode()).hexdigest()


def _hit_with_memory(
    run: ScreeningRun, party: Any, match: Any, entries: dict[int, ListEntry]
) -> ScreeningHit:
    hit = ScreeningHit(
        run=run,
        party=party,
        entry_id=match.entry.key,
        matched_name=match.matched_name[:500],
        score=match.score,
        alert=match.alert,
        explanation=match.explanation,
    )
    entry = entries.get(match.entry.key)
    if entry is None:
        return hit
    cleared = (
        ClearedPair.objects.select_related("cleared_by", "countersigned_by")
        .filter(
            party_key=party_key(party.name, party.country_id),
            list_code=match.entry.list_code,
            source_id=entry.source_id,
            entry_fingerprint=entry_fingerprint(entry),
        )
        .first()
    )
    if cleared is not None:
        # Cleared before for this very entry: keep the hit for the record but do not alert on it.
        hit.alert = False
        hit.disposition = ScreeningHit.Disposition.FALSE_POSITIVE
        hit.cleared_before = cleared
        hit.reason = f"cleared before by {cleared.cleared_by} on {cleared.cleared_at:%Y-%m-%d}: {cleared.reason}"
        hit.explanation = {
            **match.explanation,
            "cleared_before": {
                "by": str(cleared.cleared_by),
                "countersigned_by": str(cleared.countersigned_by),
                "at": cleared.cleared_at.isoformat(),
                "reason": cleared.reason,
            },
        }
    return hit


def hit_disposition_set(*, user: Any, hit_id: int, disposition: str, reason: str) -> ScreeningHit:
    """An officer confirms a hit, or proposes clearing it as a false positive (needs a countersignature)."""
    from licensing.models import Role
    from licensing.selectors import user_has_role
    from licensing.services import case_route

    if not user_has_role(user, Role.OFFICER, Role.SENIOR_OFFICER):
        raise PermissionDenied(_("Only officers can set hit dispositions."))
    if disposition not in (
        ScreeningHit.Disposition.CONFIRMED,
        ScreeningHit.Disposition.FALSE_POSITIVE,
    ):
        raise InputErrors({"disposition": [_("Choose confirmed or false_positive.")]})
    reason = (reason or "").strip()
    if not reason:
        raise InputErrors({"reason": [_("Give the reason for this disposition.")]})
    with transaction.atomic():
        hit = (
            ScreeningHit.objects.select_for_update()
            .select_related("run__application")
            .get(pk=hit_id)
        )
        application = hit.run.application
        if application.status not in (
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.INFORMATION_REQUESTED,
        ):
            raise ConflictError(
                _("Application %(ref)s is %(status)s: hits can no longer change.")
                % {"ref": application.reference, "status": application.get_status_display()}
            )
        if hit.disposition != ScreeningHit.Disposition.PENDING:
            raise ConflictError(_("This hit has already been decided."))
        now = timezone.now()
        hit.reason, hit.decided_by, hit.decided_at = reason, user, now
        if disposition == ScreeningHit.Disposition.CONFIRMED:
            hit.disposition, hit.proposed = disposition, ""
        else:
            hit.proposed = disposition  # takes effect on countersignature
        hit.save(update_fields=["disposition", "proposed", "reason", "decided_by", "decided_at"])
        audit_record(
            actor=user,
            verb="hit_disposition_set",
            application=application,
            target=f"hit:{hit.pk}",
            payload={
                "disposition": disposition,
                "reason": reason,
                "awaiting_countersignature": disposition == ScreeningHit.Disposition.FALSE_POSITIVE,
            },
        )
        case_route(application=application, actor=user, reason="hit disposition")
    return hit


def hit_countersign(*, user: Any, hit_id: int) -> ScreeningHit:
    """A senior officer, not the one who proposed it, makes a false-positive clearance effective."""
    from licensing.models import Role
    from licensing.selectors import user_has_role
    from licensing.services import case_route

    if not user_has_role(user, Role.SENIOR_OFFICER):
        raise PermissionDenied(_("Only a senior officer can countersign a clearance."))
    with transaction.atomic():
        hit = (
            ScreeningHit.objects.select_for_update()
            .select_related("run__application", "party", "entry__version__screening_list")
            .get(pk=hit_id)
        )
        if (
            hit.proposed != ScreeningHit.Disposition.FALSE_POSITIVE
            or hit.disposition != ScreeningHit.Disposition.PENDING
        ):
            raise ConflictError(_("There is no clearance awaiting a countersignature on this hit."))
        if hit.decided_by_id == user.pk:
            raise PermissionDenied(
                _("You proposed this clearance; another senior officer must countersign it.")
            )
        application = hit.run.application
        if application.status not in (
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.INFORMATION_REQUESTED,
        ):
            raise ConflictError(
                _("Application %(ref)s is %(status)s: hits can no longer change.")
                % {"ref": application.reference, "status": application.get_status_display()}
            )
        proposer = hit.decided_by
        assert proposer is not None  # a proposal always records who made it
        now = timezone.now()
        hit.disposition, hit.proposed = ScreeningHit.Disposition.FALSE_POSITIVE, ""
        hit.countersigned_by, hit.countersigned_at = user, now
        hit.save(update_fields=["disposition", "proposed", "countersigned_by", "countersigned_at"])
        ClearedPair.objects.get_or_create(
            party_key=party_key(hit.party.name, hit.party.country_id),
            list_code=hit.entry.version.screening_list.code,
            source_id=hit.entry.source_id,
            entry_fingerprint=entry_fingerprint(hit.entry),
            defaults={
                "hit": hit,
                "reason": hit.reason,
                "cleared_by": proposer,
                "countersigned_by": user,
            },
        )
        audit_record(
            actor=user,
            verb="hit_clearance_countersigned",
            application=application,
            target=f"hit:{hit.pk}",
            payload={"proposed_by": hit.decided_by_id, "reason": hit.reason},
        )
        case_route(application=application, actor=user, reason="hit cleared")
    return hit


def stuck_work_resend() -> dict[str, int]:
    """Re-sends screening and re-screening that has waited past its deadline (lost message, dead
    worker, broker down at submission). Safe because both tasks are idempotent."""
    from django.conf import settings

    from enduser.models import RescreenJob
    from screening.tasks import rescreen_changes, screen_application

    deadline = timezone.now() - dt.timedelta(seconds=settings.SCREENING_STUCK_AFTER_SECONDS)
    stuck = list(
        LicenceApplication.objects.filter(
            status__in=[ApplicationStatus.SUBMITTED, ApplicationStatus.SCREENING],
            updated_at__lt=deadline,
        ).values_list("pk", flat=True)
    )
    # Restart each one's clock so that a long queue backlog is not re-sent on every sweep.
    LicenceApplication.objects.filter(pk__in=stuck).update(updated_at=timezone.now())
    for application_id in stuck:
        screen_application.delay(application_id)
    jobs = list(
        RescreenJob.objects.filter(
            status__in=[RescreenJob.Status.QUEUED, RescreenJob.Status.RUNNING],
            created_at__lt=deadline,
        ).values_list("old_version_id", "new_version_id")
    )
    for old_id, new_id in jobs:
        rescreen_changes.delay(old_id, new_id)
    if stuck or jobs:
        logger.warning(
            "sweeper re-sent %d application(s) and %d re-screening job(s)", len(stuck), len(jobs)
        )
    return {"applications": len(stuck), "rescreen_jobs": len(jobs)}
