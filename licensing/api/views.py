"""Exporter API for applications: thin views over licensing.services and licensing.selectors."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from licensing import selectors, services
from licensing.api.serializers import (
    AnswerSerializer,
    ApplicationListSerializer,
    ApplicationSerializer,
    DeterminationPreviewSerializer,
    DocumentSerializer,
    DocumentUploadSerializer,
)
from licensing.models import ApplicationStatus, LicenceApplication
from tradecontrol.api import error_response

NOT_EDITABLE = error_response("The application is no longer a draft (or awaiting information).")


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ApplicationStatus.choices)
    # iexact is not a lookup of a foreign key; it is one of the country's code (no join: the pk).
    destination_country = django_filters.CharFilter(
        field_name="destination_country__iso2", lookup_expr="iexact"
    )

    class Meta:
        model = LicenceApplication
        fields = ["status", "destination_country"]


@extend_schema_view(
    update=extend_schema(responses={200: ApplicationSerializer, 409: NOT_EDITABLE}),
    partial_update=extend_schema(
        description="Takes the whole application, as PUT does.",
        responses={200: ApplicationSerializer, 409: NOT_EDITABLE},
    ),
)
class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Licence applications of the caller's organisation (officers: every submitted one)."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    patch_takes_the_whole_object = True  # partial_update is update; for the schema

    def get_queryset(self) -> Any:
        if self.action == "retrieve":
            return selectors.application_detail_queryset(self.request.user)
        # Listing, and the actions that only check visibility before calling a service (which
        # locks and re-reads the row) and then answer with _detail: no prefetching.
        return selectors.applications_visible_to(self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "list":
            return ApplicationListSerializer
        if self.action == "documents":
            return DocumentUploadSerializer
        return ApplicationSerializer

    def _detail(self, pk: Any) -> Response:
        application = selectors.application_get(self.request.user, pk)
        return Response(
            ApplicationSerializer(application, context=self.get_serializer_context()).data
        )

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        application = services.application_create(
            user=request.user, data=serializer.to_service_input()
        )
        response = self._detail(application.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        application = self.get_object()  # 404 for applications the caller may not see
        serializer = ApplicationSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.application_update(
            user=request.user, application_id=application.pk, data=serializer.to_service_input()
        )
        return self._detail(application.pk)

    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.update(request, *args, **kwargs)

    @extend_schema(
        request=None,
        responses={
            200: ApplicationSerializer,
            400: error_response("The draft is not complete; errors name what is missing."),
            409: error_response("The application has already been submitted."),
        },
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        application = self.get_object()
        services.application_submit(user=request.user, application_id=application.pk)
        return self._detail(application.pk)

    @extend_schema(request=ApplicationSerializer, responses=DeterminationPreviewSerializer)
    @action(detail=False, methods=["post"])
    def preview(self, request: Request) -> Response:
        """What the determination rules say about a draft before it is screened (nothing is saved)."""
        data = request.data if isinstance(request.data, dict) else {}
        return Response(selectors.determination_preview(data, timezone.localdate()))

    @extend_schema(
        request=AnswerSerializer,
        responses={
            200: ApplicationSerializer,
            409: error_response("No information has been requested on the application."),
        },
    )
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: Any = None) -> Response:
        """The exporter answers an officer's request for information."""
        application = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.information_answer(
            user=request.user,
            application_id=application.pk,
            answer=serializer.validated_data["answer"],
        )
        return self._detail(application.pk)

    @extend_schema(
        request=DocumentUploadSerializer,
        responses={
            201: DocumentSerializer,
            409: error_response(
                "Documents can be added to a draft or when information is requested."
            ),
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def documents(self, request: Request, pk: Any = None) -> Response:
        application = self.get_object()
        serializer = DocumentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        document = services.document_add(
            user=request.user,
            application_id=application.pk,
            doc_type=serializer.validated_data["doc_type"],
            upload=serializer.validated_data["file"],
        )
        return Response(DocumentSerializer(document).data, status=status.HTTP_201_CREATED)
