"""Reads: what a user may see, with the related rows fetched up front."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

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
from tradecontrol.errors import InputErrors

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
            Prefetch("goods", queryset=_goods_qs()),
            Prefetch("parties", queryset=_parties_qs()),
            "documents",
            Prefetch("audit_events", queryset=AuditEvent.objects.select_related("actor")),
        )
    )


def _goods_qs() -> QuerySet[Any]:
    from licensing.models import GoodsLine

    # The classification record behind each line, for the officer's case page and the API.
    return GoodsLine.objects.select_related(
        "product", "classification__decided_by", "classification__approved_by"
    ).prefetch_related("classification__control_entries")


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
    from screening.selectors import latest_run

    run = latest_run(application.pk)
    screening_problems = tuple(
        f"{p.get('party_name') or 'all parties'}: {p['problem']}"
        for p in (run.problems if run else [])
    )
    return ApplicationFacts(
        screening_problems=screening_problems,
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


# --- officer pages ---------------------------------------------------------------------------------

CASE_STATUS_OPEN = "open"
CASE_STATUS_ALL = "all"


def queue_get(code: str) -> Any:
    from licensing.models import ReviewQueue

    queue = ReviewQueue.objects.filter(code=code).first()
    if queue is None:
        raise Http404("No such queue.")
    return queue


def queues_overview(now: dt.datetime | None = None) -> list[Any]:
    """Every queue with its open cases and the age in days of the oldest one (None when empty)."""
    from django.utils import timezone

    now = now or timezone.now()
    queues = list(queues_with_counts())
    for queue in queues:
        oldest = queue.oldest_accepted_at
        queue.oldest_age_days = (now - oldest).days if oldest else None
    return queues


def queue_destinations(queue: Any) -> list[Country]:
    """The destinations a queue has cases for (the queue page's destination filter)."""
    from licensing.models import Case

    codes = (
        Case.objects.filter(queue=queue)
        .values_list("application__destination_country_id", flat=True)
        .distinct()
    )
    return list(Country.objects.filter(iso2__in=codes))


def cases_for_queue(
    user: Any,
    queue: Any,
    *,
    status: str = CASE_STATUS_OPEN,
    destination: str = "",
    assigned: str = "",
    overdue: str = "",
) -> QuerySet[Any]:
    """A queue's cases, filtered; "open" is every case not yet decided, "all" includes closed ones.

    assigned: "me", "none" or "" (anyone); overdue: "yes", "no" or "" (either).
    """
    from django.db.models import Q
    from django.utils import timezone

    cases = cases_visible_to(user).filter(queue=queue)
    if status == CASE_STATUS_OPEN:
        cases = cases.filter(closed_at__isnull=True)
    elif status and status != CASE_STATUS_ALL:
        cases = cases.filter(application__status=status)
    if destination:
        cases = cases.filter(application__destination_country_id=destination.upper())
    if assigned == "me":
        cases = cases.filter(assigned_to=user)
    elif assigned == "none":
        cases = cases.filter(assigned_to__isnull=True)
    late = Q(closed_at__isnull=True, paused_at__isnull=True, due_at__lt=timezone.now())
    if overdue == "yes":
        cases = cases.filter(late)
    elif overdue == "no":
        cases = cases.exclude(late)
    return cases.order_by("due_at", "id")


@dataclass
class HitReview:
    """One screening hit as the officer reviews it."""

    hit: Any
    state: str  # pending | awaiting_countersignature | confirmed | false_positive | cleared_before
    list_code: str
    list_kind: str
    list_version: str
    list_name: str
    list_published: Any  # the date the list's version was published (else loaded)
    matched_alias: str
    concern_types: list[str]
    conventional_weapons: bool
    alignment: list[dict[str, Any]]
    unmatched_query: list[str]
    unmatched_list: list[str]
    form: Any = None  # the page's disposition form for this hit

    @property
    def can_set_disposition(self) -> bool:
        return self.state == "pending"

    @property
    def awaiting_countersignature(self) -> bool:
        return self.state == "awaiting_countersignature"


@dataclass
class PartyReview:
    party: Any
    hits: list[HitReview]


@dataclass
class CaseReview:
    case: Any
    application: LicenceApplication
    parties: list[PartyReview]
    hits: list[HitReview]
    information_requests: list[Any]
    decisions: list[Any]
    audit_events: list[AuditEvent]
    licence: Any | None
    queue_names: dict[str, str]  # the queues the audit events name, in the page's language

    @property
    def pending_hits(self) -> int:
        return sum(1 for h in self.hits if h.state in ("pending", "awaiting_countersignature"))

    @property
    def is_decidable(self) -> bool:
        return self.case.is_open and self.application.status == ApplicationStatus.UNDER_REVIEW

    @property
    def hits_can_change(self) -> bool:
        return self.application.status in (
            ApplicationStatus.UNDER_REVIEW,
            ApplicationStatus.INFORMATION_REQUESTED,
        )


def _hit_state(hit: Any) -> str:
    if hit.cleared_before_id is not None:
        return "cleared_before"
    if hit.disposition == "pending":
        return "awaiting_countersignature" if hit.proposed == "false_positive" else "pending"
    return str(hit.disposition)


def _tokens(items: Any) -> list[str]:
    return [str(t.get("token", "")) if isinstance(t, dict) else str(t) for t in items or []]


def hit_review(hit: Any) -> HitReview:
    entry = hit.entry
    attributes = entry.attributes or {}
    explanation = hit.explanation if isinstance(hit.explanation, dict) else {}
    return HitReview(
        hit=hit,
        state=_hit_state(hit),
        list_code=entry.version.screening_list.code,
        list_kind=entry.version.screening_list.kind,
        list_version=entry.version.label,
        list_name=entry.version.screening_list.name,
        list_published=entry.version.published_on or entry.version.loaded_at.date(),
        matched_alias=str(explanation.get("matched_alias") or hit.matched_name),
        concern_types=list(attributes.get("concern_types") or []),
        conventional_weapons=bool(attributes.get("conventional_weapons")),
        alignment=[a for a in explanation.get("alignment") or [] if isinstance(a, dict)],
        unmatched_query=_tokens(explanation.get("unmatched_query_tokens")),
        unmatched_list=_tokens(explanation.get("unmatched_list_tokens")),
    )


def case_review(user: Any, case_id: Any) -> CaseReview:
    """Everything the case page shows, in a fixed number of queries; 404 for non-officers."""
    from licensing.models import Decision, InformationRequest
    from screening.selectors import effective_hits_for_application

    case = case_get(user, case_id)
    application = application_get(user, case.application_id)
    hits = [hit_review(h) for h in effective_hits_for_application(application.pk)]
    by_party: dict[int, list[HitReview]] = {}
    for review in hits:
        by_party.setdefault(review.hit.party_id, []).append(review)
    parties = [PartyReview(party=p, hits=by_party.get(p.pk, [])) for p in application.parties.all()]
    events = list(application.audit_events.all())
    return CaseReview(
        case=case,
        application=application,
        parties=parties,
        hits=hits,
        information_requests=list(
            InformationRequest.objects.filter(case=case).select_related("asked_by", "answered_by")
        ),
        decisions=list(Decision.objects.filter(case=case).select_related("decided_by", "licence")),
        audit_events=events,
        licence=getattr(application, "licence", None),
        queue_names=queue_names({str(e.payload.get("queue")) for e in events if _queue_of(e)}),
    )


def _queue_of(event: AuditEvent) -> bool:
    return isinstance(event.payload, dict) and bool(event.payload.get("queue"))


def queue_names(codes: set[str]) -> dict[str, str]:
    """Review queues' names in the active language, by code (one query; none for no codes)."""
    from licensing.models import ReviewQueue

    if not codes:
        return {}
    return {q.code: q.display_name for q in ReviewQueue.objects.filter(code__in=codes)}


def case_has_hit(case: Any, hit_id: int) -> bool:
    from screening.selectors import effective_hits_for_application

    return effective_hits_for_application(case.application_id).filter(pk=hit_id).exists()


def application_review_summary(application: LicenceApplication) -> dict[str, Any] | None:
    """What the exporter sees of the review: outcome and rule texts, decision, licence, requests.

    Reads only what application_detail_queryset prefetched.
    """
    case = getattr(application, "case", None)
    if case is None:
        return None
    decisions = [d for d in case.decisions.all() if d.kind != "request_information"]
    requests = list(case.information_requests.all())
    return {
        "outcome": case.outcome,
        "rules": [
            {"code": r.get("code", ""), "outcome": r.get("outcome", ""), "text": rule_text(r)}
            for r in (case.determination or {}).get("rules", [])
        ],
        "evaluated_on": (case.determination or {}).get("evaluated_on"),
        "decision": decisions[-1] if decisions else None,
        "licence": getattr(application, "licence", None),
        "open_requests": [r for r in requests if r.answered_at is None],
        "answered_requests": [r for r in requests if r.answered_at is not None],
    }


def licence_get(user: Any, number: str) -> Any:
    """A licence for officers and for the exporter that holds it; 404 for everyone else."""
    from licensing.models import Licence

    licence = (
        Licence.objects.select_related(
            "application__applicant", "application__destination_country", "issued_by"
        )
        .prefetch_related(
            "application__goods", Prefetch("application__parties", queryset=_parties_qs())
        )
        .filter(number=number, application__in=applications_visible_to(user).values("pk"))
        .first()
    )
    if licence is None:
        raise Http404("No such licence.")
    return licence


AGE_BUCKETS = ((0, 30), (31, 60), (61, 90), (91, None))
DASHBOARD_WEEKS = 8


def officer_dashboard_figures(now: dt.datetime | None = None) -> dict[str, Any]:
    """The officer dashboard's numbers, in five queries whatever the number of cases."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from licensing.models import Case, Decision
    from screening.models import ScreeningHit

    now = now or timezone.now()
    queues = [
        {"label": q.name, "code": q.code, "value": q.open_cases} for q in queues_with_counts()
    ]

    # An open case is d days old when now - accepted_at is in [d days, d+1 days).
    age_counts: dict[str, Any] = {}
    for low, high in AGE_BUCKETS:
        window = Q(accepted_at__lte=now - dt.timedelta(days=low))
        if high is not None:
            window &= Q(accepted_at__gt=now - dt.timedelta(days=high + 1))
        age_counts[f"b{low}"] = Count("id", filter=window)
    ages = Case.objects.filter(closed_at__isnull=True).aggregate(**age_counts)
    ageing = [
        {
            "label": f"{low}–{high}" if high is not None else f">{low - 1}",
            "value": ages[f"b{low}"] or 0,
        }
        for low, high in AGE_BUCKETS
    ]

    hits = [
        {
            "label": row["list_code"],
            "value": row["total"],
            "alerts": row["alerts"],
            "below_alert": row["total"] - row["alerts"],
        }
        for row in ScreeningHit.objects.values(list_code=F("entry__version__screening_list__code"))
        .annotate(total=Count("id"), alerts=Count("id", filter=Q(alert=True)))
        .order_by("list_code")
    ]

    today = timezone.localdate(now)
    week_start = today - dt.timedelta(days=today.weekday())
    starts = [week_start - dt.timedelta(weeks=n) for n in range(DASHBOARD_WEEKS - 1, -1, -1)]
    tz = timezone.get_current_timezone()

    def midnight(day: dt.date) -> dt.datetime:
        return dt.datetime.combine(day, dt.time.min, tzinfo=tz)

    week_counts: dict[str, Any] = {}
    for i, start in enumerate(starts):
        window = Q(
            decided_at__gte=midnight(start), decided_at__lt=midnight(start + dt.timedelta(days=7))
        )
        for kind in Decision.Kind.values:
            week_counts[f"w{i}_{kind}"] = Count("id", filter=window & Q(kind=kind))
    counted = Decision.objects.filter(decided_at__gte=midnight(starts[0])).aggregate(**week_counts)
    weeks: list[dict[str, Any]] = []
    for i, start in enumerate(starts):
        by_kind = {kind: int(counted[f"w{i}_{kind}"] or 0) for kind in Decision.Kind.values}
        weeks.append(
            {"label": start.isoformat(), "start": start, **by_kind, "value": sum(by_kind.values())}
        )
    return {
        "queues": queues,
        "ageing": ageing,
        "hits": hits,
        "weeks": weeks,
        "open_cases": sum(q["value"] for q in queues),
        "overdue_cases": Case.objects.filter(
            closed_at__isnull=True, paused_at__isnull=True, due_at__lt=now
        ).count(),
    }


def rule_text(rule: Mapping[str, Any]) -> str:
    """A fired rule's text in the active language. The determination records the English text
    with its template and parameters; records made before templates were kept show as written."""
    template, params = rule.get("template"), rule.get("params")
    if template and isinstance(params, dict):
        try:
            return _(template) % params
        except (KeyError, ValueError, TypeError):
            pass
    return str(rule.get("text", ""))


def determination_preview(data: dict[str, Any], on: dt.date) -> dict[str, Any]:
    """What the rules would say about a draft before screening: for the exporter filling the form.

    Screening hits are unknown yet, so the preview says what screening could change.
    """
    from licensing.determination import ApplicationFacts, GoodsFact, determine
    from licensing.services import normalise_control_code

    lines = data.get("goods") or []
    if not isinstance(lines, list) or not all(isinstance(line, dict) for line in lines):
        raise InputErrors({"goods": [_("Give the goods as a list of goods lines.")]})
    destination = str(data.get("destination_country") or "").upper()
    if not Country.objects.filter(iso2=destination).exists():
        return {"outcome": None, "notes": [], "rules": [], "destination_group": None}
    group = country_group(destination, on)
    goods = []
    for line in lines:
        code = normalise_control_code(str(line.get("control_code") or ""))
        entry = control_entry_for_code(code, on) if code else None
        goods.append(
            GoodsFact(
                str(line.get("description") or ""),
                entry.code if entry else "",
                entry.row if entry else "",
                str(line.get("hs_code") or ""),
            )
        )
    facts = ApplicationFacts(
        on=on,
        destination=destination,
        destination_group=group,
        destination_designations=frozenset(country_designations_on(destination, on)),
        end_use_category=str(data.get("end_use_category") or "civil"),
        goods=tuple(goods),
        hits=(),
    )
    result = determine(facts)
    notes = []
    catch_all = any(not g.row or g.row == "16" for g in goods)
    if catch_all and group != "A":
        notes.append(
            _(
                "Goods that are not listed going to a Group %(group)s country: every party is screened against the "
                "End User List; a listed end user with a matching concern type makes a licence necessary (catch-all)."
            )
            % {"group": group}
        )
    if catch_all and group == "A":
        notes.append(
            _(
                "Group A destination: the catch-all applies only if METI informs you (inform requirement)."
            )
        )
    notes.append(
        _(
            "Every party is also screened against the sanctions lists; a match sends the case to sanctions review."
        )
    )
    return {
        "outcome": result.outcome,
        "destination_group": group,
        "rules": [
            {"code": r.code, "text": rule_text({"template": r.template, "params": r.params})}
            for r in result.rules
            if r.code != "N1" or len(result.rules) == 1
        ],
        "notes": notes,
    }


# --- product catalogue and classifications ----------------------------------------------------


CONTROL_LIST_BASE_REVISION = "base"


def control_list_revision_date(on: dt.date) -> dt.date | None:
    """The date the control list in force on `on` last changed (None: the list as first loaded).

    A change is an entry starting (valid_from) or ending (the day after its valid_to).
    """
    from django.db.models import Max

    started = (
        ControlListEntry.objects.filter(valid_from__lte=on)
        .aggregate(last=Max("valid_from"))
        .get("last")
    )
    ended = (
        ControlListEntry.objects.filter(valid_to__lt=on).aggregate(last=Max("valid_to")).get("last")
    )
    candidates = [d for d in (started, ended + dt.timedelta(days=1) if ended else None) if d]
    return max(candidates) if candidates else None


def control_list_revision(on: dt.date) -> str:
    """A label for the control list in force on a date: the date it last changed, or "base"."""
    changed = control_list_revision_date(on)
    return changed.isoformat() if changed else CONTROL_LIST_BASE_REVISION


def _classifications_qs() -> QuerySet[Any]:
    from licensing.models import Classification

    return Classification.objects.select_related("decided_by", "approved_by").prefetch_related(
        "control_entries"
    )


def products_visible_to(user: Any) -> QuerySet[Any]:
    """Exporters see their organisation's catalogue; officers see every product."""
    from licensing.models import Product

    base = Product.objects.select_related("organisation")
    if not user.is_authenticated:
        return base.none()
    if user_has_role(user, Role.OFFICER, Role.SENIOR_OFFICER):
        return base
    if user_has_role(user, Role.EXPORTER):
        org = user_organisation(user)
        return base.filter(organisation=org) if org else base.none()
    return base.none()


def _with_current(products: QuerySet[Any]) -> QuerySet[Any]:
    return products.prefetch_related(
        Prefetch(
            "classifications",
            queryset=_classifications_qs().filter(superseded_by__isnull=True),
            to_attr="current",
        )
    )


def products_with_current_classification(user: Any) -> QuerySet[Any]:
    """The catalogue list: each product with `current` (a list of at most one record)."""
    return _with_current(products_visible_to(user))


def products_with_current_classification_of(organisation: Organisation) -> QuerySet[Any]:
    from licensing.models import Product

    return _with_current(Product.objects.filter(organisation=organisation))


def product_get(user: Any, product_id: Any) -> Any:
    """The product if the user may see it; 404 otherwise, so existence does not leak."""
    from licensing.models import Product

    try:
        return products_with_current_classification(user).get(pk=product_id)
    except (Product.DoesNotExist, ValueError, TypeError):
        raise Http404("No such product.") from None


def product_classification_history(product: Any) -> list[Any]:
    """Every classification of a product, newest first."""
    return list(_classifications_qs().filter(product=product))


def current_classification(product: Any) -> Any | None:
    current = getattr(product, "current", None)
    if current is not None:
        return current[0] if current else None
    return _classifications_qs().filter(product=product, superseded_by__isnull=True).first()


def classification_get(user: Any, classification_id: Any) -> Any:
    """A classification of a product the user may see; 404 otherwise."""
    from licensing.models import Classification

    try:
        return (
            _classifications_qs()
            .select_related("product__organisation")
            .get(pk=classification_id, product__in=products_visible_to(user).values("pk"))
        )
    except (Classification.DoesNotExist, ValueError, TypeError):
        raise Http404("No such classification.") from None


def product_choices_for(user: Any) -> list[tuple[str, str]]:
    """The exporter's own products, for the goods line's product select."""
    from licensing.models import Product

    org = user_organisation(user) if user_has_role(user, Role.EXPORTER) else None
    if org is None:
        return []
    return [
        (str(p.pk), f"{p.name} {p.model_number}".strip())
        for p in Product.objects.filter(organisation=org).only("pk", "name", "model_number")
    ]
