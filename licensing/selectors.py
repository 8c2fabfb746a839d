"""Reads: what a user may see, with the related rows fetched up front."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from licensing.models import (
    ApplicationStatus,
    AuditEvent,
    ControlListEntry,
    Country,
    CountryDesignation,
    Designation,
    LicenceApplication,
    Organisation,
    Role,
)

AnyUser = AbstractBaseUser | AnonymousUser


def user_roles(user: Any) -> frozenset[str]:
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_cache = cached
    return cached


def user_has_role(user: Any, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def user_organisation(user: Any) -> Organisation | None:
    membership = getattr(user, "membership", None) if user.is_authenticated else None
    return membership.organisation if membership else None


def applications_visible_to(user: Any) -> QuerySet[LicenceApplication]:
    """Exporters see their organisation's applications; officers see everything submitted."""
    base = LicenceApplication.objects.select_related(
        "applicant", "destination_country", "created_by"
    )
    if not user.is_authenticated:
        return base.none()
    if user_has_role(user, Role.OFFICER, Role.SENIOR_OFFICER):
        return base.exclude(status=ApplicationStatus.DRAFT)
    if user_has_role(user, Role.EXPORTER):
        org = user_organisation(user)
        return base.filter(applicant=org) if org else base.none()
    return base.none()


def application_detail_queryset(user: Any) -> QuerySet[LicenceApplication]:
    return applications_visible_to(user).prefetch_related(
        "goods",
        Prefetch("parties", queryset=_parties_qs()),
        "documents",
        Prefetch("audit_events", queryset=AuditEvent.objects.select_related("actor")),
    )


def _parties_qs() -> QuerySet[Any]:
    from licensing.models import Party

    return Party.objects.select_related("country")


def application_get(user: Any, application_id: int) -> LicenceApplication:
    """The application if the user may see it; 404 otherwise, so existence does not leak."""
    try:
        return application_detail_queryset(user).get(pk=application_id)
    except (LicenceApplication.DoesNotExist, ValueError, TypeError):
        raise Http404("No such application.") from None


def application_status_history(application: LicenceApplication) -> list[AuditEvent]:
    return [e for e in application.audit_events.all() if e.verb == "status_changed"]


# --- reference data ------------------------------------------------------------------------------


def country_group(country: str | Country, on: dt.date) -> str:
    """Which export-control group ("A", "B", "C" or "D") a country was in on a date."""
    iso2 = country.iso2 if isinstance(country, Country) else country.upper()
    designations = set(
        CountryDesignation.objects.effective_on(on)
        .filter(country_id=iso2)
        .values_list("designation", flat=True)
    )
    if Designation.GROUP_A in designations:
        return "A"
    if designations & {Designation.UN_ARMS_EMBARGO, Designation.CONCERN}:
        return "D"
    if Designation.GROUP_B in designations:
        return "B"
    return "C"


def country_designations_on(country: str, on: dt.date) -> set[str]:
    return set(
        CountryDesignation.objects.effective_on(on)
        .filter(country_id=country.upper())
        .values_list("designation", flat=True)
    )


def control_entry_for_code(code: str, on: dt.date) -> ControlListEntry | None:
    return ControlListEntry.objects.effective_on(on).filter(code=code).first()


def control_list_on(on: dt.date) -> QuerySet[ControlListEntry]:
    return ControlListEntry.objects.effective_on(on)


def countries() -> QuerySet[Country]:
    return Country.objects.all()
