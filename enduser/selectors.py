"""Reads for list administration: versions with their diff, re-screening jobs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from enduser.diff import name_key
from enduser.models import RescreenJob
from screening.models import ListVersion, ScreeningList


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


# --- pages -----------------------------------------------------------------------------------------

DIFF_PAGE_SIZE = 100
DIFF_GROUPS = ("added", "removed", "changed")
# Changed fields whose values are lists: shown item by item, the items that came or went marked.
LIST_FIELDS = ("aliases", "native_names", "concern_types")


def lists_with_versions_for_admin() -> QuerySet[ScreeningList]:
    """Every list with its versions (newest first) and the people who loaded, approved, activated them."""
    versions = (
        ListVersion.objects.select_related("loaded_by", "approved_by", "activated_by")
        .defer("diff", "problems")  # a diff can hold thousands of entries; the table needs none
        .order_by("-loaded_at", "-id")
    )
    return ScreeningList.objects.prefetch_related(Prefetch("versions", queryset=versions)).order_by(
        "code"
    )


def screening_list_named(code: str) -> ScreeningList | None:
    return ScreeningList.objects.filter(code=code).first()


def rollback_target(code: str) -> ListVersion | None:
    """The version list_version_rollback would make active again (the latest superseded one)."""
    return (
        ListVersion.objects.filter(screening_list__code=code, status=ListVersion.Status.SUPERSEDED)
        .order_by("-activated_at", "-id")
        .first()
    )


@dataclass
class DiffGroup:
    key: str  # "added", "removed" or "changed"
    total: int  # entries in the group before the name filter
    page: Page[dict[str, Any]]

    @property
    def shown(self) -> int:
        return self.page.paginator.count


def _item_matches(item: dict[str, Any], needle: str) -> bool:
    names = [
        item.get("name") or "",
        *(item.get("aliases") or []),
        *(item.get("native_names") or []),
    ]
    return any(needle in name_key(n) for n in names)


def _list_change(field: str, before: list[str], after: list[str]) -> dict[str, Any]:
    def key(value: str) -> str:
        return value if field == "concern_types" else name_key(value)

    before_keys = {key(v) for v in before}
    after_keys = {key(v) for v in after}
    return {
        "field": field,
        "is_list": True,
        "before": [{"value": v, "gone": key(v) not in after_keys} for v in before],
        "after": [{"value": v, "new": key(v) not in before_keys} for v in after],
    }


def changed_entry_rows(item: dict[str, Any]) -> dict[str, Any]:
    """One changed entry, each changed field with its before and after, list items marked."""
    fields = []
    for field, change in (item.get("fields") or {}).items():
        before, after = change.get("before"), change.get("after")
        if field in LIST_FIELDS:
            fields.append(_list_change(field, list(before or []), list(after or [])))
        else:
            fields.append({"field": field, "is_list": False, "before": before, "after": after})
    return {"before": item["before"], "after": item["after"], "fields": fields}


def diff_groups(version: ListVersion, *, pages: dict[str, Any], query: str = "") -> list[DiffGroup]:
    """The added, removed and changed entries of a version's diff, each paged on its own."""
    diff = version.diff or {}
    needle = name_key(query)
    groups = []
    for key in DIFF_GROUPS:
        items: list[dict[str, Any]] = list(diff.get(f"{key}_entries") or [])
        total = len(items)
        if needle:
            if key == "changed":
                items = [
                    c
                    for c in items
                    if _item_matches(c["before"], needle) or _item_matches(c["after"], needle)
                ]
            else:
                items = [e for e in items if _item_matches(e, needle)]
        if key == "changed":
            items = [changed_entry_rows(c) for c in items]
        page = Paginator(items, DIFF_PAGE_SIZE).get_page(pages.get(key))
        groups.append(DiffGroup(key=key, total=total, page=page))
    return groups


def _hits_merged(
    application_id: int, hits: list[dict[str, Any]], roles: dict[tuple[int, str], list[str]]
) -> list[dict[str, Any]]:
    """One row per party name and entry (a consignee who is also the end user is one name), with
    the roles that name plays in the application."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for hit in hits:
        key = (hit.get("party"), hit.get("source_id"), hit.get("entry"), hit.get("note"))
        if key in merged:
            row = merged[key]
            row["score"] = max(row.get("score") or 0, hit.get("score") or 0)
            row["alert"] = row.get("alert") or hit.get("alert")
        else:
            merged[key] = {**hit, "roles": roles.get((application_id, hit.get("party") or ""), [])}
    return list(merged.values())


def impact_report(job: RescreenJob) -> list[dict[str, Any]]:
    """The job's impact, one item per application, with the address of its case page and the
    roles of the parties named."""
    from licensing.models import Party, ReviewQueue

    items = job.impact or []
    queues = {q.code: q.display_name for q in ReviewQueue.objects.all()}
    roles: dict[tuple[int, str], list[str]] = {}
    parties = Party.objects.filter(application_id__in=[i["application_id"] for i in items])
    for party in parties.only("application_id", "name", "role").order_by("id"):
        named = roles.setdefault((party.application_id, party.name), [])
        label = str(party.get_role_display())
        if label not in named:
            named.append(label)
    return [
        {
            **item,
            "gained": _hits_merged(item["application_id"], item.get("gained") or [], roles),
            "lost": _hits_merged(item["application_id"], item.get("lost") or [], roles),
            "case_url": f"/cases/{item['case_id']}/" if item.get("case_id") else None,
            "queue_name": queues.get(item.get("queue") or "", item.get("queue") or ""),
        }
        for item in items
    ]


def impact_totals(job: RescreenJob) -> dict[str, int]:
    items = job.impact or []
    return {
        "applications": len(items),
        "gained": sum(len(i.get("gained") or []) for i in items),
        "lost": sum(len(i.get("lost") or []) for i in items),
        "flagged": sum(1 for i in items if i.get("review_flag")),
    }


def uploadable_list_name(code: str) -> str | None:
    """The name of a list revisions can be uploaded for, whether or not it has a version yet."""
    from screening import importers
    from screening.services import LIST_DEFINITIONS

    if code not in importers.SOURCES:
        return None
    existing = screening_list_named(code)
    return existing.name if existing else str(LIST_DEFINITIONS[code]["name"])


def lists_not_loaded() -> list[tuple[str, str]]:
    """(code, name) of the lists revisions can be uploaded for that have no version at all yet."""
    from screening import importers
    from screening.services import LIST_DEFINITIONS

    present = set(ScreeningList.objects.values_list("code", flat=True))
    return [
        (code, str(LIST_DEFINITIONS[code]["name"]))
        for code in importers.SOURCES
        if code not in present
    ]
