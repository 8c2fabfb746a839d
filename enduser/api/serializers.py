"""Shapes of list administration answers. enduser.selectors builds these bodies as dicts; the
serializers here describe them for the OpenAPI schema (tests check real answers against it)."""

from __future__ import annotations

from rest_framework import serializers

from enduser.models import RescreenJob
from screening.api.serializers import ListVersionSummarySerializer


class GainedHitSerializer(serializers.Serializer):
    party = serializers.CharField()
    entry = serializers.CharField()
    source_id = serializers.CharField()
    score = serializers.FloatField(min_value=0, max_value=1)
    alert = serializers.BooleanField()


class LostHitSerializer(serializers.Serializer):
    party = serializers.CharField()
    entry = serializers.CharField()
    source_id = serializers.CharField()
    note = serializers.CharField(help_text="why the hit was closed")


class RescreenImpactSerializer(serializers.Serializer):
    """What a re-screening changed for one application."""

    application_id = serializers.IntegerField()
    reference = serializers.CharField(allow_null=True)
    case_id = serializers.IntegerField(allow_null=True)
    queue = serializers.CharField(allow_null=True, help_text="code of the case's queue")
    status = serializers.CharField(help_text="the application's status")
    review_flag = serializers.BooleanField(help_text="a closed case was flagged for review")
    gained = GainedHitSerializer(many=True, help_text="hits the revision added")
    lost = LostHitSerializer(many=True, help_text="hits closed: entry removed or changed")


class RescreenJobSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RescreenJob.Status.choices)
    old_version = serializers.IntegerField(allow_null=True)
    new_version = serializers.IntegerField()
    entries_screened = serializers.IntegerField(min_value=0)
    parties_total = serializers.IntegerField(min_value=0)
    parties_done = serializers.IntegerField(min_value=0)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    impact = RescreenImpactSerializer(many=True)


class DiffCountsSerializer(serializers.Serializer):
    added = serializers.IntegerField(min_value=0)
    removed = serializers.IntegerField(min_value=0)
    changed = serializers.IntegerField(min_value=0)
    unchanged = serializers.IntegerField(min_value=0)


class DiffEntriesSerializer(serializers.Serializer):
    added = serializers.ListField(child=serializers.DictField())
    removed = serializers.ListField(child=serializers.DictField())
    changed = serializers.ListField(child=serializers.DictField())


class ListVersionSerializer(ListVersionSummarySerializer):
    """A list version with its diff from the version active when it was loaded."""

    list = serializers.CharField()
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="row problems the import tolerated"
    )
    loaded_by = serializers.CharField(allow_null=True)
    approved_by = serializers.CharField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    activated_by = serializers.CharField(allow_null=True)
    scheduled_for = serializers.DateField(allow_null=True)
    diff_base = serializers.IntegerField(allow_null=True, help_text="id of the version compared")
    diff = DiffCountsSerializer()
    rescreen_job = RescreenJobSerializer(allow_null=True)


class ListVersionDetailSerializer(ListVersionSerializer):
    diff_entries = DiffEntriesSerializer()
