from django.urls import path
from rest_framework.routers import DefaultRouter

from licensing.api.catalogue import ClassificationApproveView, ProductViewSet
from licensing.api.review import CaseViewSet, HitCountersignView, HitDispositionView, QueuesView
from licensing.api.views import ApplicationViewSet

router = DefaultRouter(trailing_slash=True)
router.register("applications", ApplicationViewSet, basename="application")
router.register("cases", CaseViewSet, basename="case")
router.register("products", ProductViewSet, basename="product")
urlpatterns = [
    path("queues/", QueuesView.as_view(), name="queues"),
    path("hits/<int:pk>/disposition/", HitDispositionView.as_view(), name="hit-disposition"),
    path("hits/<int:pk>/countersign/", HitCountersignView.as_view(), name="hit-countersign"),
    path(
        "classifications/<int:pk>/approve/",
        ClassificationApproveView.as_view(),
        name="classification-approve",
    ),
    *router.urls,
]
