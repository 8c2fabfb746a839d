"""Shapes of screening answers in the API. The services build these bodies as dicts; the
serializers here describe them for the OpenAPI schema (tests check real answers against it)."""

from __future__ import annotations

from rest_framework import serializers

from screening.models import ListVersion, ScreeningHit, ScreeningList, ScreeningRun


class ScreeningHitSerializer(serializers.Serializer):
    """A hit as the exporter sees it in the application's screening summary."""

    id = serializers.IntegerField()
    party_id = serializers.IntegerField()
    party_name = serializers.CharField()
    list = serializers.CharField(help_text="code of the list, e.g. meti-eul")
    list_version = serializers.CharField(help_text="the version screened against, code@date#id")
    source_id = serializers.CharField(help_text="the entry's number in the published list")
    entry_name = serializers.CharField()
    matched_name = serializers.CharField(help_text="the entry name or alias that matched")
    score = serializers.FloatField(min_value=0, max_value=1)
    alert = serializers.BooleanField(help_text="at or above the alert threshold")
    disposition = serializers.ChoiceField(choices=ScreeningHit.Disposition.choices)
    explanation = serializers.DictField(help_text="how the names matched, with a summary")
    entry_attributes = serializers.DictField(help_text="the list's own fields of the entry")


class ScreeningProblemSerializer(serializers.Serializer):
    party_id = serializers.IntegerField(allow_null=True)
    party_name = serializers.CharField(allow_blank=True)
    problem = serializers.CharField()


class ScreeningSummarySerializer(serializers.Serializer):
    """The latest screening run of an application."""

    run_id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ScreeningRun.Status.choices)
    engine_version = serializers.CharField(allow_blank=True)
    alert_threshold = serializers.FloatField()
    list_versions = serializers.ListField(child=serializers.CharField())
    started_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    parties_screened = serializers.IntegerField(min_value=0)
    problems = ScreeningProblemSerializer(
        many=True, help_text="parties that could not be screened; never skipped silently"
    )
    alerts = serializers.IntegerField(min_value=0)
    hits = ScreeningHitSerializer(many=True)


class MatchSerializer(serializers.Serializer):
    list = serializers.CharField()
    source_id = serializers.CharField()
    entry_name = serializers.CharField()
    matched_name = serializers.CharField()
    score = serializers.FloatField(min_value=0, max_value=1)
    alert = serializers.BooleanField()
    band = serializers.ChoiceField(choices=["alert", "review", "below"])
    explanation = serializers.DictField()


class CheckResultSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="the query's id, or its position when it had none")
    error = serializers.CharField(
        required=False, help_text="only when the name could not be screened (e.g. empty)"
    )
    hits = MatchSerializer(many=True)


class CheckResponseSerializer(serializers.Serializer):
    results = CheckResultSerializer(many=True, help_text="one per name, in the order sent")


class ListVersionSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ListVersion.Status.choices)
    published_on = serializers.DateField(allow_null=True)
    effective_from = serializers.DateField(allow_null=True)
    source_name = serializers.CharField()
    sha256 = serializers.CharField()
    entry_count = serializers.IntegerField(min_value=0)
    loaded_at = serializers.DateTimeField()
    activated_at = serializers.DateTimeField(allow_null=True)


class ScreeningListSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    publisher = serializers.CharField()
    kind = serializers.ChoiceField(choices=ScreeningList.Kind.choices)
    enabled = serializers.BooleanField()
    active_version = serializers.IntegerField(
        allow_null=True, help_text="id of the active version among versions; null if none"
    )
    versions = ListVersionSummarySerializer(many=True)
