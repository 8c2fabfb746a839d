"""List administration API: upload a revision, see its diff, approve and activate, roll back."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from enduser import selectors, services
from enduser.api.serializers import (
    ListVersionDetailSerializer,
    ListVersionSerializer,
    RescreenJobSerializer,
)
from licensing.models import Role
from licensing.selectors import user_has_role
from tradecontrol.api import error_response

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ListAdminsOnly:
    not_found_for_other_roles = True  # for the schema (tradecontrol.api.AutoSchema)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if not user_has_role(request.user, Role.LIST_ADMIN):
            raise NotFound()


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    published_on = serializers.DateField(required=False, allow_null=True)
    effective_from = serializers.DateField(required=False, allow_null=True)
    confirm_shrink = serializers.BooleanField(required=False, default=False)


class VersionUploadView(ListAdminsOnly, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=UploadSerializer, responses={201: ListVersionSerializer})
    def post(self, request: Request, code: str) -> Response:
        serializer = UploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise serializers.ValidationError(
                {"file": [f"The file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."]}
            )
        version = services.list_revision_upload(
            user=request.user,
            code=code,
            filename=upload.name or "upload",
            data=upload.read(),
            published_on=serializer.validated_data.get("published_on"),
            effective_from=serializer.validated_data.get("effective_from"),
            confirm_shrink=serializer.validated_data.get("confirm_shrink", False),
        )
        return Response(
            selectors.version_detail(version, include_entries=False), status=status.HTTP_201_CREATED
        )


class VersionDetailView(ListAdminsOnly, APIView):
    @extend_schema(responses=ListVersionDetailSerializer)
    def get(self, request: Request, code: str, pk: int) -> Response:
        return Response(
            selectors.version_detail(selectors.version_get(code, pk), include_entries=True)
        )


class VersionActivateView(ListAdminsOnly, APIView):
    """The first list administrator approves; a second one activates (at once or on the effective date)."""

    @extend_schema(
        request=None,
        responses={
            200: ListVersionSerializer,
            202: OpenApiResponse(
                ListVersionSerializer,
                description="Approved (the first administrator) or scheduled for its effective "
                "date, not active yet.",
            ),
            409: error_response("The version is not a draft."),
        },
    )
    def post(self, request: Request, code: str, pk: int) -> Response:
        version = selectors.version_get(code, pk)
        version = services.list_version_approve(user=request.user, version_id=version.pk)
        body = selectors.version_detail(version, include_entries=False)
        return Response(
            body,
            status=status.HTTP_200_OK if body["status"] == "active" else status.HTTP_202_ACCEPTED,
        )


class RollbackView(ListAdminsOnly, APIView):
    @extend_schema(
        request=None,
        responses={
            200: ListVersionSerializer,
            409: error_response("There is no earlier version to roll back to."),
        },
    )
    def post(self, request: Request, code: str) -> Response:
        version = services.list_version_rollback(user=request.user, code=code)
        return Response(selectors.version_detail(version, include_entries=False))


class RescreenJobView(APIView):
    @extend_schema(responses=RescreenJobSerializer)
    def get(self, request: Request, pk: int) -> Response:
        if not user_has_role(request.user, Role.LIST_ADMIN, Role.OFFICER, Role.SENIOR_OFFICER):
            raise NotFound()
        return Response(selectors.job_detail(selectors.job_get(pk)))
