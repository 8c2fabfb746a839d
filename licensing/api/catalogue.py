"""Product catalogue and classification (該非判定) API: thin views over licensing.services."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from licensing import selectors, services
from licensing.models import Classification, ClassificationBasis, ClassificationResult, Product
from tradecontrol.api import error_response


def classification_as_dict(c: Classification | None) -> dict[str, Any] | None:
    """A classification record as the API shows it (also behind each goods line)."""
    if c is None:
        return None
    return {
        "id": c.pk,
        "product_id": c.product_id,
        "result": c.result,
        "result_label": str(c.get_result_display()),
        "codes": sorted(e.code for e in c.control_entries.all()),
        "basis": c.basis,
        "basis_label": str(c.get_basis_display()),
        "notes": c.notes,
        "sheet": {
            "name": c.sheet_name,
            "content_type": c.sheet_content_type,
            "size": c.sheet_size,
            "sha256": c.sheet_sha256,
            "url": reverse("catalogue-sheet", kwargs={"pk": c.pk}),
        }
        if c.sheet
        else None,
        "decided_by": c.decided_by.username,
        "decided_at": c.decided_at,
        "approved": c.is_approved,
        "approved_by": c.approved_by.username if c.approved_by else None,
        "approved_at": c.approved_at,
        "control_list_as_of": c.control_list_as_of,
        "control_list_revision": c.control_list_revision,
        "needs_review": c.needs_review,
        "review_reason": c.review_reason,
        "current": c.superseded_by_id is None,
        "superseded_by": c.superseded_by_id,
    }


class ClassificationSheetSerializer(serializers.Serializer):
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField(allow_null=True, min_value=0)
    sha256 = serializers.CharField()
    url = serializers.CharField(help_text="where the sheet can be downloaded (a page, not the API)")


class ClassificationSerializer(serializers.Serializer):
    """A classification record, as classification_as_dict writes it (describes it for the schema)."""

    id = serializers.IntegerField()
    product_id = serializers.IntegerField()
    result = serializers.ChoiceField(choices=ClassificationResult.choices)
    result_label = serializers.CharField()
    codes = serializers.ListField(
        child=serializers.CharField(), help_text="rows and items of Appended Table 1"
    )
    basis = serializers.ChoiceField(choices=ClassificationBasis.choices)
    basis_label = serializers.CharField()
    notes = serializers.CharField(allow_blank=True)
    sheet = ClassificationSheetSerializer(allow_null=True)
    decided_by = serializers.CharField()
    decided_at = serializers.DateTimeField()
    approved = serializers.BooleanField()
    approved_by = serializers.CharField(allow_null=True)
    approved_at = serializers.DateTimeField(allow_null=True)
    control_list_as_of = serializers.DateField()
    control_list_revision = serializers.CharField()
    needs_review = serializers.BooleanField()
    review_reason = serializers.CharField(allow_blank=True)
    current = serializers.BooleanField(help_text="not superseded by a later record")
    superseded_by = serializers.IntegerField(allow_null=True)


class ProductSerializer(serializers.ModelSerializer):
    """Input is parsed loosely here; licensing.services checks it and names every problem."""

    organisation = serializers.CharField(source="organisation.name", read_only=True)
    name = serializers.CharField(max_length=400, allow_blank=True)
    model_number = serializers.CharField(max_length=400, required=False, allow_blank=True)
    manufacturer = serializers.CharField(max_length=400, required=False, allow_blank=True)
    hs_code = serializers.CharField(max_length=40, required=False, allow_blank=True)
    description = serializers.CharField(max_length=10000, required=False, allow_blank=True)
    current_classification = serializers.SerializerMethodField()

    class Meta:
        model = Product
        fields = [
            "id",
            "organisation",
            "name",
            "model_number",
            "manufacturer",
            "hs_code",
            "description",
            "created_at",
            "current_classification",
        ]
        read_only_fields = ["id", "organisation", "created_at"]

    @extend_schema_field(ClassificationSerializer(allow_null=True))
    def get_current_classification(self, obj: Product) -> dict[str, Any] | None:
        return classification_as_dict(selectors.current_classification(obj))


class ProductDetailSerializer(ProductSerializer):
    classifications = serializers.SerializerMethodField()

    class Meta(ProductSerializer.Meta):
        fields = [*ProductSerializer.Meta.fields, "classifications"]

    @extend_schema_field(ClassificationSerializer(many=True))
    def get_classifications(self, obj: Product) -> list[dict[str, Any] | None]:
        return [classification_as_dict(c) for c in selectors.product_classification_history(obj)]


class ClassificationInputSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=40, help_text="listed, not_listed_16_1, …")
    control_codes = serializers.ListField(
        child=serializers.CharField(max_length=40, allow_blank=True),
        required=False,
        default=list,
        help_text='rows and items of Appended Table 1 for a listed product, e.g. ["2(12)"]',
    )
    basis = serializers.CharField(max_length=40)
    notes = serializers.CharField(required=False, allow_blank=True, default="")
    sheet = serializers.FileField(required=False, allow_null=True)


class ProductViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """The caller's organisation's product catalogue (officers: every product)."""

    serializer_class = ProductSerializer
    http_method_names = ["get", "post", "put", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> Any:
        return selectors.products_with_current_classification(self.request.user)

    def get_serializer_class(self) -> Any:
        if self.action == "classifications":
            return ClassificationInputSerializer
        if self.action == "list":
            return ProductSerializer
        return ProductDetailSerializer

    def _detail(self, pk: Any, code: int = status.HTTP_200_OK) -> Response:
        product = selectors.product_get(self.request.user, pk)
        return Response(ProductDetailSerializer(product).data, status=code)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = ProductSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        product = services.product_create(user=request.user, data=serializer.validated_data)
        return self._detail(product.pk, status.HTTP_201_CREATED)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        product = self.get_object()  # 404 for products the caller may not see
        serializer = ProductSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.product_update(
            user=request.user, product_id=product.pk, data=serializer.validated_data
        )
        return self._detail(product.pk)

    @extend_schema(request=ClassificationInputSerializer, responses={201: ClassificationSerializer})
    @action(detail=True, methods=["post"])
    def classifications(self, request: Request, pk: Any = None) -> Response:
        """Records a classification of the product (multipart with an optional `sheet`)."""
        product = self.get_object()
        serializer = ClassificationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        classification = services.classification_record(
            user=request.user,
            product_id=product.pk,
            result=data["result"],
            basis=data["basis"],
            control_codes=data.get("control_codes") or [],
            notes=data.get("notes") or "",
            sheet=data.get("sheet"),
        )
        return Response(
            classification_as_dict(selectors.classification_get(request.user, classification.pk)),
            status=status.HTTP_201_CREATED,
        )


class ClassificationApproveView(APIView):
    @extend_schema(
        request=None,
        responses={
            200: ClassificationSerializer,
            409: error_response(
                "The classification is already approved, or is no longer the product's current one."
            ),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        """A different member of the product's organisation approves the classification."""
        classification = selectors.classification_get(request.user, pk)
        services.classification_approve(user=request.user, classification_id=classification.pk)
        return Response(classification_as_dict(selectors.classification_get(request.user, pk)))
