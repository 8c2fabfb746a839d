"""List administrator's pages: the list store, revision upload, a version with its diff and the
four-eyes actions, rollback, re-screening progress and impact. Officers may look; nobody else."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enduser import selectors, services
from enduser.forms import RevisionUploadForm
from enduser.models import RescreenJob
from licensing.models import Role
from licensing.selectors import user_has_role
from screening.models import ListVersion
from tradecontrol.errors import ConflictError, InputErrors

VIEWERS = (Role.LIST_ADMIN, Role.OFFICER, Role.SENIOR_OFFICER)


def _require_viewer(request: HttpRequest) -> None:
    # 404, not 403: to an exporter these pages do not exist.
    if not user_has_role(request.user, *VIEWERS):
        raise Http404


def _require_list_admin(request: HttpRequest) -> None:
    if not user_has_role(request.user, Role.LIST_ADMIN):
        raise Http404


def _is_list_admin(request: HttpRequest) -> bool:
    return user_has_role(request.user, Role.LIST_ADMIN)


@login_required
def list_store(request: HttpRequest) -> HttpResponse:
    _require_viewer(request)
    is_list_admin = _is_list_admin(request)
    return render(
        request,
        "enduser/list_store.html",
        {
            "lists": selectors.lists_with_versions_for_admin(),
            "not_loaded": selectors.lists_not_loaded() if is_list_admin else [],
            "is_list_admin": is_list_admin,
        },
    )


@login_required
def revision_upload(request: HttpRequest, code: str) -> HttpResponse:
    _require_list_admin(request)
    list_name = selectors.uploadable_list_name(code)
    if list_name is None:
        raise Http404
    form = RevisionUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version = services.list_revision_upload(
                user=request.user,
                code=code,
                filename=upload.name or "upload",
                data=upload.read(),
                published_on=form.cleaned_data["published_on"],
                effective_from=form.cleaned_data["effective_from"],
                confirm_shrink=form.cleaned_data["confirm_shrink"],
            )
        except InputErrors as exc:
            form.add_service_errors(exc)
        else:
            counts = version.diff or {}
            messages.success(
                request,
                _(
                    "Loaded as draft #%(id)s: %(added)s added, %(removed)s removed, %(changed)s "
                    "changed. Review the differences, then approve."
                )
                % {
                    "id": version.pk,
                    "added": counts.get("added", 0),
                    "removed": counts.get("removed", 0),
                    "changed": counts.get("changed", 0),
                },
            )
            return redirect("listadmin-version", code=code, pk=version.pk)
    return render(
        request,
        "enduser/upload.html",
        {
            "form": form,
            "code": code,
            "list_name": list_name,
            "active": services.active_version_of(code),
        },
    )


def _version_context(request: HttpRequest, version: ListVersion) -> dict[str, Any]:
    code = version.screening_list.code
    query = request.GET.get("q", "").strip()
    job = selectors.latest_job_for(version)
    today = timezone.localdate()
    return {
        "version": version,
        "code": code,
        "counts": {
            key: (version.diff or {}).get(key, 0)
            for key in ("added", "removed", "changed", "unchanged")
        },
        "has_diff": bool(version.diff),
        "groups": _diff_groups_paged(request, version, query),
        "query": query,
        "job": job,
        **_job_context(job),
        "is_list_admin": _is_list_admin(request),
        "is_draft": version.status == ListVersion.Status.DRAFT,
        "is_active": version.status == ListVersion.Status.ACTIVE,
        "approved_by_me": version.approved_by_id == request.user.pk,
        "takes_effect_later": bool(version.effective_from and version.effective_from > today),
        "rollback_to": (
            selectors.rollback_target(code) if version.status == ListVersion.Status.ACTIVE else None
        ),
    }


def _diff_groups_paged(
    request: HttpRequest, version: ListVersion, query: str
) -> list[dict[str, Any]]:
    """The diff groups with the addresses of their previous and next pages (other groups' pages kept)."""
    param = {key: f"{key}_page" for key in selectors.DIFF_GROUPS}
    groups = selectors.diff_groups(
        version, pages={key: request.GET.get(name) for key, name in param.items()}, query=query
    )

    def page_url(key: str, number: int) -> str:
        params = request.GET.copy()
        params[param[key]] = str(number)
        return f"?{params.urlencode()}#{key}"

    out = []
    for group in groups:
        page = group.page
        out.append(
            {
                "key": group.key,
                "total": group.total,
                "shown": group.shown,
                "page": page,
                "prev_url": page_url(group.key, page.number - 1) if page.has_previous() else None,
                "next_url": page_url(group.key, page.number + 1) if page.has_next() else None,
                # Long groups start folded, unless the reader is paging or filtering through them.
                "open": group.shown <= selectors.DIFF_PAGE_SIZE
                or bool(query)
                or param[group.key] in request.GET,
            }
        )
    return out


def _job_context(job: RescreenJob | None) -> dict[str, Any]:
    finished = job is not None and job.status == RescreenJob.Status.COMPLETED
    return {
        "job_running": job is not None
        and job.status in (RescreenJob.Status.QUEUED, RescreenJob.Status.RUNNING),
        "impact": selectors.impact_report(job) if job is not None and finished else None,
        "impact_totals": selectors.impact_totals(job) if job is not None and finished else None,
    }


@login_required
def version_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require_viewer(request)
    version = selectors.version_get(code, pk)
    return render(request, "enduser/version_detail.html", _version_context(request, version))


@login_required
def version_file(request: HttpRequest, code: str, pk: int) -> FileResponse:
    _require_viewer(request)
    version = selectors.version_get(code, pk)
    if not version.source_file:
        raise Http404
    try:
        handle = version.source_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=version.source_name)


