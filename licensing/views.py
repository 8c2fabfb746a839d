"""Exporter pages: dashboard, draft editor, documents, submission, application page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing import selectors, services
from licensing.forms import (
    ApplicationEditor,
    DocumentForm,
    InformationAnswerForm,
    add_service_errors,
)
from licensing.models import LicenceApplication, Role, SupportingDocument
from tradecontrol.errors import ConflictError, InputErrors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    if selectors.user_has_role(request.user, Role.EXPORTER, Role.OFFICER, Role.SENIOR_OFFICER):
        return redirect("application-list")
    if selectors.user_has_role(request.user, Role.LIST_ADMIN):
        return redirect("list-store")
    return render(request, "licensing/no_role.html")


@login_required
def application_list(request: HttpRequest) -> HttpResponse:
    if not selectors.user_has_role(request.user, Role.EXPORTER, Role.OFFICER, Role.SENIOR_OFFICER):
        raise Http404
    applications = selectors.applications_visible_to(request.user)
    status = request.GET.get("status")
    if status:
        applications = applications.filter(status=status)
    return render(
        request,
        "licensing/application_list.html",
        {
            "applications": applications[:500],
            "is_exporter": selectors.user_has_role(request.user, Role.EXPORTER),
            "status_filter": status or "",
        },
    )


def _editor_initial(application: LicenceApplication) -> dict[str, Any]:
    return {
        "application": {
            "destination_country": application.destination_country_id,
            "end_use": application.end_use,
            "end_use_category": application.end_use_category,
        },
        "goods": [
            {
                "product": str(g.product_id or ""),
                "description": g.description,
                "control_code": g.control_code,
                "hs_code": g.hs_code,
                "quantity": format(g.quantity.normalize(), "f"),  # "100", never "1E+2"
                "unit": g.unit,
                "value_jpy": g.value_jpy,
            }
            for g in application.goods.all()
        ],
        "parties": [
            {"role": p.role, "name": p.name, "address": p.address, "country": p.country_id}
            for p in application.parties.all()
        ],
    }


def _require_exporter(request: HttpRequest) -> None:
    if not selectors.user_has_role(request.user, Role.EXPORTER):
        raise Http404


@login_required
def application_create(request: HttpRequest) -> HttpResponse:
    _require_exporter(request)
    editor = ApplicationEditor(
        request.POST or None, products=selectors.product_choices_for(request.user)
    )
    if request.method == "POST" and editor.is_valid():
        try:
            application = services.application_create(
                user=request.user, data=editor.service_input()
            )
        except InputErrors as exc:
            editor.add_service_errors(exc)
        else:
            messages.success(request, _("Draft %(ref)s saved.") % {"ref": application.reference})
            return redirect("application-detail", pk=application.pk)
    return render(
        request,
        "licensing/application_form.html",
        {
            "editor": editor,
            "application": None,
            "control_entries": selectors.control_list_on(timezone.localdate()),
        },
    )


@login_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_exporter(request)
    application = selectors.application_get(request.user, pk)
    if not application.is_editable:
        messages.error(
            request, _("This application has been submitted and can no longer be edited.")
        )
        return redirect("application-detail", pk=pk)
    editor = ApplicationEditor(
        request.POST or None,
        initial=_editor_initial(application),
        products=selectors.product_choices_for(request.user),
    )
    if request.method == "POST" and editor.is_valid():
        try:
            services.application_update(
                user=request.user, application_id=pk, data=editor.service_input()
            )
        except InputErrors as exc:
            editor.add_service_errors(exc)
        except ConflictError as exc:
            messages.error(request, str(exc))
            return redirect("application-detail", pk=pk)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("application-detail", pk=pk)
    return render(
        request,
        "licensing/application_form.html",
        {
            "editor": editor,
            "application": application,
            "control_entries": selectors.control_list_on(timezone.localdate()),
        },
    )


def _detail_context(request: HttpRequest, application: LicenceApplication) -> dict[str, Any]:
    from screening.selectors import screening_summary_for_application

    return {
        "application": application,
        "history": selectors.application_status_history(application),
        "document_form": DocumentForm(),
        "answer_form": InformationAnswerForm(),
        "is_owner": selectors.user_has_role(request.user, Role.EXPORTER),
        "is_officer": selectors.user_has_role(request.user, Role.OFFICER, Role.SENIOR_OFFICER),
        "screening": screening_summary_for_application(application),
        "review": selectors.application_review_summary(application),
    }


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(request.user, pk)
    return render(
        request, "licensing/application_detail.html", _detail_context(request, application)
    )


@login_required
@require_POST
def information_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The exporter answers the officer's open information request."""
    _require_exporter(request)
    application = selectors.application_get(request.user, pk)
    form = InformationAnswerForm(request.POST)
    if form.is_valid():
        try:
            services.information_answer(
                user=request.user, application_id=application.pk, answer=form.cleaned_data["answer"]
            )
        except InputErrors as exc:
            add_service_errors(form, exc)
        except (ConflictError, PermissionDenied) as exc:
            messages.error(request, str(exc) or _("You may not do this."))
            return redirect("application-detail", pk=pk)
        else:
            messages.success(request, _("Answer sent; the application is back under review."))
            return redirect("application-detail", pk=pk)
    context = _detail_context(request, application)
    context["answer_form"] = form
    return render(request, "licensing/application_detail.html", context, status=400)


@login_required
@require_POST
def application_submit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_exporter(request)
    application = selectors.application_get(request.user, pk)
    try:
        services.application_submit(user=request.user, application_id=application.pk)
    except InputErrors as exc:
        for problems in exc.errors.values():
            for problem in problems:
                messages.error(request, str(problem))
    except ConflictError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Application %(ref)s submitted; screening has started.")
            % {"ref": application.reference},
        )
    return redirect("application-detail", pk=pk)


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    _require_exporter(request)
    application = selectors.application_get(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.document_add(
                user=request.user,
                application_id=application.pk,
                doc_type=form.cleaned_data["doc_type"],
                upload=form.cleaned_data["file"],
            )
        except InputErrors as exc:
            for field, problems in exc.errors.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        except ConflictError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Document uploaded."))
            return redirect("application-detail", pk=pk)
    context = _detail_context(request, application)
    context["document_form"] = form
    return render(request, "licensing/application_detail.html", context, status=400)


@login_required
def document_download(request: HttpRequest, pk: int, doc_id: int) -> FileResponse:
    application = selectors.application_get(request.user, pk)
    document = next((d for d in application.documents.all() if d.pk == doc_id), None)
    if document is None:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int, doc_id: int) -> HttpResponse:
    _require_exporter(request)
    application = selectors.application_get(request.user, pk)
    try:
        services.document_remove(
            user=request.user, application_id=application.pk, document_id=doc_id
        )
    except SupportingDocument.DoesNotExist as exc:
        raise Http404 from exc
    except (ConflictError, PermissionDenied) as exc:
        messages.error(request, str(exc))
    return redirect("application-detail", pk=pk)
