"""List store pages: the lists, their versions and which one is active."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from licensing.models import Role
from licensing.selectors import user_has_role
from screening import selectors


@login_required
def list_store(request: HttpRequest) -> HttpResponse:
    if not user_has_role(request.user, Role.LIST_ADMIN, Role.OFFICER, Role.SENIOR_OFFICER):
        raise Http404
    return render(request, "screening/list_store.html", {"lists": selectors.lists_with_versions()})
