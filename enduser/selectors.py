"""Reads for list administration: versions with their diff, re-screening jobs."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from enduser.models import RescreenJob
from screening.models import ListVersion


def version_get(code: str, pk: int) -> ListVersion:
    version = (
        ListVersion.objects.select_related(
            "screening_list", "loaded_by", "approved_by", "activated_by", "diff_base"
        )
        .filter(screening_list__code=code, pk=pk)
        .first()
    )
    if version is None:
        raise Http404("No such list version.")
    return version


def latest_job_for(version: ListVersion) -> RescreenJob | None:
    return RescreenJob.objects.filter(new_version=version).order_by("-created_at", "-id").first()


def version_detail(version: ListVersion, *, include_entries: bool) -> dict[str, Any]:
    diff = version.diff or {}
    job = latest_job_for(version)
    body: dict[str, Any] = {
        "id": version.pk,
        "list": version.screening_list.code,
        "status": version.status,
        "published_on": version.published_on,
        "effective_from": version.effective_from,
        "source_name": version.source_name,
        "sha256": version.sha256,
        "entry_count": version.entry_count,
        "warnings": version.problems,
        "loaded_by": version.loaded_by.username if version.loaded_by else None,
        "loaded_at": version.loaded_at,
        "approved_by": version.approved_by.username if version.approved_by else None,
        "approved_at": version.approved_at,
        "activated_by": version.activated_by.username if version.activated_by else None,
        "activated_at": version.activated_at,
        "scheduled_for": version.scheduled_for,
        "diff_base": version.diff_base_id,
        "diff": {k: diff.get(k, 0) for k in ("added", "removed", "changed", "unchanged")},
        "rescreen_job": job_detail(job) if job else None,
    }
    if include_entries:
        body["diff_entries"] = {
            "added": diff.get("added_entries", []),
            "removed": diff.get("removed_entries", []),
            "changed": diff.get("changed_entries", []),
        }
    return body


def job_get(pk: int) -> RescreenJob:
    job = RescreenJob.objects.select_related("new_version__screening_list").filter(pk=pk).first()
    if job is None:
        raise Http404("No such job.")
    return job


def job_detail(job: RescreenJob) -> dict[str, Any]:
    return {
        "id": job.pk,
        "status": job.status,
        "old_version": job.old_version_id,
        "new_version": job.new_version_id,
        "entries_screened": job.entries_screened,
        "parties_total": job.parties_total,
        "parties_done": job.parties_done,
        "percent": job.percent,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
        "impact": job.impact,
    }
