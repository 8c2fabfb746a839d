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
    return (
        applications_visible_to(user)
        .select_related("case", "licence")
        .prefetch_related(
            "case__decisions",
            "case__information_requests",
            "goods",
            Prefetch("parties", queryset=_parties_qs()),
            "documents",
            Prefetch("audit_events", queryset=AuditEvent.objects.select_related("actor")),
        )
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


# --- review ----------------------------------------------------------------------------------------


def application_facts(application: LicenceApplication) -> Any:
    """What the determination rules need, read as of the application date."""
    from licensing.determination import ApplicationFacts, GoodsFact, HitFact
    from screening.selectors import effective_hits_for_application

    on = application.application_date
    destination = application.destination_country_id
    group = country_group(destination, on)
    designations = country_designations_on(destination, on)
    goods = tuple(
        GoodsFact(
            description=g.description,
            control_code=g.control_code,
            row=g.control_entry.row if g.control_entry_id and g.control_entry else "",
            hs_code=g.hs_code,
        )
        for g in application.goods.select_related("control_entry")
    )
    hits = tuple(
        HitFact(
            hit_id=h.pk,
            party_name=h.party.name,
            list_code=h.entry.version.screening_list.code,
            list_kind=h.entry.version.screening_list.kind,
            source_id=h.entry.source_id,
            entry_name=h.entry.name,
            score=h.score,
            alert=h.alert,
            disposition=h.disposition,
            concern_types=tuple((h.entry.attributes or {}).get("concern_types") or ()),
            conventional_weapons=bool((h.entry.attributes or {}).get("conventional_weapons")),
        )
        for h in effective_hits_for_application(application.pk)
    )
    reference = {
        "destination_group": {"country": destination, "group": group, "on": on.isoformat()},
        "designations": sorted(designations),
        "control_list_codes": sorted({g.control_code for g in goods if g.control_code}),
    }
    return ApplicationFacts(
        on=on,
        destination=destination,
        destination_group=group,
        destination_designations=frozenset(designations),
        end_use_category=application.end_use_category,
        goods=goods,
        hits=hits,
        reference=reference,
    )


def queue_for_rules(rule_codes: list[str]) -> Any:
    from licensing.models import ReviewQueue, RoutingRule

    rule = (
        RoutingRule.objects.select_related("queue")
        .filter(rule_code__in=rule_codes, active=True)
        .order_by("-priority")
        .first()
    )
    return rule.queue if rule else ReviewQueue.objects.get(code="triage")


def queues_with_counts() -> Any:
    from django.db.models import Count, Min, Q

    from licensing.models import ReviewQueue

    return ReviewQueue.objects.annotate(
        open_cases=Count("cases", filter=Q(cases__closed_at__isnull=True)),
        oldest_accepted_at=Min("cases__accepted_at", filter=Q(cases__closed_at__isnull=True)),
    ).order_by("position", "code")


def cases_visible_to(user: Any) -> Any:
    from licensing.models import Case

    if not user_has_role(user, Role.OFFICER, Role.SENIOR_OFFICER):
        return Case.objects.none()
    return Case.objects.select_related(
        "application__applicant", "application__destination_country", "queue", "assigned_to"
    )


def case_get(user: Any, case_id: Any) -> Any:
    from licensing.models import Case

    try:
        return cases_visible_to(user).get(pk=case_id)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404("No such case.") from None
