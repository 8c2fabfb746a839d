"""Reads for the list store and screening results."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, QuerySet

from screening.models import ListEntry, ListVersion, ScreeningHit, ScreeningList, ScreeningRun


def active_versions(codes: list[str] | None = None) -> QuerySet[ListVersion]:
    """The active version of every enabled list (or of the lists named)."""
    qs = ListVersion.objects.select_related("screening_list").filter(
        status=ListVersion.Status.ACTIVE, screening_list__enabled=True
    )
    if codes:
        qs = qs.filter(screening_list__code__in=codes)
    return qs.order_by("screening_list__code")


def lists_with_versions() -> QuerySet[ScreeningList]:
    return ScreeningList.objects.prefetch_related(
        Prefetch("versions", queryset=ListVersion.objects.order_by("-loaded_at", "-id"))
    ).order_by("code")


def entries_of_versions(version_ids: list[int]) -> QuerySet[ListEntry]:
    return ListEntry.objects.filter(version_id__in=version_ids).only(
        "id", "version_id", "source_id", "name", "aliases", "native_names", "country", "kind"
    )


def latest_run(application_id: int) -> ScreeningRun | None:
    return (
        ScreeningRun.objects.filter(application_id=application_id)
        .prefetch_related("list_versions__screening_list")
        .annotate(hit_count=Count("hits"))
        .order_by("-started_at", "-id")
        .first()
    )


def hits_for_run(run: ScreeningRun) -> QuerySet[ScreeningHit]:
    return run.hits.select_related("entry__version__screening_list", "party")


def screening_summary_for_application(application: Any) -> dict[str, Any] | None:
    run = latest_run(application.pk)
    if run is None:
        return None
    hits = list(hits_for_run(run))
    return {
        "run_id": run.pk,
        "status": run.status,
        "engine_version": run.engine_version,
        "alert_threshold": run.alert_threshold,
        "list_versions": [v.label for v in run.list_versions.all()],
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "parties_screened": run.parties_screened,
        "problems": run.problems,
        "alerts": sum(1 for h in hits if h.alert),
        "hits": [hit_as_dict(h) for h in hits],
    }


def hit_as_dict(hit: ScreeningHit) -> dict[str, Any]:
    entry = hit.entry
    return {
        "id": hit.pk,
        "party_id": hit.party_id,
        "party_name": hit.party.name,
        "list": entry.version.screening_list.code,
        "list_version": entry.version.label,
        "source_id": entry.source_id,
        "entry_name": entry.name,
        "matched_name": hit.matched_name,
        "score": round(hit.score, 4),
        "alert": hit.alert,
        "disposition": hit.disposition,
        "explanation": hit.explanation,
        "entry_attributes": entry.attributes,
    }


def effective_hits_for_application(application_id: int) -> QuerySet[ScreeningHit]:
    """The open hits of every screening run of the application (submission and re-screenings)."""
    return ScreeningHit.objects.filter(
        run__application_id=application_id, closed_note=""
    ).select_related(
        "party",
        "entry__version__screening_list",
        "decided_by",
        "countersigned_by",
        "cleared_before__cleared_by",
        "cleared_before__countersigned_by",
    )
