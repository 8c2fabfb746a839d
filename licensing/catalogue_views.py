"""Exporter pages for the product catalogue and its classifications (該非判定).

Thin views: reads through licensing.selectors, one service per write. Products of another
organisation answer 404, so existence does not leak; officers may read every product.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from licensing import selectors, services
from licensing.forms import ClassificationForm, ProductForm, add_service_errors
from licensing.models import Role
from tradecontrol.errors import ConflictError, InputErrors


def _require_reader(request: HttpRequest) -> None:
    if not selectors.user_has_role(request.user, Role.EXPORTER, Role.OFFICER, Role.SENIOR_OFFICER):
        raise Http404


def _require_exporter(request: HttpRequest) -> None:
    if not selectors.user_has_role(request.user, Role.EXPORTER):
        raise Http404


@login_required
@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    products = selectors.products_with_current_classification(request.user)
    return render(
        request,
        "licensing/catalogue/product_list.html",
        {
            "products": products[:1000],
            "is_exporter": selectors.user_has_role(request.user, Role.EXPORTER),
        },
    )


def _product_form_page(
    request: HttpRequest, form: ProductForm, product: Any = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "licensing/catalogue/product_form.html",
        {"form": form, "product": product},
        status=status,
    )


@login_required
def product_create(request: HttpRequest) -> HttpResponse:
    _require_exporter(request)
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.product_create(user=request.user, data=form.cleaned_data)
        except InputErrors as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Product %(name)s added.") % {"name": product})
            return redirect("catalogue-product", pk=product.pk)
    return _product_form_page(request, form, status=400 if form.errors else 200)


@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_exporter(request)
    product = selectors.product_get(request.user, pk)
    initial = {
        f: getattr(product, f)
        for f in ("name", "model_number", "manufacturer", "hs_code", "description")
    }
    form = ProductForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_update(
                user=request.user, product_id=product.pk, data=form.cleaned_data
            )
        except InputErrors as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Product saved."))
            return redirect("catalogue-product", pk=product.pk)
    return _product_form_page(request, form, product, status=400 if form.errors else 200)


def _detail_page(
    request: HttpRequest,
    product: Any,
    form: ClassificationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    is_exporter = selectors.user_has_role(request.user, Role.EXPORTER)
    return render(
        request,
        "licensing/catalogue/product_detail.html",
        {
            "product": product,
            "current": selectors.current_classification(product),
            "history": selectors.product_classification_history(product),
            "is_exporter": is_exporter,
            "form": form or (ClassificationForm() if is_exporter else None),
            "control_entries": selectors.control_list_on(timezone.localdate()).exclude(row="16"),
        },
        status=status,
    )


@login_required
@require_GET
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    return _detail_page(request, selectors.product_get(request.user, pk))


@login_required
@require_POST
def classification_record(request: HttpRequest, pk: int) -> HttpResponse:
    _require_exporter(request)
    product = selectors.product_get(request.user, pk)
    form = ClassificationForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.classification_record(
                user=request.user,
                product_id=product.pk,
                result=data["result"],
                basis=data["basis"],
                control_codes=data["control_codes"],
                notes=data["notes"],
                sheet=data["sheet"],
            )
        except InputErrors as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Classification recorded; another member of your organisation must approve it."),
            )
            return redirect("catalogue-product", pk=product.pk)
    return _detail_page(request, product, form, status=400)


@login_required
@require_POST
def classification_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _require_exporter(request)
    classification = selectors.classification_get(request.user, pk)
    try:
        services.classification_approve(user=request.user, classification_id=classification.pk)
    except (ConflictError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("You may not do this."))
    else:
        messages.success(request, _("Classification approved."))
    return redirect("catalogue-product", pk=classification.product_id)


@login_required
@require_GET
def classification_sheet(request: HttpRequest, pk: int) -> FileResponse:
    """The attached classification sheet, for the product's organisation and officers."""
    _require_reader(request)
    classification = selectors.classification_get(request.user, pk)
    if not classification.sheet:
        raise Http404
    response = FileResponse(
        classification.sheet.open("rb"),
        as_attachment=True,
        filename=classification.sheet_name,
        content_type=classification.sheet_content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