@login_required
@require_POST
def version_approve(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Approve (the first list administrator) or activate (a second one); the service decides which."""
    _require_list_admin(request)
    version = selectors.version_get(code, pk)
    try:
        version = services.list_version_approve(user=request.user, version_id=version.pk)
    except (PermissionDenied, ConflictError) as exc:
        messages.error(request, str(exc) or _("You may not do this."))
    else:
        if version.status == ListVersion.Status.ACTIVE:
            messages.success(
                request,
                _(
                    "Version #%(id)s is now the active version; stored parties are re-screened "
                    "against what changed."
                )
                % {"id": version.pk},
            )
        elif version.scheduled_for:
            messages.success(
                request,
                _("Version #%(id)s will become active on %(date)s.")
                % {"id": version.pk, "date": date_format(version.scheduled_for, "Y-m-d")},
            )
        else:
            messages.success(
                request,
                _("Approved. A second list administrator must now activate version #%(id)s.")
                % {"id": version.pk},
            )
    return redirect("listadmin-version", code=code, pk=pk)


@login_required
@require_POST
def list_rollback(request: HttpRequest, code: str) -> HttpResponse:
    _require_list_admin(request)
    active = services.active_version_of(code)
    if active is None:
        raise Http404
    # The button names the version it rolls back from; if another administrator changed the
    # active version meanwhile, nothing happens and the page says so.
    if request.POST.get("from_version") != str(active.pk):
        messages.error(
            request,
            _("The active version changed since the page was opened; nothing was rolled back."),
        )
        return redirect("listadmin-version", code=code, pk=active.pk)
    try:
        version = services.list_version_rollback(user=request.user, code=code)
    except (PermissionDenied, ConflictError) as exc:
        messages.error(request, str(exc) or _("You may not do this."))
        return redirect("listadmin-version", code=code, pk=active.pk)
    messages.success(
        request,
        _(
            "Rolled back: version #%(id)s is active again and stored parties are re-screened "
            "against what changed."
        )
        % {"id": version.pk},
    )
    return redirect("listadmin-version", code=code, pk=version.pk)


@login_required
def rescreen_job(request: HttpRequest, pk: int) -> HttpResponse:
    _require_viewer(request)
    job = selectors.job_get(pk)
    return render(
        request,
        "enduser/rescreen_job.html",
        {"job": job, "full_report": True, **_job_context(job)},
    )
