from rest_framework.routers import DefaultRouter

from licensing.api.views import ApplicationViewSet

router = DefaultRouter(trailing_slash=True)
router.register("applications", ApplicationViewSet, basename="application")
urlpatterns = router.urls
