"""Officer pages: queues, a queue's cases, the case page with its actions, licences, dashboard.

Thin views: they read through licensing.selectors and write through one service each. Anyone who
is not an officer gets 404 from every officer page, so existence does not leak.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from licensing import selectors, services
from licensing.forms import (
    DECISION_FORMS,
    CaseFilterForm,
    HitDispositionForm,
    add_service_errors,
)
from licensing.models import Role
from screening import services as screening_services
from tradecontrol.errors import ConflictError, InputErrors

CASES_PER_PAGE = 50

View = Callable[..., HttpResponse]


def officer_required(view: View) -> View:
    """Logged in, and an officer or senior officer; everyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not selectors.user_has_role(request.user, Role.OFFICER, Role.SENIOR_OFFICER):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


@officer_required
@require_GET
def queue_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "licensing/review/queue_list.html", {"queues": selectors.queues_overview()}
    )


@officer_required
@require_GET
def queue_detail(request: HttpRequest, code: str) -> HttpResponse:
    queue = selectors.queue_get(code)
    form = CaseFilterForm(request.GET or None, destinations=selectors.queue_destinations(queue))
    cases = selectors.cases_for_queue(request.user, queue, **form.filters())
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    return render(
        request,
        "licensing/review/queue_detail.html",
        {"queue": queue, "form": form, "page": page, "filter_query": keep.urlencode()},
    )


def _render_case(
    request: HttpRequest,
    case_id: int,
    *,
    status: int = 200,
    hit_forms: dict[int, forms.Form] | None = None,
    decision_forms: dict[str, forms.Form] | None = None,
) -> HttpResponse:
    review = selectors.case_review(request.user, case_id)
    # A form the officer just submitted with errors replaces the blank one, so what they typed
    # stays beside the messages.
    hit_forms = hit_forms or {}
    for item in review.hits:
        pk = item.hit.pk
        item.form = hit_forms[pk] if pk in hit_forms else HitDispositionForm(prefix=f"hit-{pk}")
    forms_by_kind = {
        kind: form_class(prefix=kind) for kind, form_class in DECISION_FORMS.items()
    } | (decision_forms or {})
    return render(
        request,
        "licensing/review/case_detail.html",
        {
            "review": review,
            "case": review.case,
            "application": review.application,
            "decision_forms": forms_by_kind,
            "is_senior": selectors.user_has_role(request.user, Role.SENIOR_OFFICER),
        },
        status=status,
    )


@officer_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, pk)


@officer_required
@require_POST
def case_assign(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    try:
        services.case_assign(user=request.user, case_id=case.pk)
    except (ConflictError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("You may not do this."))
    else:
        messages.success(request, _("The case is assigned to you."))
    return redirect("review-case", pk=case.pk)


@officer_required
@require_POST
def case_decide(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_get(request.user, pk)
    kind = request.POST.get("decision", "")
    form_class = DECISION_FORMS.get(kind)
    if form_class is None:
        messages.error(request, _("Choose approve, refuse or request information."))
        return redirect("review-case", pk=case.pk)
    form = form_class(request.POST, prefix=kind)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_decide(
                user=request.user,
                case_id=case.pk,
                decision=kind,
                reasons=data.get("reasons") or data.get("message") or "",
                valid_until=data.get("valid_until"),
                conditions=data.get("conditions") or "",
            )
        except InputErrors as exc:
            add_service_errors(form, exc)
        except (ConflictError, PermissionDenied) as exc:
            messages.error(request, str(exc) or _("You may not do this."))
            return _render_case(request, case.pk, status=409, decision_forms={kind: form})
        else:
            messages.success(request, _DECIDED[kind])
            return redirect("review-case", pk=case.pk)
    return _render_case(request, case.pk, status=400, decision_forms={kind: form})


_DECIDED = {
    "approve": gettext_lazy("Approved: the licence has been issued."),
    "refuse": gettext_lazy("Refused: the exporter has been told the reasons."),
    "request_information": gettext_lazy("Information requested: the review clock is paused."),
    "no_licence_required": gettext_lazy("Closed: no licence is required for this export."),
}


def _hit_of_case(request: HttpRequest, pk: int, hit_id: int) -> Any:
    case = selectors.case_get(request.user, pk)
    if not selectors.case_has_hit(case, hit_id):
        raise Http404
    return case


@officer_required
@require_POST
def hit_disposition(request: HttpRequest, pk: int, hit_id: int) -> HttpResponse:
    case = _hit_of_case(request, pk, hit_id)
    form = HitDispositionForm(request.POST, prefix=f"hit-{hit_id}")
    if form.is_valid():
        try:
            screening_services.hit_disposition_set(
                user=request.user,
                hit_id=hit_id,
                disposition=form.cleaned_data["disposition"],
                reason=form.cleaned_data["reason"],
            )
        except InputErrors as exc:
            add_service_errors(form, exc)
        except (ConflictError, PermissionDenied) as exc:
            messages.error(request, str(exc) or _("You may not do this."))
            return redirect("review-case", pk=case.pk)
        else:
            if form.cleaned_data["disposition"] == "confirmed":
                messages.success(request, _("Hit confirmed."))
            else:
                messages.success(
                    request,
                    _("Clearance proposed: another senior officer must countersign it."),
                )
            return redirect(f"{_case_url(case.pk)}#hit-{hit_id}")
    return _render_case(request, case.pk, status=400, hit_forms={hit_id: form})


@officer_required
@require_POST
def hit_countersign(request: HttpRequest, pk: int, hit_id: int) -> HttpResponse:
    case = _hit_of_case(request, pk, hit_id)
    try:
        screening_services.hit_countersign(user=request.user, hit_id=hit_id)
    except (ConflictError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("You may not do this."))
    else:
        messages.success(request, _("Clearance countersigned: the hit is a false positive."))
    return redirect(f"{_case_url(case.pk)}#hit-{hit_id}")


def _case_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("review-case", kwargs={"pk": pk})


@login_required
@require_GET
def licence_detail(request: HttpRequest, number: str) -> HttpResponse:
    """The printable licence: for officers and for the exporter that holds it (others 404)."""
    licence = selectors.licence_get(request.user, number)
    return render(request, "licensing/review/licence.html", {"licence": licence})


@officer_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "licensing/review/dashboard.html",
        {"figures": selectors.officer_dashboard_figures()},
    )
