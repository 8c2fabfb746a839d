"""Screening API: batch name checks and the list store."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from licensing.models import Role
from licensing.selectors import user_has_role
from screening import selectors, services
from screening.api.serializers import CheckResponseSerializer, ScreeningListSerializer

MAX_NAMES = 1000


class NameQuerySerializer(serializers.Serializer):
    id = serializers.CharField(required=False, allow_null=True, max_length=100)
    name = serializers.CharField(allow_blank=True, trim_whitespace=False, max_length=500)
    country = serializers.CharField(required=False, allow_null=True, allow_blank=True, max_length=2)
    kind = serializers.ChoiceField(choices=services.QUERY_KINDS, required=False, allow_null=True)


class CheckRequestSerializer(serializers.Serializer):
    names = NameQuerySerializer(many=True, allow_empty=False, max_length=MAX_NAMES)  # type: ignore[call-arg]
    lists = serializers.ListField(child=serializers.CharField(), required=False)


class ScreeningCheckView(APIView):
    """Screen up to 1,000 names against the active lists now."""

    @extend_schema(request=CheckRequestSerializer, responses=CheckResponseSerializer)
    def post(self, request: Request) -> Response:
        if not user_has_role(request.user, Role.OFFICER, Role.SENIOR_OFFICER, Role.EXPORTER):
            raise PermissionDenied("Only officers and exporters can screen names.")
        serializer = CheckRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = serializer.validated_data
        queries = [
            {
                **q,
                "id": q.get("id") if q.get("id") is not None else str(i),
                "country": (q.get("country") or "").upper() or None,
            }
            for i, q in enumerate(data["names"])
        ]
        results = services.names_screen(queries=queries, codes=data.get("lists") or None)
        return Response({"results": results})


class ListsView(APIView):
    """Lists and their versions, with the active one marked."""

    @extend_schema(responses=ScreeningListSerializer(many=True))
    def get(self, request: Request) -> Response:
        if not user_has_role(request.user, Role.OFFICER, Role.SENIOR_OFFICER, Role.LIST_ADMIN):
            raise PermissionDenied("Only officers and list administrators can see the list store.")
        body = []
        for sl in selectors.lists_with_versions():
            versions = list(sl.versions.all())
            active = next((v for v in versions if v.status == "active"), None)
            body.append(
                {
                    "code": sl.code,
                    "name": sl.name,
                    "publisher": sl.publisher,
                    "kind": sl.kind,
                    "enabled": sl.enabled,
                    "active_version": active.pk if active else None,
                    "versions": [
                        {
                            "id": v.pk,
                            "status": v.status,
                            "published_on": v.published_on,
                            "effective_from": v.effective_from,
                            "source_name": v.source_name,
                            "sha256": v.sha256,
                            "entry_count": v.entry_count,
                            "loaded_at": v.loaded_at,
                            "activated_at": v.activated_at,
                        }
                        for v in versions
                    ],
                }
            )
        return Response(body)
