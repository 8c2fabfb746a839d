"""Shapes of applications in the API; parsing only, the rules live in licensing.services."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from licensing.api.catalogue import classification_as_dict
from licensing.models import (
    DocumentType,
    EndUseCategory,
    GoodsLine,
    LicenceApplication,
    Party,
    PartyRole,
    SupportingDocument,
)
from licensing.services import MAX_ID


class GoodsLineSerializer(serializers.ModelSerializer):
    control_code = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=40
    )
    hs_code = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, max_length=20
    )
    # Numbers are checked by the service so every line's errors come back at once.
    quantity = serializers.CharField(max_length=40)
    value_jpy = serializers.CharField(max_length=40)
    product_id = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="a product of your catalogue: empty description, HS code and control code "
        "are filled from it and its current classification",
    )

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
        ]
        read_only_fields = ["id"]
        extra_kwargs = {
            "description": {"max_length": 500, "allow_blank": True, "required": False},
            "unit": {"allow_blank": True},
        }

    def to_representation(self, instance: GoodsLine) -> dict[str, Any]:
        data = super().to_representation(instance)
        data["quantity"] = (
            str(instance.quantity.normalize()) if instance.quantity is not None else None
        )
        data["value_jpy"] = instance.value_jpy
        data["listed"] = instance.is_listed
        product = instance.product
        data["product"] = (
            {"id": product.pk, "name": product.name, "model_number": product.model_number}
            if product
            else None
        )
        # The classification record the line was filled from, as it stands now.
        data["classification"] = classification_as_dict(instance.classification)
        data["classification_note"] = instance.classification_note
        return data


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
    actor = serializers.CharField(source="actor.username", default=None)


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

    def get_status_history(self, obj: LicenceApplication) -> list[dict[str, Any]]:
        events = [e for e in obj.audit_events.all() if e.verb == "status_changed"]
        return StatusEventSerializer(events, many=True).data  # type: ignore[return-value]

    def get_screening(self, obj: LicenceApplication) -> dict[str, Any] | None:
        from screening.selectors import screening_summary_for_application

        return screening_summary_for_application(obj)

    def _case(self, obj: LicenceApplication) -> Any:
        return getattr(obj, "case", None)

    def get_determination(self, obj: LicenceApplication) -> dict[str, Any] | None:
        case = self._case(obj)
        if case is None:
            return None
        return {
            "outcome": case.outcome,
            "rules": case.determination.get("rules", []),
            "evaluated_on": case.determination.get("evaluated_on"),
        }

    def get_case(self, obj: LicenceApplication) -> dict[str, Any] | None:
        case = self._case(obj)
        if case is None:
            return None
        return {
            "id": case.pk,
            "accepted_at": case.accepted_at,
            "due_at": case.due_at,
            "overdue": case.is_overdue,
            "closed_at": case.closed_at,
        }

    def get_decision(self, obj: LicenceApplication) -> dict[str, Any] | None:
        case = self._case(obj)
        # decisions are prefetched with the application (selectors.application_detail_queryset)
        decided = (
            [d for d in case.decisions.all() if d.kind != "request_information"] if case else []
        )
        last = decided[-1] if decided else None
        if last is None:
            return None
        return {"decision": last.kind, "reasons": last.reasons, "decided_at": last.decided_at}

    def get_licence(self, obj: LicenceApplication) -> dict[str, Any] | None:
        licence = getattr(obj, "licence", None)
        if licence is None:
            return None
        return {
            "number": licence.number,
            "valid_from": licence.valid_from,
            "valid_until": licence.valid_until,
            "conditions": licence.conditions,
            "issued_at": licence.issued_at,
        }

    def get_information_requests(self, obj: LicenceApplication) -> list[dict[str, Any]]:
        case = self._case(obj)
        if case is None:
            return []
        return [
            {
                "id": r.pk,
                "message": r.message,
                "asked_at": r.asked_at,
                "answer": r.answer,
                "answered_at": r.answered_at,
            }
            for r in case.information_requests.all()
        ]

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


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True)
