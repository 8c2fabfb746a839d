"""Officer API: queues, cases, hit dispositions and decisions (thin views over the services)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from licensing import selectors, services
from licensing.api.serializers import (
    OUTCOMES,
    ApplicationSerializer,
    FiredRuleSerializer,
    InformationRequestSerializer,
    PartySerializer,
)
from licensing.models import ApplicationStatus, Case, Decision, Role
from screening import services as screening_services
from screening.models import ScreeningHit, ScreeningList
from screening.selectors import effective_hits_for_application
from tradecontrol.api import error_response


class OfficersOnly:
    """Exporters and list administrators get 404 from every officer endpoint."""

    not_found_for_other_roles = True  # for the schema (tradecontrol.api.AutoSchema)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if not selectors.user_has_role(request.user, Role.OFFICER, Role.SENIOR_OFFICER):
            raise NotFound()


def hit_as_dict(hit: ScreeningHit) -> dict[str, Any]:
    entry = hit.entry
    cleared = hit.cleared_before
    return {
        "id": hit.pk,
        "party_id": hit.party_id,
        "party_name": hit.party.name,
        "list": entry.version.screening_list.code,
        "list_kind": entry.version.screening_list.kind,
        "list_version": entry.version.label,
        "source_id": entry.source_id,
        "entry_name": entry.name,
        "entry_country": entry.country,
        "entry_aliases": entry.aliases,
        "entry_attributes": entry.attributes,
        "matched_name": hit.matched_name,
        "score": round(hit.score, 4),
        "alert": hit.alert,
        "explanation": hit.explanation,
        "disposition": hit.disposition,
        "awaiting_countersignature": hit.proposed == ScreeningHit.Disposition.FALSE_POSITIVE,
        "reason": hit.reason,
        "decided_by": hit.decided_by.username if hit.decided_by else None,
        "decided_at": hit.decided_at,
        "countersigned_by": hit.countersigned_by.username if hit.countersigned_by else None,
        "countersigned_at": hit.countersigned_at,
        "cleared_before": {
            "by": cleared.cleared_by.username,
            "countersigned_by": cleared.countersigned_by.username,
            "at": cleared.cleared_at,
            "reason": cleared.reason,
        }
        if cleared
        else None,
    }


class ClearedBeforeSerializer(serializers.Serializer):
    by = serializers.CharField()
    countersigned_by = serializers.CharField()
    at = serializers.DateTimeField()
    reason = serializers.CharField()


class ReviewHitSerializer(serializers.Serializer):
    """A hit as hit_as_dict writes it for officers (describes it for the schema)."""

    id = serializers.IntegerField()
    party_id = serializers.IntegerField()
    party_name = serializers.CharField()
    list = serializers.CharField(help_text="code of the list, e.g. meti-eul")
    list_kind = serializers.ChoiceField(choices=ScreeningList.Kind.choices)
    list_version = serializers.CharField(help_text="the version screened against, code@date#id")
    source_id = serializers.CharField()
    entry_name = serializers.CharField()
    entry_country = serializers.CharField(allow_blank=True)
    entry_aliases = serializers.ListField(child=serializers.CharField())
    entry_attributes = serializers.DictField()
    matched_name = serializers.CharField()
    score = serializers.FloatField(min_value=0, max_value=1)
    alert = serializers.BooleanField()
    explanation = serializers.DictField()
    disposition = serializers.ChoiceField(choices=ScreeningHit.Disposition.choices)
    awaiting_countersignature = serializers.BooleanField(
        help_text="cleared as a false positive; takes effect once a second senior officer "
        "countersigns"
    )
    reason = serializers.CharField(allow_blank=True)
    decided_by = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    countersigned_by = serializers.CharField(allow_null=True)
    countersigned_at = serializers.DateTimeField(allow_null=True)
    cleared_before = ClearedBeforeSerializer(
        allow_null=True, help_text="the same party and entry were cleared before (good-guy memory)"
    )


class QueueSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    open_cases = serializers.IntegerField()
    oldest_age_days = serializers.SerializerMethodField()

    def get_oldest_age_days(self, obj: Any) -> int | None:
        return (timezone.now() - obj.oldest_accepted_at).days if obj.oldest_accepted_at else None


class QueuesView(OfficersOnly, APIView):
    @extend_schema(responses=QueueSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(QueueSerializer(selectors.queues_with_counts(), many=True).data)


class CaseListSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(source="application.reference")
    applicant = serializers.CharField(source="application.applicant.name")
    status = serializers.CharField(source="application.status")
    destination_country = serializers.CharField(source="application.destination_country_id")
    queue = serializers.CharField(source="queue.code")
    assigned_to = serializers.CharField(
        source="assigned_to.username", default=None, allow_null=True
    )
    overdue = serializers.BooleanField(source="is_overdue")
    application_id = serializers.IntegerField()

    class Meta:
        model = Case
        fields = [
            "id",
            "application_id",
            "reference",
            "applicant",
            "status",
            "destination_country",
            "queue",
            "outcome",
            "assigned_to",
            "accepted_at",
            "due_at",
            "overdue",
            "closed_at",
        ]


# The shapes below describe case_detail's answer, for the schema.


class CasePartySerializer(PartySerializer):
    hits = ReviewHitSerializer(many=True, read_only=True)

    class Meta(PartySerializer.Meta):
        fields = [*PartySerializer.Meta.fields, "hits"]


class CaseApplicationSerializer(ApplicationSerializer):
    parties = CasePartySerializer(many=True)


class CaseDeterminationSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    evaluated_on = serializers.DateField()
    rules = FiredRuleSerializer(many=True)
    reference = serializers.DictField(help_text="versions of the reference data used")


class CaseInformationRequestSerializer(InformationRequestSerializer):
    asked_by = serializers.CharField()


class CaseDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    decision = serializers.ChoiceField(choices=Decision.Kind.choices)
    reasons = serializers.CharField(allow_blank=True)
    decided_by = serializers.CharField()
    decided_at = serializers.DateTimeField()
    licence = serializers.CharField(allow_null=True, help_text="the licence number, on approval")


class AuditEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    verb = serializers.CharField()
    actor = serializers.CharField(allow_null=True)
    target = serializers.CharField(allow_blank=True)
    payload = serializers.DictField()


class CaseDetailSerializer(CaseListSerializer):
    application = CaseApplicationSerializer()
    hits = ReviewHitSerializer(many=True)
    determination = CaseDeterminationSerializer()
    information_requests = CaseInformationRequestSerializer(many=True)
    decisions = CaseDecisionSerializer(many=True)
    audit = AuditEventSerializer(many=True)

    class Meta(CaseListSerializer.Meta):
        fields = [
            *CaseListSerializer.Meta.fields,
            "application",
            "hits",
            "determination",
            "information_requests",
            "decisions",
            "audit",
        ]


class CaseFilter(django_filters.FilterSet):
    queue = django_filters.CharFilter(field_name="queue__code")
    status = django_filters.ChoiceFilter(
        field_name="application__status", choices=ApplicationStatus.choices
    )
    destination = django_filters.CharFilter(
        field_name="application__destination_country__iso2", lookup_expr="iexact"
    )
    assigned = django_filters.CharFilter(
        method="filter_assigned", help_text="me, none or a user name"
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue")
    open = django_filters.BooleanFilter(field_name="closed_at", lookup_expr="isnull")

    class Meta:
        model = Case
        fields = ["queue", "status", "destination", "assigned", "overdue", "open"]

    def filter_assigned(self, queryset: QuerySet[Case], name: str, value: str) -> QuerySet[Case]:
        if value == "me":
            return queryset.filter(assigned_to=self.request.user)
        if value == "none":
            return queryset.filter(assigned_to__isnull=True)
        return queryset.filter(assigned_to__username=value)

    def filter_overdue(self, queryset: QuerySet[Case], name: str, value: bool) -> QuerySet[Case]:
        overdue = Q(closed_at__isnull=True, paused_at__isnull=True, due_at__lt=timezone.now())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class AssignSerializer(serializers.Serializer):
    pass


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.Kind.choices)
    reasons = serializers.CharField(required=False, allow_blank=True, default="")
    message = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="for request_information"
    )
    valid_until = serializers.DateField(required=False, allow_null=True)
    conditions = serializers.CharField(required=False, allow_blank=True, default="")


class DispositionSerializer(serializers.Serializer):
    disposition = serializers.ChoiceField(choices=["confirmed", "false_positive"])
    reason = serializers.CharField(allow_blank=True)


def case_detail(case: Case, request: Request) -> dict[str, Any]:
    application = selectors.application_get(request.user, case.application_id)
    hits = list(effective_hits_for_application(application.pk))
    by_party: dict[int, list[dict[str, Any]]] = {}
    for hit in hits:
        by_party.setdefault(hit.party_id, []).append(hit_as_dict(hit))
    app_data = ApplicationSerializer(application, context={"request": request}).data
    for party in app_data["parties"]:
        party["hits"] = by_party.get(party["id"], [])
    return {
        **CaseListSerializer(case).data,
        "application": app_data,
        "hits": [hit_as_dict(h) for h in hits],
        "determination": case.determination,
        "information_requests": [
            {
                "id": r.pk,
                "message": r.message,
                "asked_by": r.asked_by.username,
                "asked_at": r.asked_at,
                "answer": r.answer,
                "answered_at": r.answered_at,
            }
            for r in case.information_requests.select_related("asked_by")
        ],
        "decisions": [
            {
                "id": d.pk,
                "decision": d.kind,
                "reasons": d.reasons,
                "decided_by": d.decided_by.username,
                "decided_at": d.decided_at,
                "licence": d.licence.number if d.licence else None,
            }
            for d in case.decisions.select_related("decided_by", "licence")
        ],
        "audit": [
            {
                "at": e.at,
                "verb": e.verb,
                "actor": e.actor.username if e.actor else None,
                "target": e.target,
                "payload": e.payload,
            }
            for e in application.audit_events.all()
        ],
    }


class CaseViewSet(OfficersOnly, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseListSerializer
    filterset_class = CaseFilter

    def get_queryset(self) -> QuerySet[Case]:
        return selectors.cases_visible_to(self.request.user).order_by("accepted_at", "id")

    @extend_schema(responses=CaseDetailSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(case_detail(selectors.case_get(request.user, pk), request))

    @extend_schema(
        request=None,
        responses={200: CaseDetailSerializer, 409: error_response("The case is closed.")},
    )
    @action(detail=True, methods=["post"])
    def assign(self, request: Request, pk: Any = None) -> Response:
        case = selectors.case_get(request.user, pk)
        services.case_assign(user=request.user, case_id=case.pk)
        return Response(case_detail(selectors.case_get(request.user, pk), request))

    @extend_schema(
        request=DecisionSerializer,
        responses={
            200: CaseDetailSerializer,
            409: error_response(
                "The application is not under review (already decided), or screening hits "
                "are still pending."
            ),
        },
    )
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, pk: Any = None) -> Response:
        case = selectors.case_get(request.user, pk)
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        services.case_decide(
            user=request.user,
            case_id=case.pk,
            decision=data["decision"],
            reasons=data.get("message") or data.get("reasons") or "",
            valid_until=data.get("valid_until"),
            conditions=data.get("conditions") or "",
        )
        return Response(case_detail(selectors.case_get(request.user, pk), request))


HIT_SETTLED = error_response("The hit has already been decided, or its application is decided.")


class HitDispositionView(OfficersOnly, APIView):
    @extend_schema(
        request=DispositionSerializer,
        responses={200: ReviewHitSerializer, 409: HIT_SETTLED},
    )
    def post(self, request: Request, pk: int) -> Response:
        serializer = DispositionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _visible_hit(pk)
        hit = screening_services.hit_disposition_set(
            user=request.user,
            hit_id=pk,
            disposition=serializer.validated_data["disposition"],
            reason=serializer.validated_data["reason"],
        )
        return Response(hit_as_dict(_visible_hit(hit.pk)))


class HitCountersignView(OfficersOnly, APIView):
    @extend_schema(
        request=None,
        responses={
            200: ReviewHitSerializer,
            409: error_response(
                "No clearance awaits a countersignature on the hit, or its application is decided."
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        _visible_hit(pk)
        hit = screening_services.hit_countersign(user=request.user, hit_id=pk)
        return Response(hit_as_dict(_visible_hit(hit.pk)), status=status.HTTP_200_OK)


def _visible_hit(pk: int) -> ScreeningHit:
    hit = (
        ScreeningHit.objects.select_related(
            "party",
            "entry__version__screening_list",
            "decided_by",
            "countersigned_by",
            "cleared_before__cleared_by",
            "cleared_before__countersigned_by",
        )
        .filter(pk=pk)
        .first()
    )
    if hit is None:
        raise NotFound()
    return hit
