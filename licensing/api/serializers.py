"""Shapes of applications in the API; parsing only, the rules live in licensing.services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from licensing.api.catalogue import ClassificationSerializer, classification_as_dict
from licensing.determination import SEVERITY
from licensing.models import (
    Decision,
    DocumentType,
    EndUseCategory,
    GoodsLine,
    LicenceApplication,
    Party,
    PartyRole,
    SupportingDocument,
)
from licensing.services import MAX_ID, MAX_VALUE_JPY
from screening.api.serializers import ScreeningSummarySerializer

OUTCOMES = list(SEVERITY)  # the determination's outcomes


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_VALUE_JPY})
class WholeYenField(serializers.CharField):
    """Parsed as text, so that licensing.services checks it with the line's other fields and every
    problem comes back at once; answered as the integer stored."""

    def to_representation(self, value: Any) -> int:  # type: ignore[override]
        return int(value)


@extend_schema_field({"type": "string", "format": "decimal"})
class QuantityField(serializers.CharField):
    """Parsed as text (licensing.services checks it); answered in plain notation, "100" and never
    "1E+2"."""

    def to_representation(self, value: Any) -> str:
        return format(Decimal(value).normalize(), "f")


class ProductRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    model_number = serializers.CharField(allow_blank=True)


class GoodsLineSerializer(serializers.ModelSerializer):
    control_code = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=40
    )
    hs_code = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=20
    )
    # Numbers are checked by the service so every line's errors come back at once.
    quantity = QuantityField(
        max_length=40,
        help_text="more than 0, at most 1,000,000,000, with at most three decimals "
        '(a number or a string such as "2.5")',
    )
    value_jpy = WholeYenField(
        max_length=40,
        help_text="whole yen, more than 0 and at most ¥10 trillion "
        '(a string of digits such as "1,200,000" is accepted too)',
    )
    product_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="a product of your catalogue: empty description, HS code and control code "
        "are filled from it and its current classification",
    )
    listed = serializers.BooleanField(
        source="is_listed", read_only=True, help_text="controlled under rows 1 to 15"
    )
    product = serializers.SerializerMethodField()
    classification = serializers.SerializerMethodField(
        help_text="the classification record the line was filled from, as it stands now"
    )
    classification_note = serializers.CharField(read_only=True)

    class Meta:
        model = GoodsLine
        fields = [
            "id",
            "description",
            "control_code",
            "hs_code",
            "quantity",
            "unit",
            "value_jpy",
            "product_id",
            "listed",
            "product",
            "classification",
            "classification_note",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "description": {"max_length": 500, "allow_blank": True, "required": False},
            "unit": {"allow_blank": True},
        }

    @extend_schema_field(ProductRefSerializer(allow_null=True))
    def get_product(self, instance: GoodsLine) -> dict[str, Any] | None:
        product = instance.product
        if product is None:
            return None
        return {"id": product.pk, "name": product.name, "model_number": product.model_number}

    @extend_schema_field(ClassificationSerializer(allow_null=True))
    def get_classification(self, instance: GoodsLine) -> dict[str, Any] | None:
        return classification_as_dict(instance.classification)


class PartySerializer(serializers.ModelSerializer):
    role = serializers.ChoiceField(choices=PartyRole.choices)
    country = serializers.CharField(max_length=10, source="country_id")

    class Meta:
        model = Party
        fields = ["id", "role", "name", "address", "country"]
        read_only_fields = ["id"]
        extra_kwargs = {
            "name": {"allow_blank": True},
            "address": {"required": False, "allow_blank": True},
        }


class DocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = SupportingDocument
        fields = [
            "id",
            "doc_type",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_at",
        ]


class DocumentUploadSerializer(serializers.Serializer):
    doc_type = serializers.ChoiceField(choices=DocumentType.choices)
    file = serializers.FileField()


class StatusEventSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    status_from = serializers.CharField(source="payload.from")
    status_to = serializers.CharField(source="payload.to")
    reason = serializers.CharField(source="payload.reason", default="")
    actor = serializers.CharField(source="actor.username", default=None, allow_null=True)


# The shapes below describe the dicts ApplicationSerializer's methods answer, for the schema.


class FiredRuleSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="the rule, e.g. C4")
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    text = serializers.CharField(help_text="in English, as recorded")
    facts = serializers.DictField(help_text="the facts the rule fired on")
    template = serializers.CharField(
        required=False,
        help_text="the text's template; absent from records made before templates were kept",
    )
    params = serializers.DictField(
        child=serializers.CharField(), required=False, help_text="the template's parameters"
    )


class DeterminationSummarySerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=OUTCOMES)
    rules = FiredRuleSerializer(many=True)
    evaluated_on = serializers.DateField(allow_null=True)


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    accepted_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    overdue = serializers.BooleanField()
    closed_at = serializers.DateTimeField(allow_null=True)


class DecisionSummarySerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Decision.Kind.choices)
    reasons = serializers.CharField(allow_blank=True)
    decided_at = serializers.DateTimeField()


class LicenceSerializer(serializers.Serializer):
    number = serializers.CharField()
    valid_from = serializers.DateField()
    valid_until = serializers.DateField()
    conditions = serializers.CharField(allow_blank=True)
    issued_at = serializers.DateTimeField()


class InformationRequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    message = serializers.CharField()
    asked_at = serializers.DateTimeField()
    answer = serializers.CharField(allow_blank=True)
    answered_at = serializers.DateTimeField(allow_null=True)


class ApplicationSerializer(serializers.ModelSerializer):
    destination_country = serializers.CharField(max_length=10, source="destination_country_id")
    end_use_category = serializers.ChoiceField(
        choices=EndUseCategory.choices, default=EndUseCategory.CIVIL
    )
    goods = GoodsLineSerializer(many=True)
    parties = PartySerializer(many=True)
    documents = DocumentSerializer(many=True, read_only=True)
    applicant = serializers.CharField(source="applicant.name", read_only=True)
    status_history = serializers.SerializerMethodField()
    screening = serializers.SerializerMethodField()
    determination = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    decision = serializers.SerializerMethodField()
    licence = serializers.SerializerMethodField()
    information_requests = serializers.SerializerMethodField()

    class Meta:
        model = LicenceApplication
        fields = [
            "id",
            "reference",
            "applicant",
            "status",
            "destination_country",
            "end_use",
            "end_use_category",
            "goods",
            "parties",
            "documents",
            "created_at",
            "submitted_at",
            "status_history",
            "screening",
            "determination",
            "case",
            "decision",
            "licence",
            "information_requests",
        ]
        read_only_fields = ["id", "reference", "applicant", "status", "created_at", "submitted_at"]

    @extend_schema_field(StatusEventSerializer(many=True))
    def get_status_history(self, obj: LicenceApplication) -> list[dict[str, Any]]:
        events = [e for e in obj.audit_events.all() if e.verb == "status_changed"]
        return StatusEventSerializer(events, many=True).data  # type: ignore[return-value]

    @extend_schema_field(ScreeningSummarySerializer(allow_null=True))
    def get_screening(self, obj: LicenceApplication) -> dict[str, Any] | None:
        from screening.selectors import screening_summary_for_application

        summary = screening_summary_for_application(obj)
        # through the declared serializer, so times are in the site's time zone like the others
        return None if summary is None else ScreeningSummarySerializer(summary).data

    def _case(self, obj: LicenceApplication) -> Any:
        return getattr(obj, "case", None)

    @extend_schema_field(DeterminationSummarySerializer(allow_null=True))
    def get_determination(self, obj: LicenceApplication) -> dict[str, Any] | None:
        case = self._case(obj)
        if case is None:
            return None
        return {
            "outcome": case.outcome,
            "rules": case.determination.get("rules", []),
            "evaluated_on": case.determination.get("evaluated_on"),
        }

    @extend_schema_field(CaseSummarySerializer(allow_null=True))
    def get_case(self, obj: LicenceApplication) -> dict[str, Any] | None:
        case = self._case(obj)
        if case is None:
            return None
        return CaseSummarySerializer(
            {
                "id": case.pk,
                "accepted_at": case.accepted_at,
                "due_at": case.due_at,
                "overdue": case.is_overdue,
                "closed_at": case.closed_at,
            }
        ).data

    @extend_schema_field(DecisionSummarySerializer(allow_null=True))
    def get_decision(self, obj: LicenceApplication) -> dict[str, Any] | None:
        case = self._case(obj)
        # decisions are prefetched with the application (selectors.application_detail_queryset)
        decided = (
            [d for d in case.decisions.all() if d.kind != "request_information"] if case else []
        )
        last = decided[-1] if decided else None
        if last is None:
            return None
        return DecisionSummarySerializer(
            {"decision": last.kind, "reasons": last.reasons, "decided_at": last.decided_at}
        ).data

    @extend_schema_field(LicenceSerializer(allow_null=True))
    def get_licence(self, obj: LicenceApplication) -> dict[str, Any] | None:
        licence = getattr(obj, "licence", None)
        if licence is None:
            return None
        return LicenceSerializer(
            {
                "number": licence.number,
                "valid_from": licence.valid_from,
                "valid_until": licence.valid_until,
                "conditions": licence.conditions,
                "issued_at": licence.issued_at,
            }
        ).data

    @extend_schema_field(InformationRequestSerializer(many=True))
    def get_information_requests(self, obj: LicenceApplication) -> list[dict[str, Any]]:
        case = self._case(obj)
        if case is None:
            return []
        return InformationRequestSerializer(
            [
                {
                    "id": r.pk,
                    "message": r.message,
                    "asked_at": r.asked_at,
                    "answer": r.answer,
                    "answered_at": r.answered_at,
                }
                for r in case.information_requests.all()
            ],
            many=True,
        ).data  # type: ignore[return-value]

    def to_service_input(self) -> dict[str, Any]:
        """Validated data in the shape licensing.services expects."""
        data = self.validated_data
        return {
            "destination_country": data["destination_country_id"],
            "end_use": data.get("end_use", ""),
            "end_use_category": data.get("end_use_category", EndUseCategory.CIVIL),
            "goods": [dict(g) for g in data.get("goods", [])],
            "parties": [
                {
                    **{k: v for k, v in p.items() if k != "country_id"},
                    "country": p.get("country_id"),
                }
                for p in data.get("parties", [])
            ],
        }


class ApplicationListSerializer(serializers.ModelSerializer):
    destination_country = serializers.CharField(source="destination_country_id")
    applicant = serializers.CharField(source="applicant.name")

    class Meta:
        model = LicenceApplication
        fields = [
            "id",
            "reference",
            "applicant",
            "status",
            "destination_country",
            "end_use_category",
            "created_at",
            "submitted_at",
        ]


class PreviewRuleSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()


class DeterminationPreviewSerializer(serializers.Serializer):
    """What selectors.determination_preview answers: the rules before screening."""

    outcome = serializers.ChoiceField(
        choices=OUTCOMES, allow_null=True, help_text="null while the destination is unknown"
    )
    destination_group = serializers.CharField(
        allow_null=True, help_text="the destination's country group (A to D)"
    )
    rules = PreviewRuleSerializer(many=True)
    notes = serializers.ListField(
        child=serializers.CharField(), help_text="what screening could still change"
    )


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True)
